"""Keyring and network work off the UI thread: unlocking an encrypted keyring (Argon2
takes a moment), an SMTP login or send, a robot post. Each job runs once in a thread
worker of the node that asked; its result, or the message of the error it raised
(a store error, a keyring or credential refusal, a server's reason), comes back on the
UI thread. The app's busy mark counts it like store work (tui.store_work).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

from cases.i18n import CatalogueError, get_lang
from storage.errors import StoreError
from tui.store_work import BusyChanged


def run_outbound(node: DOMNode, job: Callable[[], Any], done: Callable[[Any], Any],
                 failed: Callable[[str], Any]) -> None:
    """``job()`` in a thread; then ``done(result)`` or ``failed(message)`` on the UI thread."""
    app = node.app
    app.post_message(BusyChanged(+1))

    def work() -> None:
        try:
            result = job()
        except (CatalogueError, StoreError) as exc:
            message = exc.message(get_lang())
            app.call_from_thread(failed, message)
        except OSError as exc:  # a file to attach went missing, a disk full …
            app.call_from_thread(failed, f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a bug: said, masked, never a traceback over the UI
            from cases.i18n import tr
            from cases.privacy import mask_text
            from cases.sanitize import clean_text

            app.call_from_thread(failed, tr("tui.outbound.internal",
                                            error=f"{type(exc).__name__}: {mask_text(clean_text(str(exc)))}"))
        else:
            app.call_from_thread(done, result)
        finally:
            app.post_message(BusyChanged(-1))

    node.run_worker(work, thread=True, group="outbound", exit_on_error=False)


def keyring_backend(node: DOMNode, done: Callable[[Any], Any], failed: Callable[[str], Any]) -> None:
    """The keyring (storage.keyring_choice), opened once per app: an encrypted file asks its
    passphrase in a dialog (TOUSU_KEYRING_PASSPHRASE spares it), then unlocks in a worker."""
    import os

    from storage.keyring_choice import CRYPTFILE, ENV_PASSPHRASE, chosen, open_backend

    app = node.app
    cached = getattr(app, "keyring_backend", None)
    if cached is not None:
        done(cached)
        return
    settings = getattr(app, "settings", None)
    choice_setting = getattr(settings, "keyring", "") or ""
    try:
        choice, _ = chosen(os.environ, choice_setting)
    except CatalogueError as exc:
        failed(exc.message(get_lang()))
        return

    def opened(backend: Any) -> None:
        app.keyring_backend = backend
        done(backend)

    def unlock(passphrase: str | None) -> None:
        run_outbound(node, lambda: open_backend(os.environ, choice_setting, (lambda new: passphrase)
                                                if passphrase else None), opened, failed)

    if choice == CRYPTFILE and not os.environ.get(ENV_PASSPHRASE):
        from tui.screens.ask import AskScreen

        from cases.i18n import tr
        from storage.keyring_choice import CRYPT_FILE
        from storage.paths import keyring_file_path

        path = keyring_file_path(CRYPT_FILE)
        new = not path.exists() or path.stat().st_size == 0
        heading = tr("tui.cred.passphrase_new" if new else "tui.cred.passphrase", path=str(path))

        def answered(value: str | None) -> None:
            if value:
                unlock(value)

        app.push_screen(AskScreen(heading, tr("tui.cred.field.passphrase"), password=True), answered)
        return
    unlock(None)
