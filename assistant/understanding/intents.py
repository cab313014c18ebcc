"""The phrase patterns behind a question's intent (named trusts read as 'trustref'). ``classify`` in
``assistant.understanding.steps`` tries them in order: help, what-if, compare, movement, table, method,
definition, position; whether a trust is named (or referred to) decides between a table question ("which is
the best hospital trust?") and a position question ("is Moorfields really the best?").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.query import Filters

if TYPE_CHECKING:
    from assistant.session import Context
    from assistant.understanding.question import Said


HELP = re.compile(r"^(help|help me|hi|hello|hey|hiya|good (morning|afternoon|evening)|start|menu|options|\?+)$"
                  r"|\bwhat (can|do) you (do|know|cover)\b|\bwhat can i ask\b|\bhow do i use (this|you)\b"
                  r"|\bwho are you\b|\bwhat are you\b|\bwhat is this (tool|assistant|app)\b|\bhelp me\b"
                  r"|^(can you help|how does this work)\b|\bexample questions\b"
                  r"|\bwhat (sort|sorts|kind|kinds|type|types) of (things|questions|stuff) (can|could|should) i\b")
WHATIF = re.compile("|".join([
    r"\bwhat would it take\b", r"\bwhat if\b", r"\bwhat would (trustref|it|they|we|us|our|its|their)\b",
    r"\bwhat would \w+ need\b", r"\bwhat (would|will|could) (get|lift|move|take) (trustref|it|them|us) (out of|into|up|"
    r"to)\b", r"\bwhat do (we|they) need\b", r"\bneed(s)? to (improve|do|change|get|reach)\b",
    r"\b(would|could) (trustref|it|they|we|its|our|their|the trust) (have )?(rank|move|rise|climb|change|be|been|reach|"
    r"get|ranked|moved|come|came|sit|sat|finish|end up|land|place)\b",
    r"\bhow (can|could|do|does|would|should) (the )?(trustref|it|they|we|trust) (get|move|climb|go) (out of|up|into|to)\b",
    r"\bhow (far|close|near) (is|are) (the )?(trustref|it|they|we|trust) (from|to) (the next|moving|a better|the cut|the "
    r"(next |cut )?(segment|cut ?point)|getting|going up)\b", r"\bnext cut ?point\b",
    r"\b(go|get|move|climb|jump) up (a|one) segment\b",
    r"\bwould (its|our|their|the) (rank|segment|position|average|score) (change|be|move)\b",
    r"\bhow much would\b", r"\bhow (many|far) (places|positions|ranks) would\b", r"\bhow many places would\b",
    r"\b(to reach|reach|reaching|get to|get into|move up to|to make) segment [1-4]\b", r"\bmove up a segment\b",
    r"\bget off the bottom\b", r"\bif (trustref|it|they|we|our|its|their|the trust)\b.*\b(improved?|cleared?|"
    r"halved?|doubled?|hit|was|were|had|reached|got|cut|reduced?|increased?|wasnt|werent|didnt|moved)\b",
    r"\bwithout the (financial )?override\b.*\bwould\b|\bwould\b.*\bwithout the (financial )?override\b",
    r"\bif (it|they|we|trustref) (wasnt|werent|was not|were not) in deficit\b", r"\bof\d{4} ?\d",
    r"\bwhat happens if\b", r"\bsuppose\b", r"\bimagine\b", r"\bhypothetically\b",
    r"\bhow (far|close|near) (is|are|was|were) (trustref|it|they|we|us) (from|to|off) (reaching |getting into )?"
    r"segment [1-4]\b", r"\bhow far (off|from) segment [1-4]\b",
    r"\bif (trustref|it|they|we|our|its|their|the trust)?\S* ?(\w+ ){0,4}(score|rate|figure|waits?|measure) "
    r"(went|goes|go|was|were|got|fell|rose|dropped|improved) (to|up|down|by)\b",
    r"\bwhat happens to (our|its|their|the) (rank|segment|position)\b",
]))
COMPARE = re.compile(r"\bcompar|\bvs\b|\bhow far apart\b|\bthe gap between\b|\bagainst trustref\b|\b(better|worse|higher|lower|ahead|above|below) than "
                     r"trustref\b|\bwhich (of the two|is (better|higher|ranked higher|lower|worse|ranked lower)|"
                     r"one is|does better)\b|\btrustref or trustref\b|\bdifference between\b|"
                     r"\b(the two|both|each other)\b|\bside by side\b|\bhow do (we|they) stack up\b")
# "we've just moved and the nearest hospital is …": moving house, not up the table
_MOVED_HOUSE = re.compile(r"\b(we|i|we ve|i ve|we have|i have|we re|i m|recently|just) (just |recently )?(moved|moving)"
                          r"( house| home| here| area| in| to| into| nearby| down| up here)?\b")
MOVEMENT = re.compile("|".join([
    r"\bsince\b", r"\b(than|compared (with|to)) (the )?(last|previous|prior) quarter\b",
    r"\b(is|are) (it|they|trustref|we) (any )?(better|worse) now\b",
    r"\b(doing )?better or worse than\b", r"\bdid (it|they|trustref|we)( \w+){0,3} move\b", r"\bup or down\b",
    r"\b(was|were) (it|they|trustref|we)?\b.*\bq ?[1-4]\b.*\b(now|wasn t|wasnt|weren t)\b",
    r"\bwas (top|bottom|first|last|in segment [1-5]) in q ?[1-4]\b",
    r"\bwhere (was|were) (it|they|trustref|we)\b.*\b(and )?where (is|are) (it|they|we|trustref) now\b",
    r"\bwhere (is|are) (it|they|trustref|we) now\b.*\bwhere (was|were) (it|they|we)\b",
    r"\b(last|previous) quarter (too|as well|again)\b",
    r"\bwere (they|we|it|trustref) always\b", r"\balways (been )?(top|bottom|first|last)\b",
    r"\b(big|huge|sharp|massive) (jump|rise|fall|drop|climb|improvement)\b",
    r"\b(over|across|during|throughout) the (whole |last )?year\b", r"\bevery quarter\b",
    r"\b(moving|moved|move|went|going) (up )?into segment [1-4]\b", r"\bbetween (the )?quarters\b", r"\bq ?[1-4] (to|vs) q ?[1-4]\b",
    r"\b(got|get|getting|gotten|became|become) (even |any |much |a lot |a bit |any )?(worse|better)\b",
    r"(?<!\bto )\bimprove\b", r"\bimproved\b", r"\bimproving\b", r"\bfrom \d{1,3} ?(st|nd|rd|th) to \d{1,3} ?(st|nd|rd|th)\b",
    r"\b(all|the|across the|across all|over the) (four|4) quarters\b", r"\bevery single quarter\b",
    r"\bbouncing around\b", r"\bquarter by quarter\b", r"\ball year\b",
    r"(?<!\bto )\b(go|went|gone|going|move|moved|moving|jump|jumped|climb|climbed|slip|slipped|slide|slid) "
    r"(up|down)\b", r"\b(drop|dropped|dropping|fell|fall|falling|rose|rise|rising|slipped|declined?|"
    r"deteriorated?|worsened)\b", r"\bchanged?\b", r"\bchanges\b", r"\bmovement\b", r"\bmove between\b",
    r"\bmoved\b", r"\bover time\b", r"\b(better|worse|higher|lower) than (it was )?(in )?q ?[1-4]\b",
    r"\bq ?[1-4] (to|till|until|through to) (now|today|date|the latest|the end)\b",
    r"\b(between |in |at )?which quarters?\b", r"\bwhen did (it|they|trustref|we)\b", r"\beach quarter\b",
    r"\b(climbed|climbs|jumped|jumps|rose|fell|dropped|slipped|sank|slid|went|moved) (from|into|in to|out of) segment\b",
    r"\bused to be\b", r"\bwhat happened\b",
    r"\b(shot|shoot|shooting|shoots|rocketed|rocketing|soared|soaring|surged|leapt|leaped|bounced) (up|down)?\b",
    r"\b(plummet\w*|plunged?|plunging|tumbled?|tumbling|slumped?|slumping|nosedived?|nose dived|crashed|sank|sunk)\b",
    r"\btrack (\w+ ){0,6}(through|over|across|quarter)", r"\bthe one before\b", r"\btrend\b", r"\bcompared (with|to) (last|the previous|q ?[1-4])\b",
]))
TABLE = re.compile("|".join([
    r"\b(top|bottom) (\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b",
    r"\bhow many\b", r"\bnumber of trusts\b", r"\bwhich (trusts|hospitals|acute|mental|community|ambulance|"
    r"london|specialist|teaching|ones)\b", r"\bwhich \w+ (trusts|hospitals)\b", r"\blist (the|all|of)\b",
    r"\bwho (is|are|was|were|came) (top|bottom|first|last|above|below|best|worst)\b",
    r"\b(the )?(best|worst|top|bottom|highest|lowest) (ranked |rated |performing |scoring )?"
    r"(\w+ )?(\w+ )?(trusts?|hospitals?|ones?|providers?|services?)\b",
    r"\b(best|worst|top|bottom) (\w+ )?(trust|hospital|one) in\b", r"\bshow (me )?the (whole |full )?(league )?table\b",
    r"\b(who is|whos|which trusts? (is|are)) (above|ahead of|below|behind) (it|them|us|trustref)\b",
    r"\bthe (league )?table for\b", r"\bbest non specialist\b", r"\bnon specialist\b",
    r"\bwhich (hospital|trust|one) (is|was|has|does|did) (the )?(best|worst|top|bottom|highest|lowest|fastest|"
    r"slowest|most|least)\b",
]))
DEFINITION = re.compile(r"(^|: |- |so |curious )(what|whats)( is| are| does)? (a |an |the )?(.+?)( mean| stand for)?$"
                        r"|\bwhat counts as\b"
                        r"|\bwhat does\b.*\bmean\b|\bmeaning of\b|\bdefin(e|ition)\b|\bstand for\b|\bwhat is meant by\b")
GLOSSARY = re.compile(r"\bsegment [1-5]\b|\baggregated metric rank\w*|\bindividual metric rank\w*|\bamr\b|\bimr\b|\bsegments?\b|\boverride\b|\brecovery support\b|\bimprovement programme\b|"
                      r"\bunadjusted\b|\badjusted segment\b|\baverage (metric )?score\b|\bmetric score\b|"
                      r"\blikely range\b|\bcut points?\b|\bquartiles?\b|\bleague table\b|\boversight framework\b|"
                      r"\bnof\b|\bshmi\b|\brtt\b|\bgood score\b|\bscores?\b|\bcapability\b|\bdeficit support\b|\bcqc\b|\bsignifican|"
                      r"\bin deficit\b|\bdeficit\b|\blikely ranges\b")
METHOD = re.compile("|".join([
    r"\bhow (are|is|do|does|were|was) (the )?(trusts?|tables?|league tables?|segments?|ranks?|rankings?|positions?|"
    r"scores?|averages?|average (metric )?scores?|metrics?|cut points?|ties|segmentation|override|it)\b",
    r"\bhow (are|is) \w+ (made|worked out|calculated|decided|ranked|scored|set|chosen|weighted|built)\b",
    r"\bworked out\b", r"\bcalculated\b", r"\bmethodology\b", r"\bmethod\b", r"\bties?\b.*\bbroken\b",
    r"\bwhy do (specialist|some|the|mental|community|ambulance|small|large)\b", r"\bwhy are some\b",
    r"\bfewer metrics\b", r"\b(moves?|changes?|movement) .*\breal\b", r"\bare .* real\b",
    r"\bwhat (doesnt|does not|dont|do not|cant|cannot) (the )?(league )?tables? (tell|show|cover|include)\b",
    r"\bleft out\b", r"\bcaveats?\b", r"\blimitations?\b", r"\bfair\b(?! to (call|say|describe) (it|them|us|that one|this one) )",
    r"\bweight(ed|ing)?\b",
    r"\bwho (decides|publishes|makes)\b", r"\bwhere does the data come from\b", r"\bdata source\b",
    r"\bhow often\b", r"\bwhen (is|are|will) (the )?(next )?(tables?|data|results) (published|updated|out)\b",
    r"\bwhat (counts|is scored|metrics are)\b", r"\bwhich metrics\b", r"\bwhat metrics\b",
    r"\bhow does the (financial )?override work\b", r"\bname and shame\b", r"\bwhy (rank|league)\b",
    r"\bspecialist (trusts|hospitals) (come |are )?(top|first)\b",
]))
POSITION = re.compile(r"\bhow (is|are|was|were|did|does|do|good|well|bad)\b|\bposition\b|\brank|\bsegment\b|"
                      r"\bdoing\b|\bwhy\b|\bwhere (does|do|is|are)\b|\bany good\b|\bscore|\bplace\b|\bcontext\b|"
                      r"\bsummary\b|\bbottom\b|\btop\b|\bbest\b|\bworst\b|\bperform|\bresults?\b")
_COUNTED = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL_REF = {word: i for i, word in enumerate(_COUNTED)} | {
    "top": 0, "best": 0, "number one": 0, "last": -1, "bottom": -1, "worst": -1}
# "the third one", "the 3rd one", "the bottom one": one trust of the last list, by its place in it
NTH_ONE = "|".join([*_ORDINAL_REF, r"\d{1,2} ?(?:st|nd|rd|th)"])


def ordinal_index(word: str) -> int:
    """The list index an ordinal picks: "third" and "3rd" are 2, "last" is -1."""
    return int(word[:-2].strip()) - 1 if word[:1].isdigit() else _ORDINAL_REF[word]

# Words that point back to something said earlier in the conversation.
REFERENT = re.compile(r"\b(it|its|they|them|their|theirs|that|this one|that one|the trust|the hospital|same trust|"
                      r"we|us|our|ours|the two|both|the first one|the second one|the last one|the top one|the bottom one|"
                      r"the best one|the worst one|"
                      r"the first|the second|the third|the last|he|she|the other one|the other trust|the other hospital|"
                      r"that trust|this trust|that hospital|this hospital)\b|"
                      r"\bthe (fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2} ?(st|nd|rd|th)) one\b")
FOLLOW_UP = re.compile(r"^(and|so|but|ok|okay|then|also|what about|how about|and what about|and how about|why|"
                       r"really|is that|and in|and for|what of)\b|^\w+$|"
                       # "in the summer?", "in q2?", "for december?": a quarter alone, about what went before
                       r"^(in|for|at|during|over) (the )?(q ?[1-4]|summer|spring|autumn|winter|christmas|first quarter|"
                       r"last quarter|january|february|march|april|may|june|july|august|september|october|november|"
                       r"december)\b( \w+)?$")


# "which of those are in London?", "how many of them are in deficit?": the last list, narrowed.
OF_THOSE = re.compile(r"\b(of|among|amongst|from) (those|these|them|that list|this list|the list)\b|"
                      r"\b(those|these) (ones|trusts)\b|^(and )?(which|how many) ones\b|"
                      r"^(please )?(list|name|show( me)?) (them|those|these|them all)\b|^which are they\b")
# "how many are in the same boat?" after a question about one trust: trusts placed like it.
SAME_AS_IT = re.compile(r"\b(in )?the same (boat|position|situation|place|segment|predicament)\b|"
                        r"\b(like|as) (it|us|them|this one|that one)\b")


# "compared with the median / similar trusts": one trust against its peers is a position question.
PEERS = re.compile(r"\bcompare(d|s)? (with|to|against) (the )?(median|average|peers?|others|other (\w+ ){0,3}(trusts|hospitals|"
                   r"ones|places|providers)|middle of the (pack|table)|similar|national|rest|region|england|everyone|trusts like|hospitals like)\b|\b(against|versus|vs) (its |our |their )?(peers|"
                   r"the median|similar trusts)\b")
QUARTER_PAIR = re.compile(r"\bq ?[1-4] (vs|to|and|versus|or) q ?[1-4]\b|\bbetween q ?[1-4] and q ?[1-4]\b")
ABOVE = re.compile(r"\b(above|ahead of|below|behind|higher than|lower than|just above|just below|next to|around)"
                   r" (it|them|us|trustref)\b|"
                   # with nothing after: "and the one below?", "the next one up", "who's just above?"
                   r"\bthe (one|trust|hospital) (just |directly |right |immediately )?(above|below|behind|ahead)$|"
                   r"\bthe next one (up|down)\b|^(and |so |ok )?(who s|who is|whos|which is|what s) (just |directly |"
                   r"right |immediately )?(above|below|behind|ahead)$")
WHY = re.compile(r"\bwhy\b|\bhow come\b|\bwhat (s|is|are) (dragging|pulling|holding|keeping|letting) \w+( \w+)? "
                 r"(down|back)\b|\b(dragging|pulling|holding|keeping) (it|them|us|trustref|\w+) (down|back)\b|"
                 r"\breasons?\b|\bexplain\b|\bbecause\b|\bwhat (puts|put|keeps|kept|makes|made|got) (it|them|us|"
                 r"trustref)\b|\bwhich (measures|metrics|scores|areas|things) (pull|drag|hold|let|put|keep)|"
                 r"\bwhat (went|is going|s going) wrong\b|\bwhat (are|were) (its|their|our) (weak|worst|best|strong)|"
                 r"\bwhich (measures|metrics|scores|areas|things) (do |should |would |could )?(we|they|it|trustref) "
                 r"(need to |have to |ought to )?(work on|improve|focus on|fix|tackle)\b")
ONE_MEASURE = re.compile(r"\b(one|single|a single|just one|only one|1|one bad) (good |bad |poor |strong |weak )?"
                         r"(measure|metric|thing|indicator|score|"
                         r"factor|number|area|figure)\b|\bbecause of (one|a single|a particular)\b|"
                         r"\bdown to (one|a single|just one)\b|\bjust (the|its|their) \w+ (score|measure)\b|"
                         r"\b(just|only|mainly|purely|all) (down to |because of )?(the|its|their|our) \S+( \S+){0,2} "
                         r"(that'?s|thats|that is|which is|causing|to blame|dragging|holding|pulling)\b")


# "it would be top if it wasn't for one thing", "what's holding it back": the measure that works against it
IF_NOT_FOR = re.compile(r"\bif (it |they |we )?(wasn ?t|weren ?t|was not|were not|hadn ?t been|had not been) for\b|"
                        r"\bbut for\b|\bholding (it|them|us) back\b|\bletting (it|them|us) down\b|"
                        # "the biggest single thing pulling X down", "which single measure hurts X most"
                        r"\b(pull\w*|drag\w*|keep\w*|hold\w*|bring\w*|push\w*|weigh\w*|knock\w*) (\w+ ){0,4}(down|back)\b|"
                        r"\bhurt(s|ing)?\b|\bkilling\b|\bto blame\b|\bproblem\b")
YES_NO = re.compile(r"^(do|does|did|is|are|was|were|can|could|should|would|will|has|have) ")
_AVAILABLE = re.compile(r"\bavailable\b|\bis there\b|\bare there\b|\bdo you (have|hold)\b|\bcan i see\b|"
                        r"\bpublished\b|\b(come|came|coming) out\b|\bout yet\b|\breleased\b|\b(table|tables|ranking|"
                        r"rankings|league) (is |are )?out\b")
_COUNT_OR_LIST = re.compile(r"\bhow many\b|\bwhich\b|\bwho\b|\bwho s\b|\blist\b|\bany\b|\btop\b|\bbottom\b")
_WHAT_IS_THE = re.compile(r"^(what|whats|what s) (is|was|are|were)? ?(a|an|the) [\w ]*\b(table|league table|ranking)s?$")
_COUNT_OF_METRICS = re.compile(r"\bhow many (metrics|measures|indicators|domains)\b|\bwhich (metrics|measures)\b|"
                               r"\bwhat (metrics|measures)\b")
_GROUP_NOUN = re.compile(r"\b(trusts|hospitals|ones|providers|organisations|services|places|trust|hospital|"
                         r"provider|organisation)\b")
_LEADS_A_LIST = re.compile(r"\b(which|who|list|name|show|what are the|tell me the|give me the|rank the|"
                           r"who are|who is|who s|whos|any)\b")
CHECKING_A_CLAIM = re.compile(r"\bis (that|it|this) (right|true|correct)\b|\bis it true\b|\breally\b|^surely\b|"
                               r"\bmade it (in)?to\b|\bonly \d+\b|\bright\s*$|\bam i right\b|\bisn ?t (it|that)\b|"
                               r"\bisnt (it|that)\b|\bcan you confirm\b")
# "is the ambulance ranking available?", "show me the mental health league table"
A_TABLE = re.compile(r"\b(ranking|rankings|league tables?|tables?|standings|positions|list)\b(?! (mean|work|"
                      r"worked|calculated))")
_WHERE_DO_THEY_RANK = re.compile(r"\b(where|how) (do|did|does|are|were) (the )?(\w+ ){0,3}(trusts|services|ones|"
                                 r"providers) (rank|ranked|come|came|sit|stand|fare|doing|do|placed|performing)\b")
MY_LOCAL = re.compile(r"\bmy (local |nearest )?(hospital|trust)\b|\blocal hospital\b")
DOMAIN = re.compile(r"\bsegments?\b|\btables?\b|\bleague\b|\branks?\b|\branking\b|\bscores?\b|\boverride\b|\bmetrics?\b|"
                     r"\btrusts?\b|\bhospitals?\b|\bnhs\b|\bquarter\b|\bdeficit\b|\bposition\b|\baverage\b|"
                     r"\boversight\b|\bnof\b|\bambulance\b|\bmental health\b|\bcommunity\b|\bmeasures?\b")
# A trust-less "why"/"how" question that uses these words gets the general answer from our guide, not a "which
# trust?" question.
ABOUT_METHOD = re.compile(
    r"\b(segment(s|ation|ed)?|league tables?|overrides?|adjustment|metrics?|measures?|indicators?|scor(e|es|ed|ing)|"
    r"averages?|cut ?points?|quartiles?|rank(ed|ing|ings|s)?|standards?|floors?|ties|tied|specialists?|"
    r"oversight framework|nof|icbs?|integrated care|recovery support|rsp|pip|capability|likely ranges?|"
    r"significan\w*|cqc|finances?|financial|deficits?|criticis\w*|method\w*|weight\w*|domains?|published|"
    r"positions?|quarters?|data|official|figures|ratings?|services?|measured|improv\w*|tables?|league|results?|"
    r"fair\w*|ods|codes?)\b")


# a question that ends by asking what a term is: the term, whatever came before it
_ENDS_WHAT_IS = re.compile(r"\bwhat (is|s|are) (a|an|the) (\w+ ){0,3}\w+$|\bwhat does (a |an |the )?(\w+ ){1,3}mean$")


def classify(masked: str, trusts: list[str], ambiguous: list[str], has_referent: bool, pronoun: bool,
             tables: tuple[str, ...], filters: Filters, output: str, order: str | None,
             metrics: list[str]) -> str | None:
    """The intent from the phrase patterns, or None when nothing matched (the caller falls back on context)."""
    has_trust = bool(trusts or ambiguous)
    about_a_trust = has_trust or has_referent
    named = len(trusts) + (1 if ambiguous else 0)
    if HELP.search(masked):
        return "help"
    last = _ENDS_WHAT_IS.search(masked)
    if last and not has_trust and GLOSSARY.search(last.group(0)):
        return "definition"                             # "the article says segment 3 - what is a segment?"
    if about_a_trust and named < 2 and QUARTER_PAIR.search(masked):
        return "movement"
    asks_for_trusts = not has_trust and bool(_LEADS_A_LIST.search(masked) or output in ("count", "share")) and \
        bool(_GROUP_NOUN.search(masked) or tables)
    if WHATIF.search(masked) and not asks_for_trusts and (about_a_trust or re.search(r"\bsegment [1-4]\b|\bof\d{4}",
                                                                                      masked)):
        return "whatif"
    if named < 2 and PEERS.search(masked) and not re.search(r"\bthe two\b|\bboth\b", masked):
        return "position" if about_a_trust else None
    if named >= 2 or (COMPARE.search(masked) and about_a_trust and (named >= 1 or has_referent)
                      and not ONE_MEASURE.search(masked)):   # "one metric is killing it - which one?" is one trust
        return "compare"
    if about_a_trust and MOVEMENT.search(_MOVED_HOUSE.sub(" ", masked)) and \
            not re.search(r"\bhow are .* (made|ranked)\b", masked):
        return "movement"
    if not has_trust and re.search(r"^(what|whats|what s) counts as\b", masked):
        return "definition"
    if (not has_trust and not (pronoun and has_referent) and DEFINITION.search(masked)
            and GLOSSARY.search(masked)
            and re.search(r"^(what|whats|what s)\b|\bwhat counts as\b", masked)
            and not re.search(r"\bhow\b|\bwhy\b|\bwork|\bdoesn ?t\b|\bdon ?t\b|\bnot\b|\bisn ?t\b", masked)
            and output == "list" and not filters):
        return "definition"                             # "what counts as being in deficit?"
    if not has_trust and order and len(masked.split()) <= 4 and re.search(r"\b(table|tables|league|ranking)\b", masked):
        return "table"                                  # "table toppers", "bottom of the league"
    if not has_trust and output in ("likely_span", "by_subtype"):
        return "table"                                  # "whose likely rank range is widest?"
    if not has_trust and tables and _WHERE_DO_THEY_RANK.search(masked):
        return "table"                                  # "where do ambulance trusts rank?"
    if not has_trust and METHOD.search(masked) and not (filters or order or output != "list"):
        return "method"
    if not has_trust and is_table_question(masked, tables, filters, output, order, pronoun, metrics):
        return "table"
    if METHOD.search(masked) and not (has_trust and not re.search(r"\bwhy do (specialist|some)\b", masked)):
        return "method"
    if (DEFINITION.search(masked) and not has_trust and not pronoun
            and (GLOSSARY.search(masked) or metrics or re.search(r"\bmean\b|\bstand for\b", masked))):
        return "definition"
    if about_a_trust or MY_LOCAL.search(masked):
        return "position"
    return None


def is_table_question(masked: str, tables: tuple[str, ...], filters: Filters, output: str, order: str | None,
                       pronoun: bool, metrics: list[str]) -> bool:
    """A question about a group of trusts rather than one: top/bottom N, counts, lists, breakdowns, movers."""
    if metrics and output in ("count", "list") and not filters and not re.search(
            r"\b(trusts|hospitals)\b|\b(which|what) (\w+ )?(trust|hospital)\b|^who (has|is|was|s)\b", masked):
        return False                                    # "how many ambulance patients get taken to A&E?"
    if re.search(r"^(but |and |so )?why\b", masked) and not re.search(r"\bwhich\b|\bwho\b", masked):
        return False
    if re.search(r"^(but |and |so |ok )?what (does|do) (it|that|this) (actually |really )?mean (when|if)\b", masked):
        return False                                    # "what does it mean when a hospital is in deficit?"
    if _COUNT_OF_METRICS.search(masked) or re.search(r"\bhow (are|is|do|does)\b.*\b(worked out|calculated|decided|"
                                                      r"made|chosen|set)\b", masked):
        return False
    if re.search(r"\bwhy (do|does|are|is)\b", masked) and not TABLE.search(masked):
        return False
    group = bool(_GROUP_NOUN.search(masked)) or bool(tables)
    narrowing = filters.segments or filters.unadjusted_segments or filters.in_deficit is not None or \
        filters.override_applied or filters.recovery_support or filters.moved
    if narrowing and group:
        return True                                     # "Midlands mental health trusts in segment 4"
    if output in ("count", "share") and (filters or tables) and re.search(r"\bhow many\b|\bwhat share\b", masked):
        return True                                     # "how many trusts in our table are held back like that?"
    if TABLE.search(masked) and group and not re.search(r"^(but |and |so )?why\b", masked):
        return True                                     # "top three acute trusts, and are they all specialists?"
    among_themselves = group and bool(filters or tables) and bool(re.search(
        r"\b(against|among|amongst|with) (each other|themselves|one another)\b|\bhow do (they|these|those) (rank|compare|"
        r"stack up)\b", masked))                       # "Yorkshire's mental health trusts: how do they rank?"
    if pronoun and not ABOVE.search(masked) and not (_LEADS_A_LIST.search(masked) and _GROUP_NOUN.search(masked)) \
            and not among_themselves:
        return False                                    # "is it really the best general hospital trust?"
    if YES_NO.search(masked) and not _AVAILABLE.search(masked) and not _COUNT_OR_LIST.search(masked) and not (
            CHECKING_A_CLAIM.search(masked) and filters):
        return False                                    # "do segment 5 trusts appear at the bottom?" is about method
    if _WHAT_IS_THE.search(masked):
        return False                                    # "what was the non-acute table?" is a definition
    if output in ("movers", "digest"):
        return True
    if tables and A_TABLE.search(masked):
        return True
    if output in ("by_region", "by_subtype", "share"):
        return group or bool(filters)
    if output == "count":
        return group or bool(filters.segments or filters.in_deficit or filters.override_applied)
    if TABLE.search(masked):
        return True
    if order is not None and (group or re.search(r"\b(top|bottom|head) of\b|\bwho\b|\bwhos\b|\bwhich\b", masked)):
        return True
    if ABOVE.search(masked):
        return True
    kinds = filters.names_a_group or bool(filters.regions_excluded)
    if kinds and group and len(masked.split()) <= 8 and not re.search(
            r"^(but |and |so )?(what|whats|why|how|is|are|was|were|do|does|did|can|could|should|when|where)\b", masked):
        return True                                     # "mental health trusts in the south west": the list
    return bool(kinds and group and (_LEADS_A_LIST.search(masked) or re.search(
        r"\b(rank|ranked|ranking|position|positions|doing|table|compare|fare|fared|perform|performing)\b|"
        r"\bhow (do|did)\b.* (do|did)$", masked)))


def fallback(said: Said, context: Context, metrics: list[str], n_words: int, trusts: list[str],
              pronoun: bool) -> str | None:
    """The intent of a question no pattern placed; None: ask back ("I didn't understand")."""
    masked = said.masked
    if metrics and pronoun and not context.trusts:
        return "position"                               # "and their finances?": whose? (asked back)
    if re.search(r"^(but |and |so )?why\b", masked) and not trusts:
        return "method"                                 # "why are cancer and eye hospitals always at the top?"
    if metrics and (DEFINITION.search(masked) or (not context.trusts and n_words <= 6)):
        return "definition"
    if context.trusts and (DOMAIN.search(masked) or metrics) and n_words <= 12 and not trusts:
        return "position"
    if metrics and re.search(r"\bhow|\bwhat|\bwhy|\bwhich\b|\bmean", masked):
        return "definition"
    if MY_LOCAL.search(masked):
        return "position"
    if (DOMAIN.search(masked) or ABOUT_METHOD.search(masked)) and n_words >= 3:
        return "method"
    if re.search(r"^(what|whats|what s|how|why|which|who|when|where|is|are|does|do|can|should)\b", masked) and \
            n_words >= 4 and re.search(r"\b(difference|mean|means|steps|count|counted|official|look|matter|work|"
                                       r"domains?|criticis\w*)\b", masked):
        return "method"
    return None
