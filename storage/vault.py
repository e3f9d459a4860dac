"""Credentials: references in the store, secrets in the keyring, kept in step.

The store's ``credentials`` table holds each reference (cases.credentials), shared
with everyone using the store; the secret goes only to the keyring chosen by
storage.keyring_choice, under the reference's keyring service and user name.
Setting writes the secret first and then the reference (a reference never
points at nothing it could have had); deleting removes the reference first and
then the secret. Keyring failures become :class:`KeyringError` with the
backend's reason, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.credentials import Credential, CredentialError, sort_key
from storage.keyring_choice import Backend, KeyringError

if TYPE_CHECKING:  # pragma: no cover
    from storage.store import Store


class Vault:
    def __init__(self, store: Store, backend: Backend | None) -> None:
        self.store = store
        self.backend = backend  # None: listing only (no keyring needed to list references)

    def references(self) -> tuple[list[Credential], list[str]]:
        """The references, sorted, and the keys of stored ones that are damaged."""
        found, damaged = [], []
        for key, doc in self.store.credential_docs().items():
            try:
                found.append(Credential.from_dict(doc))
            except CredentialError:
                damaged.append(key)
        return sorted(found, key=sort_key), damaged

    def find(self, kind: str, service: str, user: str) -> Credential | None:
        for cred in self.references()[0]:
            if (cred.kind, cred.service, cred.user) == (kind, service, user):
                return cred
        return None

    def get(self, ref: Credential, lang: str = "zh") -> Credential:
        """The stored reference for ``ref`` (kind, service, user); CredentialError if none."""
        found = self.find(ref.kind, ref.service, ref.user)
        if found is None:
            raise CredentialError("cred.not_found", lang, kind=ref.kind, service=ref.service, user=ref.user)
        return found

    def set(self, ref: Credential, secret: str, *, label: str, by: str, at: str) -> bool:
        """Keep ``secret`` in the keyring and the reference in the store; True when it replaced one."""
        self.store.require_writable()  # refused before the keyring is touched
        self._keyring_call("set_password", ref.keyring_service, ref.user, secret)
        previous = self.find(ref.kind, ref.service, ref.user)
        doc = Credential(ref.kind, ref.service, ref.user, label=label,
                         added_by=by, added_at=at, extra=ref.extra).to_dict()
        self.store.put_credential(ref.key, doc)
        return previous is not None

    def secret(self, ref: Credential, lang: str = "zh") -> str:
        """The secret of a stored reference; CredentialError when the keyring has none."""
        value = self._keyring_call("get_password", ref.keyring_service, ref.user)
        if not value:
            raise CredentialError("cred.secret_missing", lang, kind=ref.kind, service=ref.service,
                                  user=ref.user, backend=self.backend.name if self.backend else "")
        return str(value)

    def delete(self, ref: Credential, lang: str = "zh") -> Credential:
        """Remove the reference, then the secret (a secret already gone is no error)."""
        stored = self.get(ref, lang)
        self.store.require_writable()
        self.store.delete_credential(stored.key)
        from keyring.errors import PasswordDeleteError

        try:
            self._keyring_call("delete_password", stored.keyring_service, stored.user,
                               passthrough=(PasswordDeleteError,))
        except PasswordDeleteError:
            pass
        return stored

    def _file_lock(self):
        """A file keyring is read, changed and written whole by each process: two processes
        saving at once would lose one secret, so its calls hold a lock file beside it."""
        from contextlib import nullcontext

        if self.backend is None or not self.backend.where:
            return nullcontext()
        from filelock import FileLock

        return FileLock(self.backend.where + ".lock", timeout=30, mode=0o600)

    def _keyring_call(self, method: str, *args: str, passthrough: tuple[type[BaseException], ...] = ()) -> object:
        if self.backend is None:
            raise KeyringError("cred.keyring.none")
        from keyring.errors import KeyringError as BackendError

        try:
            with self._file_lock():
                return getattr(self.backend.keyring, method)(*args)
        except passthrough:
            raise
        except (BackendError, OSError, ValueError, RuntimeError) as exc:
            raise KeyringError("cred.keyring.failed", backend=self.backend.name,
                               reason=f"{type(exc).__name__}: {exc}") from None
