"""Trust names: the one resolver for every part of the product (chat, command line, API, tools, app).

    from scoring.names import resolve_trust, find_trust_mentions
    resolve_trust(store, "Addenbrooke's")          # 'RGT'
    find_trust_mentions("compare guys with kings", store)
"""

from scoring.names.finder import TrustFinder, TrustMention, find_trust_mentions, resolve_trust, trust_finder
from scoring.names.words import Word, normalise, words

__all__ = ["TrustFinder", "TrustMention", "Word", "find_trust_mentions", "normalise", "resolve_trust",
           "trust_finder", "words"]
