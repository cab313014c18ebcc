"""A quarter of a framework year without rules, shown as NHS England published it (never recomputed).

When the 2026/27 files arrive before the product holds 2026/27 rules, their quarters are *published-only*
(``scoring.frameworks.is_recomputed`` is False): the engine does not score them, and 2025/26 rules are never
applied to them. What the product shows for such a quarter is read here from NHS England's own rows:

- the summary rows of the metric files, by the ids of ``published_layout(quarter)`` (the OF5000 series:
  segment, average, unadjusted segment, deficit flag, final segment, recovery support flag), with the Rank
  NHS England publishes on the segment row (the league position) and on the average row (rank by average);
- the league-table file's rows for the quarter where one is held (its segment, average, rank, deficit flag and
  likely ranges take precedence: they are NHS England's league table itself).

Nothing is derived except what the published figures state outright: "override applied" is a published segment
worse than the published unadjusted one, and the table size is the number of trusts published in the table.
Every figure keeps its source row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nhs_league.errors import UnknownTable
from scoring.frameworks import AS_PUBLISHED, not_recomputed_reason, published_layout, year_of
from scoring.store import Store

COLUMNS = ["trust_code", "trust_name", "table", "subtype", "region", "segment", "average_score",
           "unadjusted_segment", "in_deficit", "financial_override", "final_segment", "recovery_support", "rank",
           "rank_by_average", "table_size", "likely_range_of_average_score", "likely_range_of_rank", "sources"]


@dataclass(frozen=True)
class PublishedQuarter:
    """One published-only quarter: every trust's published position (``trusts``), and why it is not recomputed."""

    quarter: str
    framework_year: str
    reason: str                 # "no rules for 2026/27"
    trusts: pd.DataFrame        # COLUMNS; ``sources`` maps each figure to "file row N, ID, quarter"
    basis: str = AS_PUBLISHED
    recomputed: bool = False

    @property
    def tables_present(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.trusts["table"]))

    def table(self, table: str) -> pd.DataFrame:
        """One table's trusts in NHS England's league order (published rank, then code)."""
        rows = self.trusts[self.trusts["table"] == table]
        return rows.sort_values(["rank", "trust_code"], na_position="last").reset_index(drop=True)

    def trust(self, code: str) -> pd.Series | None:
        rows = self.trusts[self.trusts["trust_code"] == code]
        return rows.iloc[0] if len(rows) else None


def _source(row: pd.Series, metric_id: str, quarter: str) -> str:
    return f"{row['source_file']} row {int(row['source_row'])}, {metric_id}, {quarter}"


def _from_metric_files(store: Store, quarter: str) -> pd.DataFrame:
    """One row per trust from the summary rows of the metric files (empty columns where an id is absent)."""
    ids = published_layout(quarter).output_ids           # {"segment": "OF5000", …}
    rows = store.metrics[(store.metrics["quarter"] == quarter) & store.metrics["metric_id"].isin(ids.values())]
    out: dict[str, dict] = {}
    for _, r in rows.iterrows():
        entry = out.setdefault(r["trust_code"], {"trust_code": r["trust_code"], "table": r["table"], "sources": {}})
        for field, metric_id in ids.items():
            if r["metric_id"] != metric_id:
                continue
            entry[field] = r["value"]
            entry["sources"][field] = _source(r, metric_id, quarter)
            if field == "segment" and not pd.isna(r["rank"]):
                entry["rank"] = r["rank"]
                entry["sources"]["rank"] = _source(r, metric_id, quarter) + " (Rank)"
            if field == "average_score" and not pd.isna(r["rank"]):
                entry["rank_by_average"] = r["rank"]
                entry["sources"]["rank_by_average"] = _source(r, metric_id, quarter) + " (Rank)"
    return pd.DataFrame(list(out.values()))


def _with_league_table(frame: pd.DataFrame, store: Store, quarter: str) -> pd.DataFrame:
    """The league-table file's figures (NHS England's league table itself) over the metric files' ones."""
    league = store.league
    if league is None or not len(league):
        return frame
    rows = league[league["quarter"] == quarter]
    by_code = {r["trust_code"]: r for _, r in rows.iterrows()}
    records = frame.to_dict("records") if len(frame) else []
    known = {r["trust_code"] for r in records}
    records += [{"trust_code": code, "table": r["table"], "sources": {}} for code, r in by_code.items()
                if code not in known]
    for record in records:
        r = by_code.get(record["trust_code"])
        if r is None:
            continue
        where = f"{r['source_file']} row {int(r['source_row'])}, league table, {quarter}"
        for field, column in (("segment", "segment"), ("average_score", "average_score"), ("rank", "rank"),
                              ("in_deficit", "in_financial_deficit"),
                              ("likely_range_of_average_score", "likely_range_of_average_score"),
                              ("likely_range_of_rank", "likely_range_of_rank")):
            value = r[column]
            if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
                continue
            record[field] = value
            record["sources"] = {**record["sources"], field: where}
    return pd.DataFrame(records)


def _flag(value: object) -> bool | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("yes", "true", "1", "1.0")
    return bool(float(value))  # type: ignore[arg-type]


def _build(store: Store, quarter: str) -> PublishedQuarter:
    frame = _with_league_table(_from_metric_files(store, quarter), store, quarter)
    if not len(frame):
        frame = pd.DataFrame(columns=["trust_code", "table", "sources"])
    for column in COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    frame = frame[frame["segment"].notna() | frame["average_score"].notna()].copy()
    for column in ("segment", "unadjusted_segment", "final_segment", "rank", "rank_by_average"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    frame["average_score"] = pd.to_numeric(frame["average_score"], errors="coerce").astype(float)
    frame["in_deficit"] = [_flag(v) for v in frame["in_deficit"]]
    frame["recovery_support"] = [_flag(v) for v in frame["recovery_support"]]
    both = frame["segment"].notna() & frame["unadjusted_segment"].notna()
    frame["financial_override"] = [bool(s > u) if b else None
                                   for s, u, b in zip(frame["segment"], frame["unadjusted_segment"], both)]
    frame["table_size"] = frame.groupby("table")["trust_code"].transform("size")
    info = store.trusts.set_index("trust_code")[["trust_name", "subtype", "region"]]
    frame = frame.drop(columns=["trust_name", "subtype", "region"]).join(info, on="trust_code")
    frame = frame[COLUMNS].sort_values(["table", "rank", "trust_code"], na_position="last").reset_index(drop=True)
    return PublishedQuarter(quarter, year_of(quarter), not_recomputed_reason(quarter), frame)


def published_quarter(store: Store, quarter: str) -> PublishedQuarter:
    """NHS England's published positions for ``quarter`` (worked out once per store)."""
    return store.derived(("published quarter", quarter), lambda: _build(store, quarter))


def as_engine_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """Published rows under the engine's column names, so the same filters and listings read both: NHS England's
    published segment is the engine's ``adjusted_segment`` (the league-table segment)."""
    return rows.rename(columns={"segment": "adjusted_segment"})


def published_table(store: Store, quarter: str, table: str) -> pd.DataFrame:
    """One table of a published-only quarter, in NHS England's league order."""
    published = published_quarter(store, quarter)
    if table not in published.tables_present:
        raise UnknownTable(f"NHS England's {quarter} data held here has no {table} table; tables held for "
                           f"{quarter}: {', '.join(published.tables_present) or 'none'}.")
    return published.table(table)
