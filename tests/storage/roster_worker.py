"""A separate tousu process for the roster tests (``python roster_worker.py MODE ...``).

Modes:
  edits PATH GROUP PARTICIPANT N      N rounds, each appending "<PARTICIPANT>-<i>;" to that participant's
                                      notes as stored then (Store.update_participants), print "done"
  save PATH PARTICIPANT FIELD VALUE NAME
                                      read the participant (the form's base), print "ready", wait for a
                                      line on stdin, set FIELD to VALUE and save the edit against the base
                                      (Store.save_participant); print "saved" or "conflict <fields>"
"""

from __future__ import annotations

import sys

from cases.clock import FixedClock
from cases.roster_fields import set_field
from storage.errors import ParticipantConflict
from storage.store import Store


def main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    store = Store.open(path, FixedClock("2026-09-29T10:00:00+08:00"))
    if mode == "edits":
        group, person, rounds = argv[2], argv[3], int(argv[4])
        for i in range(rounds):
            label = f"{person}-{i};"
            store.update_participants(group, [person], lambda p, label=label: setattr(p, "notes", p.notes + label),
                                      f"worker-{person}")
        print("done", flush=True)
    elif mode == "save":
        person, field, value, name = argv[2], argv[3], argv[4], argv[5]
        base = store.participant(person)
        edited = store.participant(person)
        set_field(edited, field, value)
        print("ready", flush=True)
        if not sys.stdin.readline():  # blocks until the test says go (EOF: it gave up)
            raise SystemExit("never told to go")
        try:
            store.save_participant(edited, base, name)
        except ParticipantConflict as exc:
            print("conflict " + ",".join(exc.fields), flush=True)
        else:
            print("saved", flush=True)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
