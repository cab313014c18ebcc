"""Table questions in words: which league table(s), regions and kinds of trust a question names, the filters
it sets (segments, deficit, override, specialist, moved…) and its shape (top or bottom N, a count, a share, a
breakdown by region, the biggest movers).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from assistant.query import Filters
from scoring.catalogue import TABLES
from scoring.names import TrustFinder

ACUTE, MHC, AMBULANCE = TABLES[0], TABLES[1], TABLES[2]
# which ambulance trust serves each board's area where a region has more than one (geography, not a framework rule)
AMBULANCE_AREAS_FILE = Path(__file__).resolve().parents[2] / "scoring" / "names" / "ambulance_areas.yaml"
_TABLE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bambulance\b|\b999 (service|services|trust|trusts|crews?)\b|\bparamedics?\b"), AMBULANCE),
    (re.compile(r"\bmental health\b(?! (crisis|inpatients?|beds?|services?|access|patients|waits?|care))|\bnon acute\b|"
                r"\bcommunity (trusts?|table|providers?|ones?|health trusts?|health)\b|\bmh ?(and|&)? ?c\b|"
                r"\bmhc\b|\bmental health (and|&) community\b|\bmh (and|&) community\b|\bcare trusts?\b|\bmh (trusts?|ones?|table|providers?)\b|"
                r"\bmh$"), MHC),
    (re.compile(r"(?<!non )\bacute\b|\bhospital (trusts?|table|tables|league|ones?|rankings?)\b|\bhospital (and|or|&) (mental|community)\b|\bteaching hospitals\b|"
                r"\bspecialist (trusts?|hospitals?)\b|\bhospitals\b|\bgeneral hospitals?\b|\bhospital one\b|\b(any|every|each) hospital\b|"
                r"\b(best|worst|top|bottom|highest|lowest) (ranked |rated |performing )?hospital\b"), ACUTE),
]
# Canonical NHS region -> the labels the published files use for it (acute files say "North East", "East").
REGIONS: dict[str, tuple[str, ...]] = {
    "London": ("London",),
    "North West": ("North West",),
    "North East and Yorkshire": ("North East and Yorkshire", "North East"),
    "Midlands": ("Midlands",),
    "East of England": ("East of England", "East"),
    "South East": ("South East",),
    "South West": ("South West",),
}
# "the NW", "SE England", "NE and Yorks" (but "SE London" is London)
_REGION_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bnorth east( and yorkshire)?\b|\byorks(hire)?\b|\bnortheast\b|\bthe north east\b|"
                r"\bne\b(?! london)"), "North East and Yorkshire"),
    (re.compile(r"\bnorth west\b|\bnorthwest\b|\bnw\b(?! london)"), "North West"),
    (re.compile(r"\bsouth east\b|\bsoutheast\b|\bse\b(?! london)"), "South East"),
    (re.compile(r"\bsouth west\b|\bsouthwest\b|\bsw\b(?! london)"), "South West"),
    (re.compile(r"\beast of england\b|\bin the east\b|\beast anglia\b|\bthe east region\b|\beastern region\b|"
                r"\bthe east (acute|hospitals?|trusts?|mental|mh|nhs|ones)\b"),
     "East of England"),
    (re.compile(r"\b(east |west )?midlands\b"), "Midlands"),
    (re.compile(r"\blondon\b|\bthe capital\b"), "London"),
]
_SUBTYPES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bteaching\b"), "Acute - Teaching"),
    (re.compile(r"\blarge (acute|hospital|trust|general)"), "Acute - Large"),
    (re.compile(r"\bmedium (sized )?(acute|hospital|trust|general)"), "Acute - Medium"),
    (re.compile(r"\bsmall (acute|hospital|trust|general)"), "Acute - Small"),
    (re.compile(r"\bmulti[ -]?services?\b"), "Acute - Multi-Service"),
    (re.compile(r"\bcare trusts?\b"), "Care Trust"),
    (re.compile(r"(?<!and )(?<!health and )(?<!health or )(?<!health )\bcommunity (trusts?|providers?|ones?|health trusts?|"
                r"services trusts?)\b|"
                r"\bcommunity health trusts?\b|\bcommunity trust\b"), "Community"),
    (re.compile(r"\blearning disabilit"), "Mental Health and Learning Disability"),
]
_SUBTYPE_TABLE = {"Community": MHC, "Care Trust": MHC, "Mental Health and Learning Disability": MHC}
# "not the community ones", "leaving out the teaching hospitals", "non-teaching": a kind of trust left out
_LEFT_OUT = re.compile(r"\b(not|non|isnt|isn t|arent|aren t|excluding|except|other than|apart from|leaving out|"
                       r"leave out|ignoring|without|but not|bar|minus|no)( the| any| a)?\s*$")
# Kinds of trust that only their published names tell apart: the word every such trust's name has, the kind in
# words, and the table they are in.
NAMED_KINDS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "children": (re.compile(r"\bchild(ren)? ?s? (hospitals?|trusts?|ones|specialists?)\b|"
                            r"\bpaediatric (hospitals?|trusts?)\b|\bhospitals? for children\b"), "children's", ACUTE),
    "orthopaedic": (re.compile(r"\borthopaedic (hospitals?|trusts?|ones|specialists?)\b"), "orthopaedic", ACUTE),
    "women": (re.compile(r"\bwomen ?s (hospitals?|trusts?|ones)\b"), "women's", ACUTE),
}
_NON_SPECIALIST = re.compile(r"\bnon specialist\b|\bnormal (one|ones|hospital|hospitals|trust|trusts)\b|"
                             r"\b(leave|leaving) out (the )?specialists?\b|\bnot counting (the )?specialists?\b|"
                             r"\b(not|isnt|isn t|is not|arent|are not|wasnt|excluding|except|"
                             r"other than|apart from|leaving out|ignoring|without) (a |the )?specialists?\b|"
                             r"\bgeneral (acute|hospitals?|trusts?)\b|\bnormal hospitals?\b|\bdistrict general\b")
_SPECIALIST = re.compile(r"\bspecialists?\b|\bspecialist (trusts?|hospitals?)\b")

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "dozen": 12, "a dozen": 12, "couple": 2,
                 "a couple": 2, "handful": 5}
_N = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|dozen|couple|handful)"
_TOP = re.compile(rf"\b(top(?! segment)|best(?! segment)|highest(?! segment)|topped|tops|toppers|leading|first(?! (came|published|started|began|come|quarter|time))|number one|no 1|strongest|best performing|highest ranked|"
                  rf"best ranked|best rated)( {_N})?\b|\b{_N} (best|highest|top|strongest)\b|\bwho (is|was|s) "
                  r"(top|first)\b|\b(top|head) of (the )?(table|league|tables|list)\b|\bcame top\b|\bcomes top\b|"
                  r"\bbest\b")
_BOTTOM = re.compile(rf"\b(bottom(?! segment)|worst(?! segment)|lowest(?! segment)|last(?! (quarter|qtr|time|year|table|league table|publication|release|month|one|figures))|weakest|worst performing|lowest ranked|worst rated)( {_N})?\b|"
                     rf"\b{_N} (worst|lowest|bottom|weakest)\b|\bwho (is|was|s) (bottom|last)\b|"
                     r"\bbottom of (the )?(table|league|tables|list)\b|\bcame (bottom|last)\b")
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bhow much of\b|\btotal\b")
_AND_WHICH = re.compile(r"\b(and|also) (which|who|name|list)\b|\bwhich ones\b|\b(name|list) them\b")
_SHARE = re.compile(r"\b(what|which) (share|proportion|percentage|fraction|percent)\b|\bwhat per ?cent\b|"
                    r"\bhow many out of\b|\bout of how many\b|\bproportion of\b|\bpercentage of\b|\bshare of\b")
_BY_REGION = re.compile(r"\bwhich regions?\b|\bby region\b|\bper region\b|\beach region\b|\bregion by region\b|"
                        r"\bwhat region\b|\bregional (breakdown|split)\b|\b(which|what) (part|parts|area) of "
                        r"(the country|england)\b")
_BY_SUBTYPE = re.compile(r"\bwhich (type|kind|sort)s? of (hospital |acute |mental health |nhs )?trusts?\b|"
                         r"\bby (type|subtype|kind)\b|\beach (type|kind)\b|\b(what|which) (type|kind|sort) (of (hospital |"
                         r"acute |nhs )?(trust|hospital) )?is (most|the most) (common|frequent)\b")
_MOVERS = re.compile(r"\b(biggest|largest|most|greatest|sharpest|steepest) (rise|rises|riser|risers|climb|climbs|"
                     r"climber|climbers|jump|improvement|improvers?|fall|falls|faller|fallers|drop|drops|decline|"
                     r"declines|mover|movers|move|moves|change|changes)\b|\bimproved (the )?most\b|"
                     r"\b(fell|dropped|rose|climbed|moved|slipped|jumped|changed|declined|gone down|gone up|"
                     r"went down|went up|moved up|moved down) (the )?(most|furthest|farthest)\b|"
                     r"\b(which|what) (\w+ ){0,4}(trusts|hospitals|ones) (have |had )?(plummeted|plunged|tumbled|"
                     r"slumped|crashed|shot up|shot down|soared|rocketed|surged|nosedived)\b|"
                     r"\bbiggest (risers|fallers|movers)\b|\b(risers|fallers|movers|climbers|improvers|"
                     r"decliners|droppers)\b|"
                     r"\b(got|get) worse the most\b|\bworsened (the )?most\b|\bmost improved\b")
# "which trust lost the most places because of the override?"
_OVERRIDE_COST = re.compile(r"\b(lost|lose|loses|losing|cost|costs|dropped|fell) (\w+ )?(the )?most (places|positions|"
                            r"ranks|spots)\b.*\b(override|deficit)|\b(override|deficit rule)\b.*\b(cost|lost) (\w+ )?(the )?"
                            r"most\b|\bhit (hardest|most) by the (financial )?(override|deficit rule)\b")
_DIGEST = re.compile(r"\bwhat (has )?changed\b|\bwhat s changed\b|\bwhat s new\b|\bdigest\b|\bsummary of (the )?"
                     r"changes\b|\bwhat moved\b|\bpublication day\b|\bwho changed segments?\b")
_MOVED_UP = re.compile(r"\b(rise|rises|riser|risers|rose|climb|climbed|climbs|climber|jump|jumped|improv\w*|up|"
                       r"gained|better|soared|rocketed|surged|leapt)\b")
_MOVED_DOWN = re.compile(r"\b(fall|falls|faller|fallers|fell|drop|dropped|drops|declin\w*|slip\w*|down|worse\w*|"
                         r"lost|deteriorat\w*|plummet\w*|plunged|tumbled|slumped|sank|crashed|nosedived)\b")
_CHANGED_SEGMENT = re.compile(r"\b(changed|change|changing|moved|switched|swapped) (their |its )?segments?\b|"
                              r"\b(dropped|fell|slipped|rose|climbed|jumped|gone down|gone up) (down |up )?(a |one )?"
                              r"segments?\b|"
                              r"\bsegment changes?\b|\bmoved (up|down) (a|one|by a) segment\b|"
                              r"\b(went|go|gone|moved|move) (up|down) (a )?segments?\b|\bnew segment\b")
_SEGMENT_LIST = re.compile(r"\b(?:segments?|segs?) ([1-5])((?:(?: ?, ?| or | and | to | and segment | or segment | )[1-5])*)\b")
# "break the table down by segment", "how many in each segment", "segment breakdown": a count for every segment
_BY_SEGMENT = re.compile(r"\bby segments?\b|\b(in )?(each|every) segment\b|\bper segment\b|\bsegments? (breakdown|split|"
                         r"distribution|counts?)\b|\bbreak(down| down| it down| the \w+ (\w+ )?down)\b.*\bsegments?\b|"
                         r"\bsegments?\b.*\bhow many (are )?in each\b")
_TOP_SEGMENTS = re.compile(r"\b(top|best|highest) (two|2) segments\b")
_BOTTOM_SEGMENTS = re.compile(r"\b(bottom|worst|lowest) (two|2) segments\b")
_TOP_SEGMENT = re.compile(r"\b(the )?(top|best|highest) segment\b")
_BOTTOM_SEGMENT = re.compile(r"\b(bottom|worst|lowest) segment\b")
_RECOVERY = re.compile(r"\brecovery support\b|\bimprovement programme\b|\bprovider improvement\b|"
                       r"\bintensive (recovery|support)\b|\brsp\b|\bpip\b|\bsegment 5\b|\bspecial measures\b")
_HELD_BACK = re.compile(r"\b(capped|pulled down|pushed down|held down|dragged down|knocked down|kept down)( \w+){0,4} "
                        r"(because of|by|due to|over) (the |their |its )?(money|finances?|deficits?|debts?)\b|"
                        r"\bheld back\b|\bhold back\b|\bholding back\b|\boverride (applied|kicked in|bit|hit)\b|"
                        r"\b(would be|would have been|be) (higher|better placed|placed higher) (if (it |they )?(wasn t|weren t|"
                        r"were not|was not|not) for|without) (the |their |its )?(financial )?(override|deficit rule|"
                        r"deficit|finance rule|money rule)\b|"
                        r"\b(hit|affected|capped|moved down|pushed down|dragged down|penalised|demoted|caught|"
                        r"downgraded) by (the )?(financial )?(override|deficit rule|finance rule)\b|"
                        r"\b(subject to|had|got|under) the (financial )?override\b|\boverridden\b|"
                        r"\b(deficit rule|override|finance rule|deficit cap|money rule) (knock|knocked|push|pushed|drop|"
                        r"dropped|move|moved|pull|pulled|bump|bumped|put)( \w+){0,2} (down|into|to)\b|"
                        r"\bonly (there|in segment 3) (because of|due to) (the |their |its )?(financial )?(override|"
                        r"deficit rule|deficits?|finances?)\b|"
                        r"\b(lost|lose|missed) (out on )?(a )?(higher )?segment (because|due)\b|"
                        r"\bcapped at segment 3\b|\bpushed (down )?to (segment )?3\b|"
                        r"\b(kept|held|shut|locked|blocked|stopped) (out of|from) segment [12] by\b|"
                        r"\bsegment 3 (only |just |purely )?(because of|due to|thanks to|on account of) (the |their |its )?"
                        r"(money|finances?|deficits?|debts?|override)\b|"
                        r"\b(knocked|dropped|moved|pushed) down (a segment )?by (the )?(financial )?override\b|"
                        r"\bby the (financial )?override\b|\bfinancial override\b.*\b(which|who|how many|list)\b|"
                        r"\b(which|who|how many|list)\b.*\b(financial )?override\b|"
                        r"\bwould (be|have been|rank|sit) (\w+ ){0,3}(higher|better|in segment [12]|segment [12]|"
                        r"up a segment)\b.*\b(without|if (it|they) (wasn ?t|weren ?t|was not|were not) for|but for) "
                        r"(the |their |its )?(deficit|override|finances|money|deficit rule|financial override)")
_DEFICIT = re.compile(r"\bin (financial )?deficit\b|\bdeficit flag\b|\bin the red\b|\b(running|ran|run|had|have|"
                      r"with) (a )?deficits?\b|\bflagged (as|for) (being )?in deficit\b|\bdeficit support\b|"
                      r"\boverspen\w*\b|\bin debt\b")
_NOT_DEFICIT = re.compile(r"\b(not|arent|aren t|werent|weren t|isnt|isn t|wasnt|wasn t|without a|no) (in )?(financial )?deficits?\b|"
                          r"\bbreak(ing)? even\b|\bin surplus\b|\bbroke even\b")
_UNADJUSTED = re.compile(r"\b(scores? alone|on (their|its) scores|before the (financial )?(override|deficit rule|"
                         r"finance rule)|unadjusted|would (otherwise )?(have )?be(en)? in segment|without the "
                         r"(financial )?(override|deficit rule|finance rule)|held back from segment|kept out of segment|"
                         r"would have been|on scores)\b")
_OUTSIDE_REGION = re.compile(r"\b(outside|except|excluding|not in|apart from|other than|beyond) (of )?(the )?"
                             r"(london|north east( and yorkshire)?|yorkshire|north west|south east|south west|"
                             r"east of england|(east |west )?midlands)\b")
_AVERAGE_BOUND = re.compile(r"\baverage (metric )?(score )?(of )?(under|below|less than|lower than|over|above|more than|"
                            r"higher than|at least|at most) (\d(?:\.\d+)?)\b")
_COULD_RANK = re.compile(r"\bcould (plausibly |possibly |realistically |really |actually |in fact )?(be|rank|come|finish|"
                         r"end up|reach|get)( in| into)? (as )?(the )?(number one|number 1|no 1|1st|first|top|best|bottom|"
                         r"last|worst)( (\d{1,3}|ten|five|twenty|half))?\b|\blikely (rank |position )?ranges? (that )?"
                         r"(reach\w*|extends?|extending|goes|go|going|stretch\w*|gets?) (in)?to (the )?(top|bottom)"
                         r"( (\d{1,3}|ten|five|twenty|half))?\b")
_WORDS_FOR_N = {"ten": "10", "five": "5", "twenty": "20"}
_TABLE_ORDINAL = re.compile(r"\bthe (first|last|second|third|fourth)( and (the )?(first|last|second|third|fourth))? "
                            r"(\w+ )?(quarters?|tables?|league tables?|publications?|releases?|results)\b|"
                            r"\b(top|bottom) half\b")


_FROM_TO_SEGMENT = re.compile(r"\bfrom segments? ([1-5](?:(?: or | and |, ?)[1-5])*)\b.*?\b(to|into) segments? "
                              r"([1-5](?:(?: or | and |, ?)[1-5])*)\b")
_WORSE_SEGMENT = re.compile(r"\b(in )?a (worse|lower) segment\b|\b(dropped|fell|slipped|sank|slid|went down|"
                            r"moved down|were relegated|got relegated|was relegated) (in)?to segment [2-4]\b")
_BETTER_SEGMENT = re.compile(r"\b(in )?a (better|higher) segment\b|\b(rose|climbed|jumped|went up|moved up|"
                             r"were promoted|got promoted|was promoted) (in)?to segment [1-3]\b")
# "how many of the top 10 are specialist?", "London trusts in the bottom 20": a place in the whole table
_PLACED = re.compile(rf"\b(of|in|among|amongst|within|inside|from|make it into|made it into|made the) (the )?"
                     rf"(top|bottom) ({_N}|half)\b(?! segments?)")


_RANGE_REACHES = re.compile(r"\blikely (rank |position )?ranges? (that )?(\w+ ){0,2}(reach\w*|includes?|including|covers?|"
                            r"goes|go|going|extends?|stretch\w*)( all the way)?( (up|down))? (to )?(the )?"
                            r"(1st|first|number one|no 1|(\d{1,3}) ?(st|nd|rd|th))\b")


def _could_rank(norm: str) -> str | None:
    """'could plausibly be number 1' -> 'top 1'; 'reaches into the top half' -> 'top half'; 'a likely range that
    goes down to 61st' -> 'position 61'."""
    reaches = _RANGE_REACHES.search(norm)
    if reaches:
        return f"position {reaches.group(11) or 1}"
    found = _COULD_RANK.search(norm)
    if not found:
        return None
    word = found.group(6) or found.group(14)
    n = found.group(8) or found.group(16)
    end = "bottom" if word in ("bottom", "last", "worst") else "top"
    if n is None:
        return f"{end} 1"
    return f"{end} {_WORDS_FOR_N.get(n, n)}"


_LIKELY_SPAN = re.compile(r"\blikely (rank |position )?ranges? (that )?(spanning|spans?|covering|covers?|wider than|"
                          r"of|over|across) (more than |over |at least )?(\d+) (places|positions|ranks)\b")
_LIKELY_SPAN_ORDER = re.compile(r"\b(tightest|narrowest|smallest|most certain|most precise|shortest|"
                                r"widest|broadest|largest|biggest|least certain|longest) likely (rank |position )?range|"
                                r"\blikely (rank |position )?ranges? (is|are) (the )?(tightest|narrowest|smallest|"
                                r"shortest|widest|broadest|largest|biggest|longest)\b")
_EVERY_QUARTER = re.compile(r"\b(in |for )?(every|each|all( four| 4)?( of the)?) quarters?\b|\bconsistently\b|"
                            r"\ball year\b|\bthe whole year\b|\bthroughout the year\b|\bquarter after quarter\b")
_WHICH_N = re.compile(rf"\b(which|what|the|name|list|give me) {_N} (\w+ ){{0,6}}(trusts|hospitals|ones|providers)\b")
# "which trusts are top?": a few, not one
_PLURAL_AT = re.compile(r"\b(trusts|hospitals|ones|providers) (are|were) (at )?(the )?(top|bottom|best|worst)\b")
_PLURAL = re.compile(r"\b(trusts|hospitals|ones|providers|services|organisations|places|teams)\b")


def find_tables(norm: str) -> tuple[str, ...]:
    """Every table the question names, in table order."""
    norm = re.sub(r"\bnot (the|a) (mental health|community|mh) (one|trust|hospital)\b", " ", norm)   # "the main
    # hospital in Tooting, not the mental health one": that one trust is left out, not its table named
    named = {table for pattern, table in _TABLE_WORDS if pattern.search(norm)}
    for subtype in find_subtypes(norm) + find_subtypes(norm, left_out=True):
        named.add(subtype_table(subtype))
    named.update(NAMED_KINDS[word][2] for word in find_named_kinds(norm))
    if _NON_SPECIALIST.search(norm) or _SPECIALIST.search(norm):
        named.add(ACUTE)
    return tuple(t for t in TABLES if t in named)


_REGION_POSSESSIVE = re.compile(r"\b(east|west|london|midlands|yorkshire|england|capital)s\b")


def find_regions(norm: str) -> tuple[str, ...]:
    norm = _REGION_POSSESSIVE.sub(r"\1", norm)          # "the south east's hospitals" (apostrophe dropped)
    return tuple(region for pattern, region in _REGION_WORDS if pattern.search(norm))


def find_subtypes(norm: str, left_out: bool = False) -> tuple[str, ...]:
    """The kinds of trust (the data's subtypes) the question names; with ``left_out``, the ones it leaves out
    ("not the community ones") instead."""
    norm = re.sub(r"\bmental health (and|or|&|and or) community\b", " ", norm)   # the whole table, not a kind
    found = []
    for pattern, subtype in _SUBTYPES:
        matches = list(pattern.finditer(norm))
        if matches and all(bool(_LEFT_OUT.search(norm[:m.start()])) == left_out for m in matches):
            found.append(subtype)
    return tuple(found)


def find_named_kinds(norm: str) -> tuple[str, ...]:
    """Kinds of trust named by a word in their names ("the children's hospitals")."""
    return tuple(word for word, (pattern, _, _) in NAMED_KINDS.items() if pattern.search(norm))


def subtype_table(subtype: str) -> str:
    return _SUBTYPE_TABLE.get(subtype, ACUTE)


def canonical_region(label: str) -> str | None:
    """The NHS region a published label names ('East' -> 'East of England'), or None."""
    return next((region for region, labels in REGIONS.items() if label in labels), None)


def region_matches(label: str, region: str) -> bool:
    """Does a data file's region label (e.g. 'East') belong to the canonical region ('East of England')?"""
    return label in REGIONS.get(region, (region,))


@cache
def ambulance_areas() -> dict[str, str]:
    """ICB code (or trust code) -> the ambulance trust serving that area, from ``scoring/names/ambulance_areas.yaml``."""
    raw = yaml.safe_load(AMBULANCE_AREAS_FILE.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in raw.items()}


def ambulance_serving(finder: TrustFinder, code: str) -> tuple[str, ...]:
    """The ambulance trusts that serve a trust's area: the one named for its board's area (or for the trust) in
    ``ambulance_areas.yaml``, else every ambulance trust of its region (one, outside three regions)."""
    areas = ambulance_areas()
    served = areas.get(code) or areas.get(str(finder.icbs_by_code.get(code) or ""))
    if served:
        return (served,)
    region = canonical_region(finder.regions_by_code.get(code, ""))
    return tuple(sorted(c for c, table in finder.tables_by_code.items()
                        if table == AMBULANCE and region and region_matches(finder.regions_by_code.get(c, ""), region)))


def specialist(norm: str) -> bool | None:
    if _NON_SPECIALIST.search(norm):
        return False
    if _SPECIALIST.search(norm):
        return True
    return None


def _count(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


_SEGMENT_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def _segments(norm: str) -> tuple[int, ...]:
    if _BY_SEGMENT.search(norm):
        return (1, 2, 3, 4)
    norm = re.sub(r"\b(segments?|segs?) (of )?(one|two|three|four|five|[1-5])\b",
                  lambda m: f"{m.group(1)} {_SEGMENT_WORDS.get(m.group(3), m.group(3))}", norm)
    outside = re.search(r"\b(not|aren t|arent|isn t|isnt|never|outside) (in )?segment ([1-4])\b", norm)
    if outside and len(re.findall(r"\bsegment [1-4]\b", norm)) == 1:    # "specialist trusts NOT in segment 1"
        return tuple(s for s in range(1, 5) if s != int(outside.group(3)))
    either = re.search(r"\bsegments? ([1-4]) (or|and) (worse|lower|below|better|higher|above)\b", norm)
    if either:                                  # "segment 3 or worse": 3 and 4
        n = int(either.group(1))
        return tuple(range(1, n + 1)) if either.group(3) in ("better", "higher", "above") else tuple(range(n, 5))
    beyond = re.search(r"\b(above|higher than|better than|below|lower than|worse than) segment ([1-4])\b", norm)
    if beyond:                                  # "sit above segment 3": segments 1 and 2
        n = int(beyond.group(2))
        up = beyond.group(1) in ("above", "higher than", "better than")
        return tuple(range(1, n)) if up else tuple(range(n + 1, 5))
    if _TOP_SEGMENTS.search(norm):
        return (1, 2)
    if _BOTTOM_SEGMENTS.search(norm):
        return (3, 4)
    if _TOP_SEGMENT.search(norm):
        return (1,)
    if _BOTTOM_SEGMENT.search(norm):
        return (4,)
    found: list[int] = []
    for match in _SEGMENT_LIST.finditer(norm):
        first = int(match.group(1))
        rest = [int(d) for d in re.findall(r"[1-5]", match.group(2) or "")]
        if " to " in (match.group(2) or "") and rest:
            values = list(range(first, rest[-1] + 1))
        else:
            values = [first, *rest]
        found += [v for v in values if v not in found and v != 5]
    return tuple(found)


def read_filters(norm: str) -> Filters:
    """The conditions a table question sets. ``norm`` is the normalised question, named trusts masked."""
    held_back = bool(_HELD_BACK.search(norm))
    unadjusted: tuple[int, ...] = ()
    segments = _segments(norm)
    if (held_back or _UNADJUSTED.search(norm)) and segments and set(segments) <= {1, 2}:
        unadjusted, segments = segments, ()     # "held back from segment 1": their scores put them there
    if held_back and re.search(r"\bflag(s|ged)?\b", norm) and not re.search(r"\bheld back\b|\bmoved down\b|"
                                                                          r"\bcapped\b|\bhit by\b", norm):
        held_back = False                       # "the financial override flag" is the deficit flag itself
        norm = norm + " in deficit"
    in_deficit: bool | None = None
    if _NOT_DEFICIT.search(norm):
        in_deficit = False
    elif _DEFICIT.search(norm) and not held_back:
        in_deficit = True
    moved = None
    from_to = _FROM_TO_SEGMENT.search(norm)
    segments_before: tuple[int, ...] = ()
    if from_to:
        segments_before = tuple(int(d) for d in re.findall(r"[1-5]", from_to.group(1)))
        segments = tuple(int(d) for d in re.findall(r"[1-5]", from_to.group(3)))
    if _WORSE_SEGMENT.search(norm):
        moved = "segment down"
    elif _BETTER_SEGMENT.search(norm):
        moved = "segment up"
    elif _CHANGED_SEGMENT.search(norm):
        up, down = bool(re.search(r"\bup\b|\bimprov|\bbetter", norm)), bool(re.search(r"\bdown\b|\bworse|\bdrop|"
                                                                                         r"\bfell\b", norm))
        moved = "segment up" if up and not down else "segment down" if down and not up else "segment"
    elif re.search(r"\bmoved (up|down)\b|\b(rose|fell|climbed|dropped|improved|slipped|went up|went down|"
                   r"got worse|got better)\b", norm) and not _MOVERS.search(norm):
        moved = "up" if _MOVED_UP.search(norm) and not _MOVED_DOWN.search(norm) else \
            "down" if _MOVED_DOWN.search(norm) and not _MOVED_UP.search(norm) else None
    outside = _OUTSIDE_REGION.search(norm)
    excluded = find_regions(outside.group(0)) if outside else ()
    regions = tuple(r for r in find_regions(norm.replace(outside.group(0), " ") if outside else norm))
    bound = _AVERAGE_BOUND.search(norm)
    below = bool(bound and bound.group(4) in ("under", "below", "less than", "lower than", "at most"))
    span = _LIKELY_SPAN.search(norm)
    placed = _PLACED.search(_COULD_RANK.sub(" ", norm))      # "could be in the top 10" is a likely range
    return Filters(
        placed=f"{placed.group(3)} {_count(placed.group(4)) or placed.group(4)}" if placed else None,
        every_quarter=True if _EVERY_QUARTER.search(norm) else None, segments_before=segments_before,
        could_rank=_could_rank(norm),
        likely_span_over=int(span.group(5)) if span else None,
        average_below=float(bound.group(5)) if bound and below else None,
        average_above=float(bound.group(5)) if bound and not below else None,
        segments=segments, unadjusted_segments=unadjusted, regions=regions, regions_excluded=excluded,
        subtypes=find_subtypes(norm), subtypes_excluded=find_subtypes(norm, left_out=True),
        named_kinds=find_named_kinds(norm),
        specialist=specialist(norm), in_deficit=in_deficit, override_applied=True if held_back else None,
        recovery_support=True if _RECOVERY.search(norm) else None, moved=moved)  # type: ignore[arg-type]


_ORDINALS = {"second": 2, "2": 2, "third": 3, "3": 3, "fourth": 4, "4": 4, "fifth": 5, "5": 5}
_NTH = re.compile(r"\b(second|2 ?nd|third|3 ?rd|fourth|4 ?th|fifth|5 ?th)[ -](best|worst|highest|lowest|top|bottom|"
                  r"last|from (the )?(top|bottom))\b")


def read_nth(norm: str) -> tuple[str, int] | None:
    """'the second worst' -> ('bottom', 2); 'third from the top' -> ('top', 3)."""
    found = _NTH.search(norm)
    if not found:
        return None
    end = "top" if found.group(2) in ("best", "highest", "top") or found.group(4) == "top" else "bottom"
    word = found.group(1)
    return end, _ORDINALS[word[0] if word[0].isdigit() else word]


def read_shape(norm: str) -> tuple[str | None, int | None, str]:
    """(order, limit, output) of a table question: "top 5" is ("top", 5, "list"); "how many…" a count."""
    if _DIGEST.search(norm):
        return None, None, "digest"
    if _OVERRIDE_COST.search(norm):
        return "top", None, "override_cost"
    narrowest = _LIKELY_SPAN_ORDER.search(norm)
    if narrowest and not _COUNT.search(norm):
        counted = re.search(rf"\b{_N} (\w+ )?(trusts|ones|providers)\b", norm)
        n = _count(counted.group(1)) if counted else None
        word = narrowest.group(1) or narrowest.group(6)
        wide = word in ("widest", "broadest", "largest", "biggest", "least certain", "longest")
        return ("bottom" if wide else "top"), n or (10 if _PLURAL.search(norm) else 1), "likely_span"
    if _MOVERS.search(norm):
        down = bool(_MOVED_DOWN.search(norm)) and not _MOVED_UP.search(norm)
        match = re.search(rf"\b{_N}\b", norm)
        n = _count(match.group(1)) if match and not re.search(r"\bq ?[1-4]\b", match.group(0)) else None
        return ("bottom" if down else "top"), n, "movers"
    if _SHARE.search(norm):
        return None, None, "share"
    if _BY_REGION.search(norm):
        return _order(norm)[0], None, "by_region"
    if _BY_SUBTYPE.search(norm):
        return _order(norm)[0], None, "by_subtype"
    if (_COUNT.search(norm) and not _AND_WHICH.search(norm)) or _BY_SEGMENT.search(norm):
        return None, None, "count"
    order, n = _order(norm)
    return order, n, "list"


def _order(norm: str) -> tuple[str | None, int | None]:
    norm = re.sub(r"\b\d+ ?(weeks?|hours?|hrs?|days?|minutes?|months?)\b", " ", norm)   # "the worst 52 week waits"
    norm = _TOP_SEGMENTS.sub(" ", _BOTTOM_SEGMENTS.sub(" ", norm))      # "the bottom two segments": segments 3 and 4
    norm = _TABLE_ORDINAL.sub(" ", _COULD_RANK.sub(" ", _PLACED.sub(" ", norm)))   # "the first table", "could be
    # top 10", "how many of the top 10": not an order
    top, bottom = _TOP.search(norm), _BOTTOM.search(norm)
    if not (top or bottom):
        return None, None
    match = top if top and (not bottom or top.start() <= bottom.start()) else bottom
    assert match is not None
    numbers = [g for g in match.groups() if g and (g.isdigit() or g in _NUMBER_WORDS)]
    if not numbers:                                     # "the worst in the country, like the bottom three"
        same_end = _TOP if match is top else _BOTTOM
        numbers = [g for later in same_end.finditer(norm, match.end()) for g in later.groups()
                   if g and (g.isdigit() or g in _NUMBER_WORDS)][:1]
    n = _count(numbers[0]) if numbers else None
    counted = _WHICH_N.search(norm)
    if n is None and counted:
        n = _count(counted.group(2))                    # "which 5 trusts are at the very bottom?"
    if n is None and re.search(r"^(who|which (\w+ ){0,3}(trust|hospital)) (has|is|was|s|had|got|gets)\b", norm):
        n = 1                                           # "who has the worst 52-week waits of all the trusts?"
    if n is None and re.search(r"^(which|what) (\w+ ){0,3}(trust|hospital|one)( \w+){0,4} (is|was|s|ranks|ranked|"
                               r"comes|came|scored|scores) (the )?(very )?(top|best|highest|lowest|worst|bottom)\b", norm):
        n = 1                                           # "which general hospital in London is highest, leaving out …"
    if n is None:
        n = 10 if _PLURAL.search(norm[match.start():]) else 5 if _PLURAL_AT.search(norm) else 1
    return ("top" if match is top else "bottom"), n
