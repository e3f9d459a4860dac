"""The claim helper: 消费者权益保护法第五十五条 (fraud → 3× the price, at least 500 元).

Which cases it is offered for (a decision, kept narrow so that no claim is inflated):
only a case the user marked as fraud (``Case.fraud``: the operator deceived
them: a fake shop, false statements, taking money with no intent to deliver).
It is never inferred from a category's name, 卷款跑路 and 虚假宣传 included:
goods can differ from their description by honest mistake, a platform can fail
without deceiving anyone, and 第五十五条 needs 欺诈.

The claim is only ever *offered*, as a 补偿诉求 option; the 基础诉求 (refund,
re-issue) stays first. The price is the sum of the case's orders; a case without
a positive amount gets no claim (there is nothing to multiply). Amounts are
``Decimal`` in yuan with two decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.model import Case

#: The law this helper implements (an id of cases/data/laws.json, which holds its numbers).
LAW_ID = "cpl-55"

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class FraudClaim:
    """Additional compensation under 第五十五条 for a price paid."""

    price: Decimal  # what the consumer paid
    tripled: Decimal  # 3 × price
    amount: Decimal  # the claim: max(3 × price, 500)
    minimum_applied: bool  # True when 3 × price was below 500 and 500 applies
    law_id: str = LAW_ID


def _terms() -> tuple[int, Decimal]:
    """(multiplier, minimum) of the claim, from the checked list of laws."""
    from cases.laws import law  # cases.laws imports this module

    terms = dict(law(LAW_ID).claim)
    return int(terms["multiplier"]), Decimal(terms["minimum_yuan"])


def treble(price: Decimal) -> FraudClaim:
    """The 第五十五条 claim for ``price``: 3 × 128 = 384 → 500; 3 × 1580 = 4740."""
    if price <= 0:
        raise ValueError(f"a price must be positive, not {price}")
    multiplier, minimum = _terms()
    tripled = (price * multiplier).quantize(_CENT)
    if tripled < minimum:
        return FraudClaim(price.quantize(_CENT), tripled, minimum, True)
    return FraudClaim(price.quantize(_CENT), tripled, tripled, False)


def claim_applies(case: Case) -> bool:
    """True when the 第五十五条 claim is offered for ``case`` (see the module docstring)."""
    return case.fraud and case.amount > 0


def fraud_claim(case: Case) -> FraudClaim | None:
    """The claim for ``case``, or None when it is not offered."""
    if not claim_applies(case):
        return None
    return treble(case.amount)
