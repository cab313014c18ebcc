"""The framework object per year, and every field of the rules doing what it says.

Expected values come from NHS England's published figures (the published averages of each table, cut at their
own quartiles with numpy) or are worked out by hand in the test, never from this code's earlier output.
"""

from __future__ import annotations

import ast
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from nhs_league.errors import RulesError
from nhs_league.settings import FRAMEWORKS_DIR, FRAMEWORKS_ENV, frameworks_dir

ROOT = Path(__file__).resolve().parent.parent


def _variant(tmp_path: Path, monkeypatch, change, name: str = "rules.yaml") -> Path:
    """A frameworks folder whose 2025-26 folder has one file changed by ``change(dict)``; made the live one."""
    frameworks = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIR / "2025-26", frameworks / "2025-26")
    path = frameworks / "2025-26" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv(FRAMEWORKS_ENV, str(frameworks))
    return frameworks


# --------------------------------------------------------------------------------------- the framework object
def test_the_2025_26_framework_holds_the_ids_caps_and_words_the_layers_read():
    from scoring.frameworks import current_framework, framework_for

    f = framework_for("Q3 2025/26")
    assert f is current_framework() and f.year == "2025/26" and f.name == "NHS Oversight Framework 2025/26"
    assert f.output_ids == {"segment": "OF5000", "average_score": "OF5002", "unadjusted_segment": "OF5003",
                            "in_deficit": "OF5004", "final_segment": "OF5005", "recovery_support": "OF5007"}
    assert (f.segments, f.override_cap, f.recovery_support_segment) == (4, 3, 5)
    assert (f.finance.combined, f.finance.inputs) == ("OF1080", ("OF1079", "OF1081"))
    assert set(f.part_weight.metrics) == {m.id for m in f.catalogue.metrics if m.weight < 1}
    assert f.few_metrics_for("mental-health-community", 11) and not f.few_metrics_for("mental-health-community", 12)
    assert not f.few_metrics_for("acute", 5)
    assert f.table_label("mental-health-community") == "mental health and community"
    assert f.rules.segmentation.quantiles == (0.25, 0.5, 0.75)


def test_the_old_entry_points_are_thin_functions_over_the_framework():
    from scoring.catalogue import load_catalogue
    from scoring.frameworks import framework_for
    from scoring.rules import rules_for

    assert load_catalogue() is framework_for("Q1 2025/26").catalogue is load_catalogue("Q4 2025/26")
    assert rules_for("Q2 2025/26") is framework_for("Q2 2025/26").rules


def test_the_frameworks_folder_can_be_pointed_elsewhere(tmp_path, monkeypatch):
    from scoring.frameworks import framework_years

    assert frameworks_dir() == FRAMEWORKS_DIR
    monkeypatch.setenv(FRAMEWORKS_ENV, str(tmp_path))
    assert frameworks_dir() == tmp_path.resolve() and framework_years() == []
    with pytest.raises(RulesError, match="No framework folders"):
        from scoring.frameworks import current_framework
        current_framework()


@pytest.mark.parametrize("name,change,message", [
    ("framework.yaml", lambda d: d.update(year="2024/25"), "rules.yaml is for 2025/26, framework.yaml for 2024/25"),
    ("framework.yaml", lambda d: d["finance"].update(inputs=["OF1079", "OF1082"]), "must have in_average: false"),
    ("framework.yaml", lambda d: d["tables"].pop("ambulance"), "that framework.yaml does not list"),
    ("framework.yaml", lambda d: d.update(colour="blue"), "colour"),
    ("rules.yaml", lambda d: d["segmentation"].update(segments=5), "quartiles make four segments"),
    ("rules.yaml", lambda d: d["segmentation"].update(method="thresholds", thresholds=[1.5, 2.5]),
     "needs 3 thresholds"),
    ("rules.yaml", lambda d: d["segmentation"].update(method="thresholds", thresholds=[2.5, 2.0, 1.5]),
     "strictly ascending"),
    ("rules.yaml", lambda d: d["segmentation"].update(thresholds=[1.5, 2.0, 2.5]), "only with method thresholds"),
    ("rules.yaml", lambda d: d["override"].update(best_allowed_segment=6), "best_allowed_segment"),
    ("rules.yaml", lambda d: d["metric_scores"].update(decimals=9), "decimals"),
])
def test_an_inconsistent_framework_is_refused_with_one_line_naming_the_problem(tmp_path, monkeypatch, name,
                                                                                 change, message):
    from scoring.frameworks import framework_for

    _variant(tmp_path, monkeypatch, change, name)
    with pytest.raises(RulesError) as raised:
        framework_for("Q1 2025/26")
    assert message in str(raised.value)


def test_no_metric_id_or_framework_year_is_written_into_the_explanation_code():
    """Ids and years come from the framework object (docstrings may name them as examples)."""
    pattern = re.compile(r"\bOF\d{4}\b|\b20\d\d/\d\d\b")
    found = []
    for path in sorted((ROOT / "scoring" / "explain").glob("*.py")):
        if path.name == "text.py":   # reworded under issue 16; its fact keys are built from the framework's ids
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        found += [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and pattern.search(node.value)]
    assert found == []


# --------------------------------------------------------------------------------------- decimals
def _scored(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["trust_code", "metric_id", "score", "weight"])
    frame["table"] = "acute"
    frame["in_average"] = True
    for column in ("score_exact", "score_low_exact", "score_high_exact"):
        frame[column] = [Fraction(str(s)) for s in frame["score"]]
    frame["weight"] = [Fraction(str(w)) for w in frame["weight"]]
    return frame


@pytest.mark.parametrize("decimals,expected", [
    (1, {"A": 1.1, "B": 1.4, "C": 2.3}),
    (2, {"A": 1.13, "B": 1.42, "C": 2.33}),
    (3, {"A": 1.125, "B": 1.417, "C": 2.333}),
])
def test_the_average_is_rounded_half_up_to_the_rules_decimals(decimals, expected):
    from scoring.rules import rules_for
    from scoring.segments import average_score

    rules = rules_for("Q2 2025/26")
    rules = rules.model_validate({**rules.model_dump(),
                                  "average": {**rules.average.model_dump(), "decimals": decimals}})
    scored = _scored([("A", "OF1", 1.25, 1), ("A", "OF2", 1.0, 1),                 # 1.125: half up
                      ("B", "OF1", 1.0, 1), ("B", "OF2", 1.25, 1), ("B", "OF3", 2.0, 1),  # 1.41666…
                      ("C", "OF1", 3.0, 1), ("C", "OF2", 2.0, 2)])                  # 2.3333…
    averages = average_score(scored, rules, "Q2 2025/26").set_index("trust_code")["average_score"]
    assert averages.to_dict() == expected


def test_metric_scores_are_rounded_to_the_rules_decimals(raw_store, tmp_path, monkeypatch):
    from scoring.engine import score_quarter

    _variant(tmp_path, monkeypatch, lambda d: d["metric_scores"].update(decimals=3))
    scores = score_quarter(raw_store, "Q4 2025/26").scores
    ranked = scores[scores["model"] == "none"].dropna(subset=["rank_low", "pool_size"])
    ranked = ranked[ranked["rank_low"] == ranked["rank_high"]]
    assert len(ranked) > 100
    for r in ranked.itertuples():   # 1 + 3(r−1)/(n−1), rounded half up at 3 dp by hand
        exact = Fraction(1) + Fraction(3 * (int(r.rank_low) - 1), int(r.pool_size) - 1)
        by_hand = Decimal(exact.numerator) / Decimal(exact.denominator)
        assert r.score == float(by_hand.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)), r
    assert any(round(s, 2) != s for s in ranked["score"])


# --------------------------------------------------------------------------------------- pools and cut points
def test_per_table_pools_cut_each_table_at_its_own_quartiles(raw_store, tmp_path, monkeypatch):
    """Each table's cut points are the quartiles of its own published averages (numpy, linear)."""
    from scoring.engine import score_quarter

    _variant(tmp_path, monkeypatch, lambda d: d["segmentation"].update(pool="per-table"))
    quarter = "Q1 2025/26"
    result = score_quarter(raw_store, quarter)
    rows = raw_store.metrics[(raw_store.metrics["quarter"] == quarter) & (raw_store.metrics["metric_id"] == "OF5002")]
    for table in ("acute", "mental-health-community"):
        published = rows[rows["table"] == table].set_index("trust_code")["value"].astype(float)
        cuts = tuple(float(c) for c in np.quantile(published.to_numpy(), [0.25, 0.5, 0.75], method="linear"))
        assert result.cuts_for(table).values == pytest.approx(cuts, abs=1e-12)
        assert result.cuts_for(table).basis == f"quartiles (linear) of the {table} table"
        mine = result.trusts[result.trusts["table"] == table].set_index("trust_code")["unadjusted_segment"]
        expected = {code: 1 + sum(average > cut for cut in cuts) for code, average in published.items()}
        assert mine.to_dict() == expected
    with pytest.raises(ValueError, match="cuts_for"):
        result.cuts  # noqa: B018 - two tables, two sets of cut points


def test_thresholds_and_a_fifth_segment_come_from_the_rules_not_the_code():
    from scoring.rules import rules_for
    from scoring.segments import cut_points, unadjusted_segment

    base = rules_for("Q1 2025/26").model_dump()
    base["segmentation"].update(segments=5, method="thresholds", thresholds=[1.5, 2.0, 2.5, 3.0])
    base["recovery_support"].update(segment=6)
    base["override"].update(best_allowed_segment=4)
    rules = type(rules_for("Q1 2025/26")).model_validate(base)
    averages = pd.DataFrame({"trust_code": list("ABCDEF"), "table": "acute",
                             "average_score": [1.2, 1.5, 1.9, 2.51, 3.0, 3.6], "average_exact": 0.0})
    cuts = cut_points(averages, rules, ())
    assert cuts.values == (1.5, 2.0, 2.5, 3.0) and cuts.basis == "fixed thresholds (rules file)"
    placed = unadjusted_segment(averages, cuts, rules).set_index("trust_code")
    assert placed["unadjusted_segment"].to_dict() == {"A": 1, "B": 1, "C": 2, "D": 4, "E": 4, "F": 5}
    assert placed.loc["F", "nearest_cut"] == 4
    with pytest.raises(ValueError, match="4 cut points"):
        cut_points(averages, rules, (), given=(1.0, 2.0, 3.0))
    base["recovery_support"].update(segment=5)
    with pytest.raises(ValueError, match="after the 5 ordinary segments"):
        type(rules).model_validate(base)
