"""'What changed this quarter?': the publication-day digest (segment changes, risers and fallers, noise)."""

from __future__ import annotations

import re

from assistant.answers import Answer
from assistant.citations import cite_all
from scoring.explain import digest
from scoring.store import Store

ASKS_FOR_CHANGES = re.compile(r"\b(changed segments?|changes?|risers?|fallers?|moved|movers?|digest|what changed|"
                              r"went up|went down|between q[1-4] and q[1-4])\b", re.IGNORECASE)


def compose_digest(store: Store, quarter: str | None, table: str | None, audience: str, question: str) -> Answer:
    from scoring.quarters import sort_key

    with_previous = [q for q in sorted(store.quarters, key=sort_key)[1:]
                     if table is None or table in store.tables_in(q)]
    quarter = quarter if quarter in with_previous else (with_previous[-1] if with_previous else quarter)
    result = digest(store, quarter, table)
    citations = cite_all([("volatility-and-likely-ranges", "noise"), ("financial-override", "how much it moves"),
                          ("segment-cut-points", "move every quarter")])
    return Answer(result.text, audience, "table", [], result.quarter, list(result.facts), citations,
                  ["Which of these moves are more than noise?", "What is the financial override?"], question=question)
