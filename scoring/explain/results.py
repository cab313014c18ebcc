"""Moved (issue 15): this module held three things, now each in a module named for it.

- the engine-result cache (``base_result``, ``derived``, ``quarters``): :mod:`scoring.explain.quarter_results`
- one trust's rows (``trust_row``, ``trust_scores``, ``metric_rows``, ``entered_score`` …):
  :mod:`scoring.explain.trust_rows`
- table names (``table_label``): :func:`scoring.frameworks.table_label` (each framework year's wording)

Every caller in the repository imports the new modules; these re-exports only keep work in progress elsewhere
running until it moves too, and then this file goes.
"""

from scoring.explain.quarter_results import base_result, derived, quarters
from scoring.explain.trust_rows import (entered_score, metric_rows, scores_by_trust, trust_row, trust_rows,
                                        trust_scores)
from scoring.frameworks import table_label

__all__ = ["base_result", "derived", "entered_score", "metric_rows", "quarters", "scores_by_trust", "table_label",
           "trust_row", "trust_rows", "trust_scores"]
