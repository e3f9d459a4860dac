"""One store, many volunteers: real processes under different user and group ids."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

from multiuser_helpers import ALICE, BOB, CAROL, NOW, READERS, VOLUNTEERS

COMPACT = """
import sys
from cases.clock import FixedClock
from storage.store import Store
store = Store.open(sys.argv[1], FixedClock("%s"))
store.compact()
store.close()
""" % NOW

FILES = ("tousu.json", "tousu.json.journal", "tousu.json.lock")


def _modes(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for name in FILES:
        st = os.stat(folder / name)
        out[name] = (stat.S_IMODE(st.st_mode), st.st_gid)
    return out


def _fingerprints(folder: Path) -> dict[str, tuple[int, int, int]]:
    out = {}
    for name in FILES:
        path = folder / name
        if path.exists():
            st = os.stat(path)
            out[name] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out


def _ids(result) -> list[str]:
    assert result.code == 0, result.err
    return [item["id"] for item in json.loads(result.out)]


def test_share_makes_a_group_folder_and_a_store_in_it(as_root, world):
    folder = world / "shared"
    done = as_root("share", str(folder), "--group", str(VOLUNTEERS))
    assert done.code == 0, done.err
    assert "export TOUSU_DB=" + str(folder / "tousu.json") in done.out
    st = os.stat(folder)
    assert stat.S_IMODE(st.st_mode) == 0o2770 and st.st_gid == VOLUNTEERS
    assert _modes(folder) == {name: (0o660, VOLUNTEERS) for name in FILES}
    # Again: only fixes modes and groups (here: a file someone made private).
    os.chmod(folder / "tousu.json", 0o600)
    assert as_root("share", str(folder), "--group", str(VOLUNTEERS)).code == 0
    assert _modes(folder)["tousu.json"] == (0o660, VOLUNTEERS)
    refused = as_root("share", str(folder), "--group", "no-such-group-xyz")
    assert refused.code == 2 and "no-such-group-xyz" in refused.err and refused.out == ""
    missing = as_root("share", str(world / "no" / "parent"), "--group", str(VOLUNTEERS))
    assert missing.code == 2 and str(world / "no") in missing.err


def test_volunteers_never_lock_each_other_out(as_root, as_user, world):
    folder = world / "shared"
    assert as_root("share", str(folder), "--group", str(VOLUNTEERS)).code == 0
    db = str(folder / "tousu.json")
    assert as_user(ALICE, "add", "--db", db, "--platform", "汇想卡盟", "--title", "充值未到账").out == "K-0001\n"
    assert as_user(BOB, "add", "--db", db, "--platform", "旺旺卡盟", "--title", "点卡无效").out == "K-0002\n"
    compacted = as_user(BOB, db, code=COMPACT)  # rewrites snapshot and journal as bob
    assert compacted.code == 0, compacted.err
    # Seen before: bob's compaction left the files bob's and 0600, and alice got "Permission denied".
    assert _modes(folder) == {name: (0o660, VOLUNTEERS) for name in FILES}
    assert _ids(as_user(ALICE, "list", "--db", db, "--json")) == ["K-0001", "K-0002"]
    assert as_user(ALICE, "add", "--db", db, "--platform", "汇想卡盟", "--title", "会员未开通").out == "K-0003\n"
    assert as_user(ALICE, db, code=COMPACT).code == 0
    assert _modes(folder) == {name: (0o660, VOLUNTEERS) for name in FILES}
    assert _ids(as_user(BOB, "list", "--db", db, "--json")) == ["K-0001", "K-0002", "K-0003"]
    # A new journal (removed by hand) is made like the snapshot, not private to its writer.
    os.unlink(folder / "tousu.json.journal")
    assert as_user(BOB, "add", "--db", db, "--platform", "x", "--title", "y").code == 0
    assert _modes(folder)["tousu.json.journal"] == (0o660, VOLUNTEERS)


def _reader_store(as_root, as_user, world) -> Path:
    """A store CAROL's group may read but not write (folder 2750, files 0640)."""
    folder = world / "readonly"
    assert as_root("share", str(folder), "--group", str(READERS)).code == 0
    db = str(folder / "tousu.json")
    assert as_root("add", "--db", db, "--platform", "汇想卡盟", "--title", "充值未到账",
                   "--channel", "platform-cs").code == 0
    os.chmod(folder, 0o2750)
    for name in FILES:
        os.chmod(folder / name, 0o640)
    return folder


def test_a_reader_lists_and_shows_and_is_refused_writes(as_root, as_user, world):
    folder = _reader_store(as_root, as_user, world)
    db = str(folder / "tousu.json")
    before = _fingerprints(folder)
    # Seen before: "Permission denied: ….lock" on list.
    assert _ids(as_user(CAROL, "list", "--db", db, "--json")) == ["K-0001"]
    shown = as_user(CAROL, "show", "K-0001", "--db", db)
    assert shown.code == 0 and "充值未到账" in shown.out
    refused = as_user(CAROL, "add", "--db", db, "--platform", "x", "--title", "y")
    assert refused.code == 2 and "只读" in refused.err and "carol" in refused.err
    english = as_user(CAROL, "log", "K-0001", "--db", db, "--channel", "12315", "--lang", "en")
    assert english.code == 2 and "read-only for you (carol)" in english.err
    assert _fingerprints(folder) == before  # nothing written, nothing created
    # Without a lock file (and no right to create one), reading still works.
    os.unlink(folder / "tousu.json.lock")
    assert _ids(as_user(CAROL, "list", "--db", db, "--json")) == ["K-0001"]
    assert not (folder / "tousu.json.lock").exists()


POLL = """
import sys
from cases.clock import FixedClock
from storage.store import Store
store = Store.open(sys.argv[1], FixedClock("%s"))
print(len(store.summaries()), flush=True)
sys.stdin.readline()
print(store.poll(), len(store.summaries()), store.writable, flush=True)
""" % NOW


def test_a_reader_catches_up_with_writers(as_root, as_user, world, system_python):
    """poll takes the lock: a reader takes it read-only."""
    folder = _reader_store(as_root, as_user, world)
    db = str(folder / "tousu.json")
    python, src = system_python
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(src), "USER": "carol", "HOME": str(world),
           "XDG_CACHE_HOME": str(world / "carol-cache"), "PYTHONDONTWRITEBYTECODE": "1"}
    reader = subprocess.Popen(
        ["setpriv", f"--reuid={CAROL.uid}", f"--regid={CAROL.gid}", f"--groups={READERS}", "--",
         str(python), "-c", POLL, db],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(world))
    try:
        assert reader.stdout.readline().strip() == "1"
        assert as_root("add", "--db", db, "--platform", "旺旺卡盟", "--title", "点卡无效").code == 0
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["True", "2", "False"]
        assert reader.wait(timeout=30) == 0, reader.stderr.read()
    finally:
        reader.kill()
        reader.wait()


DASHBOARD = """
import asyncio, sys
from textual.notifications import Notify
from cases.clock import FixedClock
from storage.store import Store
from tui.app import TousuApp

async def main():
    clock = FixedClock("%s")
    store = Store.open(sys.argv[1], clock)
    app = TousuApp(store, clock, lang="zh", tick_seconds=0)
    notes = []  # every notification, as the app posts it
    hook = lambda message: isinstance(message, Notify) and notes.append(str(message.notification.message))
    async with app.run_test(size=(120, 30), message_hook=hook) as pilot:
        await pilot.pause()
        print("TITLE", str(app.screen.query_one("#title-bar").render()))
        await pilot.press("a")
        await pilot.pause()
        print("SCREEN", type(app.screen).__name__)
        print("NOTE", notes[-1])

asyncio.run(main())
""" % NOW


def test_a_reader_opens_the_dashboard_read_only(as_root, as_user, world):
    folder = _reader_store(as_root, as_user, world)
    db = str(folder / "tousu.json")
    before = _fingerprints(folder)
    done = as_user(CAROL, db, code=DASHBOARD, timeout=120)
    assert done.code == 0, done.err
    lines = dict(line.split(" ", 1) for line in done.out.splitlines() if " " in line)
    assert "只读" in lines["TITLE"]
    assert lines["SCREEN"] == "DashboardScreen"  # no form opened for a case that could not be saved
    assert "只读" in lines["NOTE"]
    assert _fingerprints(folder) == before


def test_two_volunteers_with_different_schedule_files_never_rewrite_the_store(as_root, as_user, world):
    """Seen before: two users with different schedule files made every `list` (and idle
    dashboards) rewrite the whole store. A shared store has one calendar: its own."""
    folder = world / "shared"
    assert as_root("share", str(folder), "--group", str(VOLUNTEERS)).code == 0
    db = str(folder / "tousu.json")
    for user, day in ((ALICE, "2027-01-04"), (BOB, "2027-01-05")):
        config = world / f"home-{user.name}" / "config" / "tousu"
        assert as_user(user, "list", "--db", db).code == 0  # makes the home folder
        config.mkdir(parents=True)
        (config / "schedule.json").write_text(json.dumps({"years": {"2027": {"holidays": [day], "workdays": []}}}))
        os.chown(config / "schedule.json", user.uid, user.gid)
    assert as_user(ALICE, "add", "--db", db, "--platform", "汇想卡盟", "--title", "充值未到账",
                   "--channel", "platform-complaint", "--deadline", "30个工作日").code == 0  # into 2027
    before = _fingerprints(folder)
    for user in (ALICE, BOB, ALICE, BOB):
        listed = as_user(user, "list", "--db", db, "--json")
        assert listed.code == 0, listed.err
    assert _fingerprints(folder) == before  # reading never writes
    shown = as_user(BOB, "schedule", "show", "--db", db)
    assert shown.code == 0, shown.err
