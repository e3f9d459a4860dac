"""Which keyring holds tousu's secrets, and the refusal of one that would not protect them.

Measured on a server reached over SSH with no desktop: ``keyring`` alone raises
NoKeyringError; with keyrings.alt installed it silently picks PlaintextKeyring
(a base64 file), and with keyrings.cryptfile it picks an encrypted file that
prompts on the terminal by itself. tousu therefore chooses explicitly:

- ``system`` (the default): the desktop's keyring (Secret Service, KWallet, macOS
  Keychain, Windows Credential Locker). The file keyrings keyring would fall back
  to are not system keyrings: with none of those, tousu refuses and says how to
  choose another.
- ``cryptfile``: an encrypted file (keyrings.cryptfile: Argon2 and AES-GCM),
  ``~/.local/share/tousu/keyring.cfg`` (0600), unlocked by a passphrase asked once
  per process (``TOUSU_KEYRING_PASSPHRASE`` gives it to a cron job).
- ``pass``: the ``pass`` password store (keyrings.passwordstore, where installed).
- ``plaintext``: keyrings.alt's unencrypted file, ``keyring-plaintext.cfg`` (0600);
  only when chosen, never picked by itself.

The choice is ``TOUSU_KEYRING`` if set, else the user's settings
(``tousu cred backend NAME``), else ``system``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cases.i18n import CatalogueError

SYSTEM, CRYPTFILE, PASS, PLAINTEXT = "system", "cryptfile", "pass", "plaintext"
CHOICES = (SYSTEM, CRYPTFILE, PASS, PLAINTEXT)
ENV_KEYRING = "TOUSU_KEYRING"
ENV_PASSPHRASE = "TOUSU_KEYRING_PASSPHRASE"
CRYPT_FILE = "keyring.cfg"
PLAIN_FILE = "keyring-plaintext.cfg"
#: Modules of the file keyrings ``keyring`` falls back to: never taken for a system keyring.
_FILE_MODULES = ("keyrings.alt", "keyrings.cryptfile")
_NONE_CLASSES = ("keyring.backends.fail.Keyring", "keyring.backends.null.Keyring")


class KeyringError(CatalogueError):
    """No usable keyring: none on this system, a plaintext one not chosen, a wrong passphrase."""


@dataclass
class Backend:
    choice: str  # one of CHOICES
    keyring: Any  # a keyring.backend.KeyringBackend
    source: str  # "env", "settings" or "default": where the choice came from
    where: str = ""  # the file of a file keyring

    @property
    def name(self) -> str:
        """The backend's own name ("SecretService Keyring", "CryptFileKeyring" …)."""
        keyring = self.keyring
        if self.where:  # a file keyring tousu keeps: its class, as `tousu cred list` names it
            return type(keyring).__name__
        return str(getattr(keyring, "name", "") or type(keyring).__name__)


def chosen(env: Mapping[str, str], settings_choice: str = "") -> tuple[str, str]:
    """(the choice, where it came from); KeyringError for an unknown name."""
    for value, source in ((env.get(ENV_KEYRING, ""), "env"), (settings_choice, "settings")):
        value = (value or "").strip().lower()
        if value:
            if value not in CHOICES:
                raise KeyringError("cred.keyring.unknown", choice=value, choices=" | ".join(CHOICES))
            return value, source
    return SYSTEM, "default"


def _candidates() -> list[Any]:
    import keyring
    from keyring.backends import chainer

    found = keyring.get_keyring()
    return list(chainer.ChainerBackend.backends) if isinstance(found, chainer.ChainerBackend) else [found]


def _system_problem() -> str:
    """Why there is no system keyring: ``keyring`` would fall back to a plaintext file
    (refused unless chosen), or there is none at all."""
    for backend in _candidates():
        if type(backend).__name__ == "PlaintextKeyring":
            return "cred.keyring.plaintext_refused"
    return "cred.keyring.none"


def system_keyring() -> Any | None:
    """The desktop's keyring as ``keyring`` finds it, without the file keyrings it falls back
    to (None: there is none); PlaintextKeyring when that is all there is is None too."""
    for backend in _candidates():
        cls = type(backend)
        qualified = f"{cls.__module__}.{cls.__qualname__}"
        if qualified in _NONE_CLASSES or cls.__module__.startswith(_FILE_MODULES):
            continue
        return backend
    return None


def open_backend(env: Mapping[str, str], settings_choice: str = "",
                 ask_passphrase: Callable[[bool], str] | None = None) -> Backend:
    """The keyring to use (see the module docstring). ``ask_passphrase(new)`` asks for the
    encrypted file's passphrase (``new``: the file is created, so ask twice); without it and
    without ``TOUSU_KEYRING_PASSPHRASE`` a locked file is refused. One unlocked file keyring
    per process: the passphrase is asked once."""
    choice, source = chosen(env, settings_choice)
    if choice == SYSTEM:
        found = system_keyring()
        if found is None:
            raise KeyringError(_system_problem())
        return Backend(SYSTEM, found, source)
    if choice == PASS:
        try:
            from keyrings.passwordstore.backend import PasswordStoreBackend  # type: ignore[import-not-found]
        except ImportError:
            raise KeyringError("cred.keyring.pass_missing") from None
        return Backend(PASS, PasswordStoreBackend(), source)
    from storage.paths import keyring_file_path

    path = keyring_file_path(CRYPT_FILE if choice == CRYPTFILE else PLAIN_FILE)
    cached = _OPEN.get((choice, str(path)))
    if cached is not None:
        return Backend(choice, cached, source, str(path))
    _private_file(path)
    if choice == PLAINTEXT:
        from keyrings.alt.file import PlaintextKeyring

        keyring = PlaintextKeyring()
    else:
        keyring = _unlocked(path, env, ask_passphrase)
    keyring.file_path = str(path)
    _OPEN[(choice, str(path))] = keyring
    return Backend(choice, keyring, source, str(path))


_OPEN: dict[tuple[str, str], Any] = {}


def forget_unlocked() -> None:
    """Lock the file keyrings this process unlocked (tests; a changed passphrase)."""
    _OPEN.clear()


def _unlocked(path: Path, env: Mapping[str, str], ask: Callable[[bool], str] | None) -> Any:
    try:
        from keyrings.cryptfile.cryptfile import CryptFileKeyring
    except ImportError:  # pragma: no cover - a dependency of tousu
        raise KeyringError("cred.keyring.cryptfile_missing") from None
    keyring = CryptFileKeyring()
    keyring.file_path = str(path)
    new = path.stat().st_size == 0
    passphrase = env.get(ENV_PASSPHRASE, "")
    if not passphrase and ask is not None:
        passphrase = ask(new)
    if not passphrase or not passphrase.strip():
        raise KeyringError("cred.keyring.locked", path=str(path), env=ENV_PASSPHRASE)
    try:
        keyring.keyring_key = passphrase
    except ValueError:
        raise KeyringError("cred.keyring.wrong_passphrase", path=str(path)) from None
    return keyring


def _private_file(path: Path) -> None:
    """Create ``path`` empty, mode 0600 in a 0700 folder, if missing (the keyring writes it in place)."""
    from storage.fsutil import make_private_dirs

    make_private_dirs(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


@dataclass(frozen=True)
class Described:
    """What ``tousu cred list`` and the credentials screen say of the keyring, without
    unlocking it: the choice, where it came from, the backend's name and file, and
    the problem that stops its use (a catalogue key; "" when usable)."""

    choice: str
    source: str
    name: str
    where: str = ""
    problem: str = ""


def describe(env: Mapping[str, str], settings_choice: str = "") -> Described:
    try:
        choice, source = chosen(env, settings_choice)
    except KeyringError as exc:
        return Described("?", "env", "", problem=exc.key)
    if choice == SYSTEM:
        found = system_keyring()
        if found is None:
            return Described(SYSTEM, source, "", problem=_system_problem())
        return Described(SYSTEM, source, str(getattr(found, "name", "") or type(found).__name__))
    if choice == PASS:
        try:
            from keyrings.passwordstore.backend import PasswordStoreBackend  # type: ignore[import-not-found]
        except ImportError:
            return Described(PASS, source, "", problem="cred.keyring.pass_missing")
        return Described(PASS, source, PasswordStoreBackend.__name__)
    from storage.paths import keyring_file_path

    if choice == PLAINTEXT:
        return Described(PLAINTEXT, source, "PlaintextKeyring", str(keyring_file_path(PLAIN_FILE)))
    return Described(CRYPTFILE, source, "CryptFileKeyring", str(keyring_file_path(CRYPT_FILE)))
