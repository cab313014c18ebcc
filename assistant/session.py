"""A conversation: the audience, the selected quarter, and what is in play for follow-ups (``Context``).

The CLI and the UI share ``Session``; ``assistant.answer`` reads and updates it under a lock, so one session
can be used from several threads (Streamlit reruns) without losing a turn. ``understand`` never changes a
``Context``: it returns the next one in ``Query.context``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.query import Query

RECENT = 6


@dataclass(frozen=True)
class Context:
    """What the conversation has been about, so follow-ups ("and their finances?", "compare the two") make sense."""

    trusts: tuple[str, ...] = ()            # the trusts the last answer was about (table answers: listed order)
    recent_trusts: tuple[str, ...] = ()     # distinct trusts mentioned lately, oldest first ("compare the two")
    quarter: str | None = None              # the last quarter asked about (None: the latest)
    counted_from: str | None = None         # the last quarter asked about, even one not held: "last quarter" after
                                            # "how was it in Q2?" is Q1, though Q2 was said to be not held
    metrics: tuple[str, ...] = ()
    intent: str | None = None
    tables: tuple[str, ...] = ()            # the tables in play
    table_query: Query | None = None        # the last table question, for "and in Q1?" / "and the bottom?"
    candidates: tuple[str, ...] = ()        # codes offered in the last clarification
    premise: str | None = None              # the last claim made about a trust ("so low", "top")
    about_override: bool = False            # the last question was about the financial override
    selected: str | None = None             # the quarter chosen in the UI: "last quarter" counts back from it
    own: str | None = None                  # the trust the user speaks for ("we're X"): what "we" and "us" mean
    listed: tuple[str, ...] = ()            # the last list or comparison, in its order: what "the second one" picks
                                            # from, still after "the first one" was picked from it
    listed_bottom_first: bool = False       # that list starts at the bottom of the table ("the bottom 5")

    @property
    def talks_of_the_override(self) -> bool:
        """The last question, or the table question still in play, was about the financial override."""
        return self.about_override or bool(self.table_query is not None and self.table_query.filters.override_applied)

    def after_answer(self, trusts: list[str] | tuple[str, ...] | None = None, quarter: str | None = None,
                     bottom_first: bool = False, side: bool = False) -> Context:
        """The context once an answer named ``trusts`` (e.g. a top-5 list, ``bottom_first`` for a bottom 5), for
        the session to keep. A ``side`` question's list ("which of those are in deficit?") leaves the list it
        asked about as the one "the bottom one" picks from."""
        if trusts is None:
            return replace(self, quarter=quarter or self.quarter)
        trusts = tuple(dict.fromkeys(trusts))
        new_list = len(trusts) > 1 and not side
        return replace(self, trusts=trusts, recent_trusts=remember(self.recent_trusts, trusts[:1] or ()),
                       quarter=quarter or self.quarter, listed=trusts if new_list else self.listed,
                       listed_bottom_first=bottom_first if new_list else self.listed_bottom_first)


def remember(recent: tuple[str, ...], trusts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    kept = [code for code in recent if code not in trusts] + list(trusts)
    return tuple(kept[-RECENT:])


@dataclass
class Session:
    audience: str = "public"
    quarter: str | None = None          # the quarter chosen in the UI (None: latest for the trust's table)
    context: Context = field(default_factory=Context)
    history: list = field(default_factory=list)   # (question, Answer) pairs, oldest first
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    MAX_HISTORY = 50

    def remember(self, question: str, answer: Any, context: Context) -> None:
        with self.lock:
            self.context = context
            self.history.append((question, answer))
            del self.history[:-self.MAX_HISTORY]
