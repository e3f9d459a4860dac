"""A file that is not a tousu store is refused, with a clear error, and never touched."""

from __future__ import annotations

import json
import os

import pytest
import tinydb
from store_helpers import file_state

from storage.errors import CorruptStoreError, NotAStoreError, SchemaTooNewError, StoreError
from storage.store import Store


def _plain_tinydb(path):
    db = tinydb.TinyDB(path)
    db.insert({"name": "not tousu"})
    db.close()


CASES = {
    "not_json": (lambda p: p.write_bytes(b"hello, world\n\x00\x01"), NotAStoreError),
    "foreign_json": (lambda p: p.write_text(json.dumps({"foo": 1})), NotAStoreError),
    "json_list": (lambda p: p.write_text("[1, 2, 3]"), NotAStoreError),
    "plain_tinydb": (_plain_tinydb, NotAStoreError),
    "other_app_meta": (lambda p: p.write_text(json.dumps({"_meta": {"1": {"app": "other", "schema": 1}}})), NotAStoreError),
    "empty": (lambda p: p.write_bytes(b""), NotAStoreError),
    "whitespace": (lambda p: p.write_bytes(b"  \n"), NotAStoreError),
    "newer_schema": (
        lambda p: p.write_text(json.dumps({"_meta": {"1": {"app": "tousu", "schema": 99}}, "cases": {}})),
        SchemaTooNewError,
    ),
    "newer_schema_unreadable": (
        lambda p: p.write_text('{"_meta":{"1":{"app":"tousu","schema":3}},"cases":{"1": <binary>'),
        SchemaTooNewError,
    ),
    "damaged_tousu": (
        lambda p: p.write_text('{"_meta":{"1":{"app":"tousu","schema":1,"journal_seq":0}},"cases":{"1":{"id":'),
        CorruptStoreError,
    ),
    "bad_table": (
        lambda p: p.write_text(json.dumps({"_meta": {"1": {"app": "tousu", "schema": 1}}, "cases": [1, 2]})),
        CorruptStoreError,
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_refused_and_untouched(tmp_path, clock, kind):
    make, error = CASES[kind]
    path = tmp_path / "tousu.json"
    make(path)
    listing = sorted(os.listdir(tmp_path))
    before = file_state(path)
    with pytest.raises(error) as info:
        Store.open(path, clock)
    assert isinstance(info.value, StoreError)
    assert str(path) in str(info.value)
    assert str(path) in info.value.message("en")
    assert file_state(path) == before
    assert sorted(os.listdir(tmp_path)) == listing  # no journal, no lock, no temporary


def test_messages_are_chinese_by_default_with_english_available(tmp_path, clock):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"foo": 1}))
    with pytest.raises(NotAStoreError) as info:
        Store.open(path, clock)
    err = info.value
    assert err.code == "store.not_a_store"
    assert "不是 tousu 数据文件" in str(err) and "未被改动" in str(err)
    assert "is not a tousu store" in err.message("en") and "untouched" in err.message("en")


def test_newer_schema_message_names_versions(tmp_path, clock):
    path = tmp_path / "tousu.json"
    path.write_text(json.dumps({"_meta": {"1": {"app": "tousu", "schema": 3}}}))
    with pytest.raises(SchemaTooNewError) as info:
        Store.open(path, clock)
    assert "3" in str(info.value) and "升级" in str(info.value)
    assert "schema 3" in info.value.message("en") and "upgrade" in info.value.message("en")


def test_directory_at_store_path_is_refused(tmp_path, clock):
    path = tmp_path / "tousu.json"
    path.mkdir()
    with pytest.raises(NotAStoreError):
        Store.open(path, clock)
    assert sorted(os.listdir(tmp_path)) == ["tousu.json"]


def test_missing_store_is_created_with_private_directories(tmp_path, clock):
    path = tmp_path / "a" / "b" / "tousu.json"
    store = Store.open(path, clock)
    assert store.is_empty()
    assert sorted(os.listdir(path.parent)) == ["tousu.json", "tousu.json.journal", "tousu.json.lock"]
    for directory in (tmp_path / "a", tmp_path / "a" / "b"):
        assert os.stat(directory).st_mode & 0o777 == 0o700
