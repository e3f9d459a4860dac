"""Store error messages come from the catalogues: the code is the key, a detail is a
catalogue key with values or plain text that reads the same in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import storage.errors as errors
from cases.i18n import catalogue
from storage.errors import CorruptStoreError, Detail, StoreError, WriteFailedError, detail

STORAGE = Path(errors.__file__).resolve().parent


def test_detail_in_each_language():
    err = CorruptStoreError("/data/tousu.json.journal", detail=detail("journal_line", line=7))
    assert str(err) == (
        "tousu 数据文件已损坏：/data/tousu.json.journal。已拒绝打开，未写入任何内容；请从备份恢复或检查该文件。（日志第 7 行）"
    )
    assert err.message("en") == (
        "the tousu store /data/tousu.json.journal is damaged. Refused to open it and wrote nothing; "
        "restore a backup or inspect the file. (journal line 7)"
    )
    assert err.message("en_US.UTF-8") == err.message("en")
    assert err.args == (str(err),)


def test_plain_detail_is_shown_whole_in_every_language():
    text = "[Errno 28] No space left on device: '/mnt/a / b/tousu.json'"
    err = WriteFailedError("/mnt/a / b/tousu.json", detail=text)
    assert str(err).endswith(f"（{text}）")
    assert err.message("en").endswith(f" ({text})")


def test_a_detail_can_name_another():
    err = CorruptStoreError("s.json", detail=detail("checksum", what=detail("snapshot_index")))
    assert err.message("en").endswith("(snapshot index: checksum)")
    assert str(err).endswith("（校验和不符）")
    assert err.detail == Detail("store.detail.checksum", {"what": Detail("store.detail.snapshot_index", {})})


def _error_classes() -> list[type[StoreError]]:
    found = [StoreError]
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, StoreError) and value is not StoreError:
            found.append(value)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_error_code_and_detail_is_in_the_catalogue(lang):
    entries = catalogue(lang)
    assert {cls.code for cls in _error_classes()} <= set(entries)
    used = set()
    for path in STORAGE.glob("*.py"):
        used |= set(re.findall(r'\bdetail\("(\w+)"', path.read_text("utf-8")))
    assert len(used) > 20
    missing = {name for name in used if f"store.detail.{name}" not in entries}
    assert missing == set()
