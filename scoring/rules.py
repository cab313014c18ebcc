"""The framework year's rules (cut points, override, rounding, ranking), loaded strictly from YAML.

``scoring/rules/nof-2025-26.yaml`` governs quarters labelled "… 2025/26"; a 2026/27 file (fixed thresholds,
ICBs) is a new file, not new code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from nhs_league.errors import RulesError
from nhs_league.settings import RULES_DIR
from scoring.catalogue import Catalogue


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rounding(_Strict):
    decimals: int
    rounding: Literal["half-up"]


class AverageRules(Rounding):
    published_precision: dict[str, tuple[str, ...]] = {}


class Segmentation(_Strict):
    method: Literal["quartiles", "thresholds"]
    pool: Literal["national", "per-table"]
    quantile: str
    of: Literal["rounded", "exact"]
    ties: Literal["better", "worse"]
    thresholds: tuple[float, float, float] | None = None
    when_tables_missing: Literal["bounded-by-published", "computed"]

    @model_validator(mode="after")
    def _thresholds_given(self) -> Segmentation:
        if self.method == "thresholds" and not self.thresholds:
            raise ValueError("segmentation by thresholds needs three thresholds")
        return self


class Override(_Strict):
    flag: str
    best_allowed_segment: int


class RecoverySupport(_Strict):
    flag: str
    segment: int


class Ranking(_Strict):
    segment: Literal["adjusted", "final"]
    ties: Literal["shared-best"]


class Outputs(_Strict):
    average: str
    unadjusted_segment: str
    adjusted_segment: str
    final_segment: str


class Rules(_Strict):
    framework_year: str
    metric_scores: Rounding
    average: AverageRules
    segmentation: Segmentation
    override: Override
    recovery_support: RecoverySupport
    ranking: Ranking
    borderline_margin: float
    domains: dict[str, str]
    outputs: Outputs

    def governs(self, quarter: str) -> bool:
        return quarter.endswith(self.framework_year)

    def published_precision(self, quarter: str) -> frozenset[str]:
        """Metrics whose 2 dp published score (not the unrounded one) enters the average in this quarter."""
        return frozenset(self.average.published_precision.get(quarter, ()))

    @property
    def published_outputs(self) -> frozenset[str]:
        """Published ids the engine computes itself (never inputs), plus the domain scores and segments."""
        domain_segments = {"OF41" + d[4:] for d in self.domains}
        return frozenset({*self.outputs.model_dump().values(), *self.domains, *domain_segments})

    def known_metric_ids(self, catalogue: Catalogue) -> frozenset[str]:
        ids = {m.id for m in catalogue.metrics} | set(catalogue.value_ids)
        return frozenset(ids | self.published_outputs | {self.override.flag, self.recovery_support.flag})


def load_rules_file(path: Path) -> Rules:
    try:
        return Rules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise RulesError(f"The rules file {path} is not valid: {error}. Fix the file and run again.") from error


@lru_cache(maxsize=8)
def rules_for(quarter: str) -> Rules:
    """The rules file governing a quarter label such as 'Q1 2025/26'."""
    year = re.search(r"\d{4}/\d{2}$", quarter)
    if year:
        path = RULES_DIR / f"nof-{year.group(0).replace('/', '-')}.yaml"
        if path.exists():
            return load_rules_file(path)
    available = sorted(p.stem for p in RULES_DIR.glob("nof-*.yaml"))
    raise RulesError(f"No scoring rules for {quarter!r}: the product has rules for {', '.join(available)}. "
                     "Add a rules file for that framework year.")
