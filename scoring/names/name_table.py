"""Every name a trust goes by, derived from the store and the curated alias file, as one lookup table.

Levels (a lower level wins when two levels claim the same words):
0. curated aliases (``trust_aliases.yaml``);
1. full names, names without "NHS (Foundation) Trust", hospital sites in the trust's address;
2. short forms: the name without generic words ("Walsall Healthcare" -> "walsall") and its first place word
   ("Kingston and Richmond" -> "kingston"); several trusts sharing a short form make it ambiguous;
3. towns and postcode districts from the ODS address (kept apart: only used when no name matched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from scoring.names.spelling import common_words
from scoring.names.words import normalise

ALIAS_FILE = Path(__file__).with_name("trust_aliases.yaml")        # what people call trusts
SITES_FILE = Path(__file__).with_name("hospital_sites.yaml")       # hospitals and the trusts that run them

# Words that say what kind of body a trust is, not which one; never a short name on their own.
GENERIC = frozenset("""
the of and for in on nhs foundation trust trusts hospital hospitals healthcare health services service teaching
university universities group general county care integrated community partnership mental district royal
north south east west central mid great greater city national new queen queens princess st medical centre
infirmary combined childrens womens children women london midlands england specialist memorial united
acute ambulance learning disability disabilities social valley valleys forest park upon under on sea
hospital site headquarters hq trust offices management main building house unit floor wing
""".split())
# First words of names that are ordinary words or first names: never a short name on their own.
NOT_SHORT_NAMES = frozenset("""
milton george james robert black barking isle alder agnes country guys kings walton princess countess
essex surrey sussex kent devon dorset norfolk suffolk
""".split())
REGION_WORDS = frozenset({"london", "north", "south", "east", "west", "midlands", "yorkshire", "north east",
                          "north west", "south east", "south west", "east of england", "east midlands",
                          "west midlands", "the north", "the south", "the midlands", "england"})
# Towns that are also ordinary words: only matched when written with a capital letter.
CASE_SENSITIVE = frozenset({"reading", "bath", "bury", "harrow", "sutton", "poole", "las", "yas", "mri", "the mri", "jr",
                            "wirral"})
_SUFFIX = re.compile(r"\b(national health service|nhs)( foundation)? trust$|\bfoundation trust$|\btrust$")
_SITE = re.compile(r"(hospital|infirmary|medical centre|hos)\b")


@dataclass
class NameTable:
    """alias words -> codes, with the level each alias came from."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)     # towns and postcode districts
    postcodes: dict[str, str] = field(default_factory=dict)              # full postcode -> code
    exact_only: set[str] = field(default_factory=set)    # initials and run-together names: never a misspelling's target
    sites: set[str] = field(default_factory=set)         # one hospital of a trust ("yeovil district hospital"), not
                                                         # a name for the whole trust

    def add(self, alias: str, code: str, level: int) -> None:
        alias = alias.strip()
        if not alias or alias in REGION_WORDS:
            return
        held = self.levels.get(alias)
        if held is None or level < held:
            self.names[alias], self.levels[alias] = (code,), level
        elif level == held and code not in self.names[alias]:
            self.names[alias] = self.names[alias] + (code,)

    def add_place(self, place: str, code: str) -> None:
        place = place.strip()
        if place and place not in ("london",) and code not in self.places.get(place, ()):
            self.places[place] = self.places.get(place, ()) + (code,)


def core_name(name: str) -> str:
    """'The Rotherham NHS Foundation Trust' -> 'rotherham'."""
    core = _SUFFIX.sub("", normalise(name)).strip()
    return core.removeprefix("the ")


def _without_generic_tail(core: str) -> str:
    parts = core.split()
    while parts and parts[-1] in GENERIC:
        parts.pop()
    return " ".join(parts)


def _lead(core: str) -> str:
    """The name from its first distinctive word ('university hospitals of north midlands' -> 'north midlands')."""
    parts = core.split()
    while parts and parts[0] in ("university", "hospitals", "hospital", "of", "the"):
        parts.pop(0)
    return " ".join(parts)


def _short_forms(core: str) -> list[str]:
    forms = []
    stripped = _without_generic_tail(core)
    if stripped and stripped != core and not all(p in GENERIC for p in stripped.split()):
        forms.append(stripped)
    lead = _lead(core).split()
    if lead:
        first = lead[0]
        if first not in GENERIC and first not in NOT_SHORT_NAMES and len(first) >= 4:
            forms.append(first)
        if len(lead) >= 2 and lead[1] not in ("and", "of", "for") and not all(p in GENERIC for p in lead[:2]):
            forms.append(" ".join(lead[:2]))
        lead_stripped = _without_generic_tail(" ".join(lead))
        if lead_stripped and not all(p in GENERIC for p in lead_stripped.split()):
            forms.append(lead_stripped)
    return [f for f in forms if f and f not in GENERIC and len(f) >= 4]


def _sites(address: str) -> list[str]:
    sites = []
    for part in address.split(","):
        norm = normalise(part)
        if not _SITE.search(norm) or "headquarters" in norm:
            continue
        norm = re.sub(r"\bhos\b", "hospital", norm)
        norm = norm.removeprefix("the ")
        distinctive = [p for p in norm.split() if p not in GENERIC and p != "dist"]
        if distinctive:
            sites.append(norm)
            short = _without_generic_tail(norm)
            if short != norm and not all(p in GENERIC for p in short.split()):
                sites.append(short)
    return sites


def _towns(town: str) -> list[str]:
    norm = normalise(town)
    forms = [norm]
    head = re.split(r" (upon|on|under|in) ", norm)[0]
    if head != norm:
        forms.append(head)
    return forms


@lru_cache(maxsize=1)
def site_names() -> frozenset[str]:
    """The hospital names in ``hospital_sites.yaml``, normalised."""
    raw = yaml.safe_load(SITES_FILE.read_text(encoding="utf-8")) if SITES_FILE.exists() else {}
    return frozenset(normalise(str(key)) for key in (raw or {}))


@lru_cache(maxsize=1)
def curated_aliases() -> dict[str, tuple[str, ...]]:
    """Names people use (trust nicknames, then hospital sites) -> codes; a name in both files keeps the
    trust alias. A list of codes makes a name ambiguous."""
    aliases: dict[str, tuple[str, ...]] = {}
    for path in (SITES_FILE, ALIAS_FILE):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        for key, value in (raw or {}).items():
            aliases[normalise(str(key))] = tuple(value) if isinstance(value, list) else (str(value),)
    return aliases


# Counties as people shorten them ("West Herts", "North Staffs"): every name with the county gets the short form.
COUNTY_SHORT = {"hertfordshire": "herts", "staffordshire": "staffs", "gloucestershire": "glos",
                "buckinghamshire": "bucks", "cambridgeshire": "cambs", "northamptonshire": "northants",
                "nottinghamshire": "notts", "lincolnshire": "lincs", "leicestershire": "leics", "hampshire": "hants",
                "worcestershire": "worcs", "wiltshire": "wilts", "oxfordshire": "oxon", "berkshire": "berks",
                "lancashire": "lancs", "derbyshire": "derbys", "warwickshire": "warks", "shropshire": "salop",
                "bedfordshire": "beds"}


def _with_county_short_forms(table: NameTable) -> None:
    for alias, codes in list(table.names.items()):
        words = alias.split()
        if any(w in COUNTY_SHORT for w in words) and " " in alias:
            short = " ".join(COUNTY_SHORT.get(w, w) for w in words)
            for code in codes:
                table.add(short, code, table.levels[alias])


# Places people shorten to letters inside a name ("Hampshire and IOW Healthcare", "MK hospital").
PLACE_LETTERS = {"isle of wight": "iow", "milton keynes": "mk"}
NOT_INITIALISMS = frozenset({"nth", "sch", "sts", "ccc", "pts", "cft"})   # read as words or other abbreviations
MIN_INITIALISM = 4         # "BDCFT", "HPFT", "TEWV": shorter ones are often words (three without a vowel are not)


def _with_place_letters(table: NameTable) -> None:
    """Every name with a place in it also with the place's letters ("hampshire and iow healthcare")."""
    for alias, codes in list(table.names.items()):
        for place, letters in PLACE_LETTERS.items():
            if place in alias:
                for code in codes:
                    table.add(alias.replace(place, letters), code, table.levels[alias])


def _with_university_hospitals_letters(table: NameTable) -> None:
    """'University Hospitals (of) X' also as 'UH X' ("uh dorset", "uh sussex"), as such trusts write it."""
    for alias, codes in list(table.names.items()):
        short = re.sub(r"^(the )?university hospitals? (of )?", "uh ", alias)
        if short != alias and table.levels[alias] <= 1 and len(short.split()) >= 2:
            for code in codes:
                table.add(short, code, table.levels[alias])


def _with_names_run_together(table: NameTable) -> None:
    """Two-word names written as one word ("mersey care" -> "merseycare", "kings mill" -> "kingsmill")."""
    for alias, codes in list(table.names.items()):
        words = alias.split()
        if len(words) == 2 and table.levels[alias] <= 2 and not set(words) & {"the", "and", "of"}:
            joined = "".join(words)
            if len(joined) >= 8 and joined not in table.names:
                for code in codes:
                    table.add(joined, code, table.levels[alias])
                table.exact_only.add(joined)


def initialisms(name: str) -> list[str]:
    """The letters people write a trust's name as: 'Bradford District Care NHS Foundation Trust' -> 'bdc',
    'bdcft'; 'Hertfordshire Partnership University NHS Foundation Trust' -> 'hpuft', 'hpft'; 'Norfolk
    Community Health and Care' -> 'nchc', 'nch and c' (as "NCH&C" reads). Long enough only (``_long_enough``)."""
    with_of = [w for w in re.sub(r"[^a-z ]", " ", normalise(name)).split() if w not in ("the", "nhs", "for")]
    words = [w for w in with_of if w != "of"]
    core = [w for w in words if w not in ("foundation", "trust")]
    suffix = "ft" if "foundation" in words else "t"
    split_care = [part for w in core for part in (("health", "care") if w == "healthcare" else (w,))]
    forms = []
    if suffix == "ft":                                  # "BDCT": a foundation trust written without its F
        forms.append("".join(w[0] for w in core if w != "and") + "t")
    if "of" in with_of:                                 # "HIOWH": Hampshire and Isle Of Wight Healthcare
        forms.append("".join(w[0] for w in with_of if w not in ("and", "foundation", "trust")))
    tail = len(with_of)
    while tail and with_of[tail - 1] in GENERIC:
        tail -= 1
    if 0 < tail < len(with_of):                         # "HIOW Healthcare": initials, then the generic words
        generic_words = " ".join(w for w in with_of[tail:] if w not in ("foundation", "trust"))
        for lead in (with_of[:tail], [w for w in with_of[:tail] if w != "of"]):
            letters = "".join(w[0] for w in lead if w != "and")
            if generic_words and _long_enough(letters):
                forms.append(f"{letters} {generic_words}")
    # "DHC": Dorset HealthCare University (its initials, without the ending Derbyshire's "DHCFT" has)
    forms.append("".join(w[0] for w in split_care if w not in ("and", "university")))
    for kept in (core, [w for w in core if w != "university"], split_care):      # "DHCFT": Derbyshire HealthCare
        letters = "".join(w[0] for w in kept if w != "and")
        forms += [letters, letters + suffix]
        if "and" in kept:
            at = kept.index("and")
            forms.append("".join(w[0] for w in kept[:at]) + " and " + "".join(w[0] for w in kept[at + 1:]))
            with_a = "".join(w[0] for w in kept)                                  # "SABP": Surrey and Borders
            forms += [with_a, with_a + suffix]
    return list(dict.fromkeys(f for f in forms if _long_enough(f.replace(" and ", ""))))


def _with_initialisms(table: NameTable, trusts, codes: set[str]) -> None:
    """Every trust's initials as a short name; never an ordinary word or an ODS code, and two trusts sharing
    initials makes them ambiguous (asked back)."""
    ordinary = common_words() | NOT_INITIALISMS | {c.lower() for c in codes}
    for row in trusts.itertuples(index=False):
        for letters in initialisms(str(row.trust_name)):
            if letters in ordinary:
                continue
            if letters not in table.names:
                table.add(letters, row.trust_code, 2)
                table.exact_only.add(letters)
            elif table.levels.get(letters) == 2:
                table.add(letters, row.trust_code, 2)


def _long_enough(letters: str) -> bool:
    """Four letters or more, or three with no vowel ("GHC", "LPT": no word looks like that)."""
    return len(letters) >= MIN_INITIALISM or (len(letters) == 3 and not set(letters) & set("aeiouy"))


MAX_SHARED_ENDING = 8      # "the royal infirmary" asks back among a few trusts; "general hospital" means too many


def _with_shared_site_endings(table: NameTable) -> None:
    """The last two words of hospital names, when only generic words ("the royal infirmary", "the county
    hospital") and shared by a few trusts' hospitals: asked back among them, never one trust picked."""
    endings: dict[str, set[str]] = {}
    for alias, codes in table.names.items():
        words = alias.split()
        if table.levels[alias] == 0 and len(words) >= 3 and _SITE.search(words[-1]):
            ending = " ".join(words[-2:])
            if set(ending.split()) <= GENERIC:
                endings.setdefault(ending, set()).update(codes)
    for ending, sharing in endings.items():
        if 1 < len(sharing) <= MAX_SHARED_ENDING and ending not in table.names:
            for alias in (ending, "the " + ending):
                table.names[alias], table.levels[alias] = tuple(sorted(sharing)), 3


def build_name_table(trusts) -> NameTable:
    """Build the lookup from ``store.trusts`` (trust_code, trust_name, postcode, town, address)."""
    table = NameTable()
    known = set(trusts["trust_code"])
    for alias, codes in curated_aliases().items():
        for code in codes:
            if code in known:
                table.add(alias, code, 0)
    for row in trusts.itertuples(index=False):
        code, name = row.trust_code, str(row.trust_name)
        core = core_name(name)
        table.add(normalise(name), code, 1)
        table.add(core, code, 1)
        table.add("the " + core, code, 1)
        for site in _sites(str(row.address or "")):
            table.add(site, code, 1)
        for form in _short_forms(core):
            table.add(form, code, 2)
        if row.town:
            for town in _towns(str(row.town)):
                table.add_place(town, code)
        postcode = str(row.postcode or "").upper().strip()
        if postcode:
            table.postcodes[postcode.replace(" ", "")] = code
            table.add_place(postcode.split()[0].lower(), code)
    _with_county_short_forms(table)
    _with_place_letters(table)
    _with_university_hospitals_letters(table)
    _with_names_run_together(table)
    _with_shared_site_endings(table)
    _with_initialisms(table, trusts, known)
    # A short name that is also a town with several trusts ("cambridge", "leeds"), or a word in several trusts'
    # names ("cornwall": Royal Cornwall Hospitals and Cornwall Partnership), could mean any of them.
    in_names: dict[str, list[str]] = {}
    # an ambulance trust serves a whole region from its headquarters' town: naming the town ("Bolton") is not
    # naming it
    regional = {row.trust_code for row in trusts.itertuples(index=False) if getattr(row, "table", "") == "ambulance"}
    for row in trusts.itertuples(index=False):
        for word in set(core_name(str(row.trust_name)).split()) - GENERIC:
            in_names.setdefault(word, []).append(row.trust_code)
            if word.endswith("shire") and len(word) > 9:     # "Nottingham" fits Nottinghamshire Healthcare too
                in_names.setdefault(word.removesuffix("shire"), []).append(row.trust_code)
    for stem, holders in in_names.items():                 # "Gloucester": the Gloucestershire trusts, not a town
        if stem not in table.names and stem not in GENERIC and len(stem) >= 5 and any(
                word.startswith(stem) and word != stem for word in in_names if set(in_names[word]) & set(holders)):
            for code in (*holders, *table.places.get(stem, ())):     # and any trust in the town ("Hereford")
                table.add(stem, code, 2)
    table_of = {row.trust_code: getattr(row, "table", "") for row in trusts.itertuples(index=False)}
    for alias, level in list(table.levels.items()):
        if level == 0 or (level == 1 and " " in alias):
            continue
        # a town in one trust's name is that trust, unless a trust of the same table is there too ("Hull" is the
        # hospital trust, not the mental health trust based in Hull; "Cambridge" could be CUH or Papworth)
        named_tables = {table_of.get(c) for c in table.names[alias]}
        also = tuple(c for c in table.places.get(alias, ()) if c not in regional and table_of.get(c) in named_tables) + \
            (tuple(in_names.get(alias, ())) if " " not in alias else ())
        if len(set(also) | set(table.names[alias])) > 1:
            table.names[alias] = tuple(dict.fromkeys(table.names[alias] + also))
    _with_sites(table, trusts)
    return table


def _with_sites(table: NameTable, trusts) -> None:
    """Hospital names that are one site of a trust, not a name for the whole trust: "Yeovil District Hospital"
    (Somerset), not "George Eliot Hospital" (the George Eliot Hospital NHS Trust)."""
    names = {row.trust_code: set(normalise(str(row.trust_name)).split()) for row in trusts.itertuples(index=False)}
    letters = {row.trust_code: {"".join(w[0] for w in core_name(str(row.trust_name)).split() if w != "and"),
                                *initialisms(str(row.trust_name))} for row in trusts.itertuples(index=False)}
    for site in site_names() | {name.removeprefix("the ") for name in site_names()}:   # "the Lister" is "Lister"
        codes = table.names.get(site, ())
        distinctive = set(site.split()) - GENERIC
        if codes and distinctive and not any(distinctive <= names.get(code, set()) or site in letters.get(code, set())
                                             for code in codes):     # "UCLH" is the trust's initials, not a site
            table.sites.add(site)
