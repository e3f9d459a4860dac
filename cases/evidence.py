"""The evidence checklist (DOMAIN.md "Evidence: the chain 时间-事件-结果").

Three kinds, each with what the case already records and what is missing:

1. transaction 交易凭证: order numbers, payment records (an order with amount,
   payment time and payment channel), transaction evidence files;
2. communication 沟通记录: ticket / complaint numbers, agent 工号, recorded
   promises (an event's ``promised`` text or explicit ``deadline``),
   communication evidence files (chat logs, call recordings);
3. anomaly 商品异常证据: anomaly evidence files (failure screens, invalid card
   codes, ad pages against what was delivered).

Files of kind "other" (an ID scan, a 授权委托书) get a fourth check of their own,
shown only when there are some: they complete no link of the chain.

``tousu evidence add --kind`` names what a file shows (:data:`SUBJECTS`): payment →
transaction, promise and communication → communication (a promise is part of the
沟通记录, DOMAIN: "every promise made and its deadline"), defect → anomaly, other →
other. So an attached file ticks its kind: the "file" line of that kind's missing
list goes, and the file is listed as present.

Evidence files show their label (else their own name, else their path), with
" SHA-256 ✓" when a hash is recorded.
:func:`chain_gaps` names the links of paid → not delivered / not as described →
contacted → promise broken that have no record. "Promise broken" counts as
recorded when a promise with its deadline was written down: whether it was
kept is the countdown's business. Texts: ``cases.evidence.*`` in the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.channels import UnknownChannel, channel
from cases.i18n import tr
from cases.instants import shown_time
from cases.model import Case, EventKind, EvidenceItem, EvidenceKind, Order


#: ``tousu evidence add --kind`` → the checklist kind the file counts for.
SUBJECTS: dict[str, EvidenceKind] = {
    "payment": EvidenceKind.TRANSACTION,
    "promise": EvidenceKind.COMMUNICATION,
    "communication": EvidenceKind.COMMUNICATION,
    "defect": EvidenceKind.ANOMALY,
    "other": EvidenceKind.OTHER,
}


def item_name(item: EvidenceItem) -> str:
    """How a file is named when listed: its label, else its own name, else its path (older records)."""
    return item.label or item.name or item.path


def size_text(n: int) -> str:
    """Bytes for people: "900 B", "1.2 KB", "200.0 MB" (units of 1024)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError  # pragma: no cover


def shows_text(item: EvidenceItem, lang: str) -> str:
    """What a record shows ("支付凭证"), else its checklist kind's title, else the kind as stored."""
    from cases.i18n import known

    keys = ([f"cli.evidence.kind.{item.subject}"] if item.subject else []) + [f"cases.evidence.title.{item.kind}"]
    return next((tr(key, lang) for key in keys if known(key, lang)), item.kind)


def _t(lang: str, key: str, **values: object) -> str:
    """The catalogue text ``cases.evidence.<key>``."""
    return tr(f"cases.evidence.{key}", lang, **values)


@dataclass
class EvidenceCheck:
    kind: str  # an EvidenceKind value
    title: str
    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def _has_payment(order: Order) -> bool:
    return bool(order.paid_at) and bool(order.payment_channel) and order.amount > 0


def _files(case: Case, kind: EvidenceKind, lang: str) -> list[str]:
    return [item_name(item) + (_t(lang, "hash") if item.sha256 else "") for item in case.evidence if item.kind == kind]


def _channel_name(channel_id: str, lang: str) -> str:
    try:
        return channel(channel_id).name(lang)
    except UnknownChannel:
        return channel_id


def _transaction(case: Case, lang: str) -> EvidenceCheck:
    check = EvidenceCheck(EvidenceKind.TRANSACTION.value, _t(lang, "title.transaction"))
    for order in case.orders:
        if order.number:
            check.present.append(_t(lang, "order", number=order.number))
    for order in case.orders:
        if _has_payment(order):
            check.present.append(
                _t(lang, "payment", number=order.number or "?", amount=order.amount,
                   channel=order.payment_channel, paid=shown_time(order.paid_at, missing=""))
            )
    files = _files(case, EvidenceKind.TRANSACTION, lang)
    check.present.extend(files)
    if not any(o.number for o in case.orders):
        check.missing.append(_t(lang, "missing.order"))
    if not case.orders or not any(_has_payment(o) for o in case.orders):
        check.missing.append(_t(lang, "missing.payment"))
    for order in case.orders:
        if order.number and not _has_payment(order) and any(_has_payment(o) for o in case.orders):
            check.missing.append(_payment_fields_missing(order, lang))
    if not files:
        check.missing.append(_t(lang, "missing.transaction_file"))
    return check


def _payment_fields_missing(order: Order, lang: str) -> str:
    fields_ = []
    if order.amount <= 0:
        fields_.append(_t(lang, "field.amount"))
    if not order.paid_at:
        fields_.append(_t(lang, "field.paid_at"))
    if not order.payment_channel:
        fields_.append(_t(lang, "field.channel"))
    return _t(lang, "missing.payment_of", number=order.number, fields=_t(lang, "field.sep").join(fields_))


def _communication(case: Case, lang: str) -> EvidenceCheck:
    check = EvidenceCheck(EvidenceKind.COMMUNICATION.value, _t(lang, "title.communication"))
    # dicts as ordered sets: a list's `in` made a 10,000-entry timeline take ~2 s
    tickets: dict[tuple[str, str], None] = {}
    agents: dict[str, None] = {}
    promises: list[str] = []
    for ev in case.timeline:
        if ev.ticket:
            tickets[(ev.ticket, ev.channel)] = None
        if ev.agent:
            agents[ev.agent] = None
        if ev.promised or ev.deadline:
            dl = _t(lang, "promise.deadline", deadline=shown_time(ev.deadline)) if ev.deadline else ""
            what = _t(lang, "promise.sep").join(p for p in (ev.promised, dl) if p)
            promises.append(_t(lang, "promise", what=what, at=shown_time(ev.at)))
    check.present.extend(_t(lang, "ticket", ticket=t, channel=_channel_name(c, lang)) for t, c in tickets)
    check.present.extend(_t(lang, "agent", agent=a) for a in agents)
    check.present.extend(promises)
    files = _files(case, EvidenceKind.COMMUNICATION, lang)
    check.present.extend(files)
    if not tickets:
        check.missing.append(_t(lang, "missing.ticket"))
    if not agents:
        check.missing.append(_t(lang, "missing.agent"))
    if not files:
        check.missing.append(_t(lang, "missing.communication_file"))
    return check


def _anomaly(case: Case, lang: str) -> EvidenceCheck:
    check = EvidenceCheck(EvidenceKind.ANOMALY.value, _t(lang, "title.anomaly"))
    check.present.extend(_files(case, EvidenceKind.ANOMALY, lang))
    if not check.present:
        check.missing.append(_t(lang, "missing.anomaly_file"))
    return check


def _other(case: Case, lang: str) -> EvidenceCheck | None:
    files = _files(case, EvidenceKind.OTHER, lang)
    return EvidenceCheck(EvidenceKind.OTHER.value, _t(lang, "title.other"), files) if files else None


def checklist(case: Case, lang: str = "zh") -> list[EvidenceCheck]:
    """One check per evidence kind: transaction, communication, anomaly (in that order), then
    "other" when the case has such files (nothing is missing there)."""
    checks = [_transaction(case, lang), _communication(case, lang), _anomaly(case, lang)]
    other = _other(case, lang)
    return checks + [other] if other else checks


def chain_gaps(case: Case, lang: str = "zh") -> list[str]:
    """The links of paid → not delivered → contacted → promise broken without a record."""
    gaps = []
    paid = any(_has_payment(o) for o in case.orders) or any(
        item.kind == EvidenceKind.TRANSACTION for item in case.evidence
    )
    if not paid:
        gaps.append(_t(lang, "gap.paid"))
    if not any(item.kind == EvidenceKind.ANOMALY for item in case.evidence):
        gaps.append(_t(lang, "gap.failed"))
    contact_kinds = {EventKind.SUBMITTED, EventKind.CONTACT, EventKind.URGED, EventKind.ACCEPTED, EventKind.RESULT}
    if not any(ev.kind in contact_kinds for ev in case.timeline):
        gaps.append(_t(lang, "gap.contacted"))
    if not any(ev.promised or ev.deadline for ev in case.timeline):
        gaps.append(_t(lang, "gap.promise"))
    return gaps
