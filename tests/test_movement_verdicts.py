"""Is a move real? The paired change test, what drove each move, movers between any two quarters, the digest."""

from __future__ import annotations

import json
from itertools import pairwise

import numpy as np
import pytest

from nhs_league.cli import main
from scoring.explain import digest, explain
from scoring.explain.change_test import ALPHA, paired_change_test
from scoring.explain.movement import DRIVERS, movement_between
from scoring.explain.movers import movers
from scoring.explain.quarter_results import base_result
from scoring.numbers import unsupported_numbers
from scoring.quarters import sort_key


@pytest.fixture(scope="module")
def moves(store):
    """Every quarter-on-quarter move held: each table, each pair of consecutive quarters that hold it."""
    out = []
    for table in ("acute", "mental-health-community", "ambulance"):
        held = sorted((q for q in store.quarters if table in store.tables_in(q)), key=sort_key)
        for earlier, later in pairwise(held):
            out += movers(store, table, earlier, later).rows
    return out


def test_a_few_moves_are_real_but_not_most(moves):
    """Across the quarter-on-quarter moves (183 with four mental health & community quarters), the test calls
    some real and most not: 6 of 183 when measured (docs/results.md)."""
    assert len(moves) >= 183
    real = sum(m.real for m in moves)
    assert 0 < real < len(moves) / 2


def test_real_exactly_when_the_interval_leaves_out_zero(moves):
    for m in moves:
        assert m.movement.test is not None and m.movement.test.measures > 0
        low, high = m.interval
        assert m.real == (not low <= 0 <= high), (m.trust_code, m.interval, m.movement.test)
        assert m.real == (m.movement.test.p_value < ALPHA)


def test_each_verdict_names_what_drove_the_move_and_the_parts_add_up(moves):
    for m in moves:
        move = m.movement
        assert move.measures_rank_effect + move.added_dropped_rank_effect == move.own_rank_effect
        assert move.cut_points_rank_effect + move.moving_rank_effect == move.others_rank_effect
        assert move.own_rank_effect + move.override_rank_effect + move.others_rank_effect == m.rank_change
        assert move.own_segment_effect + move.override_segment_effect + move.others_segment_effect == m.segment_change
        assert ("Real change" in m.verdict) == m.real
        if m.rank_change or m.segment_change:
            assert m.driver in DRIVERS, (m.trust_code, m.verdict)
            assert m.driver.replace("the financial override", "the financial override switching") in m.verdict
        assert not any(ch.isdigit() for ch in m.verdict)


def test_the_test_is_calibrated_on_changes_with_their_signs_randomised(moves):
    """With each move's per-measure changes given random signs (no real change), the test may call at most about
    5 % real (a bootstrap interval called 15 % real on the same data, which is why it was not chosen)."""
    rng = np.random.default_rng(1)
    called = total = 0
    for m in moves:
        move = m.movement
        before = {s.metric_id: s.before for s in move.own if s.before is not None and s.after is not None}
        changes = [s.after - s.before for s in move.own if s.metric_id in before]
        unchanged = move.test.measures - len(changes)
        d = np.array(changes + [0.0] * unchanged)
        for _ in range(3):
            called += paired_change_test(list(d * rng.choice((-1, 1), size=len(d))), [1.0] * len(d)).real
            total += 1
    assert called / total <= ALPHA


def test_paired_test_on_small_made_up_changes():
    assert paired_change_test([0.5] * 8, [1] * 8).real                 # all 8 worse: p = 2/256
    assert not paired_change_test([0.5] * 3, [1] * 3).real             # 3 measures can never be real
    unchanged = paired_change_test([0.0] * 9, [1] * 9)
    assert not unchanged.real and unchanged.changed == 0 and unchanged.interval == (0.0, 0.0)
    mixed = paired_change_test([0.4, -0.3, 0.2, -0.1, 0.3, -0.2, 0.1, 0.0], [1] * 8)
    assert not mixed.real and mixed.interval[0] < 0 < mixed.interval[1]
    weighted = paired_change_test([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -3.0], [1, 1, 1, 1, 1, 1, 1, 1 / 3])
    assert weighted.mean_change == round((3.5 - 1.0) / (7 + 1 / 3), 2)
    assert paired_change_test([], []).interval is None


def test_movement_between_any_two_quarters(store):
    table = "mental-health-community"
    held = sorted((q for q in store.quarters if table in store.tables_in(q)), key=sort_key)
    first, last = held[0], held[-1]
    code = base_result(store, last).table(table)["trust_code"].iloc[0]
    m = movement_between(store, code, first, last)
    ours_first, ours_last = base_result(store, first).trust(code), base_result(store, last).trust(code)
    assert m.previous_quarter == first
    assert m.rank_change == int(ours_last["rank"]) - int(ours_first["rank"])
    e = explain(store, code, last, "staff", since=first.split()[0])
    assert e.movement.previous_quarter == first and e.movement.rank_change == m.rank_change
    assert unsupported_numbers(e.text, e.facts) == []
    assert f"In {first}" in e.retell("public")


def test_explain_json_carries_the_verdict(capsys, store):
    code = base_result(store, store.quarters[-1]).trusts["trust_code"].iloc[0]
    assert main(["explain", code, "--format", "json", "--fast"]) == 0
    movement = json.loads(capsys.readouterr().out)["movement"]
    assert isinstance(movement["real"], bool) and movement["verdict"]
    assert len(movement["interval"]) == 2 and "not NHS England's" in movement["method"]


def test_texts_say_what_the_verdict_can_and_cannot_tell(store):
    code = base_result(store, store.quarters[-1]).trusts["trust_code"].iloc[0]
    e = explain(store, code)
    size = str(e.position.table_size)
    for audience in ("public", "staff", "press"):
        text = e.retell(audience)
        assert e.movement.verdict in text
        assert f"{size} trusts" in text and "by chance alone" in text and "five quarters" in text
        assert "not NHS England's" in text
        assert "NHS England's threshold" not in text and "NHS England's test" not in text


def test_movers_rank_rises_and_falls_with_facts(store):
    table = "mental-health-community"
    held = sorted((q for q in store.quarters if table in store.tables_in(q)), key=sort_key)
    mv = movers(store, table, held[0].split()[0], held[-1])
    assert len(mv.rows) == len(base_result(store, held[-1]).table(table))
    rises = [m.rank_change for m in mv.risers()]
    assert rises == sorted(rises) and all(r < 0 for r in rises)
    falls = [m.rank_change for m in mv.fallers(3)]
    assert falls == sorted(falls, reverse=True)[:3] and all(f > 0 for f in falls)
    top = mv.risers(1)[0]
    facts = {(f.key, f.trust, f.quarter): f.value for f in mv.facts}
    assert facts[("rank", top.trust_code, held[0])] == top.earlier_rank
    assert facts[("rank", top.trust_code, held[-1])] == top.rank
    assert facts[("movement.real", top.trust_code, held[-1])] == top.real
    assert facts[("movement.rank_change_size", top.trust_code, held[-1])] == top.places


@pytest.mark.parametrize("position", [-1, -2])
def test_digest_for_the_latest_quarters(store, position):
    table = "mental-health-community"
    held = sorted((q for q in store.quarters if table in store.tables_in(q)), key=sort_key)
    d = digest(store, held[position], "mh")
    t = d.tables[0]
    assert t.previous_quarter == held[position - 1]
    assert t.crossings and all(m.segment != m.earlier_segment for m in t.crossings)
    assert t.risers and t.fallers
    assert "Crossed a segment line:" in d.text and "not NHS England's" in d.text
    assert unsupported_numbers(d.text, d.facts) == []
