"""How tables are laid out on a wide screen and on a phone, and how their cells are written.

Streamlit does not tell the server how wide the screen is, so a page starts compact when the browser says it is a
phone (its User-Agent has "Mobi", as every phone browser's does) and anyone can switch with the "Compact layout"
toggle. Compact means cards (or a two-column table) instead of a wide table that a phone would cut off.
Cells are written here once: two decimal places, "score only" for a measure published without a value, Yes/No.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

SCORE_ONLY = "score only"


def phone() -> bool:
    """Whether the browser says it is a phone (User-Agent with "Mobi")."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # noqa: BLE001 - no request headers (tests): a wide screen
        return False
    return "Mobi" in agent


def compact(key: str) -> bool:
    """A "Compact layout" toggle for one page, on by default on a phone."""
    return st.toggle("Compact layout (for phones)", value=phone(), key=key,
                     help="Cards instead of a wide table, so nothing is cut off on a small screen.")


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def two_dp(value: Any, empty: str = "–") -> str:
    return empty if missing(value) else f"{float(value):.2f}"


def number(value: Any, empty: str = "–") -> str:
    """A published value as published, with at most two decimal places (no trailing zeros added or lost)."""
    if missing(value):
        return empty
    v = float(value)
    return str(int(v)) if v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")


def signed(value: Any) -> str:
    if missing(value):
        return "–"
    v = float(value)
    return ("+" if v > 0 else "−" if v < 0 else "") + f"{abs(v):.2f}"


def yes_no(value: Any) -> str:
    return "Yes" if bool(value) else "No"


def with_units(value: Any, units: str) -> str:
    """"0.65%", "6.57 out of 10", "3 cases"; "score only" when NHS England published only the score."""
    if missing(value):
        return SCORE_ONLY
    unit = (units or "").strip()
    return f"{number(value)}{UNITS.get(unit, ' ' + unit if unit else '')}"


UNITS = {"percent": "%", "%": "%", "percentage points": " points", "out of 10": " out of 10", "days": " days",
         "mins": " minutes", "count": "", "rate": " (rate)", "score": ""}
