"""A conversation: the audience, the selected quarter and what is in play for follow-ups.

The CLI and the UI share this object; ``assistant.answer`` reads and updates it under a lock, so one session
can be used from several threads (Streamlit reruns) without losing a turn.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Session:
    audience: str = "public"
    quarter: str | None = None          # the quarter chosen in the UI (None: latest for the trust's table)
    context: Any = None                 # assistant.understanding.Context: trusts, quarter, metrics in play
    history: list = field(default_factory=list)   # (question, Answer) pairs, oldest first
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    MAX_HISTORY = 50

    def remember(self, question: str, answer: Any, context: Any) -> None:
        with self.lock:
            self.context = context
            self.history.append((question, answer))
            del self.history[:-self.MAX_HISTORY]
