"""``tousu notify``: the digest to a 企业微信 or 钉钉 robot on a loopback HTTP server checking the
documented request (markdown message, key / access_token, 钉钉's timestamp and 加签 signature)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import sys

import arrow
import pytest
from keyring_helpers import memory_keyring  # noqa: F401  fixture
from loopback import free_port

SIGN_SECRET = "SEC0123456789abcdef0123456789abcdef"


def _robot(run, monkeypatch, service: str, name: str, secret: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(secret + "\n"))
    result = run("cred", "set", "robot", service, name)
    assert result.code == 0, result.err


@pytest.fixture
def demo(run):
    assert run("demo").code == 0


def test_dry_run_prints_the_digest_without_personal_data(run, demo):
    shown = run("notify", "--dry-run", "--due-within", "3天")
    assert shown.code == 0
    assert shown.out.startswith("### 投诉提醒：逾期")
    assert "K-00" in shown.out
    revealed = run("list", "--json", "--all", "--reveal").json()
    for item in revealed:
        full = run("show", item["id"], "--json", "--reveal").json()
        for value in full["complainant"].values():
            if value and len(value) >= 2:
                assert value not in shown.out, value
        assert full["title"] not in shown.out
    assert run("notify", "--dry-run", "--due-within", "tomorrowish").code == 2


def test_wecom_gets_the_documented_markdown_message(run, monkeypatch, demo, robots, memory_keyring, tmp_path):
    key = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
    _robot(run, monkeypatch, "wecom", "志愿者群", f"{robots.base}/cgi-bin/webhook/send?key={key}")
    expected = run("notify", "--dry-run").out.rstrip("\n")
    posted = run("notify")
    assert posted.code == 0, posted.err
    assert "已发到群机器人 志愿者群" in posted.out
    ((path, query, body),) = robots.requests
    assert path == "/cgi-bin/webhook/send" and query == {"key": [key]}
    assert body == {"msgtype": "markdown", "markdown": {"content": expected}}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), path


def test_dingtalk_posts_are_signed(run, monkeypatch, demo, robots, memory_keyring, cli_now):
    _robot(run, monkeypatch, "dingtalk", "值班", f"{robots.base}/robot/send?access_token=tok123\n{SIGN_SECRET}")
    posted = run("notify", "--robot", "值班")
    assert posted.code == 0, posted.err
    ((path, query, body),) = robots.requests
    assert path == "/robot/send" and query["access_token"] == ["tok123"]
    stamp = query["timestamp"][0]
    assert int(stamp) == int(arrow.get(cli_now).timestamp() * 1000)  # from the injected clock
    digest = hmac.new(SIGN_SECRET.encode(), f"{stamp}\n{SIGN_SECRET}".encode(), hashlib.sha256).digest()
    assert query["sign"] == [base64.b64encode(digest).decode()]
    assert body["msgtype"] == "markdown" and body["markdown"]["title"].startswith("投诉提醒")
    assert body["markdown"]["text"].startswith("### 投诉提醒")


def test_a_robots_error_code_is_reported_and_the_exit_status_is_4(run, monkeypatch, demo, robots, memory_keyring):
    _robot(run, monkeypatch, "dingtalk", "值班", f"{robots.base}/robot/send?access_token=tok123\n{SIGN_SECRET}")
    robots.reply = {"errcode": 310000, "errmsg": "sign not match"}
    failed = run("notify")
    assert failed.code == 4
    assert "310000" in failed.err and "sign not match" in failed.err and failed.err.startswith("tousu: ")
    tested = run("cred", "test")
    assert tested.code == 4 and "310000" in tested.out


def test_an_unreachable_robot_and_ambiguous_names(run, monkeypatch, demo, robots, memory_keyring):
    _robot(run, monkeypatch, "wecom", "a", f"http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key=k")
    failed = run("--lang", "en", "notify")
    assert failed.code == 4 and "cannot reach group robot" in failed.err
    _robot(run, monkeypatch, "wecom", "b", f"{robots.base}/cgi-bin/webhook/send?key=k")
    assert run("notify").code == 2  # two robots: which one?
    assert run("notify", "--robot", "wecom/b").code == 0
    monkeypatch.setenv("TOUSU_ROBOT", "b")  # the settings' robot: no --robot needed
    assert run("notify").code == 0
    monkeypatch.delenv("TOUSU_ROBOT")
    import os
    from pathlib import Path

    config = Path(os.environ["XDG_CONFIG_HOME"]) / "tousu" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('robot = "wecom/b"\n', encoding="utf-8")
    assert run("notify").code == 0 and run("notify", "--robot", "nobody").code == 2  # the flag wins
    ok = run("cred", "test", "robot", "wecom", "b")
    assert ok.code == 0 and "测试消息已发出" in ok.out
    assert robots.requests[-1][2]["markdown"]["content"].startswith("tousu 测试消息")


def test_nothing_due_posts_nothing(run, monkeypatch, robots, memory_keyring):
    _robot(run, monkeypatch, "wecom", "a", f"{robots.base}/cgi-bin/webhook/send?key=k")
    result = run("notify")
    assert result.code == 0 and "未发送" in result.out
    assert robots.requests == []


def test_a_long_digest_fits_a_robot_message_and_counts_the_rest(run):
    assert run("demo", "--cases", "400", "--force").code == 0
    due = run("list", "--json", "--due-within", "30天").json()
    shown = run("notify", "--dry-run", "--due-within", "30天").out
    assert len(shown.encode("utf-8")) <= 4096  # 企业微信's markdown limit
    listed = [line for line in shown.splitlines() if line.startswith("- K-")]
    more = shown.strip().splitlines()[-1]
    assert more.startswith("……另有 ")
    assert len(listed) + int(more.split("另有 ")[1].split(" ")[0]) == len(due)
    first_listed = listed[0].split("　")[0][2:]
    assert first_listed == due[0]["id"]  # the volunteer with the most urgent case comes first


def test_the_digest_lists_each_case_under_the_volunteer_it_is_assigned_to(run, demo):
    shown = run("notify", "--dry-run", "--due-within", "3天").out
    first = next(line for line in shown.splitlines() if line.startswith("- K-"))
    case_id = first[2:8]
    assert run("assign", case_id, "--to", "小王").code == 0
    lines = run("notify", "--dry-run", "--due-within", "3天").out.splitlines()
    head = lines.index("**小王**（1）")
    assert lines[head + 1].startswith(f"- {case_id}")
    assert any(line.startswith("**未分配**") for line in lines)
