"""``tousu send``: a case's letter by e-mail through a real SMTP server on loopback; recorded
only when the server took it; every file tousu wrote searched for the secret."""

from __future__ import annotations

import base64
import email
import email.policy
import io
import sys
from pathlib import Path

import pytest
from keyring_helpers import memory_keyring  # noqa: F401  fixture
from loopback import PASSWORD, USER

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


@pytest.fixture
def case(run, tmp_path):
    added = run("add", "--platform", "汇想卡盟", "--title", "充值未到账 13812345678", "--amount", "128",
                "--channel", "platform-cs", "--submitted", "2026-06-10 10:00", "--set", "complainant.name=张三")
    assert added.code == 0, added.err
    shot = tmp_path / "支付宝账单.png"
    shot.write_bytes(b"\x89PNG receipt")
    assert run("evidence", "add", "K-0001", str(shot), "--kind", "payment").code == 0
    return "K-0001"


def assert_one_line_error(result, *fragments: str) -> None:
    """Exit status 2, the last line on stderr "tousu: …" with each fragment, no traceback."""
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    last = result.err.strip("\n").split("\n")[-1]
    assert last.startswith("tousu: "), last
    for fragment in fragments:
        assert fragment in last, (fragment, last)


def _mailbox(run, monkeypatch, port: int, secret: str = PASSWORD) -> None:
    _stdin(monkeypatch, secret + "\n")
    assert run("cred", "set", "smtp", f"127.0.0.1:{port}", USER).code == 0


def _filed(run, case_id):
    return run("show", case_id, "--json").json()


def test_send_records_only_what_the_server_accepted(run, monkeypatch, smtp, case, memory_keyring, cli_env, tmp_path):
    _mailbox(run, monkeypatch, smtp.port)
    before = run("show", case, "--json").json()

    missing = run("send", case, "--to", "platform-complaint", "--via", USER)
    assert missing.code == 3 and "entity.email" in missing.err  # asked, like a pre-flight question
    assert smtp.inbox.messages == []

    sent = run("send", case, "--to", "platform-complaint", "--via", USER, "--force", "--attach", "1",
               "--set", "entity.email=kefu@huixiang.example")
    assert sent.code == 0, sent.err
    assert "Message-ID" in sent.out and "TOUSU42" in sent.out
    (sender, rcpts, raw), = smtp.inbox.messages
    assert rcpts == ["kefu@huixiang.example"]
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body().get_content()
    assert "13812345678" not in body and "张三" not in body  # masked: nothing revealed was asked for
    assert [p.get_filename() for p in message.iter_attachments()] == ["支付宝账单.png"]

    after = run("show", case, "--json").json()
    (filed,) = after["filed"]
    assert filed["message_id"] == message["Message-ID"]
    assert filed["recipients"] == "kefu@huixiang.example" and filed["reply"].startswith("250")
    assert filed["channel"] == "platform-complaint" and filed["at"].startswith("2026-06-15T10:00")
    assert filed["text"].strip() == body.strip()
    assert len(after["timeline"]) == len(before["timeline"]) + 1
    assert after["timeline"][-1]["kind"] == "submitted"
    assert "电子邮件：收件人 kefu@huixiang.example" in run("show", case, "--filed").out

    # every file tousu wrote (store, journal, evidence copies, drafts, settings, caches): no secret
    encoded = base64.b64encode(PASSWORD.encode())
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "store.json" for p in files)
    for path in files:
        data = path.read_bytes()
        assert PASSWORD.encode() not in data and encoded not in data, path


def test_a_wrong_password_is_said_and_nothing_is_recorded(run, monkeypatch, smtp, case, memory_keyring):
    _mailbox(run, monkeypatch, smtp.port, secret="not-the-password")
    before = _filed(run, case)
    result = run("send", case, "--to", "platform-complaint", "--force", "--set", "entity.email=kefu@huixiang.example")
    assert result.code == 4
    lines = result.err.strip().splitlines()
    assert lines[-1].startswith("tousu: ") and "535" in lines[-1] and "没有记录" in lines[-1]
    after = _filed(run, case)
    assert after["filed"] == [] and len(after["timeline"]) == len(before["timeline"])
    assert smtp.inbox.messages == []


def test_a_refused_connection_and_a_dropped_line_record_nothing(run, monkeypatch, dropping, case, memory_keyring):
    from loopback import free_port

    _mailbox(run, monkeypatch, dropping.port)
    result = run("--lang", "en", "send", case, "--urge", "--set", "entity.email=kefu@huixiang.example")
    assert result.code == 4 and "dropped the connection" in result.err
    _stdin(monkeypatch, PASSWORD + "\n")
    assert run("cred", "delete", "smtp", f"127.0.0.1:{dropping.port}", USER).code == 0
    _mailbox(run, monkeypatch, free_port())
    result = run("--lang", "en", "send", case, "--urge")
    assert result.code == 4 and "refused the connection" in result.err
    assert _filed(run, case)["filed"] == []


def test_mailbox_and_attachment_mistakes_are_one_line(run, monkeypatch, smtp, case, memory_keyring):
    assert_one_line_error(run("send", case, "--to", "platform-complaint"), "没有发信邮箱")
    _mailbox(run, monkeypatch, smtp.port)
    run("send", case, "--urge", "--set", "entity.email=kefu@huixiang.example")
    assert_one_line_error(run("send", case, "--urge", "--via", "other@example.com"), "other@example.com")
    assert_one_line_error(run("send", case, "--urge", "--attach", "7"), "第 7 个证据")
    assert_one_line_error(run("send", case, "--urge", "--attach", "one"), "--attach")
    assert_one_line_error(run("send", case), "--urge")
    assert_one_line_error(run("send", case, "--urge", "--set", "entity.email=not-an-address"), "电子邮箱")


def test_cred_test_logs_in_to_the_mailbox(run, monkeypatch, smtp, memory_keyring):
    _mailbox(run, monkeypatch, smtp.port)
    ok = run("cred", "test", "smtp", f"127.0.0.1:{smtp.port}", USER)
    assert ok.code == 0 and "✓" in ok.out and "登录成功" in ok.out
    _mailbox(run, monkeypatch, smtp.port, secret="wrong")
    failed = run("cred", "test")
    assert failed.code == 4 and "✗" in failed.out and "535" in failed.out


def test_sent_but_refused_by_the_store_says_so(run, monkeypatch, smtp, case, memory_keyring):
    from storage.errors import WriteFailedError
    from storage.store import Store

    _mailbox(run, monkeypatch, smtp.port)
    assert run("send", case, "--urge", "--set", "entity.email=kefu@huixiang.example").code == 0

    def refuse(self, case_id, change):
        raise WriteFailedError(self.path, detail="disk full")

    monkeypatch.setattr(Store, "update_case", refuse)
    result = run("send", case, "--urge")
    assert_one_line_error(result, "邮件已发出", "tousu urge K-0001 --record")
    assert len(smtp.inbox.messages) == 2
