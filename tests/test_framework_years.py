"""A framework year the product has no rules for, end to end: published-only first, then one folder adds its rules.

The data is NHS England's real 2025/26 files plus a MADE-UP 2026/27 acute file (tests/fixtures/made_up_2026_27,
labelled made-up throughout) whose summary rows were worked out by hand from MADE-UP fixed-threshold rules
(README.md there). Without a 2026-27 folder the quarter is shown as published and never recomputed; with the
made-up folder placed beside 2025-26 (NHS_LEAGUE_FRAMEWORKS_DIR), the same data is recomputed and the segments
equal what the thresholds imply.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nhs_league.errors import NotRecomputed
from nhs_league.settings import FRAMEWORKS_DIR, FRAMEWORKS_ENV
from scoring.numbers import unsupported_numbers

FIXTURE = Path(__file__).parent / "fixtures" / "made_up_2026_27"
MADE_UP_FILE = FIXTURE / "made_up_nof_2026-27_q1_acute_trust_data.csv"
Q = "Q1 2026/27"
THRESHOLDS = (1.50, 2.00, 2.50)     # the made-up rules' fixed cut points (an average on one takes the better side)


def _made_up(metric_id: str, column: str = "Value") -> pd.Series:
    """The made-up file's published figures for one id, by trust (read with pandas, not our loader)."""
    frame = pd.read_csv(MADE_UP_FILE)
    return frame[frame["Metric_ID"] == metric_id].set_index("Trust_code")[column]


@pytest.fixture(scope="module")
def data_dir(raw_dir, tmp_path_factory) -> Path:
    """NHS England's real files and the made-up 2026/27 file in one folder (what `--data DIR` reads)."""
    folder = tmp_path_factory.mktemp("data")
    for path in raw_dir.glob("*.csv"):
        shutil.copy(path, folder / path.name)
    shutil.copy(MADE_UP_FILE, folder / MADE_UP_FILE.name)
    return folder


@pytest.fixture(scope="module")
def published_only(data_dir):
    from scoring.store import load_files

    return load_files([data_dir])


@pytest.fixture()
def with_made_up_rules(tmp_path, monkeypatch) -> Path:
    """A frameworks folder holding the shipped 2025-26 folder and the made-up 2026-27 one: one new folder."""
    frameworks = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIR / "2025-26", frameworks / "2025-26")
    shutil.copytree(FIXTURE / "2026-27", frameworks / "2026-27")
    monkeypatch.setenv(FRAMEWORKS_ENV, str(frameworks))
    return frameworks


# --------------------------------------------------------------------------------------- published-only
def test_a_year_without_rules_is_published_only_and_import_keeps_its_rows(published_only):
    from scoring.frameworks import is_recomputed, not_recomputed_reason

    assert not is_recomputed(Q) and is_recomputed("Q4 2025/26")
    assert not_recomputed_reason(Q) == "no rules for 2026/27"
    assert Q in published_only.quarters and published_only.tables_in(Q) == ["acute"]
    rows = published_only.metrics[published_only.metrics["quarter"] == Q]
    assert "OF0201" in set(rows["metric_id"])            # unknown to every catalogue we hold, kept as published
    assert len(rows) == len(pd.read_csv(MADE_UP_FILE))


def test_the_engine_never_applies_2025_26_rules_to_2026_27(published_only):
    from scoring.engine import score_quarter
    from scoring.explain.quarter_results import base_result

    for run in (score_quarter, base_result):
        with pytest.raises(NotRecomputed, match="no rules for 2026/27"):
            run(published_only, Q)


def test_the_league_table_is_nhs_englands_as_published(published_only, data_dir, capsys):
    from nhs_league.cli import main
    from scoring.cli import table_frame

    frame, result = table_frame(published_only, "acute", Q)
    assert not result.recomputed and result.quarter == Q
    assert list(frame["trust_code"]) == ["RAX", "RJ7", "R0D", "R0B", "R1F", "R0A", "RJ1"]   # published rank order
    assert dict(zip(frame["trust_code"], frame["rank"])) == _made_up("OF5000", "Rank").astype(int).to_dict()
    assert dict(zip(frame["trust_code"], frame["segment"])) == _made_up("OF5000").astype(int).to_dict()
    assert dict(zip(frame["trust_code"], frame["average_score"])) == _made_up("OF5002").to_dict()
    assert set(frame["basis"]) == {"as published, not recomputed (no rules for 2026/27)"}
    assert frame.set_index("trust_code").loc["R0D", "financial_override"]    # published 3 after unadjusted 1

    assert main(["table", "--quarter", Q, "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "as published, not recomputed (no rules for 2026/27)" in out and "cut points" not in out


def test_verify_says_not_recomputed_and_still_checks_2025_26(published_only, data_dir, capsys):
    import json

    from nhs_league.cli import main
    from scoring.verify import verify_quarter

    assert [(r.table, r.recomputed, r.not_recomputed, r.checks) for r in verify_quarter(published_only, Q)] == [
        ("acute", False, "no rules for 2026/27", [])]
    assert main(["verify", "--data", str(data_dir), "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)["tables"]
    assert [(t["quarter"], t["not_recomputed"]) for t in tables if not t["recomputed"]] == [(Q, "no rules for 2026/27")]
    checked = [t for t in tables if t["recomputed"]]
    assert {t["quarter"] for t in checked} == {"Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"}
    assert all(c["exact"] == c["compared"] for t in checked for c in t["checks"]
               if c["name"] in ("average score", "segment", "league rank"))


def test_explain_gives_the_published_position_and_says_it_is_not_recomputed(published_only):
    from scoring.explain import explain
    from scoring.explain.published_position import PublishedExplanation

    e = explain(published_only, "R0D", Q, "public")
    assert isinstance(e, PublishedExplanation) and e.recomputed is False
    assert (e.segment, e.rank, e.table_size, e.average_score) == (3, 3, 7, 1.5)
    assert (e.unadjusted_segment, e.in_deficit, e.financial_override) == (1, True, True)
    assert e.to_dict()["recomputed"] is False and e.to_dict()["basis"] == "as published, not recomputed"
    values = {m.metric_id: m.value for m in e.metrics}
    assert values["OF0201"] == 96.0 and values["OF0013"] == 78.0
    assert {p.kind: (p.position, p.size) for p in e.peers}["subtype"] == (2, 4)   # teaching: RJ7, R0D, RJ1, R0A
    assert "no scoring rules for 2026/27" in e.text and "as published, not recomputed" in e.text
    for audience in ("public", "staff", "press"):
        text = e.retell(audience)
        assert "not recompute" in text
        assert unsupported_numbers(text, e.facts, Q) == [], audience
    assert e.fact("segment").source.startswith(MADE_UP_FILE.name)


def test_published_movement_across_the_two_years(published_only):
    from scoring.explain import explain

    e = explain(published_only, "R0D", Q, "public", since="Q1 2025/26")
    before = published_only.metrics[(published_only.metrics["quarter"] == "Q1 2025/26")
                                    & (published_only.metrics["trust_code"] == "R0D")].set_index("metric_id")
    m = e.movement
    assert m is not None and m.frameworks_differ
    assert m.previous_rank == int(before.loc["OF5000", "rank"])
    assert m.previous_segment == int(before.loc["OF5000", "value"])
    assert m.rank_change == 3 - m.previous_rank
    assert "different yearly rules" in e.text
    assert unsupported_numbers(e.text, e.facts, Q) == []


# --------------------------------------------------------------------------------------- one folder adds the year
def test_one_new_folder_recomputes_the_year_by_its_thresholds(with_made_up_rules, data_dir):
    from scoring.engine import score_quarter
    from scoring.frameworks import framework_for, is_recomputed
    from scoring.store import load_files

    assert sorted(p.name for p in with_made_up_rules.iterdir()) == ["2025-26", "2026-27"]
    assert sorted(p.name for p in (with_made_up_rules / "2026-27").iterdir()) == ["framework.yaml", "metrics.yaml",
                                                                                    "rules.yaml"]
    assert is_recomputed(Q) and framework_for(Q).rules.segmentation.method == "thresholds"
    store = load_files([data_dir])          # import again: now every 2026/27 id must be in the made-up catalogue
    result = score_quarter(store, Q)
    assert result.cuts.values == THRESHOLDS and result.cuts.basis.startswith("fixed thresholds")
    trusts = result.trusts.set_index("trust_code")
    implied = {code: 1 + sum(avg > cut for cut in THRESHOLDS) for code, avg in _made_up("OF5002").items()}
    assert trusts["unadjusted_segment"].to_dict() == implied == _made_up("OF5003").astype(int).to_dict()
    assert trusts["average_score"].to_dict() == _made_up("OF5002").to_dict()
    assert trusts["adjusted_segment"].to_dict() == _made_up("OF5000").astype(int).to_dict()
    assert trusts["rank"].to_dict() == _made_up("OF5000", "Rank").astype(int).to_dict()
    assert trusts["rank_by_average"].to_dict() == _made_up("OF5002", "Rank").astype(int).to_dict()
    scores = result.scores[result.scores["metric_id"] == "OF1013"].set_index("trust_code")["score"]
    assert scores.to_dict() == _made_up("OF1013").to_dict()


def test_the_added_year_is_verified_tabled_and_explained_by_its_own_framework(with_made_up_rules, data_dir, capsys):
    from nhs_league.cli import main
    from scoring.explain import explain
    from scoring.store import load_files
    from scoring.verify import verify_quarter

    store = load_files([data_dir])
    reports = verify_quarter(store, Q)
    assert [r.recomputed for r in reports] == [True]
    assert {c.name: (c.exact, c.compared) for c in reports[0].checks if c.name != "metric scores"} == {
        "average score": (7, 7), "unadjusted segment": (7, 7), "segment": (7, 7), "league rank": (7, 7)}
    e = explain(store, "R0D", Q, "staff")
    assert e.recomputed is True
    assert (e.position.segment, e.position.unadjusted_segment, e.position.financial_override) == (3, 1, True)
    assert e.fact("scale.override_cap").value == 3 and "Made-up test framework 2026/27" in e.fact(
        "scale.worst_segment").source
    assert e.fact("cut_point_2").value == 2.0
    assert main(["table", "--quarter", Q, "--data", str(data_dir)]) == 0
    assert "fixed thresholds" in capsys.readouterr().out


def test_the_assistant_answers_table_why_and_what_if_questions_about_a_published_only_quarter(published_only):
    from assistant import Session, answer

    ranks = _made_up("OF5000", "Rank").dropna().astype(int)
    top = sorted(ranks.index, key=lambda code: (ranks[code], code))[:3]
    reply = answer("top 3 acute trusts", session=Session(quarter=Q), store=published_only)
    assert reply.intent == "table" and reply.quarter == Q and reply.trusts[:3] == top
    assert "as published, not recomputed" in reply.answer
    assert not unsupported_numbers(reply.answer, reply.facts, reply.quarter, "top 3 acute trusts")
    code = top[0]
    for question in (f"why is {code} where it is?", f"what would it take for {code} to move up?"):
        reply = answer(question, session=Session(quarter=Q), store=published_only)
        assert reply.trusts == [code] and reply.quarter == Q, question
        assert {f.value for f in reply.facts if f.key == "rank" and f.trust == code} == {ranks[code]}, question
        assert "scoring rules" in reply.answer and not unsupported_numbers(reply.answer, reply.facts, reply.quarter,
                                                                            question), question
