"""A trust's position in a quarter the product does not recompute: NHS England's published figures, plainly marked.

For a quarter of a framework year without rules (``scoring.frameworks.is_recomputed`` False), ``explain`` gives a
:class:`PublishedExplanation`: the published segment, league position, average score and override, the trust's
published metric values, where it sits among its peers (by published position) and its movement from the quarter
before where both are published. It says plainly that the product has no rules for that year, so it neither
recomputes the figures nor explains how the scoring placed the trust. Every figure is a ``Fact`` whose source is
the published row it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from scoring.explain.facts import Fact, FactBook
from scoring.frameworks import AS_PUBLISHED, published_layout, year_of
from scoring.published import PublishedQuarter, published_quarter
from scoring.store import Store

CQC = "For a particular hospital, ward or service, the Care Quality Commission's ratings say more."


@dataclass(frozen=True)
class PublishedMetric:
    metric_id: str
    name: str
    value: float | None
    units: str
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    published_rank: int | None
    source: str


@dataclass(frozen=True)
class PublishedPeers:
    kind: str                 # subtype | region
    name: str
    position: int             # 1 + trusts of the group published strictly ahead
    size: int


@dataclass(frozen=True)
class PublishedMovement:
    previous_quarter: str
    previous_segment: int | None
    previous_rank: int | None
    previous_average: float | None
    segment_change: int | None      # + = a worse segment
    rank_change: int | None         # + = further down
    average_change: float | None    # + = worse
    frameworks_differ: bool         # the two quarters were scored under different framework years


@dataclass
class PublishedExplanation:
    """NHS England's published position for one trust and quarter, not recomputed (``recomputed`` is False)."""

    trust_code: str
    trust_name: str
    quarter: str
    table: str
    audience: str
    framework_year: str
    reason: str                       # "no rules for 2026/27"
    segment: int | None
    rank: int | None
    table_size: int
    average_score: float | None
    unadjusted_segment: int | None
    in_deficit: bool | None
    financial_override: bool | None
    recovery_support: bool | None
    metrics: list[PublishedMetric]
    peers: list[PublishedPeers]
    movement: PublishedMovement | None
    facts: list[Fact] = field(default_factory=list)
    text: str = ""
    basis: str = AS_PUBLISHED
    recomputed: bool = False
    _book: FactBook | None = field(default=None, repr=False, compare=False)

    def fact(self, key: str) -> Fact:
        return next(f for f in self.facts if f.key == key)

    def retell(self, audience: str) -> str:
        from scoring.explain.explanation import UnknownAudience

        if audience not in ("public", "staff", "press"):
            raise UnknownAudience(f"Unknown audience {audience!r}: use public, staff or press.")
        return published_text(self, self._book, audience)  # type: ignore[arg-type]

    def to_dict(self) -> dict:
        return {"trust_code": self.trust_code, "trust_name": self.trust_name, "quarter": self.quarter,
                "recomputed": False, "basis": self.basis, "reason": self.reason, "table": self.table,
                "audience": self.audience, "framework_year": self.framework_year, "segment": self.segment,
                "rank": self.rank, "table_size": self.table_size, "average_score": self.average_score,
                "unadjusted_segment": self.unadjusted_segment, "in_deficit": self.in_deficit,
                "financial_override": self.financial_override, "recovery_support": self.recovery_support,
                "metrics": [vars(m) for m in self.metrics], "peers": [vars(p) for p in self.peers],
                "movement": vars(self.movement) if self.movement else None,
                "facts": [f.to_dict() for f in self.facts], "text": self.text}


def _number(value: Any) -> float | None:
    """A frame cell as a float, None when missing."""
    return None if value is None or pd.isna(value) else float(value)


def _whole(value: Any) -> int | None:
    """A frame cell as an int, None when missing."""
    return None if value is None or pd.isna(value) else int(value)


def _metrics(store: Store, code: str, quarter: str, book: FactBook) -> list[PublishedMetric]:
    """The trust's published metric rows, other than the summary and domain rows the layout names."""
    layout = published_layout(quarter)
    summary = set(layout.rules.published_outputs) | set(layout.output_ids.values())
    m = store.metrics
    rows = m[(m["quarter"] == quarter) & (m["trust_code"] == code) & ~m["metric_id"].isin(summary)]
    out = []
    for r in rows.sort_values(["metric_id", "units"]).itertuples():
        described = str(getattr(r, "metric_description", "") or "")
        name = described or (layout.catalogue.get(r.metric_id).short_name if r.metric_id in layout.catalogue
                             else "a published measure")
        source = f"{r.source_file} row {int(r.source_row)}, {r.metric_id}, {quarter}"
        metric = PublishedMetric(r.metric_id, name, _number(r.value), str(r.units), _number(r.median),
                                 _number(r.lower_quartile), _number(r.upper_quartile), _whole(r.rank), source)
        out.append(metric)
        key = f"metric.{r.metric_id}" + ("" if r.units != "count" else ".count")
        book.add(f"{key}.name", "Measure, as NHS England names it", name, source, trust=None)
        if metric.value is not None:
            book.add(f"{key}.value", f"{name}: published value ({metric.units})", metric.value, source)
            book.add(f"{key}.units", f"{name}: units", metric.units, source)
        for attr in ("median", "lower_quartile", "upper_quartile"):
            value = getattr(metric, attr)
            if value is not None:
                book.add(f"{key}.{attr}", f"{name}: peer {attr.replace('_', ' ')}", value, source)
        if metric.published_rank is not None:
            book.add(f"{key}.published_rank", f"{name}: published rank among peers", metric.published_rank, source)
    return out


def _peers(published: PublishedQuarter, row: pd.Series, book: FactBook) -> list[PublishedPeers]:
    table = published.table(row["table"])
    out = []
    for kind in ("subtype", "region"):
        name = row[kind]
        group = table[(table[kind] == name) & table["rank"].notna()]
        if pd.isna(row["rank"]) or not len(group) or not name:
            continue
        position = int((group["rank"] < row["rank"]).sum()) + 1
        src = f"NHS England's published league positions of {row['table']} trusts with {kind} {name!r}, " \
              f"{published.quarter}"
        book.add(f"peers.{kind}.name", f"Peer group ({kind})", name, f"store: {kind}")
        book.add(f"peers.{kind}.position", f"Position among {name} trusts", position, src)
        book.add(f"peers.{kind}.size", f"Trusts in the group ({name})", len(group), src)
        out.append(PublishedPeers(kind, str(name), position, len(group)))
    return out


def _movement(store: Store, code: str, quarter: str, now: pd.Series, since: str | None,
              book: FactBook) -> PublishedMovement | None:
    from scoring.explain.movement import earlier_quarter

    previous = earlier_quarter(store, quarter, since)
    if previous is None:
        return None
    before = published_quarter(store, previous).trust(code)
    if before is None or pd.isna(before["segment"]) or before["table"] != now["table"]:
        return None

    def change(a: Any, b: Any) -> int | None:
        return None if pd.isna(a) or pd.isna(b) else int(b) - int(a)

    move = PublishedMovement(previous, _whole(before["segment"]), _whole(before["rank"]),
                             _number(before["average_score"]), change(before["segment"], now["segment"]),
                             change(before["rank"], now["rank"]),
                             None if pd.isna(before["average_score"]) or pd.isna(now["average_score"]) else
                             round(float(now["average_score"]) - float(before["average_score"]), 2),
                             year_of(previous) != year_of(quarter))
    sources = before["sources"] if isinstance(before["sources"], dict) else {}
    book.add("movement.previous_quarter", "Earlier quarter compared", previous, "store: quarters held")
    for key, label, value, field_name in (
            ("movement.previous_segment", "Segment in the earlier quarter", move.previous_segment, "segment"),
            ("movement.previous_rank", "League position in the earlier quarter", move.previous_rank, "rank"),
            ("movement.previous_average", "Average metric score in the earlier quarter", move.previous_average,
             "average_score")):
        if value is not None:
            book.add(key, label, value, sources.get(field_name, f"NHS England's published figures, {previous}"),
                     quarter=previous)
    chain = f"NHS England's published figures, {previous} and {quarter}"
    if move.rank_change is not None:
        book.add("movement.rank_change", "Change in league position (+ = further down)", move.rank_change, chain)
        book.add("movement.rank_change_size", "Places moved", abs(move.rank_change), chain)
    if move.segment_change is not None:
        book.add("movement.segment_change", "Change in segment (+ = lower segment)", move.segment_change, chain)
    if move.average_change is not None:
        book.add("movement.average_change", "Change in average score (+ = worse)", move.average_change, chain)
    return move


def explain_published(store: Store, code: str, quarter: str, audience: str = "public", *,
                      since: str | None = None) -> PublishedExplanation:
    """NHS England's published position of trust ``code`` (an ODS code) in a published-only ``quarter``."""
    from scoring.explain.explanation import TrustNotInQuarter

    published = published_quarter(store, quarter)
    row = published.trust(code)
    if row is None:
        raise TrustNotInQuarter(f"{code} is not in NHS England's published {quarter} figures held here.")
    sources = row["sources"] if isinstance(row["sources"], dict) else {}
    label = published_layout(quarter).table_label(row["table"])
    book = FactBook(code, quarter)
    reason_source = f"rules: {published.reason} (the tool holds rules for the years it recomputes)"
    book.add("trust_name", "Trust", row["trust_name"], "store: trusts")
    book.add("quarter", "Quarter", quarter, "store: quarter of the published data")
    book.add("table", "League table", label, f"store: trust type of {code}")
    book.add("recomputed", "Recomputed by this tool", False, reason_source)
    book.add("basis", "How the figures were obtained", AS_PUBLISHED, reason_source)
    book.add("framework_year", "Framework year without rules in this tool", published.framework_year,
             reason_source, trust=None)
    for key, label_text, value in (
            ("segment", "Segment (as published)", _whole(row["segment"])),
            ("rank", "League position (as published)", _whole(row["rank"])),
            ("average_score", "Average metric score (as published)", _number(row["average_score"])),
            ("unadjusted_segment", "Segment from scores alone (as published)", _whole(row["unadjusted_segment"])),
            ("in_deficit", "In financial deficit or receiving deficit support (as published)", row["in_deficit"]),
            ("financial_override", "Financial override applied (published segment below the unadjusted one)",
             row["financial_override"]),
            ("final_segment", "Final segment (as published)", _whole(row["final_segment"])),
            ("recovery_support", "In the Recovery Support Programme (as published)", row["recovery_support"])):
        if value is not None and not (isinstance(value, float) and pd.isna(value)):
            derived = key == "financial_override"
            src = (f"published: {sources.get('segment', '')} and {sources.get('unadjusted_segment', '')}" if derived
                   else sources.get(key, f"NHS England's published figures, {quarter}"))
            book.add(key, label_text, value, src)
    book.add("table_size", "Trusts in the table (as published)", int(row["table_size"]),
             f"NHS England's published {label} figures, {quarter}")
    metrics = _metrics(store, code, quarter, book)
    peers = _peers(published, row, book)
    move = _movement(store, code, quarter, row, since, book)
    e = PublishedExplanation(code, str(row["trust_name"]), quarter, label, audience, published.framework_year,
                             published.reason, _whole(row["segment"]), _whole(row["rank"]), int(row["table_size"]),
                             _number(row["average_score"]), _whole(row["unadjusted_segment"]), row["in_deficit"],
                             row["financial_override"], row["recovery_support"], metrics, peers, move)
    e._book = book
    e.facts = book.facts
    e.text = published_text(e, book, audience)
    return e


def _not_recomputed(e: PublishedExplanation, b: FactBook) -> str:
    return (f"These are NHS England's figures {AS_PUBLISHED}: this tool has no scoring rules for "
            f"{b.show('framework_year')} yet, so it does not recompute them or explain how the scoring placed the "
            "trust.")


def _position(e: PublishedExplanation, b: FactBook) -> str:
    where = (f"{b.show('rank', 'ordinal')} out of {b.show('table_size')} {b.show('table')} trusts"
             if "rank" in b else f"one of {b.show('table_size')} {b.show('table')} trusts")
    segment = f", in segment {b.show('segment')}" if "segment" in b else ""
    average = f", with an average metric score of {b.show('average_score', '2dp')}" if "average_score" in b else ""
    return f"{e.trust_name} was {where} in {b.show('quarter')}{segment}{average}, as NHS England published them."


def _movement_line(e: PublishedExplanation, b: FactBook) -> str:
    m = e.movement
    if m is None or "movement.previous_rank" not in b or "movement.rank_change" not in b:
        return ""
    change = b.value("movement.rank_change")
    words = ("kept the same position" if change == 0 else
             f"moved {'down' if change > 0 else 'up'} {b.show('movement.rank_change_size')} places")
    line = (f"In {b.show('movement.previous_quarter')} it was {b.show('movement.previous_rank', 'ordinal')}, so it "
            f"has {words} in NHS England's published tables.")
    if m.frameworks_differ:
        line += " The two quarters were scored under different yearly rules, so part of any change can come from " \
                "the new rules rather than the trust."
    return line


def published_text(e: PublishedExplanation, b: FactBook, audience: str) -> str:
    override = ""
    if b.value("financial_override") if "financial_override" in b else False:
        override = (f"Its scores alone put it in segment {b.show('unadjusted_segment')}; it is in segment "
                    f"{b.show('segment')} because it is in financial deficit, a rule about money, not the quality "
                    "of care.")
    lines = [_position(e, b), override, _movement_line(e, b), _not_recomputed(e, b)]
    if audience == "staff":
        out = [f"{e.trust_name} ({e.trust_code}), {b.show('table')} table, {b.show('quarter')}: "
               f"{AS_PUBLISHED}", "", *[x for x in lines if x]]
        if e.peers:
            out += ["", "Peers (by published position)"]
            out += [f"- {b.show(f'peers.{p.kind}.position', 'ordinal')} of {b.show(f'peers.{p.kind}.size')} "
                    f"{b.show(f'peers.{p.kind}.name')} trusts" for p in e.peers]
        if e.metrics:
            out += ["", "Published metric values"]
            for m in e.metrics:
                k = f"metric.{m.metric_id}" + ("" if m.units != "count" else ".count")
                value = f"{b.show(k + '.value')} {m.units}" if k + ".value" in b else "not published"
                median = f"; peer median {b.show(k + '.median')}" if k + ".median" in b else ""
                out.append(f"- {m.name} ({m.metric_id}): {value}{median}")
        return "\n".join(out)
    if audience == "press":
        return "\n".join([" ".join(x for x in lines[:3] if x), "", lines[3]])
    return " ".join([*(x for x in lines if x), CQC])


def is_published_only(explanation: object) -> bool:
    """True for a :class:`PublishedExplanation` (figures as published, not recomputed)."""
    return getattr(explanation, "recomputed", True) is False


