"""Follow-up questions offered under an answer, as a person would write them: no metric ids, each once."""

from __future__ import annotations

import re

MOST = 4
_ID = re.compile(r"\s*\((?:of|OF)\d{4}\)")


def suggestion(text: str) -> str:
    """A suggested question without metric ids ("… (of1028)")."""
    return _ID.sub("", str(text)).strip()


def suggestions(reply, asked: str = "") -> list[str]:
    """The follow-ups to offer: plain, each once (ignoring case), not the question just asked, at most four."""
    seen = {asked.strip().casefold()}
    out = []
    for text in map(suggestion, reply.follow_ups):
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out[:MOST]
