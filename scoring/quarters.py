"""Quarter labels as people write them ("Q1", "q2 2025-26", "2025/26 Q1", "latest") → "Q1 2025/26"."""

from __future__ import annotations

import re

from nhs_league.errors import UnknownQuarter

_PATTERN = re.compile(r"q\s*([1-4])(?:\D+(\d{4})\s*[/-]\s*(\d{2,4}))?|(\d{4})\s*[/-]\s*(\d{2,4})\D+q\s*([1-4])",
                      re.IGNORECASE)


def sort_key(label: str) -> tuple[str, str]:
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
