"""The product's errors. Each says what went wrong and what to do; the CLI and UI show the message alone."""

from __future__ import annotations

from collections.abc import Sequence


class LeagueError(Exception):
    """Base class: any error a user may see. ``str(error)`` is the whole message."""


class DataFileError(LeagueError):
    """A published CSV could not be read or failed validation."""

    def __init__(self, file: str, problem: str, row: int | None = None, column: str | None = None,
                 fix: str = "check the file is an unedited NHS England NOF CSV") -> None:
        self.file, self.row, self.column, self.problem, self.fix = file, row, column, problem, fix
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}; {fix}.")


class RulesError(LeagueError):
    """A rules file or the metric catalogue is malformed."""


class NotRecomputed(LeagueError):
    """A quarter of a framework year the product holds no rules for: shown as published, never recomputed."""


class StoreMissing(LeagueError):
    """The embedded data store is missing or unreadable."""


class UnknownQuarter(LeagueError):
    """A quarter was asked for that the data does not hold."""


class UnknownTable(LeagueError):
    """A table (trust type) was asked for that the data does not hold."""


class UnknownTrust(LeagueError):
    """No trust matches a name or code."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query, self.suggestions = query, list(suggestions)
        hint = f" Did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No trust matches {query!r}.{hint} Try the trust's ODS code (e.g. RAX) or its full name.")


class AmbiguousTrust(LeagueError):
    """A name matches several trusts equally well."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]) -> None:
        self.query, self.candidates = query, list(candidates)
        listed = "; ".join(f"{code} {name}" for code, name in self.candidates)
        super().__init__(f"{query!r} could mean several trusts: {listed}. Give the ODS code or a fuller name.")


class InvalidWhatIf(LeagueError):
    """A what-if change names an unknown metric or an unusable value."""


class IndexUnavailable(LeagueError):
    """The retrieval index cannot be opened or built."""


class QuestionRejected(LeagueError):
    """A question cannot be processed (empty, or not text)."""
