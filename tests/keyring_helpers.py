"""A small in-memory keyring for tests, and the fixture that installs it and takes it away.

tests/conftest.py makes keyring's own choice its failing backend, so no test can reach the
developer's keyring; this one is set with ``keyring.set_keyring`` and removed after the test.
"""

from __future__ import annotations

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A system keyring stand-in: secrets in a dict, (service, user) → secret."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture
def memory_keyring():
    """A MemoryKeyring as the system keyring for this test (in this process only)."""
    import keyring
    from keyring.backends import fail

    from storage.keyring_choice import forget_unlocked

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    forget_unlocked()
    yield memory
    keyring.set_keyring(fail.Keyring())
    forget_unlocked()


@pytest.fixture
def no_keyring():
    """No system keyring at all (keyring's failing backend), file keyrings locked again."""
    import keyring
    from keyring.backends import fail

    from storage.keyring_choice import forget_unlocked

    keyring.set_keyring(fail.Keyring())
    forget_unlocked()
    yield
    forget_unlocked()
