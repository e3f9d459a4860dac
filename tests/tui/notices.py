"""The notifications an app gave, as the tests read them (never the app's private
collection): the ``make_app`` fixture wraps the app's public ``notify``, which every
screen's and widget's ``notify`` calls, and keeps each one, also after its toast has
gone (a test on a loaded machine does not race the toast's timeout)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    """One notification: its text, its title, its severity."""

    message: str
    title: str
    severity: str


class NoticeLog:
    """Stands in for an app's ``notify``: records the notification, then gives it to the
    app's own ``notify`` (which shows it)."""

    def __init__(self, notify) -> None:
        self._notify = notify
        self.notices: list[Notice] = []

    def __call__(self, message, *, title: str = "", severity: str = "information", **options) -> None:
        self.notices.append(Notice(str(message), str(title), severity))
        self._notify(message, title=title, severity=severity, **options)


def record_notices(app):
    """Record every notification ``app`` gives from now on; returns ``app``."""
    app.notify = NoticeLog(app.notify)
    return app


def notices(app) -> list[Notice]:
    """The notifications ``app`` gave since :func:`record_notices`, oldest first."""
    log = app.notify
    assert isinstance(log, NoticeLog), "record_notices(app) first (make_app does)"
    return list(log.notices)


def said(app) -> list[str]:
    """The text of each notification ``app`` gave, oldest first."""
    return [notice.message for notice in notices(app)]
