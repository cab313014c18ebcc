"""Write published_positions.csv: NHS England's own published positions, read straight from the raw CSVs.

Independent of the engine on purpose (plain ``csv``, no project imports): the golden tests compare the
engine's output with these figures. Run: ``python tests/golden/make_golden.py ../shared/data/raw``.
"""

import csv
import sys
from pathlib import Path

FIELDS = {"OF5000": "segment", "OF5002": "average_score", "OF5003": "unadjusted_segment",
          "OF5004": "financial_override_flag", "OF5005": "final_segment"}


def main(raw: Path) -> None:
    rows: dict[tuple[str, str], dict] = {}
    for path in sorted(raw.glob("nof_*_data.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.DictReader(handle))
        # A file without a Quarter column covers one quarter, named by its average-score rows.
        file_quarter = {r["Reporting_date"] for r in records if r["Metric_ID"] == "OF5002"}
        for line, record in enumerate(records, start=2):
            field = FIELDS.get(record["Metric_ID"])
            if not field:
                continue
            quarter = record.get("Quarter") or min(file_quarter)
            row = rows.setdefault((quarter, record["Trust_code"]), {
                "quarter": quarter, "trust_type": record["Trust_type"], "trust_code": record["Trust_code"],
                "source_file": path.name, "source_rows": []})
            row[field] = record["Value"]
            row["source_rows"].append(str(line))
            if record["Metric_ID"] == "OF5000":
                row["league_rank"] = record["Rank"]
    out = Path(__file__).with_name("published_positions.csv")
    columns = ["quarter", "trust_type", "trust_code", "segment", "league_rank", "average_score",
               "unadjusted_segment", "financial_override_flag", "final_segment", "source_file", "source_rows"]
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        for key in sorted(rows):
            row = rows[key]
            writer.writerow({**row, "source_rows": " ".join(row["source_rows"])})


if __name__ == "__main__":
    main(Path(sys.argv[1]))
