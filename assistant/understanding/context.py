"""What the conversation has been about, so follow-ups ("and their finances?", "compare the two") make sense.

The assistant session holds one ``Context``; ``understand`` never changes it and returns the next one in
``Understanding.context``. After answering a table question the session should record which trusts the
answer listed (``context.after_answer(trusts=[...])``) so "why is the first one top?" can be read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.understanding.tables import TableQuery

RECENT = 6


@dataclass(frozen=True)
class Context:
    trusts: tuple[str, ...] = ()            # the trusts the last answer was about (table answers: listed order)
    recent_trusts: tuple[str, ...] = ()     # distinct trusts mentioned lately, oldest first ("compare the two")
    quarter: str | None = None              # the last quarter asked about (None: the latest)
    metrics: tuple[str, ...] = ()
    intent: str | None = None
    table: str | None = None
    table_query: TableQuery | None = None
    candidates: tuple[str, ...] = ()        # codes offered in the last clarification

    def after_answer(self, trusts: list[str] | tuple[str, ...] | None = None, quarter: str | None = None) -> Context:
        """The context once an answer named ``trusts`` (e.g. a top-5 list), for the session to keep."""
        if trusts is None:
            return replace(self, quarter=quarter or self.quarter)
        trusts = tuple(dict.fromkeys(trusts))
        return replace(self, trusts=trusts, recent_trusts=remember(self.recent_trusts, trusts[:1] or ()),
                       quarter=quarter or self.quarter)


def remember(recent: tuple[str, ...], trusts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    kept = [code for code in recent if code not in trusts] + list(trusts)
    return tuple(kept[-RECENT:])
