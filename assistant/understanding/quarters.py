"""The quarters a question names: labels ("Q1", "q2 2025/26", "third quarter"), months ("in December",
"Oct–Dec 2025"), financial years ("2024/25") and relative words ("last quarter", "this quarter", "since the
first league table"), read against the quarters held for the table in question.

A quarter named that the data does not hold is still returned (the answer must say it is not held, never
answer for another quarter silently); a financial year named without a quarter is returned as a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.quarters import MONTHS, Quarter

_LABEL = re.compile(r"\b(?:(20\d\d) (\d\d(?:\d\d)?) )?(?:q ?|quarter )([1-4])\b(?: (?:of )?(20\d\d) (\d\d(?:\d\d)?))?"
                    r"(?: (\d\d) (\d\d)\b)?")
_ORDINAL = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter\b(?: of (20\d\d) (\d\d(?:\d\d)?))?")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_MONTH_NAMES = {m.lower(): i + 1 for i, m in enumerate(MONTHS)} | {m[:3].lower(): i + 1 for i, m in
                                                                    enumerate(MONTHS)} | {"sept": 9}
_MONTH = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
# "oct to dec 2025", "october-december", "jan 2026", "in december"
_MONTHS = re.compile(rf"\b({_MONTH})(?:(?: to| and| until| through)? ({_MONTH}))?(?: (20\d\d))?\b")
_YEAR = re.compile(r"\b(20\d\d) (\d\d(?:\d\d)?)\b")
# "in 2024", "back in 2019", "how is it doing in 2026": a calendar year (not "2025/26", not "2,000 patients")
_CALENDAR_YEAR = re.compile(r"\b(in|during|for|from|of|until|by|around|early|late|mid|throughout) (20[0-4]\d)\b(?! \d\d\b)")
# "league table 2024", "2024 position", "this year vs 2024": a year with no preposition, beside table words
_BARE_YEAR = re.compile(r"(?:^|\b(?:vs|versus|than|and|or|to|table|tables|position|positions|ranking|rankings|rank|"
                        r"ranked|league|segment|results|figures|scores?)) (20[12]\d)\b(?! \d\d\b)|"
                        r"\b(20[12]\d) (?=(?:league|table|tables|position|ranking|rankings|rank|segment|results|figures|"
                        r"scores?|vs|versus|compared)\b)|\b(20[12]\d)$")
_PREVIOUS = re.compile(r"\b(last|previous|prior|preceding|the quarter before) (quarter|qtr|time|table|league table|"
                       r"publication|release)\b|\blast time\b|^(and |so |what about |how about )?(in )?the (quarter|one) "
                       r"before( that| then)?$")
_CURRENT = re.compile(r"\b(this|current|latest|newest|most recent|now)(?: (quarter|qtr|table|league table|figures|"
                      r"data|results|publication|release))\b(?! [1-4]\b)|\bright now\b|\bat the moment\b|\bcurrently\b|"
                      r"\bnow\b")
_FIRST = re.compile(r"\b(first|original|initial) (\w+ ){0,2}(league table|table|publication|results|tables)\b|"
                    r"\bwhen (it|they|the tables?|the league tables?) (first )?(came out|started|began|(was|were) (first )?"
                    r"published)\b|"
                    r"\bthe first one (in (september|sept|sep)|published|that came out|out)\b")
# "in the summer", "over christmas": the month that season stands for (summer is July to September, Q2)
_SEASONS = re.compile(r"\b(summer|autumn|christmas|xmas|winter|spring)( (20\d\d))?\b(?! (school|holiday|term|break))")
_SEASON_MONTH = {"summer": 8, "autumn": 11, "christmas": 12, "xmas": 12, "winter": 1, "spring": 4}
# "since the tables started", "when the tables first came out": the first quarter held
_START = re.compile(r"(?<=since )(the )?(very )?(start|beginning)\b|(?<=since )(the )?(league )?tables? (first )?"
                    r"(started|began|came out|were (first )?published)\b|(?<=since )(they|it) (started|began)\b|"
                    r"\bwhen (the )?(league )?(tables?|it|they) (first )?(came out|started|began|(was|were) (first )?published)\b|"
                    r"\bfirst (came out|published)\b|\b(at )?the (very )?(start|beginning) of the (financial |nhs )?year\b")
# "between the first and second league tables": the tables of the year in order of publication
_NTH_TABLES = re.compile(r"\b(first|second|third|fourth)( and (?:the )?(second|third|fourth))? (\w+ )?(league tables?|"
                         r"tables?|publications?|releases?)\b")
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4}
# "over the year", "every quarter this year": a move from the first quarter of the year held
_THIS_YEAR = re.compile(r"\b(over|across|during|through|throughout) the (whole |last )?year\b|\bthis year\b|"
                        r"\bevery (single )?quarter\b|\ball year\b|\bsince april\b|\bover the last year\b|\balways\b|"
                        r"\beach quarter\b|\b(all|the|across the|across all|over the|over all) (four|4|) ?quarters\b|"
                        r"\b(between |in |at )?which quarters?\b|\bwhen did\b|\bwhen$|\bused to\b|"
                        r"\bquarter by quarter\b|\bbouncing around\b|\byear so far\b")
_ONE_BEFORE = re.compile(r"\b(the one|the quarter|the table) before( that| it)?\b|\bthe previous one\b")
_BEFORE_THE_TABLES = re.compile(r"\bbefore (the )?(league )?(tables?|rankings?|segmentation|framework) (even |ever |first )?"
                                r"(started|began|existed|came in|came out|were published|was published|were made)\b|"
                                r"\bbefore there (were|was) (any )?(league )?(tables?|rankings?)\b")
_SINCE = re.compile(r"\b(since|from|after|than)\b")
# "and the year before?", "compared with last year": the financial year before the one in question
_YEAR_BEFORE = re.compile(r"\b(the|a) year (before|earlier|ago|prior)\b|\b(the )?previous (financial )?year\b|"
                          r"(?<!over the )(?<!during the )(?<!in the )(?<!across the )\blast year( ?s)?\b|"
                          r"\bthis time last year\b")


@dataclass(frozen=True)
class QuarterReading:
    quarter: str | None = None          # the quarter asked about (None: the latest held)
    since: str | None = None            # a move's earlier quarter
    years: tuple[str, ...] = ()         # financial years named without a quarter ("2024/25")
    relative: bool = False              # "last quarter" etc.: read against the latest quarter held


# The user's own dates: a month or season just after words about their care ("having my baby there in March",
# "in and out of the infirmary since the summer") is when it happens, not a quarter asked about.
_OWN_EVENT = re.compile(r"\b(due|booked|appointment|operation|op|surgery|scan|baby|admitted|going in|in and out|died|"
                        r"passed away|"
                        r"been (in|at) (hospital|there)|staying|birth|having (my|her|his|our|the) \w+|(knee|hip|op) done)\b")


def without_own_dates(norm: str) -> str:
    """``norm`` without the user's own dates ("… in and out of there since the summer" loses "since the
    summer"), so they are read as neither a quarter nor a move."""
    spans = [m.span() for pattern in (_SEASONS, _MONTHS, _YEAR_BEFORE) for m in pattern.finditer(norm)
             if _personal_date(norm, m)]
    for start, end in sorted(spans, reverse=True):
        lead = re.search(r"\b(since|in|from|during|over|for|on|by)( the)? $", norm[:start])
        norm = norm[:lead.start() if lead else start] + norm[end:]
    return " ".join(norm.split())


def _personal_date(norm: str, match: re.Match[str]) -> bool:
    before = norm[:match.start()].split()[-10:]
    return bool(_OWN_EVENT.search(" ".join(before))) and not re.search(r"\b(table|tables|league|ranking|rank|ranked|"
                                                                       r"segment|position)\b", " ".join(before[-4:]))


def _financial_year(start: str, end: str) -> int | None:
    first = int(start)
    if int(end[-2:]) != (first + 1) % 100:
        return None
    return first


def _in_calendar(month: int, year: int | None, held: list[Quarter]) -> Quarter:
    """The quarter holding a month: of the year given, else the latest held quarter with that month, else
    the month in the latest held financial year."""
    if year is not None:
        return Quarter.of_month(year, month)
    for quarter in reversed(held):
        for calendar_year in (quarter.year, quarter.year + 1):
            if Quarter.of_month(calendar_year, month) == quarter:
                return quarter
    latest = held[-1] if held else Quarter(2025, 1)
    return Quarter.of_month(latest.year + (1 if month <= 3 else 0), month)


def read_quarters(norm: str, held_labels: list[str], anchor: str | None = None,
                  subject_wide: bool = False) -> QuarterReading:
    """Quarters named in ``norm`` (a normalised question), against ``held_labels`` (the quarters held for the
    table the question is about, any order). Relative words ("last quarter") count from ``anchor`` (the quarter
    the conversation is about) when given, else from the latest held. ``subject_wide``: the question is about
    every table, so "now" means each table's own latest quarter (no one quarter is named)."""
    held = sorted(Quarter.from_label(q) for q in held_labels)
    current = Quarter.from_label(anchor) if anchor else (held[-1] if held else None)
    named: list[tuple[int, Quarter]] = []
    taken: list[tuple[int, int]] = []
    relative = False

    def free(match: re.Match[str]) -> bool:
        return not any(match.start() < e and s < match.end() for s, e in taken)

    for match in _LABEL.finditer(norm):
        start, end = match.group(1) or match.group(4) or match.group(6), match.group(2) or match.group(5) or \
            match.group(7)
        year = None
        if start and end:
            year = _financial_year(start if len(start) == 4 else "20" + start, end)
        if year is None:
            year = current.year if current else 2025
        named.append((match.start(), Quarter(year, int(match.group(3)))))
        taken.append(match.span())
    for match in _ORDINAL.finditer(norm):
        if not free(match):
            continue
        year = _financial_year(match.group(2), match.group(3)) if match.group(2) else None
        named.append((match.start(), Quarter(year if year is not None else (current.year if current else 2025),
                                             _ORDINALS[match.group(1)])))
        taken.append(match.span())
    first_table = _FIRST.search(norm)

    def of_the_first_table(match: re.Match[str]) -> bool:
        """"the first table, in the autumn", "when it first came out in September": the first quarter, not
        another ("at Christmas, and in the first table" names two)."""
        if first_table is None:
            return False
        gap = norm[min(first_table.end(), match.end()):max(first_table.start(), match.start())]
        return len(gap.split()) <= 4 and not re.search(r"\band\b|\bvs\b|\bcompared\b|\bthan\b", gap)

    for match in _SEASONS.finditer(norm):
        if of_the_first_table(match):
            continue
        if _personal_date(norm, match):
            continue  # "my dad has been in and out of there since the summer": his stay, not a quarter asked about
        month = _SEASON_MONTH[match.group(1)]
        year = int(match.group(3)) + (1 if month == 1 else 0) if match.group(3) else None
        named.append((match.start(), _in_calendar(month, year, held)))
        taken.append(match.span())
    for match in _MONTHS.finditer(norm):
        word = match.group(1)
        if of_the_first_table(match):
            continue                                     # "the first table, in September": the first quarter
        if not free(match) or (word in ("may", "march") and not (match.group(2) or match.group(3)) and
                               not re.search(rf"\b(in|during|for|of|by) {word}\b", norm)):
            continue  # "may" the verb, "march" the walk
        if _personal_date(norm, match):
            continue  # "I'm due in March": the user's own date, not a quarter asked about
        year = int(match.group(3)) if match.group(3) else None
        last_month = _MONTH_NAMES[match.group(2) or word]
        named.append((match.start(), _in_calendar(last_month, year, held)))
        taken.append(match.span())
    years = []
    calendar_years = [(match, int(match.group(2))) for match in _CALENDAR_YEAR.finditer(norm)]
    calendar_years += [(match, int(match.group(1) or match.group(2) or match.group(3)))
                       for match in _BARE_YEAR.finditer(norm)]
    for match, calendar_year in calendar_years:
        if not free(match):
            continue
        january, december = Quarter.of_month(calendar_year, 1), Quarter.of_month(calendar_year, 12)
        in_year = [q for q in held if january <= q <= december]
        if in_year:                                      # the latest quarter held in that year
            named.append((match.start(), in_year[-1]))
        elif held and december < held[0]:                # before the tables began
            years.append(str(calendar_year))
        else:                                            # after the table's latest: its first quarter, not held
            named.append((match.start(), january))
        taken.append(match.span())
    for match in _YEAR.finditer(norm):
        if free(match):
            first = _financial_year(match.group(1), match.group(2))
            if first is not None:
                years.append(f"{first}/{(first + 1) % 100:02d}")
    if held and _BEFORE_THE_TABLES.search(norm):               # "before the league tables started"
        years.append(f"{held[0].year - 1}/{held[0].year % 100:02d}")
    if current is not None and _YEAR_BEFORE.search(norm):
        start = int(current.financial_year[:4]) - 1
        years.append(f"{start}/{(start + 1) % 100:02d}")
    if current is not None:
        for match in _PREVIOUS.finditer(norm):
            relative = True
            named.append((match.start(), current.shifted(-1)))
        for match in _CURRENT.finditer(norm):
            relative = True
            if not subject_wide:
                named.append((match.start(), held[-1] if held else current))   # "now" is the latest held
        for match in _NTH_TABLES.finditer(norm):
            relative = True
            first_year = held[0].year if held else current.year
            for group, offset in ((1, 0), (3, 1)):
                if match.group(group):
                    n = _NTH[match.group(group)]
                    named.append((match.start() + offset, held[n - 1] if len(held) >= n else Quarter(first_year, n)))
            taken.append(match.span())
        for match in _START.finditer(norm):
            if free(match):
                relative = True
                named.append((match.start(), held[0] if held else current))
                taken.append(match.span())
        for match in _FIRST.finditer(norm):
            if free(match):
                relative = True
                named.append((match.start(), held[0] if held else current))
    named.sort(key=lambda pair: pair[0])
    labels: list[Quarter] = []
    for _, quarter in named:
        if quarter not in labels:
            labels.append(quarter)
    years = [y for y in years if not any(q.financial_year == y for q in labels)]
    if not labels and held and _THIS_YEAR.search(norm):
        first_of_year = next(q for q in held if q.year == held[-1].year)
        if first_of_year != held[-1]:
            return QuarterReading(since=first_of_year.label, years=tuple(years), relative=True)
    if not labels:
        return QuarterReading(years=tuple(years), relative=relative)
    if len(labels) == 1 and _ONE_BEFORE.search(norm):
        labels.append(labels[0].shifted(-1))             # "last quarter compared to the one before"
    if len(labels) >= 2:
        earlier, later = min(labels), max(labels)       # "Q4, and how that compares with Q3 and Q2"
        return QuarterReading(quarter=later.label, since=earlier.label, years=tuple(years), relative=relative)
    first_position = named[0][0]
    if _SINCE.search(norm[max(0, first_position - 12):first_position]) or \
            re.search(r"\bthan (it|they|we) (was|were) (in )?(the )?$|\b(improv\w*|better|worse|up|down) on (the )?$",
                      norm[max(0, first_position - 20):first_position]) or \
            re.search(r"\bsince\b", norm[max(0, first_position - 40):first_position]):
        until = current.label if anchor and current is not None and current > labels[0] else None
        return QuarterReading(quarter=until, since=labels[0].label, years=tuple(years), relative=relative)
    return QuarterReading(quarter=labels[0].label, years=tuple(years), relative=relative)
