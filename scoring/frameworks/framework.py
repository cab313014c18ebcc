"""One framework year as one object: its rules, its metric catalogue, its output ids, caps and wording.

A framework year is a folder under ``scoring/frameworks/`` named after the year (``2025-26``) holding
``framework.yaml`` (identity, tables and their names, finance ids, part-weight metrics, caveats), ``rules.yaml``
(:class:`scoring.rules.Rules`) and ``metrics.yaml`` (:class:`scoring.catalogue.Catalogue`). Every file is read
strictly (unknown keys are errors) and the three are checked against each other when loaded.

The data's quarter chooses the framework: ``framework_for("Q1 2025/26")``. A quarter of a year with no folder
is *published-only*: the product shows NHS England's published figures for it and never recomputes it
(``is_recomputed``); ``published_layout`` names the framework whose output ids read those published figures.
``NHS_LEAGUE_FRAMEWORKS_DIR`` points the frameworks elsewhere (a test adding a made-up year).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from nhs_league.errors import NotRecomputed, RulesError
from nhs_league.settings import frameworks_dir
from scoring.catalogue import Catalogue, Table, load_catalogue_file
from scoring.quarters import Quarter
from scoring.rules import Rules, load_rules_file

FILES = {"framework": "framework.yaml", "rules": "rules.yaml", "catalogue": "metrics.yaml"}
FOLDER = re.compile(r"^\d{4}-\d{2}$")
AS_PUBLISHED = "as published, not recomputed"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableWords(_Strict):
    name: str                  # as answers write it mid-sentence: "mental health and community"


class Finance(_Strict):
    combined: str              # the combined finance score (a lookup of the inputs' scores)
    inputs: tuple[str, str]    # the two banded finance metrics (not in the average on their own)


class PartWeight(_Strict):
    metrics: tuple[str, ...]   # metrics counting for less than one slot in the average
    words: str                 # how explanations say so ("infection metrics weigh a third")


class FewMetrics(_Strict):
    table: Table
    at_most: int


class NotRanked(_Strict):
    """Bodies people ask about that this year's tables do not rank (integrated care boards in 2025/26)."""

    name: str                  # "integrated care boards"
    short: str                 # "ICBs"
    ranked_from: str | None    # the framework year NHS England plans to rank them from, when it has said
    source: str                # where that plan is published, in words


class NotMeasured(_Strict):
    """Something people ask the tables about that this year's framework does not measure (parking, food)."""

    topic: str                       # in words an answer can use: "car parking"
    words: tuple[str, ...]           # how people say it (lower case, whole words)
    only_with: tuple[str, ...] = ()  # found only with one of these too ("wait" for one specialty's waits)
    site_named: bool = False         # found too when the question names one hospital of a trust, with ``only_with``


class FrameworkFile(_Strict):
    """``framework.yaml``."""

    year: str
    name: str
    tables: dict[Table, TableWords]
    finance: Finance | None = None
    part_weight: PartWeight | None = None
    few_metrics: FewMetrics | None = None
    not_ranked: tuple[NotRanked, ...] = ()
    not_measured: tuple[NotMeasured, ...] = ()


class Framework(_Strict):
    """Everything one framework year fixes; every layer reads ids, caps and wording from here."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    year: str
    name: str
    tables: dict[Table, TableWords]
    finance: Finance | None
    part_weight: PartWeight | None
    few_metrics: FewMetrics | None
    not_ranked: tuple[NotRanked, ...]
    not_measured: tuple[NotMeasured, ...]
    rules: Rules
    catalogue: Catalogue
    folder: Path

    @model_validator(mode="after")
    def _files_agree(self) -> Framework:
        if not re.fullmatch(r"\d{4}/\d{2}", self.year):
            raise ValueError(f"year {self.year!r} is not written like '2025/26'")
        for what, year in (("rules.yaml", self.rules.framework_year), ("metrics.yaml", self.catalogue.framework_year)):
            if year != self.year:
                raise ValueError(f"{what} is for {year}, framework.yaml for {self.year}")
        if self.finance is not None:
            combined = self._metric(self.finance.combined, "finance.combined")
            for metric_id in self.finance.inputs:
                if self._metric(metric_id, "finance.inputs").in_average:
                    raise ValueError(f"finance input {metric_id} must have in_average: false in metrics.yaml")
            if combined.lookup is None or set(combined.lookup.inputs) != set(self.finance.inputs):
                raise ValueError(f"{combined.id} must be a lookup of {' and '.join(self.finance.inputs)}")
        for metric_id in self.part_weight.metrics if self.part_weight else ():
            if self._metric(metric_id, "part_weight.metrics").weight >= 1:
                raise ValueError(f"{metric_id} is listed under part_weight but weighs 1 in metrics.yaml")
        if self.few_metrics is not None and self.few_metrics.table not in self.tables:
            raise ValueError(f"few_metrics.table {self.few_metrics.table!r} is not one of this year's tables")
        for metric in self.catalogue.metrics:
            extra = [t for t in metric.tables if t not in self.tables]
            if extra:
                raise ValueError(f"{metric.id} names table(s) {extra} that framework.yaml does not list")
        return self

    def _metric(self, metric_id: str, where: str):
        if metric_id not in self.catalogue.by_id:
            raise ValueError(f"{where}: {metric_id} is not a metric in metrics.yaml")
        return self.catalogue.by_id[metric_id]

    def governs(self, quarter: str) -> bool:
        return quarter.endswith(" " + self.year)

    # ids of NHS England's published outputs, by what they hold
    @property
    def average_id(self) -> str:
        return self.rules.outputs.average

    @property
    def unadjusted_segment_id(self) -> str:
        return self.rules.outputs.unadjusted_segment

    @property
    def segment_id(self) -> str:
        """The league-table segment (after the financial override): OF5000 in 2025/26."""
        return self.rules.outputs.adjusted_segment

    @property
    def final_segment_id(self) -> str:
        return self.rules.outputs.final_segment

    @property
    def deficit_flag_id(self) -> str:
        return self.rules.override.flag

    @property
    def recovery_support_id(self) -> str:
        return self.rules.recovery_support.flag

    @property
    def output_ids(self) -> dict[str, str]:
        """What each published summary id holds: {"segment": "OF5000", "average_score": "OF5002", …}."""
        return {"segment": self.segment_id, "average_score": self.average_id,
                "unadjusted_segment": self.unadjusted_segment_id, "in_deficit": self.deficit_flag_id,
                "final_segment": self.final_segment_id, "recovery_support": self.recovery_support_id}

    # caps and counts
    @property
    def segments(self) -> int:
        """Ordinary segments, 1 (best) to this (4 in 2025/26)."""
        return self.rules.segments

    @property
    def override_cap(self) -> int:
        """The best segment a trust in deficit can have (3 in 2025/26)."""
        return self.rules.override.best_allowed_segment

    @property
    def recovery_support_segment(self) -> int:
        return self.rules.recovery_support.segment

    @property
    def few_metrics_at_most(self) -> int | None:
        return self.few_metrics.at_most if self.few_metrics else None

    def few_metrics_for(self, table: str, metrics_scored: int) -> bool:
        """Whether a trust of ``table`` scored on ``metrics_scored`` metrics gets the few-metrics caveat."""
        return self.few_metrics is not None and table == self.few_metrics.table and \
            metrics_scored <= self.few_metrics.at_most

    # wording
    def table_label(self, table: str) -> str:
        """'mental health and community' for 'mental-health-community' (the id itself if the year lacks it)."""
        words = self.tables.get(table)  # type: ignore[call-overload]
        return words.name if words else table

    @property
    def method_source(self) -> str:
        """How a fact names this year's method: 'NHS Oversight Framework 2025/26 method'."""
        return f"{self.name} method"

    def finance_value_id(self, score_id: str) -> str | None:
        """The published value id of a finance input (OF0079 for OF1079), or None."""
        return self.catalogue.by_id[score_id].value_id if score_id in self.catalogue.by_id else None


def folder_name(year: str) -> str:
    """'2025/26' → '2025-26'."""
    return year.replace("/", "-")


def year_of(quarter: str) -> str:
    """The framework year of a quarter label: 'Q1 2026/27' → '2026/27'."""
    return Quarter.from_label(quarter).financial_year


def _read_yaml(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RulesError(f"The framework file {path} cannot be read ({error}). Fix the file and run again.") from error
    if not isinstance(raw, dict):
        raise RulesError(f"The framework file {path} is not a YAML mapping. Fix the file and run again.")
    return raw


@lru_cache(maxsize=16)
def _load(folder: str) -> Framework:
    path = Path(folder)
    missing = [name for name in FILES.values() if not (path / name).is_file()]
    if missing:
        raise RulesError(f"The framework folder {path} lacks {', '.join(missing)}. Add the file(s): "
                         "docs/DEVELOPING.md shows what each holds.")
    try:
        head = FrameworkFile.model_validate(_read_yaml(path / FILES["framework"]))
    except ValidationError as error:
        raise RulesError(f"The framework file {path / FILES['framework']} is not valid: {error}. "
                         "Fix the file and run again.") from error
    rules = load_rules_file(path / FILES["rules"])
    catalogue = load_catalogue_file(path / FILES["catalogue"])
    try:
        return Framework(**head.model_dump(exclude_none=False), rules=rules, catalogue=catalogue, folder=path)
    except ValidationError as error:
        raise RulesError(f"The framework in {path} is not consistent: {error}. Fix the files and run again.") from error


def load_framework(folder: Path) -> Framework:
    """The framework in one year's folder (cached per folder)."""
    return _load(str(Path(folder).resolve()))


def framework_years(directory: Path | None = None) -> list[str]:
    """The framework years held, oldest first: ['2025/26', …]."""
    root = directory or frameworks_dir()
    if not root.is_dir():
        return []
    years = [p.name.replace("-", "/") for p in root.iterdir()
             if p.is_dir() and FOLDER.match(p.name) and (p / FILES["framework"]).is_file()]
    return sorted(years)


def framework_of_year(year: str) -> Framework | None:
    """The framework for '2025/26', or None when the product holds no rules for that year."""
    folder = frameworks_dir() / folder_name(year)
    return load_framework(folder) if (folder / FILES["framework"]).is_file() else None


def is_recomputed(quarter: str) -> bool:
    """True when the product holds rules for the quarter's framework year (it recomputes and explains it);
    False when the quarter is published-only (NHS England's figures shown as published, never recomputed)."""
    return framework_of_year(year_of(quarter)) is not None


def not_recomputed_reason(quarter: str) -> str:
    """'no rules for 2026/27' (for a published-only quarter)."""
    return f"no rules for {year_of(quarter)}"


def framework_for(quarter: str) -> Framework:
    """The framework governing a quarter label such as 'Q1 2025/26'. Raises ``NotRecomputed`` for a quarter of a
    year the product has no rules for (its figures are shown as published, never recomputed)."""
    year = year_of(quarter)
    framework = framework_of_year(year)
    if framework is None:
        held = ", ".join(framework_years()) or "none"
        raise NotRecomputed(f"{quarter} is shown as NHS England published it, not recomputed: this tool has no "
                            f"rules for {year} (it has rules for {held}).")
    return framework


def current_framework() -> Framework:
    """The latest framework year held (what a question without a quarter is read against)."""
    years = framework_years()
    if not years:
        raise RulesError(f"No framework folders in {frameworks_dir()}; reinstall the product or point "
                         "NHS_LEAGUE_FRAMEWORKS_DIR at a folder holding one folder per framework year.")
    framework = framework_of_year(years[-1])
    assert framework is not None
    return framework


def published_layout(quarter: str) -> Framework:
    """The framework whose output ids read NHS England's published summary rows for ``quarter``: its own, or for
    a published-only quarter the latest earlier year held (else the earliest). Only ids are read from it, never
    rules: NHS England has kept the OF5000-series ids across years."""
    own = framework_of_year(year_of(quarter))
    if own is not None:
        return own
    years = framework_years()
    if not years:
        return current_framework()
    earlier = [y for y in years if y < year_of(quarter)]
    framework = framework_of_year(earlier[-1] if earlier else years[0])
    assert framework is not None
    return framework


def table_label(table: str, quarter: str | None = None) -> str:
    """How answers name a table ('mental health and community'), in the words of the quarter's framework year
    (the latest year held when no quarter is given)."""
    framework = published_layout(quarter) if quarter else current_framework()
    return framework.table_label(table)


def published_output_ids() -> frozenset[str]:
    """Every framework's published summary ids (what dates a metric file without a Quarter column)."""
    frameworks = [framework_of_year(year) for year in framework_years()]
    return frozenset(i for f in frameworks if f is not None for i in f.output_ids.values())
