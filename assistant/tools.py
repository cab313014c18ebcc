"""The engine, the explanations and the retriever as LangChain tools.

An LLM agent (when someone wires one up) calls exactly the functions the deterministic router calls, and
gets back the same facts with their sources, so an agent's numbers are the engine's numbers too.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field


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
    table: Literal["acute", "mental-health-community", "ambulance"] = "acute"
    quarter: str | None = None
    op: Literal["top", "bottom", "count", "list"] = "top"
    n: int = Field(default=5, ge=1, le=25)
    segment: int | None = Field(default=None, ge=1, le=5)
    region: str | None = None
    subtype: str | None = None
    held_back: bool = False


class SearchArgs(BaseModel):
    query: str = Field(description="a question about the method or a metric")
    k: int = Field(default=3, ge=1, le=10)


def _payload(text: str, facts, citations=()) -> str:
    return json.dumps({"text": text, "facts": [f.to_dict() for f in facts],
                       "citations": [{"doc": c.doc, "section": c.section, "url": c.url} for c in citations]},
                      ensure_ascii=False, default=str)


def explain_trust(trust: str, quarter: str | None = None, audience: str = "public") -> str:
    from assistant.compose.table import quarter_for
    from assistant.compose.trust import compose_position
    from scoring.explain import resolve_trust
    from scoring.store import load_store

    store = load_store()
    code = resolve_trust(store, trust)
    table = store.trusts.set_index("trust_code").loc[code, "table"]
    reply = compose_position(store, code, quarter_for(store, table, quarter, None), audience)
    return _payload(reply.answer, reply.facts, reply.citations)


def trust_what_if(trust: str, changes: dict[str, float] | None = None, quarter: str | None = None) -> str:
    from assistant.compose.table import quarter_for
    from scoring.explain import resolve_trust, what_if, what_it_would_take
    from scoring.store import load_store

    store = load_store()
    code = resolve_trust(store, trust)
    label = quarter_for(store, store.trusts.set_index("trust_code").loc[code, "table"], quarter, None)
    result = what_if(store, code, label, changes) if changes else what_it_would_take(store, code, label)
    return _payload(result.text, result.facts)


def league_table(table: str = "acute", quarter: str | None = None, op: str = "top", n: int = 5,
                 segment: int | None = None, region: str | None = None, subtype: str | None = None,
                 held_back: bool = False) -> str:
    from assistant.compose.table import TableRequest, compose_table, quarter_for
    from scoring.store import load_store

    store = load_store()
    request = TableRequest(op=op, n=n, table=table, segment=segment, region=region, subtype=subtype,
                           held_back=held_back)
    reply = compose_table(store, request, quarter_for(store, table, quarter, None), "staff")
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
