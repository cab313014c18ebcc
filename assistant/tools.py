"""The engine, the explanations and the retriever as LangChain tools.

An LLM agent (when someone wires one up) calls exactly the functions the deterministic router calls, and
gets back the same facts with their sources, so an agent's numbers are the engine's numbers too.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field

from assistant.query import Filters, Output, Query
from scoring.store import Store


class TrustArgs(BaseModel):
    trust: str = Field(description="ODS code (e.g. RAX) or trust name")
    quarter: str | None = Field(default=None, description='e.g. "Q1 2025/26"; default: the latest')
    audience: Literal["public", "staff", "press"] = "public"


class WhatIfArgs(BaseModel):
    trust: str = Field(description="ODS code or trust name")
    changes: dict[str, float] = Field(default_factory=dict,
                                      description="metric value id → new value, e.g. {'OF0013': 80}; empty: what "
                                                  "it would take to move up a segment")
    quarter: str | None = None


class TableArgs(BaseModel):
    table: Literal["acute", "mental-health-community", "ambulance"] | None = Field(
        default=None, description="one table; default: every table held")
    quarter: str | None = None
    order: Literal["top", "bottom"] | None = "top"
    n: int = Field(default=5, ge=1, le=25)
    output: Literal["list", "count", "share", "by_region", "by_subtype", "movers"] = "list"
    segments: list[int] = Field(default_factory=list, description="league-table segments, any of these")
    region: str | None = Field(default=None, description='an NHS region, e.g. "London", "North West"')
    specialist: bool | None = Field(default=None, description="True: specialist trusts only; False: leave them out")
    held_back: bool = Field(default=False, description="only trusts held back by the financial override")
    in_deficit: bool | None = None


class SearchArgs(BaseModel):
    query: str = Field(description="a question about the method or a metric")
    k: int = Field(default=3, ge=1, le=10)


def _payload(text: str, facts, citations=()) -> str:
    return json.dumps({"text": text, "facts": [f.to_dict() for f in facts],
                       "citations": [{"doc": c.doc, "section": c.section, "url": c.url} for c in citations]},
                      ensure_ascii=False, default=str)


def _trust_query(trust: str, intent: str, quarter: str | None) -> tuple[Query, Store]:
    from scoring.names import resolve_trust
    from scoring.store import load_store

    store = load_store()
    return Query(intent, trusts=(resolve_trust(store, trust),), quarter=quarter, quarter_asked=bool(quarter)), store


def explain_trust(trust: str, quarter: str | None = None, audience: str = "public") -> str:
    from assistant.compose.position import compose_position

    query, store = _trust_query(trust, "position", quarter)
    reply = compose_position(query, store, None, audience)
    return _payload(reply.answer, reply.facts, reply.citations)


def trust_what_if(trust: str, changes: dict[str, float] | None = None, quarter: str | None = None) -> str:
    from dataclasses import replace

    from assistant.compose.whatif import compose_whatif

    query, store = _trust_query(trust, "whatif", quarter)
    reply = compose_whatif(replace(query, whatif_changes=dict(changes or {})), store, None, "staff")
    return _payload(reply.answer, reply.facts, reply.citations)


def league_table(table: str | None = None, quarter: str | None = None, order: Literal["top", "bottom"] | None = "top",
                 n: int = 5, output: Output = "list", segments: list[int] | None = None, region: str | None = None,
                 specialist: bool | None = None, held_back: bool = False, in_deficit: bool | None = None) -> str:
    from assistant.compose.table import compose_table_question
    from assistant.understanding.tables import find_regions
    from scoring.store import load_store

    filters = Filters(segments=tuple(segments or ()), regions=find_regions(region.lower()) if region else (),
                      specialist=specialist, override_applied=True if held_back else None, in_deficit=in_deficit)
    query = Query("table", tables=(table,) if table else (), quarter=quarter, quarter_asked=bool(quarter),
                  filters=filters, order=order if output == "list" else None, limit=n, output=output)
    reply = compose_table_question(query, load_store(), None, "staff")
    return _payload(reply.answer, reply.facts, reply.citations)


def search_method(query: str, k: int = 3) -> str:
    from corpus.retrieval import search

    return json.dumps([{"id": p.id, "doc": p.doc, "title": p.title, "section": p.section, "text": p.text,
                        "url": p.url, "score": p.score} for p in search(query, k=k)], ensure_ascii=False)


def tools() -> list:
    """LangChain ``StructuredTool``s over the same functions the router uses."""
    from langchain_core.tools import StructuredTool

    return [
        StructuredTool.from_function(explain_trust, name="explain_trust", args_schema=TrustArgs,
                                     description="Where a trust sits in NHS England's league table and why, with "
                                                 "every figure and its source."),
        StructuredTool.from_function(trust_what_if, name="trust_what_if", args_schema=WhatIfArgs,
                                     description="Recompute a trust's position with changed metric values, or find "
                                                 "the smallest change that lifts it a segment."),
        StructuredTool.from_function(league_table, name="league_table", args_schema=TableArgs,
                                     description="Top/bottom trusts, counts and lists by segment, region, subtype "
                                                 "or financial override."),
        StructuredTool.from_function(search_method, name="search_method", args_schema=SearchArgs,
                                     description="Passages from our plain-English guide to the method and metrics."),
    ]
