"""Paraphrase sets: every dev question in other forms that must give the same answer.

``python -m evals.paraphrase`` writes ``evals/paraphrases/<set>.yaml`` from the dev sets (the YAML is committed;
a test checks it is up to date). Each dev question gets at least three forms, chosen by rule, deterministically:

- ``lower``: lower case, no punctuation (how people type into a search box);
- ``tidy``: a capital letter and a question mark, for a question typed the search-box way;
- ``typo``: one slip in the longest word (two letters swapped);
- ``long``: wrapped in the words of someone explaining why they ask;
- ``short``: the filler words left out ("please", "can you tell me", "really"…), when there are any;
- ``thanks``: ", thanks" after it, as people often type;
- ``local``: a trust named by another of its names (a hospital it runs, a short name), for questions about
  one trust.

A paraphrase expects exactly what its original expects (same intent, trusts, facts, declines), so the figure
``nhs-league eval`` reports for them is the paraphrase agreement.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import Any

import yaml

from evals.questions.schema import QUESTIONS_DIR, Question, load_sets
from nhs_league.settings import EVALS_DIR

PARAPHRASES_DIR = EVALS_DIR / "paraphrases"
FORMS = ("lower", "tidy", "typo", "long", "short", "thanks", "local")
_FILLER = re.compile(r"\b(please|can you tell me|could you tell me|i'd like to know|i want to know|really|"
                     r"actually|just|exactly|kindly)\b[,]?\s*", re.IGNORECASE)
_LEAD_INS = ("I've been reading about the NHS league tables and I'm curious: {q} Thanks.",
             "Quick question for a piece I'm working on - {q}",
             "My family keeps asking me about this, so: {q}",
             "Sorry if this is a silly question, but {q} Cheers")
_STOP = {"hospital", "hospitals", "foundation", "league", "position", "segment", "quarter", "override",
         "financial", "compared", "compare", "between"}


def _seed(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def lower(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s'&/%.-]", " ", question).lower().split()).rstrip(".")


def tidy(question: str) -> str:
    body = question.strip().rstrip(".")
    body = body[:1].upper() + body[1:]
    return body if body.endswith(("?", "!")) else body + "?"


def typo(question: str) -> str | None:
    words = re.findall(r"[A-Za-z]{7,}", question)
    words = [w for w in words if w.lower() not in _STOP]
    if not words:
        return None
    word = max(words, key=lambda w: (len(w), w))
    i = 2 + _seed(word) % (len(word) - 4)          # never the first two or the last two letters
    slipped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return question.replace(word, slipped, 1) if slipped != word else None


def long(question: str) -> str:
    body = question.strip()
    body = body if body[-1] in "?.!" else body + "?"
    return _LEAD_INS[_seed(question) % len(_LEAD_INS)].format(q=body)


def thanks(question: str) -> str:
    """The question with a word of thanks after it, as people often type."""
    return question.strip().rstrip("?.!") + ", thanks"


def short(question: str) -> str | None:
    shorter = " ".join(_FILLER.sub("", question).split())
    return shorter if shorter and shorter != question else None


def local(question: str, trusts: list[str], store: Any) -> str | None:
    """The question with its one named trust called by another of its names."""
    from scoring.names import find_trust_mentions, trust_finder, words

    if len(trusts) != 1:
        return None
    mentions = [m for m in find_trust_mentions(question, store) if m.codes == (trusts[0],)]
    if len(mentions) != 1:
        return None
    finder = trust_finder(store)
    mention = mentions[0]
    said = " ".join(w.norm for w in words(mention.text.replace(" … ", " ")))
    others = sorted(alias for alias, codes in finder.table.names.items()
                    if codes == (trusts[0],) and finder.table.levels[alias] <= 1 and len(alias) >= 6
                    and alias not in said and said not in alias and not alias.startswith("the "))
    if not others:
        return None
    alias = others[_seed(question) % len(others)]
    pieces = [w.orig for w in words(question)]
    start, end = mention.start, mention.end
    text = " ".join(pieces[:start] + [alias] + pieces[end:])
    return text + ("?" if question.rstrip().endswith("?") else "")


def paraphrases(question: Question, store: Any) -> list[tuple[str, str]]:
    """(form, text) pairs for one dev question: at least three when the question allows them (none for a
    question with no words to rephrase, such as "?")."""
    if len(re.findall(r"[A-Za-z]{2,}", question.question)) < 2:
        return []
    found = [("lower", lower(question.question)), ("tidy", tidy(question.question)), ("typo", typo(question.question)),
             ("long", long(question.question)), ("short", short(question.question)),
             ("thanks", thanks(question.question)),
             ("local", local(question.question, question.expect.trusts, store)
              if question.expect.intent in ("position", "movement", "whatif") else None)]
    seen = {question.question}
    out = []
    for form, text in found:
        if text and text not in seen:
            seen.add(text)
            out.append((form, text))
    return out


def build(store: Any = None, directory: Path = QUESTIONS_DIR) -> dict[str, list[dict[str, Any]]]:
    from scoring.store import load_store

    store = store or load_store()
    sets: dict[str, list[dict[str, Any]]] = {}
    for name, items in load_sets(directory).items():
        entries = []
        for item in items:
            if not isinstance(item, Question):
                continue                              # conversations depend on their turns' order
            data = item.model_dump(mode="json", by_alias=True)
            for form, text in paraphrases(item, store):
                entries.append({**data, "id": f"{item.id}~{form}", "question": text,
                                "note": f"{form} form of {item.id}"})
        if entries:
            sets[name] = entries
    return sets


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated expectations out in full (no YAML anchors), so each paraphrase reads on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


HEADER = ("# Paraphrases of the dev questions in evals/questions/{name}.yaml: each expects exactly what its original\n"
          "# expects. Generated by `python -m evals.paraphrase` (do not edit by hand).\n")


def write(directory: Path = PARAPHRASES_DIR) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, entries in build().items():
        text = HEADER.format(name=name) + yaml.dump(entries, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True,
                                                    width=120)
        (directory / f"{name}.yaml").write_text(text, encoding="utf-8")
        counts[name] = len(entries)
    return counts


if __name__ == "__main__":  # pragma: no cover - run by hand after editing the dev sets
    for set_name, n in write().items():
        print(f"{set_name}: {n}")
