"""``understand(question, context, store) -> Query``: one question read once, step by step.

1. ``clean_question``: markup and control characters out, capped.
2. ``find_trusts``: names, hospitals, codes, towns and misspellings (the one resolver), narrowed by what the
   question says ("hospital", "mental health"); a name that fits several trusts becomes candidates.
3. ``read_quarters``: quarters, months and years named, against the quarters held for the table in question.
4. ``decline_reason``: out of scope in whole or in part.
5. ``read_filters`` and ``read_shape``: what a table question selects, orders, limits and counts.
6. ``classify``: the intent, and whether it asks why, or about one measure.
7. ``with_context``: referents from the conversation ("it", "and in Q1?", "the first one"), never when the
   question names another trust, a table or a topic of its own.
8. ``read_whatif``, ``read_premise``, ``read_register``: what a what-if changes, a claim to check, and the
   register asked for in words.

Pure rules, no model; never raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from assistant.query import TRUST_INTENTS, Filters, Query
from assistant.session import Context, remember
from assistant.understanding import intents
from assistant.understanding.declines import PARTIAL, decline_reason
from assistant.understanding.metrics import find_metric_mentions, metric_ids, whatif_changes
from assistant.understanding.quarters import QuarterReading, read_quarters
from assistant.understanding.question import clean_question, words
from assistant.understanding.tables import ACUTE, MHC, find_tables, read_filters, read_shape
from assistant.understanding.vocabulary import vocabulary
from scoring.names import TrustFinder, TrustMention, trust_finder
from scoring.names.spelling import mend_words
from scoring.quarters import Quarter

log = logging.getLogger(__name__)

_ORDINAL_REF = {"first": 0, "top": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "bottom": -1}
_PRESS = re.compile(r"\bquot(able|e)\b|\bpress\b|\bjournalist\b|\breporter\b|\barticle\b|\bheadline\b|\bstatement\b|"
                    r"\bsentences? of context\b|\b(accurate|balanced) (context|summary)\b|\bcontext on\b|\bfor (a|our|"
                    r"my) (story|piece|release|article|report|newsletter)\b|\bmedia\b|\bcomms\b|\bsound ?bite\b|"
                    r"\bpress release\b|\bwrite up\b|\bnews\b")
_STAFF_REGISTER = re.compile(r"\bfull (breakdown|detail|details)\b|\bmetric by metric\b|\bmeasure by measure\b|"
                             r"\bevery (metric|measure)\b|\bin detail\b|\bdetailed (breakdown|explanation)\b|"
                             r"\btechnical detail\b")
_PREMISES = [
    (re.compile(r"\bbottom half\b"), "bottom half"), (re.compile(r"\btop half\b"), "top half"),
    (re.compile(r"\b(near|at|in|off) the bottom\b|\bbottom of\b|\breally bottom\b|\bis bottom\b|\bare bottom\b|"
                r"\bcame bottom\b|\brock bottom\b"), "bottom"),
    (re.compile(r"\b(the|really|at the|on) top\b|\btop of\b|\bis top\b|\bcome top\b|\bcame top\b|\bnumber one\b"),
     "top"),
    (re.compile(r"\bthe worst\b|\breally worst\b"), "worst"), (re.compile(r"\bthe best\b|\breally best\b"), "best"),
    (re.compile(r"\bso low\b|\bso badly\b|\bso poorly\b"), "low"), (re.compile(r"\bso high\b|\bso well\b"), "high"),
    (re.compile(r"\b(dropped|fell|fall|falling|went down|gone down|go down|got worse|get worse|getting worse|"
                r"worse|declined|slipped|drop|plummet\w*|slump\w*|tumbl\w*)\b"), "worse"),
    (re.compile(r"\b(went up|go up|gone up|rose|improved|improve|got better|move up|moved up|climbed|soared)\b"),
     "better"),
    # how people describe a position without a number: checked against the top and bottom halves
    (re.compile(r"\b(failing|sinking|struggling|rubbish|terrible|awful|dreadful|useless|poor|bad|dragg\w*|"
                r"pull\w* (it|them|us|trustref) down|hold\w* (it|them|us|trustref) back|let down)\b"), "low"),
    (re.compile(r"\b(topped|leading|excellent|brilliant|outstanding|great|so good)\b"), "high"),
]
_SEGMENT_CLAIM = re.compile(r"\b(trustref|we|it|they|us|we re|were|are|is|in|at|now|still) (in |only |still |now )?"
                            r"segment ([1-5])\b")
_RANK_CLAIM = re.compile(r"\b(ranked|rank|position|placed|number) (\d{1,3})\b|\b(\d{1,3})(st|nd|rd|th) (place|position|"
                         r"in the|out of)\b")
_TARGET = re.compile(r"\b(to|into|reach|reaching|get to|get into|move to|move into|move up to|in|make|making) "
                     r"segment ([1-4])\b")
_NO_OVERRIDE = re.compile(r"\bwithout the (financial )?(override|deficit rule|finance rule)\b|\b(wasnt|werent|was not|were not|not|wasn t|weren t) "
                          r"in (financial )?deficit\b|\bcleared (its|their|our|the) deficit\b|\bno deficit\b|"
                          r"\bbroke even\b|\bbalanced (its|their|our|the) books\b|\b(if|when) the override (did not|"
                          r"didnt) apply\b|\bif (it|they|we|trustref) (had|got) (its|their|our) finances\b")
_EXPLICIT_FUTURE = re.compile(r"\bnext (quarter|year|time|table)\b|\bpredict|\bforecast|\bin the future\b|\bgoing to\b")
_DOMAIN = re.compile(r"\bsegments?\b|\btables?\b|\bleague\b|\branks?\b|\branking\b|\bscores?\b|\boverride\b|\bmetrics?\b|"
                     r"\btrusts?\b|\bhospitals?\b|\bnhs\b|\bquarter\b|\bdeficit\b|\bposition\b|\baverage\b|"
                     r"\boversight\b|\bnof\b|\bambulance\b|\bmental health\b|\bcommunity\b|\bmeasures?\b")
_WHY_ALONE = re.compile(r"^(but |and |so |ok |okay )?(why|how come|why is that|why so|how|explain|what caused that|"
                        r"why not|why was that|why did that happen|why is it|why is that so|explain why|"
                        r"tell me why|what s the reason|what is the reason)$")
_YES_NO = re.compile(r"^(do|does|did|is|are|was|were|can|could|should|would|will|has|have) ")
_AVAILABLE = re.compile(r"\bavailable\b|\bis there\b|\bare there\b|\bdo you (have|hold)\b|\bcan i see\b|"
                        r"\bpublished\b")
_COUNT_OR_LIST = re.compile(r"\bhow many\b|\bwhich\b|\bwho\b|\bwho s\b|\blist\b|\bany\b|\btop\b|\bbottom\b")
_WHAT_IS_THE = re.compile(r"^(what|whats|what s) (is|was|are|were)? ?(a|an|the) [\w ]*\b(table|league table|ranking)s?$")
_FIRST_PERSON = re.compile(r"\b(we|we re|were we|our|us|ours|my trust|our trust)\b")
_NHS_WORDS = re.compile(r"\b(segments?|override|metrics?|measures?|trusts?|hospitals?|nhs|deficit|oversight|"
                        r"ambulance|mental health|league tables?)\b")
_ICB = re.compile(r"\bicbs?\b|\bintegrated care (boards?|systems?)\b")
_CHECKING_A_CLAIM = re.compile(r"\bis (that|it|this) (right|true|correct)\b|\bis it true\b|\breally\b|"
                               r"\bmade it (in)?to\b|\bonly \d+\b")
_REGISTER_ONLY = re.compile(r"\b(sentences?|lines?|quotes?|quotable|statement|press release|summary|sound ?bite|"
                            r"paragraph)\b")
_THEN_AND_NOW = re.compile(r"\b(now|too|still|again|as well|wasn t|wasnt|weren t|werent|was it|were we|were they|"
                           r"used to be|back then|since then)\b")
_MY_LOCAL = re.compile(r"\bmy (local |nearest )?(hospital|trust)\b|\blocal hospital\b")
_NATIONAL = re.compile(r"\bnationally\b|\bin england\b|\boverall\b|\bacross england\b|\ball regions\b|"
                       r"\bin the country\b|\bthe whole country\b")
_GENERAL_TOPIC = re.compile(r"\bwhat (is|are|does)\b.*\b(mean|override|segment|likely range|metric|score|table)s?\b|"
                            r"\bhow (are|is|do|does) (the )?(league )?tables?\b")
_COUNT_OF_METRICS = re.compile(r"\bhow many (metrics|measures|indicators|domains)\b|\bwhich (metrics|measures)\b|"
                               r"\bwhat (metrics|measures)\b")
_GROUP_NOUN = re.compile(r"\b(trusts|hospitals|ones|providers|organisations|services|places|trust|hospital|"
                         r"provider|organisation)\b")
_LEADS_A_LIST = re.compile(r"\b(which|who|list|name|show|what are the|tell me the|give me the|rank the|"
                           r"who are|who is|who s|whos|any)\b")
_UNCLEAR = re.compile(r"[a-z]")
# A trust-less "why"/"how" question that uses these words gets the general answer from our guide, not a "which
# trust?" question.
_ABOUT_METHOD = re.compile(
    r"\b(segment(s|ation|ed)?|league tables?|overrides?|adjustment|metrics?|measures?|indicators?|scor(e|es|ed|ing)|"
    r"averages?|cut ?points?|quartiles?|rank(ed|ing|ings|s)?|standards?|floors?|ties|tied|specialists?|"
    r"oversight framework|nof|icbs?|integrated care|recovery support|rsp|pip|capability|likely ranges?|"
    r"significan\w*|cqc|finances?|financial|deficits?|criticis\w*|method\w*|weight\w*|domains?|published|"
    r"positions?|quarters?|data|official|figures|ratings?|services?|measured|improv\w*|tables?|league|results?|"
    r"fair\w*|ods|codes?)\b")
# A declined part ("who is the best surgeon at X?") keeps the position only when the position is also asked.
_ASKS_POSITION = re.compile(r"\b(rank\w*|position|segment|placed|doing|how good|how (is|are) (it|they|trustref)|"
                            r"where (is|does|do|are)|score\w*|(league|table) (position|place)|in the (league )?"
                            r"tables?)\b")
# A forecast about the method ("will quartiles still be used next year?") is answerable; one about positions is not.
_FORECAST_OF_METHOD = re.compile(r"\b(quartiles?|thresholds?|method\w*|rules?|metrics?|override|icbs?|framework|"
                                 r"cut ?points?|2026)\b")
_FORECAST_OF_POSITIONS = re.compile(r"\b(top|bottom|segment \d|rank\w*|position|first|last|best|worst)\b")
# "is the ambulance ranking available?", "show me the mental health league table"
_A_TABLE = re.compile(r"\b(ranking|rankings|league tables?|tables?|standings|positions|list)\b(?! (mean|work|"
                      r"worked|calculated))")


def understand(question: object, context: Context | None = None, store=None) -> Query:
    """Read one question (never raises: anything unreadable becomes a clarification or a decline)."""
    context = context if isinstance(context, Context) else Context()
    try:
        if store is None:
            from scoring.store import load_store

            store = load_store()
        return _read(question, context, store)
    except Exception:                                   # a bug must not take the conversation down
        log.exception("could not read %r", str(question)[:200])
        text = question[:500] if isinstance(question, str) else ""
        return Query("help", question=text, needs_clarification=True, context=context)


@dataclass(frozen=True)
class _Words:
    """A question's words three ways: as typed (cleaned), normalised, and with named trusts as 'trustref'."""

    text: str
    masked: str
    plain: str          # masked, without the 'trustref' markers


def _read(question: object, context: Context, store) -> Query:
    clean = clean_question(question)
    base = {"question": clean.text, "truncated": clean.truncated}
    if not clean.text:
        return Query("out_of_scope", decline="empty", context=context, **base)
    question_words = words(clean.text)
    if not question_words or not _UNCLEAR.search(" ".join(w.norm for w in question_words)):
        return Query("help", needs_clarification=True, context=context, **base)
    question_words = mend_words(question_words, vocabulary(store))
    finder = trust_finder(store)
    mentions = finder.find(question_words)
    said = _Words(clean.text, _masked(question_words, mentions), "")
    said = replace(said, plain=" ".join(said.masked.replace("trustref", " ").split()))

    tables = find_tables(said.plain)
    trusts, ambiguous = find_trusts(mentions, finder, tables, said.plain, context)
    subject_table = (tables[0] if len(tables) == 1 else
                     finder.tables_by_code.get(trusts[0]) if trusts else
                     context.tables[0] if len(context.tables) == 1 else None)
    held = store.quarters_of(subject_table) if subject_table else list(store.quarters)
    quarters = read_quarters(said.masked, held or list(store.quarters), anchor=context.quarter)
    latest = max((Quarter.from_label(q) for q in store.quarters), default=None)
    future = bool(quarters.quarter and latest and Quarter.from_label(quarters.quarter) > latest)

    reason = decline_reason(said.masked, future_quarter=future)
    if reason == "prediction" and intents.WHATIF.search(said.masked) and not (
            _EXPLICIT_FUTURE.search(said.masked) or future):
        reason = None
    filters = read_filters(said.masked)
    order, limit, output = read_shape(said.masked)
    metric_mentions = find_metric_mentions(said.plain, clean.text)
    metrics = metric_ids(metric_mentions)

    referent = intents.REFERENT.search(said.masked)
    follow_up = bool(intents.FOLLOW_UP.search(said.masked)) and len(question_words) <= 12
    names_its_own = (bool(tables) and not referent_to_a_trust(said.masked)) or bool(_GENERAL_TOPIC.search(said.masked))
    may_inherit = not trusts and not ambiguous and not names_its_own
    has_referent = may_inherit and bool(context.trusts or context.candidates) and (bool(referent) or follow_up)
    first_person = may_inherit and bool(_FIRST_PERSON.search(said.masked))   # "why are we in segment 3?"

    if reason == "prediction" and _FORECAST_OF_METHOD.search(said.masked) and not _FORECAST_OF_POSITIONS.search(
            said.masked):
        reason = None                                   # "will quartiles still be used next year?" is about method
    if reason == "unrelated" and ((not trusts and _NHS_WORDS.search(said.masked)) or _PRESS.search(said.masked)):
        reason = None                       # "the override: is it fair?", "a quotable line for a story" are ours
    partial = reason in PARTIAL and (reason in ("safety", "choose_provider") or _ASKS_POSITION.search(said.masked))
    if reason and not (partial and (trusts or ambiguous or (has_referent and context.trusts))):
        return Query("out_of_scope", decline=reason, context=context, **base)

    if _ICB.search(said.masked) and not reason:
        kind = "table" if _is_table_question(said.masked, tables, filters, output, order, False, metrics) else \
            "position"
        return Query(kind, not_held=("integrated care board rankings",), context=context, **base)
    if context.candidates and not trusts and not ambiguous:
        picked = _prefer(context.candidates, finder, tables, said.plain)
        if len(picked) == 1 and picked != context.candidates:
            trusts, has_referent = [picked[0]], True       # "the mental health one", "and the hospital trust?"
            base["uses_context"] = True
    intent = classify(said.masked, trusts, ambiguous, has_referent or first_person, referent_to_a_trust(said.masked),
                      tables, filters, output, order, metrics)
    if intent is None and context.trusts and may_inherit and _REGISTER_ONLY.search(said.masked) and \
            read_register(said.masked) == "press":
        intent, has_referent = "position", True          # "give me two sentences I can quote"
    if intent == "table" and filters and output == "list" and order is None and _CHECKING_A_CLAIM.search(
            said.masked):
        output = "count"                                 # "only 27 … made it into segments 1 or 2, is that right?"
    if quarters.years and not (trusts or ambiguous) and _A_TABLE.search(said.masked) and not _YES_NO.search(
            said.masked) and intent in (None, "method", "definition", "help"):
        intent = "table"                                # "show me the 2026/27 league table"
    if _WHY_ALONE.search(said.masked) and context.intent in TRUST_INTENTS and context.trusts and not trusts:
        intent, has_referent = context.intent, True     # "why?" asks the last question's why
    table_follow_up = (context.intent == "table" and context.table_query is not None and not trusts
                       and not ambiguous and (follow_up or len(question_words) <= 5)
                       and intent in ("table", "position", None) and not referent_to_a_trust(said.masked))
    if intent is None and table_follow_up:
        intent = "table"
    if intent is None:
        intent = _fallback(said, context, metrics, len(question_words), trusts, bool(referent))
        if intent is None:
            return Query("help", needs_clarification=True, metrics=tuple(metrics), context=context, **base)
    if reason:                                          # declined in part: still say where the trust sits
        intent = intent if intent in ("position", "compare") else "position"

    query = Query(
        intent=intent, trusts=tuple(trusts), candidates=tuple(ambiguous), tables=tables,
        quarter=quarters.quarter, quarter_asked=quarters.quarter is not None, since=quarters.since,
        years_not_held=_years_not_held(quarters, store), metrics=tuple(metrics), filters=filters, order=order,
        limit=limit, output=output, decline=reason, context=context, **base)  # type: ignore[arg-type]
    around = intents.ABOVE.search(said.masked)
    if intent == "table" and around and (trusts or context.trusts):
        side = re.search(r"\b(above|ahead of|higher than)\b", around.group(0)), re.search(
            r"\b(below|behind|lower than)\b", around.group(0))
        query = replace(query, output="around", trusts=tuple(trusts or context.trusts[:1]), uses_context=not trusts,
                        order="top" if side[0] else "bottom" if side[1] else None)
    elif table_follow_up and (intent == "table" or not intents.POSITION.search(said.masked) or quarters.quarter):
        query = _continue_table(query, context.table_query, said)  # type: ignore[arg-type]
    elif has_referent or (intent in TRUST_INTENTS and may_inherit and context.trusts and not _MY_LOCAL.search(
            said.masked)) or (intent in TRUST_INTENTS and not trusts and context.candidates and not ambiguous) or (
            intent == "compare" and len(trusts) < 2 and context.trusts):
        query = with_context(query, context, said, finder, tables)
    if query.intent == "movement":
        query = _movement_quarters(query, quarters, said.masked)
    one = bool(intents.ONE_MEASURE.search(said.masked)) and query.intent == "position"
    premise = read_premise(said.masked) if query.intent in TRUST_INTENTS else None
    if one and premise is None and query.uses_context:
        premise = context.premise                       # "is it mainly one thing?" after "why is it so low?"
    query = replace(query, why=bool(intents.WHY.search(said.masked)) and query.intent == "position",
                    one_measure=one, premise=premise, register=read_register(said.masked))
    if query.intent == "whatif":
        query = read_whatif(query, said, metric_mentions, context)
    if not query.metrics and follow_up and context.metrics and query.intent == context.intent and query.trusts:
        query = replace(query, metrics=context.metrics)
    if query.intent in TRUST_INTENTS and not query.trusts and not query.candidates:
        # no trust named or in play: the general answer from our guide, and a question back unless it is about
        # the method anyway ("why are we in segment 3 when our scores say 2?")
        general = (bool(_ABOUT_METHOD.search(said.masked)) and query.intent != "whatif"
                   and not referent_to_a_trust(said.masked))
        query = replace(query, needs_clarification=not general)
    elif (query.intent == "compare" and len(query.trusts) < 2) or query.candidates:
        query = replace(query, needs_clarification=True)
    return replace(query, context=next_context(query, context, finder))


def _masked(question_words: list, mentions: list[TrustMention]) -> str:
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


def _prefer(codes: tuple[str, ...], finder: TrustFinder, tables: tuple[str, ...], plain: str) -> tuple[str, ...]:
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
        codes = _prefer(mention.codes, finder, tables, plain)
        if len(codes) > 1 and len(context.tables) == 1 and not tables:
            codes = _prefer(codes, finder, context.tables, "")      # "compare with Warrington" in an acute talk
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


def referent_to_a_trust(masked: str) -> bool:
    return bool(re.search(r"\b(it|its|they|them|their|that one|this one|the trust|the hospital|the first one|"
                          r"the second one|the last one|the top one|the first|the last)\b", masked)
                and not re.search(r"\bthe (first|last) (quarter|table)\b", masked))


def classify(masked: str, trusts: list[str], ambiguous: list[str], has_referent: bool, pronoun: bool,
             tables: tuple[str, ...], filters: Filters, output: str, order: str | None,
             metrics: list[str]) -> str | None:
    """The intent from the phrase patterns, or None when nothing matched (the caller falls back on context)."""
    has_trust = bool(trusts or ambiguous)
    about_a_trust = has_trust or has_referent
    named = len(trusts) + (1 if ambiguous else 0)
    if intents.HELP.search(masked):
        return "help"
    if about_a_trust and named < 2 and intents.QUARTER_PAIR.search(masked):
        return "movement"
    if intents.WHATIF.search(masked) and (about_a_trust or re.search(r"\bsegment [1-4]\b|\bof\d{4}", masked)):
        return "whatif"
    if named < 2 and intents.PEERS.search(masked) and not re.search(r"\bthe two\b|\bboth\b", masked):
        return "position" if about_a_trust else None
    if named >= 2 or (intents.COMPARE.search(masked) and about_a_trust and (named >= 1 or has_referent)):
        return "compare"
    if about_a_trust and intents.MOVEMENT.search(masked) and not re.search(r"\bhow are .* (made|ranked)\b", masked):
        return "movement"
    if not has_trust and re.search(r"^(what|whats|what s) counts as\b", masked):
        return "definition"
    if (not has_trust and not (pronoun and has_referent) and intents.DEFINITION.search(masked)
            and intents.GLOSSARY.search(masked)
            and re.search(r"^(what|whats|what s)\b|\bwhat counts as\b", masked)
            and not re.search(r"\bhow\b|\bwhy\b|\bwork|\bdoesn ?t\b|\bdon ?t\b|\bnot\b|\bisn ?t\b", masked)
            and output == "list" and not filters):
        return "definition"                             # "what counts as being in deficit?"
    if not has_trust and intents.METHOD.search(masked) and not (filters or order or output != "list"):
        return "method"
    if not has_trust and _is_table_question(masked, tables, filters, output, order, pronoun, metrics):
        return "table"
    if intents.METHOD.search(masked) and not (has_trust and not re.search(r"\bwhy do (specialist|some)\b", masked)):
        return "method"
    if (intents.DEFINITION.search(masked) and not has_trust and not pronoun
            and (intents.GLOSSARY.search(masked) or metrics or re.search(r"\bmean\b|\bstand for\b", masked))):
        return "definition"
    if about_a_trust or _MY_LOCAL.search(masked):
        return "position"
    return None


def _is_table_question(masked: str, tables: tuple[str, ...], filters: Filters, output: str, order: str | None,
                       pronoun: bool, metrics: list[str]) -> bool:
    """A question about a group of trusts rather than one: top/bottom N, counts, lists, breakdowns, movers."""
    if metrics and output in ("count", "list") and not filters and not re.search(r"\b(trusts|hospitals)\b",
                                                                                   masked):
        return False                                    # "how many ambulance patients get taken to A&E?"
    if re.search(r"^(but |and |so )?why\b", masked) and not re.search(r"\bwhich\b|\bwho\b", masked):
        return False
    if _COUNT_OF_METRICS.search(masked) or re.search(r"\bhow (are|is|do|does)\b.*\b(worked out|calculated|decided|"
                                                      r"made|chosen|set)\b", masked):
        return False
    if re.search(r"\bwhy (do|does|are|is)\b", masked) and not intents.TABLE.search(masked):
        return False
    group = bool(_GROUP_NOUN.search(masked)) or bool(tables)
    narrowing = filters.segments or filters.unadjusted_segments or filters.in_deficit is not None or \
        filters.override_applied or filters.recovery_support or filters.moved
    if narrowing and group:
        return True                                     # "Midlands mental health trusts in segment 4"
    if output in ("count", "share") and (filters or tables) and re.search(r"\bhow many\b|\bwhat share\b", masked):
        return True                                     # "how many trusts in our table are held back like that?"
    if pronoun and not intents.ABOVE.search(masked):
        return False                                    # "is it really the best general hospital trust?"
    if _YES_NO.search(masked) and not _AVAILABLE.search(masked) and not _COUNT_OR_LIST.search(masked) and not (
            _CHECKING_A_CLAIM.search(masked) and filters):
        return False                                    # "do segment 5 trusts appear at the bottom?" is about method
    if _WHAT_IS_THE.search(masked):
        return False                                    # "what was the non-acute table?" is a definition
    if output in ("movers", "digest"):
        return True
    if tables and _A_TABLE.search(masked):
        return True
    if output in ("by_region", "by_subtype", "share"):
        return group or bool(filters)
    if output == "count":
        return group or bool(filters.segments or filters.in_deficit or filters.override_applied)
    if intents.TABLE.search(masked):
        return True
    if order is not None and (group or re.search(r"\b(top|bottom|head) of\b|\bwho\b|\bwhich\b", masked)):
        return True
    if intents.ABOVE.search(masked):
        return True
    kinds = filters.subtypes or filters.regions or filters.regions_excluded or filters.specialist is not None
    return bool(kinds and group and (_LEADS_A_LIST.search(masked) or re.search(
        r"\b(rank|ranked|ranking|position|positions|doing|table|compare)\b", masked)))


def _fallback(said: _Words, context: Context, metrics: list[str], n_words: int, trusts: list[str],
              pronoun: bool) -> str | None:
    """The intent of a question no pattern placed; None: ask back ("I didn't understand")."""
    masked = said.masked
    if metrics and pronoun and not context.trusts:
        return "position"                               # "and their finances?": whose? (asked back)
    if re.search(r"^(but |and |so )?why\b", masked) and not trusts:
        return "method"                                 # "why are cancer and eye hospitals always at the top?"
    if metrics and (intents.DEFINITION.search(masked) or (not context.trusts and n_words <= 6)):
        return "definition"
    if context.trusts and (_DOMAIN.search(masked) or metrics) and n_words <= 12 and not trusts:
        return "position"
    if metrics and re.search(r"\bhow|\bwhat|\bwhy|\bwhich\b|\bmean", masked):
        return "definition"
    if _MY_LOCAL.search(masked):
        return "position"
    if (_DOMAIN.search(masked) or _ABOUT_METHOD.search(masked)) and n_words >= 3:
        return "method"
    if re.search(r"^(what|whats|what s|how|why|which|who|when|where|is|are|does|do|can|should)\b", masked) and \
            n_words >= 4 and re.search(r"\b(difference|mean|means|steps|count|counted|official|look|matter|work|"
                                       r"domains?|criticis\w*)\b", masked):
        return "method"
    return None


def _continue_table(query: Query, previous: Query, said: _Words) -> Query:
    """'and the bottom?', 'and in Q1?', 'what about London?': the last table question with what this one says."""
    filters = previous.filters
    new = query.filters
    regions = () if _NATIONAL.search(said.masked) else (new.regions or filters.regions)
    merged = replace(filters, regions=regions,
                     **{name: getattr(new, name) for name in ("segments", "unadjusted_segments", "subtypes")
                        if getattr(new, name)},
                     **{name: getattr(new, name) for name in ("specialist", "in_deficit", "override_applied",
                                                              "recovery_support", "moved")
                        if getattr(new, name) is not None})
    return replace(previous, intent="table", question=query.question, truncated=query.truncated,
                   tables=query.tables or previous.tables, filters=merged,
                   quarter=query.quarter or (None if query.tables else previous.quarter),
                   quarter_asked=query.quarter_asked or (previous.quarter_asked and not query.tables),
                   since=query.since or previous.since,
                   order=query.order or previous.order, limit=query.limit if query.order else previous.limit,
                   output=query.output if query.output != "list" else previous.output,
                   uses_context=True, context=query.context, trusts=(), candidates=())


def with_context(query: Query, context: Context, said: _Words, finder: TrustFinder,
                 tables: tuple[str, ...]) -> Query:
    """Trusts the question points back to: 'it', 'the first one', 'compare the two', 'the hospital one'."""
    masked = said.masked
    if context.candidates and not query.trusts:
        picked = _prefer(context.candidates, finder, tables, said.plain)
        if len(picked) == 1:
            return replace(query, trusts=(picked[0],), uses_context=True)
    if not context.trusts or query.intent not in TRUST_INTENTS:
        return query
    ordinal = re.search(r"\bthe (first|second|third|fourth|fifth|last|top|bottom) (one|trust|hospital)?\b", masked)
    if ordinal and len(context.trusts) > 1 and ordinal.group(1) in _ORDINAL_REF:
        index = _ORDINAL_REF[ordinal.group(1)]
        if -len(context.trusts) <= index < len(context.trusts):
            return replace(query, trusts=(context.trusts[index],), uses_context=True)
    if query.intent == "compare" and re.search(r"\b(the two|both|them|these|those)\b", masked) \
            and len(context.recent_trusts) >= 2:
        return replace(query, trusts=tuple(context.recent_trusts[-2:]), uses_context=True)
    trusts = list(query.trusts)
    if query.intent == "compare":
        trusts = [context.trusts[0]] + [t for t in trusts if t != context.trusts[0]]
    elif not trusts:
        trusts = [context.trusts[0]]
    quarter, since = query.quarter, query.since
    if query.intent == "movement":
        if since is None and quarter is None and context.quarter:
            since = context.quarter                 # "what about Q1?" then "why did it drop?": from Q1 to now
    elif quarter is None and context.quarter:
        quarter = context.quarter
    return replace(query, trusts=tuple(trusts), quarter=quarter, since=since, uses_context=True)


def _movement_quarters(query: Query, reading: QuarterReading, masked: str) -> Query:
    """A move is into ``quarter`` from ``since``: 'since Q1' alone compares Q1 with the latest, and so does a
    claim about one past quarter ('it was segment 2 in Q1, wasn't it?', 'were we top last quarter too?')."""
    if reading.since and not reading.quarter:
        return replace(query, quarter=None, quarter_asked=False, since=reading.since)
    if reading.quarter and not reading.since and _THEN_AND_NOW.search(masked):
        return replace(query, quarter=None, quarter_asked=False, since=reading.quarter)
    return query


def _years_not_held(reading: QuarterReading, store) -> tuple[str, ...]:
    held_years = {Quarter.from_label(q).financial_year for q in store.quarters}
    return tuple(year for year in reading.years if year not in held_years)


def read_premise(masked: str) -> str | None:
    segment = _SEGMENT_CLAIM.search(masked)
    if segment:
        return f"segment {segment.group(3)}"
    rank = _RANK_CLAIM.search(masked)
    if rank:
        return f"rank {rank.group(2) or rank.group(3)}"
    for pattern, claim in _PREMISES:
        if pattern.search(masked):
            return claim
    return None


def read_register(masked: str) -> str | None:
    """The register asked for in words: a quotable line is for the press; a full breakdown is for staff."""
    if _PRESS.search(masked):
        return "press"
    if _STAFF_REGISTER.search(masked):
        return "staff"
    return None


def read_whatif(query: Query, said: _Words, metric_mentions: list, context: Context) -> Query:
    changes, factors = whatif_changes(said.plain, metric_mentions, said.text)
    target = _TARGET.search(said.masked)
    talking_of_the_override = bool(context.table_query and context.table_query.filters.override_applied)
    without = bool(_NO_OVERRIDE.search(said.masked)) or (talking_of_the_override and bool(
        re.search(r"\bwithout (it|that|that rule)\b", said.masked)))
    return replace(query, whatif_changes=changes, whatif_factors=factors, without_override=without,
                   target_segment=int(target.group(2)) if target else None)


def next_context(query: Query, context: Context, finder: TrustFinder) -> Context:
    trusts = query.trusts
    tables = query.tables or tuple(dict.fromkeys(finder.tables_by_code[c] for c in trusts
                                                 if c in finder.tables_by_code))
    return Context(
        trusts=trusts or (context.trusts if query.intent not in ("table", "method", "definition") else ()),
        recent_trusts=remember(context.recent_trusts, trusts),
        quarter=(query.quarter if query.quarter_asked else
                 context.quarter if query.uses_context and query.intent != "movement" else None),
        metrics=query.metrics,
        intent=query.intent,
        tables=tables or (context.tables if query.uses_context else ()),
        table_query=replace(query, context=Context()) if query.intent == "table" else None,
        candidates=query.candidates or (context.candidates if query.uses_context and (
            not query.trusts or query.trusts[0] in context.candidates) else ()),
        premise=query.premise or (context.premise if query.uses_context else None),
    )
