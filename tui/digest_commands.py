"""The app's reminder digest command (``tousu notify``): read the digest, choose the group
robot, ask, then post it through the keyring's secret (tui.outbound_work).

A mixin of :class:`tui.app.TousuApp` (``self`` is the app).
"""

from __future__ import annotations

from typing import Any

from cases.i18n import tr


class DigestCommands:
    """Post the reminder digest to a group robot (mixed into TousuApp)."""

    def action_post_digest(self) -> None:
        """Post the reminder digest (``tousu notify``) to a group robot, after showing it."""
        from storage.outbound.reminders import make_digest
        from storage.vault import Vault

        now, lang = self.clock.now(), self.lang
        cutoff = now.shift(hours=24).timestamp()
        self.read(lambda store: (make_digest(store, now, lang, cutoff), Vault(store, None).references()[0]),
                  lambda found: self._digest_robot(*found))

    def _digest_robot(self, digest: Any, refs: list[Any]) -> None:
        from cases.credentials import ROBOT
        from tui.screens.pick import ChoiceScreen

        robots = [c for c in refs if c.kind == ROBOT]
        if digest.empty:
            self.notify(tr("tui.digest.nothing"))
            return
        if not robots:
            self.notify(tr("tui.digest.no_robot"), severity="warning", timeout=10)
            return
        from cases.credentials import CredentialError
        from storage.outbound.robots import pick_robot

        try:  # the only one, or the one the settings name (robot)
            self._digest_confirm(digest, pick_robot(robots, self.settings.effective("robot")[0], self.lang))
            return
        except CredentialError:
            pass
        options = [(f"{c.user}  {tr(f'tui.digest.service.{c.service}')}", c) for c in robots]
        self.push_screen(ChoiceScreen(tr("tui.digest.which_robot"), options),
                         lambda robot: robot is not None and self._digest_confirm(digest, robot))

    def _digest_confirm(self, digest: Any, robot_ref: Any) -> None:
        from storage.outbound import robots
        from storage.vault import Vault
        from tui.outbound_work import keyring_backend, run_outbound
        from tui.screens.closing import ConfirmScreen

        store, now = self.store, self.clock.now()

        def failed(reason: str) -> None:
            self.notify(reason, title=tr("tui.digest.failed", robot=robot_ref.user), severity="error", timeout=15)

        def opened(backend: Any) -> None:
            def job() -> None:
                secret = Vault(store, backend).secret(robot_ref, self.lang)
                robots.post(robots.parse_robot_secret(robot_ref.service, secret, self.lang), digest.title,
                            digest.text, now)

            run_outbound(self.screen, job, lambda _: self.notify(tr("tui.digest.posted", robot=robot_ref.user,
                                                                     overdue=digest.overdue, soon=digest.due_soon)),
                         failed)

        def answered(yes: bool | None) -> None:
            if yes:
                keyring_backend(self.screen, opened, failed)

        self.push_screen(ConfirmScreen(tr("tui.digest.ask", robot=robot_ref.user, text=digest.text)), answered)
