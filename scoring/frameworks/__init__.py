"""Framework years: one folder per year (``2025-26/``: framework.yaml, rules.yaml, metrics.yaml), one object each.

- ``framework_for(quarter) -> Framework``: the rules, catalogue, output ids, caps and wording governing a quarter
  (raises ``NotRecomputed`` for a quarter of a year without a folder).
- ``is_recomputed(quarter) -> bool``: whether the product recomputes and explains a quarter, or shows it as
  NHS England published it (``AS_PUBLISHED``; ``not_recomputed_reason(quarter)`` says why).
- ``current_framework()``: the latest year held; ``framework_years()``; ``load_framework(folder)``.
- ``table_label(table, quarter=None)``: how answers name a table that year ("mental health and community").
"""

from scoring.frameworks.framework import (AS_PUBLISHED, Framework, current_framework, framework_for,
                                          framework_of_year, framework_years, is_recomputed, load_framework,
                                          not_recomputed_reason, published_layout, published_output_ids, table_label,
                                          year_of)

__all__ = ["AS_PUBLISHED", "Framework", "current_framework", "framework_for", "framework_of_year", "framework_years",
           "is_recomputed", "load_framework", "not_recomputed_reason", "published_layout", "published_output_ids",
           "table_label", "year_of"]
