"""What a text asks for: graded demands, the court's 诉讼请求, the police outline's parties.

- Demands come in two grades: the case's own 基础诉求, else a default by
  category with the amount; 补偿诉求: the case's own, and the 消法第五十五条
  claim (cases.claims) only where the user marked fraud.
- A 12315 举报 asks for an investigation and no money; the payment platform is
  asked to look into the deal and have the money returned.
- The police outline follows the case's nature (cases.targets.nature): fraud
  names the business, its payee and site and asks to recover the money; theft
  names an unknown thief and the platform as the holder of the logs; illegal
  goods are reported as such and no price is asked back; a civil dispute only
  asks the police to examine whether a crime was committed.
- The court outline is built from the category (``court_claims`` in
  data/categories.json) and the case's own demands: a refund only where money
  was paid, 停止侵害 / 删除 / 赔偿 for personal data; never "收取原告价款" where
  nothing was paid.
"""

from __future__ import annotations

from cases.categories import categories
from cases.claims import fraud_claim
from cases.facts import SHORT_DEMAND, CaseFacts
from cases.laws import law
from cases.targets import FRAUD, ILLEGAL_GOODS, THEFT

_REFUNDS = frozenset({"refund", "refund_renewal", "refund_prepaid", "refund_abnormal"})


def _amount_or_paid(f: CaseFacts) -> str:
    return f.money(f.case.amount) if f.case.amount > 0 else f.p("amount_unknown")


def basic_demand(f: CaseFacts) -> str:
    own = f.mask(f.case.demands.basic.strip())
    if own:
        return own
    key = f"demands.default.{f.case.category}"
    if not f.has(key):
        key = "demands.default.other"
    return f.p(key, amount=_amount_or_paid(f))


def claim_items(f: CaseFacts) -> list[str]:
    """补偿诉求 items: the case's own, and the 第五十五条 claim where it applies."""
    items = []
    own = f.mask(f.case.demands.compensation.strip())
    if own:
        items.append(own)
    claim = fraud_claim(f.case)
    if claim is not None:
        values = {"law": f.cite(claim.law_id), "amount": f.money(claim.amount),
                  "price": f.money(claim.price), "tripled": f.money(claim.tripled),
                  "minimum": f.p("demands.claim_minimum") if claim.minimum_applied else ""}
        if own and ("五十五" in own or "55" in own):
            items[-1] = f.end(own, f.p("sentence_end")) + f.p("demands.claim_calc", **values)
        else:
            items.append(f.p("demands.claim", **values))
    return items


def _police_demands(f: CaseFacts) -> list[str]:
    kind = f.nature
    summary = f.group_summary()
    if kind == FRAUD and summary is not None:
        return [f.p("demands.police.fraud_group", amount=f.amount(), n=summary[0], total=summary[1])]
    if kind in (FRAUD, THEFT, ILLEGAL_GOODS):
        return [f.p(f"demands.police.{kind}", amount=f.amount())]
    return [f.p("demands.police.civil")]


def demands(f: CaseFacts) -> str:
    target = f.target
    if target == "12315-report":
        respondent = f.case.entity.name.strip() or f.platform
        return f.p("demands.report", respondent=respondent)
    if target == "police":
        return "\n".join(_police_demands(f))
    if target == "court":
        lines = []
        own = f.mask(f.case.demands.basic.strip())
        if own:
            lines.append(f.p("court.own_demand", text=own))
        lines.append(f.p("court.conclusion.paid" if _refund_claimed(f) else "court.conclusion.other"))
        return "\n".join(lines)
    lines = [f.p("demands.basic", text=basic_demand(f))]
    items = claim_items(f)
    if len(items) == 1:
        lines.append(f.p("demands.compensation", text=items[0]))
    elif items:
        lines.append(f.p("demands.compensation", text=""))
        lines.extend(f"  ({i}) {item}" for i, item in enumerate(items, 1))
    if target == "consumer-assoc":
        lines.append(f.p("demands.mediation"))
    if target == "payment":
        lines.append(f.p("demands.payment", amount=f.amount()))
    return "\n".join(lines)


def demand_short(f: CaseFacts) -> str:
    text = " ".join(basic_demand(f).split())
    return text if len(text) <= SHORT_DEMAND else text[: SHORT_DEMAND - 1] + "…"


# -- the court -------------------------------------------------------------------------
def _court_kinds(f: CaseFacts) -> tuple[str, ...]:
    cat = categories().get(f.case.category)
    kinds = cat.court_claims if cat else ("refund",)
    return tuple(k for k in kinds if k not in _REFUNDS or f.case.amount > 0)


def _refund_claimed(f: CaseFacts) -> bool:
    return any(k in _REFUNDS for k in _court_kinds(f))


def _damages(f: CaseFacts) -> str:
    if f.nature == THEFT and f.case.amount > 0:
        return f.money(f.case.amount)
    own = f.mask(f.case.demands.compensation.strip())
    return f.p("court.damages_own", text=own) if own else f.missing("demands.compensation")


def court_claims(f: CaseFacts) -> str:
    lines = []
    for kind in _court_kinds(f):
        values = {"amount": f.amount()}
        if kind == "damages":
            values["amount"] = _damages(f)
        lines.append(f.p(f"court.claim.{kind}", i=len(lines) + 1, **values))
    claim = fraud_claim(f.case)
    if claim is not None:
        lines.append(f.p("court.claim.fraud", i=len(lines) + 1, law=f.cite(claim.law_id),
                         amount=f.money(claim.amount)))
    if not lines:
        lines.append(f.p("court.claim.none", i=1, missing=f.p("missing", label=f.p("court.claims_label"))))
    lines.append(f.p("court.claim.costs", i=len(lines) + 1))
    return "\n".join(lines)


def court_note(f: CaseFacts) -> str:
    return f.p("court.note", small_claims=law("civil-procedure-small-claims").summary(f.lang), amount=f.amount())


# -- the police ------------------------------------------------------------------------
def police_parties(f: CaseFacts) -> str:
    return f.p(f"police.parties.{f.nature}", platform=f.platform, payees=f.payees(), **f.entity())


def police_money(f: CaseFacts) -> str:
    return f.p(f"police.money.{f.nature}", amount=f.amount())
