"""The evaluation sets parse strictly, ids are unique, and there are enough questions of each kind."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from evals.questions.schema import (QUESTIONS_DIR, Conversation, Question, count_questions, load_method_questions,
                                    load_sets, parse_set)
from nhs_league.errors import RulesError


@pytest.fixture(scope="module")
def sets():
    return load_sets()


def test_every_set_parses_and_there_are_at_least_150_questions(sets) -> None:
    assert set(sets) >= {"position", "table", "compare", "movement", "whatif", "conversations", "declines",
                         "registers"}
    assert count_questions(sets) >= 150


def test_ids_are_unique_across_sets(sets) -> None:
    ids = Counter(item.id for items in sets.values() for item in items)
    assert [i for i, n in ids.items() if n > 1] == []


def test_minimum_size_of_each_set(sets) -> None:
    minimum = {"position": 50, "table": 20, "compare": 10, "movement": 10, "whatif": 10, "conversations": 8,
               "declines": 20}
    for name, n in minimum.items():
        assert len(sets[name]) >= n, name


def test_sets_hold_the_kinds_of_question_they_are_named_for(sets) -> None:
    for name, intent in (("position", "position"), ("table", "table"), ("compare", "compare"),
                         ("movement", "movement"), ("whatif", "whatif"), ("registers", "position")):
        assert {q.expect.intent for q in sets[name]} == {intent}, name
    assert all(isinstance(c, Conversation) and 3 <= len(c.turns) <= 5 for c in sets["conversations"])
    declines = sets["declines"]
    assert sum(q.expect.declined for q in declines) >= 10
    assert sum(q.expect.needs_clarification for q in declines) >= 5


def test_questions_cover_the_ways_people_ask(sets) -> None:
    position = sets["position"]
    texts = [q.question for q in position]
    assert any(q.expect.corrects_premise for q in position)
    assert any(t == t.lower() for t in texts) and any(not t.rstrip().endswith("?") for t in texts)
    assert {q.audience for items in sets.values() for q in items if isinstance(q, Question)} == \
        {"public", "staff", "press"}
    registers = Counter(q.expect.trusts[0] for q in sets["registers"])
    assert all(n == 3 for n in registers.values())
    quarters = {f.quarter for q in sets["movement"] for f in q.expect.facts}
    assert len(quarters) >= 2 and "Q1 2025/26" in quarters  # moves from the first league table onwards


def test_movement_facts_name_their_quarter(sets) -> None:
    for q in sets["movement"]:
        assert q.expect.facts and all(f.quarter for f in q.expect.facts), q.id


def test_unknown_keys_are_rejected() -> None:
    entry = {"id": "x", "question": "q", "audience": "public", "expect": {"intent": "position", "surprise": 1}}
    with pytest.raises(RulesError, match="surprise"):
        parse_set("bad", [entry])


def test_facts_need_a_source_and_count_needs_a_null_trust() -> None:
    fact = {"trust": "RAX", "key": "rank", "value": 31}
    entry = {"id": "x", "question": "q", "expect": {"intent": "position", "trusts": ["RAX"], "facts": [fact]}}
    with pytest.raises(RulesError, match="source"):
        parse_set("bad", [entry])
    entry["source"] = {"file": "f.csv", "rows": [2]}
    entry["expect"]["facts"] = [{"trust": "RAX", "key": "count", "value": 3}]
    with pytest.raises(RulesError, match="count"):
        parse_set("bad", [entry])


def test_a_set_must_be_a_list() -> None:
    with pytest.raises(RulesError, match="YAML list"):
        parse_set("bad", {"id": "x"})


def test_duplicate_ids_are_refused(tmp_path) -> None:
    entry = {"id": "same", "question": "q", "expect": {"intent": "help"}}
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump([entry]))
    with pytest.raises(RulesError, match="used twice"):
        load_sets(tmp_path)


def test_unknown_set_name_lists_the_choices() -> None:
    with pytest.raises(RulesError, match="choose from"):
        load_sets(names=["nope"])


def test_every_set_file_documents_its_schema_at_the_top() -> None:
    for path in QUESTIONS_DIR.glob("*.yaml"):
        head = path.read_text(encoding="utf-8").splitlines()[:10]
        assert head[0].startswith("# ") and any("Schema" in line for line in head), path.name


def test_method_questions_load_when_present() -> None:
    questions = load_method_questions()
    assert all(q.topics for q in questions)


def test_paraphrase_sets_are_up_to_date_and_give_three_forms_of_most_questions() -> None:
    """evals/paraphrases is generated from the dev sets: regenerate it (python -m evals.paraphrase) after editing."""
    from evals.paraphrase import PARAPHRASES_DIR, build

    built = build()
    on_disk = load_sets(PARAPHRASES_DIR)
    assert sorted(built) == sorted(on_disk)
    for name, entries in built.items():
        assert [e["question"] for e in entries] == [q.question for q in on_disk[name]], name
    forms: dict[str, int] = {}
    for entries in built.values():
        for entry in entries:
            original = entry["id"].split("~")[0]
            forms[original] = forms.get(original, 0) + 1
    assert sum(n >= 3 for n in forms.values()) >= 0.9 * len(forms)
