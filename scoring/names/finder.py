"""The one trust resolver: which trusts a text names, by alias, hospital, full name, ODS code, town, postcode
or misspelling. The chat, the command line, the API, the LangChain tools and the app all use it.

``find_trust_mentions(text, store)`` returns each mention in order with the codes it could mean (one when
resolved, several when ambiguous: the caller asks which one). ``resolve_trust(store, text)`` turns a name
typed on its own into one code, or raises ``UnknownTrust`` / ``AmbiguousTrust`` with the candidates.
Exact matches are tried first (longest words first); misspellings are matched with rapidfuzz only on words
no exact match used, on the distinctive words (a misspelt "hosptial" reads as the generic "hospital"), with
cut-offs strict enough that ordinary words ("tables", "needs", "parts") never become trusts. The lookup is
built once per store and kept on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from scoring.names.name_table import CASE_SENSITIVE, GENERIC, NameTable, build_name_table
from scoring.names.spelling import Vocabulary, mend_words
from scoring.names.words import Word, normalise, words
from nhs_league.errors import AmbiguousTrust, UnknownTrust

MAX_WORDS = 8            # longest alias, in words
FUZZY_MAX_WORDS = 6
_CODE = re.compile(r"^(?:[a-z]{1,3}[0-9][a-z0-9]{0,3}|[a-z]{3})$")
_POSTCODE_DISTRICT = re.compile(r"^[a-z]{1,2}[0-9][a-z0-9]?$")
_INWARD = re.compile(r"^[0-9][a-z]{2}$")
# Words too common in questions to start or end a misspelt name.
_QUESTION_WORDS = frozenset("""
a an the and or of for in on at to is are was were be been being do does did doing done how why what which who
whom when where whose we us our my me i you your it its they them their this that these those there here with
without from by about as than then so if would could should will can may might must not no yes any some all
more most less least very really just only also still segment segments rank ranked ranking position table
tables league score scores scored average metric metrics quarter quarters trust trusts hospital hospitals
compare compared comparison versus vs top bottom best worst better worse good bad doing done made make
override financial finance finances deficit help mean means meaning explain tell show give list many much
arent isnt wasnt werent dont doesnt didnt cant wont wouldnt couldnt shouldnt hasnt havent hadnt whats whos
hows wheres thats theres youre theyre weve ive youd lets
""".split())


@dataclass(frozen=True)
class TrustMention:
    """A run of words that names one trust (``codes`` has one code) or could name several."""

    text: str
    start: int                   # word index, inclusive
    end: int                     # word index, exclusive
    codes: tuple[str, ...]
    how: str                     # alias | site (one hospital of a trust) | name | code | postcode | town | misspelling

    @property
    def ambiguous(self) -> bool:
        return len(self.codes) > 1


# "the MRI scan": the words after "the mri" that make it a scan, not Manchester Royal Infirmary
_SCAN_WORDS = frozenset({"scan", "scans", "scanner", "scanners", "machine", "machines", "results", "result", "wait",
                         "waits", "waiting", "appointment", "department", "unit", "report", "reports"})


class TrustFinder:
    """The lookup for one store: built once, then each question costs a few dictionary probes."""

    def __init__(self, store) -> None:
        trusts = store.trusts
        self.names_by_code = dict(zip(trusts["trust_code"], trusts["trust_name"]))
        self.tables_by_code = dict(zip(trusts["trust_code"], trusts["table"]))
        self.subtypes_by_code = dict(zip(trusts["trust_code"], trusts["subtype"]))
        self.regions_by_code = dict(zip(trusts["trust_code"], trusts["region"]))
        self.icbs_by_code = dict(zip(trusts["trust_code"], trusts["icb_code"]))
        self.table: NameTable = build_name_table(trusts)
        self.codes = {code.lower(): code for code in self.names_by_code}
        self._choices = [alias for alias in self.table.names if len(alias) >= 5 and alias not in self.table.exact_only]
        known = {w for alias in self.table.names for w in alias.split()} | set(_QUESTION_WORDS)
        known |= {w for place in self.table.places for w in place.split()}
        self._generic_long = sorted(w for w in GENERIC if len(w) >= 6)
        # names without their filler words: "royal united bath", "central north west london"
        self._without_filler: dict[str, tuple[str, ...]] = {}
        for alias, codes in self.table.names.items():
            key = _without_filler(alias)
            if key and key != alias:
                merged = self._without_filler.get(key, ()) + codes
                self._without_filler[key] = tuple(dict.fromkeys(merged))
        self._known_words = frozenset(known)
        self.pairs = frozenset((a, b) for alias in self.table.names for a, b in zip(alias.split(), alias.split()[1:]))
        self.vocabulary = Vocabulary(known | GENERIC, self.pairs)

    # -- exact ---------------------------------------------------------------------------------------
    def _code_at(self, word: Word, whole_question: bool) -> str | None:
        code = self.codes.get(word.norm)
        if code is None:
            return None
        if any(ch.isdigit() for ch in code) or whole_question:
            return code
        # Letters-only codes (RAN, RAT, TAD) are words too: only an upper-case spelling counts, unless the code
        # has no vowel and so is no word ("rxn", "rjz").
        return code if word.orig.isupper() or not set(word.norm) & set("aeiouy") else None

    def _place_allowed(self, key: str, span: list[Word], after: str = "") -> bool:
        if key == "the mri" and after not in _SCAN_WORDS:
            return True                       # "is the mri improving?": the infirmary, not a scan
        if key in CASE_SENSITIVE:
            return any(ch.isupper() for w in span for ch in w.orig)
        if _POSTCODE_DISTRICT.match(key) and len(key) <= 2:
            return span[0].orig.isupper()
        return True

    def find(self, question_words: list[Word]) -> list[TrustMention]:
        question_words = mend_words(question_words, self.vocabulary)
        n = len(question_words)
        used = [False] * n
        mentions: list[TrustMention] = []
        whole = n <= 2
        i = 0
        while i < n:
            found = self._exact_at(question_words, i, whole)
            if question_words[i].norm == "the" and i + 1 < n:
                # "the royal london": the name that starts after "the" wins when it reaches as far
                later = self._exact_at(question_words, i + 1, whole)
                if later is not None and (found is None or later.end > found.end or (
                        later.end == found.end and len(later.codes) <= len(found.codes))):
                    found = later           # ("The Rotherham", a trust's own name, beats ambiguous "Rotherham")
            if found:
                mentions.append(found)
                for k in range(found.start, found.end):
                    used[k] = True
                i = found.end
            else:
                i += 1
        mentions = [self._longer_misspelt(question_words, m, used) for m in mentions]
        mentions.extend(self._misspellings(question_words, used))
        return _merge_sites(sorted(mentions, key=lambda m: m.start), question_words)

    def _longer_misspelt(self, ws: list[Word], mention: TrustMention, used: list[bool]) -> TrustMention:
        """'Kings Lyn hospital': an exact short name ("Kings") followed by a misspelt rest of a longer name is
        the longer name."""
        for size in (3, 2, 1):
            end = mention.end + size
            if end > len(ws) or any(used[mention.end:end]) or ws[end - 1].norm in _QUESTION_WORDS:
                continue
            text = " ".join(w.norm for w in ws[mention.start:end])
            found = process.extractOne(text, self._choices, scorer=fuzz.ratio, score_cutoff=90)
            if found and len(found[0]) > len(mention.text) and len(self.table.names[found[0]]) == 1 \
                    and fuzz.ratio(_distinctive(text), _distinctive(found[0])) >= 85:
                for k in range(mention.end, end):
                    used[k] = True
                return TrustMention(" ".join(w.orig for w in ws[mention.start:end]), mention.start, end,
                                    self.table.names[found[0]], "misspelling")
        return mention

    def _exact_at(self, ws: list[Word], i: int, whole: bool) -> TrustMention | None:
        n = len(ws)
        word = ws[i]
        if len(word.norm) == 3 and word.norm.isalpha() and word.orig.isupper() and word.norm in self.codes:
            # "RDE" written in capitals is the ODS code (East Suffolk and North Essex), not "RD&E" the hospital
            return TrustMention(word.orig, i, i + 1, (self.codes[word.norm],), "code")
        for size in range(min(MAX_WORDS, n - i), 0, -1):
            span = ws[i:i + size]
            key = " ".join(w.norm for w in span)
            codes = self.table.names.get(key)
            if not codes and span[-1].base != span[-1].norm:
                key = " ".join([w.norm for w in span[:-1]] + [span[-1].base])
                codes = self.table.names.get(key)
            if not codes and span[-1].norm.endswith("s") and len(span[-1].norm) >= 4:
                # a possessive typed without its apostrophe ("kchs score", "mersey cares ranking"); a generic
                # word's plural only after a trust's own name ("eye hospitals" is plural, not Moorfields)
                bare = " ".join([w.norm for w in span[:-1]] + [span[-1].norm[:-1]])
                level = self.table.levels.get(bare, 9)
                if level <= 2 and (span[-1].norm[:-1] not in GENERIC or level == 1) and (
                        size > 1 or bare in self.table.exact_only or level == 0):
                    key, codes = bare, self.table.names[bare]
            after = ws[i + size].norm if i + size < n else ""
            if codes and (key not in CASE_SENSITIVE or self._place_allowed(key, span, after)):
                how = "site" if key in self.table.sites else "alias" if self.table.levels[key] == 0 else "name"
                return TrustMention(" ".join(w.orig for w in span), i, i + size, codes, how)
            short = _without_filler(key) if size >= 2 else None
            if short and short in self._without_filler and span[0].norm not in _QUESTION_WORDS | _FILLER \
                    and span[-1].norm not in _FILLER:
                return TrustMention(" ".join(w.orig for w in span), i, i + size, self._without_filler[short], "name")
        word = ws[i]
        code = self._code_at(word, whole) or (self._code_at(Word(word.base, word.orig), whole)
                                              if word.base != word.norm else None)
        if code:
            return TrustMention(word.orig, i, i + 1, (code,), "code")
        if i + 1 < n and _POSTCODE_DISTRICT.match(word.norm) and _INWARD.match(ws[i + 1].norm):
            full = (word.norm + ws[i + 1].norm).upper()
            if full in self.table.postcodes:
                return TrustMention(f"{word.orig} {ws[i + 1].orig}", i, i + 2, (self.table.postcodes[full],),
                                    "postcode")
        for size in range(min(4, n - i), 0, -1):
            span = ws[i:i + size]
            key = " ".join(w.norm for w in span)
            codes = self.table.places.get(key)
            if codes and self._place_allowed(key, span):
                how = "postcode" if _POSTCODE_DISTRICT.match(key) else "town"
                return TrustMention(" ".join(w.orig for w in span), i, i + size, codes, how)
        return None

    # -- misspellings ----------------------------------------------------------------------------------
    def _as_generic(self, word: Word) -> str:
        """A misspelt generic word read as itself ("hosptial" -> "hospital"); other words unchanged."""
        if word.norm in self._known_words or len(word.norm) < 6 or word.norm.isdigit():
            return word.base or word.norm
        match = process.extractOne(word.norm, self._generic_long, scorer=fuzz.ratio, score_cutoff=85)
        return match[0] if match else (word.base or word.norm)

    def _misspellings(self, ws: list[Word], used: list[bool]) -> list[TrustMention]:
        ws = [Word(self._as_generic(w), w.orig, self._as_generic(w)) for w in ws]
        grams: list[tuple[int, int, str]] = []
        for i in range(len(ws)):
            for size in range(1, FUZZY_MAX_WORDS + 1):
                j = i + size
                if j > len(ws) or any(used[i:j]):
                    break
                first, last = ws[i].norm, ws[j - 1].norm
                if first in _QUESTION_WORDS or last in _QUESTION_WORDS or first.isdigit() or last.isdigit():
                    continue
                text = " ".join([w.norm for w in ws[i:j - 1]] + [ws[j - 1].base or ws[j - 1].norm])
                if len(text) < 5 or all(w.norm in GENERIC or w.norm in _QUESTION_WORDS for w in ws[i:j]):
                    continue
                grams.append((i, j, text))
        if not grams or not self._choices:
            return []
        scores = process.cdist([g[2] for g in grams], self._choices, scorer=fuzz.ratio, score_cutoff=84,
                               workers=1)
        hits = []
        for row, (i, j, text) in enumerate(grams):
            best = int(scores[row].argmax())
            score = float(scores[row][best])
            alias = self._choices[best]
            if score < (88 if len(text) < 8 or len(alias) < 8 else 85):
                continue
            if fuzz.ratio(_distinctive(text), _distinctive(alias)) < 80:
                continue                    # "urgent community" is not "Kent Community": the words that differ

            # a runner-up naming another trust almost as closely makes the misspelling ambiguous: ask
            close = {code for k in scores[row].argsort()[::-1][:5] if scores[row][k] >= score - 2
                     for code in self.table.names[self._choices[int(k)]]}
            codes = self.table.names[alias] + tuple(sorted(close - set(self.table.names[alias])))
            hits.append((score, j - i, i, j, codes))
        mentions = []
        for score, _, i, j, codes in sorted(hits, key=lambda h: (-h[0], -h[1])):
            if any(used[i:j]):
                continue
            for k in range(i, j):
                used[k] = True
            mentions.append(TrustMention(" ".join(w.orig for w in ws[i:j]), i, j, codes, "misspelling"))
        return mentions


_FILLER = frozenset("the of and nhs foundation trust hospital hospitals".split())


def _without_filler(name: str) -> str | None:
    """A name without its filler words, when what is left still tells it apart: two words or more, one of them
    distinctive, or three or more ("central north west london")."""
    kept = [w for w in name.split() if w not in _FILLER]
    distinctive = [w for w in kept if w not in GENERIC]
    if len(kept) < 2 or (not distinctive and len(kept) < 3):
        return None
    return " ".join(kept)


def _distinctive(text: str) -> str:
    """The words of a name that tell trusts apart ("kent community health" -> "kent")."""
    kept = [w for w in text.split() if w not in GENERIC]
    return " ".join(kept) or text


_PLACE_LINKS = frozenset({"in", "at", "near", "of", "on", "and", "the", "hospital", "nhs"})   # "the QE in King's Lynn"


def _merge_sites(mentions: list[TrustMention], ws: list[Word]) -> list[TrustMention]:
    """'the Queen Elizabeth Hospital in King's Lynn': an ambiguous site next to a place that picks one of its
    trusts is one mention, not two; so is 'Moorfeilds Eye Hospital' (a misspelling beside an alias of the same
    trust). 'Prospect Park Hospital in Reading': a town saying where a hospital is names no trust of its own."""
    merged: list[TrustMention] = []
    for mention in mentions:
        last = merged[-1] if merged else None
        if last is not None and last.how == "site" and not last.ambiguous and mention.how in ("town", "postcode") \
                and mention.start == last.end + 1 and ws[last.end].norm in ("in", "at", "near"):
            merged[-1] = TrustMention(f"{last.text} … {mention.text}", last.start, mention.end, last.codes, last.how)
            continue
        between = {w.norm for w in ws[last.end:mention.start]} if last is not None else set()
        if last is not None and mention.start - last.end <= 2 and between <= _PLACE_LINKS and (
                last.ambiguous or mention.ambiguous or last.codes == mention.codes):
            common = tuple(c for c in last.codes if c in mention.codes)
            if common:
                merged[-1] = TrustMention(f"{last.text} … {mention.text}", last.start, mention.end, common,
                                          last.how)
                continue
        merged.append(mention)
    return merged


def trust_finder(store) -> TrustFinder:
    """The finder for ``store``, built on first use and kept on the store."""
    return store.derived("trust finder", lambda: TrustFinder(store))


def find_trust_mentions(text: str, store) -> list[TrustMention]:
    return trust_finder(store).find(words(text))


def resolve_trust(store, text: str) -> str:
    """One trust's ODS code from a name, alias, hospital, code or misspelling typed on its own.

    Raises ``AmbiguousTrust`` (with the candidates) when the name fits several trusts, ``UnknownTrust`` (with
    the closest names) when it fits none."""
    finder = trust_finder(store)
    query = (text or "").strip()
    if query.lower() in finder.codes:
        return finder.codes[query.lower()]             # an ODS code typed on its own, in any case
    mentions = finder.find(words(query))
    codes = list(dict.fromkeys(code for m in mentions for code in m.codes))
    if len(codes) == 1:
        return codes[0]
    if codes:
        named = [(code, finder.names_by_code[code]) for code in codes]
        raise AmbiguousTrust(query, named)
    guesses = process.extract(normalise(query), finder._choices, scorer=fuzz.WRatio, limit=3, score_cutoff=70)
    names = [finder.names_by_code[finder.table.names[g[0]][0]] for g in guesses]
    raise UnknownTrust(query, list(dict.fromkeys(names)))
