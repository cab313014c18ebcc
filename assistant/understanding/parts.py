"""Questions that ask two separate things ("how is Bradford District Care doing, and how many mental health
trusts are in segment 2?"): each part is understood on its own and both are answered, the part about a trust
first in the conversation's memory.

A question is split only at a clear boundary (a question mark, a semicolon, or a comma or "and"/"also"
before a new question word), and only when one part is about named trusts and the other is a question of its
own: about a table or the method, or one we decline (answered with its pointer, the trust part kept). A part
that points back ("and why?", "is it one of them?") belongs to the question it points to, so the whole is read
as one.
"""

from __future__ import annotations

import re

from assistant.query import TRUST_INTENTS, Query
from assistant.session import Context
from assistant.understanding.steps import understand

_STARTS = (r"(how|what|whats|what's|which|who|whos|who's|where|wheres|where's|why|is|are|was|were|does|do|did|has|"
           r"have|can|could|tell|give|list|name|explain)\b")
_BOUNDARY = re.compile(rf"(?:\?+|;|,|\.)\s*(?:(?:and|also|plus|then|but|oh and)\s+)*(?={_STARTS})|"
                       rf"\s+(?:and|also|plus)\s+(?:also\s+)?(?={_STARTS})", re.IGNORECASE)
SEPARATE_INTENTS = ("table", "definition", "method")
MIN_WORDS = 3


def split_at_boundaries(text: str) -> list[tuple[str, str]]:
    """Every way to cut the text in two at a clear boundary, each side at least three words."""
    cuts = []
    for found in _BOUNDARY.finditer(text):
        first, second = text[:found.start()].strip(" ,;."), text[found.end():].strip()
        if len(first.split()) >= MIN_WORDS and len(second.split()) >= MIN_WORDS:
            cuts.append((first, second))
    return cuts


def understand_parts(question: str, context: Context, store, whole: Query) -> list[Query]:
    """The question's parts when it asks two separate things (see ``_separate``), in the order asked; otherwise
    ``[whole]``."""
    if whole.decline == "injection":                     # "ignore the above, and …": nothing of it is answered
        return [whole]
    for first_text, second_text in split_at_boundaries(question):
        first = understand(first_text, context, store)
        second = understand(second_text, first.context, store)
        if _separate(first, second):
            return [first, second]
        if _separate(second, first) and not second.uses_context:
            return [first, second]
    return [whole]


def _separate(about_trusts: Query, other: Query) -> bool:
    """One part about named trusts, the other a question of its own that needs none of them: about a table or
    the method, or one we decline ("how does my GP surgery compare, and how is Torbay doing?")."""
    declined_alone = other.intent == "out_of_scope" and other.decline not in (None, "empty", "injection")
    return (about_trusts.intent in TRUST_INTENTS and bool(about_trusts.trusts) and not about_trusts.candidates
            and not about_trusts.declined and not about_trusts.needs_clarification
            and (other.intent in SEPARATE_INTENTS or declined_alone) and not other.trusts and not other.uses_context
            and not other.candidates and not other.needs_clarification)
