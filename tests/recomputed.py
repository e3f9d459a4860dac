"""Which summaries a process computes again from their cases (``storage.summaries.repaired_doc``)."""

from __future__ import annotations


def counting_recomputed(monkeypatch) -> list[str]:
    """The ids of the summaries computed again from now on, in call order (a list that grows)."""
    from storage import summaries

    recomputed: list[str] = []
    recompute = summaries.repaired_doc

    def counting(key, doc, *rules):
        recomputed.append(key)
        return recompute(key, doc, *rules)

    monkeypatch.setattr(summaries, "repaired_doc", counting)
    return recomputed
