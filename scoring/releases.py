"""NHS England's cumulative releases: overlapping files merged into one set of facts, revisions listed.

Each release repeats the earlier quarters of the year, so a folder may hold the same row several times.
Rows are keyed by what they describe (metric rows: quarter, trust, metric id, units; league-table rows:
quarter, trust). For a key held by more than one file:

- identical published values are one fact (kept once, cited from the later publication);
- a differing value is a **revision**: the later publication wins and the change is listed.

**Which publication is later.** Files are ordered, oldest first, by
1. the latest quarter the file holds (a release running to Q4 was published after one running to Q2:
   NHS England publishes each quarter's data after the quarter ends);
2. then the file's modification time (two files running to the same quarter: a re-issue is newer);
3. then the order the files were given (command-line order; a folder's files in name order).
File names are never read for dates or quarters. A row a later release does not repeat is kept: absence is
not read as a withdrawal.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import pandas as pd

from scoring.quarters import sort_key

METRIC_KEY = ["quarter", "trust_code", "metric_id", "units"]
METRIC_VALUES = ["value", "median", "lower_quartile", "upper_quartile", "rank"]
LEAGUE_KEY = ["quarter", "trust_code"]
LEAGUE_VALUES = ["average_score", "likely_range_of_average_score", "segment", "in_financial_deficit", "rank",
                 "likely_range_of_rank"]
FIELD_WORDS = {"value": "value", "median": "peer median", "lower_quartile": "lower quartile",
               "upper_quartile": "upper quartile", "rank": "rank", "average_score": "average score",
               "likely_range_of_average_score": "likely range of the average", "segment": "segment",
               "in_financial_deficit": "in financial deficit", "likely_range_of_rank": "likely range of the rank"}


@dataclass(frozen=True)
class Revision:
    """One published value a later file changed. ``item`` is the metric id (and units) or 'league table'."""

    file: str
    previous_file: str
    trust_code: str
    item: str
    quarter: str
    field: str
    old: object
    new: object

    def line(self) -> str:
        """One plain line: file, trust, metric, quarter, old → new."""
        what = FIELD_WORDS.get(self.field, self.field)
        return (f"{self.file}: {self.trust_code} {self.item} {what}, {self.quarter}: {_text(self.old)} → "
                f"{_text(self.new)} (was {self.previous_file})")

    def to_dict(self) -> dict:
        return {k: _plain(v) for k, v in asdict(self).items()}


def _plain(value: object) -> object:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _text(value: object) -> str:
    value = _plain(value)
    if value is None or value == "":
        return "blank"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def publication_order(latest_quarters: list[str | None], modified: list[float]) -> list[int]:
    """Positions of the files, oldest publication first (see the module docstring for the rule)."""
    def key(i: int):
        q = latest_quarters[i]
        return (sort_key(q) if q else ("", ""), modified[i], i)
    return sorted(range(len(latest_quarters)), key=key)


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    return (a == b) | (a.isna() & b.isna())


def merge_releases(frames: list[pd.DataFrame], key: list[str], values: list[str],
                   item: str | None = None) -> tuple[pd.DataFrame, list[Revision]]:
    """Rows of ``frames`` (oldest publication first; each with ``source_file``) merged: one row per key, the
    latest publication's; every changed value a :class:`Revision`. ``item`` names league-table rows."""
    if not frames:
        return pd.DataFrame(), []
    rows = pd.concat([f.assign(_publication=n) for n, f in enumerate(frames)], ignore_index=True)
    repeated = rows[rows.duplicated(key, keep=False)].sort_values(key + ["_publication"], kind="stable")
    revisions: list[Revision] = []
    if len(repeated):
        previous = repeated.groupby(key, sort=False).shift(1)
        has_previous = previous["source_file"].notna()
        for column in values:
            changed = has_previous & ~_same(repeated[column], previous[column])
            for i in changed[changed].index:
                r, p = repeated.loc[i], previous.loc[i]
                label = item or (f"{r['metric_id']} ({r['units']})" if r.get("units") else str(r["metric_id"]))
                revisions.append(Revision(str(r["source_file"]), str(p["source_file"]), str(r["trust_code"]), label,
                                          str(r["quarter"]), column, p[column], r[column]))
    merged = rows.drop_duplicates(key, keep="last").drop(columns="_publication")
    revisions.sort(key=lambda v: (sort_key(v.quarter), v.trust_code, v.item, v.file, values.index(v.field)))
    return merged.reset_index(drop=True), revisions
