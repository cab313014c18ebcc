"""A trust from what a user typed: an ODS code, or a name (case and "NHS Foundation Trust" optional)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from nhs_league.errors import AmbiguousTrust, UnknownTrust
from scoring.store import Store

_SUFFIX = re.compile(r"\b(nhs\s+)?(foundation\s+)?trust\b|\bnhs\b|\bft\b", re.IGNORECASE)


def normalise(name: str) -> str:
    """Lower case, '&' as 'and', no "NHS (Foundation) Trust", no punctuation."""
    text = name.lower().replace("&", " and ").replace("’", "'")
    text = _SUFFIX.sub(" ", text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text).replace("'", "")
    return " ".join(text.split())


def resolve_trust(store: Store, text: str) -> str:
    """The ODS code of the one trust ``text`` names.

    Exact code, then exact normalised name, then a unique name containing every word typed, then fuzzy
    (rapidfuzz WRatio ≥ 88 with a clear lead). Several equally good matches raise ``AmbiguousTrust``;
    none raises ``UnknownTrust`` with the closest names.
    """
    query = (text or "").strip()
    codes = dict(zip(store.trusts["trust_code"].str.upper(), store.trusts["trust_code"]))
    if query.upper() in codes:
        return codes[query.upper()]
    names = dict(zip(store.trusts["trust_code"], store.trusts["trust_name"]))
    wanted = normalise(query)
    if not wanted:
        raise UnknownTrust(query)
    normal = {code: normalise(name) for code, name in names.items()}
    exact = [c for c, n in normal.items() if n == wanted]
    if len(exact) == 1:
        return exact[0]
    words = wanted.split()
    containing = [c for c, n in normal.items() if all(re.search(rf"\b{re.escape(w)}\b", n) for w in words)]
    if len(containing) == 1:
        return containing[0]
    if len(containing) > 1:
        raise AmbiguousTrust(query, sorted((c, names[c]) for c in containing))
    matches = process.extract(wanted, normal, scorer=fuzz.WRatio, limit=5)
    good = [(score, code) for _, score, code in matches if score >= 88]
    if good and (len(good) == 1 or good[0][0] - good[1][0] >= 5):
        return good[0][1]
    if len(good) > 1:
        raise AmbiguousTrust(query, [(code, names[code]) for _, code in good])
    raise UnknownTrust(query, [names[code] for _, score, code in matches[:3] if score >= 60])
