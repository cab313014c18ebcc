"""The trusts a question names, as the understanding step reads them: each mention narrowed by what the question
says ("hospital", "mental health", a table), a name several trusts share asked back unless the conversation or a
town decides it, and the question's words with each trust read as 'trustref'."""

from __future__ import annotations

import re

from assistant.session import Context
from assistant.understanding import intents
from assistant.understanding.tables import ACUTE, MHC
from scoring.names import TrustFinder, TrustMention, Word

# "not Papworth, a normal one", "apart from the Christie": a trust named to be left out is not the subject
_LEAVE_OUT_ONE = {"not", "except", "excluding", "besides", "bar", "minus"}
_LEAVE_OUT_TWO = {("apart", "from"), ("other", "than"), ("rather", "than"), ("leave", "out"), ("leaving", "out")}


# "ignore the specialist ones like Moorfields": a trust named as an example of a kind left out
_EXAMPLE_OF = {"ones", "trusts", "hospitals", "specialists", "places"}
_LEAVING_OUT = re.compile(r"\b(ignore|ignoring|excluding|exclude|not counting|leave out|leaving out|apart from|except|"
                          r"other than|without|not)\b")


def left_out(mention: TrustMention, question_words: list[Word]) -> bool:
    before = [w.norm for w in question_words[max(0, mention.start - 2):mention.start]]
    if len(before) == 2 and (before[1] == "like" and before[0] in _EXAMPLE_OF or before == ["such", "as"]):
        return bool(_LEAVING_OUT.search(" ".join(w.norm for w in question_words[max(0, mention.start - 8):mention.start])))
    return bool(before and before[-1] in _LEAVE_OUT_ONE) or tuple(before[-2:]) in _LEAVE_OUT_TWO


def masked(question_words: list, mentions: list[TrustMention]) -> str:
    """The normalised question with each trust named read as 'trustref' (a trust named twice, as in "Treliske …
    the Royal Cornwall", counts once)."""
    parts, i, seen = list[str](), 0, set[tuple[str, ...]]()
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
    hospital = bool(re.search(r"\bhospitals?\b|\ba and e\b|\ba&e\b|\bmaternity\b|\bsurgery\b|\boperations?\b|"
                              r"\b(knee|hip|heart|cataract|hernia) (replacement|surgery|op|operation)\b|\bcancer\b|"
                              r"\bgiving birth\b", plain))
    wanted = tables if tables else ((ACUTE,) if hospital else ())
    if re.search(r"\bmental health\b|\bcommunity\b", plain) and not tables:
        wanted = (MHC,)
    if re.search(r"\bnot (the |a )?(mental health|community|mh)\b", plain) and not tables:
        wanted = (ACUTE,)                        # "the main hospital in Tooting, not the mental health one"
    if wanted:
        narrowed = tuple(c for c in codes if finder.tables_by_code.get(c) in wanted) or codes
    if len(narrowed) > 1 and (hospital or wanted == (ACUTE,)):
        general = tuple(c for c in narrowed if finder.subtypes_by_code.get(c) != "Acute - Specialist")
        if len(general) == 1:
            narrowed = general
    kinds = {_KIND_WORDS[w] for w in plain.split() if w in _KIND_WORDS}
    if len(narrowed) > 1 and kinds:                # "the children's hospital in Birmingham"
        of_kind = tuple(c for c in narrowed if kinds <= set(finder.names_by_code[c].lower().replace("'", "").split()))
        if len(of_kind) == 1:
            narrowed = of_kind
    if len(narrowed) > 1 and wanted == (MHC,):
        kind = ("Community" if re.search(r"\bcommunity\b", plain) else
                "Mental Health and Learning Disability" if re.search(r"\bmental health\b", plain) else None)
        of_kind = tuple(c for c in narrowed if finder.subtypes_by_code.get(c) == kind)
        if len(of_kind) == 1:
            narrowed = of_kind
    return narrowed


# a hospital's name ("Victoria Hospital", misspelt or not), which towns share: placed by a town named after it
_A_HOSPITAL = re.compile(r"\b(hosp\w*|infirmary|general)$")


def find_trusts(mentions: list[TrustMention], finder: TrustFinder, tables: tuple[str, ...], plain: str,
                context: Context, question_words: list[Word]) -> tuple[list[str], list[str]]:
    """(trusts named, candidates of the first ambiguous name)."""
    trusts: list[str] = []
    ambiguous: tuple[str, ...] = ()
    ambiguous_text = ""
    ambiguous_span = (0, 0)
    places: list[tuple[str, ...]] = []
    last_end = -10
    previous: TrustMention | None = None
    dropped: TrustMention | None = None
    for mention in mentions:
        joined = [w.norm for w in question_words[dropped.end:mention.start]] if dropped else []
        if left_out(mention, question_words) or (dropped and joined in (["or"], ["or", "the"], ["nor"], ["nor", "the"],
                                                                       ["and"], ["and", "the"])):
            dropped = mention                  # "not Moorfields or the Marsden": both left out
            continue
        dropped = None
        is_place = mention.how in ("town", "postcode") or mention.text.lower() in finder.table.places
        between = [w.norm for w in question_words[last_end:mention.start]] if trusts else ["x"]
        after_a_name = previous is not None and (" " in previous.text or bool(trusts) and trusts[-1] in mention.codes)
        if is_place and " " not in mention.text and (not between or between in (["in"], ["at"], ["near"])) \
                and after_a_name:
            continue                       # "royal sussex county hospital brighton": the town says where it is
        if is_place and previous is not None and _A_HOSPITAL.search(previous.text.lower()) and len(mention.codes) == 1 \
                and trusts and trusts[-1] not in mention.codes and (not between or between in (["in"], ["at"])):
            # "victoria hospital east grinstead": a hospital name many places share, placed by the town after it
            trusts[-1], last_end, previous = mention.codes[0], mention.end, mention
            continue
        last_end, previous = mention.end, mention
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
            ambiguous, ambiguous_text, ambiguous_span = codes, mention.text, (mention.start, mention.end)
    if ambiguous and not trusts:                 # "the QE in Woolwich": another word of the question picks one
        rest = [w for k, w in enumerate(question_words) if not ambiguous_span[0] <= k < ambiguous_span[1]]
        picked = named_among(tuple(ambiguous), finder, rest)
        if picked is not None:
            trusts, ambiguous = [picked], ()
    if places and not trusts and not ambiguous:
        ambiguous = places[0]              # a place on its own ("how is Bradford doing?"): which trust?
    if trusts and (ambiguous or places) and intents.COMPARE.search(plain):
        # "compare Kettering and Northampton General": the Kettering trust in the same table as the other
        tables_named = {finder.tables_by_code.get(t) for t in trusts}
        for codes in ([ambiguous] if ambiguous else []) + places:
            same_table = tuple(c for c in codes if finder.tables_by_code.get(c) in tables_named)
            if len(same_table) == 1 and same_table[0] not in trusts:
                at = next((m.start for m in mentions if tuple(m.codes) == tuple(codes)), 10**6)
                trusts.insert(0 if at < _first_start(mentions, trusts) else len(trusts), same_table[0])
                if codes is ambiguous:
                    ambiguous = ()
    if ambiguous and trusts:               # "Southmead or the BRI": the Bristol one, beside a Bristol hospital
        regions = {finder.regions_by_code.get(c) for c in trusts}
        nearby = tuple(c for c in ambiguous if finder.regions_by_code.get(c) in regions)
        if len(nearby) == 1:
            trusts.append(nearby[0])
            ambiguous = ()
    if ambiguous and not trusts and context.trusts:      # "and King's?" after Guy's: the one in the same region
        regions = {finder.regions_by_code.get(c) for c in context.trusts[:1]}
        nearby = tuple(c for c in ambiguous if finder.regions_by_code.get(c) in regions)
        if len(nearby) == 1:
            trusts, ambiguous = [nearby[0]], ()
    if ambiguous and " " not in ambiguous_text and (len(trusts) >= 2 or (trusts and not intents.COMPARE.search(
            plain) and not re.search(r"\b(and|or|vs|with)\b", plain))):
        ambiguous = ()                     # "a Norfolk paper … the QEH King's Lynn": the county is context
    return trusts, list(ambiguous)


def _first_start(mentions: list[TrustMention], trusts: list[str]) -> int:
    """Where the first of ``trusts`` is named in the question (word index)."""
    return min((m.start for m in mentions if set(m.codes) & set(trusts)), default=10**6)


def named_among(candidates: tuple[str, ...], finder: TrustFinder, question_words: list[Word]) -> str | None:
    """The one candidate whose names share a distinctive word with the question ("the one in Burton" picks
    University Hospitals of Derby and Burton), or None."""
    from scoring.names.name_table import GENERIC

    kept, skip = [], 0
    for i, w in enumerate(question_words):             # "not the mental health one": words said to be left out
        if w.norm == "not":
            skip = 4
        elif skip and w.norm in ("one", "trust", "hospital", "ones"):
            skip = 0
        elif skip:
            skip -= 1
        else:
            kept.append(w.norm)
    said = set(kept) - GENERIC
    hits = []
    for code in candidates:
        names = [finder.names_by_code[code]] + [a for a, codes in finder.table.names.items() if code in codes]
        words_of = {w for name in names for w in name.lower().replace("'", "").split()} - GENERIC
        if said & words_of:
            hits.append(code)
    if len(hits) != 1:                             # "the children's hospital (in Birmingham)": a kind its name says
        kinds = {_KIND_WORDS.get(w.norm, w.norm) for w in question_words} & set(_KIND_WORDS.values())
        hits = [code for code in (hits or candidates) if kinds and kinds <= set(
            finder.names_by_code[code].lower().replace("'", "").split())]
    return hits[0] if len(hits) == 1 else None


_KIND_WORDS = {"childrens": "childrens", "children": "childrens", "kids": "childrens", "womens": "womens",
               "women": "womens", "eye": "eye", "heart": "heart", "cancer": "cancer", "orthopaedic": "orthopaedic"}


def same_place(code: str, table: str, finder: TrustFinder) -> tuple[str, ...]:
    """Trusts of ``table`` based in the same town as ``code`` ("the mental health trust there")."""
    towns = [codes for place, codes in finder.table.places.items() if code in codes and place.isalpha()]
    return tuple(dict.fromkeys(c for codes in towns for c in codes
                               if c != code and finder.tables_by_code.get(c) == table))
