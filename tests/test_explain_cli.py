"""``nhs-league explain | whatif | digest`` through the real dispatcher; errors are one line, exit non-zero."""

from __future__ import annotations

import json

from nhs_league.cli import main
from scoring.store import load_store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_explain_text_and_json(capsys):
    code, out, _ = run(capsys, "explain", "RAX", "--quarter", "Q1 2025/26", "--fast")
    assert code == 0 and "31st out of 134" in out
    code, out, _ = run(capsys, "explain", "Kingston and Richmond", "--quarter", "Q1", "--format", "json",
                       "--audience", "press", "--fast")
    d = json.loads(out)
    assert code == 0 and d["segment"] == 3 and d["unadjusted_segment"] == 1 and d["financial_override"] is True
    assert d["rank"] == 31 and d["table_size"] == 134 and d["average_score"] == 1.77


def test_explain_errors_exit_non_zero(capsys):
    code, _, err = run(capsys, "explain", "Birmingham")
    assert code != 0 and "could mean several trusts" in err and err.count("\n") == 1
    code, _, err = run(capsys, "explain", "St Elsewhere")
    assert code != 0 and "No trust matches" in err
    code, _, err = run(capsys, "explain", "RAX", "--quarter", "Q2 2025/26")
    assert code != 0 and "Q2 2025/26" in err and "Q1 2025/26" in err and err.count("\n") == 1


def test_whatif_and_digest(capsys):
    code, out, _ = run(capsys, "whatif", "RQY", "OF0082=4.1", "OF0061=7.2")
    assert code == 0 and "What if" in out
    code, _, err = run(capsys, "whatif", "RQY", "OF0082")
    assert code != 0 and "METRIC=VALUE" in err
    latest, previous = load_store().quarters[-1], load_store().quarters[-2]
    code, out, _ = run(capsys, "digest", "--type", "mh")
    assert code == 0 and f"digest for {latest}, against {previous}" in out
    assert "Mental health and community trusts (61)" in out
    code, out, _ = run(capsys, "digest", "--quarter", "Q2 2025/26", "--type", "mh")
    assert code == 0 and "South West London and St George's" in out  # 44th → 23rd, segment 3 → 2 (NHS England, Q2)
    code, out, _ = run(capsys, "digest", "--format", "json")
    assert code == 0 and json.loads(out)["quarter"] == latest


