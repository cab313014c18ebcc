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
# Columns only this tool's rules produce: left out for a quarter it does not recompute (scoring.published).
ENGINE_ONLY = ("Segment from scores alone", "Override applied", "Measures scored")


def published_note(quarter: str) -> str:
    """What a published-only quarter is, in plain words (the league and profile pages say it the same way)."""
    from scoring.frameworks import year_of

    return (f"As NHS England published it; this tool has no rules for {year_of(quarter)} yet, so it does not "
            "recompute it.")


def published_trusts(published: pd.DataFrame) -> pd.DataFrame:
    """A published-only quarter's trusts (``scoring.published.PublishedQuarter.trusts``) under the engine's column
    names, so the same filters and columns apply; the engine-only columns are dropped by :func:`shown_rows`."""
    from scoring.published import as_engine_columns

    rows = as_engine_columns(published)
    rows["metrics_scored"] = pd.NA
    return rows


@dataclass(frozen=True)
class Filters:
    table: str
    subtype: str = ALL
    region: str = ALL
    segment: int | str = ALL
    override: str = ALL      # All | Applied | Not applied


def shown_rows(trusts: pd.DataFrame, f: Filters, recomputed: bool = True) -> pd.DataFrame:
    """The rows and columns the page shows (and the CSV holds), in league order; without the engine-only columns
    for a quarter this tool does not recompute."""
    rows = trusts[trusts["table"] == f.table]
    if f.subtype != ALL:
        rows = rows[rows["subtype"] == f.subtype]
    if f.region != ALL:
        rows = rows[rows["region"] == f.region]
    if f.segment != ALL:
        rows = rows[rows["adjusted_segment"] == int(f.segment)]
    if f.override != ALL:
        rows = rows[rows["financial_override"] == (f.override == "Applied")]
    rows = rows.sort_values(["rank", "trust_code"], na_position="last")
    rows = rows[list(COLUMNS)].rename(columns=COLUMNS).reset_index(drop=True)
    return rows if recomputed else rows.drop(columns=list(ENGINE_ONLY))


def for_display(rows: pd.DataFrame) -> pd.DataFrame:
    """The same rows with flags in words (Yes/No) rather than tick boxes."""
    shown = rows.copy()
    for column in FLAGS:
        if column in shown:
            shown[column] = shown[column].map({True: "Yes", False: "No"})
    return shown


def _yes(flag) -> bool:
    """A Yes/No cell that may be unpublished (None)."""
    return flag is not None and not pd.isna(flag) and bool(flag)


def compact_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Two columns that fit a phone: "31st · Kingston and Richmond …" and "Segment 3 · average 1.77 · held by the
    override"."""
    from scoring.explain.facts import ordinal

    def result(r) -> str:
        held = (f" · held by the override (segment {int(r['Segment from scores alone'])} on scores alone)"
                if _yes(r.get("Override applied")) else "")
        support = " · in the Recovery Support Programme" if _yes(r["Recovery Support Programme"]) else ""
        deficit = " · in deficit" if "Override applied" not in r and _yes(r["In deficit"]) else ""
        segment = "Segment –" if pd.isna(r["Segment"]) else f"Segment {int(r['Segment'])}"
        average = "average –" if pd.isna(r["Average score"]) else f"average {r['Average score']:.2f}"
        return f"{segment} · {average}{held}{support}{deficit}"

    def place(r) -> str:
        return "Not ranked" if pd.isna(r["Position"]) else ordinal(int(r["Position"]))

    return pd.DataFrame({"Trust": [f"{place(r)} · {r['Trust']}" for _, r in rows.iterrows()],
                         "Result": [result(r) for _, r in rows.iterrows()]})
