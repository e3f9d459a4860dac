"""By keyboard: m in the urge screen sends the text by e-mail through a real SMTP server on
loopback (the entity's address asked for, recorded only when accepted); N on the dashboard
posts the digest to a robot on a loopback HTTP server."""

from __future__ import annotations

import pytest
from keyring_helpers import MemoryKeyring, memory_keyring  # noqa: F401  fixture
from loopback import PASSWORD, USER, robot_endpoint, self_signed, smtp_server
from notices import said
from tui_helpers import settle, wait_for

from cases.credentials import reference
from storage.keyring_choice import Backend
from storage.vault import Vault
from tui.screens.escalate import EscalateScreen
from tui.widgets.case_list import CaseList

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
TITLE = "会员权益未开通"


@pytest.fixture
def smtp(tmp_path_factory, monkeypatch):
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server = smtp_server(cert, key)
    yield server
    server.stop()



async def _urge(app, pilot) -> EscalateScreen:
    await settle(pilot)
    lst = app.screen.query_one(CaseList)
    lst.cursor = [r.title for r in lst.rows].index(TITLE)
    await pilot.press("u")
    assert await wait_for(pilot, lambda: isinstance(app.screen, EscalateScreen))
    await settle(pilot)
    app.screen.query_one("#preview").focus()
    return app.screen


def _case(store):
    return next(c for c in store.cases() if c.title == TITLE)


async def test_m_sends_by_email_and_records_it(filled_store, make_app, smtp, memory_keyring: MemoryKeyring):
    from tui.screens.ask import AskScreen

    vault = Vault(filled_store, Backend("system", memory_keyring, "default"))
    vault.set(reference("smtp", f"127.0.0.1:{smtp.port}", USER), PASSWORD, label="", by="alice",
              at="2026-11-20T09:00:00+08:00")
    before = _case(filled_store)
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await _urge(app, pilot)
        text = screen.query_one("#preview").text
        await pilot.press("m")
        assert await wait_for(pilot, lambda: isinstance(app.screen, AskScreen))
        for ch in "kefu@vip.example":
            await pilot.press(ch)
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, EscalateScreen), timeout=20)
        await settle(pilot)
        assert any("TOUSU42" in n for n in said(app))
    (sender, rcpts, _raw), = smtp.inbox.messages
    assert rcpts == ["kefu@vip.example"]
    after = _case(filled_store)
    assert after.entity.email == "kefu@vip.example"
    (filed,) = [f for f in after.filed if f not in before.filed]
    assert filed.recipients == "kefu@vip.example" and "TOUSU42" in filed.reply and filed.message_id
    assert filed.text == text and filed.kind == "urged"
    assert len(after.timeline) == len(before.timeline) + 1
    from tui.case_view import detail_tail  # noqa: PLC0415 - the case detail's filed texts

    shown = detail_tail(after, "zh").plain
    assert f"收件人 kefu@vip.example　Message-ID {filed.message_id}" in shown


async def test_a_refused_login_is_shown_and_nothing_recorded(filled_store, make_app, smtp, memory_keyring):
    vault = Vault(filled_store, Backend("system", memory_keyring, "default"))
    vault.set(reference("smtp", f"127.0.0.1:{smtp.port}", USER), "wrong", label="", by="alice",
              at="2026-11-20T09:00:00+08:00")
    filled_store.update_case(_case(filled_store).id, lambda c: setattr(c.entity, "email", "kefu@vip.example"))
    before = _case(filled_store)
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await _urge(app, pilot)
        await pilot.press("m")
        assert await wait_for(pilot, lambda: any("535" in n for n in said(app)), timeout=20)
        await settle(pilot)
        assert isinstance(app.screen, EscalateScreen)  # still here, the text with it
    after = _case(filled_store)
    assert after.filed == before.filed and len(after.timeline) == len(before.timeline)
    assert smtp.inbox.messages == []


async def test_n_posts_the_digest_to_the_robot(filled_store, make_app, memory_keyring):
    from tui.screens.closing import ConfirmScreen

    robots = robot_endpoint()
    try:
        vault = Vault(filled_store, Backend("system", memory_keyring, "default"))
        vault.set(reference("robot", "wecom", "志愿者群"), f"{robots.base}/cgi-bin/webhook/send?key=k1",
                  label="", by="alice", at="2026-11-20T09:00:00+08:00")
        app = make_app(filled_store)
        async with app.run_test(size=(110, 40)) as pilot:
            await settle(pilot)
            await pilot.press("N")
            assert await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            assert await wait_for(pilot, lambda: bool(robots.requests), timeout=20)
            assert await wait_for(pilot, lambda: any("已发到群机器人 志愿者群" in n for n in said(app)))
        ((path, query, body),) = robots.requests
        assert query == {"key": ["k1"]} and body["markdown"]["content"].startswith("### 投诉提醒")
    finally:
        robots.stop()


async def test_ticked_evidence_goes_with_the_mail(filled_store, make_app, smtp, memory_keyring, tmp_path, monkeypatch):
    from tui.screens.pick import TickScreen

    vault = Vault(filled_store, Backend("system", memory_keyring, "default"))
    vault.set(reference("smtp", f"127.0.0.1:{smtp.port}", USER), PASSWORD, label="", by="alice",
              at="2026-11-20T09:00:00+08:00")
    case_id = _case(filled_store).id
    filled_store.update_case(case_id, lambda c: setattr(c.entity, "email", "kefu@vip.example"))
    for name in ("充值记录.png", "客服聊天.png"):
        (tmp_path / name).write_bytes(name.encode() * 10)
        monkeypatch.setenv("TOUSU_DB", str(filled_store.path))
        from tui.cli import main

        assert main(["evidence", "add", case_id, str(tmp_path / name), "--kind", "payment"]) == 0
    filled_store.poll()  # added by another Store, as another tousu would
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await _urge(app, pilot)
        await pilot.press("m")
        assert await wait_for(pilot, lambda: isinstance(app.screen, TickScreen))
        await pilot.press("down", "space")  # the second file only
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: bool(smtp.inbox.messages), timeout=20)
        await settle(pilot)
    import email
    import email.policy

    (_sender, _rcpts, raw), = smtp.inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert [p.get_filename() for p in message.iter_attachments()] == ["客服聊天.png"]
