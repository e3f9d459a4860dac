"""Fixtures for the domain tests."""

from __future__ import annotations

import pytest

from domain_helpers import t


@pytest.fixture
def at():
    """``at("2026-09-29T10:00")``: an instant; no offset means Asia/Shanghai."""
    return t
