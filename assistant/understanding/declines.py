"""Questions the assistant declines, and why: the reason picks the decline text the composer shows.

Reasons: empty, injection (instructions to change behaviour or facts), medical_advice, choose_provider,
clinician, complaint, booking (book or hurry someone's care), inspection (a CQC inspection or rating), deaths (deaths in a ward or unit), one_site (one ward,
unit or hospital site rather than the trust), safety (is a
trust safe for my operation?), outside_england, prediction, gaming (how to game a metric), not_covered (GP
practices, dentists, care homes, private hospitals), unrelated.

Some reasons decline only part of a question: "I want to complain about X; where is it in the table?" gets
the pointer (PALS) and still the league position (``PARTIAL``).
"""

from __future__ import annotations

import re

DECLINE_REASONS = ("empty", "injection", "medical_advice", "choose_provider", "clinician", "complaint", "booking", "records", "advocacy",
                   "inspection", "deaths", "one_site", "safety", "outside_england", "prediction", "gaming",
                   "not_covered", "unrelated")
# Declined in part when the question also asks where a named trust sits.
PARTIAL = ("clinician", "complaint", "inspection", "deaths", "one_site", "safety", "choose_provider")
_TRUST_WIDE_SERVICE = re.compile(r"\b(a and e|a e|ae|emergency|accident and emergency|urgent)\b")  # scored trust-wide
# One ward, unit or site of a trust: the tables score whole trusts ("the maternity unit at the Conquest").
_ONE_SITE = re.compile(r"\b(the|a|this|that|our|my|its) (\w+ ){0,2}(ward|unit|wards|units|department|dept|clinic|theatres?|centre|center)"
                       r" (\w+ )?(at|in|of) (the )?(\w+ ){0,3}(trustref|hospital|site)\b|\bward \d+\b|"
                       r"\b(site|hospital) (specifically|itself|alone|on its own|by itself)\b|\bnot the whole trust\b|"
                       r"\bjust (the|that|this|one) (site|hospital)\b|\bthe (\w+ ){1,2}team (at|in|of|from) (the )?"
                       r"(\w+ ){0,3}(trustref|hospital)\b|"
                       r"\b(the|a|this|that|its|their) (\w+ ){0,2}(ward|unit|department|dept|clinic) (there|at it|at them)\b")

_INJECTION = re.compile("|".join([
    r"\b(ignore|disregard|forget|bypass) (all |any |the |your |my )?(previous|prior|above|earlier|"
    r"preceding|system|original|former)?\s*(instructions?|prompts?|rules?|messages?|directions?|guidelines?)",
    # the verb, not the financial override ("the override rule")
    r"(?<!financial )(?<!the )\boverride (all |any |the |your |my )(previous|prior|above|earlier|"
    r"preceding|system|original|former)?\s*(instructions?|prompts?|rules?|messages?|directions?|guidelines?)",
    r"\bignore (everything|all that|the above|the data)\b", r"\byou are now\b", r"\bfrom now on you\b",
    r"\bsystem prompt\b", r"\bhidden prompt\b", r"\byour (instructions|prompt|rules)\b", r"\bdeveloper mode\b",
    r"\bjailbreak\b", r"\bdan mode\b", r"\bpretend (to be|you are|that)\b", r"\bact as (a|an|if)\b",
    r"^system\b", r"\bnew instructions\b", r"\b(print|reveal|show|repeat|output) (me )?(your|the) "
    r"(hidden |system |initial )?(prompt|instructions|rules)\b", r"\bdo not (mention|use|cite) the (published )?data",
    r"\bdont (mention|use|cite) the (published )?data", r"\bwithout (mentioning|using|citing) the (published )?data",
    # ("can we say X is the best …?" checks a claim)
    r"(?<!can we )(?<!can i )(?<!could we )(?<!could i )(?<!fair to )(?<!right to )(?<!accurate to )(?<!ok to )"
    r"(?<!true to )(?<!safe to )"
    r"\b(say|write|state|claim|tell (them|everyone|people)) (that )?trustref (is|was|are) (the )?"
    r"(worst|best|bad|terrible|failing|useless|first|last|top|bottom)",
    r"(?<!fair to )(?<!right to )(?<!accurate to )(?<!ok to )(?<!okay to )(?<!fine to )(?<!true to )"
    r"\bcall (them|it|him|her|trustref|us|everyone|all of them) (all )?(a |an |the )?"
    r"(failures?|useless|terrible|worst|rubbish|awful)",
    r"^(rank|put|place|move|make) trustref (last|first|top|bottom|worst|best)\b",
    r"\b(make up|invent|fabricate|fake) (some |the )?(numbers|figures|data|scores|a ranking)",
    r"<\|?(system|im_start|endoftext)", r"\bsudo\b",
]))
_OUTSIDE = re.compile("|".join([
    r"\bnhs (lothian|greater glasgow|glasgow|grampian|tayside|fife|highland|ayrshire|lanarkshire|"
    r"forth valley|borders|dumfries|orkney|shetland|western isles|scotland|wales|24)\b",
    r"\bhealth board\b", r"\bhealth and social care trust\b", r"\bscotland\b", r"\bscottish\b", r"\bwales\b",
    r"\bwelsh\b", r"\bnorthern ireland\b", r"\bbelfast\b", r"\bcardiff\b", r"\bbetsi cadwaladr\b",
    r"\baneurin bevan\b", r"\bswansea bay\b", r"\bhywel dda\b", r"\bcwm taf\b", r"\bpowys\b",
    r"\bglasgow\b", r"\bedinburgh\b", r"\baberdeen\b", r"\bdundee\b", r"\bireland\b", r"\bhse\b",
    # hospitals in Wales, Scotland and Northern Ireland people ask about by name
    r"\bmorriston\b", r"\bsingleton hospital\b", r"\bglangwili\b", r"\bysbyty\b", r"\bwrexham maelor\b",
    r"\broyal gwent\b", r"\bgrange university hospital\b", r"\bprince charles hospital\b", r"\broyal glamorgan\b",
    r"\bprincess of wales hospital\b", r"\bwithybush\b", r"\bbronglais\b", r"\bninewells\b", r"\braigmore\b",
    r"\bqueen elizabeth university hospital\b", r"\bforth valley royal\b", r"\baltnagelvin\b", r"\bantrim area\b",
    r"\bcraigavon\b", r"\bulster hospital\b", r"\broyal victoria hospital belfast\b",
]))
_MEDICAL = re.compile("|".join([
    r"\bshould i (have|get|take|stop|start|go ahead|book|accept|refuse|be worried)\b",
    r"\b(lump|chest pain|pains?|symptoms?|rash|bleeding|fever|headache|dizzy|swelling|breathless|overdose)\b",
    r"\b(chest|head|stomach|tummy|back|leg|arm|throat|ear|eye|tooth|neck) (hurts|aches|is sore|is painful|is killing)\b",
    r"\bhurts when i\b",
    r"\b(is|could) (this|it|my \w+) (be )?(cancer|serious|dangerous|normal)\b"
    r"(?! (waits?|waiting|treatment|diagnosis|targets?|times?|standards?|measures?|scores?|services?|care)\b)",
    r"\bsafe to (stop|take|start|mix|drink|drive|come off|go off)\b",
    r"\bstop taking\b", r"\b(my|the) (medication|medicine|tablets|pills|antidepressants|dose|prescription)\b",
    r"\bdiagnos(e|is) (me|my)\b", r"\bam i (ill|sick|dying)\b", r"\bwhat should i do about my\b",
    r"\bshould my (mum|dad|mother|father|wife|husband|son|daughter|child|partner) (have|get|take)\b",
]))
# Symptoms now: never answered with a ranking, whatever else the question asks.
_MEDICAL_URGENT = re.compile(r"\b(chest pain|lump|bleeding|breathless|can t breathe|cant breathe|overdose|collapsed|"
                             r"stroke(?! (ward|wards|unit|units|service|services|care|team|centre))|heart attack|suicidal|"
                             r"severe pain)\b")
_CHOOSE = re.compile("|".join([
    r"\bsomewhere better\b", r"\bmove (him|her|them|me|my \w+) (somewhere|to another|elsewhere)\b",
    r"\bwould (she|he|they|i|we|my \w+) be better (off )?(there|at|in)\b", r"\bbetter off (there|elsewhere)\b",
    r"\bwhich (hospital|trust|one) should i\b", r"\bwhere should i (go|be treated|have|get)\b",
    r"\bshould i (go|choose|pick|use|switch)\b", r"\bnear me\b",
    r"\b(where|which|what) is (the |my )?nearest (hospital|a and e)\b", r"\bfind (me )?(the |my )?nearest\b",
    r"\bbest (hospital|trust|place) (for|to have|to get) (my |a |an )?\w+",
    r"\bbest (hospital|trust|place) (\w+ ){1,3}(for|to have|to get) (my |a |an |me )?(\w+ )?(replacement|operation|"
    r"surgery|treatment|op|birth|baby|hip|knee|cataracts?|transplant)\b", r"\brecommend (a|an|me a) (hospital|trust)\b",
    r"\bwhere (can|do) i (get|have) (my )?\w+ (treated|done|operation)\b",
    # choosing between two trusts for one's own care ("we can choose X or Y for my mum's hip, which one?")
    r"\b(choosing|choose|chose|deciding|decide|pick|picking|choice|referred to) (between |of )?(the )?trustref (and|or) "
    r"trustref\b",
    r"\b(can|could) (choose|pick|go to|be referred to|be seen at|have (it|him|her|them) (done )?at) trustref (or|and)\b",
    r"\btrustref (or|vs|versus) trustref (for|with) (my|our|his|her|their|a|the) (\w+ ){0,3}(op|operation|surgery|"
    r"birth|baby|treatment|replacement|hip|knee|heart|bypass|care|stuff)\b",
    r"\bwhich (one |hospital |trust )?should (we|i|he|she|they|my \w+) (go for|go to|pick|choose|go with|use)\b",
    r"\bshould (she|he|i|we|they|my \w+) (switch|move|change|transfer) (to )?(a |an |another |a different )?"
    r"(service|hospital|trust|team|provider|gp|consultant)\b",
]))
_CLINICIAN = re.compile(r"\b(dr|doctor|surgeon|consultant|nurse|midwife|physician|anaesthetist|specialist "
                        r"called|mr|mrs|ms|professor|prof) [a-z]+ (at|from|in)\b|\b(which|best|good|worst) "
                        r"(consultant|surgeon|doctor|nurse|midwife|gp)s?\b|\b(a good|any good as a|the best) "
                        r"(surgeon|doctor|consultant)\b|\bdr [a-z]+\b|"
                        r"\b(best|good|top|worst|which) (\w+ ){1,2}(surgeons?|consultants?|doctors?|midwives|midwife)\b")
_PREDICTION = re.compile("|".join([
    r"\bnext (quarter|year|time|table|league table)\b", r"\b(predict|prediction|forecast|projection)s?\b",
    r"\bgoing to (be|move|rise|fall|drop|improve|get|end up|stay|climb)\b", r"\bin the future\b",
    r"\bwill (trustref|it|they|we|the \w+|\w+ trust|any trust|anyone|which trust|who|\w+) (be|move|rise|fall|"
    r"drop|improve|get|climb|go|stay|end up|top|come|still be|lose|reach|make it)\b",
    r"\bwhich trust will\b", r"\bwho will\b", r"\bwill be (top|bottom|first|last|in segment)\b",
]))
_GAMING = re.compile(r"\b(make|get|getting|making) (our|the|its|their|my) .{0,40}\b(look|appear) (better|good|nicer)\b|"
                     r"\b(easiest|easy|quickest|simplest) to (game|fiddle|manipulate)\b|\bgam(e|ing) (the|a|our) "
                     r"(metrics?|measures?|system|table|figures|numbers)\b|"
                     r"\b(look|appear) better before\b|\bbefore (the )?(next )?(quarter s )?(data|figures|numbers) "
                     r"(is |are )?(pulled|taken|collected|submitted|counted)\b|\bbefore the (quarter|next "
                     r"snapshot|snapshot|census|submission|deadline)( (closes|ends|is over))?\b|\boff the list before\b|"
                     r"\bquickest way to (improve|boost|get|push) (our|the|its)\b|"
                     r"\b(game|gaming|cheat|cheating|manipulate|manipulating|trick|tricking|fiddle|fiddling|massage|"
                     r"massaging|rig|rigging|fudge|fudging|doctor|doctoring|fake|faking) (the |our |a |my )?"
                     r"(\w+ )*?(metric|metrics|score|scores|figures|numbers|data|system|table|rankings?|league)\b"
                     r"|\bhow (do|can) (i|we) (game|cheat|fiddle)"
                     r"|\bwithout (actually |really )?(treating|seeing|helping|improving|caring for) (more |any )?"
                     r"(people|patients|care)\b")
_NOT_COVERED = re.compile(r"\b(gp|gps|gp surgery|general practice|dentists?|dental|pharmac(y|ies|ist)|care homes?|"
                          r"private hospitals?|bupa|nuffield health|spire|opticians?)\b")
_COMPLAINT = re.compile(r"\bcomplain\w*\b|\bcomplaints?\b|\bpals\b|\bpatient advice and liaison\b|"
                        r"\bombudsman\b|\bsue\b|\bsuing\b|\bcompensation\b|\bnegligence\b|"
                        r"\b(disgusted|appalled|outraged|furious|livid|horrified|fuming) (with|by|at) (the )?(trustref|"
                        r"hospital|care|treatment|staff|way)\b|\bnever (called|rang|phoned|got back|came back)\b|\b(didn t|didnt|did not) (call|ring|phone|get) "
                        r"(me |us |him |her )?back\b")
# Asking us to book, hurry or move someone's care: the hospital or GP does that.
_BOOKING = re.compile(r"\b(get|have) (him|her|them|me|us|my \w+) seen (quicker|faster|sooner)\b|"
                      r"\bjump the (queue|list|waiting list)\b|\bspeed (it )?up (for|my|his|her)\b|"
                      r"\bcan you (get|make|help) (him|her|them|me|my \w+) (seen|an appointment)\b|"
                      r"\b(book|make|get|cancel|move|change) (me|us|him|her|them|my \w+) (an |a )?(new )?(appointment|slot|"
                      r"bed|operation)\b|\b(book|cancel|rearrange|reschedule) (an |my |a |the )?(appointment|operation|"
                      r"op|scan|slot)\b")
# Writing a case for someone ("a press release saying the tables are rigged"): the figures, not the argument.
_ADVOCACY = re.compile(r"\b(write|draft|make|create) (me )?(a |an |some )?(\w+ )?(press release|statement|letter|article|post|"
                       r"tweet|blog|campaign|petition)\b.*\b(saying|claiming|arguing|proving|that says|that shows|to show|"
                       r"to prove)\b.*\b(rigged|unfair|biased|wrong|fixed|a joke|rubbish|nonsense|against)\b")
# Someone's own health records: the NHS App, the GP or the care team has them.
_RECORDS = re.compile(r"\b(check|see|get|read|look at|find|access|show me|view) (my|his|her|their|our|mum s|dad s|"
                      r"my \w+ s) (\w+ )?(test results?|results|blood tests?|scan results?|records|medical records|notes|"
                      r"letters?)\b|\bmy (test|blood test|scan) results\b")
_INSPECTION = re.compile(r"\bcqc\b.*\b(say|said|says|report|reports|inspect\w*|rat(e|ed|ing|ings)|found|visit\w*|"
                         r"verdict)\b|\b(inspection|inspectors?) (report|rating|found|said)\b|\binspection of\b|"
                         r"\binspect\w* by (the )?(cqc|care quality commission|inspectors?)\b|"
                         r"\b(cqc|care quality commission) (inspectors?|inspections?)\b|"
                         r"\b(cqc|care quality commission)( \w+){0,2} (what|did) (did )?(they|it) (say|find|found|said)\b|"
                         r"\bwhat did (the )?(cqc|inspectors?)\b|\b(rated|rating) (outstanding|good|inadequate|"
                         r"requires improvement)\b|\b(outstanding|inadequate|requires improvement) (rating|by)\b")
# An inspection question about a named trust or a service ("what did the CQC say about X's maternity unit?"),
# not about CQC ratings in general ("how do CQC ratings differ from the tables?").
_A_PLACE = re.compile(r"\btrustref\b|\b(ward|unit|maternity|a and e|department|hospital|my|our|their|its)\b|"
                      r"\b(best|worst|highest|lowest|top|bottom) cqc\b|\bwhich (trusts?|hospitals?) (has|have|got|is|are)\b|"
                      r"\bwhat did (the )?(cqc|inspectors?)( inspectors?)? (find|say|said|report)\b")
_ITS_RATING = re.compile(r"^(and |so |ok |what about |whats |what s |what is )*(the )?(cqc )?(rating|report|inspection)\b|"
                         r"\bthe (cqc )?(rating|report|inspection)$|^(and |so |what about |how about )?(the )?(cqc|care quality "
                         r"commission|inspectors?)\b")
_DIED_THERE = re.compile(r"\b(died|passed away|passed) (at|in) (the )?trustref\b")
_DEATHS = re.compile(r"\b(died|deaths?|dying|killed|fatalit\w*|mortality) (on|in|at) (the |a |their |its |our )?"
                     r"(\w+ )?(ward|unit|department|maternity|theatre|a and e|icu|itu|nicu|neonatal)\b|"
                     r"\bhow many (people|patients|babies|mothers|children) (have )?died\b|\bbaby deaths?\b|"
                     r"\b(ward|unit) \w* ?deaths?\b|\bdeaths? (on|in) ward\b|\bmaternity (deaths|scandal)\b")
_SAFETY = re.compile(r"\bsafe (for|to have|to get|enough for|place) (my |a |an |me |the |our )?\w*|"
                     r"\b(is|are) (the |this |that |their |its )?(\w+ )?(unit|ward|department|service|maternity|"
                     r"surgery|a and e|hospital) safe\b|"
                     r"\b(is|are) (it|trustref|they|the hospital|this hospital|that hospital) safe\b|"
                     r"\btrustref (is|are) safe\b|\bsafe to (go|be treated|give birth|have)\b|\bhow safe\b|"
                     r"\bshould (i|we) (be|feel) (scared|worried|safe)\b|\bis it dangerous\b|"
                     r"\bwould you (trust|send|take) (trustref|them|it|they|that hospital|the hospital) (with|for)\b")
# "should we worry?", "should I be worried about my operation there?" beside a trust: what the table can't tell
_WORRIED = re.compile(r"\bshould (i|we) (be |feel )?(worried|worry|scared|concerned|nervous|anxious)\b")
_UNRELATED = re.compile("|".join([
    r"\bweather\b", r"\b(rain|raining|sunny|snowing|temperature)\b", r"\bpoems?\b",
    r"\b(tell|say|write|know|make|share) (me |us )?(a |any |some |another )?(good |funny )?jokes?\b", r"\brecipes?\b", r"\bfootball\b", r"\bpremier league\b",
    r"\bsongs?\b", r"\b(tell|write|read) (me |us )?(a |an )?(\w+ )?story\b", r"\bbedtime story\b", r"\btranslate\b", r"\bcapital of\b", r"\bstock (price|market)\b",
    r"\bbitcoin\b", r"\bhomework\b", r"\bessay\b", r"\bwrite (me )?(a|some) (code|program|script)\b",
    r"\bpython (code|script)\b", r"\bwho won\b", r"\bhoroscope\b", r"(?<!\bpostcode )\blottery\b", r"\bcook\b",
    r"\bmovie\b", r"\bfilm\b", r"\bholiday\b", r"\bprime minister\b", r"\belection\b",
]))


def decline_reason(masked: str, future_quarter: bool = False, about_a_trust: bool = False) -> str | None:
    """Why the question is out of scope, or None. ``masked`` is the normalised question with named trusts
    replaced by 'trustref'; ``about_a_trust``: the conversation is about one trust ("what's the CQC rating?" is
    its rating). Order matters: an injection attempt is declined even inside a fair question."""
    if not masked.strip():
        return "empty"
    if _INJECTION.search(masked):
        return "injection"
    if _OUTSIDE.search(masked):
        return "outside_england"
    if _GAMING.search(masked):
        return "gaming"
    if _CLINICIAN.search(masked):
        return "clinician"
    if _DEATHS.search(masked) or _DIED_THERE.search(masked):
        return "deaths"
    if _COMPLAINT.search(masked):
        return "complaint"
    if _BOOKING.search(masked):
        return "booking"
    if _RECORDS.search(masked):
        return "records"
    if _ADVOCACY.search(masked):
        return "advocacy"
    if _INSPECTION.search(masked) and (_A_PLACE.search(masked) or (about_a_trust and _ITS_RATING.search(masked))):
        return "inspection"
    if ("trustref" in masked or (about_a_trust and re.search(r"\bthere\b|\b(at|with) (it|them)\b", masked))) \
            and _WORRIED.search(masked) and not _MEDICAL_URGENT.search(masked):
        return "safety"                 # "should I be worried about my operation at the N&N?": what the table can't tell
    if _MEDICAL.search(masked) or _MEDICAL_URGENT.search(masked):
        return "medical_advice"
    if _SAFETY.search(masked):
        return "safety"
    if _ONE_SITE.search(masked) and not _TRUST_WIDE_SERVICE.search(masked):
        return "one_site"
    if _CHOOSE.search(masked):
        return "choose_provider"
    if _PREDICTION.search(masked) or (future_quarter and re.search(r"\bwill\b|\bin q[34]\b", masked)):
        return "prediction"
    if _UNRELATED.search(masked):
        return "unrelated"
    if _NOT_COVERED.search(masked):
        return "not_covered"
    return None
