"""The framework year's rules (cut points, override, rounding, ranking), loaded strictly from YAML.

Each framework year's folder holds its ``rules.yaml`` (``scoring/frameworks/2025-26/rules.yaml`` governs quarters
labelled "… 2025/26"); a 2026/27 folder (fixed thresholds, ICBs) is a new folder, not new code. The rules are
read as part of the year's :class:`scoring.frameworks.Framework`; ``rules_for(quarter)`` is a thin shortcut to
``framework_for(quarter).rules``.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from nhs_league.errors import RulesError
from scoring.catalogue import Catalogue
from scoring.exact import half_up, half_up_float


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rounding(_Strict):
    decimals: int
    rounding: Literal["half-up"]

    @model_validator(mode="after")
    def _decimals_sensible(self) -> Rounding:
        if not 0 <= self.decimals <= 6:
            raise ValueError("decimals must be between 0 and 6")
        return self


class AverageRules(Rounding):
    published_precision: dict[str, tuple[str, ...]] = {}


class Segmentation(_Strict):
    segments: int                  # ordinary segments, 1 (best) to ``segments``; cut points = segments − 1
    method: Literal["quartiles", "thresholds"]
    pool: Literal["national", "per-table"]
    quantile: Literal["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
                      "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher",
                      "midpoint", "nearest"]   # numpy.quantile's method names
    of: Literal["rounded", "exact"]
    ties: Literal["better", "worse"]
    thresholds: tuple[float, ...] | None = None
    when_tables_missing: Literal["bounded-by-published", "computed"]

    @model_validator(mode="after")
    def _cut_points_fit_the_segments(self) -> Segmentation:
        if self.segments < 2:
            raise ValueError("segmentation needs at least two segments")
        if self.method == "quartiles" and self.segments != 4:
            raise ValueError("quartiles make four segments: set segments: 4, or use method thresholds")
        if self.method == "thresholds":
            if not self.thresholds or len(self.thresholds) != self.segments - 1:
                raise ValueError(f"segmentation by thresholds needs {self.segments - 1} thresholds "
                                 f"(one fewer than the {self.segments} segments)")
            if list(self.thresholds) != sorted(set(self.thresholds)):
                raise ValueError("thresholds must be strictly ascending")
        elif self.thresholds is not None:
            raise ValueError("thresholds are read only with method thresholds; remove them or change the method")
        return self

    @property
    def quantiles(self) -> tuple[float, ...]:
        """Where the pool is cut for method quartiles: 1/segments, 2/segments, … (0.25, 0.5, 0.75 for four)."""
        return tuple(k / self.segments for k in range(1, self.segments))


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

    @model_validator(mode="after")
    def _segments_consistent(self) -> Rules:
        segments = self.segmentation.segments
        if not 1 <= self.override.best_allowed_segment <= segments:
            raise ValueError(f"override.best_allowed_segment must be a segment from 1 to {segments}")
        if self.recovery_support.segment <= segments:
            raise ValueError(f"recovery_support.segment must come after the {segments} ordinary segments")
        return self

    def governs(self, quarter: str) -> bool:
        return quarter.endswith(self.framework_year)

    @property
    def segments(self) -> int:
        """The number of ordinary segments (4 in 2025/26); recovery support is ``recovery_support.segment``."""
        return self.segmentation.segments

    def round_score(self, score: Fraction) -> Fraction:
        """A metric score rounded as NHS England publishes it (``metric_scores.decimals``, half up), exactly."""
        return half_up(score, self.metric_scores.decimals)

    def score_value(self, score: Fraction) -> float:
        """``round_score`` as a float, for display and comparison with published scores."""
        return half_up_float(score, self.metric_scores.decimals)

    def average_value(self, average: Fraction) -> float:
        """An exact average rounded as the published average is (``average.decimals``, half up), as a float."""
        return half_up_float(average, self.average.decimals)

    @property
    def average_scale(self) -> int:
        """10 ** average decimals: a rounded average times this is a whole number (used to order averages)."""
        return 10 ** self.average.decimals

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


def rules_for(quarter: str) -> Rules:
    """The rules governing a quarter label such as 'Q1 2025/26': ``framework_for(quarter).rules``."""
    from scoring.frameworks import framework_for

    return framework_for(quarter).rules
