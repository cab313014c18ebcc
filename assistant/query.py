"""``Query``: what one question asks, decided once by ``assistant.understanding.understand`` and read by every
composer (composers never re-read the question's words).

A Query says which kind of answer is wanted (``intent``), about which trusts or tables, for which quarter(s)
(and whether each was asked for or defaulted), with which filters, order and limit for table questions, what
a what-if changes, which register the answer should be in, and whether part of it must be declined.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Literal

from assistant.session import Context

Intent = Literal["position", "compare", "movement", "whatif", "table", "method", "definition", "help",
                 "out_of_scope"]
INTENTS: tuple[str, ...] = ("position", "compare", "movement", "whatif", "table", "method", "definition", "help",
                            "out_of_scope")
TRUST_INTENTS = ("position", "compare", "movement", "whatif")
Output = Literal["list", "count", "share", "by_region", "by_subtype", "movers", "digest", "around", "override_cost",
                 "likely_span"]
Asked = Literal["likely_range", "deficit", "specialist"]
ClaimOn = Literal["segments", "in_deficit", "override_applied"]
GroupClaim = Literal["all", "none", "most", "under_half"]
_EMPTY: Mapping[str, float] = MappingProxyType({})


@dataclass(frozen=True)
class Filters:
    """Which trusts a table question is about. Empty tuples and None mean "no condition"."""

    segments: tuple[int, ...] = ()              # league-table segment (after the override), any of these
    unadjusted_segments: tuple[int, ...] = ()   # the segment the scores alone give, any of these
    regions: tuple[str, ...] = ()               # canonical NHS regions ("North East and Yorkshire")
    regions_excluded: tuple[str, ...] = ()      # "outside London"
    subtypes: tuple[str, ...] = ()              # the data's trust subtypes ("Acute - Teaching")
    subtypes_excluded: tuple[str, ...] = ()     # "not the community ones", "non-teaching"
    named_kinds: tuple[str, ...] = ()           # a word every such trust's published name has ("children")
    specialist: bool | None = None              # True: specialist trusts only; False: leave them out
    in_deficit: bool | None = None              # the deficit flag
    override_applied: bool | None = None        # held back by the financial override
    recovery_support: bool | None = None        # in the Recovery Support Programme (segment 5)
    moved: Literal["up", "down", "segment", "segment up", "segment down"] | None = None
    average_below: float | None = None          # "an average score under 2"
    average_above: float | None = None
    could_rank: str | None = None               # the likely range of the position reaches "top 1", "top 10",
                                                # "top half", "bottom 1" or "bottom half"
    likely_span_over: int | None = None         # the likely range of the position spans more than this many places
    segments_before: tuple[int, ...] = ()      # "went from segment 4 in Q1 ...": the segment in the earlier quarter
    placed: str | None = None                   # the position in the whole table: "top 10", "bottom 20", "top half"
    every_quarter: bool | None = None           # met in every quarter of the year held, up to the one asked about
    among: tuple[str, ...] = ()                 # "which of those …?": only the trusts the last answer listed

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) not in ((), None) for f in fields(self))

    @property
    def names_a_group(self) -> bool:
        """A part of a table: a region, a kind of trust, or specialists in or out ("the best in London")."""
        return bool(self.regions or self.subtypes or self.subtypes_excluded or self.named_kinds
                    or self.specialist is not None)


@dataclass(frozen=True)
class Query:
    intent: str
    question: str = ""                          # the cleaned question (method passages are searched with it)
    trusts: tuple[str, ...] = ()                # ODS codes, in the order named
    candidates: tuple[str, ...] = ()            # a name fits several trusts: ask which one
    tables: tuple[str, ...] = ()                # tables named; none: the trusts' own, or every table held
    quarter: str | None = None                  # the quarter asked for, as a label ("Q3 2025/26"), held or not
    quarter_asked: bool = False                 # False: no quarter named (the latest held is used)
    since: str | None = None                    # the earlier quarter of a move ("since Q1", "Q2 to Q3")
    years_not_held: tuple[str, ...] = ()        # framework years asked for that no file covers ("2024/25")
    metrics: tuple[str, ...] = ()               # metric ids named in everyday words
    filters: Filters = field(default_factory=Filters)
    order: Literal["top", "bottom"] | None = None
    limit: int | None = None
    nth: int | None = None                      # "the second worst": only the trust at that place from the order's end
    output: Output = "list"
    each_region: bool = False                   # "the worst in each of London and the Midlands": one list a region
    of_those: bool = False                      # "which of those …?": a side question on the last list, not a new list
    why: bool = False                           # "why is it there?": the measures behind the position
    one_measure: bool = False                   # "is it because of one measure?"
    holds_back: bool = False                    # "it would be top if it wasn't for one thing": the measure against it
    # value id -> new value ("if A&E were 80%"), and value id -> multiplier ("halved its 52-week waits")
    whatif_changes: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    whatif_factors: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    without_override: bool = False              # "if it were not in deficit"
    target_segment: int | None = None           # "to reach segment 2"
    decline: str | None = None                  # why (part of) the question is declined
    premise: str | None = None                  # a claim to check: bottom, top, worst, segment 3, rank 5, worse…
    register: str | None = None                 # the register asked for in words ("a quotable line": press)
    asks: tuple[Asked, ...] = ()                # one figure asked for outright, answered first ("its likely range?")
    # "every specialist trust is in segment 1?", "no London trust is…?", "more than half are in deficit?",
    # "fewer than half …?"
    claim: GroupClaim | None = None
    claim_on: ClaimOn | None = None             # the filter a claim about a group is about; the others are the group
    claim_trust: str | None = None              # "is it the best in the Midlands?": the trust the claim is about
    peer: str | None = None                     # "how do we compare with others in our region?": the trust placed first
    not_held: tuple[str, ...] = ()              # things asked for that no league table covers ("ICB rankings")
    not_measured: tuple[str, ...] = ()          # things asked about that the framework does not measure ("parking")
    forecast: bool = False                      # "where will X be next year?": a table not yet published
    needs_clarification: bool = False           # ask back (which trust? / what did you mean?)
    nothing_before: bool = False                # a follow-up ("why?", "which of those?") with no conversation before it
    truncated: bool = False                     # the question was longer than we read
    uses_context: bool = False                  # a referent came from the conversation
    context: Context = field(default_factory=Context)   # the conversation's context after this question

    @property
    def declined(self) -> bool:
        return self.decline is not None
