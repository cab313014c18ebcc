"""'What changed this quarter?': the publication-day digest (segment changes, risers and fallers, noise)."""

from __future__ import annotations

from assistant.answer_types import Answer
from assistant.citations import cite_all
from assistant.query import Query
from scoring.explain import digest
from scoring.quarters import Quarter
from scoring.store import Store


def compose_digest(store: Store, query: Query, audience: str) -> Answer:
    table = query.tables[0] if len(query.tables) == 1 else None
    held = sorted(store.quarters_of(table) if table else store.quarters, key=Quarter.from_label)
    with_previous = held[1:]
    quarter = query.quarter if query.quarter in with_previous else (with_previous[-1] if with_previous else None)
    result = digest(store, quarter, table)
    citations = cite_all([("volatility-and-likely-ranges", "noise"), ("financial-override", "how much it moves"),
                          ("segment-cut-points", "move every quarter")])
    return Answer(result.text, audience, "table", [], result.quarter, list(result.facts), citations,
                  ["Which of these moves are more than noise?", "What is the financial override?"],
                  question=query.question)
