"""What the assistant returns: an ``Answer`` with its facts (every number) and citations (every method claim)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from scoring.explain.facts import Fact


@dataclass(frozen=True)
class Citation:
    """A passage of our own corpus that an answer relies on."""

    doc: str
    section: str
    url: str
    title: str = ""
    text: str = ""
    id: str = ""


@dataclass
class Answer:
    """One reply. ``answer`` is the text; every number in it is among ``facts``."""

    answer: str
    audience: str
    intent: str
    trusts: list[str] = field(default_factory=list)
    quarter: str | None = None
    facts: list[Fact] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    declined: bool = False
    needs_clarification: bool = False
    candidates: list[dict] = field(default_factory=list)
    corrects_premise: bool = False
    notices: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)   # what was asked for that the data does not hold
    rephrased: bool = False
    question: str = ""
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(replace(self, facts=[]))  # not the facts through asdict: it deep-copies each (slow)
        data["facts"] = [f.to_dict() for f in self.facts]
        return data
