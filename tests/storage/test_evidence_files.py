"""storage.evidence: safe names, placing copies, streaming copies that clean up, checking copies."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from storage import evidence
from storage.evidence import Found, Problem, SourceError


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("支付宝账单.png", "支付宝账单.png"),
        ("../../etc/passwd", "_._etc_passwd"),
        ("..hidden", "hidden"),
        ("a\\b:c*d?e\"f<g>h|i.png", "a_b_c_d_e_f_g_h_i.png"),
        ("chat\x1b[2J\u202eevil.png", "chat[2Jevil.png"),
        ("  spaced   out  .png ", "spaced out.png"),
        ("trailing dots...", "trailing dots"),
        ("...", "file"),
        ("", "file"),
        ("e\u0301.txt", "\u00e9.txt"),  # NFC
    ],
)
def test_safe_name(given, safe):
    assert evidence.safe_name(given) == safe


def test_a_long_name_is_cut_by_bytes_and_keeps_its_extension():
    name = evidence.safe_name("录" * 100 + ".mp4")
    assert name.endswith(".mp4") and len(name.encode()) <= evidence.MAX_NAME_BYTES
    assert name == "录" * ((evidence.MAX_NAME_BYTES - 4) // 3) + ".mp4"  # whole characters only
    odd = evidence.safe_name("x" * 300 + ".this-is-no-extension-at-all")
    assert len(odd.encode()) == evidence.MAX_NAME_BYTES and "." not in odd


def test_is_own_copy():
    assert evidence.is_own_copy("K-0001/ab-a.png", "K-0001")
    for path in ("K-0002/ab-a.png", "证据/K-0001/a.png", "/home/me/a.png", "K-0001/../x", "K-0001"):
        assert not evidence.is_own_copy(path, "K-0001"), path


def test_placing_never_takes_a_name_in_use(tmp_path):
    folder = tmp_path / "K-0001"
    folder.mkdir()
    digest = "ab" * 32
    left_over = folder / f"{digest[:16]}-a.png"
    left_over.write_bytes(b"a copy a crash left")
    names = []
    for content in (b"one", b"two"):
        temp = folder / f".incoming-{content.decode()}"
        temp.write_bytes(content)
        names.append(evidence.place(evidence.Incoming(temp, digest, 3), folder, "a.png").name)
    assert names == [f"{digest[:16]}-2-a.png", f"{digest[:16]}-3-a.png"]
    assert left_over.read_bytes() == b"a copy a crash left"
    assert sorted(os.listdir(folder)) == sorted([left_over.name, *names])


def test_a_copy_that_cannot_be_written_leaves_nothing(tmp_path, monkeypatch):
    source = tmp_path / "video.mp4"
    source.write_bytes(os.urandom(3 * evidence.CHUNK + 5))
    folder = tmp_path / "K-0001"
    folder.mkdir()
    store = tmp_path / "tousu.json"
    store.write_text("{}")
    written = []

    def write_all(fd, data):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(len(data))
        os.write(fd, data)

    monkeypatch.setattr(evidence, "write_all", write_all)
    with pytest.raises(OSError) as failed:
        evidence.copy_in(source, folder, store)
    assert failed.value.errno == errno.ENOSPC and written == [evidence.CHUNK]
    assert os.listdir(folder) == []


def test_a_copy_is_hashed_in_chunks(tmp_path):
    content = os.urandom(2 * evidence.CHUNK + 123)
    source = tmp_path / "a.bin"
    source.write_bytes(content)
    folder = tmp_path / "K-0001"
    folder.mkdir()
    store = tmp_path / "tousu.json"
    store.write_text("{}")
    copied = evidence.copy_in(source, folder, store)
    assert (copied.sha256, copied.size) == (hashlib.sha256(content).hexdigest(), len(content))
    assert copied.temp.read_bytes() == content and copied.temp.parent == folder
    assert evidence.sha256_of(copied.temp) == (copied.sha256, copied.size)


def test_examine_says_why_a_file_cannot_be_added(tmp_path):
    (tmp_path / "empty").write_bytes(b"")
    os.mkfifo(tmp_path / "fifo")
    expected = {"nowhere": Problem.MISSING, ".": Problem.DIRECTORY, "empty": Problem.EMPTY,
                "fifo": Problem.NOT_REGULAR}
    for name, problem in expected.items():
        with pytest.raises(SourceError) as refused:
            evidence.examine(tmp_path / name)
        assert refused.value.problem is problem, name


def test_check_finds_each_state(tmp_path):
    root = tmp_path / "tousu.json.evidence"
    (root / "K-0001").mkdir(parents=True)
    good = root / "K-0001" / "a.png"
    good.write_bytes(b"good")
    digest = hashlib.sha256(b"good").hexdigest()
    assert evidence.check(root, "K-0001/a.png", digest, 4).found is Found.OK
    assert evidence.check(root, "K-0001/a.png", digest.upper()).found is Found.OK
    assert evidence.check(root, str(good), digest).found is Found.OK  # an absolute path of an older record
    assert evidence.check(root, "K-0001/a.png", "00" * 32).found is Found.CHANGED
    by_size = evidence.check(root, "K-0001/a.png", digest, 5)
    assert (by_size.found, by_size.size, by_size.sha256) == (Found.CHANGED, 4, "")
    assert evidence.check(root, "K-0001/b.png", digest).found is Found.MISSING
    assert evidence.check(root, "K-0001/a.png/x", digest).found is Found.MISSING
    assert evidence.check(root, "", digest).found is Found.MISSING
    assert evidence.check(root, "K-0001/a.png", "").found is Found.UNRECORDED
    os.mkfifo(root / "K-0001" / "fifo")
    assert evidence.check(root, "K-0001/fifo", digest).found is Found.UNREADABLE  # and it did not hang
    assert [f for f in Found if f.bad] == [Found.CHANGED, Found.MISSING, Found.UNREADABLE]


def test_a_folder_in_the_way_is_reported(tmp_path):
    store = tmp_path / "tousu.json"
    Path(str(store) + ".evidence").write_text("a file")
    with pytest.raises(NotADirectoryError):
        evidence.case_folder(store, "K-0001")
