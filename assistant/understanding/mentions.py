"""The trusts a question names, as the understanding step reads them: each mention narrowed by what the question
says ("hospital", "mental health", a table), a name several trusts share asked back unless the conversation or a
town decides it, and the question's words with each trust read as 'trustref'."""

from __future__ import annotations

import re

from assistant.session import Context
from assistant.understanding import intents
from assistant.understanding.tables import ACUTE, MHC
from scoring.names import TrustFinder, TrustMention

def masked(question_words: list, mentions: list[TrustMention]) -> str:
    """The normalised question with each trust named read as 'trustref' (a trust named twice, as in "Treliske …
    the Royal Cornwall", counts once)."""
    parts, i, seen = [], 0, set()
    for mention in mentions:
        parts.extend(w.norm for w in question_words[i:mention.start])
        if mention.codes not in seen:
            parts.append("trustref")
        seen.add(mention.codes)
        i = mention.end
    parts.extend(w.norm for w in question_words[i:])
    return " ".join(parts)


def prefer(codes: tuple[str, ...], finder: TrustFinder, tables: tuple[str, ...], plain: str) -> tuple[str, ...]:
    """Narrow an ambiguous mention by the table the question names, 'hospital' (acute), or 'mental health'."""
    narrowed = codes
    hospital = bool(re.search(r"\bhospital\b|\ba and e\b|\bmaternity\b|\bsurgery\b", plain))
    wanted = tables if tables else ((ACUTE,) if hospital else ())
    if re.search(r"\bmental health\b|\bcommunity\b", plain) and not tables:
        wanted = (MHC,)
    if wanted:
        narrowed = tuple(c for c in codes if finder.tables_by_code.get(c) in wanted) or codes
    if len(narrowed) > 1 and (hospital or wanted == (ACUTE,)):
        general = tuple(c for c in narrowed if finder.subtypes_by_code.get(c) != "Acute - Specialist")
        if len(general) == 1:
            narrowed = general
    if len(narrowed) > 1 and wanted == (MHC,):
        kind = ("Community" if re.search(r"\bcommunity\b", plain) else
                "Mental Health and Learning Disability" if re.search(r"\bmental health\b", plain) else None)
        of_kind = tuple(c for c in narrowed if finder.subtypes_by_code.get(c) == kind)
        if len(of_kind) == 1:
            narrowed = of_kind
    return narrowed


def find_trusts(mentions: list[TrustMention], finder: TrustFinder, tables: tuple[str, ...], plain: str,
                context: Context) -> tuple[list[str], list[str]]:
    """(trusts named, candidates of the first ambiguous name)."""
    trusts: list[str] = []
    ambiguous: tuple[str, ...] = ()
    ambiguous_text = ""
    places: list[tuple[str, ...]] = []
    for mention in mentions:
        codes = prefer(mention.codes, finder, tables, plain)
        if len(codes) > 1 and len(context.tables) == 1 and not tables:
            codes = prefer(codes, finder, context.tables, "")      # "compare with Warrington" in an acute talk
        if len(codes) > 1:
            talked_about = tuple(c for c in codes if c in context.recent_trusts or c in context.trusts)
            codes = talked_about if len(talked_about) == 1 else codes   # "St George's" after talk of the hospital
        if len(codes) == 1:
            if codes[0] not in trusts:
                trusts.append(codes[0])
        elif mention.how in ("town", "postcode") or mention.text.lower() in finder.table.places:
            places.append(codes)
        elif not ambiguous:
            ambiguous, ambiguous_text = codes, mention.text
    if places and not trusts and not ambiguous:
        ambiguous = places[0]              # a place on its own ("how is Bradford doing?"): which trust?
    if ambiguous and " " not in ambiguous_text and (len(trusts) >= 2 or (trusts and not intents.COMPARE.search(
            plain) and not re.search(r"\b(and|or|vs|with)\b", plain))):
        ambiguous = ()                     # "a Norfolk paper … the QEH King's Lynn": the county is context
    return trusts, list(ambiguous)
