"""The ambulance table goes through the same code path as the others.

NO REAL AMBULANCE DATA: NHS England's ambulance file is not in the data yet. This test writes a small
MADE-UP ambulance file in NHS England's format (values invented, clearly labelled) to show that supplying
one switches the national pools and the national cut points from inference to computation.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from scoring.engine import score_quarter
from scoring.store import load_folder

HEADER = ["Quarter", "Region", "Trust_type", "Trust_subtype", "Trust_code", "Trust_name", "Domain", "Sub-domain",
          "Metric_ID", "Metric_description", "Reporting_date", "Units", "Value", "Median_value", "Lower_quartile",
          "Upper_quartile", "Rank"]
MADE_UP_VALUES = {  # metric: (units, lower is better?, ten invented values)
    "OF0017": ("mins", True, [28.1, 31.5, 35.2, 29.9, 40.3, 33.3, 27.4, 38.8, 36.0, 30.5]),
    "OF0028": ("percent", True, [50.1, 55.2, 48.3, 60.4, 52.5, 57.6, 49.7, 58.8, 53.9, 51.0]),
    "OF0061": ("out of 10", False, [6.1, 6.2, 5.9, 6.0, 6.3, 5.8, 6.4, 6.05, 6.15, 5.95]),
    "OF0082": ("percent", True, [6.9, 7.1, 7.7, 6.8, 7.9, 8.1, 7.3, 6.95, 7.6, 8.4]),
    "OF0084": ("out of 10", False, [6.0, 6.3, 5.7, 6.1, 6.4, 5.9, 6.2, 5.8, 6.05, 6.25]),
    "OF0079": ("percent", False, [0.0, -0.5, 0.2, -1.5, 0.0, -2.5, 0.1, 0.0, -0.2, 0.3]),
    "OF0081": ("percent", False, [0.0, -0.3, 0.1, -0.8, 0.0, -1.2, 0.2, 0.0, -0.1, 0.0]),
    "OF0086": ("percent", True, [98.0, 101.5, 97.2, 104.0, 99.9, 106.1, 95.5, 100.4, 102.2, 96.8]),
}


def write_made_up_ambulance_file(path, trusts, quarter="Q1 2025/26"):
    ambulance = trusts[trusts["table"] == "ambulance"].sort_values("trust_code")
    assert len(ambulance) == 10
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for metric, (units, lower, values) in MADE_UP_VALUES.items():
            order = sorted(values, reverse=not lower)
            for (_, trust), value in zip(ambulance.iterrows(), values):
                out.writerow([quarter, trust["region"], "Ambulance trust", "Ambulance", trust["trust_code"],
                              trust["trust_name"], "Made up", "Made up", metric, "MADE-UP TEST VALUE", quarter,
                              units, value, "", "", "", order.index(value) + 1])
        for i, (_, trust) in enumerate(ambulance.iterrows()):
            for metric, value in (("OF5004", float(i % 3 == 0)), ("OF5007", 0.0)):
                out.writerow([quarter, trust["region"], "Ambulance trust", "Ambulance", trust["trust_code"],
                              trust["trust_name"], "Summary", "Summary", metric, "MADE-UP", quarter, "flag", value,
                              "", "", "", ""])


@pytest.fixture(scope="module")
def with_ambulance(raw_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("with-ambulance")
    for source in raw_dir.glob("*.csv"):
        shutil.copy(source, folder / source.name)
    reference = load_folder(raw_dir).trusts
    write_made_up_ambulance_file(folder / "made_up_ambulance_q1.csv", reference)
    return load_folder(folder)


def test_ambulance_table_is_scored_ranked_and_segmented(with_ambulance):
    result = score_quarter(with_ambulance, "Q1 2025/26")
    assert result.tables_present == ("acute", "mental-health-community", "ambulance")
    table = result.table("ambulance")
    assert len(table) == 10
    assert sorted(table["rank"]) == sorted(table["rank"].rank(method="min").astype(int))
    assert table["adjusted_segment"].between(1, 4).all()
    assert (table.loc[table["in_deficit"], "adjusted_segment"] >= 3).all()


def test_supplying_ambulance_data_switches_national_pools_to_computation(with_ambulance):
    result = score_quarter(with_ambulance, "Q1 2025/26")
    sickness = result.scores[result.scores["metric_id"] == "OF1082"]
    assert set(sickness["basis"]) == {"computed"}
    assert set(sickness["pool_size"]) == {205}
    assert set(result.scores.loc[result.scores["metric_id"] == "OF1086", "pool_size"]) == {70}  # 60 MH&C trusts report it in Q1, plus 10 ambulance
    assert result.cuts.basis.startswith("quartiles")
    assert result.cuts.pool_size == 205
    assert not any("not in the data" in note for note in result.notes)
    without = score_quarter(load_folder_without_ambulance(with_ambulance), "Q1 2025/26")
    assert "ambulance" in " ".join(without.notes)


def load_folder_without_ambulance(store):
    import dataclasses

    return dataclasses.replace(store, metrics=store.metrics[store.metrics["table"] != "ambulance"])
