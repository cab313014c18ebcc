"""The runner's scoring on fake answers: number extraction, fact matching, figures, thresholds, report, CLI."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from evals import cli as eval_cli
from evals import report as eval_report
from evals.questions.schema import Conversation, Expect, ExpectedFact, MethodQuestion, load_sets
from evals.runner import (THRESHOLDS, EvalReport, below_threshold, candidate_codes, figures, find_fact, percentile,
                          retrieval_hits, run, score_answer)
from scoring.numbers import extract_numbers, unsupported_numbers


@dataclass
class Fact:
    key: str
    label: str
    value: Any
    source: str
    trust: str | None
    quarter: str | None = None


@dataclass
class Answer:
    answer: str
    intent: str
    trusts: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quarter: str | None = "Q1 2025/26"
    audience: str = "public"
    citations: list[dict[str, str]] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    declined: bool = False
    needs_clarification: bool = False
    candidates: list[Any] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)


class Session:
    def __init__(self) -> None:
        self.quarter: str | None = None


def oracle_answer(expect: Expect) -> Answer:
    """A perfect answer to a question with these expectations; its text uses only its facts' numbers."""
    facts = [Fact(f.key, f.key.replace("_", " "), f.value, "NHS England", f.trust, f.quarter) for f in expect.facts]
    # a figure the answer must mention (a measure's value or rank) is one of its facts too
    facts += [Fact("mentioned", "a figure the question asks about", float(m), "NHS England", None)
              for m in expect.mentions
              if m.replace(".", "", 1).isdigit()]
    words = [f"{f.trust or 'count'} {f.label} {'yes' if f.value is True else 'no' if f.value is False else f.value}"
             for f in facts]
    from evals.runner import measure_names

    measures = [measure_names(m)[0] for m in [*expect.drivers, *([expect.top_driver] if expect.top_driver else [])]]
    text = ("Actually, that is not quite right. " if expect.corrects_premise else "") + "; ".join(words) + "."
    text += " " + " ".join([*measures, *expect.mentions])
    citations = [{"doc": expect.topics[0], "section": "s", "url": "u"}] if expect.topics else []
    return Answer(text, expect.intent, list(expect.trusts), facts, citations=citations, declined=expect.declined,
                  needs_clarification=expect.needs_clarification, candidates=list(expect.candidates),
                  audience=expect.answer_register or "public",
                  unavailable=["what was asked"] if expect.unavailable else [])


def queued_oracle(lie: bool = False, sets: list[str] | None = None):
    """Replies in the order the runner asks (sets sorted by name, turns in order), like a fake model's queue."""
    queue = []
    for items in load_sets(names=sets).values():
        for item in items:
            queue += [t.expect for t in item.turns] if isinstance(item, Conversation) else [item.expect]
    asked: list[tuple[str, Any, str]] = []

    def answer(question: str, session: Any = None, audience: str = "public") -> Answer:
        asked.append((question, session, audience))
        if not queue:
            return Answer("See the method.", "method", citations=[{"doc": "glossary", "section": "", "url": ""}])
        reply = oracle_answer(queue.pop(0))
        if lie and reply.facts:
            reply.answer += " It was 99th last year."
        return reply

    return answer, asked


# --- numbers ---------------------------------------------------------------------------------------------

def test_extract_numbers_reads_decimals_ordinals_percentages_and_labels() -> None:
    tokens = extract_numbers("Kingston is 31st of 134, average 1.77, 12.5% in Q1 2025/26; 7,265 rows in 2025.")
    assert [(t.text, t.value, t.kind) for t in tokens] == [
        ("Q1 2025/26", 0.0, "quarter"), ("2025", 2025.0, "year"), ("31st", 31.0, "ordinal"),
        ("134", 134.0, "number"), ("1.77", 1.77, "number"), ("12.5%", 12.5, "percent"), ("7,265", 7265.0, "number")]


def test_codes_and_metric_names_are_not_figures() -> None:
    assert extract_numbers("RJ1 and G6V2S: OF5002 for the 4-hour and 52-week waits") == []
    assert extract_numbers("Please call 999 or NHS 111 now.") == []


def test_numbers_must_come_from_facts_and_years_from_labels() -> None:
    facts = [Fact("rank", "Rank", 31, "OF5000", "RAX"), Fact("average_score", "Average", 1.77, "OF5002", "RAX")]
    text = "31st with 1.77 (about 1.8) in Q1 2025/26"
    assert unsupported_numbers(text, facts, "Q1 2025/26") == []
    assert unsupported_numbers(text, facts, None) == ["Q1 2025/26"]
    assert unsupported_numbers("32nd, or 2", facts, "Q1 2025/26") == ["32nd", "2"]
    assert unsupported_numbers("the top 5", [], None, question="top 5 acute trusts") == []
    assert unsupported_numbers("since 2024", facts, "Q1 2025/26") == ["2024"]


def test_numbers_written_inside_text_facts_count() -> None:
    facts = [Fact("likely_range", "Likely range", "6 to 49", "NHS England", "RAX")]
    assert unsupported_numbers("likely between 6 and 49", facts) == []


# --- facts, trusts, candidates ---------------------------------------------------------------------------

def test_fact_matching_by_trust_key_value_and_quarter() -> None:
    want = ExpectedFact(trust="RNK", key="rank", value=43, quarter="Q1 2025/26")
    assert find_fact(want, [Fact("rank", "Rank", 43, "x", "RNK", quarter="Q1 2025/26")])
    assert not find_fact(want, [Fact("rank", "Rank", 43, "x", "RNK", quarter="Q2 2025/26")])
    assert find_fact(want, [Fact("rank", "Rank in Q1", 43.0, "x", "RNK")], answer_quarter="Q2 2025/26")
    assert not find_fact(want, [Fact("rank", "Rank in Q2", 43, "x", "RNK")], answer_quarter="Q1 2025/26")
    assert find_fact(want, [Fact("rank", "Rank", 43, "x", "RNK")], answer_quarter="Q1 2025/26")
    assert not find_fact(want, [Fact("rank", "Rank", 43, "x", "RPG", quarter="Q1 2025/26")])
    override = ExpectedFact(trust="RAX", key="in_deficit", value=True)
    assert find_fact(override, [Fact("in_deficit", "Override", 1, "x", "RAX")])
    assert not find_fact(override, [Fact("in_deficit", "Override", "no", "x", "RAX")])
    score = ExpectedFact(trust="RAX", key="average_score", value=1.77)
    assert find_fact(score, [Fact("average_score", "Average", 1.7712, "x", "RAX")])
    assert not find_fact(score, [Fact("average_score", "Average", 1.78, "x", "RAX")])


def test_candidates_are_read_from_codes_pairs_dicts_and_objects() -> None:
    class Candidate:
        code = "RQY"

    assert candidate_codes(["RJ7", ("RR8", "Leeds"), {"trust_code": "RGD"}, Candidate()]) == {"RJ7", "RR8", "RGD",
                                                                                              "RQY"}


def _expect(**kw: Any) -> Expect:
    return Expect.model_validate({"intent": "position", "trusts": ["RAX"], **kw})


def test_score_answer_checks_each_part() -> None:
    expect = _expect(facts=[{"trust": "RAX", "key": "rank", "value": 31}], corrects_premise=True)
    good = Answer("Actually it is 31st.", "position", ["RAX"], [Fact("rank", "Rank", 31, "x", "RAX")])
    result = score_answer("pos-1", "position", "why is kingston near the bottom", "public", expect, good)
    assert result.failures() == [] and result.facts_found == 1 and result.premise_ok
    bad = Answer("It is 30th.", "compare", ["RAX", "RR8"], [], declined=True)
    result = score_answer("pos-1", "position", "q", "public", expect, bad, turn=2)
    assert result.intent_ok is False and result.trusts_ok is False and result.decline_ok is False
    assert result.referent_ok is False and result.premise_ok is False
    assert result.missing_facts == ["RAX.rank=31"] and result.unsupported == ["30th"]


def test_clarification_needs_the_expected_candidates() -> None:
    expect = Expect(intent="position", needs_clarification=True, candidates=["RJ7", "RQY"])
    offered = Answer("Which one?", "position", needs_clarification=True, candidates=[("RJ7", "St George's")])
    assert score_answer("d", "declines", "St George's", "public", expect, offered).decline_ok is False
    offered.candidates.append({"code": "RQY"})
    assert score_answer("d", "declines", "St George's", "public", expect, offered).decline_ok is True


def test_markup_in_the_question_must_not_be_echoed() -> None:
    expect = _expect()
    question = "<script>alert(1)</script> how is kingston doing"
    echoed = Answer("You asked <script>alert(1)</script>", "position", ["RAX"])
    assert score_answer("p", "position", question, "public", expect, echoed).markup_safe is False
    plain = Answer("Kingston and Richmond", "position", ["RAX"])
    assert score_answer("p", "position", question, "public", expect, plain).markup_safe is True


def test_an_error_fails_the_answer() -> None:
    result = score_answer("p", "position", "q", "public", _expect(), None, error="UnknownTrust: no")
    assert result.failures()[0] == "error: UnknownTrust: no" and result.faithful is False


# --- figures and thresholds ------------------------------------------------------------------------------

def test_figures_and_thresholds() -> None:
    expect = _expect(facts=[{"trust": "RAX", "key": "rank", "value": 31}])
    ok = score_answer("a", "s", "q", "public", expect, Answer("31st", "position", ["RAX"],
                                                                   [Fact("rank", "", 31, "", "RAX")]), 0.1)
    wrong = score_answer("b", "s", "q", "public", expect, Answer("32nd", "position", ["RAX"]), 0.3)
    values = figures([ok, wrong], retrieval=[("m1", True), ("m2", False)])
    assert values["questions"] == 2 and values["fact_recall"] == 0.5 and values["faithfulness"] == 0.5
    assert values["intent"] == 1.0 and values["retrieval_hit_at_3"] == 0.5 and values["referent"] is None
    assert values["latency_p50_s"] == pytest.approx(0.2) and values["latency_p95_s"] == 0.3
    assert values["accuracy"] == 0.5  # one answer wholly right, one not
    assert set(below_threshold(values)) == {"accuracy", "fact_recall", "faithfulness", "retrieval_hit_at_3"}
    assert percentile([], 0.5) is None


def test_retrieval_hits_at_3() -> None:
    @dataclass
    class Passage:
        doc: str

    questions = [MethodQuestion(id="m1", question="override", topics=["financial-override"]),
                 MethodQuestion(id="m2", question="ranks", topics=["league-positions"])]
    calls = []

    def search(query: str, k: int) -> list[Passage]:
        calls.append(k)
        return [Passage("glossary"), Passage("financial-override")]

    assert retrieval_hits(questions, search) == [("m1", True), ("m2", False)] and calls == [3, 3]


# --- the whole run on fakes ------------------------------------------------------------------------------

def test_a_perfect_assistant_passes_every_figure() -> None:
    answer, asked = queued_oracle()
    method = [MethodQuestion(id="m1", question="What is the override?", topics=["glossary"])]
    report = run(answer, Session, search=lambda q, k: [{"doc": "glossary"}], method_questions=method)
    assert report.passed, report.failures()[:5]
    for name in ("trust_resolution", "intent", "fact_recall", "faithfulness", "decline_clarify", "referent",
                 "premise_correction", "citation_topic_hit", "retrieval_hit_at_3", "markup_safe"):
        assert report.figures[name] == 1.0, name
    assert report.figures["questions"] >= 150
    conversation_sessions = {id(s) for q, s, _ in asked if q == "and their finances?"}
    assert len(conversation_sessions) == 1
    assert {a for _, _, a in asked} == {"public", "staff", "press"}


def test_conversation_turns_share_a_session_and_questions_set_their_quarter() -> None:
    seen: list[tuple[str, Any, Any]] = []

    def answer(question: str, session: Any = None, audience: str = "public") -> Answer:
        seen.append((question, session, session.quarter))
        return Answer("", "help")

    run(answer, Session, sets=["conversations", "position"], include_method=False)
    conv = [s for q, s, _ in seen if q in ("how is kingston doing", "and their finances?")]
    assert conv[0] is conv[1]
    assert ("tees esk and wear valley mental health trust", "Q1 2025/26") in {(q, quarter) for q, _, quarter in seen}


def test_an_invented_number_fails_the_run_and_is_listed() -> None:
    answer, _ = queued_oracle(lie=True, sets=["position"])
    report = run(answer, Session, sets=["position"], include_method=False)
    assert not report.passed and report.figures["faithfulness"] == 0.0
    failure = report.failures()[0]
    assert failure["id"] == "pos-001" and "99th" in failure["problems"][0]


# --- report and CLI --------------------------------------------------------------------------------------

def _report(faithfulness: float, group: str = "dev") -> EvalReport:
    values = {name: 1.0 for name in THRESHOLDS} | {"questions": 3, "faithfulness": faithfulness,
                                                   "premise_correction": None, "markup_safe": None,
                                                   "latency_p50_s": 0.01, "latency_p95_s": 0.02}
    return EvalReport([], values, [], notes=["a note"], group=group)


def test_json_has_every_figure_the_verdict_and_failures() -> None:
    data = eval_report.to_json(_report(0.9))
    assert data["questions"] == 3 and data["faithfulness"] == 0.9 and data["passed"] is False
    assert data["below_threshold"] == ["faithfulness"] and data["failures"] == []
    assert "FAILED: below threshold: faithfulness" in eval_report.render_table(_report(0.9))
    assert "PASSED" in eval_report.render_table(_report(1.0))


def test_cli_exit_codes_json_and_results_doc(monkeypatch, tmp_path, capsys) -> None:
    import evals.runner

    (tmp_path / "results.md").write_text("# Results\n\n## Speed and memory\n\nkept\n")
    for faithfulness, code in ((1.0, 0), (0.5, 1)):
        # the held-out group fails the run on its own, and is reported apart from the dev set
        monkeypatch.setattr(evals.runner, "run", lambda sets=None, group="dev", f=faithfulness:
                            _report(f if group == "heldout" else 1.0, group))
        monkeypatch.setattr(eval_report, "RESULTS_DOC", tmp_path / "results.md")
        args = argparse.Namespace(json=True, sets=None, groups=None, write_docs=True)
        assert eval_cli.run_eval(args) == code
        out = json.loads(capsys.readouterr().out)
        assert out["dev"]["passed"] is True and out["heldout"]["passed"] is (code == 0)
    doc = (tmp_path / "results.md").read_text()
    assert "Machine:" in doc and "Date:" in doc and "| Faithfulness" in doc
    assert doc.count("### Held-out set") == 1 and doc.count("### Dev set") == 1 and "kept" in doc


def test_cli_registers_the_eval_command() -> None:
    parser = argparse.ArgumentParser()
    eval_cli.register(parser.add_subparsers())
    args = parser.parse_args(["eval", "--json", "--set", "position", "--set", "table", "--write-docs"])
    assert args.sets == ["position", "table"] and args.json and args.write_docs and args.handler is eval_cli.run_eval


def test_the_guard_and_the_evaluation_read_numbers_the_same_way() -> None:
    from scoring.numbers import figures_in

    # "7,265" is one figure (it was once read as 7 and 265); ordinals and plain numbers are the same figure
    assert figures_in("7,265 rows") == figures_in("7265 rows") == ["7265"]
    assert figures_in("31st of 134") == figures_in("31 of 134")
    assert [t.value for t in extract_numbers("7,265 rows")] == [7265.0]


def test_held_out_checks_data_not_held_drivers_register_and_mentions() -> None:
    @dataclass
    class Told(Answer):
        unavailable: list[str] = field(default_factory=list)

    not_held = Expect(intent="position", trusts=["RRU"], unavailable=True)
    silent = score_answer("u", "s", "q", "public", not_held, Told("London Ambulance Service", "position", ["RRU"]))
    told = score_answer("u", "s", "q", "public", not_held, Told("We do not hold ambulance data yet.", "position",
                                                                ["RRU"], unavailable=["the ambulance table"]))
    assert silent.unavailable_ok is False and "says whether the data is held" in silent.failures()
    assert told.unavailable_ok is True and told.correct

    why = Expect(intent="position", trusts=["RCX"], drivers=["OF1080", "OF1061", "OF1085"])
    one = score_answer("d", "s", "q", "public", why, Answer("Held back by its finances.", "position", ["RCX"]))
    from evals.runner import measure_names

    two = " and ".join(measure_names(m)[0] for m in ("OF1061", "OF1085"))
    assert one.drivers_ok is False and score_answer("d", "s", "q", "public", why,
                                                    Answer(f"Held back by {two}.", "position", ["RCX"])).drivers_ok

    press = Expect.model_validate({"intent": "position", "trusts": ["RAX"], "register": "press",
                                   "mentions": ["North West"]})
    wrong = score_answer("r", "s", "q", "public", press, Answer("Kingston, London.", "position", ["RAX"]))
    right = score_answer("r", "s", "q", "public", press, Answer("Kingston; the north west…", "position", ["RAX"],
                                                                audience="press"))
    assert (wrong.register_ok, wrong.mentions_ok) == (False, False) and right.correct


def test_a_held_out_figure_between_its_floor_and_its_target_passes_and_says_the_target_is_not_met() -> None:
    from evals.report import render_table, to_json
    from evals.runner import HELDOUT_TARGETS, HELDOUT_THRESHOLDS, EvalReport

    assert HELDOUT_THRESHOLDS["accuracy"] < HELDOUT_TARGETS["accuracy"]
    between = (HELDOUT_THRESHOLDS["accuracy"] + HELDOUT_TARGETS["accuracy"]) / 2
    report = EvalReport([], {"questions": 10, "accuracy": between, "faithfulness": 1.0}, [], [],
                        dict(HELDOUT_THRESHOLDS), "heldout", dict(HELDOUT_TARGETS))
    assert report.passed and report.targets_missed == ["accuracy"]
    assert "TARGET NOT MET: accuracy" in render_table(report) and to_json(report)["targets_missed"] == ["accuracy"]
    below = EvalReport([], {"questions": 10, "accuracy": HELDOUT_THRESHOLDS["accuracy"] - 0.01, "faithfulness": 1.0},
                       [], [], dict(HELDOUT_THRESHOLDS), "heldout", dict(HELDOUT_TARGETS))
    assert not below.passed
