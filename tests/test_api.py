"""The JSON API (``nhs-league serve``) through FastAPI's TestClient: every endpoint, the guards and the errors.

Expected positions come from NHS England's published files (tests/golden/published_positions.csv, read straight
from the raw CSVs), and ``POST /ask`` is compared with what ``nhs-league ask --json`` prints.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from nhs_league.errors import LeagueError
from ui.api import MAX_BODY_BYTES, MAX_QUESTION_CHARS, RateLimiter, create_app

GOLDEN = Path(__file__).parent / "golden" / "published_positions.csv"
TRACE_MARKERS = ("Traceback", 'File "', "Error:", ".py", "line ")


def published(quarter: str, trust_type: str | None = None) -> dict[str, dict[str, str]]:
    """NHS England's published positions for one quarter (and trust type), by trust code; numbers as numbers."""
    with GOLDEN.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["quarter"] == quarter
                and (trust_type is None or row["trust_type"].startswith(trust_type))]
    whole = ("segment", "league_rank", "unadjusted_segment", "final_segment")
    return {row["trust_code"]: {**row, **{k: int(float(row[k])) for k in whole},
                                "average_score": float(row["average_score"])} for row in rows}


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(rate_limit=0, store=store), raise_server_exceptions=False) as test_client:
        yield test_client


def plain_error(response, status: int) -> str:
    """The response is a JSON error with ``status`` and one plain message: no traceback, no code."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status and isinstance(body["error"], str) and body["error"]
    for marker in TRACE_MARKERS:
        assert marker not in response.text, (marker, response.text)
    return body["error"]


# --------------------------------------------------------------------------------------------- endpoints
def test_health_says_ok_and_lists_the_quarters(client, store):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "quarters": list(store.quarters)}


def test_ask_returns_what_ask_json_prints_for_the_same_question(client):
    question = "Why is Kingston in segment 3?"
    printed = subprocess.run([sys.executable, "-m", "nhs_league.cli", "ask", question, "--audience", "staff",
                              "--json"], capture_output=True, text=True, check=True, timeout=180).stdout
    cli = json.loads(printed)
    response = client.post("/ask", json={"question": question, "audience": "staff"})
    assert response.status_code == 200, response.text
    api = response.json()
    assert api.pop("elapsed_ms") >= 0 and cli.pop("elapsed_ms") >= 0
    assert api == cli
    # NHS England published Kingston and Richmond (RAX) in segment 3, 31st of 134, average 1.77, held by the
    # financial override from segment 1 (Q1 2025/26 acute league table).
    facts = {(f["key"], f["trust"]): f["value"] for f in api["facts"]}
    row = published("Q1 2025/26")["RAX"]
    assert facts[("segment", "RAX")] == row["segment"] == 3
    assert facts[("rank", "RAX")] == row["league_rank"] == 31
    assert facts[("average_score", "RAX")] == pytest.approx(row["average_score"])
    assert facts[("unadjusted_segment", "RAX")] == row["unadjusted_segment"] == 1


def test_ask_answers_each_request_on_its_own(client):
    first = client.post("/ask", json={"question": "How is Tavistock and Portman doing?"}).json()
    follow_up = client.post("/ask", json={"question": "what about Q1?"}).json()
    assert first["trusts"] == ["RNK"]
    assert "RNK" not in follow_up["trusts"]  # no conversation carried between requests


@pytest.mark.parametrize("trust", ["RAX", "rax", "Kingston and Richmond", "Kingston and Richmond NHS Foundation Trust"])
def test_a_trust_by_code_or_name_gives_its_published_position(client, trust):
    response = client.get(f"/trusts/{trust}", params={"quarter": "Q1 2025/26"})
    assert response.status_code == 200, response.text
    body = response.json()
    row = published("Q1 2025/26")["RAX"]
    assert body["trust_code"] == "RAX" and body["quarter"] == "Q1 2025/26"
    assert (body["segment"], body["rank"]) == (row["segment"], row["league_rank"]) == (3, 31)
    assert body["average_score"] == pytest.approx(row["average_score"])
    assert body["financial_override"] is True


def test_a_trust_without_a_quarter_uses_the_latest_quarter_with_its_table(client, store):
    body = client.get("/trusts/RAX").json()
    latest_acute = [q for q in store.quarters if "acute" in store.tables_in(q)][-1]
    assert body["quarter"] == latest_acute


def test_a_mental_health_trust_in_q2_matches_the_published_table(client):
    row = published("Q2 2025/26")["RPG"]  # Oxleas
    body = client.get("/trusts/RPG", params={"quarter": "Q2 2025/26", "audience": "staff"}).json()
    assert (body["segment"], body["rank"]) == (row["segment"], row["league_rank"])


def test_an_unknown_trust_is_404_with_candidate_names(client):
    message = plain_error(client.get("/trusts/St Elsewhere"), 404)
    body = client.get("/trusts/St Elsewhere").json()
    assert "No trust matches 'St Elsewhere'" in message
    assert body["candidates"] and all(c["trust_code"] and c["trust_name"] for c in body["candidates"])
    assert any("St George's" in c["trust_name"] for c in body["candidates"])


def test_an_ambiguous_name_is_404_with_every_candidate(client):
    body = client.get("/trusts/Royal").json()
    plain_error(client.get("/trusts/Royal"), 404)
    codes = {c["trust_code"] for c in body["candidates"]}
    assert {"RAL", "RAN"} <= codes


def test_an_unknown_quarter_or_audience_is_a_plain_error(client):
    assert "Quarters available" in plain_error(client.get("/trusts/RAX", params={"quarter": "Q9 2030/31"}), 404)
    assert "public, staff or press" in plain_error(client.get("/trusts/RAX", params={"audience": "kids"}), 422)


def test_a_table_as_json_has_the_published_ranks_and_segments(client):
    response = client.get("/tables/acute", params={"quarter": "Q1"})
    assert response.status_code == 200, response.text
    body = response.json()
    expected = published("Q1 2025/26", "Acute")
    assert body["table"] == "acute" and body["quarter"] == "Q1 2025/26" and body["count"] == len(expected) == 134
    for row in body["rows"]:
        golden = expected[row["trust_code"]]
        assert (row["rank"], row["segment"]) == (golden["league_rank"], golden["segment"]), row
        assert row["average_score"] == pytest.approx(golden["average_score"])


def test_a_table_as_csv_holds_the_same_rows_as_json_and_as_the_table_command(client):
    as_json = client.get("/tables/mental-health-community", params={"quarter": "Q2 2025/26"}).json()["rows"]
    response = client.get("/tables/mental-health-community", params={"quarter": "Q2 2025/26", "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["trust_code"] for r in rows] == [r["trust_code"] for r in as_json]
    assert [int(r["rank"]) for r in rows] == [r["rank"] for r in as_json]
    printed = subprocess.run([sys.executable, "-m", "nhs_league.cli", "table", "--type", "mental-health-community",
                              "--quarter", "Q2 2025/26", "--format", "csv"], capture_output=True, text=True,
                             check=True, timeout=120).stdout
    assert response.text == printed


def test_an_unknown_table_or_format_is_a_plain_error(client):
    assert "acute, mental-health-community, ambulance" in plain_error(client.get("/tables/dental"), 404)
    assert "json or csv" in plain_error(client.get("/tables/acute", params={"format": "xml"}), 422)


def test_the_docs_are_served_from_here_without_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    for asset in ("/static-offline-docs/swagger-ui-bundle.js", "/static-offline-docs/swagger-ui.css"):
        assert client.get(asset).status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/ask", "/trusts/{trust}", "/tables/{table}", "/health"} <= set(spec["paths"])
    assert spec["components"]["schemas"]["AskRequest"]["properties"]["question"]["maxLength"] == MAX_QUESTION_CHARS


# --------------------------------------------------------------------------------------------- bad requests
def test_bad_json_is_400_with_an_example_of_what_to_send(client):
    response = client.post("/ask", content=b'{"question": "how is', headers={"Content-Type": "application/json"})
    assert '{"question"' in plain_error(response, 400)


@pytest.mark.parametrize("body,expected", [
    ([1, 2], "Send a JSON object"), ({}, "Give a question"), ({"question": 42}, "Give a question"),
    ({"question": ""}, "Give a question"), ({"question": "   "}, "Give a question"),
    ({"question": "How is Kingston doing?", "audience": "kids"}, "public, staff or press"),
])
def test_a_request_without_a_usable_question_is_a_plain_error(client, body, expected):
    assert expected in plain_error(client.post("/ask", json=body), 422)


def test_a_question_over_the_cap_is_refused_with_the_cap_named(client):
    message = plain_error(client.post("/ask", json={"question": "x" * (MAX_QUESTION_CHARS + 1)}), 422)
    assert f"at most {MAX_QUESTION_CHARS} characters" in message


def test_an_oversized_body_is_413_whether_its_length_is_declared_or_streamed(client):
    big = json.dumps({"question": "x" * (2 * MAX_BODY_BYTES)}).encode()
    declared = client.post("/ask", content=big, headers={"Content-Type": "application/json"})
    assert "too large" in plain_error(declared, 413)

    def chunks():
        for start in range(0, len(big), 4096):
            yield big[start:start + 4096]

    streamed = client.post("/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert "too large" in plain_error(streamed, 413)


def test_unknown_paths_and_methods_are_plain_errors(client):
    assert "/docs" in plain_error(client.get("/nowhere"), 404)
    assert "/docs" in plain_error(client.get("/ask"), 405)


def test_an_unexpected_failure_is_500_without_a_traceback(store, monkeypatch):
    import assistant.answering

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals at /srv/app/thing.py line 12")

    monkeypatch.setattr(assistant.answering, "answer", broken)
    with TestClient(create_app(rate_limit=0, store=store), raise_server_exceptions=False) as test_client:
        response = test_client.post("/ask", json={"question": "How is Kingston doing?"})
    message = plain_error(response, 500)
    assert "secret" not in response.text and "RuntimeError" not in response.text
    assert "try again" in message.lower()


# --------------------------------------------------------------------------------------------- rate limit, CORS
def test_the_rate_limit_answers_429_with_retry_after(store):
    with TestClient(create_app(rate_limit=3, store=store), raise_server_exceptions=False) as test_client:
        statuses = [test_client.get("/trusts/RAX", params={"quarter": "Q1 2025/26"}).status_code for _ in range(3)]
        limited = test_client.get("/tables/acute")
        assert statuses == [200, 200, 200]
        message = plain_error(limited, 429)
        assert "3 a minute" in message and int(limited.headers["Retry-After"]) >= 1
        assert test_client.get("/health").status_code == 200   # health checks are never limited


def test_the_rate_limit_comes_from_the_environment_and_0_turns_it_off(store, monkeypatch):
    monkeypatch.setenv("NHS_LEAGUE_RATE_LIMIT", "0")
    with TestClient(create_app(store=store)) as test_client:   # an unknown table: limited, and quick to answer
        assert {test_client.get("/tables/dental").status_code for _ in range(150)} == {404}
    monkeypatch.setenv("NHS_LEAGUE_RATE_LIMIT", "2")
    with TestClient(create_app(store=store), raise_server_exceptions=False) as test_client:
        assert [test_client.get("/tables/dental").status_code for _ in range(3)] == [404, 404, 429]
    monkeypatch.setenv("NHS_LEAGUE_RATE_LIMIT", "lots")
    with pytest.raises(LeagueError, match="whole number of requests a minute"):
        create_app(store=store)


def test_the_rate_limiter_refills_over_the_minute():
    limiter = RateLimiter(per_minute=2)
    assert limiter.wait_seconds("a", now=0.0) == 0 and limiter.wait_seconds("a", now=0.0) == 0
    assert limiter.wait_seconds("a", now=0.0) == pytest.approx(30.0)
    assert limiter.wait_seconds("b", now=0.0) == 0          # another client has its own allowance
    assert limiter.wait_seconds("a", now=31.0) == 0          # half a minute refills one request


def test_cors_is_off_unless_origins_are_given(client, store):
    headers = {"Origin": "https://example.org"}
    assert "access-control-allow-origin" not in client.get("/health", headers=headers).headers
    with TestClient(create_app(rate_limit=0, cors_origins=["https://example.org"], store=store)) as allowed:
        assert allowed.get("/health", headers=headers).headers["access-control-allow-origin"] == "https://example.org"


# --------------------------------------------------------------------------------------------- the command
def test_serve_listens_on_loopback_with_a_worker_per_core_by_default():
    import os

    from nhs_league.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, os.cpu_count() or 1)
    assert args.rate_limit is None and not args.cors_origin
    custom = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3",
                                        "--rate-limit", "0"])
    assert (custom.host, custom.port, custom.workers, custom.rate_limit) == ("0.0.0.0", 9000, 3, 0)


def test_importing_the_api_loads_no_heavy_library():
    code = ("import sys, ui.api, ui.cli; heavy = ('torch', 'sentence_transformers', 'chromadb', 'streamlit', "
            "'langchain_core', 'transformers'); print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
