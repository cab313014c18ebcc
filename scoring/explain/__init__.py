"""Explanations of NHS England's trust league tables, read off the engine's results.

- ``explain(store, trust_code, quarter, audience="public") -> Explanation`` (or, for a quarter of a framework
  year without rules, a ``PublishedExplanation``: NHS England's figures as published, ``.recomputed`` False)
- ``what_it_would_take(store, trust_code, quarter) -> NextSegment``
- ``what_if(store, trust_code, quarter, changes) -> WhatIfResult``
- ``digest(store, quarter, table=None) -> Digest``
- ``trust_drivers(store, trust_code, quarter) -> Drivers`` and ``one_measure(store, trust_code, quarter, audience)``
- ``resolve_trust(store, text) -> str`` and ``Fact``

Each result carries ``.facts`` (every stated value with its source) and ``.text`` built only from them.
"""

from scoring.explain.digest import Digest, digest
from scoring.explain.drivers import Drivers, OneMeasure, one_measure, trust_drivers
from scoring.explain.explanation import Explanation, TrustNotInQuarter, UnknownAudience, explain
from scoring.explain.facts import Fact
from scoring.explain.trust_lookup import resolve_trust
from scoring.explain.next_segment import NextSegment, what_it_would_take
from scoring.explain.published_position import PublishedExplanation
from scoring.explain.whatif import WhatIfResult, what_if

__all__ = ["Digest", "Drivers", "Explanation", "Fact", "NextSegment", "OneMeasure", "PublishedExplanation",
           "TrustNotInQuarter",
           "UnknownAudience", "WhatIfResult", "digest", "explain", "one_measure", "resolve_trust", "trust_drivers",
           "what_if", "what_it_would_take"]
