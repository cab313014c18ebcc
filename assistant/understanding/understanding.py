"""``understand(question, context, store) -> Understanding``: what a question asks, about which trusts,
metrics, quarter and table, whether it must be declined or clarified, and the conversation's next context.

Pure rules over the cleaned question; never raises. Facts are never read here, only referents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.understanding import intents
from assistant.understanding.context import Context, remember
from assistant.understanding.declines import decline_reason
from assistant.understanding.metrics import find_metric_mentions, metric_ids, whatif_changes
from assistant.understanding.quarters import read_quarters
from assistant.understanding.question import clean_question, words
from assistant.understanding.tables import ACUTE, MHC, TableQuery, find_table, find_subtype, read_table_query, \
    subtype_table
from assistant.understanding.trusts import TrustFinder, TrustMention, trust_finder
from scoring.quarters import sort_key


@dataclass(frozen=True)
class Understanding:
    intent: str
    trusts: list[str] = field(default_factory=list)
    candidates: list[tuple[str, str]] = field(default_factory=list)
    needs_clarification: bool = False
    metrics: list[str] = field(default_factory=list)
    quarter: str | None = None
    since_quarter: str | None = None            # movement: the earlier quarter ("since Q1", "last quarter")
    unknown_quarter: str | None = None          # a quarter named that the data does not hold
    table: str | None = None
    audience_hint: str | None = None            # public | staff | press
    table_query: TableQuery | None = None
    whatif_changes: dict[str, float] = field(default_factory=dict)     # value id -> new value
    whatif_factors: dict[str, float] = field(default_factory=dict)     # value id -> multiplier ("halved": 0.5)
    whatif_without_override: bool = False       # "if it wasn't in deficit", "without the override"
    target_segment: int | None = None           # "to reach segment 2"
    decline_reason: str | None = None
    premise: str | None = None                  # the claim to check: bottom, top, worst, best, segment 3, rank 5…
    cleaned_question: str = ""
    truncated: bool = False
    uses_context: bool = False
    context: Context = field(default_factory=Context)

    @property
    def declined(self) -> bool:
        return self.intent == "out_of_scope"


_ORDINAL_REF = {"first": 0, "top": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}
_PRESS = re.compile(r"\bquot(able|e)\b|\bpress\b|\bjournalist\b|\breporter\b|\barticle\b|\bheadline\b|\bstatement\b|"
                    r"\bsentences? of context\b|\b(accurate|balanced) context\b|\bcontext on\b|\bfor (a|our) "
                    r"(story|piece|release)\b|\bmedia\b|\bcomms\b|\bsummary of\b")
_STAFF = re.compile(r"\b(we['’]re|we are|we were|our|ours|us|my team|our team|our board|i work (at|for)|my trust|"
                    r"our trust|colleagues)\b")
_PUBLIC = re.compile(r"\bmy (local|nearest)\b|\bmy (mum|dad|mother|father|wife|husband|son|daughter|family|gran|"
                     r"nan)\b|\bi live\b|\bany good\b|\bshould i worry\b|\bmy hospital\b|\blocal hospital\b")
_PREMISES = [
    (re.compile(r"\bbottom half\b"), "bottom half"), (re.compile(r"\btop half\b"), "top half"),
    (re.compile(r"\b(near|at|in|off) the bottom\b|\bbottom of\b|\breally bottom\b|\bis bottom\b|\bare bottom\b"),
     "bottom"),
    (re.compile(r"\b(the|really|at the|on) top\b|\btop of\b|\bis top\b|\bcome top\b"), "top"),
    (re.compile(r"\bthe worst\b|\breally worst\b"), "worst"), (re.compile(r"\bthe best\b|\breally best\b"), "best"),
    (re.compile(r"\bso low\b|\bso badly\b|\bso poorly\b"), "low"), (re.compile(r"\bso high\b|\bso well\b"), "high"),
    (re.compile(r"\b(dropped|fell|fall|falling|went down|gone down|go down|got worse|get worse|getting worse|"
                r"worse|declined|slipped|drop)\b"), "worse"),
    (re.compile(r"\b(went up|go up|gone up|rose|improved|improve|got better|move up|moved up|climbed)\b"),
     "better"),
]
_SEGMENT_CLAIM = re.compile(r"\b(trustref|we|it|they|us|we re|were|are|is|in|at) (in |only |still )?segment ([1-5])\b")
_RANK_CLAIM = re.compile(r"\b(ranked|rank|position|placed|number) (\d{1,3})\b|\b(\d{1,3})(st|nd|rd|th) (place|position|"
                         r"in the|out of)\b")
_TARGET = re.compile(r"\b(to|into|reach|reaching|get to|get into|move to|move into|move up to|in) segment ([1-4])\b")
_NO_OVERRIDE = re.compile(r"\bwithout the (financial )?override\b|\b(wasnt|werent|was not|were not|not) in deficit\b|"
                          r"\bcleared (its|their|our|the) deficit\b|\bno deficit\b|\bbroke even\b|"
                          r"\b(if|when) the override (did not|didnt) apply\b")
_EXPLICIT_FUTURE = re.compile(r"\bnext (quarter|year|time|table)\b|\bpredict|\bforecast|\bin the future\b|\bgoing to\b")
_DOMAIN = re.compile(r"\bsegments?\b|\btables?\b|\bleague\b|\branks?\b|\branking\b|\bscores?\b|\boverride\b|\bmetrics?\b|"
                     r"\btrusts?\b|\bhospitals?\b|\bnhs\b|\bquarter\b|\bdeficit\b|\bposition\b|\baverage\b|"
                     r"\boversight\b|\bnof\b|\bambulance\b|\bmental health\b|\bcommunity\b")
_WHY_ALONE = re.compile(r"^(but |and |so )?(why|how come|why is that|why so|how|explain|what caused that|"
                        r"why not|why was that|why did that happen)$")


def _masked(question_words: list, mentions: list[TrustMention]) -> str:
    parts, i = [], 0
    for mention in mentions:
        parts.extend(w.norm for w in question_words[i:mention.start])
        parts.append("trustref")
        i = mention.end
    parts.extend(w.norm for w in question_words[i:])
    return " ".join(parts)


def _merge_sites(mentions: list[TrustMention]) -> list[TrustMention]:
    """'the Queen Elizabeth Hospital in King's Lynn': an ambiguous site next to a place that picks one of its
    trusts is one mention, not two."""
    merged: list[TrustMention] = []
    for mention in mentions:
        last = merged[-1] if merged else None
        if last is not None and mention.start - last.end <= 2 and (last.ambiguous or mention.ambiguous):
            common = tuple(c for c in last.codes if c in mention.codes)
            if common:
                merged[-1] = TrustMention(f"{last.text} … {mention.text}", last.start, mention.end, common,
                                          last.how)
                continue
        merged.append(mention)
    return merged


def _prefer(codes: tuple[str, ...], finder: TrustFinder, table: str | None, hospital: bool,
            subtype: str | None = None) -> tuple[str, ...]:
    """Narrow an ambiguous mention by the table (and kind of trust) the question names, or to acute trusts
    for 'hospital'."""
    narrowed = codes
    if table:
        narrowed = tuple(c for c in codes if finder.tables_by_code.get(c) == table) or codes
        if len(narrowed) > 1 and subtype:
            narrowed = tuple(c for c in narrowed if finder.subtypes_by_code.get(c) == subtype) or narrowed
    elif hospital:
        narrowed = tuple(c for c in codes if finder.tables_by_code.get(c) == ACUTE) or codes
    if len(narrowed) > 1 and (hospital or table == ACUTE):
        general = tuple(c for c in narrowed if finder.subtypes_by_code.get(c) != "Acute - Specialist")
        if len(general) == 1:
            narrowed = general
    return narrowed


def _premise(masked: str) -> str | None:
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


def _audience(masked: str, lower: str) -> str | None:
    if _PRESS.search(masked):
        return "press"
    if _STAFF.search(lower):
        return "staff"
    if _PUBLIC.search(masked):
        return "public"
    return None


def understand(question: object, context: Context | None = None, store=None) -> Understanding:
    """Read one question (never raises: anything unreadable becomes a clarification or a decline)."""
    context = context if isinstance(context, Context) else Context()
    try:
        return _understand(question, context, store)
    except Exception:                                   # a bug must not take the conversation down
        text = question[:500] if isinstance(question, str) else ""
        return Understanding("help", needs_clarification=True, cleaned_question=text, context=context)


def _understand(question: object, context: Context, store) -> Understanding:
    if store is None:
        from scoring.store import load_store

        store = load_store()
    clean = clean_question(question)
    base = {"cleaned_question": clean.text, "truncated": clean.truncated}
    if not clean.text:
        return Understanding("out_of_scope", decline_reason="empty", context=context, **base)
    finder = trust_finder(store)
    question_words = words(clean.text)
    if not question_words:
        return Understanding("help", needs_clarification=True, context=context, **base)
    mentions = _merge_sites(finder.find(question_words))
    masked = _masked(question_words, mentions)
    plain = masked.replace("trustref", " ")
    quarters = read_quarters(masked, finder.quarters, context.quarter)
    future = bool(quarters.unknown and quarters.unknown[:1] == "Q" and finder.quarters
                  and sort_key(quarters.unknown) > sort_key(sorted(finder.quarters, key=sort_key)[-1]))

    reason = decline_reason(masked, future_quarter=future)
    if reason == "prediction" and intents.WHATIF.search(masked) and not (_EXPLICIT_FUTURE.search(masked) or future):
        reason = None
    if reason:
        return Understanding("out_of_scope", decline_reason=reason, context=context, **base)

    subtype = find_subtype(plain) or ("Mental Health and Learning Disability"
                                      if re.search(r"\bmental health\b(?! and community)", plain) else None)
    table = find_table(plain) or subtype_table(subtype)
    hospital = bool(re.search(r"\bhospital\b", plain)) and table != MHC
    follow_up = bool(intents.FOLLOW_UP.search(masked)) and len(question_words) <= 12
    uses_context = False

    # Trusts named in the question, ambiguous ones narrowed by what the question says.
    trusts: list[str] = []
    ambiguous: tuple[str, ...] = ()
    for mention in mentions:
        codes = _prefer(mention.codes, finder, table, hospital, subtype)
        if len(codes) > 1 and mention.how in ("town", "postcode") and context.table and not table:
            codes = _prefer(codes, finder, context.table, False)
        if len(codes) == 1:
            if codes[0] not in trusts:
                trusts.append(codes[0])
        elif not ambiguous:
            ambiguous = codes
    # "the hospital one" / "and the mental health trust?" after a clarification.
    if not mentions and context.candidates and (table or hospital):
        picked = _prefer(context.candidates, finder, table, hospital, subtype)
        if len(picked) == 1:
            trusts, uses_context = [picked[0]], True

    referent = intents.REFERENT.search(masked)
    has_referent = bool(referent) or (follow_up and bool(context.trusts or context.intent))
    intent = intents.classify(masked, has_trust=bool(trusts or ambiguous), has_referent=has_referent,
                              pronoun=bool(referent))
    metric_mentions = find_metric_mentions(plain, clean.text)
    metrics = metric_ids(metric_mentions)

    if _WHY_ALONE.search(masked) and context.intent in ("position", "movement", "compare", "whatif"):
        intent = context.intent
    if intent is None:
        if metrics and intents.DEFINITION.search(masked):
            intent = "definition"
        elif context.trusts and (_DOMAIN.search(masked) or metrics) and len(question_words) <= 12:
            intent = "position"
        elif metrics or intents.POSITION.search(masked) and _DOMAIN.search(masked):
            intent = "position"
        elif re.search(r"\bmy (local )?(hospital|trust)\b|\blocal hospital\b", masked):
            intent = "position"
        elif _DOMAIN.search(masked):
            intent = "method"
        elif len(question_words) <= 2:
            return Understanding("help", needs_clarification=True, context=context, **base)
        else:
            return Understanding("out_of_scope", decline_reason="unrelated", context=context, **base)
    # A bare follow-up keeps the conversation's kind of question ("and in Q1?" after a table question).
    if follow_up and intent == "position" and context.intent in ("table", "movement", "compare") \
            and not trusts and not ambiguous and not intents.POSITION.search(masked):
        intent = context.intent
    if intent == "position" and context.intent == "table" and follow_up and not trusts and not referent \
            and (quarters.quarter or quarters.since) and context.table_query is not None:
        intent = "table"

    # Referents from the conversation.
    if not trusts and not ambiguous and context.trusts and intent in ("position", "movement", "whatif", "compare"):
        ordinal = re.search(r"\bthe (first|second|third|fourth|fifth|last|top) (one|trust|hospital)?\b", masked)
        if ordinal and len(context.trusts) > 1 and ordinal.group(1) in _ORDINAL_REF:
            index = _ORDINAL_REF[ordinal.group(1)]
            if -len(context.trusts) <= index < len(context.trusts):
                trusts, uses_context = [context.trusts[index]], True
        elif intent == "compare" and re.search(r"\b(the two|both|them|these|those)\b", masked) \
                and len(context.recent_trusts) >= 2:
            trusts, uses_context = list(context.recent_trusts[-2:]), True
        else:
            trusts, uses_context = [context.trusts[0]], True
    if intent == "compare" and len(trusts) + (1 if ambiguous else 0) < 2 and context.trusts:
        for code in context.trusts[:1]:
            if code not in trusts:
                trusts.insert(0, code)
                uses_context = True

    # Tables.
    table_query = None
    if intent == "table":
        if follow_up and context.intent == "table" and context.table_query is not None \
                and not intents.TABLE.search(masked):
            table_query, uses_context = context.table_query, True
        else:
            table_query = read_table_query(masked)
        if table_query.kind == "above":
            trusts = list(context.trusts[:1]) if not trusts else trusts[:1]
            uses_context = uses_context or bool(context.trusts)
        if table is None and table_query.subtype:
            table = subtype_table(table_query.subtype)
        if table is None and (follow_up or table_query.kind in ("best_non_specialist", "above")):
            table = context.table or (ACUTE if table_query.kind == "best_non_specialist" else None)
            uses_context = uses_context or table is not None
        if table is None and table_query.kind == "above" and trusts:
            table = finder.tables_by_code.get(trusts[0])

    # Follow-ups keep the quarter and metrics they do not restate.
    quarter, since = quarters.quarter, quarters.since
    if intent != "movement" and since and not quarter:
        quarter, since = since, None
    if intent == "movement" and quarter and not since and quarters.relative:
        quarter, since = None, quarter
    if quarter is None and follow_up and context.quarter and not quarters.relative:
        quarter, uses_context = context.quarter, True
    if not metrics and follow_up and context.metrics and intent == context.intent and (trusts or referent):
        metrics = list(context.metrics)

    needs_clarification = bool(ambiguous)
    candidates = [(code, finder.names_by_code[code]) for code in ambiguous]
    if intents.wants_trust(intent) and not trusts and not ambiguous:
        needs_clarification = True
    if intent == "compare" and len(trusts) < 2 and not ambiguous:
        needs_clarification = True

    changes, factors = whatif_changes(plain, metric_mentions, clean.text) if intent == "whatif" else ({}, {})
    target = _TARGET.search(masked) if intent == "whatif" else None
    premise = _premise(masked) if intent in ("position", "movement", "compare", "whatif") else None

    next_context = Context(
        trusts=tuple(trusts) or context.trusts,
        recent_trusts=remember(context.recent_trusts, trusts),
        quarter=quarter,
        metrics=tuple(metrics),
        intent=intent,
        table=table or (finder.tables_by_code.get(trusts[0]) if trusts else context.table),
        table_query=table_query,
        candidates=tuple(ambiguous) if ambiguous else (context.candidates if uses_context and not mentions
                                                       else ()),
    )
    return Understanding(
        intent=intent, trusts=trusts, candidates=candidates, needs_clarification=needs_clarification,
        metrics=metrics, quarter=quarter, since_quarter=since, unknown_quarter=quarters.unknown, table=table,
        audience_hint=_audience(masked, clean.text.lower()), table_query=table_query, whatif_changes=changes, whatif_factors=factors,
        whatif_without_override=bool(intent == "whatif" and _NO_OVERRIDE.search(masked)),
        target_segment=int(target.group(2)) if target else None, premise=premise, uses_context=uses_context,
        context=next_context, **base)



