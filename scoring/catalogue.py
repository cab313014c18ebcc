"""The metric catalogue: every scored metric's definition and scoring rule, loaded strictly from YAML.

Each framework year has its own catalogue (``scoring/frameworks/2025-26/metrics.yaml``), read as part of the
year's :class:`scoring.frameworks.Framework`. The engine, the corpus's metric documents and the generated metric
reference all read it; no metric is described anywhere else in code. ``load_catalogue(quarter)`` is a thin
shortcut to ``framework_for(quarter).catalogue`` (without a quarter: the latest framework year held).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from nhs_league.errors import RulesError

Table = Literal["acute", "mental-health-community", "ambulance"]
TABLES: tuple[Table, ...] = ("acute", "mental-health-community", "ambulance")
Comparison = Literal["<", "<=", ">", ">="]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    """A standard (``meets_if``) or floor (``fails_if``) on the metric's value."""

    meets_if: Comparison | None = None
    fails_if: Comparison | None = None
    threshold: float

    @property
    def comparison(self) -> Comparison:
        """The comparison with the threshold: ``meets_if`` for a standard, ``fails_if`` for a floor."""
        op = self.meets_if or self.fails_if
        if op is None:
            raise RulesError(f"a threshold of {self.threshold:g} needs meets_if (a standard) or fails_if (a floor)")
        return op

    def passes(self, value: float) -> bool:
        return {"<": value < self.threshold, "<=": value <= self.threshold,
                ">": value > self.threshold, ">=": value >= self.threshold}[self.comparison]


class Bracket(_Strict):
    score: int
    at_least: float | None = None
    above: float | None = None

    def contains(self, value: float) -> bool:
        if self.at_least is not None:
            return value >= self.at_least
        if self.above is not None:
            return value > self.above
        return True


class Lookup(_Strict):
    inputs: tuple[str, str]
    scores: tuple[tuple[int, int, int, int], ...]


class CountRows(_Strict):
    base: int
    cap: int


class Metric(_Strict):
    id: str
    value_id: str | None
    name: str
    short_name: str
    everyday_name: str          # what public answers call it, mid-sentence ("staff sickness absence")
    everyday_words: tuple[str, ...]
    meaning: str
    why_it_matters: str
    domain: str
    sub_domain: str
    units: str
    direction: Literal["higher", "lower"] | None
    tables: tuple[Table, ...]
    applies_to: str
    method: Literal["rank", "brackets", "lookup", "input"]
    standard: Threshold | None = None
    floor: Threshold | None = None
    pool: Literal["own-table"] | tuple[Table, ...]
    value_units: tuple[str, ...] | None = None
    count_rows: CountRows | None = None
    brackets: tuple[Bracket, ...] | None = None
    lookup: Lookup | None = None
    weight: float
    in_average: bool = True
    period: str
    source: str

    @model_validator(mode="after")
    def _method_has_its_parameters(self) -> Metric:
        if self.method == "rank" and (self.direction is None or self.value_id is None):
            raise ValueError(f"{self.id}: a rank-based metric needs a direction and a value_id")
        if self.method == "brackets" and not self.brackets:
            raise ValueError(f"{self.id}: method brackets needs brackets")
        if self.method == "lookup" and self.lookup is None:
            raise ValueError(f"{self.id}: method lookup needs lookup")
        if self.standard and self.floor:
            raise ValueError(f"{self.id}: a metric has a standard or a floor, not both")
        if self.standard and self.standard.meets_if is None:
            raise ValueError(f"{self.id}: a standard is written meets_if")
        if self.floor and self.floor.fails_if is None:
            raise ValueError(f"{self.id}: a floor is written fails_if")
        return self

    @property
    def scoring_model(self) -> str:
        """'standard', 'floor' or 'none' for rank metrics; the method otherwise."""
        if self.method != "rank":
            return self.method
        return "standard" if self.standard else "floor" if self.floor else "none"

    def pool_tables(self, own_table: str) -> tuple[str, ...]:
        """The tables whose trusts are ranked together with a trust of ``own_table``."""
        return (own_table,) if self.pool == "own-table" else self.pool

    @property
    def changed_by(self) -> str:
        """The id a what-if changes: the value's id, or the score's for a metric published as a score only."""
        return self.value_id or self.id


class Catalogue(_Strict):
    framework_year: str
    metrics: tuple[Metric, ...]

    @model_validator(mode="after")
    def _ids_unique(self) -> Catalogue:
        ids = [m.id for m in self.metrics]
        if len(ids) != len(set(ids)):
            raise ValueError("metric ids must be unique")
        names = [m.everyday_name.casefold() for m in self.metrics]
        if len(names) != len(set(names)):
            raise ValueError("everyday names must be distinct: public answers name metrics by them")
        return self

    def get(self, metric_id: str) -> Metric:
        for metric in self.metrics:
            if metric_id in (metric.id, metric.value_id):
                return metric
        raise KeyError(metric_id)

    def __contains__(self, metric_id: object) -> bool:
        return any(metric_id in (m.id, m.value_id) for m in self.metrics)

    @property
    def by_id(self) -> dict[str, Metric]:
        return {m.id: m for m in self.metrics}

    @property
    def value_ids(self) -> dict[str, Metric]:
        return {m.value_id: m for m in self.metrics if m.value_id}


def load_catalogue_file(path: Path) -> Catalogue:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Catalogue.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise RulesError(f"The metric catalogue {path} is not valid: {error}. Fix the file and run again.") from error


def load_catalogue(quarter: str | None = None) -> Catalogue:
    """The metric catalogue of the framework governing ``quarter`` (default: the latest framework year held)."""
    from scoring.frameworks import current_framework, framework_for

    return (framework_for(quarter) if quarter else current_framework()).catalogue
