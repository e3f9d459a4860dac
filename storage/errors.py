"""Errors raised by the store, with a Chinese message and an English one.

Message approach: every error carries a stable ``code``, which is its key in the
message catalogues (``cases/locales/store.<lang>.json``, e.g. ``store.not_a_store``),
the ``path`` it concerns when there is one, and the values its message needs.
``str(err)`` is the Simplified Chinese message (the default language of tousu);
``err.message("en")`` gives English. A ``detail`` (which line, which table) is
either a :class:`Detail`, a catalogue key (``store.detail.<name>``) with its
values, made with :func:`detail`, or plain text that reads the same in every
language (an OS error, a field name).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from cases.i18n import tr


class Detail:
    """Which part of a store an error concerns, in the catalogue: ``key`` and ``values``.

    A value may itself be a :class:`Detail` (shown in the same language)."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, values: Mapping[str, object]) -> None:
        self.key = key
        self.values = dict(values)

    def text(self, lang: str = "zh") -> str:
        values = {k: v.text(lang) if isinstance(v, Detail) else v for k, v in self.values.items()}
        return tr(self.key, lang, **values)

    def __repr__(self) -> str:
        return f"Detail({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Detail) and (self.key, self.values) == (other.key, other.values)

    __hash__ = None  # type: ignore[assignment]  # mutable values


def detail(name: str, /, **values: object) -> Detail:
    """The detail ``store.detail.<name>`` with ``values``: ``detail("journal_line", line=3)``."""
    return Detail(f"store.detail.{name}", values)


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""

    code = "store.error"

    def __init__(self, path: Path | str | None = None, detail: Detail | str = "", **values: object) -> None:
        self.path = Path(path) if path is not None else None
        self.detail = detail
        self.values = values
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en"; anything starting with "en" is English)."""
        text = tr(self.code, lang, path=self.path if self.path is not None else "", **self.values)
        if self.detail:
            shown = self.detail.text(lang) if isinstance(self.detail, Detail) else self.detail
            text = tr("store.with_detail", lang, message=text, detail=shown)
        return text

    def __str__(self) -> str:
        return self.message("zh")


class NotAStoreError(StoreError):
    """The file exists but is not a tousu store (not JSON, foreign JSON, empty, a directory)."""

    code = "store.not_a_store"


class CorruptStoreError(StoreError):
    """A tousu store whose snapshot or journal is damaged; nothing is written to it."""

    code = "store.corrupt"


class SchemaTooNewError(StoreError):
    """The store was written by a newer tousu (a schema this version does not know)."""

    code = "store.schema_too_new"


class StoreBusyError(StoreError):
    """Another tousu process held the store lock for longer than the timeout."""

    code = "store.busy"


class WriteFailedError(StoreError):
    """Writing to disk failed (disk full, permissions); the change was not saved."""

    code = "store.write_failed"


class WriteUncertainError(StoreError):
    """Writing failed and could not be undone: the change may or may not be in the store."""

    code = "store.write_uncertain"


class ReadOnlyStoreError(StoreError):
    """This user may read the store but not write it (file or directory not writable)."""

    code = "store.read_only"


class QueryOnlyError(StoreError):
    """A write through a TinyDB opened for queries only (:func:`storage.query.open_tinydb`)."""

    code = "store.query_only"


class CaseNotFound(StoreError):
    code = "store.case_not_found"

    def __init__(self, case_id: str, path: Path | str | None = None) -> None:
        self.case_id = case_id
        super().__init__(path, case_id=case_id)


class CaseDeleted(CaseNotFound):
    """The case is deleted (hidden, restorable: ``Store.restore_case``); everything but a
    restore acts as if it were gone, so it is a :class:`CaseNotFound` that says more."""

    code = "store.case_deleted"

    def __init__(self, case_id: str, path: Path | str | None = None, *, by: str = "", at: str = "",
                 until: str = "") -> None:
        self.case_id = case_id
        self.by, self.at, self.until = by, at, until
        StoreError.__init__(self, path, case_id=case_id, by=by or "?", at=at, until=until)


class NotDeletedError(StoreError):
    """``Store.restore_case`` of a case that is not deleted."""

    code = "store.not_deleted"

    def __init__(self, case_id: str, path: Path | str | None = None) -> None:
        self.case_id = case_id
        super().__init__(path, case_id=case_id)


class GroupNotFound(StoreError):
    code = "store.group_not_found"

    def __init__(self, group_id: str, path: Path | str | None = None) -> None:
        self.group_id = group_id
        super().__init__(path, group_id=group_id)


class DuplicateIdError(StoreError):
    code = "store.duplicate_id"

    def __init__(self, item_id: str, path: Path | str | None = None) -> None:
        self.item_id = item_id
        super().__init__(path, item_id=item_id)


class InvalidIdError(StoreError):
    code = "store.invalid_id"

    def __init__(self, item_id: str, path: Path | str | None = None) -> None:
        self.item_id = item_id
        super().__init__(path, item_id=item_id)


class ConflictError(StoreError):
    """Someone else changed the same fields since the form was opened; nothing was written."""

    code = "store.conflict"

    def __init__(self, case_id: str, fields: list[str], path: Path | str | None = None) -> None:
        self.case_id = case_id
        self.fields = list(fields)  # field ids (``title``, ``notes``)
        super().__init__(path, case_id=case_id, names=", ".join(self.fields))

    def message(self, lang: str = "zh") -> str:
        """The fields in words in ``lang`` (标题、备注 / Title, Notes: cases.field_names)."""
        from cases.field_names import field_names

        self.values["names"] = field_names(self.fields, lang)
        return super().message(lang)


class DamagedDocumentError(StoreError):
    """One stored case (or group) document has wrong types or impossible values: edited
    by hand or written by another program. That item cannot be read or changed; the
    rest of the store works as usual. ``field`` names what is wrong (``orders``,
    ``timeline[2].at``); ``item_id`` is the id the document's place in the store gives."""

    code = "store.damaged_case"

    def __init__(self, item_id: str, path: Path | str | None = None, field: str = "") -> None:
        self.item_id = item_id
        self.field = field
        if item_id.startswith("G-"):
            self.code = "store.damaged_group"
        super().__init__(path, item_id=item_id, field=field or "?")


class ParticipantConflict(ConflictError):
    """Someone else changed the same fields of a participant since it was read; nothing was written."""

    code = "store.participant_conflict"

    def __init__(self, participant_id: str, fields: list[str], path: Path | str | None = None) -> None:
        self.participant_id = participant_id
        super().__init__(participant_id, fields, path)

    def message(self, lang: str = "zh") -> str:
        """The fields by their roster column names in ``lang`` (cases.roster_columns)."""
        from cases.roster_columns import column_names

        self.values["names"] = tr("cli.sep.list", lang).join(column_names(self.fields, lang))
        return StoreError.message(self, lang)


class ParticipantNotFound(StoreError):
    """No participant of the group has that id, order number or phone."""

    code = "store.participant_not_found"

    def __init__(self, group_id: str, selector: str, path: Path | str | None = None) -> None:
        self.group_id, self.selector = group_id, selector
        super().__init__(path, group_id=group_id, selector=selector)


class ParticipantAmbiguous(StoreError):
    """An order number or phone that several participants of the group share."""

    code = "store.participant_ambiguous"

    def __init__(self, group_id: str, selector: str, ids: list[str], path: Path | str | None = None) -> None:
        self.group_id, self.selector, self.ids = group_id, selector, list(ids)
        super().__init__(path, group_id=group_id, selector=selector, ids=", ".join(ids))


class NotAGroupCase(StoreError):
    """A case that has no roster (``tousu group create CASE`` makes it a group case)."""

    code = "store.not_group_case"

    def __init__(self, case_id: str, path: Path | str | None = None) -> None:
        self.case_id = case_id
        super().__init__(path, case_id=case_id)


class AlreadyGroupCase(StoreError):
    """``tousu group create`` on a case that already belongs to a group."""

    code = "store.already_group_case"

    def __init__(self, case_id: str, group_id: str, path: Path | str | None = None) -> None:
        self.case_id, self.group_id = case_id, group_id
        super().__init__(path, case_id=case_id, group_id=group_id)
