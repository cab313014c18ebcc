"""Retrieval quality on the labelled method questions (``evals/method_questions.yaml``): hit@k.

A question is a hit when any of its top ``k`` passages comes from one of the documents listed in its
``topics``. Read here directly (not through ``evals``) so that ``corpus`` keeps depending on nothing but the
catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nhs_league.errors import LeagueError
from nhs_league.settings import EVALS_DIR

METHOD_QUESTIONS = EVALS_DIR / "method_questions.yaml"


@dataclass(frozen=True)
class LabelledQuestion:
    id: str
    question: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Miss:
    id: str
    question: str
    topics: tuple[str, ...]
    got: tuple[str, ...]  # the documents of the top k passages


@dataclass(frozen=True)
class RetrievalEvaluation:
    k: int
    hits: int
    total: int
    misses: tuple[Miss, ...] = field(default=())

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


def load_questions(path: Path = METHOD_QUESTIONS) -> list[LabelledQuestion]:
    if not path.is_file():
        raise LeagueError(f"{path} does not exist yet; write the labelled method questions first.")
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    try:
        return [LabelledQuestion(str(e["id"]), str(e["question"]), tuple(e["topics"])) for e in entries]
    except (KeyError, TypeError) as error:
        raise LeagueError(f"{path}: every entry needs id, question and topics ({error}).") from error


def evaluate_retrieval(k: int = 3, index: object | None = None,
                       questions: list[LabelledQuestion] | None = None) -> RetrievalEvaluation:
    """hit@k of ``index`` (a ``PassageIndex``; the shared default when None) on the labelled questions."""
    from corpus.retrieval import default_index

    searcher = index if index is not None else default_index()
    questions = questions if questions is not None else load_questions()
    hits, misses = 0, []
    for item in questions:
        got = tuple(p.doc for p in searcher.search(item.question, k=k))  # type: ignore[attr-defined]
        if set(got) & set(item.topics):
            hits += 1
        else:
            misses.append(Miss(item.id, item.question, item.topics, got))
    return RetrievalEvaluation(k=k, hits=hits, total=len(questions), misses=tuple(misses))
