"""Errors raised by the store, with a Chinese message and an English one.

Message approach: every error carries a stable ``code`` (shaped like an i18n
key, e.g. ``store.not_a_store``), the ``path`` it concerns when there is one,
and the values its message needs. ``str(err)`` is the Simplified Chinese
message (the default language of tousu); ``err.message("en")`` gives English.
The templates live here, next to the errors, so ``storage`` has no dependency
on the UI catalogues; a UI that prefers its own catalogue can look ``code`` up
and fall back to ``message(lang)``. A ``detail`` (which line, which table) is
written "English / 中文" and each language shows its half.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every error the store raises on purpose."""

    code = "store.error"
    zh = "数据文件出错：{path}"
    en = "store error: {path}"

    def __init__(self, path: Path | str | None = None, detail: str = "", **values: object) -> None:
        self.path = Path(path) if path is not None else None
        self.detail = detail
        self.values = values
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en"; anything starting with "en" is English)."""
        english = str(lang).lower().startswith("en")
        template = self.en if english else self.zh
        text = template.format(path=self.path if self.path is not None else "", **self.values)
        if self.detail:
            # A detail is "English / 中文", or one text for both (e.g. an OS error).
            en, sep, zh = self.detail.partition(" / ")
            detail = (en if english else zh) if sep else self.detail
            text += f" ({detail})" if english else f"（{detail}）"
        return text

    def __str__(self) -> str:
        return self.message("zh")


class NotAStoreError(StoreError):
    """The file exists but is not a tousu store (not JSON, foreign JSON, empty, a directory)."""

    code = "store.not_a_store"
    zh = "{path} 不是 tousu 数据文件，已拒绝打开，文件未被改动。请用 --db 或 TOUSU_DB 指定另一个路径。"
    en = (
        "{path} is not a tousu store; refused to open it and left it untouched. "
        "Choose another path with --db or TOUSU_DB."
    )


class CorruptStoreError(StoreError):
    """A tousu store whose snapshot or journal is damaged; nothing is written to it."""

    code = "store.corrupt"
    zh = "tousu 数据文件已损坏：{path}。已拒绝打开，未写入任何内容；请从备份恢复或检查该文件。"
    en = (
        "the tousu store {path} is damaged. Refused to open it and wrote nothing; "
        "restore a backup or inspect the file."
    )


class SchemaTooNewError(StoreError):
    """The store was written by a newer tousu (a schema this version does not know)."""

    code = "store.schema_too_new"
    zh = "数据文件 {path} 由更新版本的 tousu 创建（格式版本 {found}，本程序支持 {supported}）。请升级 tousu。"
    en = (
        "the store {path} was written by a newer tousu (schema {found}; this version "
        "supports {supported}). Please upgrade tousu."
    )


class StoreBusyError(StoreError):
    """Another tousu process held the store lock for longer than the timeout."""

    code = "store.busy"
    zh = "数据文件 {path} 正被另一个 tousu 进程占用（等待 {seconds} 秒后超时），请稍后重试。"
    en = "the store {path} is busy in another tousu process (waited {seconds} s); try again."


class WriteFailedError(StoreError):
    """Writing to disk failed (disk full, permissions); the change was not saved."""

    code = "store.write_failed"
    zh = "无法写入数据文件 {path}，本次修改未保存。"
    en = "could not write to the store {path}; this change was not saved."


class CaseNotFound(StoreError):
    code = "store.case_not_found"
    zh = "找不到案件 {case_id}。"
    en = "case {case_id} not found."

    def __init__(self, case_id: str, path: Path | str | None = None) -> None:
        self.case_id = case_id
        super().__init__(path, case_id=case_id)


class GroupNotFound(StoreError):
    code = "store.group_not_found"
    zh = "找不到集体投诉 {group_id}。"
    en = "group complaint {group_id} not found."

    def __init__(self, group_id: str, path: Path | str | None = None) -> None:
        self.group_id = group_id
        super().__init__(path, group_id=group_id)


class DuplicateIdError(StoreError):
    code = "store.duplicate_id"
    zh = "编号 {item_id} 已存在。"
    en = "id {item_id} already exists."

    def __init__(self, item_id: str, path: Path | str | None = None) -> None:
        self.item_id = item_id
        super().__init__(path, item_id=item_id)


class InvalidIdError(StoreError):
    code = "store.invalid_id"
    zh = "无效的编号：{item_id}"
    en = "not a valid id: {item_id}"

    def __init__(self, item_id: str, path: Path | str | None = None) -> None:
        self.item_id = item_id
        super().__init__(path, item_id=item_id)


class ConflictError(StoreError):
    """Someone else changed the same fields since the form was opened; nothing was written."""

    code = "store.conflict"
    zh = "案件 {case_id} 的以下字段已被他人修改：{names}。未保存；请重新打开后再编辑。"
    en = (
        "case {case_id} was changed by someone else in: {names}. Nothing was saved; "
        "reopen it and edit again."
    )

    def __init__(self, case_id: str, fields: list[str], path: Path | str | None = None) -> None:
        self.case_id = case_id
        self.fields = list(fields)
        super().__init__(path, case_id=case_id, names=", ".join(self.fields))
