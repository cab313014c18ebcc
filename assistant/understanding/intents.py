"""The phrase patterns behind a question's intent (named trusts read as 'trustref'). ``classify`` in
``assistant.understanding.steps`` tries them in order: help, what-if, compare, movement, table, method,
definition, position; whether a trust is named (or referred to) decides between a table question ("which is
the best hospital trust?") and a position question ("is Moorfields really the best?").
"""

from __future__ import annotations

import re


HELP = re.compile(r"^(help|help me|hi|hello|hey|hiya|good (morning|afternoon|evening)|start|menu|options|\?+)$"
                  r"|\bwhat (can|do) you (do|know|cover)\b|\bwhat can i ask\b|\bhow do i use (this|you)\b"
                  r"|\bwho are you\b|\bwhat are you\b|\bwhat is this (tool|assistant|app)\b|\bhelp me\b"
                  r"|^(can you help|how does this work)\b|\bexample questions\b"
                  r"|\bwhat (sort|sorts|kind|kinds|type|types) of (things|questions|stuff) (can|could|should) i\b")
WHATIF = re.compile("|".join([
    r"\bwhat would it take\b", r"\bwhat if\b", r"\bwhat would (trustref|it|they|we|us|our|its|their)\b",
    r"\bwhat would \w+ need\b", r"\bwhat do (we|they) need\b", r"\bneed(s)? to (improve|do|change|get|reach)\b",
    r"\b(would|could) (trustref|it|they|we|its|our|their|the trust) (rank|move|rise|climb|change|be|reach|get)\b",
    r"\bwould (its|our|their|the) (rank|segment|position|average|score) (change|be|move)\b",
    r"\bhow much would\b", r"\bhow (many|far) (places|positions|ranks) would\b", r"\bhow many places would\b",
    r"\b(to|into|reach|get to|get into|move into|move up to) segment [1-4]\b", r"\bmove up a segment\b",
    r"\bget off the bottom\b", r"\bif (trustref|it|they|we|our|its|their|the trust)\b.*\b(improved?|cleared?|"
    r"halved?|doubled?|hit|was|were|had|reached|got|cut|reduced?|increased?|wasnt|werent|didnt|moved)\b",
    r"\bwithout the (financial )?override\b.*\bwould\b|\bwould\b.*\bwithout the (financial )?override\b",
    r"\bif (it|they|we|trustref) (wasnt|werent|was not|were not) in deficit\b", r"\bof\d{4} ?\d",
    r"\bwhat happens if\b", r"\bsuppose\b", r"\bimagine\b", r"\bhypothetically\b",
]))
COMPARE = re.compile(r"\bcompar|\bvs\b|\bagainst trustref\b|\b(better|worse|higher|lower|ahead|above|below) than "
                     r"trustref\b|\bwhich (of the two|is (better|higher|ranked higher|lower|worse|ranked lower)|"
                     r"one is|does better)\b|\btrustref or trustref\b|\bdifference between\b|"
                     r"\b(the two|both|each other)\b|\bside by side\b|\bhow do (we|they) stack up\b")
MOVEMENT = re.compile("|".join([
    r"\bsince\b", r"\b(than|compared (with|to)) (the )?(last|previous|prior) quarter\b",
    r"\b(is|are) (it|they|trustref|we) (any )?(better|worse) now\b", r"\bwhere (is|are) (it|they|trustref|we) now\b",
    r"\b(was|were) (it|they|trustref|we)?\b.*\bq ?[1-4]\b.*\b(now|wasn t|wasnt|weren t)\b",
    r"\bwas (top|bottom|first|last|in segment [1-5]) in q ?[1-4]\b",
    r"\b(last|previous) quarter (too|as well|again)\b", r"\bbetween (the )?quarters\b", r"\bq ?[1-4] (to|vs) q ?[1-4]\b",
    r"\b(got|get|getting|gotten|became|become) (worse|better)\b", r"\bimproved?\b", r"\bimproving\b",
    r"\b(go|went|gone|going|move|moved|moving|jump|jumped|climb|climbed|slip|slipped|slide|slid) "
    r"(up|down)\b", r"\b(drop|dropped|dropping|fell|fall|falling|rose|rise|rising|slipped|declined?|"
    r"deteriorated?|worsened)\b", r"\bchanged?\b", r"\bchanges\b", r"\bmovement\b", r"\bmove between\b",
    r"\bmoved\b", r"\bover time\b", r"\btrend\b", r"\bcompared (with|to) (last|the previous|q ?[1-4])\b",
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
GLOSSARY = re.compile(r"\bsegment [1-5]\b|\bsegments?\b|\boverride\b|\brecovery support\b|\bimprovement programme\b|"
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
    r"\bleft out\b", r"\bcaveats?\b", r"\blimitations?\b", r"\bfair\b", r"\bweight(ed|ing)?\b",
    r"\bwho (decides|publishes|makes)\b", r"\bwhere does the data come from\b", r"\bdata source\b",
    r"\bhow often\b", r"\bwhen (is|are|will) (the )?(next )?(tables?|data|results) (published|updated|out)\b",
    r"\bwhat (counts|is scored|metrics are)\b", r"\bwhich metrics\b", r"\bwhat metrics\b",
    r"\bhow does the (financial )?override work\b", r"\bname and shame\b", r"\bwhy (rank|league)\b",
    r"\bspecialist (trusts|hospitals) (come |are )?(top|first)\b",
]))
POSITION = re.compile(r"\bhow (is|are|was|were|did|does|do|good|well|bad)\b|\bposition\b|\brank|\bsegment\b|"
                      r"\bdoing\b|\bwhy\b|\bwhere (does|do|is|are)\b|\bany good\b|\bscore|\bplace\b|\bcontext\b|"
                      r"\bsummary\b|\bbottom\b|\btop\b|\bbest\b|\bworst\b|\bperform|\bresults?\b")
# Words that point back to something said earlier in the conversation.
REFERENT = re.compile(r"\b(it|its|they|them|their|theirs|that|this one|that one|the trust|the hospital|same trust|"
                      r"we|us|our|ours|the two|both|the first one|the second one|the last one|the top one|"
                      r"the first|the second|the third|the last|he|she)\b")
FOLLOW_UP = re.compile(r"^(and|so|but|ok|okay|then|also|what about|how about|and what about|and how about|why|"
                       r"really|is that|and in|and for|what of)\b|^\w+$")


# "compared with the median / similar trusts": one trust against its peers is a position question.
PEERS = re.compile(r"\bcompare(d|s)? (with|to|against) (the )?(median|average|peers?|others|other (trusts|hospitals|"
                   r"ones|places)|similar|national|rest|region|england|everyone|trusts like|hospitals like)\b|\b(against|versus|vs) (its |our |their )?(peers|"
                   r"the median|similar trusts)\b")
QUARTER_PAIR = re.compile(r"\bq ?[1-4] (vs|to|and|versus|or) q ?[1-4]\b|\bbetween q ?[1-4] and q ?[1-4]\b")
ABOVE = re.compile(r"\b(above|ahead of|below|behind|higher than|lower than|just above|just below|next to|around)"
                   r" (it|them|us|trustref)\b")
WHY = re.compile(r"\bwhy\b|\bhow come\b|\bwhat (s|is|are) (dragging|pulling|holding|keeping|letting) \w+( \w+)? "
                 r"(down|back)\b|\b(dragging|pulling|holding|keeping) (it|them|us|trustref|\w+) (down|back)\b|"
                 r"\breasons?\b|\bexplain\b|\bbecause\b|\bwhat (puts|put|keeps|kept|makes|made|got) (it|them|us|"
                 r"trustref)\b|\bwhich (measures|metrics|scores|areas|things) (pull|drag|hold|let|put|keep)|"
                 r"\bwhat (went|is going|s going) wrong\b|\bwhat (are|were) (its|their|our) (weak|worst|best|strong)")
ONE_MEASURE = re.compile(r"\b(one|single|a single|just one|only one|1|one bad) (measure|metric|thing|indicator|score|"
                         r"factor|number|area|figure)\b|\bbecause of (one|a single|a particular)\b|"
                         r"\bdown to (one|a single|just one)\b|\bjust (the|its|their) \w+ (score|measure)\b")
