"""Quarters: the one quarter type (``Quarter``), labels as people write them, and the months each covers.

NHS England labels quarters of the financial year: "Q1 2025/26" covers April to June 2025, Q2 July to
September, Q3 October to December 2025 and Q4 January to March 2026. Store frames keep the label string;
``Quarter.from_label`` turns it into a value that sorts, steps and says its months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nhs_league.errors import UnknownQuarter

_PATTERN = re.compile(r"q\s*([1-4])(?:\D+(\d{4})\s*[/-]\s*(\d{2,4}))?|(\d{4})\s*[/-]\s*(\d{2,4})\D+q\s*([1-4])",
                      re.IGNORECASE)
_LABEL = re.compile(r"^Q([1-4]) (\d{4})/(\d{2})$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter of a financial year: ``Quarter(2025, 1)`` is "Q1 2025/26" (April to June 2025)."""

    year: int       # the calendar year the financial year starts in (2025 for 2025/26)
    number: int     # 1-4

    @classmethod
    def from_label(cls, label: str) -> Quarter:
        match = _LABEL.match(label.strip())
        if not match:
            raise UnknownQuarter(f"{label!r} is not a quarter label; write it like 'Q1 2025/26'.")
        return cls(int(match.group(2)), int(match.group(1)))

    @classmethod
    def of_month(cls, year: int, month: int) -> Quarter:
        """The quarter holding a calendar month (1-12): December 2025 is Q3 2025/26, January 2026 Q4 2025/26."""
        if month <= 3:
            return cls(year - 1, 4)
        return cls(year, (month - 4) // 3 + 1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.financial_year}"

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def months(self) -> str:
        """'April to June 2025'."""
        first = (self.number - 1) * 3 + 3  # index into MONTHS: April is 3
        calendar_year = self.year + (1 if self.number == 4 else 0)
        return f"{MONTHS[first % 12]} to {MONTHS[(first + 2) % 12]} {calendar_year}"

    def shifted(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __str__(self) -> str:
        return self.label


def sort_key(label: str) -> tuple[str, str]:
    """Labels sort by financial year, then quarter ('Q4 2025/26' before 'Q1 2026/27')."""
    return (label[3:], label[:2])


def parse_quarter(text: str | None, available: list[str]) -> str:
    """The available quarter a user means; the latest when ``text`` is empty or 'latest'."""
    ordered = sorted(available, key=sort_key)
    if not ordered:
        raise UnknownQuarter("The data holds no quarters; import NHS England's files first.")
    if text is None or text.strip().lower() in ("", "latest", "current"):
        return ordered[-1]
    match = _PATTERN.search(text)
    if match:
        number = match.group(1) or match.group(6)
        start = match.group(2) or match.group(4)
        end = match.group(3) or match.group(5)
        candidates = [q for q in ordered if q.startswith(f"Q{number} ")]
        if start:
            candidates = [q for q in candidates if q[3:7] == start and q[-2:] == end[-2:]]
        if candidates:
            return candidates[-1]
    raise UnknownQuarter(f"No data for quarter {text!r}. Quarters available: {', '.join(ordered)} "
                         "(write them like 'Q1 2025/26').")
