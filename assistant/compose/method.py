"""Method and definition questions: answered from our own corpus, every claim cited.

Definitions of a named metric read its generated document directly (no embedding model needed); other method
questions go through the retrieval index. Numbers in a passage are stated as facts whose source is the
passage, so the answer's figures stay traceable.
"""

from __future__ import annotations

from assistant.answer_types import Answer, Citation
from assistant.citations import cite
from scoring.explain.facts import Fact

PASSAGES = {"public": 1, "staff": 2, "press": 2}


def _passage_fact(citation: Citation) -> Fact:
    return Fact("passage", f"{citation.title} › {citation.section}",
                f"{citation.title} › {citation.section}\n{citation.text}", f"corpus: {citation.doc} › {citation.section}")


def _answer(citations: list[Citation], audience: str, intent: str, question: str, notices: list[str]) -> Answer:
    shown = citations[: PASSAGES.get(audience, 1)]
    if not shown:
        return Answer("I could not find a passage in our guide that answers that. Try asking about segments, "
                      "the financial override, how scores are worked out, or a particular metric.", audience, intent,
                      notices=notices, question=question)
    parts = [c.text.strip() for c in shown]
    sources = "; ".join(f"{c.title} › {c.section}" for c in shown)
    text = "\n\n".join(parts) + f"\n\n(From our guide: {sources}.)"
    follow_ups = [f"Tell me more about {c.title.lower()}" for c in citations[1:3]]
    return Answer(text, audience, intent, facts=[_passage_fact(c) for c in shown], citations=citations[:3],
                  follow_ups=follow_ups or ["How is a trust's segment worked out?"], notices=notices, question=question)


def compose_definition(metric_ids: list[str], audience: str, question: str) -> Answer | None:
    """A named metric's definition from its generated document (None if the metric has none)."""
    citations = []
    for metric_id in metric_ids[:2]:
        doc = f"metric-{metric_id.lower()}"
        for words in ("what it measures", "why it matters", "how it is scored"):
            found = cite(doc, words)
            if found and found not in citations:
                citations.append(found)
    if not citations:
        return None
    per_metric = {"public": 2, "staff": 3, "press": 2}.get(audience, 2)
    chosen = [c for c in citations if c.doc == citations[0].doc][:per_metric]
    if len(metric_ids) > 1:
        chosen += [c for c in citations if c.doc != citations[0].doc][:1]
    text = "\n\n".join(f"**{c.title}** – {c.section.lower()}: {c.text.strip()}" for c in chosen)
    text += "\n\n(From our guide: " + "; ".join(f"{c.title} › {c.section}" for c in chosen) + ".)"
    related = [c for c in _retrieved(question, 2) if c.doc not in {x.doc for x in chosen}]
    return Answer(text, audience, "definition", facts=[_passage_fact(c) for c in chosen],
                  citations=chosen + related[:1],
                  follow_ups=["How is a trust's average score worked out?", "Which metrics pull a trust down?"],
                  question=question)


_SHOWN: dict[int, set[str]] = {}  # per open index: notices ("rebuilt the index…") go with the first answer only


def _retrieved(question: str, k: int, notices: list[str] | None = None) -> list[Citation]:
    from corpus.retrieval import default_index

    index = default_index()
    passages = index.search(question, k=k)
    if notices is not None:
        shown = _SHOWN.setdefault(id(index), set())
        for notice in (getattr(index, "notice", None), getattr(index, "warning", None)):
            if notice and notice not in shown:
                shown.add(notice)
                notices.append(notice)
    return [Citation(doc=p.doc, section=p.section, url=p.url, title=p.title, text=_body(p.text), id=p.id)
            for p in passages]


def compose_section(doc_id: str, section_words: str, audience: str, intent: str, question: str) -> Answer:
    """One section of our guide, chosen rather than searched for ("is parking measured?": what the tables do not
    show); the searched passages if the guide lacks it."""
    found = cite(doc_id, section_words)
    return _answer([found], audience, intent, question, []) if found else compose_method(question, audience, intent)


def compose_method(question: str, audience: str, intent: str = "method") -> Answer:
    notices: list[str] = []
    citations = _retrieved(question, 3, notices)
    return _answer(citations, audience, intent, question, notices)


def _body(text: str) -> str:
    """Chunk text starts with 'Title › Section' for retrieval context; answers show the body only."""
    first, _, rest = text.partition("\n")
    return rest.strip() if "›" in first and rest.strip() else text.strip()
