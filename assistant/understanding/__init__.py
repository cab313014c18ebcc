"""Question understanding: one question in, one typed ``Query`` out (intent, trusts, tables, quarters, filters,
what-if changes, register, declines), by rules (no model).

    from assistant.understanding import understand
    q = understand("why is kingston near the bottom?")
    q.intent, q.trusts, q.why, q.premise        # 'position', ('RAX',), True, 'bottom'
    q2 = understand("and their finances?", q.context)
"""

from assistant.query import INTENTS, Filters, Query
from assistant.session import Context
from assistant.understanding.declines import DECLINE_REASONS
from assistant.understanding.steps import understand
from assistant.understanding.tables import REGIONS

__all__ = ["DECLINE_REASONS", "INTENTS", "REGIONS", "Context", "Filters", "Query", "understand"]
