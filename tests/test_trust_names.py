"""Trust resolution: curated aliases, derived names, codes, towns, postcodes, misspellings, ambiguity."""

from __future__ import annotations

import time

import pytest
import yaml

from assistant.understanding import find_trust_mentions, resolve_trust, understand
from assistant.understanding.trust_names import ALIAS_FILE
from nhs_league.errors import AmbiguousTrust, UnknownTrust
from scoring.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_alias_file_has_enough_aliases_and_every_code_is_a_trust(store) -> None:
    raw = yaml.safe_load(ALIAS_FILE.read_text(encoding="utf-8"))
    assert len(raw) >= 60
    known = set(store.trusts["trust_code"])
    for alias, codes in raw.items():
        for code in codes if isinstance(codes, list) else [codes]:
            assert code in known, f"{alias}: {code} is not in the store"


@pytest.mark.parametrize(("text", "code"), [
    ("King's Lynn", "RCX"), ("QEH King's Lynn", "RCX"), ("Moorfields", "RP6"), ("UCLH", "RRV"), ("Guy's", "RJ1"),
    ("Guys and St Thomas", "RJ1"), ("GOSH", "RP4"), ("Barts", "R1H"), ("the Christie", "RBV"), ("RNOH", "RAN"),
    ("Imperial", "RYJ"), ("King's College Hospital", "RJZ"), ("Royal Free", "RAL"), ("Addenbrooke's", "RGT"),
    ("Northumbria", "RTF"), ("Kingston", "RAX"), ("Whittington", "RKE"), ("Alder Hey", "RBS"),
    ("Royal Marsden", "RPY"), ("Papworth", "RGM"), ("Leeds Teaching Hospitals", "RR8"),
    ("St George's University Hospitals", "RJ7"), ("Walsall Healthcare", "RBK"), ("Walsall", "RBK"),
    ("The Rotherham NHS Foundation Trust", "RFR"), ("Rotherham", "RFR"), ("Mersey Care", "RW4"),
    ("Tavistock and Portman", "RNK"), ("North London NHS Foundation Trust", "G6V2S"),
    ("London Ambulance Service", "RRU"), ("Yorkshire Ambulance Service", "RX8"),
    ("Great Ormond Street", "RP4"), ("Southmead Hospital", "RVJ"), ("Northwick Park Hospital", "R1K"),
    ("rj1", "RJ1"), ("RJ1", "RJ1"), ("g6v2s", "G6V2S"),
    ("Moorfeilds", "RP6"), ("Adenbrookes", "RGT"), ("Northumbira", "RTF"), ("Kingstn and Richmond", "RAX"),
    ("Tavistok and Portman", "RNK"), ("Sheffield Teaching Hospitals", "RHQ"),
])
def test_resolves_names(store, text: str, code: str) -> None:
    assert resolve_trust(text, store) == code


@pytest.mark.parametrize(("text", "codes"), [
    ("Leeds", {"RR8", "RGD", "RY6"}),
    ("St George's", {"RJ7", "RQY"}),
    ("the Royal", {"RAL", "RA2", "RD1", "REF", "RH8", "RHW", "RL4", "RPY", "RGM", "RAN", "RRJ"}),
    ("Birmingham", {"RRK", "RQ3", "RXK", "RXT", "RYW"}),
])
def test_ambiguous_names_raise_with_candidates(store, text: str, codes: set[str]) -> None:
    with pytest.raises(AmbiguousTrust) as raised:
        resolve_trust(text, store)
    assert {code for code, _ in raised.value.candidates} == codes


def test_unknown_name_says_what_to_do(store) -> None:
    with pytest.raises(UnknownTrust, match="No trust matches 'St Elsewhere'"):
        resolve_trust("St Elsewhere", store)


@pytest.mark.parametrize("question", [
    "how are the tables made", "what does segment 5 mean", "how are ties broken", "what is the financial override",
    "why do specialist hospitals come top", "what needs to change", "are the parts of the score fair",
    "reading the table is hard", "the hospital ran out of beds", "what is the average score",
    "which trusts are in segment 4 in the North West", "best acute trust in London", "how many trusts are there",
    "a tad worse than last time", "how is the rat race", "is this fair to community trusts",
    "what does the league table not show", "which metrics count most",
])
def test_ordinary_words_are_not_trusts(store, question: str) -> None:
    assert find_trust_mentions(question, store) == []


def test_towns_postcodes_and_hospital_preference() -> None:
    assert understand("how is the hospital in Stoke doing").trusts == ["RJE"]
    stoke = understand("how are the trusts in Stoke doing")
    assert stoke.needs_clarification and {c for c, _ in stoke.candidates} == {"RJE", "RLY"}
    assert understand("how is M13 doing").trusts == ["R0A"]
    assert understand("how is the hospital in SW17 doing").trusts == ["RJ7"]
    sw17 = understand("trusts in SW17")
    assert {c for c, _ in sw17.candidates} == {"RJ7", "RQY"}
    assert understand("how is the hospital at SW17 0QT doing").trusts == ["RJ7"]
    assert understand("how is the hospital in Harrogate doing").trusts == ["RCD"]
    # Reading is a town and a word: only the capitalised town counts.
    assert understand("how is the hospital in Reading doing").trusts == ["RHW"]
    assert find_trust_mentions("reading the tables", load_store()) == []


@pytest.mark.parametrize(("question", "candidates"), [
    ("how is leeds doing", {"RR8", "RGD", "RY6"}),
    ("St George's position", {"RJ7", "RQY"}),
    ("birmingham ranking", {"RRK", "RQ3", "RXK", "RXT", "RYW"}),
    ("how is the Royal doing", {"RAL", "RA2", "RD1", "REF", "RH8", "RHW", "RL4", "RPY", "RGM", "RAN", "RRJ"}),
])
def test_ambiguous_questions_ask_which(question: str, candidates: set[str]) -> None:
    got = understand(question)
    assert got.needs_clarification and got.trusts == []
    assert {code for code, _ in got.candidates} == candidates
    assert all(name for _, name in got.candidates)


def test_hospital_narrows_an_ambiguous_name() -> None:
    assert understand("how is the hospital in Leeds doing").trusts == ["RR8"]
    assert understand("how is St George's hospital doing").trusts == ["RJ7"]
    assert understand("how is the Leeds mental health trust doing").trusts == ["RGD"]


def test_resolution_is_fast_once_warm(store) -> None:
    questions = ["how is moorfeilds doing", "compare kingston with leeds teaching", "how are the tables made",
                 "why is the hospital in Stoke segment 3 when our scores put us in 2?" * 3]
    find_trust_mentions("warm up", store)
    start = time.perf_counter()
    for _ in range(50):
        for question in questions:
            find_trust_mentions(question, store)
    per = (time.perf_counter() - start) / (50 * len(questions)) * 1000
    whole = time.perf_counter()
    for _ in range(20):
        for question in questions:
            understand(question)
    per_understand = (time.perf_counter() - whole) / (20 * len(questions)) * 1000
    print(f"trust resolution {per:.2f} ms/question; understand {per_understand:.2f} ms/question")
