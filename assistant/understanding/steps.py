"""``understand(question, context, store) -> Query``: one question read once, step by step.

1. ``read_words``: markup and control characters out, capped, slips mended, trusts found (the one resolver) and
   read as 'trustref'.
2. ``read_subject``: the tables named, the trusts (a name several trusts share becomes candidates), and the
   quarters, months and years named against the quarters held for the table in question.
3. ``read_decline``: out of scope in whole or in part.
4. ``read_shape_of``: the filters, order, limit and output of a table question; the measures named.
5. ``read_intent``: the intent (``intents.classify``, then what the conversation and the question's shape
   decide when the patterns do not).
6. ``build_query``: referents from the conversation (``referents``), the quarters of a move, why / one
   measure, the premise, the register and a what-if's changes (``details``), and whether to ask back.

Pure rules, no model; never raises.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.query import TRUST_INTENTS, ClaimOn, Filters, GroupClaim, Query
from assistant.session import Context
from assistant.understanding import intents
from assistant.understanding.declines import PARTIAL, decline_reason
from assistant.understanding.details import (MEASURE_CLAIM, PRESS, not_measured, read_asks, read_premise, read_register,
                                            read_whatif, without_the_override)
from assistant.understanding.mentions import find_trusts, masked, named_among, prefer, same_place
from assistant.understanding.metrics import find_metric_mentions, metric_ids
from assistant.understanding.quarters import QuarterReading, read_quarters, without_own_dates
from assistant.understanding.question import Said, clean_question, normalise, words
from assistant.understanding.referents import (PICKED_FROM_LIST, WHY_ALONE, carried_limit, continue_table, like_the_last_trust, movement_quarters,
                                               next_context, referent_to_a_trust, with_context)
from assistant.understanding.tables import (ACUTE, AMBULANCE, MHC, ambulance_serving, canonical_region, find_regions, find_subtypes, find_tables,
                                            read_filters,
                                            read_nth, read_shape, region_matches)
from assistant.understanding.vocabulary import vocabulary
from scoring.names import TrustFinder, TrustMention, trust_finder
from scoring.names.spelling import common_words, mend_words
from scoring.names.name_table import GENERIC
from scoring.quarters import Quarter

log = logging.getLogger(__name__)

_WHAT_EMPHATIC = re.compile(r"\b(wtf|wth|what the (hell|heck|fuck|f)|what on earth)\b", re.IGNORECASE)
_PERCENT_OF = re.compile(r"(?<![\d.])\s*%\s*of\b|(?<=\bwhat)\s*%")
# "the hospital in Bedford", "our local hospital in Lincoln" (not "Prospect Park Hospital in Reading")
_HOSPITAL_IN = re.compile(r"(?:^|\b(?:the|a|our|my|local|main|big|general) )hospital (in|at) ([a-z]+)\b")
# A follow-up that means nothing without a conversation before it ("why?", "which of those…?", "the one above
# them?", "and without the deficit rule?"): asked first, it is asked back
_LEANS_ON_CONTEXT = re.compile(r"^(and |so |but |ok |okay |what about |how about )*(why\??$|which of (those|them|these)\b|"
                               r"how many of (those|them|these)\b|(the|that) (one|trust|hospital) (just |directly )?(above|"
                               r"below|before|after|ahead of|behind)\b|the (other|second|third|first|last|bottom|top|lower|"
                               r"higher) one\b|without (the|that|its|their) (deficit rule|override|financial override|finance "
                               r"rule|rule)\??$|compare the two\b)")
ALL = 1000                                              # "list all …": every trust that matches, listed
_EVERY_ONE = re.compile(r"\b(list|name|show|give)( me| us)? (all|every|each)\b|\b(all|every one) of (them|those|the)\b|"
                        r"\b(full|whole|complete) list\b")
# "what about the community one?" after one trust: that kind of trust in the same place
_THE_KIND_ONE = re.compile(r"^(and |what about |how about |so )?(the|their|its) (community|mental health|hospital|acute|"
                           r"teaching|children s|childrens) (one|trust)\b")
# "and the mental health trust down there", "the hospital trust in that area": another table's trust, same place
_THE_ONE_THERE = re.compile(r"\bthe (\w+ ){1,4}(trust|one|provider|service)s? (\w+ )?(there|in that area|round there|"
                            r"near there|in the same area|nearby|local to (it|them))\b")
# "the A&E at Yeovil District Hospital", "the a&e wait at wythenshawe": one hospital's own emergency department
_AE_AT_A_SITE = re.compile(r"\b(a and e|a e|emergency department|casualty)( \w+){0,3} (at|in) (the )?trustref\b|"
                           r"\btrustref (s )?(a and e|a e|emergency department)( \d+ hour| four hour)? (figures|performance|"
                           r"waits?|waiting times?|score|times?)\b")
_AT_THE_END = re.compile(r"\bthe (one|trust|hospital) at the (top|bottom)\b", re.IGNORECASE)   # "the bottom one"
_TIER = re.compile(r"\btier(s?)\b", re.IGNORECASE)                     # "tier two": the press's word for a segment
_EXPLICIT_FUTURE = re.compile(r"\bnext (quarter|year|time|table)\b|\bpredict|\bforecast|\bin the future\b|\bgoing to\b")
_FIRST_PERSON = re.compile(r"\b(we|we re|were we|our|us|ours|my trust|our trust)\b")
_NHS_WORDS = re.compile(r"\b(segments?|override|metrics?|measures?|trusts?|hospitals?|nhs|deficit|oversight|"
                        r"ambulance|mental health|league tables?)\b")
_ICB = re.compile(r"\bicbs?\b|\bintegrated care (boards?|systems?)\b|\bsystems? (scores?|scored|overall|rank\w*|ratings?|"
                  r"positions?|league)\b|\b(the|our|their|each|every|which) (\w+ ){0,2}systems? (score|scores|do|does|did|"
                  r"rank|ranks|compare|doing|performing|faring|fares)\b")
_REGISTER_ONLY = re.compile(r"\b(sentences?|lines?|quotes?|quotable|statement|press release|summary|sound ?bite|"
                            r"paragraph)\b")
# A declined part ("who is the best surgeon at X?") keeps the position only when the position is also asked.
_ASKS_POSITION = re.compile(r"\b(rank\w*|rated (badly|poorly|well|highly|low|high|so)|position|segment|placed|doing|how good|(is|are) (the (trust|hospital)|it|they|trustref) (\w+ )?any good|(league )?tables? (agree|says?|shows?)|how (is|are) (it|they|trustref)|"
                            r"where (is|does|do|are)|score\w*|(league|table) (position|place)|in the (league )?"
                            r"tables?)\b")
# A forecast about the method ("will quartiles still be used next year?") is answerable; one about positions is not.
_FORECAST_OF_METHOD = re.compile(r"\b(quartiles?|thresholds?|method\w*|rules?|metrics?|override|icbs?|framework|"
                                 r"cut ?points?|2026)\b")
_FORECAST_OF_POSITIONS = re.compile(r"\b(top|bottom|segment \d|rank\w*|position|first|last|best|worst)\b")
_GENERAL_TOPIC = re.compile(r"\bwhat (is|are|does)\b.*\b(mean|override|segment|likely range|metric|score|table)s?\b|"
                            r"\bhow (are|is|do|does) (the )?(league )?tables?\b")
_UNCLEAR = re.compile(r"[a-z]")
_THERE = re.compile(r"\b(up|down|over|round|around|out|in) there\b|(?<!are )(?<!is )(?<!were )(?<!was )\bthere\b"
                    r"(?! (is|are|was|were|any)\b)|\b(that|the same|this) (region|area|part of the country|patch)\b|"
                    r"\b(in|of|across|for) the (region|area)\b(?! of)|\b(our|their|its|my) (region|area|patch|neck of the "
                    r"woods)\b")
_OVERALL = re.compile(r"\boverall\b|\bas a whole\b|\bthe whole trust\b|\bin the (league )?table\b")
_SUPERLATIVE_CLAIM = re.compile(r"^(is|was|are|were|isn t|isnt|wasnt) (it|that|they|this|trustref|we|that one|this one)"
                                r"( still| really| now| actually| definitely)? (the )?(?P<word>best|worst|top|bottom|"
                                r"highest|lowest)\b")
_REGION_CLAIM = re.compile(r"\b(the )?(?P<word>best|worst|top|bottom|highest|lowest)( \w+){0,2} (in|of) (our|its|their|the) "
                           r"(region|area)\b|\b(the |our |its |their )(region|area)( s|s)? (?P<word2>best|worst|top|bottom|"
                           r"highest|lowest)\b")
_ALL_CLAIM = re.compile(r"(\b(every|all( of)?( the)?|each) (\w+ ){0,6}(trusts?|hospitals?|ones?)\b.*\b(is|are|were|was|"
                        r"in|on|got|have|had|being)|\b(are|were) (the )?(\w+ ){0,6}(trusts?|hospitals?|ones?) all)"
                        r" (all |still )?(in )?(segment [1-4]|(the )?(top|bottom) segment|"
                        r"(financial )?deficit|the red|debt|deficit support|held back|capped|hit by the (financial )?"
                        r"override)\b")
# "more than half of mental health trusts are in deficit?", "most acute trusts are held back, right?"
_MOST_CLAIM = re.compile(r"\b(more than|over|at least) half\b|\bthe majority\b|\bmajority of\b|"
                         r"^(is it true (that )?|so |surely )?most (of )?(the )?(\w+ ){0,5}(trusts|hospitals|ones)( \w+){0,3} (are|were)\b")
_UNDER_HALF_CLAIM = re.compile(r"\b(less|fewer) than half\b|\bunder half\b|\ba minority\b|\bonly a minority\b")
# Where a claim's condition is named, each condition an "all" claim can be about: the one named last is the claim
# ("is every trust in the bottom segment in deficit?" is about the deficit, of the trusts in segment 4).
_CLAIM_WORDS: dict[ClaimOn, re.Pattern[str]] = {
    "segments": re.compile(r"\bsegments?\b|\bsegs?\b|\btiers?\b"),
    "in_deficit": re.compile(r"\bdeficits?\b|\bin the red\b|\bin debt\b|\boverspen"),
    "override_applied": re.compile(r"\bheld back\b|\bcapped\b|\boverride\b"),
}
_NONE_CLAIM = re.compile(r"^(so |is it (true|right|correct|the case) (that )?|true or false:? |am i right (that |in saying )?)?"
                         r"(no|none of the|not (a single|one)) (\w+ ){0,4}(trusts?|hospitals?|ones?)\b|"
                         r"\b(there (are|is|were|was|s)|theres) no (\w+ ){0,4}(trusts?|hospitals?)\b")
_OUR_MEASURES = re.compile(r"\b(our|its|their|my|his|her) (\w+ )?(measures|metrics|scores|indicators|weak(est)? "
                           r"(spots|areas|points)|worst (areas|measures|metrics))\b|"
                           r"\b(score|scores|average|figure|figures|number|numbers)( \w+)? (behind|for|of) (that|it|this|"
                           r"them)$")                   # "what's the average score behind that?"
_ARE_THEY_ALL = re.compile(r"\b(and )?(are|were|is) (they|these|those|them) (all|each|both|every one)\b.*$")
_ITS_RANGE = re.compile(r"(^|\b(solid|reliable|robust|right|sure) )(and |so |but )?(is|are|how wide is|how big is|what s|whats|"
                        r"what is) (the|its|their|our|my) likely (rank |position )?ranges?\b(?! mean)|"
                        r"^(is|how) (that|its|their|the) (rank|ranking|position|place) (solid|reliable|robust|certain)\b")
_ALL_OF_A_NAME = re.compile(r"\b(the|all( the)?|both( the)?) trustref (trusts|hospitals|ones)\b")
_EITHER_OF = re.compile(r"\b(either|both|each|neither|any) of (those|them|these|the two)\b|\bthe pair\b")
# "by how much?", "what's the gap?" after two trusts were compared: the same comparison
_HOW_FAR_APART = re.compile(r"^(and |so |ok |okay |but )?((by )?how (much|many places|far)( better| worse| higher| lower| "
                            r"apart| ahead| behind| in it)?|what s the (gap|difference)|how big is the (gap|difference)|"
                            r"is it close|how close (is it|are they))\b")
# "will Kingston move up in Q3?" asks for a forecast of a move: declined ("will it be top in 2027?" is not held)
_WILL_MOVE = re.compile(r"\b(move|moving|rise|rising|fall|falling|drop|dropping|improve|improving|climb|climbing|go up|"
                        r"go down|get better|get worse|slip|recover)\b")
_OUR_GROUP = re.compile(r"\b(our|my) (table|region|area|patch|league|kind|type|peers|sort)\b|\blike (us|ours)\b")
_PULLING_NOW = re.compile(r"\b(s|is|are) (\w+ )?(pulling|dragging|holding|keeping|letting|hurting)\b|"
                          r"\b(pulling|dragging) (it|us|them) down\b(?! (then|in|back))")
_BETTER_OR_WORSE = re.compile(r"\b(was|were|is|did) (it|they|we|trustref) (\w+ )?(better|worse|higher|lower|"
                              r"do better|do worse)\b")
_WHERE_WITHOUT_IT = re.compile(r"\b((where|what|which)( segment| place| rank| position)?|how (far|much|many places)( up| down)?)"
                               r" would\b.*\bwithout (it|that|that rule|them)\b")
_REGION_PEERS = re.compile(r"\bthe (hospitals|trusts) (round|around|near) (here|us|me)\b|"
                           r"\b(ranking|rankings|list|table|league table|order|positions) (of )?(all )?(the )?(other )?(trusts|"
                           r"hospitals|providers) in (our|my) (region|area|patch)\b|"
                           r"\bother (trusts|hospitals) in trustref( s)? region\b|"
                           r"\b(vs|versus|against|compared? (to|with)|and) (all )?(the )?other (trusts|hospitals|ones|providers) "
                           r"in (our|its|their|the same) region\b|\bregional (peers|neighbours|rivals)\b|\b(the )?other "
                           r"(trusts|hospitals|ones) in trustref s region\b|\b(how|what) about (the |all the )?(others|rest|other trusts|other hospitals|other ones)( \w+){0,2} "
                           r"(in|across|around|of) (the|our|its|their|that|this) (region|area|patch)\b|\b(compare[sd]?|stack up|doing|fare|rank\w*) (with|to|against|among|amongst) (the )?(others|other "
                           r"trusts|the others|rest|trusts|everyone( else)?|neighbours)( \w+){0,2} (in|of|across|around) "
                           r"(our|its|their|the|my|that|this) (region|area|patch)\b|\b(compared?|comparison) (with|to) "
                           r"the rest of (the|our|its|their) region\b|\bthe rest of (the|our|its|their) region\b|"
                           r"\b(compare[sd]?|stack up|doing|fare|rank\w*) (with|to|against|among|amongst) (the )?other "
                           r"(\w+ ){0,3}(trusts|ones|providers|hospitals) (in|across|of) (the )?(north|south|east|west|"
                           r"midlands|london|yorkshire)\b|\b(vs|versus|against|and|compared? (to|with)) the rest of (the |our |its )?"
                           r"(north east|north west|south east|south west|east of england|east|midlands|london|"
                           r"yorkshire)\b|"
                           r"\b(compare[sd]?|stack up|doing|fare|rank\w*|come|comes|sit|sits|stand|stands|place[sd]?) "
                           r"(with|to|against|among|amongst) (the )?(others|rest|everyone( else)?|(\w+ ){0,2}(trusts|hospitals|"
                           r"ones|providers)) (in|across|of) (the |its |their |our )?(north|south|east|west|midlands|london|"
                           r"yorkshire|ne|nw|se|sw|region|area)\b")
_THE_ONES = re.compile(r"^(and |so |ok |now )?(list|show|name|give me|which are|what are|who are) (me )?(the|those) ones\b|"
                       r"^(and |so )?the ones (in|from|that)\b")
_AGAINST_THE_REST = re.compile(r"\b(everywhere|everyone|everybody|anywhere|anyone) else\b|\b(all )?the (others|rest)\b(?! of)|"
                               r"\b(all )?other (trusts|hospitals)\b(?! in)|\bthe (national )?average\b|\bnationally\b|"
                               r"\bthe (whole )?country\b")
_BOTH = re.compile(r"\b(them|both|the two|those two|these two|the pair)\b")
# "is it higher than the Royal Free?" after a turn about another trust: the two compared
_IT_AGAINST_THEM = re.compile(r"\b(is|was|are|were) trustref (still |now |really )?(ahead of|behind|above|below|"
                              r"higher than|lower than|better than|worse than|beating|beaten by) (them|it|that one|"
                              r"this one|that trust|those)\b")
# "is the Lister in Stevenage any better?" after another trust: the two compared
_ANY_BETTER = re.compile(r"^(so |and |but |well )?(is|are|was|were) (the )?trustref (\w+ ){0,2}(any|much|a lot|a bit|really) "
                         r"(better|worse)\b")
_AGAINST_IT = re.compile(r"\b(is|was|are|were|does|did|do) (it|they|we|that one|this one|that trust) (still |now |really )?"
                         r"(\w+ )?(higher|lower|better|worse|above|below|ahead of|behind|beat|beating|outrank\w*)\b")
_EACH = re.compile(r"\beach\b|\bper region\b|\brespectively\b|\bin both\b|\bseparately\b")
# "latest position and last year's", "now vs 2024": the trust now beside a year named
_NOW_AND_THEN = re.compile(r"\b(latest|current|currently|now|nowadays|today|these days|this year|vs|versus|compared (to|"
                           r"with)|against)\b|(?<=\w )and (what|where|how) (was|were|did) (it|they|we)\b")
# "is DRI really lower than Rotherham General?": a claim that the first trust is placed below (or above) the second
_ORDER_CLAIM = re.compile(r"\btrustref (is |was |s |are |were )?(really |actually |still |now |genuinely )?(ranked |placed |"
                          r"rated |doing |performing |sitting )?(?P<word>lower|worse|below|behind|higher|better|above|"
                          r"ahead)( placed| ranked)? (than|of) trustref\b")
_WHAT_IT_MEANS = re.compile(r"\bwhat does (that|this|it) (actually |really |even )?mean\b|\bwhat does it mean (when|if|that|"
                            r"for a)\b|\bwhat (is|s) meant by\b")
# "unadjusted segment vs adjusted segment": two figures of one trust set side by side
_TWO_FIGURES = re.compile(r"\b(segment|rank|score|position)s? (vs|versus|against|compared (to|with)|and) (its |the |their )?"
                          r"(\w+ )?(segment|rank|score|position)s?\b")
_SAME_AGAIN = re.compile(r"^(and |but |so )?(was|is|were|would) (it|that|this) (\w+ )?the same\b")   # after a table answer
_ABOUT_A_PLACE = re.compile(r"\b(piece|story|article|feature|report|focus|covering|cover|about)\b")
# "of the segment 4 hospital trusts, how many …", "what share of the segment 3 trusts are …": a segment as the group
_SEGMENT_GROUP = re.compile(r"\b(of|among|amongst) (the |all (the )?|those (in )?)?segment [1-4]\b|"
                            r"^(\w+ ){0,3}segment [1-4] (\w+ ){0,3}(trusts|hospitals|ones),? (how many|what share|what "
                            r"proportion)\b")
_STILL_OR_NOW = re.compile(r"\b(still|now|these days|any more|anymore|today|as well|too|also|again)\b")



def claimed_condition(text: str, filters: Filters) -> ClaimOn | None:
    """Which of the question's conditions an "all" claim is about: of those the filters set, the one named last."""
    set_by_filters: dict[ClaimOn, bool] = {"segments": bool(filters.segments), "in_deficit": filters.in_deficit is True,
                                           "override_applied": bool(filters.override_applied)}
    named = [(match.start(), on) for on, words in _CLAIM_WORDS.items() if set_by_filters[on]
             for match in words.finditer(text)]
    return max(named)[1] if named else None

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


@dataclass
class Reading:
    """What the steps have worked out about one question so far."""

    said: Said
    n_words: int
    finder: TrustFinder
    mentions: list[TrustMention]
    question_words: list
    base: dict                                  # the question text, whether it was cut short, uses_context
    tables: tuple[str, ...] = ()
    trusts: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    quarters: QuarterReading = field(default_factory=QuarterReading)
    latest: Quarter | None = None               # the latest quarter the data holds
    latest_held: Quarter | None = None          # the latest quarter the table in question holds
    reason: str | None = None
    filters: Filters = field(default_factory=Filters)
    order: str | None = None
    limit: int | None = None
    nth: int | None = None
    output: str = "list"
    metric_mentions: list = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    follow_up: bool = False
    pronoun: bool = False                       # "it", "they", "that one": points back to a trust
    may_inherit: bool = False                   # names no trust, table or topic of its own
    has_referent: bool = False                  # points back to a trust the conversation has
    intent: str | None = None
    table_follow_up: bool = False
    forecast: bool = False                      # asks where a trust will be in a table not yet published
    region_list: bool = False                   # "and the mental health trusts there?": the last list's region


def _read(question: object, context: Context, store) -> Query:
    reading = read_words(question, store)
    if isinstance(reading, Query):
        return replace(reading, context=context)
    for step in (read_subject, read_decline, read_shape_of, read_intent):
        answered = step(reading, context, store)
        if answered is not None:                # decided already: declined, ICBs, or nothing understood
            return answered if answered.context != Context() else replace(answered, context=context)
    return build_query(reading, context, store)


def read_words(question: object, store) -> Reading | Query:
    """The question cleaned, slips mended, trusts found; a Query when there is nothing to read."""
    clean = clean_question(question)
    base: dict = {"question": clean.text, "truncated": clean.truncated}
    if not clean.text:
        return Query("out_of_scope", decline="empty", **base)
    text = _PERCENT_OF.sub(" percent of", clean.text)   # "what % of trusts": a share
    text = _WHAT_EMPHATIC.sub("what", text)              # "wtf is an adjusted segment?" asks what it is
    text = _AT_THE_END.sub(r"the \2 \1", _TIER.sub(r"segment\1", text))
    question_words = words(text)
    if not question_words or not _UNCLEAR.search(" ".join(w.norm for w in question_words)):
        return Query("help", needs_clarification=True, **base)
    finder = trust_finder(store)
    site = _HOSPITAL_IN.search(text.lower())
    if site and f"{site.group(2)} hospital" in finder.table.names:    # "the hospital in Bedford": Bedford Hospital
        question_words = words(text[:site.start()] + f" {site.group(2)} hospital " + text[site.end():])
    elif site:                                          # "the hospital in Lincoln": the one acute trust based there
        acute = [code for code in finder.table.places.get(site.group(2), ()) if finder.tables_by_code[code] == ACUTE]
        if len(acute) == 1:
            question_words = words(text[:site.start()] + f" {finder.names_by_code[acute[0]]} " + text[site.end():])
    question_words = mend_words(question_words, vocabulary(store))
    mentions = finder.find(question_words)
    marked = masked(question_words, mentions)
    said = Said(clean.text, marked, " ".join(marked.replace("trustref", " ").split()))
    return Reading(said, len(question_words), finder, mentions, question_words, base)


def read_subject(r: Reading, context: Context, store) -> None:
    """The tables and trusts named, the quarters against those the table in question holds, and whether the
    question points back into the conversation."""
    r.tables = find_tables(r.said.plain)
    r.trusts, r.ambiguous = find_trusts(r.mentions, r.finder, r.tables, r.said.plain, context, r.question_words)
    if not r.trusts and not r.ambiguous and r.tables == (AMBULANCE,) and _ONE_SERVICE.search(r.said.plain):
        r.trusts, r.ambiguous = _ambulance_service_of(r.said.plain, r.finder)
    elif r.tables == (AMBULANCE,) and _SERVICE_FOR_A_PLACE.search(r.said.masked) and (r.trusts or r.ambiguous) and \
            not any(r.finder.tables_by_code.get(code) == AMBULANCE for code in r.trusts + r.ambiguous):
        # "the ambulance trust for Cornwall": the place names hospitals; the ambulance trust serving them is meant
        serving = sorted({amb for code in r.trusts + r.ambiguous for amb in ambulance_serving(r.finder, code)})
        r.trusts, r.ambiguous = (serving, []) if len(serving) == 1 else ([], serving)
    elif not r.trusts and not r.ambiguous and len(r.tables) == 1 and len(context.trusts) == 1 and (
            _THE_ONE_THERE.search(r.said.plain) or _THE_KIND_ONE.search(r.said.plain)) and not context.candidates:
        # "and the mental health trust down there": one is that trust, several are asked back
        kinds = find_subtypes(r.said.plain)
        found = _same_area(r.finder, context.trusts[0], r.tables[0], kinds[0] if len(kinds) == 1 else None)
        r.trusts, r.ambiguous = (found, []) if len(found) == 1 else ([], found)
    subject_table = (r.tables[0] if len(r.tables) == 1 else
                     r.finder.tables_by_code.get(r.trusts[0]) if r.trusts else
                     context.tables[0] if len(context.tables) == 1 else None)
    held = store.quarters_of(subject_table) if subject_table else list(store.quarters)
    own = without_own_dates(r.said.masked)
    if own != r.said.masked:                             # "having my baby there in March": not a quarter asked
        r.said = replace(r.said, masked=own, plain=" ".join(own.replace("trustref", " ").split()))
    r.quarters = read_quarters(r.said.masked, held or list(store.quarters),
                               anchor=context.quarter or context.counted_from or context.selected,
                               subject_wide=subject_table is None)
    r.latest = max((Quarter.from_label(q) for q in store.quarters), default=None)
    r.latest_held = max((Quarter.from_label(q) for q in held), default=r.latest)
    r.follow_up = bool(intents.FOLLOW_UP.search(r.said.masked)) and r.n_words <= 12
    r.pronoun = referent_to_a_trust(r.said.masked)
    names_its_own = (bool(r.tables) and not r.pronoun) or bool(_GENERAL_TOPIC.search(r.said.masked))
    r.may_inherit = not r.trusts and not r.ambiguous and not names_its_own
    points_back = bool(intents.REFERENT.search(r.said.masked)) or r.follow_up
    r.has_referent = r.may_inherit and points_back and bool(
        context.trusts or context.candidates or (context.listed and PICKED_FROM_LIST.search(r.said.masked)))


_WHY_THE_END = re.compile(r"\bwhy (is|was|does|did) the (top|bottom|best|worst|last|first|lowest|highest|number one) "
                          r"(\w+ ){0,6}?(trust|hospital|one|provider)\b")
# a kind of trust, with a trust as an example: the method's answer, not one trust's position
_WHY_A_KIND = re.compile(r"^why (are|do|does|is it that) (the )?(\w+ ){0,3}(trusts|hospitals|ones|providers) (like|such as)\b")
# "why do they come top?" after a list: why trusts like those do well or badly
_WHY_DO_THEY = re.compile(r"^(so |and |but )?why (do|are|did|were) (they|these|those|these trusts|those trusts) (all )?"
                          r"(come|at|on|in|top|bottom|near|so|do|score|always)\b")
# "list every trust in segment 1" asks for the list; "every specialist trust is in segment 1?" is a claim
_ASKS_FOR_A_LIST = re.compile(r"^(please )?(list|show|name|give|tell me|which|what are|who are)\b")
# "and the worst one?" after a one-trust list: the other end of the same table question
_THE_END_ONE = re.compile(r"^(and |so |what about |ok )?(the )?(best|worst|top|bottom|last|lowest|highest) (one|trust)\b")
# a short follow-up in a talk about one trust: "so who is second worst", "who was bottom then?", "and the best?"
_IN_THAT_TALK = re.compile(r"^(so|and|but|ok|okay|then|well)\b|\bthen\??$")
_SAME_FOR = re.compile(r"^(and |now |ok |okay |so )?(the |do the |do )?same (again |question |thing |for that )?(for|with|in|about) (the )?")
# "which is better?", "which one's higher?" after two trusts were talked about
# "and the other one, are they in deficit?" after two compared: that one alone
_ONE_OF_THE_TWO = re.compile(r"\bthe (other|first|second|lower|higher|better|worse) one\b")
# "compare those two" after two trusts' answers
_COMPARE_THE_TWO = re.compile(r"\b(compare|comparing|comparison|versus|vs|side by side|against each other)\b")
_WHICH_OF_THE_TWO = re.compile(r"^(so |and |ok |okay )?(which|who) (one |trust |of them |(of (the|those|these) two|of those) "
                               r"(hospitals |trusts |ones )?)?(is|s|was|"
                               r"does|did|comes?|came|ranks?|ranked)( doing)? (better|best|worse|worst|higher|lower|"
                               r"ahead|above|on top|ranked higher|ranked lower|further up|further down)\b")
# "the one above it?", "who is directly below them": one trust, not a list
_ONE_NEXT = re.compile(r"\bthe (one|trust|hospital) (just |directly |right |immediately )?(above|below|ahead of|behind)\b|"
                       r"\b(who|which trust|what trust|which one) ?(is|s|was) (directly|right|immediately|just) "
                       r"(above|below|ahead of|behind) (it|them|us|trustref)\b|\b(the )?next one (up|down)\b|"
                       r"^(and |so |ok )?(who s|who is|whos|which is|what s) (directly|right|immediately|just) "
                       r"(above|below|behind|ahead)$")
# "the 999 service in the north west", "our ambulance trust in the midlands": one region's ambulance trust
_ONE_SERVICE = re.compile(r"\b(the|our|my|their|local) (\w+ ){0,3}(ambulance|999) (service|trust|one|crews?)\b(?!s)|"
                          r"\bthe (\w+ ){0,3}paramedics\b")


# "the ambulance trust for Cornwall", "the 999 service in Kent": the one serving the place named
_SERVICE_FOR_A_PLACE = re.compile(r"\b(ambulance|999) (service|trust|one)s? (for|in|near|around|covering|serving|that "
                                  r"covers|that serves) (the )?trustref\b(?! and)")


def _ambulance_service_of(plain: str, finder: TrustFinder) -> tuple[list[str], list[str]]:
    """(the trust, or the candidates) that serve the regions named: the North West has one ambulance trust,
    the Midlands two."""
    services = [code for code, table in finder.tables_by_code.items() if table == AMBULANCE]
    by_name = [code for code in services if re.search(rf"\b{_served_area(finder, code)}\b", plain)]
    if len(by_name) == 1:                               # "the west midlands paramedics": its name says so
        return by_name, []
    regions = find_regions(plain)
    codes = [code for code in services
             if any(region_matches(finder.regions_by_code.get(code, ""), region) for region in regions)]
    return (codes, []) if len(codes) == 1 else ([], codes)


_NAMED_PLACE = re.compile(r"\b((?:\w+ ){1,3})(?:general |district |county |royal |community |university |memorial )*"
                          r"(hospital|infirmary|hospitals nhs trust|nhs trust|nhs foundation trust)\b(?!s)")


def _an_unknown_hospital(typed: str, known: frozenset[str]) -> bool:
    """The question names a hospital or trust we do not know ("St Swithin's General Hospital", "Barsetshire
    Hospital"): a saint's name, or a capitalised word, just before "(general) hospital" that is no ordinary word, no
    word of our own vocabulary and not one trusts' names share."""
    for found in _NAMED_PLACE.finditer(normalise(typed)):
        before = [w for w in found.group(1).split() if w not in GENERIC]
        if not before or len(before[-1]) < 5 or before[-1] in known or before[-1] in common_words():
            continue
        said = found.group(1).split()
        at = len(said) - 1 - said[::-1].index(before[-1])
        saint = at > 0 and said[at - 1] in ("st", "saint")
        capital = re.search(rf"\b{re.escape(before[-1][0].upper() + before[-1][1:])}\b", typed)   # as typed
        if saint or capital:
            return True
    return False


def _same_area(finder: TrustFinder, code: str, table: str, kind: str | None = None) -> list[str]:
    """The trusts of ``table`` whose names share a place with ``code``'s, in the same region (Dorset County
    Hospital -> Dorset HealthCare; Leeds Teaching Hospitals -> the two Leeds trusts)."""
    if finder.tables_by_code.get(code) == table and kind is None:
        return []
    places = set(finder.names_by_code[code].lower().replace(",", " ").split()) - GENERIC - {"nhs", "the"}
    region = finder.regions_by_code.get(code)
    found = [other for other, name in finder.names_by_code.items()
             if other != code and finder.tables_by_code.get(other) == table and finder.regions_by_code.get(other) == region
             and (kind is None or finder.subtypes_by_code.get(other) == kind)
             and places & set(name.lower().replace(",", " ").split())]
    return found


def _served_area(finder: TrustFinder, code: str) -> str:
    """'west midlands' for West Midlands Ambulance Service University NHS Foundation Trust."""
    name = finder.names_by_code.get(code, "").lower()
    return re.escape(name.split(" ambulance")[0].strip()) if " ambulance" in name else "(?!)"


def read_decline(r: Reading, context: Context, store) -> Query | None:
    """A Query when the whole question is declined; a question declined in part goes on (``r.reason``)."""
    text = r.said.masked
    future = bool(r.quarters.quarter and r.latest and Quarter.from_label(r.quarters.quarter) > r.latest)
    reason = decline_reason(text, future_quarter=future, about_a_trust=bool(context.trusts) and r.may_inherit)
    if reason == "prediction" and intents.WHATIF.search(text) and not (_EXPLICIT_FUTURE.search(text) or future):
        reason = None
    if reason == "prediction" and _FORECAST_OF_METHOD.search(text) and not _FORECAST_OF_POSITIONS.search(text):
        reason = None                                   # "will quartiles still be used next year?" is about method
    if reason == "not_covered" and r.trusts and not re.search(r"\b(in|near|around) trustref\b", text):
        reason = None                       # "my GP referred me to NHFT, are they any good?" is about the trust
                                            # ("a dentist in Hull" is not about the Hull trust)
    if reason == "unrelated" and ((not r.trusts and _NHS_WORDS.search(text)) or PRESS.search(text)):
        reason = None                       # "the override: is it fair?", "a quotable line for a story" are ours
    if reason == "prediction" and not intents.WHATIF.search(text) and not _WILL_MOVE.search(text) and (
            r.trusts or (context.trusts and r.may_inherit and (r.pronoun or r.follow_up or bool(_FIRST_PERSON.search(text))))):
        r.forecast, reason = True, None                 # "where will X be next year?": not held, and its latest
    if reason == "one_site" and context.trusts and r.may_inherit and re.search(r"\bthere\b", text):
        r.has_referent = True                           # "how is the children's ward there?": that trust's ward
    if reason == "choose_provider" and len(r.trusts) == 1 and re.search(r"\b(in|near|around) trustref\b", text):
        r.trusts = []                       # "which hospital should I go to for my hip op in Kent?": a place, not a trust
    if reason == "choose_provider" and not r.trusts:
        r.has_referent = False              # "should she switch to a different service?": declined, whoever "she" sees
    partial = reason in PARTIAL and (reason in ("safety", "choose_provider", "one_site") or _ASKS_POSITION.search(text))
    if reason == "choose_provider" and len(r.trusts) > 1 and not _ASKS_POSITION.search(text) and not re.search(
            r"\b(which|better|best|safer|worse|compar\w*|choos\w*|choice|help)\b", text):
        partial = False                     # "should I go to Frimley Park or the Royal Surrey for my hip?": a choice
    if reason and not (partial and (r.trusts or r.ambiguous or (r.has_referent and context.trusts))):
        # a trust named in a declined question is still the one "that hospital" means next
        named = context.after_answer(trusts=r.trusts) if r.trusts else context
        return Query("out_of_scope", decline=reason, **(r.base | {"context": named}))
    r.reason = reason
    return None


def read_shape_of(r: Reading, context: Context, store) -> None:
    """The filters, order, limit and output of a table question, and the measures named."""
    claim = _ARE_THEY_ALL.search(r.said.masked)         # "top three, and are they all specialists?" asks, not filters
    asked = r.said.masked[:claim.start()] if claim and claim.start() > 0 else r.said.masked
    r.filters = read_filters(asked)
    r.order, r.limit, r.output = read_shape(r.said.masked)
    placed = r.filters.placed
    if placed and r.output == "list" and not replace(r.filters, placed=None) and not placed.endswith("half"):
        end, _, n = placed.partition(" ")                # "who else is in the bottom three?" is the bottom three
        r.filters, r.order, r.limit = replace(r.filters, placed=None), end, int(n)
    if r.output == "list" and r.limit is None and _EVERY_ONE.search(r.said.masked):
        r.limit = ALL                                    # "list all the hospitals held back by the override"
    nth = read_nth(r.said.masked)
    if nth and r.output == "list":                       # "who is the second worst?": that one trust
        (r.order, r.nth), r.limit = nth, 1
    r.metric_mentions = find_metric_mentions(r.said.plain, r.said.text)
    if r.filters.override_applied or r.filters.in_deficit is not None:
        # "held back by the deficit cap": the deficit names the group, not the finance measure
        r.metric_mentions = [m for m in r.metric_mentions
                             if r.said.plain[m.start:m.end] not in ("deficit", "finances", "finance", "money", "debt")]
    r.metrics = metric_ids(r.metric_mentions)


def _places_written_about(r: Reading) -> bool:
    """Every trust named is in the region asked about and is named as what a piece is about ("for a piece on
    Greater Manchester and Lancashire"), not as a trust asked about."""
    previous = None
    for m in r.mentions:
        before = [w.norm for w in r.question_words[max(0, m.start - 4):m.start]]
        chained = previous is not None and [w.norm for w in r.question_words[previous.end:m.start]] in (["and"], ["or"])
        in_region = all(any(region_matches(r.finder.regions_by_code.get(c, ""), region) for region in r.filters.regions)
                        for c in m.codes)
        if not in_region or not (chained or _ABOUT_A_PLACE.search(" ".join(before))):
            return False
        previous = m
    return True


def read_intent(r: Reading, context: Context, store) -> Query | None:
    """The intent; a Query when the answer is decided already (ICBs, or nothing understood)."""
    text = r.said.masked
    if (r.ambiguous or r.trusts) and r.order and r.limit and r.filters.regions and r.mentions and \
            _places_written_about(r):
        # "bottom three in the North West, for a piece on Greater Manchester and Lancashire": places, not trusts
        r.trusts, r.ambiguous = [], []
    if _LEANS_ON_CONTEXT.search(text) and not (r.trusts or r.ambiguous or r.tables) and not (
            context.trusts or context.table_query or context.candidates or context.listed or context.intent):
        return Query("help", needs_clarification=True, nothing_before=True, **r.base)   # "which of those…?" first
    if not (r.trusts or r.ambiguous or r.reason) and _an_unknown_hospital(r.said.text, vocabulary(store).words):
        return Query("position", needs_clarification=True, **r.base)   # "where is St Swithin's General ranked?"
    if _ICB.search(text) and not r.reason:
        # "NHS Kent and Medway ICB" names the board, not the Kent and Medway trusts; "the ICB for the area
        # Mersey Care is in" names a trust
        boards = {code for m in r.mentions for code in m.codes
                  if [w.norm for w in r.question_words[m.end:m.end + 2]][:1] in (["icb"], ["integrated"], ["system"])}
        trusts = tuple(code for code in r.trusts if code not in boards)
        return Query("position" if trusts else "table", trusts=trusts, not_held=("integrated care board rankings",),
                     **r.base)
    if context.candidates and (r.trusts or r.ambiguous):
        named = set(r.trusts) | set(r.ambiguous) | {c for m in r.mentions for c in m.codes}
        among = tuple(c for c in context.candidates if c in named)
        if len(among) == 1:                              # "the one in Burton"
            r.trusts, r.ambiguous, r.has_referent = [among[0]], [], True
            r.base["uses_context"] = True
    region_list = context.table_query.filters.regions if context.table_query and (
        context.intent == "table" or re.search(r"\b(trusts|ones|hospitals|services) (there|in that area|round there)\b",
                                               text)) else ()   # "what about the mental health trusts there?"
    if not r.trusts and not r.ambiguous and r.tables and region_list and not r.filters.regions and \
            _THERE.search(text):
        members = [code for code, table in r.finder.tables_by_code.items() if table == r.tables[0] and any(
            region_matches(r.finder.regions_by_code.get(code, ""), region) for region in region_list)]
        if len(members) == 1:                            # "the ambulance trust for the area": the one there
            r.trusts, r.has_referent = members, True
            r.base["uses_context"] = True
        else:                                            # "and the ambulance services there?": the region's list
            r.filters = replace(r.filters, regions=region_list)
            r.region_list = True
    elif not r.trusts and not r.ambiguous and r.tables and context.trusts and _THERE.search(text):
        nearby = same_place(context.trusts[0], r.tables[0], r.finder)
        if not nearby and r.tables[0] == AMBULANCE:      # "and the ambulance service there?": the one serving it
            serving = ambulance_serving(r.finder, context.trusts[0])
            nearby, r.ambiguous = (serving, []) if len(serving) == 1 else ((), list(serving))
        if len(nearby) == 1:                             # "and the mental health trust there?" after Hull's hospitals
            r.trusts, r.has_referent = [nearby[0]], True
            r.base["uses_context"] = True
    if context.own and not r.trusts and not r.ambiguous and _FIRST_PERSON.search(text) and not r.tables and \
            r.output == "list" and not _OUR_GROUP.search(text):
        r.trusts, r.has_referent = [context.own], True   # "ok back to us": the trust the user speaks for
        r.base["uses_context"] = True
    if context.candidates and not r.trusts and not r.ambiguous:
        picked = prefer(context.candidates, r.finder, r.tables, r.said.plain)
        by_name = named_among(context.candidates, r.finder, r.question_words)
        if by_name:
            r.trusts, r.has_referent = [by_name], True       # "the one in Burton", "the children's hospital"
            r.base["uses_context"] = True
        elif len(picked) == 1 and picked != context.candidates:
            r.trusts, r.has_referent = [picked[0]], True     # "the mental health one", "and the hospital trust?"
            r.base["uses_context"] = True
    if r.ambiguous and not r.trusts and 1 < len(r.ambiguous) <= 4 and _ALL_OF_A_NAME.search(text):
        r.trusts, r.ambiguous = list(r.ambiguous), []    # "how are the Norfolk trusts doing?": all of them
    first_person = r.may_inherit and bool(_FIRST_PERSON.search(text))   # "why are we in segment 3?"
    intent = intents.classify(text, r.trusts, r.ambiguous, r.has_referent or first_person, r.pronoun, r.tables,
                              r.filters, r.output, r.order, r.metrics)
    if intent is None and context.trusts and r.may_inherit and _REGISTER_ONLY.search(text) and \
            read_register(text) == "press":
        intent, r.has_referent = "position", True         # "give me two sentences I can quote"
    if r.region_list and not r.trusts:
        intent = "table"                                 # that table's trusts in the region of the list before
    if intent == "table" and r.filters and r.output == "list" and r.order is None and \
            intents.CHECKING_A_CLAIM.search(text):
        r.output = "count"                               # "only 27 … made it into segments 1 or 2, is that right?"
    if intent == "table" and r.order and r.limit and r.filters and r.output == "list" and \
            re.search(r"\b(are|were) (all|both)\b", text) and not _ASKS_FOR_A_LIST.search(text):
        # "the top 8 acute trusts are all specialist hospitals, right?": how many of the top 8 are
        r.filters, r.order, r.limit, r.output = replace(r.filters, placed=f"{r.order} {r.limit}"), None, None, "count"
    if r.quarters.years and not (r.trusts or r.ambiguous) and intents.A_TABLE.search(text) and \
            not intents.YES_NO.search(text) and intent in (None, "method", "definition", "help"):
        intent = "table"                                 # "show me the 2026/27 league table"
    earlier = bool(r.quarters.quarter and r.latest_held and Quarter.from_label(r.quarters.quarter) < r.latest_held)
    one_trust = (len(r.trusts) == 1 and (not r.has_referent or r.trusts[0] == context.own)) or (
        not r.trusts and len(context.trusts) == 1 and (
        r.has_referent or bool(_FIRST_PERSON.search(text))))       # "how did we do in Q3 compared to Q1?"
    both = bool(_BOTH.search(text)) and len(context.recent_trusts) >= 2 and not r.trusts
    if intent == "compare" and one_trust and not both and not r.ambiguous and (r.quarters.years or r.quarters.since
                                                                                or earlier):
        intent = "movement"                              # "how does Oxleas compare with last year's position?"
    if intent == "compare" and len(r.trusts) == 1 and not r.has_referent and not context.trusts and \
            not r.ambiguous and (_AGAINST_THE_REST.search(text) or not intents.COMPARE.search(_BOTH.sub(" ", text))
                                 or _TWO_FIGURES.search(text)):
        intent = "position"                              # "how bad is X compared to everywhere else?", "we're both
        # worried: where is X?": one trust against the whole table is its position
    if not r.trusts and not r.ambiguous and not r.order and _WHAT_IT_MEANS.search(text) and \
            intent in ("table", "position", None, "help"):
        intent = "definition"                            # "my hospital is in segment 4, what does that actually mean?"
    if intent == "position" and one_trust and not r.ambiguous and r.quarters.since and (
            (r.quarters.quarter and not r.quarters.relative) or \
            re.search(r"\b(better|worse|higher|lower|improv\w*|changed?|moved?)\b", text)):
        intent = "movement"                              # "is X better than it was in the first table?"
    earlier_years = [y for y in r.quarters.years if r.latest_held and int(y[:4]) < r.latest_held.year]
    if intent == "position" and one_trust and not r.ambiguous and not r.forecast and earlier_years and \
            (_NOW_AND_THEN.search(text) or _BETTER_OR_WORSE.search(text)):
        intent = "movement"                              # "X: latest position and last year's", "was X better
        # before the tables came in?": two times of one trust
    then = r.quarters.quarter and r.latest_held and Quarter.from_label(r.quarters.quarter) < r.latest_held
    if intent == "position" and then and (_STILL_OR_NOW.search(text) or _BETTER_OR_WORSE.search(text)):
        intent = "movement"                              # "near the bottom in the first table, are they still?"
    if _OUR_MEASURES.search(text) and context.trusts and not r.trusts and not r.ambiguous and \
            intent in ("table", "definition", "method", None):
        intent, r.has_referent = "position", True        # "which of our measures are worst?"
    named_of_two = _one_of_them_named(r, context) if context.intent == "compare" else []
    if len(named_of_two) == 1 and len(r.trusts) <= 1 and intents.WHY.search(text):
        # "why are Notts so much lower?" after the two compared: that one's why
        intent, r.trusts, r.ambiguous = "position", named_of_two, []
    if context.intent == "compare" and len(context.trusts) >= 2 and not r.trusts and not r.ambiguous and \
            not PICKED_FROM_LIST.search(text) and not _ONE_OF_THE_TWO.search(text) and (
            (r.follow_up and intent in (None, "position", "movement")) or _EITHER_OF.search(text)
            or (_HOW_FAR_APART.search(text) and r.n_words <= 8)):
        intent, r.has_referent = "compare", True         # "what about in Q2?", "are either of those in deficit?"
    if len(r.trusts) == 1 and context.trusts and context.trusts[0] != r.trusts[0] and r.pronoun and \
            _AGAINST_IT.search(text):
        intent, r.trusts = "compare", [context.trusts[0], r.trusts[0]]   # "is it higher than the Royal Free?"
        r.base["uses_context"] = True
    elif len(r.trusts) == 1 and context.trusts and context.trusts[0] != r.trusts[0] and (
            (r.pronoun and _IT_AGAINST_THEM.search(text)) or _ANY_BETTER.search(text)):
        intent, r.trusts = "compare", [r.trusts[0], context.trusts[0]]   # "is Leeds and York ahead of them?"
        r.base["uses_context"] = True
    if not r.trusts and not r.ambiguous and len(context.recent_trusts) >= 2 and (
            _WHICH_OF_THE_TWO.search(text) or (_COMPARE_THE_TWO.search(text) and both)) \
            and intent in (None, "help", "compare", "table"):
        intent, r.has_referent = "compare", True         # "which is better?" after two trusts' answers
    if len(r.trusts) == 1 and without_the_override(text) and intent in (None, "position", "movement", "method",
                                                                        "definition") \
            and not intents.CHECKING_A_CLAIM.search(text) and not intents.WHY.search(text) \
            and (not re.search(r"\bwould\b|\bsegment\b|\bbefore\b", text)     # "what segment before it?": the position
                 or re.search(r"\b(what|which) (segment (and|or) )?(rank|position|place|league position)\b.*\bwould\b|"
                              r"\bwhere would\b|\bwould (it|they|we|trustref)? ?be in (what|which) segment\b|"
                              r"\b(rank|position|place) (it|they|we) (d|would) have\b", text)):
        intent = "whatif"                                # "Herts Partnership without the deficit rule, what rank?"
    if context.trusts and not r.trusts and not r.ambiguous and without_the_override(text) and (
            intent in (None, "method", "definition", "help") or (intent == "position" and r.follow_up)) and \
            not _GENERAL_TOPIC.search(text):
        intent, r.has_referent = "whatif", True          # "what would that have been without the deficit rule?"
    override_talk = context.talks_of_the_override
    them_without_it = override_talk and not r.trusts and context.intent == "table" and len(context.trusts) > 1 and \
        bool(re.search(r"\b(they|them|those|these)\b", text)) and bool(_WHERE_WITHOUT_IT.search(text))
    if them_without_it:
        intent = "table"                                 # "what segment would they be in without it?": the list again
    elif override_talk and (r.trusts or context.trusts) and _WHERE_WITHOUT_IT.search(text) and \
            intent in (None, "position", "movement", "method", "definition"):
        intent, r.has_referent = "whatif", r.has_referent or not r.trusts   # "where would the first one be without it?"
    if context.trusts and not r.trusts and not r.ambiguous and _ITS_RANGE.search(text) and \
            intent in (None, "method", "definition"):
        intent, r.has_referent = "position", True        # "is the likely range wide?" after a trust's answer
    if _WHY_A_KIND.search(text) or (_WHY_DO_THEY.search(text) and not r.trusts and context.intent == "table"
                                    and len(context.trusts) > 1):
        intent, r.trusts, r.has_referent = "method", [], False   # "why are specialists like Moorfields on top?"
    if WHY_ALONE.search(text) and context.intent in TRUST_INTENTS and context.trusts and not r.trusts:
        intent, r.has_referent = context.intent, True    # "why?" asks the last question's why
    of_those = bool(intents.OF_THOSE.search(text)) or (context.intent == "table" and len(context.trusts) > 1
                                                       and bool(_ARE_THEY_ALL.match(text)))   # "are they all …?"
    same_again = bool(_SAME_FOR.search(text)) and context.table_query is not None and bool(r.tables) \
        and not r.trusts                                 # "same for the acute table", after a turn about one trust
    the_ones = bool(_THE_ONES.search(text)) and context.intent == "table"
    movers_again = r.output == "movers" and not r.trusts and not r.ambiguous and context.table_query is not None and \
        context.table_query.output == "movers" and intent in (None, "table", "movement", "position")
    back_to_the_list = of_those and len(context.listed) > 1 and context.table_query is not None and not r.trusts \
        and not r.ambiguous and intent in ("table", "position", None)   # "going back to that list, how many of them …"
    r.table_follow_up = same_again or movers_again or them_without_it or back_to_the_list or (context.intent == "table" and context.table_query is not None and not r.trusts
                         and not r.ambiguous and (r.follow_up or r.n_words <= 5 or of_those or bool(_THERE.search(text))
                                                  or bool(_SAME_AGAIN.search(text))
                                                  or the_ones
                                                  or (
                             r.output in ("count", "share") and not r.tables and r.quarters.quarter is not None))
                         and (not r.pronoun or of_those or _SAME_AGAIN.search(text)
                              or (len(context.listed or context.trusts) <= 1 and bool(_THE_END_ONE.search(text))))
                         and (intent in ("table", "position", None) or r.output == "movers")
                         and not (len(context.listed) > 1 and PICKED_FROM_LIST.search(text)))   # "the 3rd one": one of them
    if r.output == "digest" and not r.trusts and not r.tables and context.trusts and context.intent in TRUST_INTENTS \
            and r.n_words <= 10:
        intent, r.output, r.has_referent = "movement", "list", True   # "what changed?" about the trust just discussed
    if r.table_follow_up and r.output == "movers":
        intent = "table"                                 # "and who dropped the most?" after a movers question
    if intent is None and r.table_follow_up:
        intent = "table"
    if intent is None:
        intent = intents.fallback(r.said, context, r.metrics, r.n_words, r.trusts,
                                  bool(intents.REFERENT.search(text)))
        if intent is None:
            return Query("help", needs_clarification=True, metrics=tuple(r.metrics), **r.base)
    if r.forecast and intent not in ("position", "compare"):
        intent = "compare" if len(r.trusts) > 1 else "position"
        r.has_referent = r.has_referent or not r.trusts
    if r.reason:                                         # declined in part: still say where the trust sits
        intent = intent if intent in ("position", "compare") else "position"
    r.intent = intent
    return None


def build_query(r: Reading, context: Context, store) -> Query:
    """The Query: referents from the conversation, a move's quarters, and the details the question adds."""
    text = r.said.masked
    intent = r.intent or "help"
    query = Query(
        intent=intent, trusts=tuple(r.trusts), candidates=tuple(r.ambiguous), tables=r.tables,
        quarter=r.quarters.quarter, quarter_asked=r.quarters.quarter is not None, since=r.quarters.since,
        years_not_held=_years_not_held(r.quarters, store, r.forecast), forecast=r.forecast, metrics=tuple(r.metrics), filters=r.filters,
        order=r.order, limit=r.limit, nth=r.nth, output=r.output, decline=r.reason, context=context,  # type: ignore[arg-type]
        not_measured=not_measured(r.said.plain, names_a_site=any(m.how == "site" for m in r.mentions) and bool(
            _AE_AT_A_SITE.search(r.said.masked))), **r.base)
    if query.not_measured and intent in ("definition", "method") and r.may_inherit and len(context.trusts) == 1 \
            and context.intent in TRUST_INTENTS:
        # "what's the A&E figure at just the main site?" while talking about a trust: not measured, and its place
        query = replace(query, intent="position", trusts=context.trusts, uses_context=True)
    if intent == "table" and not r.tables and not r.trusts and not r.table_follow_up and len(context.tables) == 1 \
            and context.intent in TRUST_INTENTS and _IN_THAT_TALK.search(text):
        # "so who is second worst?", "who was bottom then?" while talking about one trust: its table (and quarter)
        then = bool(re.search(r"\bthen\b", text)) and not query.quarter_asked
        query = replace(query, tables=context.tables, uses_context=True,
                        quarter=context.quarter if then else query.quarter, quarter_asked=query.quarter_asked or then)
    end = _WHY_THE_END.search(text) if not (r.trusts or r.ambiguous) else None
    if end and re.search(r"\b(first|last|second) one\b", end.group(0)) and len(context.recent_trusts) >= 2 and \
            context.intent != "table":
        end = None                                      # "why is the first one lower?" after two trusts: that one
    if end and not (context.intent == "table" and context.trusts):   # "why is the bottom one there?" is a list's
        # "why is the bottom trust in the acute table bottom?": the why of that one trust
        order: Literal["top", "bottom"] = "bottom" if end.group(2) in ("bottom", "worst", "last", "lowest") else "top"
        query = replace(query, intent="table", why=True, order=order, limit=1, output="list")
    around = intents.ABOVE.search(text)
    if intent == "table" and around and (r.trusts or context.trusts):
        above = re.search(r"\b(above|ahead|higher than|up)\b", around.group(0))
        below = re.search(r"\b(below|behind|lower than|down)\b", around.group(0))
        kept = context.quarter if not r.trusts and not query.quarter and context.quarter in store.quarters else None
        query = replace(query, output="around", trusts=tuple(r.trusts or context.trusts[:1]), uses_context=not r.trusts,
                        quarter=query.quarter or kept, quarter_asked=query.quarter_asked or kept is not None,
                        order="top" if above else "bottom" if below else None,
                        limit=1 if (above or below) and _ONE_NEXT.search(text) else None)
    elif r.table_follow_up and (intent == "table" or not intents.POSITION.search(text) or r.quarters.quarter
                                or r.order or r.output != "list" or bool(r.filters)):
        query = continue_table(query, context.table_query, r.said)  # type: ignore[arg-type]
    elif intent == "table" and intents.SAME_AS_IT.search(text) and context.trusts and context.intent != "table":
        query = like_the_last_trust(query, context, r.finder, store)
    elif intent == "table" and _THERE.search(text) and not r.filters.regions and _last_region(context, r.finder):
        query = replace(query, filters=replace(query.filters, regions=_last_region(context, r.finder)),
                        uses_context=True)                # "the best mental health trust up there"
        if not r.tables and context.trusts and (context.table_query is None or context.intent != "table"):
            # "who's top in our region?" after one trust: its region, in its table
            query = replace(query, tables=(r.finder.tables_by_code[context.trusts[0]],))
        query = replace(query, limit=carried_limit(query, context.table_query, r.said))   # after "the bottom 5 there"
    elif _points_back(r, context, intent, text):
        query = with_context(query, context, r.said, r.finder, r.tables)
        if not r.quarters.quarter and query.quarter and (query.quarter not in store.quarters or _PULLING_NOW.search(text)):
            # a quarter the data lacks is said once, not carried on; "what's pulling it down?" is about now
            query = replace(query, quarter=None, quarter_asked=False)
    group_claim: GroupClaim | None = "all" if _ALL_CLAIM.search(text) else "under_half" if _UNDER_HALF_CLAIM.search(text) else \
        "most" if _MOST_CLAIM.search(text) else None
    claim_on = claimed_condition(text, query.filters) if group_claim else None
    if query.intent in ("method", "definition", "help") and claim_on and not r.trusts:
        query = replace(query, intent="table", needs_clarification=False)   # "why are all London trusts in segment 1?"
    if query.intent == "table" and claim_on and not _ASKS_FOR_A_LIST.search(text):
        # "every specialist trust is in segment 1 - true?", "are more than half in deficit?"
        query = replace(query, claim=group_claim, claim_on=claim_on, output="count")
    elif query.intent == "table" and _NONE_CLAIM.search(text):
        query = replace(query, claim="none", output="count")  # "no London trust is in segment 4, right?"
    elif query.intent == "table" and query.output in ("count", "share") and _SEGMENT_GROUP.search(text) and \
            query.filters.segments and (query.filters.in_deficit is not None or query.filters.override_applied):
        # "of the segment 4 hospital trusts, how many are in deficit?": said of that segment's trusts
        query = replace(query, claim_on="in_deficit" if query.filters.in_deficit is not None else "override_applied")
    elif query.intent == "table" and query.output == "share":
        # "what share of London's trusts are in segment 1?": a share of the group the other filters name
        query = replace(query, claim_on=claimed_condition(text, query.filters))
    peers_of = (r.trusts[:1] or ([context.own] if context.own and _FIRST_PERSON.search(text) else [])
                or list(context.trusts[:1])) if _REGION_PEERS.search(text) and len(r.trusts) <= 1 else []
    region = canonical_region(r.finder.regions_by_code.get(peers_of[0], "")) if peers_of else None
    if peers_of and region and r.finder.tables_by_code.get(peers_of[0]) in (ACUTE, MHC):
        # "how do we compare with others in our region?": the trust's table, that region, every trust in it
        query = replace(query, intent="table", trusts=(), candidates=(), tables=(r.finder.tables_by_code[peers_of[0]],),
                        filters=replace(Filters(), regions=(region,)), order=None, limit=None, output="list",
                        uses_context=not r.trusts, needs_clarification=False, peer=peers_of[0])
    region_claim = _REGION_CLAIM.search(text)
    if region_claim and len(r.trusts) == 1 and not r.filters.regions:
        # "is Hillingdon really the worst trust in our region, as the paper says?": checked in its region
        region = canonical_region(r.finder.regions_by_code.get(r.trusts[0], ""))
        r.filters = replace(r.filters, regions=(region,)) if region else r.filters
    claim = _SUPERLATIVE_CLAIM.search(text) or region_claim
    group = r.filters.names_a_group                      # not a whole table
    claimed = (r.trusts[:1] or (list(context.trusts[:1]) if r.pronoun or r.has_referent else []))
    if claim and group and claimed and len(r.trusts) <= 1 and query.intent in ("position", "table", "movement"):
        code = claimed[0]                                # "is it still the best in the Midlands?"
        table = r.finder.tables_by_code.get(code)
        query = replace(query, intent="table", trusts=(), claim_trust=code, tables=(table,) if table else (),
                        filters=r.filters,
                        order="bottom" if (claim.groupdict().get("word") or claim.groupdict().get("word2")) in
                        ("worst", "bottom", "lowest") else "top", limit=1,
                        output="list", uses_context=not r.trusts)
    if query.intent == "table" and query.order and len(query.filters.regions) > 1 and _EACH.search(text):
        query = replace(query, each_region=True)
    if query.intent == "movement":
        query = movement_quarters(query, r.quarters, text)
    measure_claim = bool(query.metrics) and bool(MEASURE_CLAIM.search(text)) and \
        read_premise(text) != "override"                 # "is it A&E that's the problem?" (not "… its debts?")
    one = (bool(intents.ONE_MEASURE.search(text)) or measure_claim) and query.intent == "position"
    premise = read_premise(text) if query.intent in TRUST_INTENTS and not (one and measure_claim) and \
        query.decline != "clinician" else None           # "the best hip surgeon at X" claims nothing about X
    if one and premise is None and query.uses_context:
        premise = context.premise                        # "is it mainly one thing?" after "why is it so low?"
    order_claim = _ORDER_CLAIM.search(text) if query.intent == "compare" and len(query.trusts) == 2 else None
    if order_claim:                                      # "is DRI really lower than Rotherham General?"
        premise = "below" if order_claim.group("word") in ("lower", "worse", "below", "behind") else "above"
    query = replace(query, why=(bool(intents.WHY.search(text)) and query.intent in ("position", "movement")) or query.why,
                    one_measure=one, premise=premise, register=read_register(text),
                    holds_back=one and bool(intents.IF_NOT_FOR.search(text)),
                    asks=read_asks(text) if query.intent in TRUST_INTENTS else
                    tuple(a for a in read_asks(text) if a == "likely_range" and query.intent == "table"))
    if "likely_range" in query.asks and query.intent == "whatif" and not (
            without_the_override(text) or re.search(r"\bsegment [1-4]\b", text)):
        query = replace(query, intent="position")      # "statistically solid, or could it be much higher?"
    if "likely_range" in query.asks and not r.quarters.quarter and query.uses_context:
        query = replace(query, quarter=None)            # the likely range after "and last quarter?": the latest's
    if query.intent == "position" and premise and re.match(r"(up|down) \d+$", premise) and len(query.trusts) == 1:
        # "draft release: 'X has climbed 10 places in the latest table'. check please": a move, checked
        query = movement_quarters(replace(query, intent="movement"), r.quarters, text)
    if query.intent == "movement" and premise == "override" and not r.quarters.since and not r.quarters.quarter and \
            len(query.trusts) == 1:
        query = replace(query, intent="position")        # "X got dropped down for being in debt, is that true?"
    if query.intent == "whatif":
        query = read_whatif(query, r.said, r.metric_mentions, context)
        if query.without_override and not query.whatif_changes and (
                intents.CHECKING_A_CLAIM.search(text) or read_premise(text) == "override"
                or (re.search(r"^(would|is|does|has|was) ", text) and not re.search(r"\bhow (much|many|far)\b", text))):
            # "would X be higher without the deficit rule?" (not "… by how much?", a what-if)
            query = replace(query, intent="position", premise="override")   # "held back by the deficit, right?"
        elif intents.ONE_MEASURE.search(text) and not (query.whatif_changes or query.whatif_factors
                                                         or query.target_segment or query.without_override):
            query = replace(query, intent="position", one_measure=True,    # "top if it wasn't for one thing?"
                            holds_back=bool(intents.IF_NOT_FOR.search(text)))
    if not query.metrics and r.follow_up and context.metrics and query.intent == context.intent and query.trusts \
            and not _OVERALL.search(text):                  # "and its segment overall?" leaves the measure
        query = replace(query, metrics=context.metrics)
    query = _ask_back(query, text)
    return replace(query, context=next_context(query, context, r.finder, store))


def _one_of_them_named(r: Reading, context: Context) -> list[str]:
    """The trusts of the last comparison the question names, by a mention or by the start of a word of the name
    only one of them has ("why are Notts so much lower?" after Nottinghamshire Healthcare and Derbyshire
    Healthcare)."""
    named = [code for code in context.trusts if any(code in m.codes for m in r.mentions)]
    if named:
        return named
    asked = {w.norm[:4] for w in r.question_words if len(w.norm) >= 4 and w.norm not in GENERIC
             and w.norm not in common_words()}
    return [code for code in context.trusts if asked & {word[:4] for word in normalise(
        r.finder.names_by_code.get(code, "")).split() if len(word) >= 4 and word not in GENERIC}]


def _points_back(r: Reading, context: Context, intent: str, text: str) -> bool:
    """Whether the trust(s) come from the conversation: a referent, a trust question naming none, a choice
    among the last candidates, or a comparison naming one trust."""
    return (r.has_referent
            or (intent in TRUST_INTENTS and r.may_inherit and bool(context.trusts)
                and not intents.MY_LOCAL.search(text))
            or (intent in TRUST_INTENTS and not r.trusts and bool(context.candidates) and not r.ambiguous)
            or (intent == "compare" and len(r.trusts) < 2 and bool(context.trusts)))


def _last_region(context: Context, finder: TrustFinder) -> tuple[str, ...]:
    """The region the conversation was last in: the last table question's, else the last trust's."""
    if context.table_query is not None and context.table_query.filters.regions:
        return context.table_query.filters.regions
    region = finder.regions_by_code.get(context.trusts[0]) if context.trusts else None
    name = canonical_region(region) if region else None
    return (name,) if name else ()


def _ask_back(query: Query, text: str) -> Query:
    """Whether to ask which trust: not for a trust-less question about the method anyway ("why are we in segment 3
    when our scores say 2?" gets the general answer from our guide and an invitation to name the trust)."""
    if query.intent == "position" and not query.trusts and not query.candidates and not query.uses_context and \
            re.match(r"^(but |so |and )?why (does|do|is|are|should|would)\b", text) and \
            not referent_to_a_trust(text) and not _FIRST_PERSON.search(text) and not query.premise:
        return replace(query, intent="method", metrics=())   # "why does being in deficit push you down the table?"
    if query.intent in TRUST_INTENTS and not query.trusts and not query.candidates:
        general = (bool(intents.ABOUT_METHOD.search(text)) and query.intent != "whatif"
                   and not referent_to_a_trust(text))
        return replace(query, needs_clarification=not general)
    if (query.intent == "compare" and len(query.trusts) < 2) or query.candidates:
        return replace(query, needs_clarification=True)
    return query


def _years_not_held(reading: QuarterReading, store, forecast: bool = False) -> tuple[str, ...]:
    """The framework years asked for that no file covers; a forecast with no year named asks for the year after
    the latest held."""
    held = [Quarter.from_label(q) for q in store.quarters]
    held_years = {q.financial_year for q in held}
    years = tuple(year for year in reading.years if year not in held_years)
    latest = max(held) if held else None
    if forecast and not years and latest and (not reading.quarter or Quarter.from_label(reading.quarter) <= latest):
        years = (Quarter(latest.year + 1, 1).financial_year,)   # "next year? and where are they now?": both
    return years
