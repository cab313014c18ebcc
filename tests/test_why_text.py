"""Why, in plain words: the public, press and staff texts name the measures behind a trust's position in everyday
words, in the order the issue asks for, briefly. (The every-trust × quarter check that the named measures are
the largest by NHS England's published scores is in test_explain_core.)"""

from __future__ import annotations

import re
import statistics

import pytest

from published_effects import named_of_largest, published_effects
from scoring.catalogue import load_catalogue
from scoring.explain import explain
from scoring.numbers import extract_numbers

Q1, Q2, Q4 = "Q1 2025/26", "Q2 2025/26", "Q4 2025/26"
BARE_ID = re.compile(r"\bOF\d{4}\b")
SAMPLE = [(Q1, "RAX"), (Q1, "RCX"), (Q1, "RP4"), (Q1, "RP6"), (Q1, "RTH"), (Q1, "RJ1"), (Q1, "R0A"), (Q1, "RQY"),
          (Q2, "RQY"), (Q2, "RXT"), (Q4, "RRE"), (Q4, "RW1")]


@pytest.fixture(scope="module")
def explained(store):
    return {(q, code): explain(store, code, q) for q, code in SAMPLE}


def test_everyday_names_are_short_plain_distinct_and_figure_free():
    names = [m.everyday_name for m in load_catalogue().metrics]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 1 <= len(name.split()) <= 8, name
        assert not BARE_ID.search(name) and extract_numbers(name) == [], name
        others = [o for o in names if o != name]
        assert not any(name.casefold() in o.casefold() for o in others), name   # a name never hides in another


def test_public_and_press_name_the_main_measures_in_everyday_words(store, explained):
    everyday = {m.id: m.everyday_name for m in load_catalogue().metrics}
    for (q, code), e in explained.items():
        effects = published_effects(store.metrics, q)[code]
        for text in (e.text, e.retell("press")):
            assert named_of_largest(text, effects, everyday) >= 2, (code, q)
            assert not BARE_ID.search(text), (code, q)
        first_back = e.drivers.holding_back(1)[0]
        assert f"held back most by {first_back.everyday_name}" in e.text


def test_public_text_order_position_why_override_coverage(explained):
    text = explained[(Q1, "RP4")].text          # Great Ormond Street: specialist, held by the override
    order = ["40th out of 134", "average metric score", "held back most by", "Its scores alone would put it in "
             "segment 1. It is held at segment 3 because it is in financial deficit", "It is a specialist trust",
             "Care Quality Commission"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "Without that rule it would be 16th." in text


def test_public_text_explains_the_average_once_and_stays_short(explained):
    words = []
    for (q, code), e in explained.items():
        assert e.text.count("average metric score") == 1, code
        assert "from 1.00 (best) to 4.00 (worst), so lower is better" in e.text
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", e.text) if s]
        assert statistics.mean(len(s.split()) for s in sentences) <= 20, (code, q)
        if e.movement is None:
            words.append(len(e.text.split()))
    assert max(words) <= 175 and statistics.median(words) <= 140, words


def test_few_measures_and_top_half_trusts_hear_what_helps_first(explained):
    e = explained[(Q2, "RQY")]
    assert "It has only 9 measures, so one of them can move it a long way." in e.text
    assert e.text.index("It is helped most by") < e.text.index("It is held back most by")   # segment 2
    low = explained[(Q1, "RCX")]
    assert low.text.index("It is held back most by") < low.text.index("It is helped most by")  # segment 4


def test_press_is_quotable_with_reasons_and_a_caveat_line(explained):
    press = explained[(Q1, "RAX")].retell("press")
    quote, caveat = press.split("\n\n")[:2]
    assert quote.startswith("Kingston and Richmond NHS Foundation Trust is 31st of 134 acute trusts")
    assert "It is held back most by very long A&E waits and delays in leaving hospital, and helped most by" in quote
    assert "held at segment 3 because it is in financial deficit; without that rule it would be 10th" in quote
    assert caveat.startswith("Caveat: NHS England's table compares whole trusts on 20 published measures")
    assert "CQC" in caveat
    plain = explained[(Q1, "RCX")].retell("press")
    assert "(segment 4 on its scores alone), it is held back most by the trust's finances" in plain


def test_staff_opens_with_position_why_and_what_would_move_it(explained):
    lines = explained[(Q2, "RQY")].retell("staff").splitlines()
    start = -1                                    # the answer opens with the summary, then headed sections
    assert [line.split(":")[0] for line in lines[start + 1:start + 4]] == ["- Position", "- Why",
                                                                           "- What would move it"]
    assert lines[start + 1].startswith("- Position: 23rd of 61, segment 2")
    assert "held back most by Staff feel safe to speak up −0.11" in lines[start + 2]
    assert "helped most by Combined finance score +0.16" in lines[start + 2]
    assert lines[start + 3].startswith("- What would move it: Staff feel safe to speak up from 6.58 to 7.2")
    assert lines[start + 5].startswith("### ") and lines[start + 5].endswith("position, step by step")
    held = explained[(Q1, "RAX")].retell("staff")
    assert "- What would move it: clearing its deficit: it would then be in segment 1, 10th" in held
