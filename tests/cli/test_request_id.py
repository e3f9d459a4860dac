"""tousu add --request-id: a retried add returns the case the first one added; the id is out once committed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from cli_helpers import REPO, assert_one_line_error

from cases.clock import FixedClock
from storage.store import REQUESTS, Store
from tests.raw_store import on_disk


def _ids(run) -> list[str]:
    return [item["id"] for item in run("list", "--all", "--json").json()]


def test_a_retry_with_the_same_key_adds_nothing(run):
    first = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--request-id", "HX-import-0017")
    assert (first.code, first.out, first.err) == (0, "K-0001\n", "")
    again = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--request-id", "HX-import-0017")
    assert (again.code, again.out, again.err) == (0, "K-0001\n", "")
    spaced = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--request-id", "  HX-import-0017 ")
    assert spaced.out == "K-0001\n"  # spaces around a key are no part of it
    assert _ids(run) == ["K-0001"]
    other = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--request-id", "HX-import-0018")
    assert other.out == "K-0002\n"
    plain = run("add", "--platform", "汇想卡盟", "--title", "充值未到账")
    assert plain.out == "K-0003\n"  # without a key every add is a new case
    assert _ids(run) == ["K-0001", "K-0002", "K-0003"]


def test_a_retry_keeps_what_the_first_add_stored(run):
    run("add", "--platform", "汇想卡盟", "--title", "第一次", "--request-id", "k1")
    assert run("add", "--platform", "汇想卡盟", "--title", "第二次", "--request-id", "k1").out == "K-0001\n"
    assert run("show", "1", "--json").json()["title"] == "第一次"


def test_the_key_is_stored_with_the_case(run, cli_env):
    run("add", "--platform", "P", "--title", "T", "--request-id", "k-42")
    store = Store.open(cli_env["TOUSU_DB"], FixedClock(cli_env["TOUSU_NOW"]))
    try:
        assert on_disk(store.path, REQUESTS, "k-42") == {"case": "K-0001", "at": cli_env["TOUSU_NOW"]}
    finally:
        store.close()


def test_bad_keys_are_refused(run):
    for key, fragment in [("", "请求标识不能为空"), ("a b", "不能含空格"), ("x" * 129, "请求标识太长")]:
        assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--request-id", key),
                              "--request-id：", fragment)
    assert _ids(run) == []


def test_a_key_whose_case_was_deleted(run, cli_env):
    run("add", "--platform", "P", "--title", "T", "--request-id", "k1")
    store = Store.open(cli_env["TOUSU_DB"], FixedClock(cli_env["TOUSU_NOW"]))
    try:
        store.delete_case("K-0001", "tester")
    finally:
        store.close()
    result = run("add", "--platform", "P", "--title", "T", "--request-id", "k1")
    assert_one_line_error(result, "--request-id k1 已用于添加案件 K-0001，但该案件已被删除")
    assert _ids(run) == []


class _Stdout(io.StringIO):
    """Remembers what had been flushed: what a killed process would have shown."""

    flushed = ""

    def flush(self) -> None:
        super().flush()
        self.flushed = self.getvalue()


def test_the_id_is_flushed_once_committed_before_anything_else(cli_env, monkeypatch):
    from tui.cli import main

    out = _Stdout()
    monkeypatch.setattr(sys, "stdout", out)
    seen = {}
    close = Store.close

    def closing(store):
        seen["at close"] = out.flushed
        close(store)

    def killed() -> None:  # the process dies while saving the calendar cache, after the commit
        seen["at cache save"] = out.flushed
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "close", closing)
    monkeypatch.setattr("storage.calendar_cache.save_calendar_cache", killed)
    assert main(["add", "--platform", "P", "--title", "T"]) == 130
    assert seen == {"at close": "K-0001\n", "at cache save": "K-0001\n"}


# -- real processes -------------------------------------------------------------------
def _env(cli_env) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", ""), **cli_env}


ADD = [sys.executable, "-m", "tui.cli", "add", "--platform", "汇想卡盟", "--title", "充值未到账",
       "--request-id", "batch-7/row-12"]


def test_the_same_add_run_twice_in_real_processes(cli_env, run_proc):
    env = _env(cli_env)
    first = subprocess.run(ADD, cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           encoding="utf-8", timeout=60)
    second = subprocess.run(ADD, cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            encoding="utf-8", timeout=60)
    assert (first.returncode, first.stdout, first.stderr) == (0, "K-0001\n", "")
    assert (second.returncode, second.stdout, second.stderr) == (0, "K-0001\n", "")
    assert [item["id"] for item in json.loads(run_proc("list", "--all", "--json").out)] == ["K-0001"]


def test_the_same_add_run_twice_at_once(cli_env, run_proc):
    """Two processes racing with one key: the store's lock lets one add, the other finds its case."""
    env = _env(cli_env)
    procs = [subprocess.Popen(ADD, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, encoding="utf-8") for _ in range(2)]
    results = [(p.communicate(timeout=60), p.returncode) for p in procs]
    assert [(out, err, code) for (out, err), code in results] == [("K-0001\n", "", 0)] * 2
    assert [item["id"] for item in json.loads(run_proc("list", "--all", "--json").out)] == ["K-0001"]
