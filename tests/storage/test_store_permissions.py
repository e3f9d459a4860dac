"""Modes and groups kept, symlinked paths, failed fsyncs: what a shared store needs of its files."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from cases.model import Case
from storage import file_set, fsutil
from storage.errors import WriteFailedError, WriteUncertainError
from storage.store import Store

FILES = ("tousu.json", "tousu.json.journal", "tousu.json.lock")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_personal_store_is_private(store, store_path):
    store.add_case(Case(platform="汇想卡盟", title="充值未到账"))
    store.compact()
    for name in FILES:
        assert _mode(store_path.with_name(name)) == 0o600
    assert _mode(store_path.parent) == 0o700


def test_a_setgid_folder_makes_group_files(tmp_path, clock):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    with Store.open(folder / "tousu.json", clock) as s:
        s.add_case(Case(platform="汇想卡盟", title="充值未到账"))
    gid = os.stat(folder).st_gid
    for name in FILES:
        assert (_mode(folder / name), os.stat(folder / name).st_gid) == (0o660, gid), name


def test_rewrites_keep_the_mode_and_group_found(store, store_path):
    """Compaction replaces snapshot and journal: they keep what an administrator set."""
    store.add_case(Case(platform="汇想卡盟", title="充值未到账"))
    group = 42100 if os.geteuid() == 0 else (os.getgroups() or [os.getgid()])[-1]
    for name in ("tousu.json", "tousu.json.journal"):
        os.chown(store_path.with_name(name), -1, group)
        os.chmod(store_path.with_name(name), 0o640)
    store.add_case(Case(platform="旺旺卡盟", title="点卡无效"))
    store.compact()
    for name in ("tousu.json", "tousu.json.journal"):
        path = store_path.with_name(name)
        assert (_mode(path), os.stat(path).st_gid) == (0o640, group)
    os.unlink(store_path.with_name("tousu.json.journal"))  # a new journal takes the snapshot's
    store.add_case(Case(platform="x", title="y"))
    assert _mode(store_path.with_name("tousu.json.journal")) == 0o640


def test_personal_files_stay_private_whatever_they_were(tmp_path):
    """Settings, caches and drafts are the user's own: written 0600 even over a 0644 file."""
    path = tmp_path / "settings.json"
    path.write_text("{}")
    os.chmod(path, 0o644)
    fsutil.atomic_write(path, b"{}")
    assert _mode(path) == 0o600


def test_a_symlinked_path_is_the_same_store(tmp_path, clock):
    real = tmp_path / "real" / "tousu.json"
    link_dir = tmp_path / "elsewhere"
    link_dir.mkdir()
    link = link_dir / "tousu.json"
    with Store.open(real, clock) as s:
        s.add_case(Case(platform="汇想卡盟", title="充值未到账"))
    link.symlink_to(real)
    with Store.open(link, clock) as via_link:
        assert via_link.path == real
        via_link.add_case(Case(platform="旺旺卡盟", title="点卡无效"))
        via_link.compact()
    # Seen before: a second journal and lock beside the link, and compaction replaced the link.
    assert sorted(os.listdir(link_dir)) == ["tousu.json"] and link.is_symlink()
    with Store.open(real, clock) as s:
        assert [c.title for c in s.cases()] == ["充值未到账", "点卡无效"]


def _failing_fsync(monkeypatch, *, also_truncate: bool = False):
    """Inject EIO into the next fsync of the journal (and optionally into cutting it back)."""
    real_fsync, real_ftruncate = os.fsync, os.ftruncate
    state = {"armed": True}

    def fsync(fd):
        if state["armed"] and os.readlink(f"/proc/self/fd/{fd}").endswith(".journal"):
            state["armed"] = False
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    def ftruncate(fd, length):
        if also_truncate:
            raise OSError(errno.EIO, "Input/output error")
        return real_ftruncate(fd, length)

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    monkeypatch.setattr(fsutil.os, "ftruncate", ftruncate)
    return state


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names descriptors through /proc")
def test_a_failed_fsync_is_cut_back_so_not_saved_is_true(store, store_path, clock, monkeypatch):
    store.add_case(Case(platform="汇想卡盟", title="充值未到账"))
    size = os.stat(store_path.with_name("tousu.json.journal")).st_size
    _failing_fsync(monkeypatch)
    with pytest.raises(WriteFailedError) as failed:
        store.add_case(Case(platform="旺旺卡盟", title="点卡无效"))
    assert "未保存" in str(failed.value)
    monkeypatch.undo()
    # Seen before: "not saved", then the case was there, and the retry made a second one.
    assert os.stat(store_path.with_name("tousu.json.journal")).st_size == size
    with Store.open(store_path, clock) as other:
        assert [c.title for c in other.cases()] == ["充值未到账"]
    store.add_case(Case(platform="旺旺卡盟", title="点卡无效"))  # the retry
    assert [c.id for c in store.cases()] == ["K-0001", "K-0002"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names descriptors through /proc")
def test_an_append_that_cannot_be_cut_back_is_reported_unknown(store, monkeypatch):
    store.add_case(Case(platform="汇想卡盟", title="充值未到账"))
    _failing_fsync(monkeypatch, also_truncate=True)
    with pytest.raises(WriteUncertainError) as unknown:
        store.add_case(Case(platform="旺旺卡盟", title="点卡无效"))
    assert "无法确认" in str(unknown.value) and "whether this change was saved" in unknown.value.message("en")
    monkeypatch.undo()
    assert len(store.cases()) in (1, 2)  # either way the store still reads


def test_journal_storage_refuses_writes_it_may_not_make(store, monkeypatch):
    monkeypatch.setattr(file_set.os, "access", lambda path, mode: False)
    from storage.errors import ReadOnlyStoreError

    with pytest.raises(ReadOnlyStoreError):
        store.add_case(Case(platform="x", title="y"))
    assert not store.writable
