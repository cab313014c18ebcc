"""Question understanding: intent, trusts, metrics, quarter, table and declines, by rules (no model).

    from assistant.understanding import understand, Context
    u = understand("why is kingston near the bottom?")
    u.intent, u.trusts, u.premise        # 'position', ['RAX'], 'bottom'
    u2 = understand("and their finances?", u.context)
"""

from assistant.understanding.context import Context
from assistant.understanding.declines import DECLINE_REASONS
from assistant.understanding.intents import INTENTS
from assistant.understanding.tables import REGIONS, TableQuery
from assistant.understanding.trusts import TrustMention, find_trust_mentions, resolve_trust
from assistant.understanding.understanding import Understanding, understand

__all__ = ["Context", "DECLINE_REASONS", "INTENTS", "REGIONS", "TableQuery", "TrustMention", "Understanding",
           "find_trust_mentions", "resolve_trust", "understand"]
