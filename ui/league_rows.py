"""The rows the league table page shows (and its CSV holds): filters over the engine's results, in league order."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TABLE_LABELS = {"acute": "Acute", "mental-health-community": "Mental health and community", "ambulance": "Ambulance"}
ALL = "All"
# "Segment" is the league-table segment (after the override) everywhere, as in the chat and on the profile; the
# Recovery Support Programme (segment 5) is its own column.
COLUMNS = {"rank": "Position", "trust_name": "Trust", "trust_code": "ODS code", "adjusted_segment": "Segment",
           "average_score": "Average score", "unadjusted_segment": "Segment from scores alone",
           "financial_override": "Override applied", "recovery_support": "Recovery Support Programme",
           "in_deficit": "In deficit", "metrics_scored": "Measures scored", "subtype": "Type", "region": "Region"}
# What a reader needs first; the rest are one choice away ("More columns").
MAIN_COLUMNS = ["Position", "Trust", "Segment", "Average score", "Segment from scores alone", "Override applied"]
FLAGS = ("Override applied", "Recovery Support Programme", "In deficit")


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
        rows = rows[rows["adjusted_segment"] == int(f.segment)]
    if f.override != ALL:
        rows = rows[rows["financial_override"] == (f.override == "Applied")]
    rows = rows.sort_values(["rank", "trust_code"])
    return rows[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)


def for_display(rows: pd.DataFrame) -> pd.DataFrame:
    """The same rows with flags in words (Yes/No) rather than tick boxes."""
    shown = rows.copy()
    for column in FLAGS:
        shown[column] = shown[column].map({True: "Yes", False: "No"})
    return shown


def compact_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Two columns that fit a phone: "31st · Kingston and Richmond …" and "Segment 3 · average 1.77 · held by the
    override"."""
    from scoring.explain.facts import ordinal

    def result(r) -> str:
        held = (f" · held by the override (segment {int(r['Segment from scores alone'])} on scores alone)"
                if r["Override applied"] else "")
        support = " · in the Recovery Support Programme" if r["Recovery Support Programme"] else ""
        return f"Segment {int(r['Segment'])} · average {r['Average score']:.2f}{held}{support}"

    return pd.DataFrame({"Trust": [f"{ordinal(r['Position'])} · {r['Trust']}" for _, r in rows.iterrows()],
                         "Result": [result(r) for _, r in rows.iterrows()]})
