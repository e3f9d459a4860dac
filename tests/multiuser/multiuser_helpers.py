"""The accounts and results of the multi-user tests (fixtures in conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

NOW = "2026-11-30T10:00:00+08:00"

#: Group ids used by the tests (no names needed).
VOLUNTEERS = 42100
READERS = 42200


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int  # primary group: the user's own, as on a real server
    groups: tuple[int, ...]


ALICE = User("alice", 42101, 42101, (VOLUNTEERS,))
BOB = User("bob", 42102, 42102, (VOLUNTEERS,))
CAROL = User("carol", 42103, 42103, (READERS,))  # may read the store, not write it


@dataclass
class Result:
    code: int
    out: str
    err: str
