"""Names moved out of the modules every store opening imports (so that a process that only
reads does not build them) still resolve where callers found them before."""

from __future__ import annotations

import pytest

from storage import documents, moved_tables, schedule, schedule_reports, store, stored_fields


def test_the_moved_names_resolve_from_their_old_modules():
    assert (store.MovedTables, store.COUNTERS) == (moved_tables.MovedTables, moved_tables.COUNTERS)
    for name in ("ScheduleAdded", "PracticeSet", "PracticeInfo"):
        assert getattr(schedule, name) is getattr(schedule_reports, name)
    assert (documents.Malformed, documents.iso_readable) == (stored_fields.Malformed, stored_fields.iso_readable)


def test_other_names_are_still_unknown():
    with pytest.raises(AttributeError):
        schedule.NoSuchReport  # noqa: B018
    with pytest.raises(AttributeError):
        store.NoSuchName  # noqa: B018
