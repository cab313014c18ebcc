"""Which league table, region and trust subtype a question means, and the shape of a table question."""

from __future__ import annotations

import re
from dataclasses import dataclass

ACUTE, MHC, AMBULANCE = "acute", "mental-health-community", "ambulance"
_TABLE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bambulance (trusts?|services?|table|league)\b|\bambulance\b(?= one\b)"), AMBULANCE),
    (re.compile(r"\bmental health and community\b|\bnon acute\b|\bmental health (trusts?|table|providers?|ones?|"
                r"league)\b|\bcommunity (trusts?|table|providers?|ones?|health trusts?)\b"
                r"|\bmental health\b(?! crisis)"), MHC),
    (re.compile(r"\bacute\b|\bhospital (trusts?|table|league|ones?)\b|\bteaching hospitals\b|"
                r"\bspecialist (trusts?|hospitals?)\b|\bhospitals\b|\bgeneral hospital\b|\bhospital one\b"),
     ACUTE),
]
# Canonical NHS region -> the labels the published files use for it (acute files say "North East", "East").
REGIONS: dict[str, tuple[str, ...]] = {
    "London": ("London",),
    "North West": ("North West",),
    "North East and Yorkshire": ("North East and Yorkshire", "North East"),
    "Midlands": ("Midlands",),
    "East of England": ("East of England", "East"),
    "South East": ("South East",),
    "South West": ("South West",),
}
_REGION_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bnorth east( and yorkshire)?\b|\byorkshire\b|\bnortheast\b"), "North East and Yorkshire"),
    (re.compile(r"\bnorth west\b|\bnorthwest\b"), "North West"),
    (re.compile(r"\bsouth east\b|\bsoutheast\b"), "South East"),
    (re.compile(r"\bsouth west\b|\bsouthwest\b"), "South West"),
    (re.compile(r"\beast of england\b|\bin the east\b|\beast anglia\b"), "East of England"),
    (re.compile(r"\b(east |west )?midlands\b"), "Midlands"),
    (re.compile(r"\blondon\b"), "London"),
]
_SUBTYPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?<!non )specialist\b"), "Acute - Specialist"),
    (re.compile(r"\bteaching\b"), "Acute - Teaching"),
    (re.compile(r"\blarge (acute|hospital)"), "Acute - Large"),
    (re.compile(r"\bmedium (sized )?(acute|hospital)"), "Acute - Medium"),
    (re.compile(r"\bsmall (acute|hospital)"), "Acute - Small"),
    (re.compile(r"\bmulti service\b"), "Acute - Multi-Service"),
    (re.compile(r"\bcare trusts?\b"), "Care Trust"),
    (re.compile(r"(?<!and )\bcommunity (trusts?|providers?|ones?)\b|\bcommunity health trusts?\b"), "Community"),
    (re.compile(r"\blearning disabilit"), "Mental Health and Learning Disability"),
]
_SUBTYPE_TABLE = {"Community": MHC, "Care Trust": MHC, "Mental Health and Learning Disability": MHC}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twenty": 20, "a dozen": 12, "dozen": 12}
_N = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty|dozen)"
_TOP = re.compile(rf"\b(top|best|highest|leading|first)( {_N})?\b|\b{_N} (best|highest|top)\b|\bwho is (top|first)\b"
                  r"|\b(top|head) of the (table|league)\b")
_BOTTOM = re.compile(rf"\b(bottom|worst|lowest|last)( {_N})?\b|\b{_N} (worst|lowest)\b|\bwho is (bottom|last)\b")
_SEGMENT = re.compile(r"\bsegment ([1-5])\b|\b(recovery support|improvement programme|provider improvement|"
                      r"intensive recovery|rsp\b|pip\b)")


@dataclass(frozen=True)
class TableQuery:
    """What a table question asks for. ``kind``: top, bottom, count_segment, count_override, list_segment,
    list_override, count_table, best_non_specialist, by_region, by_subtype, above."""

    kind: str
    n: int | None = None
    segment: int | None = None
    region: str | None = None                    # canonical NHS region ("North East and Yorkshire")
    subtype: str | None = None                   # the store's subtype label ("Acute - Specialist")
    override: str | None = None                  # "held_back" (override moved them down) | "flag" (in deficit)

    @property
    def region_labels(self) -> tuple[str, ...]:
        """The region labels used in the store for ``region`` (acute files use 'North East', 'East')."""
        return REGIONS.get(self.region, ()) if self.region else ()


def find_table(norm: str) -> str | None:
    for pattern, table in _TABLE_WORDS:
        if pattern.search(norm):
            return table
    return None


def find_region(norm: str) -> str | None:
    for pattern, region in _REGION_WORDS:
        if pattern.search(norm):
            return region
    return None


def find_subtype(norm: str) -> str | None:
    for pattern, subtype in _SUBTYPES:
        if pattern.search(norm):
            return subtype
    return None


def subtype_table(subtype: str | None) -> str | None:
    if subtype is None:
        return None
    return _SUBTYPE_TABLE.get(subtype, ACUTE)


def _count(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text)


def _segment(norm: str) -> int | None:
    match = _SEGMENT.search(norm)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 5


def read_table_query(norm: str) -> TableQuery:
    """The table question's shape; assumes the question is a table question."""
    region, subtype = find_region(norm), find_subtype(norm)
    segment = _segment(norm)
    counting = bool(re.search(r"\bhow many\b|\bnumber of\b|\bcount\b", norm))
    if re.search(r"\bnon specialist\b|\bgeneral (acute|hospital)\b|\bnot specialist\b|\bexcluding specialist",
                 norm):
        return TableQuery("best_non_specialist", n=1, region=region)
    if re.search(r"\b(above|ahead of|higher than|better than) (it|them|us|this|that|trustref)\b", norm):
        return TableQuery("above", region=region, subtype=subtype)
    if re.search(r"\boverride\b|\bheld back\b|\bin deficit\b|\bdeficit flag\b", norm):
        override = "flag" if re.search(r"\bflag|\bin deficit\b|\bhave the financial override\b", norm) \
            and not re.search(r"held back|moved down|capped", norm) else "held_back"
        from_segment = re.search(r"\bfrom segment ([12])\b", norm)
        return TableQuery("count_override" if counting else "list_override", override=override, region=region,
                          subtype=subtype, segment=int(from_segment.group(1)) if from_segment else None)
    if segment is not None:
        return TableQuery("count_segment" if counting else "list_segment", segment=segment, region=region,
                          subtype=subtype)
    top, bottom = _TOP.search(norm), _BOTTOM.search(norm)
    if top or bottom:
        match = top if top and (not bottom or top.start() <= bottom.start()) else bottom
        numbers = [g for g in match.groups() if g and (g.isdigit() or g in _NUMBER_WORDS)]
        n = _count(numbers[0]) if numbers else None
        if n is None:
            plural = re.search(r"\b(trusts|hospitals|ones|providers|services)\b", norm)
            n = 10 if plural else 1
        return TableQuery("top" if match is top else "bottom", n=n, region=region, subtype=subtype)
    if counting:
        return TableQuery("count_table", region=region, subtype=subtype)
    if region:
        return TableQuery("by_region", region=region, subtype=subtype)
    if subtype:
        return TableQuery("by_subtype", subtype=subtype)
    return TableQuery("top", n=10)
