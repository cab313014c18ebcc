"""Where a figure comes from, in the words a person would use.

A ``Fact``'s ``source`` is a technical trace ("nof_2025-26_q1_acute_trust_data.csv row 1234, OF5002, Q1 2025/26",
"engine: |distance| ≤ 0.01", "store: trusts"). It stays as it is: the evaluation and staff read it. Everything
a person reads (the chat's "How we worked this out", the trust profile, the press brief) shows
:func:`plain_source` instead, and keeps the trace for staff under "technical detail" (:func:`technical`).

    plain_source("nof_2025-26_q1_acute_trust_data.csv row 1234, OF5002, Q1 2025/26")
    → "NHS England's Q1 2025/26 acute data file, row 1,234"
    plain_source("engine: |distance| ≤ 0.01")
    → "worked out by this tool from NHS England's published figures"

Every layer calls these functions, so a source is worded the same way everywhere. :func:`plain_label` does the
same for a fact's label ("OF1003 name" → "52-week waits (hospital): name").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

WORKED_OUT = "worked out by this tool from NHS England's published figures"
TABLES = {"acute": "acute", "mental_health_community": "mental health and community", "ambulance": "ambulance",
          "mental-health-community": "mental health and community"}
MONTHS = {"jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
          "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November",
          "dec": "December"}

_FILE = re.compile(r"nof_(?P<year>\d{4})-(?P<yy>\d{2})_(?P<quarters>q\d(?:-q\d)?)_(?P<table>[a-z_]+?)_trust_"
                   r"(?P<kind>data|league_table)\.csv(?: row (?P<row>\d+))?")
_ANY_FILE = re.compile(r"[\w.-]+\.csv(?: row (?P<row>\d+))?")
_PERIOD = re.compile(r"\(reporting period (?P<period>[^)]*)\)")
_METRIC_ID = re.compile(r"\bOF\d{4}\b")
_QUARTER = re.compile(r"\bQ[1-4] \d{4}/\d{2}\b")


def _thousands(row: str) -> str:
    return f"{int(row):,}"


def _month_words(period: str) -> str:
    """"Jun-25" → "June 2025", "Jul 24 - Jun 25" → "July 2024 to June 2025"; anything else as published."""
    def one(match: re.Match) -> str:
        return f"{MONTHS[match.group(1).lower()]} 20{match.group(2)}"

    text = re.sub(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[- ](\d{2})\b", one, period)
    return text.replace(" - ", " to ").replace(" vs ", " compared with ")


def file_words(match: re.Match) -> str:
    """One published file (and row) in words: "NHS England's Q1 2025/26 acute data file, row 1,234"."""
    year = f"{match.group('year')}/{match.group('yy')}"
    quarters = match.group("quarters").upper().replace("-", " to ")
    table = TABLES.get(match.group("table"), match.group("table").replace("_", " "))
    kind = "league table file" if match.group("kind") == "league_table" else "data file"
    row = f", row {_thousands(match.group('row'))}" if match.group("row") else ""
    return f"NHS England's {quarters} {year} {table} {kind}{row}"


def _file_source(text: str) -> str | None:
    match = _FILE.search(text)
    if match is None:
        other = _ANY_FILE.search(text)
        if other is None:
            return None
        row = other.group("row")
        return "NHS England's published file" + (f", row {_thousands(row)}" if row else "")
    words = file_words(match)
    period = _PERIOD.search(text)
    if period and period.group("period").strip():
        words += f" (figures for {_month_words(period.group('period').strip())})"
    if "likely ranges" in text:
        words += ", likely ranges"
    return words


# Engine steps, matched in order, in words. A step not listed is "worked out by this tool from …".
_ENGINE_STEPS: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = [
    (re.compile(r"^ranked (\d+)(?:–\d+)?(?: \(order unknown[^)]*\))? of (\d+) trusts"),
     lambda m: f"scored by NHS England's method: its figure ranked {m.group(1)} of {m.group(2)} trusts"),
    (re.compile(r"band|meets the standard|below the floor|case\(s\)"),
     "scored by NHS England's method from the published figure"),
    (re.compile(r"publishes this score only"), "NHS England's published score"),
    (re.compile(r"resampled|likely range"), "this tool's estimate of the likely range, by NHS England's method"),
    (re.compile(r"sign-flip|paired"), "this tool's own test of whether the change is more than chance"),
    (re.compile(r"counterfactual chain|changes? step by step"),
     "worked out by this tool, replaying the change one step at a time"),
    (re.compile(r"deficit flag cleared|without the financial override"),
     "worked out by this tool: the table placed again without the financial override"),
    (re.compile(r"left out of|without OF\d{4}|leave-one-out"),
     "worked out by this tool: the average worked out again without this measure"),
    (re.compile(r"re-run with|score_quarter re-run|with this one score replaced|changed value"),
     "worked out by this tool: NHS England's method run again with the changed figure"),
    (re.compile(r"^median|median over|median of"), "worked out by this tool from every trust in the table"),
    (re.compile(r"league ranks of .* with (?:subtype|region)"), "worked out by this tool from the league table"),
    (re.compile(r"cut point"), "worked out by this tool: NHS England's cut points between segments"),
    (re.compile(r"weighted average"), "worked out by this tool: the average of the measure scores"),
    (re.compile(r"financial override|deficit"), "worked out by this tool: NHS England's financial override rule"),
    (re.compile(r"segment 5|final segment|recovery support", re.IGNORECASE),
     "worked out by this tool: NHS England's segment rules"),
    (re.compile(r"league rank|trusts in the"), "worked out by this tool from the league table"),
]


def _engine_step(step: str) -> str:
    for pattern, words in _ENGINE_STEPS:
        match = pattern.search(step)
        if match:
            return words(match) if callable(words) else words
    return WORKED_OUT


_STORE = {"trusts": "NHS England's published list of trusts", "region": "NHS England's published list of trusts",
          "subtype": "NHS England's published list of trusts", "quarters": "the quarters in NHS England's files",
          "quarter": "the quarter of NHS England's published files"}


def _store_source(rest: str) -> str:
    if rest.startswith(("trust type", "subtype", "region", "trusts")):
        return "NHS England's published list of trusts"
    if "recovery support" in rest:
        return "NHS England's published files (Recovery Support Programme)"
    for word, words in _STORE.items():
        if rest.startswith(word):
            return words
    return "NHS England's published files"


def _catalogue_source(rest: str) -> str:
    if "everyday_name" in rest:
        return "this tool's everyday name for the measure"
    return "NHS England's Oversight Framework guidance on the measure"


def _corpus_source(rest: str) -> str:
    """"league-positions › Why …" → "this tool's guide to the tables: League positions, “Why …”"."""
    doc, _, section = rest.partition("›")
    doc = doc.strip()
    metric = re.fullmatch(r"metric-(of\d{4})", doc)
    title = (f"the page on {_measure_names().get(metric.group(1).upper(), 'a measure')}" if metric
             else re.sub(r"(\d{4}) (\d{2})\b", r"\1/\2", doc.replace("-", " ")).capitalize())
    return f"this tool's guide to the tables: {title}" + (f", “{section.strip()}”" if section.strip() else "")


_PLAIN_AS_IS = {"published value": "NHS England's published figure", "user's what-if": "the figure you gave",
                "the question": "your question", "catalogue": "NHS England's Oversight Framework guidance",
                "embedded data store (NHS England NOF CSVs)": "NHS England's published files"}


@lru_cache(maxsize=4096)
def plain_source(source: str | None) -> str:
    """A fact's source in words a person would use (see the module docstring)."""
    text = (source or "").strip()
    if not text:
        return ""
    if text in _PLAIN_AS_IS:
        return _PLAIN_AS_IS[text]
    published = re.search(r"\(published: ([^)]*)\)", text)
    if text.startswith(("engine:", "engine estimate:", "our engine:")):
        step = text.split(":", 1)[1].strip()
        words = ("this tool's estimate, with every other trust as published" if text.startswith("engine estimate")
                 else _engine_step(step))
        if published:
            file = _file_source(published.group(1))
            return f"{words}; it matches {file}" if file else words
        if _FILE.search(step):
            file = _file_source(step)
            return f"{file}; {words}"
        return words
    if text.startswith("store:"):
        return _store_source(text.split(":", 1)[1].strip())
    if text.startswith("catalogue"):
        return _catalogue_source(text)
    if text.startswith("corpus:"):
        return _corpus_source(text.split(":", 1)[1].strip())
    file = _file_source(text)
    if file is not None:
        return file
    if text.startswith("NHS Oversight Framework") and " method:" in text:   # the scale, stated once
        return "NHS England's " + text.split(":", 1)[0].replace("NHS ", "", 1)
    text = text.replace("(recomputed by our engine)", "(worked out again by this tool; it matches the published "
                                                      "table)").replace("our engine", "this tool")
    text = text.replace("NOF CSVs", "published files").replace("embedded data store", "our copy of")
    return _METRIC_ID.sub("", text).replace("()", "").strip(" ,;")


def technical(source: str | None) -> str:
    """The trace as the engine wrote it, for staff ("technical detail")."""
    return (source or "").strip()


@lru_cache(maxsize=1)
def _measure_names() -> dict[str, str]:
    try:
        from scoring.catalogue import load_catalogue

        return {m.id: m.short_name for m in load_catalogue().metrics}
    except Exception:  # noqa: BLE001 - a label without a name is still a label
        return {}


@lru_cache(maxsize=4096)
def plain_label(label: str | None) -> str:
    """A fact's label with no bare metric id: "OF1003 name" → "52-week waits (hospital): name";
    "Combined finance score (OF1080)" → "Combined finance score"."""
    text = str(label or "").strip()
    text = re.sub(r"\s*\(OF\d{4}\)", "", text)
    match = re.match(r"^(OF\d{4}):?\s+(.*)$", text)
    if match:
        name = _measure_names().get(match.group(1), "the measure")
        text = f"{name}: {match.group(2)}"
    text = _METRIC_ID.sub(lambda m: _measure_names().get(m.group(), "the measure"), text)
    return text[:1].upper() + text[1:]


def mentions_code(text: str) -> list[str]:
    """What in ``text`` a person should not have to read: file names, code, engine notes, bare metric ids.
    Used by the tests that walk the app; an id in brackets ("(OF1003)") is allowed."""
    found = []
    patterns = {"file name": r"\b[\w-]+\.(?:csv|py|yaml|json|md)\b", "code": r"\w+\(\w*[=\[{]|[{}]|`|\bdef |\bNone\b",
                "engine note": r"\b(?:engine|store|catalogue|corpus):", "setting": r"\bnhs-league \w+|\bscore_quarter\b",
                "bare metric id": r"(?<!\()\bOF\d{4}\b(?!\))", "comparison": r"\|[^|\n]+\|\s*[≤<>≥]"}
    for name, pattern in patterns.items():
        for match in re.finditer(pattern, text):
            found.append(f"{name}: {match.group()!r}")
    return found


def facts_in_text(text: str, facts: list, limit: int = 60, per_figure: int = 2) -> list:
    """The facts behind the figures ``text`` states, in the order the text states them (each fact once): what
    "How we worked this out" lists. A figure many facts share ("3") lists the main ones first (keys without a
    dot: segment, rank, average_score …), at most ``per_figure`` of them."""
    from scoring.numbers import as_number, extract_numbers

    out: list = []
    seen: set[int] = set()
    text = text or ""

    def where(token) -> int:         # where a figure is first written, as a whole figure ("3", not the 3 of "31st")
        found = re.search(rf"(?<![\w.]){re.escape(token.text)}(?!\w|\.\d)", text)
        return found.start() if found else len(text)

    for token in sorted(extract_numbers(text), key=where):                          # in the order they are read
        matches = []
        for index, fact in enumerate(facts):
            value = fact.value
            if token.kind in ("quarter", "year"):
                if isinstance(value, str) and token.text in value and "quarter" in fact.key:
                    matches.append(((False, False), index, fact))
                continue
            number = as_number(value)
            if number is None or isinstance(value, bool):
                continue
            if (abs(number) == token.value if token.decimals == 0
                    else round(abs(number), token.decimals) == token.value):
                # "31st" is a position: facts about ranks first; then the main facts (keys without a dot)
                ranked = token.kind == "ordinal" and "rank" not in fact.key
                matches.append(((ranked, "." in fact.key), index, fact))
        for _, _, fact in sorted(matches, key=lambda m: (m[0], m[1]))[:per_figure]:
            if id(fact) not in seen and len(out) < limit:
                seen.add(id(fact))
                out.append(fact)
    return out
