"""The document checker names the first bad field of a group or participant document, nested
parts included, as it does for cases (test_store_damaged): one table per kind of document."""

from __future__ import annotations

import pytest
from store_helpers import sample_case, sample_group

from cases.roster import Participant, RosterOrder
from storage.documents import CASE, GROUP, PARTICIPANT, Malformed, check, decode_group, decode_participant
from storage.errors import DamagedDocumentError


def _participant() -> dict:
    doc = Participant(name="王五", phone="13900139000", orders=[RosterOrder("WW1", "300.00")], poa=True).to_dict()
    doc.update(id="P-00001", group="G-001", consents={"share": "2026-09-01"})
    return doc


def _legacy_group() -> dict:
    doc = sample_group().to_dict()
    doc.update(id="G-001", participants=[{"name": "王五", "phone": "13900139000", "amount": "300.00",
                                          "orders": "WW1", "case_id": "", "authorised": True, "status": "open"}],
               representatives=["王五"], decisions=[{"id": "D-1", "kind": "vote", "text": "起诉", "at": "", "by": "李四"}])
    return doc


PARTICIPANT_DAMAGES = {
    "not-a-document": (None, "x", "document"),
    "name-a-number": ("name", 7, "name"),
    "time-not-iso": ("updated", "昨天", "updated"),
    "unknown-status": ("status", "lost", "status"),
    "order-amount-a-number": ("orders", [{"number": "X", "amount": 12}], "orders[0].amount"),
    "order-paid-not-iso": ("orders", [{"number": "X", "amount": "1.00", "paid_at": "周一"}], "orders[0].paid_at"),
    "evidence-not-text": ("evidence", ["chat", 3], "evidence[1]"),
    "consents-a-list": ("consents", ["share"], "consents"),
    "consent-not-text": ("consents", {"share": True}, "consents"),
    "flag-as-text": ("poa", "yes", "poa"),
    "rev-as-text": ("rev", "2", "rev"),
}


@pytest.mark.parametrize("field, value, named", PARTICIPANT_DAMAGES.values(), ids=PARTICIPANT_DAMAGES.keys())
def test_a_damaged_participant_names_its_field(field, value, named):
    doc = _participant()
    check(doc, PARTICIPANT)  # as tousu writes it
    if field is None:
        doc = value
    else:
        doc[field] = value
    with pytest.raises(Malformed) as caught:
        check(doc, PARTICIPANT)
    assert caught.value.field == named
    with pytest.raises(DamagedDocumentError, match=named.replace("[", r"\[").replace("]", r"\]")):
        decode_participant(doc, "P-00001")


GROUP_DAMAGES = {
    "legacy-participant-a-string": ("participants", ["王五"], "participants[0]"),
    "legacy-authorised-as-text": ("participants.authorised", "yes", "participants[0].authorised"),
    "legacy-amount-not-a-number": ("participants.amount", "很多", "participants[0].amount"),
    "representative-a-number": ("representatives", [1], "representatives[0]"),
    "decision-text-a-list": ("decisions.text", ["起诉"], "decisions[0].text"),
    "decisions-a-string": ("decisions", "起诉", "decisions"),
}


@pytest.mark.parametrize("field, value, named", GROUP_DAMAGES.values(), ids=GROUP_DAMAGES.keys())
def test_a_damaged_group_names_its_field(field, value, named):
    doc = _legacy_group()
    check(doc, GROUP)
    name, _, inner = field.partition(".")
    if inner:
        doc[name][0][inner] = value
    else:
        doc[name] = value
    with pytest.raises(Malformed) as caught:
        check(doc, GROUP)
    assert caught.value.field == named
    with pytest.raises(DamagedDocumentError):
        decode_group(doc, "G-001")


def test_a_case_record_and_a_refund_are_named_by_their_path():
    doc = sample_case(1).to_dict()
    check(doc, CASE)
    with pytest.raises(Malformed, match=r"^entity\.icp$"):
        check({**doc, "entity": {**doc["entity"], "icp": 5}}, CASE)
    event = {**doc["timeline"][0], "refunded": "1.00", "refunded_on": "六月"}
    with pytest.raises(Malformed, match=r"^timeline\[0\]\.refunded_on$"):
        check({**doc, "timeline": [event]}, CASE)
