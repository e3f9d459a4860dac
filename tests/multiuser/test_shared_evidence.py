"""Evidence files on a shared store: the group's modes, other volunteers' copies, readers refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from multiuser_helpers import ALICE, BOB, CAROL, READERS, VOLUNTEERS


def _mode_group(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return stat.S_IMODE(st.st_mode), st.st_gid


def _inbox(world: Path, **files: bytes) -> Path:
    """A folder of files every user may read (the volunteers' own files)."""
    inbox = world / "inbox"
    inbox.mkdir(mode=0o755, exist_ok=True)
    os.chmod(inbox, 0o755)
    for name, content in files.items():
        (inbox / name).write_bytes(content)
        os.chmod(inbox / name, 0o644)
    return inbox


def _tree(folder: Path) -> list[tuple[object, ...]]:
    """Every path below ``folder`` with its mode, group, size and modification time."""
    out = []
    for path in folder.rglob("*"):
        st = os.stat(path)
        out.append((str(path.relative_to(folder)), stat.S_IMODE(st.st_mode), st.st_gid, st.st_size, st.st_mtime_ns))
    return sorted(out)


def test_volunteers_share_a_cases_evidence(as_root, as_user, world):
    folder = world / "shared"
    assert as_root("share", str(folder), "--group", str(VOLUNTEERS)).code == 0
    db = str(folder / "tousu.json")
    inbox = _inbox(world, **{"bill.png": b"alipay bill", "chat.png": b"chat log"})
    assert as_user(ALICE, "add", "--db", db, "--platform", "汇想卡盟", "--title", "充值未到账").out == "K-0001\n"
    added = as_user(ALICE, "evidence", "add", "K-0001", str(inbox / "bill.png"), "--kind", "payment", "--db", db)
    assert added.code == 0, added.err
    root = folder / "tousu.json.evidence"
    assert _mode_group(root) == _mode_group(root / "K-0001") == (0o2770, VOLUNTEERS)
    (stored,) = (root / "K-0001").iterdir()
    assert _mode_group(stored) == (0o660, VOLUNTEERS) and os.stat(stored).st_uid == ALICE.uid
    # Bob adds to alice's folder and checks alice's copy; alice checks bob's.
    added = as_user(BOB, "evidence", "add", "1", str(inbox / "chat.png"), "--kind", "communication", "--db", db)
    assert added.code == 0, added.err
    for user in (BOB, ALICE):
        checked = as_user(user, "evidence", "verify", "--db", db)
        assert (checked.code, checked.out) == (0, "已核对 2 个文件（1 个案件），全部与记录一致\n"), checked.err
    assert {_mode_group(p) for p in (root / "K-0001").iterdir()} == {(0o660, VOLUNTEERS)}


def test_a_file_the_volunteer_may_not_read_is_refused(as_root, as_user, world):
    folder = world / "shared"
    assert as_root("share", str(folder), "--group", str(VOLUNTEERS)).code == 0
    db = str(folder / "tousu.json")
    inbox = _inbox(world, **{"ok.png": b"readable"})
    private = inbox / "root-only.png"
    private.write_bytes(b"secret")
    os.chmod(private, 0o600)
    assert as_user(ALICE, "add", "--db", db, "--platform", "汇想卡盟", "--title", "充值未到账").code == 0
    refused = as_user(ALICE, "evidence", "add", "1", str(inbox / "ok.png"), str(private), "--kind", "payment",
                      "--db", db)
    assert refused.code == 2 and refused.out == ""
    assert refused.err == f"tousu: 错误：无法读取文件 {private}（没有读取权限）\n"
    assert not (folder / "tousu.json.evidence").exists()


def test_a_reader_verifies_evidence_and_may_not_add_any(as_root, as_user, world):
    folder = world / "readonly"
    assert as_root("share", str(folder), "--group", str(READERS)).code == 0
    db = str(folder / "tousu.json")
    inbox = _inbox(world, **{"bill.png": b"alipay bill", "more.png": b"more"})
    assert as_root("add", "--db", db, "--platform", "汇想卡盟", "--title", "充值未到账").code == 0
    assert as_root("evidence", "add", "1", str(inbox / "bill.png"), "--kind", "payment", "--db", db).code == 0
    for path in [folder, *folder.rglob("*")]:  # the group may read, not write
        os.chmod(path, 0o2750 if path.is_dir() else 0o640)
    before = _tree(folder)
    checked = as_user(CAROL, "evidence", "verify", "--db", db)
    assert (checked.code, checked.out) == (0, "已核对 1 个文件（1 个案件），全部与记录一致\n"), checked.err
    refused = as_user(CAROL, "evidence", "add", "1", str(inbox / "more.png"), "--kind", "payment", "--db", db)
    assert refused.code == 2 and "只读" in refused.err and "carol" in refused.err
    assert _tree(folder) == before  # nothing copied, no temporary, no folder
