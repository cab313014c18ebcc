"""Run the question sets through the assistant and score every answer against the published figures.

``run()`` asks each question with ``assistant.answer(question, session=..., audience=...)`` (conversations
share one ``assistant.Session()``), scores each answer with ``score_answer`` and sums the checks into
figures (``figures``). The pieces are pure functions so tests can score fake answers:

- trust resolution: the answer is about the expected trusts (exactly, for one-trust questions; at least
  them, for compare and table questions);
- intent; expected-fact recall (each expected fact found in ``Answer.facts`` by trust, key, value and,
  when given, quarter);
- faithfulness: every number in the answer text is one of its facts' values (``unsupported_numbers``);
- citation topic hit (questions with expected topics); retrieval hit@3 (``evals/method_questions.yaml``
  through ``corpus.retrieval.search``);
- decline/clarify (both flags as expected, and the expected candidates offered), follow-up referents
  (later conversation turns about the right trusts), premise correction, markup never echoed, latency.

The quarter a question sets (the UI's selection) is given to the session as ``session.quarter`` when the
session has that attribute.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.paraphrase import PARAPHRASES_DIR
from evals.questions.schema import (HELDOUT_DIR, Expect, ExpectedFact, Item, MethodQuestion, Question,
                                    load_method_questions, load_sets)
from nhs_league.errors import LeagueError
from scoring.explain.readability import grade, grade_summary
from scoring.numbers import as_number, field_of, unsupported_numbers

AnswerFn = Callable[..., Any]
SearchFn = Callable[[str, int], Sequence[Any]]

THRESHOLDS: dict[str, float] = {
    "accuracy": 0.98,
    "trust_resolution": 0.98,
    "intent": 0.95,
    "fact_recall": 0.95,
    "decline_clarify": 0.95,
    "faithfulness": 1.0,
    "referent": 0.95,
    "retrieval_hit_at_3": 0.95,
    "citation_topic_hit": 0.9,
}
# The held-out set is written before a change and never tuned on: it is gated on being right, not on its parts.
# Issue 11's target for it is 0.95 (HELDOUT_TARGETS), not reached yet (0.897 on 2026-11-30): the gate is a floor
# about two points under the last measured figure, so a change that makes held-out answers worse fails CI while the
# target is reported, unmet, beside it. Raise the floor as the figure rises; never lower it to let a change pass.
HELDOUT_THRESHOLDS: dict[str, float] = {"accuracy": 0.88, "faithfulness": 1.0}
HELDOUT_TARGETS: dict[str, float] = {"accuracy": 0.95}
# Paraphrases of the dev questions must get what their originals get: the share that do is the agreement.
PARAPHRASE_THRESHOLDS: dict[str, float] = {"accuracy": 0.95, "faithfulness": 1.0}
GROUPS = ("dev", "paraphrase", "heldout")
FIGURES = ("accuracy", "trust_resolution", "intent", "fact_recall", "faithfulness", "citation_topic_hit", "retrieval_hit_at_3",
           "decline_clarify", "referent", "premise_correction", "markup_safe", "unavailable", "drivers_named",
           "reading_grade_median", "reading_grade_p90", "latency_p50_s", "latency_p95_s")
EXACT_TRUST_INTENTS = {"position", "movement", "whatif"}
VALUE_TOLERANCE = 0.005

# --- matching facts, trusts, candidates ------------------------------------------------------------------------

def _value_matches(expected: bool | float, actual: Any) -> bool:
    if isinstance(expected, bool):
        if isinstance(actual, bool):
            return actual is expected
        if isinstance(actual, (int, float)):
            return actual in (0, 1) and bool(actual) is expected
        if isinstance(actual, str):
            return actual.strip().lower() in ({"yes", "true", "1"} if expected else {"no", "false", "0"})
        return False
    number = as_number(actual)
    return number is not None and abs(number - float(expected)) < VALUE_TOLERANCE


def _fact_quarter_matches(expected: str, fact: Any, answer_quarter: str | None) -> bool:
    """The fact's ``quarter`` attribute if it has one, else a quarter label in its label or source, else the
    answer's quarter."""
    explicit = field_of(fact, "quarter")
    if explicit:
        return str(explicit) == expected
    text = f"{field_of(fact, 'label', '') or ''} {field_of(fact, 'source', '') or ''}"
    if expected in text:
        return True
    mentioned = re.findall(r"\bQ[1-4](?:\s+\d{4}/\d{2})?", text)
    if mentioned:
        return any(label in (expected, expected.split()[0]) for label in mentioned)
    return answer_quarter == expected


def find_fact(expected: ExpectedFact, facts: Sequence[Any], answer_quarter: str | None = None) -> bool:
    """Is the expected fact among the answer's facts (same trust, key, value; same quarter when given)?"""
    for fact in facts:
        if field_of(fact, "key") != expected.key:
            continue
        if (field_of(fact, "trust") or None) != expected.trust:
            continue
        if not _value_matches(expected.value, field_of(fact, "value")):
            continue
        if expected.quarter and not _fact_quarter_matches(expected.quarter, fact, answer_quarter):
            continue
        return True
    return False


def trusts_match(expect: Expect, trusts: Sequence[str]) -> bool:
    got = set(trusts or [])
    wanted = set(expect.trusts)
    return got == wanted if expect.intent in EXACT_TRUST_INTENTS else wanted <= got


def candidate_codes(candidates: Iterable[Any]) -> set[str]:
    """ODS codes from whatever the answer offers: codes, (code, name) pairs, dicts or objects."""
    codes: set[str] = set()
    for candidate in candidates or []:
        if isinstance(candidate, str):
            codes.add(candidate)
        elif isinstance(candidate, (tuple, list)) and candidate:
            codes.add(str(candidate[0]))
        else:
            for name in ("code", "trust_code", "ods_code", "trust"):
                value = field_of(candidate, name)
                if value:
                    codes.add(str(value))
                    break
    return codes


_CORRECTION = re.compile(r"\b(?:actually|in fact|not (?:near|at|in|the|top|bottom|last|worst|best)|isn't|is not|"
                         r"wasn't|was not|rather than|contrary|not quite|however|but it)\b|\bno[,.]",
                         re.IGNORECASE)
_MARKUP = re.compile(r"<\s*/?\s*(script|b|i|img|iframe|a|div|span|style)\b[^>]*>", re.IGNORECASE)


def premise_corrected(answer: Any) -> bool:
    """The answer's own flag when it has one; otherwise a wording check (a correction marker in the text)."""
    flag = field_of(answer, "corrects_premise")
    if isinstance(flag, bool):
        return flag
    return bool(_CORRECTION.search(field_of(answer, "answer", "") or ""))


# --- one answer --------------------------------------------------------------------------------------------

@dataclass
class ItemResult:
    """The checks on one answer; ``None`` means the check does not apply to this question."""

    id: str
    set: str
    question: str
    audience: str
    turn: int | None = None
    latency_s: float = 0.0
    error: str | None = None
    intent_ok: bool | None = None
    trusts_ok: bool | None = None
    facts_expected: int = 0
    facts_found: int = 0
    missing_facts: list[str] = field(default_factory=list)
    faithful: bool | None = None
    unsupported: list[str] = field(default_factory=list)
    citation_hit: bool | None = None
    decline_ok: bool | None = None
    referent_ok: bool | None = None
    premise_ok: bool | None = None
    markup_safe: bool | None = None
    unavailable_ok: bool | None = None
    drivers_ok: bool | None = None
    register_ok: bool | None = None
    mentions_ok: bool | None = None
    reading_grade: float | None = None      # Flesch–Kincaid grade of a public-register answer

    @property
    def label(self) -> str:
        return self.id if self.turn is None else f"{self.id}#{self.turn}"

    @property
    def correct(self) -> bool:
        """Everything checked on this answer is right (the figure 'accuracy' counts these)."""
        return not self.failures()

    def failures(self) -> list[str]:
        out = [f"error: {self.error}"] if self.error else []
        checks = (("intent", self.intent_ok), ("trusts", self.trusts_ok), ("citation topic", self.citation_hit),
                  ("decline/clarify", self.decline_ok), ("referent", self.referent_ok),
                  ("premise", self.premise_ok), ("markup echoed", self.markup_safe),
                  ("says whether the data is held", self.unavailable_ok),
                  ("names the measures behind it", self.drivers_ok), ("register", self.register_ok),
                  ("mentions", self.mentions_ok))
        out += [name for name, ok in checks if ok is False]
        if self.missing_facts:
            out.append("missing facts: " + ", ".join(self.missing_facts))
        if self.faithful is False:
            out.append("unsupported numbers: " + ", ".join(self.unsupported))
        return out


def score_answer(item_id: str, set_name: str, question: str, audience: str, expect: Expect | None, answer: Any,
                 latency_s: float = 0.0, turn: int | None = None, error: str | None = None) -> ItemResult:
    """Score one answer (``answer`` is ``None`` when the call raised ``error``). ``expect`` ``None``: a method
    question with topics only (from method_questions.yaml)."""
    result = ItemResult(item_id, set_name, question, audience, turn, latency_s, error)
    if expect is not None:
        result.facts_expected = len(expect.facts)
    if answer is None:
        result.intent_ok = False if expect is not None else None
        result.trusts_ok = False if expect is not None and expect.trusts else None
        result.faithful = False
        result.decline_ok = False
        result.missing_facts = [_fact_label(f) for f in expect.facts] if expect is not None else []
        result.referent_ok = False if turn not in (None, 0) and expect is not None else None
        result.premise_ok = False if expect is not None and expect.corrects_premise else None
        return result
    text = field_of(answer, "answer", "") or ""
    facts = list(field_of(answer, "facts", []) or [])
    quarter = field_of(answer, "quarter")
    trusts = list(field_of(answer, "trusts", []) or [])
    declined = bool(field_of(answer, "declined", False))
    clarify = bool(field_of(answer, "needs_clarification", False))

    result.unsupported = unsupported_numbers(text, facts, quarter, question)
    result.faithful = not result.unsupported
    if field_of(answer, "audience", audience) == "public" and text:
        result.reading_grade = grade(text)
    result.markup_safe = not _MARKUP.search(text) if _MARKUP.search(question) else None
    if expect is None:
        result.decline_ok = not declined and not clarify
        return result
    result.intent_ok = field_of(answer, "intent") == expect.intent
    if expect.trusts and not (expect.declined or expect.needs_clarification):
        result.trusts_ok = trusts_match(expect, trusts)
    missing = [f for f in expect.facts if not find_fact(f, facts, quarter)]
    result.facts_found = len(expect.facts) - len(missing)
    result.missing_facts = [_fact_label(f) for f in missing]
    result.decline_ok = (declined == expect.declined and clarify == expect.needs_clarification
                         and set(expect.candidates) <= candidate_codes(field_of(answer, "candidates", [])))
    if turn not in (None, 0):
        result.referent_ok = trusts_match(expect, trusts) if expect.trusts else result.decline_ok
    if expect.corrects_premise is not None:
        result.premise_ok = premise_corrected(answer) == expect.corrects_premise
    if expect.topics:
        docs = {field_of(c, "doc") for c in field_of(answer, "citations", []) or []}
        result.citation_hit = bool(docs & set(expect.topics))
    if expect.unavailable or field_of(answer, "unavailable"):
        result.unavailable_ok = bool(field_of(answer, "unavailable")) == expect.unavailable
    if expect.drivers or expect.top_driver:
        result.drivers_ok = drivers_named(text, expect.drivers, expect.top_driver)
    if expect.answer_register:
        result.register_ok = field_of(answer, "audience") == expect.answer_register
    if expect.mentions:
        result.mentions_ok = all(word.casefold() in text.casefold() for word in expect.mentions)
    return result


def measure_names(metric_id: str) -> list[str]:
    """The names a reader would recognise a measure by (everyday, short and full), from the catalogue."""
    from scoring.catalogue import load_catalogue

    metric = load_catalogue().get(metric_id)
    names = [getattr(metric, "everyday_name", ""), metric.short_name, metric.name]
    return [name for name in names if name]


def drivers_named(text: str, drivers: Sequence[str], top_driver: str | None = None) -> bool:
    """A why answer names at least two of the measures behind the position (all of them when fewer than two
    are expected), and the top measure when one is expected."""
    folded = text.casefold()

    def named(metric_id: str) -> bool:
        return any(name.casefold() in folded for name in measure_names(metric_id))

    enough = sum(named(m) for m in drivers) >= min(2, len(drivers))
    return enough and (top_driver is None or named(top_driver))


def _fact_label(fact: ExpectedFact) -> str:
    where = f"@{fact.quarter}" if fact.quarter else ""
    return f"{fact.trust or '-'}.{fact.key}={fact.value}{where}"


# --- figures ------------------------------------------------------------------------------------------------

def _share(values: Iterable[bool | None]) -> float | None:
    counted = [v for v in values if v is not None]
    return round(sum(counted) / len(counted), 4) if counted else None


def percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, math.ceil(q * len(ordered)) - 1)
    return round(ordered[index], 4)


def retrieval_hits(questions: Sequence[MethodQuestion], search: SearchFn, k: int = 3) -> list[tuple[str, bool]]:
    """For each labelled method question, whether any of the top ``k`` passages comes from a listed document."""
    return [(q.id, any(field_of(p, "doc") in q.topics for p in search(q.question, k))) for q in questions]


def figures(results: Sequence[ItemResult], retrieval: Sequence[tuple[str, bool]] | None = None) -> dict[str, Any]:
    """Every figure, ``None`` where nothing was measured."""
    expected = sum(r.facts_expected for r in results)
    latencies = [r.latency_s for r in results if r.error is None]
    asked = [r for r in results if r.set != "method_questions"]
    grade_median, grade_p90 = grade_summary([r.reading_grade for r in results if r.reading_grade is not None])
    return {
        "questions": len(results),
        "accuracy": _share(r.correct for r in asked),
        "trust_resolution": _share(r.trusts_ok for r in results),
        "intent": _share(r.intent_ok for r in results),
        "fact_recall": round(sum(r.facts_found for r in results) / expected, 4) if expected else None,
        "faithfulness": _share(r.faithful for r in results),
        "citation_topic_hit": _share(r.citation_hit for r in results),
        "retrieval_hit_at_3": _share(hit for _, hit in retrieval) if retrieval else None,
        "decline_clarify": _share(r.decline_ok for r in results),
        "referent": _share(r.referent_ok for r in results),
        "premise_correction": _share(r.premise_ok for r in results),
        "markup_safe": _share(r.markup_safe for r in results),
        "unavailable": _share(r.unavailable_ok for r in results),
        "drivers_named": _share(r.drivers_ok for r in results),
        "reading_grade_median": grade_median,
        "reading_grade_p90": grade_p90,
        "latency_p50_s": round(statistics.median(latencies), 4) if latencies else None,
        "latency_p95_s": percentile(latencies, 0.95),
    }


def below_threshold(values: dict[str, Any], thresholds: dict[str, float] = THRESHOLDS) -> list[str]:
    """Figures measured and below their threshold (figures not measured are not failures)."""
    return [name for name, limit in thresholds.items()
            if values.get(name) is not None and values[name] < limit - 1e-12]


@dataclass
class EvalReport:
    results: list[ItemResult]
    figures: dict[str, Any]
    retrieval: list[tuple[str, bool]]
    notes: list[str] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=lambda: dict(THRESHOLDS))
    group: str = "dev"
    targets: dict[str, float] = field(default_factory=dict)   # where a gate is a floor below the goal

    @property
    def targets_missed(self) -> list[str]:
        return below_threshold(self.figures, self.targets)

    @property
    def below(self) -> list[str]:
        return below_threshold(self.figures, self.thresholds)

    @property
    def passed(self) -> bool:
        return not self.below

    def failures(self) -> list[dict[str, Any]]:
        out = [{"id": r.label, "set": r.set, "question": r.question, "problems": r.failures()}
               for r in self.results if r.failures()]
        out += [{"id": qid, "set": "method_questions", "question": "", "problems": ["retrieval miss@3"]}
                for qid, hit in self.retrieval if not hit]
        return out


# --- running ------------------------------------------------------------------------------------------------

def _assistant() -> tuple[AnswerFn, Callable[[], Any]]:
    try:
        import assistant
        return assistant.answer, assistant.Session
    except (ImportError, AttributeError) as error:
        raise LeagueError(f"The assistant is not available ({error}); the evaluation needs assistant.answer and "
                          "assistant.Session.") from error


def _default_search() -> tuple[SearchFn | None, str | None]:
    try:
        from corpus.retrieval import search
    except ImportError as error:
        return None, f"retrieval hit@3 not measured: corpus.retrieval is not importable ({error})"
    return search, None


def _ask(answer_fn: AnswerFn, text: str, session: Any, audience: str) -> tuple[Any, float, str | None]:
    start = time.perf_counter()
    try:
        answer = answer_fn(text, session=session, audience=audience)
        error = None
    except LeagueError as exc:
        answer, error = None, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - one broken answer must not stop the evaluation
        answer, error = None, f"unexpected {type(exc).__name__}: {exc}"
    return answer, time.perf_counter() - start, error


def _set_quarter(session: Any, quarter: str | None) -> None:
    if quarter and session is not None and hasattr(session, "quarter"):
        session.quarter = quarter


def run_item(item: Item, set_name: str, answer_fn: AnswerFn, session_factory: Callable[[], Any]) -> list[ItemResult]:
    """Ask one question, or every turn of a conversation in one session."""
    if isinstance(item, Question):
        session = session_factory()
        _set_quarter(session, item.quarter)
        answer, latency, error = _ask(answer_fn, item.question, session, item.audience)
        return [score_answer(item.id, set_name, item.question, item.audience, item.expect, answer, latency,
                             error=error)]
    session = session_factory()
    results = []
    for index, step in enumerate(item.turns):
        _set_quarter(session, step.quarter)
        answer, latency, error = _ask(answer_fn, step.question, session, item.audience)
        results.append(score_answer(item.id, set_name, step.question, item.audience, step.expect, answer, latency,
                                    turn=index, error=error))
    return results


def run(answer_fn: AnswerFn | None = None, session_factory: Callable[[], Any] | None = None,
        sets: Sequence[str] | None = None, search: SearchFn | None = None,
        method_questions: Sequence[MethodQuestion] | None = None, include_method: bool = True,
        group: str = "dev") -> EvalReport:
    """Ask every question of ``sets`` (default: all) of one group and score the answers.

    ``group`` "dev" is ``evals/questions`` (tuned on) with the retrieval questions of
    ``evals/method_questions.yaml`` (searched for hit@3 and, through the assistant, checked for a citation from
    one of their topics); "heldout" is ``evals/heldout`` (never tuned on), gated on accuracy and faithfulness.
    ``answer_fn``/``session_factory`` default to ``assistant.answer``/``assistant.Session``; ``search`` to
    ``corpus.retrieval.search``.
    """
    if group not in GROUPS:
        raise LeagueError(f"No question group {group!r}; choose from {', '.join(GROUPS)}.")
    notes: list[str] = []
    if answer_fn is None:
        answer_fn, default_factory = _assistant()
        session_factory = session_factory or default_factory
    session_factory = session_factory or (lambda: None)
    include_method = include_method and group == "dev"
    wanted = [name for name in sets or [] if name != "method_questions"]
    directory = {"heldout": HELDOUT_DIR, "paraphrase": PARAPHRASES_DIR}.get(group)
    loaded = load_sets(directory, names=wanted or None) if (not sets or wanted) else {}
    results: list[ItemResult] = []
    for set_name, items in loaded.items():
        for item in items:
            results.extend(run_item(item, set_name, answer_fn, session_factory))
    retrieval: list[tuple[str, bool]] = []
    if include_method and (not sets or "method_questions" in sets):
        questions = list(method_questions) if method_questions is not None else load_method_questions()
        if not questions:
            notes.append("evals/method_questions.yaml not found: retrieval and its citations not measured")
        for q in questions:
            answer, latency, error = _ask(answer_fn, q.question, session_factory(), "public")
            result = score_answer(q.id, "method_questions", q.question, "public", None, answer, latency, error=error)
            if answer is not None:
                docs = {field_of(c, "doc") for c in field_of(answer, "citations", []) or []}
                result.citation_hit = bool(docs & set(q.topics))
            results.append(result)
        if questions:
            if search is None:
                search, note = _default_search()
                if note:
                    notes.append(note)
            if search is not None:
                try:
                    retrieval = retrieval_hits(questions, search)
                except LeagueError as error:
                    notes.append(f"retrieval hit@3 not measured: {error}")
    thresholds = dict({"heldout": HELDOUT_THRESHOLDS, "paraphrase": PARAPHRASE_THRESHOLDS}.get(group, THRESHOLDS))
    targets = dict(HELDOUT_TARGETS) if group == "heldout" else {}
    return EvalReport(results, figures(results, retrieval), retrieval, notes, thresholds, group, targets)
