"""The details a question adds beyond its intent: a claim to check ("why is it bottom?"), the register asked for in
words ("give me a quotable line"), and what a what-if changes."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from assistant.query import Query
from assistant.session import Context
from assistant.understanding.metrics import whatif_changes
from assistant.understanding.question import Said
from scoring.frameworks import current_framework

PRESS = re.compile(r"\bquot(able|e)\b|\bpress\b|\bjournalist\b|\breporter\b|\barticle\b|\bheadline\b|\bstatement\b|"
                    r"\bsentences? of context\b|\b(accurate|balanced) (context|summary)\b|\bcontext on\b|\bfor (a|our|"
                    r"my|the) (\w+ )?(story|piece|release|article|report|newsletter|bulletin|briefing)\b|\bmedia\b|\bcomms\b|\bsound ?bite\b|"
                    r"\bpress release\b|\bwrite up\b|\bnews\b|\b(a|one) (short )?line (on|about|for)\b|"
                    r"\bgive me a line\b|\bline for (tomorrow|the paper|a paper|our paper)")
_STAFF_REGISTER = re.compile(r"\bfull (breakdown|detail|details)\b|\bmetric by metric\b|\bmeasure by measure\b|"
                             r"\bevery (metric|measure)\b|\bin detail\b|\bdetailed (breakdown|explanation)\b|"
                             r"\btechnical detail\b")
_PREMISES = [
    (re.compile(r"\b(because of|due to|owing to) (a |an |its |their |our |the )?(debts?|deficit|money|finances?|"
                r"financial \w+|override)\b|\bbecause (it is|it's|its|it s|they are|they're|they re|we are|we're|we re) (in (a )?deficit|"
                r"overspending|in debt|in the red)\b|"
                r"\b(held|holding|kept|keeping|capped|pulled|dragged|stuck|put|placed|pushed|dropped|knocked|left) (\w+ ){0,2}"
                r"(back |down )?((in|into|at|to|down to) segment [1-5] )?by "
                r"((the|its|their|our|a) )?(deficit|financial override|override|money rule|deficit rule|finances?|money|"
                r"debts?)\b|\bbut for (the|its|their|our) (financial )?(deficit|finances?|debts?|money|override|deficit rule)\b|"
                r"\b(is|was|are) (the |its |their |our )?(financial override|override|deficit rule|deficit|finances?|money)"
                r" (the )?(reason|cause)\b|"
                r"\b(punished|penalised|penalized|marked down|docked|dropped( down)?|knocked( down)?|pushed( down)?|"
                r"downgraded|demoted|moved down) (\w+ )?(for|because of|over) (its|their|our|the|a|"
                r"being in) (deficit|debts?|debt|finances|overspend\w*)\b|"
                r"\b(the )?(financial override|deficit rule|money rule|override) (is )?(holding|keeping|pulling) "
                r"(it|them|us|trustref) (back|down)\b|"
                r"\b(money|financial|finance|debt|cash) (problems?|troubles?|issues?|reasons?)\b|"
                r"\bbecause of (money|debt|debts|finances|the deficit rule)\b|\bdown to (money|debt|the deficit)\b"),
     "override"),
    (re.compile(r"\bsecond (from (the )?bottom|worst|last|lowest)\b"), "rank second-last"),
    # "called a top-performing trust", "an underperformer": checked against the top and bottom halves
    (re.compile(r"\b(top|high|best|strong)[ -]?(performing|performer)s?\b"), "high"),
    (re.compile(r"\b(worst|poorly|under|low|poor|badly)[ -]?(performing|performer)s?\b"), "low"),
    (re.compile(r"\b(?:one|some|among) of the (\\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty) (?:worst|lowest|bottom)\b"), "bottom n"),   # "one of the ten worst"
    (re.compile(r"\b(?:one|some|among) of the (\\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty) (?:best|highest|top)\b"), "top n"),
    (re.compile(r"\b(near|towards|close to) the bottom\b|\b(one|some) of the (worst|lowest)\b|\bamong the (worst|"
                r"lowest)\b|\bbottom end\b"), "bottom near"),
    (re.compile(r"\b(near|towards|close to) the top\b|\b(one|some) of the (best|highest)\b|\bamong the (best|"
                r"highest)\b|\btop end\b"), "top near"),
    (re.compile(r"\bbottom (\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty)\b"), "bottom n"),
    (re.compile(r"\btop (\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twenty)\b"), "top n"),
    (re.compile(r"\b(still|is|are|came|come|coming|was|were) last\b|\blast (place|in the)\b"), "bottom"),
    (re.compile(r"\bsecond (best|from (the )?top|highest)\b"), "rank 2"),
    (re.compile(r"\bbottom half\b"), "bottom half"), (re.compile(r"\btop half\b"), "top half"),
    (re.compile(r"\bstill (at the )?bottom\b|\bstill (near|at) the bottom\b"), "bottom"),
    (re.compile(r"\bstill (at the )?top\b|\bstill number one\b"), "top"),
    (re.compile(r"\b(near|at|in|off) the bottom\b|\bbottom of\b|\breally bottom\b|\bis bottom\b|\bare bottom\b|"
                r"\bcame bottom\b|\brock bottom\b|\b(was|were) bottom\b|\b(is|was|were|are) (it|they|we) bottom\b"),
     "bottom"),
    (re.compile(r"\b(the|really|at the|on) top\b|\btop of\b|\bis top\b|\bcome top\b|\bcame top\b|\bnumber one\b|"
                r"\b(came|come|comes|ranked|finished|placed) first\b"),
     "top"),
    (re.compile(r"\bthe worst\b|\breally worst\b"), "worst"), (re.compile(r"\bthe best\b|\breally best\b"), "best"),
    (re.compile(r"\bso low\b|\bso badly\b|\bso poorly\b"), "low"), (re.compile(r"\bso high\b|\bso well\b"), "high"),
    (re.compile(r"\b(dropped|fell|fall|falling|went down|gone down|go down|got worse|get worse|getting worse|"
                r"worse|declined|slipped|drop|plummet\w*|slump\w*|tumbl\w*)\b"), "worse"),
    (re.compile(r"\b(went up|go up|gone up|rose|improved|improve|got better|move up|moved up|climbed|soared|"
                r"shot up|rocketed|surged|leapt|jumped)\b"),
     "better"),
    # how people describe a position without a number: checked against the top and bottom halves
    (re.compile(r"(?<!\bhow )\b(failing|sinking|struggling|rubbish|terrible|awful|dreadful|useless|poor|bad|badly|poorly|dragg\w*|"
                r"pull\w* (it|them|us|trustref) down|hold\w* (it|them|us|trustref) back|let down)\b"), "low"),
    (re.compile(r"\b(topped|leading|excellent|brilliant|outstanding|great|so good)\b"), "high"),
]
_SEGMENT_CLAIM = re.compile(r"\b(trustref|we|it|they|us|we re|were|are|is|in|at|now|still|been) (in |only |still |now )?"
                            r"segment ([1-5])\b")
_RANK_CLAIM = re.compile(r"\b(ranked|rank|position|placed|number) (\d{1,3})\b|\b(\d{1,3}) ?(st|nd|rd|th) (place|position|"
                         r"in the|out of|of \d)|\b(came|come|finished|ranked|named|placed|sits|sitting|is|was|really|"
                         r"at|now) (\d{1,3}) ?(st|nd|rd|th)\b")
_TARGET = re.compile(r"\b(to|into|reach|reaching|get to|get into|move to|move into|move up to|in|make|making|from|off) "
                     r"segment ([1-4])\b")
_NO_OVERRIDE = re.compile(r"\bwithout (the|its|their|our) (financial )?(override|deficit rule|finance rule|deficit|"
                          r"money rule|finance adjustment|financial adjustment|finance cap|financial cap|deficit cap|cap|"
                          r"finance penalty|financial penalty|deficit penalty|money side|money)\b|"
                          r"\b(ignore|ignoring|ignored|take away|taking away|took away|takes away|remove|removing|strip out|excluding|"
                          r"set aside|setting aside) (the |its |their |our )?(financial )?(override|deficit rule|finance rule|"
                          r"finance cap|financial cap|deficit cap|money rule|deficit|money side|finances|finance penalty)\b|"
                          r"\b(in|into|out of) (a |financial )?deficit\b.*\bwithout (it|that|the deficit|being in deficit)\b|"
                          r"\b(take|takes|took|taking|lift|lifts|lifted|lifting|switch|switched|turn|turned) (the |its |their |our )?"
                          r"(financial |finance |deficit )?(override|cap|rule|penalty) off\b|"
                          r"\b(lift|lifts|lifted|lifting|drop|dropped|dropping|scrap|scrapped|scrapping) (the |its |their |our )?"
                          r"(financial |finance |deficit )?(override|cap|penalty)\b|"
                          r"\b(sorted|sorts|sort|fixed|fixes|fix|cleared|clears) (out )?(its|their|our|the) (finances|money|"
                          r"deficit|books)\b|"
                          r"\b(wasnt|werent|was not|were not|wasn t|weren t|it not) for (the |its |their |our )?(financial )?"
                          r"(override|deficit|deficit rule|money|finances|money rule|finance cap|cap|finance penalty|"
                          r"deficit cap)\b|"
                          r"\b(if|when) the (financial )?(override|deficit rule|money rule) (didn ?t|did not|doesn ?t|does not) "
                          r"apply\b|\bbefore the (finance|financial|deficit|money) (adjustment|rule|override)\b|\bheld back by the (financial )?"
                          r"(override|deficit|deficit rule)\b.*\botherwise\b|\b(wasnt|werent|was not|were not|not|wasn t|weren t) "
                          r"in (financial )?deficit\b|\bcleared (its|their|our|the) deficit\b|\bno deficit\b|"
                          r"\bbroke even\b|\bbalanced (its|their|our|the) books\b|\b(if|when) the override (did not|"
                          r"didnt) apply\b|\bif (it|they|we|trustref) (had|got) (its|their|our) finances\b|"
                          # "how much has the finance rule cost X?", "how many places did X lose to the override?"
                          r"\bhow (much|many places|many positions|far) (has|have|did|does) (the )?(financial )?(override|"
                          r"deficit rule|finance rule|deficit|money rule|finance cap) (cost|costed|set back|pushed down)\b|"
                          r"\b(places|positions|ranks|spots) (has|have|did|does) (trustref|it|they|we) (lose|lost) (to|because "
                          r"of|from|through) (the |its |their |our )?(financial )?(override|deficit|deficit rule|finance rule|"
                          r"finances)\b")


_IN_THE_PAST = re.compile(r"\b(came|was|were|finished|had been|ended up)\b")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                 "twenty": 20}
_SEGMENT_MOVE_CLAIM = re.compile(r"\b(climbed|dropped|fallen|fell|risen|rose|moved|gone|went|slipped|sunk|sank|got|"
                                 r"jumped|crashed|slid) (up |down |back )?(to|into|in) segment ([1-5])\b")
# "is it A&E that's the problem?", "low because of its cancer waits": a claim about which measure is to blame
MEASURE_CLAIM = re.compile(r"\bbecause of\b|\bdown to\b|\bthe (worst|weakest|biggest|main) (measure|metric|score|"
                           r"problem|issue|area)\b|\b(pulling|dragging|holding|keeping|bringing) \w+ (down|back)\b|"
                           r"\bthe (problem|issue|culprit|reason)\b|\bhurts?\b|\bto blame\b|\bblame\b")


_PLACES_DOWN = ("dropped", "drops", "drop", "fell", "falls", "fall", "fallen", "slipped", "slips", "slid", "slides", "sank",
                "sinks", "went down", "gone down", "goes down", "moved down", "moves down", "lost", "loses", "lose",
                "tumbled", "tumbles", "plunged", "plunges")
_PLACES_UP = ("climbed", "climbs", "climb", "rose", "rises", "rise", "risen", "jumped", "jumps", "jump", "went up", "gone up",
              "goes up", "moved up", "moves up", "gained", "gains", "gain", "shot up", "shoots up", "soared", "soars")
_PLACES_CLAIM = re.compile(r"\b(" + "|".join(_PLACES_DOWN + _PLACES_UP) + r") (by )?(\d{1,3}) (places|spots|positions|"
                           r"ranks)\b")


def read_premise(masked: str) -> str | None:
    """The claim a question makes about a trust's place ("segment 3", "bottom", "top 10", "override"), or None."""
    override_claim, _ = _PREMISES[0]
    if override_claim.search(masked):
        return "override"
    places = _PLACES_CLAIM.search(masked)
    if places:
        down = places.group(1) in _PLACES_DOWN
        return f"{'down' if down else 'up'} {places.group(3)}"          # "dropped 20 places": a move that size
    segment = _SEGMENT_CLAIM.search(masked) or _SEGMENT_MOVE_CLAIM.search(masked)
    if segment:
        return f"segment {segment.group(segment.lastindex or 3)}"
    rank = _RANK_CLAIM.search(masked)
    if rank:
        return f"rank {rank.group(2) or rank.group(3) or rank.group(7)}"
    for pattern, claim in _PREMISES:
        found = pattern.search(masked)
        if found and claim.endswith(" n"):
            n = found.group(1)
            return f"{claim[:-2]} {_NUMBER_WORDS.get(n, n)}"
        if found and claim in ("bottom", "top") and _IN_THE_PAST.search(masked[max(0, found.start() - 12):found.end()]):
            return claim + " then"                  # "since it came bottom in Q2": a claim about the earlier quarter
        if found:
            return claim
    return None


_ASKS = (
    (re.compile(r"\blikely (rank |position |average |score )?ranges?\b(?! (mean|means|is for|are for))|\bmargin of error\b|"
                r"\bconfidence interval\b|\bhow (certain|sure|precise) (is|are)\b|\bstatistically (solid|significant|"
                r"robust|reliable|sound|meaningful)\b|\bcould (it|they|we) (really )?be (much )?(higher|lower)\b|"
                r"\bhow (reliable|solid|robust) (is|are)\b|\b(ranking|rank|position|place) (is |really )?(solid|"
                r"reliable|robust)\b|\bcould (it|they|that) be (way|far|a long way|miles) (off|out)\b"), "likely_range"),
    (re.compile(r"^(and |so |but |ok )?(is|are|was|were|has|have|does|do|did) (it|they|we|trustref|that one|this one|"
                r"the trust|the hospital|that trust)( still| currently| now| actually)? (in (a |financial )?deficit|"
                r"in the red|in debt|overspending|(getting|receiving|on|had|got|get) deficit support|running a deficit|"
                r"flagged (as )?(in )?deficit)\b|\bin (financial )?deficit or not\b"), "deficit"),
    (re.compile(r"^(and |so |but )?(is|was|are|were) (it|they|trustref|that one|this one|the trust) (a |an )?specialist"
                r"( trust| hospital| one)?s?\b"), "specialist"),
    (re.compile(r"\b(recovery support|rsp|segment 5|intensive support)\b"), "recovery_support"),
)


def without_the_override(masked: str) -> bool:
    """'without the deficit rule', 'if it wasn't for its finances': the override switched off."""
    return bool(_NO_OVERRIDE.search(masked))


def read_asks(masked: str) -> tuple:
    """The figures asked for outright ("what's its likely range?", "is it in deficit?"), answered first."""
    return tuple(name for pattern, name in _ASKS if pattern.search(masked))


def read_register(masked: str) -> str | None:
    """The register asked for in words: a quotable line is for the press; a full breakdown is for staff."""
    if PRESS.search(masked):
        return "press"
    if _STAFF_REGISTER.search(masked):
        return "staff"
    return None


def read_whatif(query: Query, said: Said, metric_mentions: list, context: Context) -> Query:
    changes, factors = whatif_changes(said.plain, metric_mentions, said.text)
    targets = list(_TARGET.finditer(said.masked))       # "from segment 3 to segment 2": the last one named
    target = targets[-1] if targets else None
    talking_of_the_override = context.talks_of_the_override or \
        bool(re.search(r"\b(financial override|override|deficit rule|money rule|deficit)\b", said.masked))
    without = bool(_NO_OVERRIDE.search(said.masked)) or (talking_of_the_override and bool(
        re.search(r"\bwithout (it|that|that rule|them|this)\b", said.masked)))
    return replace(query, whatif_changes=changes, whatif_factors=factors, without_override=without,
                   target_segment=int(target.group(2)) if target else None)


@lru_cache(maxsize=4)
def _not_measured_patterns(year: str) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None, bool], ...]:
    """(topic, its words, the words it needs with them, found when a site is named) for one framework year,
    compiled once."""
    def any_of(words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(r"\b(" + "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True)) + r")\b")
    return tuple((item.topic, any_of(item.words), any_of(item.only_with) if item.only_with else None,
                  item.site_named) for item in current_framework().not_measured)


def not_measured(plain: str, names_a_site: bool = False) -> tuple[str, ...]:
    """What the question asks about that the framework does not measure ("parking", "the wait for hip
    replacements", "the A&E at Yeovil District Hospital" when ``names_a_site``), as the framework year's topics."""
    return tuple(topic for topic, words, needs, site_named in _not_measured_patterns(current_framework().year)
                 if (words.search(plain) or (site_named and names_a_site)) and (needs is None or needs.search(plain)))
