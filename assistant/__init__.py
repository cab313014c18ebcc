"""The assistant: plain-language questions in, grounded answers out (``answer``, ``Session``, ``Answer``).

Names are imported on first use so that ``import assistant.understanding`` stays light.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Answer", "Citation", "Session", "answer"]


def __getattr__(name: str) -> Any:
    if name == "answer":
        from assistant.answering import answer

        return answer
    if name in ("Answer", "Citation"):
        from assistant import answer_types

        return getattr(answer_types, name)
    if name == "Session":
        from assistant.session import Session

        return Session
    raise AttributeError(name)
