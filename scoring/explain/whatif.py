"""What-ifs through the whole engine: ``what_if`` re-runs ``score_quarter`` with the changed values, so every
trust's scores, averages, cut points and ranks are recomputed and a what-if can move other trusts too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from nhs_league.errors import InvalidWhatIf
from scoring.engine import score_quarter
from scoring.explain.facts import Fact, FactBook, show
from scoring.explain.quarter_results import base_result
from scoring.store import Store


@dataclass
class WhatIfResult:
    trust_code: str
    trust_name: str
    quarter: str
    changes: list[dict]
    before: dict
    after: dict
    metric_scores: list[dict]
    others_moved: int
    facts: list[Fact] = field(default_factory=list)
    text: str = ""

    def to_dict(self) -> dict:
        d = {k: v for k, v in vars(self).items() if k != "facts"}
        d["facts"] = [f.to_dict() for f in self.facts]
        return d


def _summary(row) -> dict:
    return {"average_score": float(row["average_score"]), "unadjusted_segment": int(row["unadjusted_segment"]),
            "segment": int(row["adjusted_segment"]), "financial_override": bool(row["financial_override"]),
            "rank": int(row["rank"]), "table_size": int(row["table_size"])}


def parse_changes(items: list[str]) -> dict[str, float]:
    """["OF0013=80", "OF0082=4.1"] → {"OF0013": 80.0, "OF0082": 4.1}."""
    out: dict[str, float] = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip().upper()] = float(value)
        except ValueError:
            raise InvalidWhatIf(f"{item!r} is not a change: write METRIC=VALUE, e.g. {_example()}.") from None
    if not out:
        raise InvalidWhatIf(f"Give at least one change, e.g. {_example(described=True)}.")
    return out


def _example(described: bool = False) -> str:
    """A change to quote in an error, from the latest framework's first ranked metric: 'OF0013=80'."""
    from scoring.frameworks import current_framework

    metrics = current_framework().catalogue.metrics
    metric = next((m for m in metrics if m.method == "rank" and m.value_id and m.direction == "higher"), metrics[0])
    example = f"{metric.value_id or metric.id}=80"
    return f"{example} ({metric.short_name}, {metric.units})" if described else example


def what_if(store: Store, trust_code: str, quarter: str, changes: Mapping[str, float]) -> WhatIfResult:
    """``score_quarter(store, quarter, changes={trust_code: changes})`` against the published position."""
    base = base_result(store, quarter)
    catalogue = base.catalogue
    new = score_quarter(store, quarter, changes={trust_code: dict(changes)}, base=base_result(store, quarter))
    b, a = base.trust(trust_code), new.trust(trust_code)
    before, after = _summary(b), _summary(a)
    old_s = base.scores[base.scores["trust_code"] == trust_code].set_index("metric_id")
    new_s = new.scores[new.scores["trust_code"] == trust_code].set_index("metric_id")
    book = FactBook(trust_code, quarter)
    book.add("quarter", "Quarter", quarter, "store: quarters", trust=None)
    listed = []
    for key, value in changes.items():
        metric = catalogue.get(key)
        old_value = old_s.loc[metric.id, "value"] if metric.id in old_s.index else None
        listed.append({"metric_id": metric.id, "value_id": metric.value_id, "name": metric.short_name,
                       "from": None if old_value is None or pd.isna(old_value) else float(old_value),
                       "to": float(value), "meaning": metric.meaning})
        book.add(f"whatif.{metric.id}.name", f"{metric.id} name", metric.short_name, "catalogue", trust=None)
        book.add(f"whatif.{metric.id}.meaning", f"{metric.id}: what it measures", metric.meaning, "catalogue",
                 trust=None)
        book.add(f"whatif.{metric.id}.to", f"{metric.short_name}: value tried", float(value), "user's what-if")
        if listed[-1]["from"] is not None:
            book.add(f"whatif.{metric.id}.from", f"{metric.short_name}: published value", listed[-1]["from"],
                     f"{old_s.loc[metric.id, 'source_file']} row {int(old_s.loc[metric.id, 'source_row'])}, "
                     f"{metric.value_id}, {quarter}")
    scores = []
    for metric_id in new_s.index.union(old_s.index):
        o = float(old_s.loc[metric_id, "score"]) if metric_id in old_s.index else None
        n = float(new_s.loc[metric_id, "score"]) if metric_id in new_s.index else None
        if o != n:
            scores.append({"metric_id": metric_id, "before": o, "after": n})
            name = catalogue.get(metric_id).short_name
            book.add(f"whatif.{metric_id}.score_before", f"{name}: score as published", o, "engine: base run")
            book.add(f"whatif.{metric_id}.score_after", f"{name}: score in the what-if", n,
                     f"engine: {new_s.loc[metric_id, 'rule']}")
    table = b["table"]
    joined = base.trusts[base.trusts["table"] == table][["trust_code", "rank"]].merge(
        new.trusts[["trust_code", "rank"]], on="trust_code", suffixes=("_b", "_a"))
    moved = int(((joined["rank_b"] != joined["rank_a"]) & (joined["trust_code"] != trust_code)).sum())
    src = "engine: score_quarter re-run with the changed values"
    for name, d in (("before", before), ("after", after)):
        for k, v in d.items():
            book.add(f"whatif.{name}.{k}", f"{k.replace('_', ' ')} ({name})", v,
                     "engine: base run" if name == "before" else src)
    book.add("whatif.others_moved", "Other trusts whose position changed", moved, src, trust=None)
    result = WhatIfResult(trust_code, str(b["trust_name"]), quarter, listed, before, after, scores, moved,
                          book.facts)
    result.text = _whatif_text(result, book)
    return result


def _whatif_text(r: WhatIfResult, book: FactBook) -> str:
    tried = "; ".join(f"{c['name']} {show(c['to'])}" + (f" instead of {show(c['from'])}" if c["from"] is not None
                                                            else "") for c in r.changes)
    b, a = r.before, r.after
    lines = [f"What if {r.trust_name} had {tried} in {r.quarter}?",
             f"Average score: {show(b['average_score'], '2dp')} → {show(a['average_score'], '2dp')}. "
             f"Segment: {b['segment']} → {a['segment']}. "
             f"Position: {show(b['rank'], 'ordinal')} → {show(a['rank'], 'ordinal')} of {a['table_size']}."]
    if a["financial_override"]:
        lines.append(f"The financial override still holds it at segment {a['segment']}.")
    lines.append(f"The whole table was recomputed: {r.others_moved} other trusts changed position."
                 if r.others_moved else "The whole table was recomputed: no other trust changed position.")
    for c in r.changes:
        lines.append(f"{c['name']} measures this: {c['meaning']}")
    return "\n".join(lines)
