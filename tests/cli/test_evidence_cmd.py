"""tousu evidence add / list / verify: copies beside the store, hashes, modes, refusals, letters."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import stat
import time
import tracemalloc
from pathlib import Path

import pytest
from cli_helpers import NOW, assert_one_line_error

from storage.evidence import CHUNK
from tests.raw_store import another_program


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _case(run, case_id: str = "K-0001", *, reveal: bool = True) -> dict:
    result = run("show", case_id, "--json", *(["--reveal"] if reveal else []))
    assert result.code == 0, result.err
    return result.json()


def _new_case(run, **options: str) -> str:
    args = ["add", "--platform", "汇想卡盟", "--title", "充值500元未到账"]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    result = run(*args)
    assert result.code == 0, result.err
    return result.out.strip()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Where the user's own files are (not the store's folder)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def evidence_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".evidence")


def _stored_files(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


# -- add ---------------------------------------------------------------------------------
def test_add_copies_the_file_and_records_it(run, inbox, evidence_dir):
    content = b"\x89PNG alipay statement 500 yuan"
    source = _file(inbox, "支付宝账单.png", content)
    _new_case(run)
    result = run("evidence", "add", "K-0001", str(source), "--kind", "payment", "--note", "支付宝账单，500元")
    digest = hashlib.sha256(content).hexdigest()
    assert result.code == 0, result.err
    assert result.out == f"K-0001：已添加证据 #1 支付宝账单.png（支付凭证，{len(content)} B，SHA-256 {digest[:12]}…）\n"
    (item,) = _case(run)["evidence"]
    assert item == {
        "kind": "transaction", "label": "支付宝账单，500元", "path": f"K-0001/{digest[:16]}-支付宝账单.png",
        "sha256": digest, "recorded_at": NOW, "size": len(content), "name": "支付宝账单.png", "subject": "payment",
    }
    stored = evidence_dir / item["path"]
    assert stored.read_bytes() == content
    assert _stored_files(evidence_dir / "K-0001") == [stored.name]  # no temporary left
    assert source.read_bytes() == content  # the original is left alone


def test_each_kind_ticks_its_part_of_the_checklist(run, inbox):
    _new_case(run)
    before = {c["kind"]: c for c in _case(run)["evidence_checklist"]}
    assert "平台交易流水截图或账单" in before["transaction"]["missing"]
    assert "other" not in before
    for kind, content in (("payment", b"pay"), ("promise", b"promise"), ("communication", b"chat"),
                          ("defect", b"failed"), ("other", b"id card")):
        assert run("evidence", "add", "1", str(_file(inbox, f"{kind}.png", content)), "--kind", kind).code == 0
    case = _case(run)
    assert [(e["subject"], e["kind"]) for e in case["evidence"]] == [
        ("payment", "transaction"), ("promise", "communication"), ("communication", "communication"),
        ("defect", "anomaly"), ("other", "other"),
    ]
    checks = {c["kind"]: c for c in case["evidence_checklist"]}
    assert list(checks) == ["transaction", "communication", "anomaly", "other"]
    assert checks["transaction"]["present"] == ["payment.png SHA-256 ✓"]
    assert "平台交易流水截图或账单" not in checks["transaction"]["missing"]
    assert {"promise.png SHA-256 ✓", "communication.png SHA-256 ✓"} <= set(checks["communication"]["present"])
    assert not any("聊天记录截图" in m for m in checks["communication"]["missing"])
    assert checks["anomaly"] == {"kind": "anomaly", "title": "商品异常证据", "present": ["defect.png SHA-256 ✓"],
                                 "missing": []}
    assert checks["other"] == {"kind": "other", "title": "其他材料", "present": ["other.png SHA-256 ✓"], "missing": []}


def test_several_files_are_one_change_of_the_case(run, inbox):
    _new_case(run)
    rev = _case(run)["rev"]
    files = [str(_file(inbox, f"聊天{i}.png", f"chat {i}".encode())) for i in range(3)]
    result = run("evidence", "add", "1", *files, "--kind", "communication")
    assert result.code == 0 and len(result.out.splitlines()) == 3
    case = _case(run)
    assert case["rev"] == rev + 1
    assert [e["name"] for e in case["evidence"]] == ["聊天0.png", "聊天1.png", "聊天2.png"]


def test_the_same_file_twice_is_attached_once(run, inbox, evidence_dir):
    _new_case(run)
    first = _file(inbox, "聊天记录.png", b"the same bytes")
    again = _file(inbox, "copy of 聊天记录.png", b"the same bytes")
    assert run("evidence", "add", "1", str(first), "--kind", "communication").code == 0
    rev = _case(run)["rev"]
    result = run("evidence", "add", "1", str(again), str(first), "--kind", "payment")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "K-0001：copy of 聊天记录.png 已在案件中（#1，SHA-256 相同），未重复添加",
        "K-0001：聊天记录.png 已在案件中（#1，SHA-256 相同），未重复添加",
    ]
    case = _case(run)
    assert len(case["evidence"]) == 1 and case["rev"] == rev  # nothing written
    assert len(_stored_files(evidence_dir / "K-0001")) == 1
    # Given twice in one command: one record.
    other = _file(inbox, "b.png", b"other bytes")
    result = run("evidence", "add", "1", str(other), str(other), "--kind", "payment")
    assert result.out.splitlines()[1] == "K-0001：b.png 已在案件中（#2，SHA-256 相同），未重复添加"
    assert len(_case(run)["evidence"]) == 2 and len(_stored_files(evidence_dir / "K-0001")) == 2


def test_the_same_file_on_two_cases_is_kept_for_each(run, inbox, evidence_dir):
    _new_case(run)
    _new_case(run)
    shot = _file(inbox, "shot.png", b"shared screenshot")
    assert run("evidence", "add", "1", str(shot), "--kind", "defect").code == 0
    assert run("evidence", "add", "2", str(shot), "--kind", "defect").code == 0
    assert len(_stored_files(evidence_dir / "K-0001")) == len(_stored_files(evidence_dir / "K-0002")) == 1


def test_a_file_name_is_cleaned_and_made_safe(run, inbox, evidence_dir):
    _new_case(run)
    source = _file(inbox, "..chat\x1b[31m\u202e:log?.png", b"chat")
    assert run("evidence", "add", "1", str(source), "--kind", "communication").code == 0
    (item,) = _case(run)["evidence"]
    assert item["name"] == "..chat[31m:log?.png"  # user text: no escape or bidi characters
    stored = item["path"].split("/", 1)[1]
    assert stored == f"{item['sha256'][:16]}-chat[31m_log_.png"
    assert (evidence_dir / item["path"]).is_file()


def test_a_large_file_is_hashed_while_streaming(run, inbox, evidence_dir):
    """50 MB: the digest is right and the command never holds more than a few MB."""
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "warm-up.txt", b"imports")), "--kind", "other").code == 0
    rng = random.Random(20260615)
    digest = hashlib.sha256()
    big = inbox / "录屏.mp4"
    with open(big, "wb") as out:
        for _ in range(50):
            block = rng.randbytes(1 << 20)
            digest.update(block)
            out.write(block)
    size = 50 << 20
    tracemalloc.start()
    try:
        result = run("evidence", "add", "1", str(big), "--kind", "defect")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.code == 0, result.err
    assert peak < 8 << 20, f"peak {peak / 2**20:.1f} MiB for a {size >> 20} MiB file"
    assert peak > CHUNK  # the measurement saw the copy buffer: it measures something
    item = _case(run)["evidence"][-1]
    assert (item["sha256"], item["size"]) == (digest.hexdigest(), size)
    stored = evidence_dir / item["path"]
    assert os.path.getsize(stored) == size
    assert run("evidence", "verify", "1").code == 0


# -- modes -----------------------------------------------------------------------------------
def test_a_personal_store_keeps_its_evidence_private(run, inbox, evidence_dir):
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment").code == 0
    (item,) = _case(run)["evidence"]
    assert _mode(evidence_dir) == _mode(evidence_dir / "K-0001") == 0o700
    assert _mode(evidence_dir / item["path"]) == 0o600


def _other_group() -> int:
    if os.geteuid() == 0:
        return 42100
    groups = [g for g in os.getgroups() if g != os.getgid()]
    if not groups:
        pytest.skip("needs root or membership of a second group")
    return groups[0]


def test_a_shared_store_gives_evidence_the_group(run, inbox, tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    group = _other_group()
    os.chown(folder, -1, group)
    os.chmod(folder, 0o2770)
    db = folder / "tousu.json"
    monkeypatch.setenv("TOUSU_DB", str(db))
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment").code == 0
    (item,) = _case(run)["evidence"]
    root = folder / "tousu.json.evidence"
    for path in (root, root / "K-0001"):
        assert (_mode(path), os.stat(path).st_gid) == (0o2770, group), path
    stored = root / item["path"]
    assert (_mode(stored), os.stat(stored).st_gid) == (0o660, group)
    assert (_mode(db), os.stat(db).st_gid) == (0o660, group)  # the rule the evidence follows


def test_evidence_follows_a_store_an_administrator_set_apart(run, inbox, store_path, evidence_dir):
    """perms_for(..., like=store): a snapshot made 0640 in a group gives its evidence the same."""
    _new_case(run)
    group = _other_group()
    os.chown(store_path, -1, group)
    os.chmod(store_path, 0o640)
    assert run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment").code == 0
    stored = evidence_dir / _case(run)["evidence"][0]["path"]
    assert (_mode(stored), os.stat(stored).st_gid) == (0o640, group)


# -- list ------------------------------------------------------------------------------------
def test_list_shows_the_files_masked_unless_revealed(run, inbox, evidence_dir):
    _new_case(run)
    assert run("evidence", "list", "1").out == "K-0001：还没有证据文件（用 tousu evidence add 添加）\n"
    source = _file(inbox, "13812345678聊天.png", b"chat")
    assert run("evidence", "add", "1", str(source), "--kind", "promise", "--note", "客服答应2小时内退款").code == 0
    listed = run("evidence", "list", "1")
    assert listed.code == 0
    assert "138****5678聊天.png" in listed.out and "13812345678" not in listed.out
    assert "客服承诺" in listed.out and "客服答应2小时内退款" in listed.out and "2026-06-15 10:00" in listed.out
    assert str(evidence_dir / "K-0001") in listed.out
    data = run("evidence", "list", "1", "--json").json()
    assert data["masked"] is True and data["case"] == "K-0001"
    (item,) = data["evidence"]
    assert item["name"] == "138****5678聊天.png" and item["subject"] == "promise" and item["kind"] == "communication"
    revealed = run("evidence", "list", "1", "--json", "--reveal").json()["evidence"][0]
    assert revealed["name"] == "13812345678聊天.png"
    assert Path(revealed["file"]).read_bytes() == b"chat"
    english = run("evidence", "list", "1", "--lang", "en").out
    assert "K-0001: 1 evidence files" in english and "agent's promise" in english


# -- verify ----------------------------------------------------------------------------------
def _two_cases_with_evidence(run, inbox) -> tuple[dict, dict]:
    _new_case(run)
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "账单.png", b"bill")), str(_file(inbox, "聊天.png", b"chat")),
               "--kind", "payment").code == 0
    assert run("evidence", "add", "2", str(_file(inbox, "失败.png", b"failed")), "--kind", "defect").code == 0
    return _case(run, "K-0001"), _case(run, "K-0002")


def test_verify_passes_when_every_copy_matches(run, inbox):
    _two_cases_with_evidence(run, inbox)
    result = run("evidence", "verify")
    assert (result.code, result.out) == (0, "已核对 3 个文件（2 个案件），全部与记录一致\n")
    assert run("evidence", "verify", "K-0002").out == "已核对 1 个文件（1 个案件），全部与记录一致\n"


def test_verify_names_a_changed_copy_and_exits_1(run, inbox, evidence_dir):
    first, _ = _two_cases_with_evidence(run, inbox)
    bill = first["evidence"][0]
    stored = evidence_dir / bill["path"]
    stored.write_bytes(b"BILL")  # same size: only the digest tells
    result = run("evidence", "verify")
    assert result.code == 1, result.out
    changed = hashlib.sha256(b"BILL").hexdigest()
    assert result.out.splitlines() == [
        f"K-0001 #1 已被改动：账单.png（{bill['path']}）：记录的 SHA-256 为 {bill['sha256'][:12]}…，现在是 {changed[:12]}…",
        "已核对 3 个文件（2 个案件）：2 个一致，1 个被改动、缺失或无法读取",
    ]
    assert run("evidence", "verify", "2").code == 0  # the other case is fine
    stored.write_bytes(b"bill, edited")
    assert "记录时 4 字节，现在 12 字节" in run("evidence", "verify", "1").out


def test_verify_names_a_missing_copy(run, inbox, evidence_dir):
    first, _ = _two_cases_with_evidence(run, inbox)
    chat = first["evidence"][1]
    os.unlink(evidence_dir / chat["path"])
    result = run("evidence", "verify", "1", "--lang", "en")
    assert result.code == 1
    assert result.out.splitlines()[0] == f"K-0001 #2 missing: 聊天.png ({chat['path']})"


def test_verify_reads_in_chunks_and_reports_a_file_turned_into_a_folder(run, inbox, evidence_dir):
    first, _ = _two_cases_with_evidence(run, inbox)
    path = evidence_dir / first["evidence"][0]["path"]
    os.unlink(path)
    path.mkdir()
    result = run("evidence", "verify", "1")
    assert result.code == 1 and "#1 无法读取：账单.png" in result.out


def test_adding_the_original_again_restores_a_damaged_copy(run, inbox, evidence_dir):
    _new_case(run)
    source = _file(inbox, "账单.png", b"bill")
    assert run("evidence", "add", "1", str(source), "--kind", "payment").code == 0
    stored = evidence_dir / _case(run)["evidence"][0]["path"]
    stored.write_bytes(b"tampered")
    result = run("evidence", "add", "1", str(source), "--kind", "payment")
    assert result.out == "K-0001：账单.png 已在案件中（#1）；存放的副本已被改动，已用这个文件恢复\n"
    assert stored.read_bytes() == b"bill" and run("evidence", "verify").code == 0
    os.unlink(stored)
    assert "副本缺失" in run("evidence", "add", "1", str(source), "--kind", "payment").out
    assert run("evidence", "verify").code == 0
    assert len(_case(run)["evidence"]) == 1 and _stored_files(evidence_dir / "K-0001") == [stored.name]


def test_verify_without_evidence(run):
    _new_case(run)
    assert (run("evidence", "verify").out, run("evidence", "verify").code) == ("没有可核对的证据文件\n", 0)


def test_verify_masks_names_unless_revealed(run, inbox, evidence_dir):
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "13812345678.png", b"x")), "--kind", "other").code == 0
    os.unlink(evidence_dir / _case(run)["evidence"][0]["path"])
    assert "13812345678" not in run("evidence", "verify").out
    assert "13812345678.png" in run("evidence", "verify", "--reveal").out


# -- older stores ------------------------------------------------------------------------------
def test_records_of_older_stores_are_listed_and_checked(run, cli_env, store_path):
    """Items written before size, name and subject existed (the demo, imports): read, listed, checked."""
    from cases.clock import FixedClock
    from cases.model import Case
    from storage.store import Store

    with Store.open(store_path, FixedClock(cli_env["TOUSU_NOW"])) as store:
        store.add_case(Case(title="旧案件", platform="汇想卡盟"))
        with another_program(store.path) as raw:  # the document as an older version wrote it
            doc = dict(raw.get("cases", "1"))
            doc["evidence"] = [
                {"kind": "transaction", "label": "支付宝账单截图", "path": "证据/K-0001/支付宝账单.png",
                 "sha256": "ab" * 32, "recorded_at": "2026-06-01T10:00:00+08:00"},
                {"kind": "communication", "label": "客服聊天记录", "path": "", "sha256": "", "recorded_at": ""},
            ]
            raw.put("cases", "1", doc)
    listed = run("evidence", "list", "1")
    assert listed.code == 0 and "支付宝账单截图" in listed.out and "交易凭证" in listed.out
    assert [(e["size"], e["name"], e["subject"]) for e in _case(run)["evidence"]] == [(0, "", "")] * 2
    result = run("evidence", "verify", "1")
    assert result.code == 1
    assert result.out.splitlines() == [
        "K-0001 #1 缺失：支付宝账单截图（证据/K-0001/支付宝账单.png）",
        "K-0001 #2 没有记录 SHA-256，无法核对：客服聊天记录",
        "已核对 1 个文件（1 个案件）：0 个一致，1 个被改动、缺失或无法读取",
    ]


# -- refusals ----------------------------------------------------------------------------------
def _nothing_written(run, evidence_dir: Path, rev: int) -> None:
    case = _case(run)
    assert case["evidence"] == [] and case["rev"] == rev
    leftovers = [p for p in evidence_dir.rglob("*") if p.is_file()] if evidence_dir.exists() else []
    assert leftovers == []


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "nowhere.png", "文件不存在：{path}"),
        (lambda d: d, "{path} 是文件夹，请给出其中的文件"),
        (lambda d: _file(d, "empty.png", b""), "{path} 是空文件（0 字节），不能作为证据"),
        (lambda d: (os.mkfifo(d / "pipe"), d / "pipe")[1], "{path} 不是普通文件"),
        (lambda d: _file(d, "a-file", b"x") / "below", "文件不存在：{path}"),
    ],
)
def test_a_bad_file_is_refused_before_anything_is_copied(run, inbox, evidence_dir, make, fragment):
    _new_case(run)
    rev = _case(run)["rev"]
    good = _file(inbox, "good.png", b"good")
    bad = make(inbox)
    result = run("evidence", "add", "1", str(good), str(bad), "--kind", "payment")
    assert_one_line_error(result, fragment.format(path=bad))
    assert result.out == ""
    _nothing_written(run, evidence_dir, rev)


def test_unknown_and_closed_cases_are_refused(run, inbox, evidence_dir, cli_env, store_path):
    from cases.clock import FixedClock
    from cases.model import Status
    from storage.store import Store

    source = str(_file(inbox, "a.png", b"a"))
    assert_one_line_error(run("evidence", "add", "K-0009", source, "--kind", "payment"), "K-0009")
    assert_one_line_error(run("evidence", "add", "abc", source, "--kind", "payment"))
    _new_case(run)
    with Store.open(store_path, FixedClock(cli_env["TOUSU_NOW"])) as store:
        store.update_case("K-0001", lambda c: setattr(c, "status", Status.RESOLVED))
    rev = _case(run)["rev"]
    result = run("evidence", "add", "1", source, "--kind", "payment")
    assert_one_line_error(result, "K-0001 已结案（已解决），不能再添加证据")
    _nothing_written(run, evidence_dir, rev)
    assert not (evidence_dir / "K-0001").exists()
    assert run("evidence", "list", "1").code == 0 and run("evidence", "verify", "1").code == 0


def test_a_read_only_store_is_refused_before_copying(run, inbox, evidence_dir):
    """(The real refusal, by file modes, is in tests/multiuser: root may write anything.)"""
    from storage.errors import ReadOnlyStoreError
    from storage.store import Store

    _new_case(run)
    rev = _case(run)["rev"]
    copied = []

    def refuse(self):
        raise ReadOnlyStoreError(self.path, user="carol", group="tousu-vol")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("storage.evidence.copy_in", lambda *a: copied.append(a))
        patch.setattr(Store, "require_writable", refuse)
        result = run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment")
    assert_one_line_error(result, "carol")
    assert copied == [] and not evidence_dir.exists()
    _nothing_written(run, evidence_dir, rev)


def _failing_journal_fsync(patch: pytest.MonkeyPatch, *, times: int) -> None:
    """The next ``times`` fsyncs of the journal fail with EIO (a disk error)."""
    from storage import fsutil

    real_fsync = os.fsync
    left = [times]

    def fsync(fd):
        if left[0] and os.readlink(f"/proc/self/fd/{fd}").endswith(".journal"):
            left[0] -= 1
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    patch.setattr(fsutil.os, "fsync", fsync)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names descriptors through /proc")
def test_copies_are_removed_when_the_case_cannot_be_saved(run, inbox, evidence_dir):
    """The journal's fsync fails (the line is cut back: not saved): no copy is left without its record."""
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "keep.png", b"keep")), "--kind", "payment").code == 0
    rev = _case(run)["rev"]
    files = [str(_file(inbox, f"new{i}.png", f"new {i}".encode())) for i in range(2)]
    with pytest.MonkeyPatch.context() as patch:
        _failing_journal_fsync(patch, times=1)
        result = run("evidence", "add", "1", *files, "--kind", "communication")
    assert_one_line_error(result, "未保存")
    case = _case(run)
    assert case["rev"] == rev and [e["name"] for e in case["evidence"]] == ["keep.png"]
    assert _stored_files(evidence_dir / "K-0001") == [case["evidence"][0]["path"].split("/")[1]]
    assert run("evidence", "add", "1", *files, "--kind", "communication").code == 0  # the retry
    assert len(_case(run)["evidence"]) == 3 and run("evidence", "verify").code == 0


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names descriptors through /proc")
def test_copies_stay_when_it_is_unknown_whether_the_case_was_saved(run, inbox, evidence_dir):
    """Cutting the line back failed too: the record may be there, so its copy must be."""
    _new_case(run)
    with pytest.MonkeyPatch.context() as patch:
        _failing_journal_fsync(patch, times=2)
        result = run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment")
    assert_one_line_error(result, "无法确认")
    (name,) = _stored_files(evidence_dir / "K-0001")
    assert name.endswith("-a.png")


def test_a_full_disk_while_copying_leaves_nothing(run, inbox, evidence_dir):
    from storage import evidence

    _new_case(run)
    rev = _case(run)["rev"]
    files = [str(_file(inbox, "a.png", b"a")), str(_file(inbox, "b.png", b"b"))]
    written = []

    def write_all(fd, data):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(bytes(data))
        os.write(fd, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evidence, "write_all", write_all)
        result = run("evidence", "add", "1", *files, "--kind", "payment")
    assert_one_line_error(result, f"无法把 {files[1]} 复制到", "No space left on device", "没有添加任何文件")
    assert written == [b"a"]  # the first was copied, then removed again
    _nothing_written(run, evidence_dir, rev)
    assert not (evidence_dir / "K-0001").exists()


def test_the_kinds_offered_are_the_domain_ones():
    from cases.evidence import SUBJECTS
    from tui.cli.constants import EVIDENCE_KINDS

    assert EVIDENCE_KINDS == tuple(SUBJECTS)


def test_a_crashed_copys_temporary_is_cleared_later(run, inbox, evidence_dir):
    _new_case(run)
    assert run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment").code == 0
    folder = evidence_dir / "K-0001"
    old, fresh = folder / ".incoming-1-deadbeef", folder / ".incoming-2-cafe0000"
    old.write_bytes(b"half a video")
    fresh.write_bytes(b"a copy in progress")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    assert run("evidence", "add", "1", str(_file(inbox, "b.png", b"b")), "--kind", "payment").code == 0
    assert not old.exists() and fresh.exists()


def test_the_evidence_folder_taken_by_a_file_is_one_line(run, inbox, evidence_dir):
    _new_case(run)
    evidence_dir.write_text("not a folder")
    result = run("evidence", "add", "1", str(_file(inbox, "a.png", b"a")), "--kind", "payment")
    assert_one_line_error(result, f"无法建立证据文件夹 {evidence_dir / 'K-0001'}")


def test_kind_is_required_and_checked(run, inbox):
    _new_case(run)
    source = str(_file(inbox, "a.png", b"a"))
    assert_one_line_error(run("evidence", "add", "1", source), "--kind")
    assert_one_line_error(run("evidence", "add", "1", source, "--kind", "photo"), "photo")
    assert_one_line_error(run("evidence"), "tousu evidence -h")


def test_help_in_both_languages(run):
    for command in ("add", "list", "verify"):
        result = run("evidence", command, "-h")
        assert result.code == 0 and "用法：tousu evidence " + command in result.out and "示例" in result.out
        assert "--db" in result.out
    assert "payment" in run("evidence", "add", "-h").out and "defect" in run("evidence", "add", "-h").out
    assert "examples:" in run("evidence", "add", "-h", "--lang", "en").out
    assert "evidence" in run("-h").out


# -- letters -------------------------------------------------------------------------------------
def test_the_letter_lists_the_evidence_with_the_time_it_was_recorded(run, inbox, cli_env, monkeypatch):
    _new_case(run, amount="500", order="HX2026061500001", paid_with="支付宝", channel="platform-cs")
    assert run("evidence", "add", "1", str(_file(inbox, "支付宝账单.png", b"bill")), "--kind", "payment",
               "--note", "支付宝账单截图").code == 0
    monkeypatch.setenv("TOUSU_NOW", "2026-06-16T09:30:00+08:00")
    assert run("evidence", "add", "1", str(_file(inbox, "13812345678录音.m4a", b"call")), "--kind", "promise").code == 0
    text = run("escalate", "1", "--to", "platform-complaint", "--force").out
    section = text[text.index("【证据清单】"):].split("\n\n")[0].splitlines()
    assert section[1:] == [
        "1. 支付宝账单截图（文件：支付宝账单.png，记录于2026年6月15日 10:00）",
        "2. 客服承诺记录（文件：138****5678录音.m4a，记录于2026年6月16日 09:30）",
    ]
    revealed = run("escalate", "1", "--to", "platform-complaint", "--force", "--reveal").out
    assert "13812345678录音.m4a" in revealed
    english = run("escalate", "1", "--to", "platform-complaint", "--force", "--letter-lang", "en").out
    assert "1. 支付宝账单截图 (file: 支付宝账单.png, recorded 2026-06-15 10:00)" in english
    assert "2. Record of the agent's promise (file: 138****5678录音.m4a, recorded 2026-06-16 09:30)" in english
