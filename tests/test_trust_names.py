"""The one trust resolver: curated aliases, hospital sites, derived names, codes, towns, postcodes, misspellings
and ambiguity, and the same answer from the chat, the command line and the API."""

from __future__ import annotations

import pytest
import yaml

from assistant.understanding import understand
from nhs_league.errors import AmbiguousTrust, UnknownTrust
from scoring.names import find_trust_mentions, resolve_trust
from assistant.understanding.tables import AMBULANCE_AREAS_FILE, canonical_region
from scoring.names.name_table import ALIAS_FILE, SITES_FILE
from scoring.store import load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.mark.parametrize("path", [ALIAS_FILE, SITES_FILE], ids=["aliases", "hospital sites"])
def test_name_files_are_large_and_every_code_is_a_trust(store, path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(raw) >= 60
    known = set(store.trusts["trust_code"])
    for alias, codes in raw.items():
        for code in codes if isinstance(codes, list) else [codes]:
            assert code in known, f"{alias}: {code} is not in the store"


def test_every_acute_trust_has_a_hospital_site(store) -> None:
    raw = yaml.safe_load(SITES_FILE.read_text(encoding="utf-8"))
    covered = {code for codes in raw.values() for code in (codes if isinstance(codes, list) else [codes])}
    acute = set(store.trusts.loc[store.trusts["table"] == "acute", "trust_code"])
    assert acute <= covered


def test_each_area_is_served_by_an_ambulance_trust_of_its_region(store) -> None:
    """Every board or trust in ambulance_areas.yaml exists, and a board's ambulance trust is of a region its trusts
    are in (a trust named on its own, as North Cumbria, is an exception across a regional border)."""
    areas = yaml.safe_load(AMBULANCE_AREAS_FILE.read_text(encoding="utf-8"))
    trusts = store.trusts.set_index("trust_code")
    for area, service in areas.items():
        served = trusts[trusts["icb_code"] == area] if area not in trusts.index else trusts.loc[[area]]
        assert len(served), f"{area} is neither a board nor a trust of the reference file"
        assert trusts.loc[service, "table"] == "ambulance"
        if area not in trusts.index:
            assert canonical_region(trusts.loc[service, "region"]) in {canonical_region(r) for r in served["region"]}, area


@pytest.mark.parametrize(("text", "code"), [
    ("King's Lynn", "RCX"), ("QEH King's Lynn", "RCX"), ("Moorfields", "RP6"), ("UCLH", "RRV"), ("Guy's", "RJ1"),
    ("Guys and St Thomas", "RJ1"), ("GOSH", "RP4"), ("Barts", "R1H"), ("the Christie", "RBV"), ("RNOH", "RAN"),
    ("Imperial", "RYJ"), ("King's College Hospital", "RJZ"), ("Royal Free", "RAL"), ("Addenbrooke's", "RGT"),
    ("Northumbria", "RTF"), ("Kingston", "RAX"), ("Whittington", "RKE"), ("Alder Hey", "RBS"),
    ("Royal Marsden", "RPY"), ("Papworth", "RGM"), ("Leeds Teaching Hospitals", "RR8"),
    ("St George's University Hospitals", "RJ7"), ("Walsall Healthcare", "RBK"), ("Walsall", "RBK"),
    ("The Rotherham NHS Foundation Trust", "RFR"), ("Rotherham hospital", "RFR"), ("Mersey Care", "RW4"),
    ("Tavistock and Portman", "RNK"), ("North London NHS Foundation Trust", "G6V2S"),
    ("London Ambulance Service", "RRU"), ("Yorkshire Ambulance Service", "RX8"),
    ("Great Ormond Street", "RP4"), ("Southmead Hospital", "RVJ"), ("Northwick Park Hospital", "R1K"),
    ("the Royal Sussex", "RYR"),
    ("rj1", "RJ1"), ("RJ1", "RJ1"), ("g6v2s", "G6V2S"),
    ("Moorfeilds", "RP6"), ("Adenbrookes", "RGT"), ("Northumbira", "RTF"), ("Kingstn and Richmond", "RAX"),
    ("Tavistok and Portman", "RNK"), ("Sheffield Teaching Hospitals", "RHQ"),
    ("the Royal London", "R1H"), ("Manchester Royal Infirmary", "R0A"), ("Whipps Cross", "R1H"),
    ("Moorfeilds Eye Hosptial", "RP6"), ("SLaM", "RV5"), ("the QE in King's Lynn", "RCX"),
    ("Queen's Medical Centre", "RX1"), ("the John Radcliffe", "RTH"),
])
def test_resolves_names(store, text: str, code: str) -> None:
    assert resolve_trust(store, text) == code


@pytest.mark.parametrize("name", ["Addenbrooke's", "GOSH", "UCLH", "SLaM", "Barts", "the QE in King's Lynn",
                                  "the Royal London", "Royal Free", "Moorfeilds Eye Hospital", "Jimmy's",
                                  "Broomfield Hospital", "the Freeman", "Alder Hey", "Oxleas"])
def test_the_chat_and_the_command_line_resolve_a_name_to_the_same_trust(store, name: str) -> None:
    from scoring.explain import explain

    chat = understand(f"how is {name} doing?", store=store)
    assert len(chat.trusts) == 1, name
    assert explain(store, name).trust_code == chat.trusts[0] == resolve_trust(store, name)


@pytest.mark.parametrize(("text", "codes"), [
    ("Leeds", {"RR8", "RGD", "RY6"}),
    ("St George's", {"RJ7", "RQY"}),
    ("the Royal", {"RAL", "RA2", "RD1", "REF", "RH8", "RHW", "RL4", "RPY", "RGM", "RAN", "RRJ"}),
    ("Birmingham", {"RRK", "RQ3", "RXK", "RXT", "RYW"}),
])
def test_ambiguous_names_raise_with_candidates(store, text: str, codes: set[str]) -> None:
    with pytest.raises(AmbiguousTrust) as raised:
        resolve_trust(store, text)
    assert {code for code, _ in raised.value.candidates} == codes


def test_unknown_name_says_what_to_do(store) -> None:
    with pytest.raises(UnknownTrust, match="No trust matches 'St Elsewhere'"):
        resolve_trust(store, "St Elsewhere")


@pytest.mark.parametrize("question", [
    "how are the tables made", "what does segment 5 mean", "how are ties broken", "what is the financial override",
    "why do specialist hospitals come top", "what needs to change", "are the parts of the score fair",
    "reading the table is hard", "the hospital ran out of beds", "what is the average score",
    "which trusts are in segment 4 in the North West", "best acute trust in London", "how many trusts are there",
    "a tad worse than last time", "how is the rat race", "is this fair to community trusts",
    "what does the league table not show", "which metrics count most",
    "what is urgent community response", "is the mri scan waiting time counted",
])
def test_ordinary_words_are_not_trusts(store, question: str) -> None:
    assert find_trust_mentions(question, store) == []


def test_towns_postcodes_and_hospital_preference() -> None:
    assert understand("how is the hospital in Stoke doing").trusts == ("RJE",)
    stoke = understand("how are the trusts in Stoke doing")
    assert stoke.needs_clarification and set(stoke.candidates) == {"RJE", "RLY"}
    assert understand("how is M13 doing").trusts == ("R0A",)
    assert understand("how is the hospital in SW17 doing").trusts == ("RJ7",)
    sw17 = understand("trusts in SW17")
    assert set(sw17.candidates) == {"RJ7", "RQY"}
    assert understand("how is the hospital at SW17 0QT doing").trusts == ("RJ7",)
    assert understand("how is the hospital in Harrogate doing").trusts == ("RCD",)
    # Reading is a town and a word: only the capitalised town counts.
    assert understand("how is the hospital in Reading doing").trusts == ("RHW",)
    assert find_trust_mentions("reading the tables", load_store()) == []


@pytest.mark.parametrize(("question", "candidates"), [
    ("how is leeds doing", {"RR8", "RGD", "RY6"}),
    ("St George's position", {"RJ7", "RQY"}),
    ("birmingham ranking", {"RRK", "RQ3", "RXK", "RXT", "RYW"}),
    ("how is the Royal doing", {"RAL", "RA2", "RD1", "REF", "RH8", "RHW", "RL4", "RPY", "RGM", "RAN", "RRJ"}),
    ("how is cambridge doing", {"RGT", "RGM", "RT1", "RYV"}),   # and Cambridgeshire Community Services
    ("where is the QE", {"RCX", "RR7", "RRK", "RJ2"}),
])
def test_ambiguous_questions_ask_which(question: str, candidates: set[str]) -> None:
    got = understand(question)
    assert got.needs_clarification and got.trusts == ()
    assert set(got.candidates) == candidates


def test_hospital_narrows_an_ambiguous_name() -> None:
    assert understand("how is the hospital in Leeds doing").trusts == ("RR8",)
    assert understand("how is St George's hospital doing").trusts == ("RJ7",)
    assert understand("how is the Leeds mental health trust doing").trusts == ("RGD",)
    assert understand("how is the hospital in cambridge doing").trusts == ("RGT",)


def test_a_misspelling_close_to_two_trusts_asks_which(store) -> None:
    mentions = find_trust_mentions("how is Sheffeld doing", store)
    assert mentions and mentions[0].ambiguous
