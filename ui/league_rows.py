"""The rows the league table page shows (and its CSV holds): filters over the engine's results, in league order."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TABLE_LABELS = {"acute": "Acute", "mental-health-community": "Mental health and community", "ambulance": "Ambulance"}
ALL = "All"
COLUMNS = {"rank": "Position", "trust_name": "Trust", "trust_code": "ODS code", "final_segment": "Segment",
           "average_score": "Average score", "unadjusted_segment": "Segment from scores alone",
           "financial_override": "Override applied", "in_deficit": "In deficit", "metrics_scored": "Metrics scored",
           "subtype": "Type", "region": "Region"}


@dataclass(frozen=True)
class Filters:
    table: str
    subtype: str = ALL
    region: str = ALL
    segment: int | str = ALL
    override: str = ALL      # All | Applied | Not applied


def shown_rows(trusts: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The rows and columns the page shows (and the CSV holds), in league order."""
    rows = trusts[trusts["table"] == f.table]
    if f.subtype != ALL:
        rows = rows[rows["subtype"] == f.subtype]
    if f.region != ALL:
        rows = rows[rows["region"] == f.region]
    if f.segment != ALL:
        rows = rows[rows["final_segment"] == int(f.segment)]
    if f.override != ALL:
        rows = rows[rows["financial_override"] == (f.override == "Applied")]
    rows = rows.sort_values(["rank", "trust_code"])
    return rows[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)
