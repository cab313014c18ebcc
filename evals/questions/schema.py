"""The schema of the evaluation question sets (``evals/questions/*.yaml``), loaded strictly.

A set file is one YAML list. Most files hold single questions; ``conversations.yaml`` holds conversations.

Single question::

    - id: pos-001                     # unique across all sets
      question: why is kingston near the bottom
      audience: public                # public | staff | press
      quarter: Q1 2025/26             # optional: the quarter selected in the UI
      expect:
        intent: position              # position | compare | movement | whatif | table | method |
                                      # definition | help | out_of_scope
        trusts: [RAX]                 # ODS codes the answer must be about
        facts:                        # each must appear in Answer.facts
          - {trust: RAX, key: rank, value: 31}
          - {trust: RRV, key: rank, value: 10, quarter: Q1 2025/26}   # quarter: movement questions
          - {trust: null, key: count, value: 38}                      # table questions
        declined: false
        needs_clarification: false
        candidates: []                # clarification: ODS codes the assistant should offer
        corrects_premise: true        # optional: the question's premise is wrong
        topics: []                    # optional: corpus document ids a citation should come from
      source:                         # where every expected value was read (required when facts exist)
        file: nof_2025-26_q1_acute_trust_data.csv
        rows: [6477, 6611]            # 1-based line numbers in that file
        select: {...}                 # table questions: the filter that picks the trusts (see Select)
      note: optional free text

Conversation: ``{id, audience, note?, turns: [{question, quarter?, expect, source?}]}`` with 3–5 turns
sharing one assistant session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from nhs_league.errors import RulesError
from nhs_league.settings import EVALS_DIR

QUESTIONS_DIR = EVALS_DIR / "questions"      # the dev set: tuned on
HELDOUT_DIR = EVALS_DIR / "heldout"          # the held-out set: written before a change, never tuned on
METHOD_QUESTIONS = EVALS_DIR / "method_questions.yaml"

Intent = Literal["position", "compare", "movement", "whatif", "table", "method", "definition", "help",
                 "out_of_scope"]
Audience = Literal["public", "staff", "press"]
FactKey = Literal["segment", "rank", "table_size", "average_score", "unadjusted_segment", "in_deficit",
                  "final_segment", "count", "without_override_segment", "without_override_rank",
                  "likely_average_low", "likely_average_high", "likely_rank_low", "likely_rank_high"]
TableName = Literal["acute", "mental-health-community"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedFact(_Strict):
    """A figure the answer's facts must carry: ``Fact(key, value, trust)`` (and its quarter, if given)."""

    trust: str | None
    key: FactKey
    value: bool | int | float
    quarter: str | None = None

    @model_validator(mode="after")
    def _count_has_no_trust(self) -> ExpectedFact:
        if (self.key == "count") != (self.trust is None):
            raise ValueError("key 'count' (and only it) goes with trust: null")
        if self.key == "in_deficit" and not isinstance(self.value, bool):
            raise ValueError("in_deficit is true or false")
        return self


class Expect(_Strict):
    intent: Intent
    trusts: list[str] = Field(default_factory=list)
    facts: list[ExpectedFact] = Field(default_factory=list)
    declined: bool = False
    needs_clarification: bool = False
    candidates: list[str] = Field(default_factory=list)
    corrects_premise: bool | None = None
    topics: list[str] = Field(default_factory=list)
    unavailable: bool = False        # asks for data the product does not hold: the answer must say so
    drivers: list[str] = Field(default_factory=list)   # why: the measures pulling it most, ≥ 2 must be named
    top_driver: str | None = None    # "is it one measure?": the measure that must be named
    # the register the answer must switch to ("give me a quotable line": press); written `register:` in YAML
    answer_register: Audience | None = Field(default=None, alias="register")
    mentions: list[str] = Field(default_factory=list)  # words the answer text must contain (a region, say)

    @model_validator(mode="after")
    def _consistent(self) -> Expect:
        if self.declined and self.needs_clarification:
            raise ValueError("a question is either declined or needs clarification, not both")
        if self.candidates and not self.needs_clarification:
            raise ValueError("candidates only go with needs_clarification: true")
        if self.needs_clarification and self.facts:
            raise ValueError("clarification questions expect no facts (a partly declined question may)")
        return self


class Select(_Strict):
    """The filter behind a table question, re-applied to the published file by the tests."""

    table: TableName
    quarter: str
    where: dict[Literal["OF5000", "OF5003", "OF5004", "OF5005", "OF5007"], list[int]] = Field(default_factory=dict)
    region: str | None = None
    subtypes: list[str] = Field(default_factory=list)
    exclude_subtypes: list[str] = Field(default_factory=list)
    order: Literal["top", "bottom"] | None = None
    n: int | None = None


class Source(_Strict):
    file: str
    rows: list[int] = Field(min_length=1)
    select: Select | None = None


Sources = Source | list[Source]  # a list when the figures sit in more than one published file


class Question(_Strict):
    id: str
    question: str
    audience: Audience = "public"
    quarter: str | None = None
    expect: Expect
    source: Sources | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _facts_have_source(self) -> Question:
        if (self.expect.facts or self.expect.drivers or self.expect.top_driver) and self.source is None:
            raise ValueError(f"{self.id}: expected facts need a source (file and rows)")
        return self


class Turn(_Strict):
    question: str
    quarter: str | None = None
    expect: Expect
    source: Sources | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _facts_have_source(self) -> Turn:
        if self.expect.facts and self.source is None:
            raise ValueError("expected facts need a source (file and rows)")
        return self


class Conversation(_Strict):
    id: str
    audience: Audience = "public"
    turns: list[Turn] = Field(min_length=3, max_length=5)
    note: str | None = None


class MethodQuestion(_Strict):
    """One entry of ``evals/method_questions.yaml`` (written by the corpus developer)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    id: str
    question: str
    topics: list[str]


Item = Question | Conversation


def parse_set(name: str, data: object) -> list[Item]:
    """Validate one set's YAML content; conversations are recognised by their ``turns``."""
    if not isinstance(data, list):
        raise RulesError(f"evals/questions/{name}.yaml must be a YAML list; fix the file's top level.")
    items: list[Item] = []
    for position, entry in enumerate(data, start=1):
        try:
            if isinstance(entry, dict) and "turns" in entry:
                items.append(Conversation.model_validate(entry))
            else:
                items.append(Question.model_validate(entry))
        except ValidationError as error:
            raise RulesError(f"evals/questions/{name}.yaml entry {position}: {error}") from error
    return items


def load_sets(directory: Path | None = None, names: list[str] | None = None) -> dict[str, list[Item]]:
    """Every ``*.yaml`` set in ``directory`` (default ``evals/questions``), or only ``names``; ids must be unique."""
    folder = directory or QUESTIONS_DIR
    files = sorted(folder.glob("*.yaml"))
    available = [path.stem for path in files]
    if names:
        unknown = [name for name in names if name not in available]
        if unknown:
            raise RulesError(f"No question set named {', '.join(unknown)}; choose from {', '.join(available)}.")
        files = [path for path in files if path.stem in names]
    sets: dict[str, list[Item]] = {}
    seen: set[str] = set()
    for path in files:
        items = parse_set(path.stem, yaml.safe_load(path.read_text(encoding="utf-8")))
        for item in items:
            if item.id in seen:
                raise RulesError(f"Question id {item.id!r} is used twice; give each question its own id.")
            seen.add(item.id)
        sets[path.stem] = items
    return sets


def load_method_questions(path: Path | None = None) -> list[MethodQuestion]:
    """The retrieval questions, or an empty list when the file is not there yet."""
    target = path or METHOD_QUESTIONS
    if not target.is_file():
        return []
    data = yaml.safe_load(target.read_text(encoding="utf-8")) or []
    try:
        return [MethodQuestion.model_validate(entry) for entry in data]
    except ValidationError as error:
        raise RulesError(f"{target.name}: {error}") from error


def count_questions(sets: dict[str, list[Item]]) -> int:
    """Questions asked: a conversation counts once per turn."""
    return sum(len(item.turns) if isinstance(item, Conversation) else 1
               for items in sets.values() for item in items)
