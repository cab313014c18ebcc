"""Write dev question round 33: conversations as people really hold them, and single questions asking for figures.

Round 33's theme: about 16 conversations of 3-5 turns (a member of the public asking about their local hospital
then its neighbour; a member of staff preparing a team briefing; a press officer checking a headline claim then
asking for a quotable line; an analyst moving from a table to one trust in it and back) with follow-ups that refer
back ("it", "the one above them", "and last quarter?", "and without the deficit rule?"), and about 70 single
questions asking for one precise figure: an average score, a rank out of how many, the unadjusted segment, the
deficit flag, the likely rank range in NHS England's Q4 mental health & community league-table file, a segment in a
named quarter, and data not held asked beside data held.

Every expected figure is computed here from NHS England's raw CSVs in /work/shared/data/raw (no product code is
imported; the team's schema is loaded only in the final self-check). Every fact is checked twice: once when it
is computed, and again by re-reading the cited physical lines of the raw file. Run from /work/main with

    .venv/bin/python evals/questions/make_round33.py

It writes evals/questions/round33.yaml and evals/questions/round33_conversations.yaml.
Trusts are picked with the seed 33 * 1000 + 2026 = 35026, least-picked in this round first.
"""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evals.questions.relabels import relabel

ROUND = 33
SEED = ROUND * 1000 + 2026
RAW = Path("/work/shared/data/raw")
OUT_DIR = Path(__file__).resolve().parent
ACUTE_FILE = "nof_2025-26_q1_acute_trust_data.csv"
MH12_FILE = "nof_2025-26_q1-q2_mental_health_community_trust_data.csv"
MH34_FILE = "nof_2025-26_q3-q4_mental_health_community_trust_data.csv"
LEAGUE_FILE = "nof_2025-26_q4_mental_health_community_trust_league_table.csv"
REF_FILE = "trust_reference_205_derived.csv"
Q1, Q2, Q3, Q4 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"
EXCLUDED = {"OF1079", "OF1081"}
THIRD_WEIGHT = {"OF1020", "OF1048", "OF1088"}


@dataclass
class TrustQuarter:
    code: str
    name: str
    region: str
    subtype: str
    table: str
    quarter: str
    file: str
    summary: dict[str, float] = field(default_factory=dict)
    summary_rows: dict[str, int] = field(default_factory=dict)
    published_rank: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    score_rows: dict[str, int] = field(default_factory=dict)
    rank: int = 0
    table_size: int = 0

    @property
    def segment(self) -> int:
        return int(self.summary["OF5000"])

    @property
    def average(self) -> float:
        return round(self.summary["OF5002"], 2)

    @property
    def unadjusted(self) -> int:
        return int(self.summary["OF5003"])

    @property
    def deficit(self) -> bool:
        return int(self.summary["OF5004"]) == 1

    @property
    def held_back(self) -> bool:
        return self.deficit and self.unadjusted in (1, 2)


def read_rows(name: str) -> list[tuple[int, dict[str, str]]]:
    with open(RAW / name, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    lines = text.splitlines()
    reader = csv.DictReader(lines)
    return [(i + 2, row) for i, row in enumerate(reader)]


def load_table(file: str, table: str, quarter_default: str | None) -> dict[tuple[str, str], TrustQuarter]:
    out: dict[tuple[str, str], TrustQuarter] = {}
    for line, row in read_rows(file):
        quarter = row.get("Quarter") or quarter_default
        assert quarter
        key = (row["Trust_code"], quarter)
        tq = out.get(key)
        if tq is None:
            tq = TrustQuarter(row["Trust_code"], row["Trust_name"], row["Region"], row["Trust_subtype"],
                              table, quarter, file)
            out[key] = tq
        metric = row["Metric_ID"]
        try:
            value = float(row["Value"])
        except ValueError:
            continue
        if metric.startswith("OF5"):
            assert metric not in tq.summary, (key, metric)
            tq.summary[metric] = value
            tq.summary_rows[metric] = line
            if metric == "OF5000":
                tq.published_rank = int(float(row["Rank"]))
        elif metric.startswith("OF1") and metric not in EXCLUDED:
            tq.scores[metric] = value
            tq.score_rows[metric] = line
    return out


def rank_tables(data: dict[tuple[str, str], TrustQuarter]) -> None:
    by_quarter: dict[str, list[TrustQuarter]] = {}
    for tq in data.values():
        if "OF5000" in tq.summary:
            by_quarter.setdefault(tq.quarter, []).append(tq)
    for group in by_quarter.values():
        for tq in group:
            key = (tq.segment, tq.average)
            tq.rank = 1 + sum(1 for o in group if (o.segment, o.average) < key)
            tq.table_size = len(group)
            assert tq.rank == tq.published_rank, (tq.code, tq.quarter, tq.rank, tq.published_rank)


def without_override_rank(tq: TrustQuarter, group: list[TrustQuarter]) -> int:
    key = (tq.unadjusted, tq.average)
    return 1 + sum(1 for o in group if o.code != tq.code and (o.segment, o.average) < key)


def effects(tq: TrustQuarter) -> dict[str, float]:
    weights = {m: (1 / 3 if m in THIRD_WEIGHT else 1.0) for m in tq.scores}
    total_w = sum(weights.values())
    total = sum(weights[m] * s for m, s in tq.scores.items())
    avg = total / total_w
    assert abs(avg - tq.summary["OF5002"]) <= 0.006, (tq.code, tq.quarter, avg, tq.average)
    return {m: avg - (total - weights[m] * s) / (total_w - weights[m]) for m, s in tq.scores.items()}


def drivers(tq: TrustQuarter, worse: bool = True, n: int = 3) -> list[str]:
    eff = effects(tq)
    if worse:
        ranked = sorted((m for m in eff if eff[m] > 1e-12), key=lambda m: (-eff[m], m))
    else:
        ranked = sorted((m for m in eff if eff[m] < -1e-12), key=lambda m: (eff[m], m))
    return ranked[:n]


def gap_ok(tq: TrustQuarter, worse: bool = True) -> bool:
    """Driver labels only where the 3rd and 4th (and 1st and 2nd) effects are clearly apart."""
    eff = effects(tq)
    vals = sorted((v for v in eff.values() if (v > 0 if worse else v < 0)), key=abs, reverse=True)
    if len(vals) < 4:
        return len(vals) >= 2
    return abs(vals[2]) - abs(vals[3]) > 0.002 and abs(vals[0]) - abs(vals[1]) > 0.002


ACUTE = load_table(ACUTE_FILE, "acute", Q1)
MH = load_table(MH12_FILE, "mhc", None)
MH.update(load_table(MH34_FILE, "mhc", None))
rank_tables(ACUTE)
rank_tables(MH)
LEAGUE: dict[str, tuple[int, dict[str, str]]] = {row["Trust_code"]: (line, row) for line, row in read_rows(LEAGUE_FILE)}
REF = {row["ods_code"]: row for _, row in read_rows(REF_FILE)}
for _code, (_line, _lrow) in LEAGUE.items():
    assert int(float(_lrow["Rank"])) == MH[(_code, Q4)].rank
    assert abs(float(_lrow["Average_score"]) - MH[(_code, Q4)].summary["OF5002"]) < 0.006
    assert int(float(_lrow["Segment"])) == MH[(_code, Q4)].segment
    assert (_lrow["Trust_in_financial_deficit"] == "Yes") == MH[(_code, Q4)].deficit


def group(table: str, quarter: str) -> list[TrustQuarter]:
    src = ACUTE if table == "acute" else MH
    return sorted((o for o in src.values() if o.quarter == quarter and o.table_size), key=lambda o: (o.rank, o.code))


def latest(code: str) -> TrustQuarter:
    return MH[(code, Q4)] if (code, Q4) in MH else ACUTE[(code, Q1)]


ACUTE_CODES = sorted({tq.code for tq in ACUTE.values()})
MH_CODES = sorted({tq.code for tq in MH.values()})
AMB_CODES = sorted(c for c in REF if c not in set(ACUTE_CODES) | set(MH_CODES))
# ---------------------------------------------------------------------------------------------- names

# How people name an acute trust: one of its hospitals or its town (each names exactly one trust).
HOSPITAL = {
    "R0A": ["manchester royal infirmary", "wythenshawe hospital"],
    "R0B": ["sunderland royal hospital", "south tyneside district hospital"],
    "R0D": ["poole hospital", "royal bournemouth hospital"],
    "R1F": ["st mary's hospital on the isle of wight", "the isle of wight hospital"],
    "R1H": ["the royal london hospital", "whipps cross hospital", "newham hospital"],
    "R1K": ["northwick park hospital", "ealing hospital"],
    "RA2": ["royal surrey in guildford", "the royal surrey"],
    "RA7": ["bristol royal infirmary", "weston general hospital"],
    "RA9": ["torbay hospital"],
    "RAE": ["bradford royal infirmary", "the BRI in bradford"],
    "RAJ": ["southend hospital", "basildon hospital", "broomfield hospital in chelmsford"],
    "RAL": ["the royal free in hampstead", "barnet hospital"],
    "RAN": ["the RNOH at stanmore", "the royal national orthopaedic hospital"],
    "RAS": ["hillingdon hospital"],
    "RAX": ["kingston hospital", "queen mary's hospital roehampton"],
    "RBD": ["dorset county hospital in dorchester"],
    "RBK": ["walsall manor hospital", "the manor hospital in walsall"],
    "RBL": ["arrowe park hospital"],
    "RBN": ["whiston hospital", "southport hospital"],
    "RBQ": ["liverpool heart and chest hospital"],
    "RBS": ["alder hey"],
    "RBT": ["leighton hospital in crewe"],
    "RBV": ["the christie in manchester"],
    "RC9": ["luton and dunstable hospital", "bedford hospital"],
    "RCB": ["york hospital", "scarborough hospital"],
    "RCD": ["harrogate district hospital"],
    "RCF": ["airedale hospital", "airedale general in keighley"],
    "RCU": ["sheffield children's hospital"],
    "RCX": ["the QEH in king's lynn"],
    "RD1": ["the RUH in bath", "royal united hospital bath"],
    "RD8": ["milton keynes hospital"],
    "RDE": ["colchester hospital", "ipswich hospital"],
    "RDU": ["frimley park hospital", "wexham park hospital in slough"],
    "REF": ["treliske", "royal cornwall hospital in truro"],
    "REM": ["aintree hospital", "the royal liverpool hospital"],
    "REN": ["clatterbridge cancer centre"],
    "REP": ["liverpool women's hospital"],
    "RET": ["the walton centre"],
    "RF4": ["queen's hospital in romford", "king george hospital in ilford"],
    "RFF": ["barnsley hospital"],
    "RFR": ["rotherham hospital"],
    "RFS": ["chesterfield royal"],
    "RGM": ["papworth hospital"],
    "RGN": ["peterborough city hospital", "hinchingbrooke hospital"],
    "RGP": ["the james paget in gorleston"],
    "RGR": ["west suffolk hospital in bury st edmunds"],
    "RGT": ["addenbrooke's", "addenbrookes hospital"],
    "RH5": ["musgrove park hospital in taunton", "yeovil hospital"],
    "RH8": ["the royal devon and exeter hospital", "north devon district hospital in barnstaple"],
    "RHM": ["southampton general hospital"],
    "RHQ": ["the northern general in sheffield", "the royal hallamshire"],
    "RHU": ["QA hospital in portsmouth", "queen alexandra hospital portsmouth"],
    "RHW": ["the royal berks in reading"],
    "RJ1": ["st thomas' hospital", "guy's hospital"],
    "RJ2": ["lewisham hospital", "queen elizabeth hospital woolwich"],
    "RJ6": ["croydon university hospital", "mayday hospital in croydon"],
    "RJ7": ["st george's in tooting"],
    "RJC": ["warwick hospital"],
    "RJE": ["royal stoke university hospital", "royal stoke"],
    "RJL": ["scunthorpe general hospital", "grimsby hospital"],
    "RJN": ["macclesfield hospital"],
    "RJR": ["the countess of chester"],
    "RJZ": ["king's college hospital in denmark hill", "king's college hospital"],
    "RK5": ["king's mill hospital"],
    "RK9": ["derriford hospital"],
    "RKB": ["university hospital coventry", "walsgrave hospital"],
    "RKE": ["the whittington"],
    "RL1": ["the orthopaedic hospital at oswestry (robert jones and agnes hunt)"],
    "RL4": ["new cross hospital in wolverhampton"],
    "RLQ": ["hereford county hospital"],
    "RLT": ["george eliot hospital in nuneaton"],
    "RM1": ["the norfolk and norwich", "the n&n"],
    "RM3": ["salford royal", "the royal oldham hospital", "fairfield hospital in bury"],
    "RMC": ["royal bolton hospital"],
    "RMP": ["tameside general hospital"],
    "RN3": ["the great western hospital in swindon"],
    "RN5": ["basingstoke hospital", "the royal hampshire county hospital in winchester"],
    "RN7": ["darent valley hospital"],
    "RNA": ["russells hall hospital"],
    "RNN": ["the cumberland infirmary in carlisle"],
    "RNQ": ["kettering general"],
    "RNS": ["northampton general"],
    "RNZ": ["salisbury district hospital"],
    "RP4": ["great ormond street", "GOSH"],
    "RP5": ["doncaster royal infirmary", "bassetlaw hospital"],
    "RP6": ["moorfields eye hospital"],
    "RPA": ["medway maritime hospital"],
    "RPC": ["queen victoria hospital in east grinstead"],
    "RPY": ["the royal marsden"],
    "RQ3": ["birmingham children's hospital", "birmingham women's hospital"],
    "RQM": ["chelsea and westminster hospital", "west middlesex hospital"],
    "RQW": ["the princess alexandra in harlow", "harlow hospital"],
    "RQX": ["homerton hospital"],
    "RR7": ["the queen elizabeth hospital in gateshead"],
    "RR8": ["leeds general infirmary", "jimmy's in leeds"],
    "RRF": ["wigan infirmary", "royal albert edward infirmary"],
    "RRJ": ["the royal orthopaedic hospital in birmingham"],
    "RRK": ["the QE in birmingham", "heartlands hospital", "good hope hospital"],
    "RRV": ["UCLH"],
    "RTD": ["the RVI in newcastle", "the freeman hospital"],
    "RTE": ["gloucestershire royal hospital", "cheltenham general"],
    "RTF": ["wansbeck hospital", "north tyneside general"],
    "RTG": ["royal derby hospital", "queen's hospital burton"],
    "RTH": ["the john radcliffe", "the JR in oxford"],
    "RTK": ["st peter's hospital in chertsey"],
    "RTP": ["east surrey hospital in redhill"],
    "RTR": ["james cook hospital in middlesbrough", "the james cook"],
    "RTX": ["royal lancaster infirmary", "furness general hospital"],
    "RVJ": ["southmead hospital"],
    "RVR": ["st helier hospital", "epsom hospital"],
    "RVV": ["the QEQM in margate", "william harvey hospital in ashford"],
    "RVW": ["north tees hospital in stockton", "hartlepool hospital"],
    "RWA": ["hull royal infirmary", "castle hill hospital"],
    "RWD": ["lincoln county hospital", "pilgrim hospital in boston"],
    "RWE": ["leicester royal infirmary", "glenfield hospital"],
    "RWF": ["maidstone hospital", "tunbridge wells hospital at pembury"],
    "RWG": ["watford general"],
    "RWH": ["the lister in stevenage", "lister hospital"],
    "RWJ": ["stepping hill hospital"],
    "RWP": ["worcestershire royal hospital", "the alex in redditch"],
    "RWW": ["warrington hospital"],
    "RWY": ["huddersfield royal infirmary", "calderdale royal hospital"],
    "RX1": ["the QMC in nottingham", "queen's medical centre"],
    "RXC": ["eastbourne DGH", "the conquest hospital in hastings"],
    "RXF": ["pinderfields hospital"],
    "RXK": ["the midland met", "sandwell hospital"],
    "RXL": ["blackpool victoria hospital", "blackpool vic"],
    "RXN": ["royal preston hospital"],
    "RXP": ["darlington memorial hospital", "university hospital of north durham"],
    "RXQ": ["stoke mandeville", "wycombe hospital"],
    "RXR": ["royal blackburn hospital"],
    "RXW": ["the royal shrewsbury hospital", "the princess royal in telford"],
    "RYJ": ["st mary's in paddington", "charing cross hospital", "hammersmith hospital"],
    "RYR": ["the royal sussex county in brighton", "worthing hospital"],
}

# How people name a mental health or community trust: short names and the acronyms staff and local papers use.
NICK = {
    "G6V2S": ["north london nhs ft", "the north london mental health trust"],
    "R1A": ["herefordshire and worcestershire health and care"],
    "R1D": ["shropshire community health"],
    "R1L": ["EPUT", "essex partnership"],
    "RAT": ["NELFT", "north east london foundation trust"],
    "RDR": ["sussex community", "sussex community foundation trust"],
    "RDY": ["dorset healthcare"],
    "RGD": ["leeds and york partnership", "LYPFT"],
    "RHA": ["notts healthcare", "nottinghamshire healthcare"],
    "RJ8": ["cornwall partnership", "cornwall partnership foundation trust"],
    "RKL": ["west london nhs trust"],
    "RLY": ["north staffs combined", "combined healthcare in stoke"],
    "RMY": ["NSFT", "norfolk and suffolk foundation trust"],
    "RNK": ["the tavistock", "tavistock and portman"],
    "RNU": ["oxford health"],
    "RP1": ["NHFT", "northamptonshire healthcare"],
    "RP7": ["LPFT", "lincolnshire partnership"],
    "RPG": ["oxleas"],
    "RQY": ["south west london and st george's mental health", "SWLSTG"],
    "RRE": ["MPFT", "midlands partnership"],
    "RT1": ["CPFT", "cambridgeshire and peterborough foundation trust"],
    "RT2": ["pennine care"],
    "RT5": ["LPT in leicester", "leicestershire partnership"],
    "RTQ": ["gloucestershire health and care"],
    "RV3": ["CNWL", "central and north west london"],
    "RV5": ["SLaM", "the maudsley", "south london and maudsley"],
    "RV9": ["humber teaching", "humber teaching foundation trust"],
    "RVN": ["AWP", "avon and wiltshire mental health"],
    "RW1": ["hampshire and iow healthcare", "hampshire and isle of wight healthcare"],
    "RW4": ["mersey care", "merseycare"],
    "RW5": ["lancashire and south cumbria ft", "LSCFT"],
    "RWK": ["ELFT", "east london foundation trust"],
    "RWR": ["HPFT", "hertfordshire partnership"],
    "RWV": ["devon partnership"],
    "RWX": ["berkshire healthcare"],
    "RX2": ["sussex partnership"],
    "RX3": ["TEWV", "tees esk and wear valleys"],
    "RX4": ["CNTW", "cumbria northumberland tyne and wear"],
    "RXA": ["CWP", "cheshire and wirral partnership"],
    "RXE": ["RDaSH", "rotherham doncaster and south humber"],
    "RXG": ["SWYPFT", "south west yorkshire partnership"],
    "RXM": ["derbyshire healthcare"],
    "RXT": ["BSMHFT", "birmingham and solihull mental health"],
    "RXV": ["GMMH", "greater manchester mental health"],
    "RXX": ["surrey and borders", "SABP"],
    "RXY": ["KMPT", "kent and medway mental health"],
    "RY2": ["bridgewater community healthcare", "bridgewater"],
    "RY3": ["norfolk community health and care"],
    "RY4": ["hertfordshire community trust", "HCT"],
    "RY5": ["lincolnshire community health services", "LCHS"],
    "RY6": ["leeds community healthcare"],
    "RY7": ["wirral community health and care"],
    "RY8": ["derbyshire community health services", "DCHS"],
    "RYG": ["CWPT", "coventry and warwickshire partnership"],
    "RYV": ["cambridgeshire community services", "CCS"],
    "RYW": ["birmingham community healthcare", "BCHC"],
    "RYX": ["central london community healthcare", "CLCH"],
    "RYY": ["kent community health", "KCHFT"],
    "TAD": ["bradford district care"],
    "TAH": ["sheffield health partnership", "sheffield health and social care"],
    "TAJ": ["black country healthcare"],
}
ALL_NAMES = {code: row["trust_name"] for code, row in REF.items()}


def clean(name: str) -> str:
    s = name.lower().replace("&", "and")
    s = re.sub(r"[^a-z0-9 ]", "", s)
    for tail in (" nhs foundation trust", " nhs trust", " national health service trust"):
        s = s.removesuffix(tail)
    return re.sub(r"\s+", " ", s).strip()


CLEAN = {code: clean(name) for code, name in ALL_NAMES.items()}
R = random.Random(SEED)


def typo(word: str) -> str:
    if len(word) < 7:
        return word
    i = R.randrange(2, len(word) - 3)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def spoken(code: str, allow_typo: bool = True) -> str:
    """The trust's short name as typed: lower case, no 'NHS Foundation Trust', sometimes a swapped letter."""
    words = CLEAN[code].split()
    if words[:1] == ["the"]:
        words = words[1:]
    short = " ".join(words)
    for generic in ("hospitals", "hospital", "healthcare", "teaching hospitals", "university hospitals"):
        if short.endswith(" " + generic):
            cand = short[: -len(generic) - 1]
            if len(cand) > 6 and sum(1 for v in CLEAN.values() if cand in v) == 1:
                short = cand
                break
    if sum(1 for v in CLEAN.values() if short in v) != 1:
        short = re.sub(r"[^a-z0-9 ]", "", ALL_NAMES[code].lower())
        allow_typo = False
    if allow_typo and R.random() < 0.25:
        ws = short.split()
        j = max(range(len(ws)), key=lambda k: len(ws[k]))
        ws[j] = typo(ws[j])
        short = " ".join(ws)
    return short


def say(code: str, audience: str = "public", local: float = 0.65) -> str:
    """A hospital or nickname most of the time (public more often), otherwise the trust's short name."""
    names = HOSPITAL.get(code) or NICK.get(code) or []
    p = local if audience == "public" else local - 0.25
    if names and R.random() < p:
        name = names[R.randrange(len(names))]
        return name.lower() if audience == "public" or R.random() < 0.5 else name
    return spoken(code)


PICKED: Counter[str] = Counter()


def pick(pool: list[str], n: int = 1, exclude: set[str] | None = None) -> list[str]:
    """n codes from the pool: the least picked in this round first, ties broken by the seeded generator."""
    cand = sorted(c for c in pool if not exclude or c not in exclude)
    keys = {c: (PICKED[c], R.random()) for c in cand}
    chosen = sorted(cand, key=lambda c: keys[c])[:n]
    assert len(chosen) == n, (n, len(cand))
    PICKED.update(chosen)
    return chosen


def ch(options: list[str]) -> str:
    return options[R.randrange(len(options))]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------------------------- facts and sources

def fact(tq: TrustQuarter, key: str, value: Any = None) -> dict[str, Any]:
    if value is None:
        value = {"segment": tq.segment, "rank": tq.rank, "table_size": tq.table_size, "average_score": tq.average,
                 "unadjusted_segment": tq.unadjusted, "in_deficit": tq.deficit,
                 "final_segment": int(tq.summary.get("OF5005", 0))}[key]
    return {"trust": tq.code, "key": key, "value": value, "quarter": tq.quarter}


def facts(tq: TrustQuarter, *keys: str) -> list[dict[str, Any]]:
    return [fact(tq, k) for k in keys]


def pos_facts(tq: TrustQuarter, override: bool = True) -> list[dict[str, Any]]:
    f = facts(tq, "segment", "rank", "table_size", "average_score")
    if override and tq.held_back:
        f += facts(tq, "in_deficit", "unadjusted_segment")
    return f


def count_fact(value: int, quarter: str) -> dict[str, Any]:
    return {"trust": None, "key": "count", "value": value, "quarter": quarter}


def likely(code: str) -> tuple[int, dict[str, Any]]:
    line, row = LEAGUE[code]
    lo, hi = (int(float(x)) for x in row["Likely_range_of_rank"].split(" to "))
    alo, ahi = (round(float(x), 2) for x in row["Likely_range_of_average_score"].split(" to "))
    return line, {"rank_low": lo, "rank_high": hi, "avg_low": alo, "avg_high": ahi}


def likely_facts(code: str, which: str = "rank") -> list[dict[str, Any]]:
    _, lr = likely(code)
    if which == "rank":
        return [{"trust": code, "key": "likely_rank_low", "value": lr["rank_low"], "quarter": Q4},
                {"trust": code, "key": "likely_rank_high", "value": lr["rank_high"], "quarter": Q4}]
    return [{"trust": code, "key": "likely_average_low", "value": lr["avg_low"], "quarter": Q4},
            {"trust": code, "key": "likely_average_high", "value": lr["avg_high"], "quarter": Q4}]


POS = ("OF5000", "OF5002", "OF5003", "OF5004")


def rows_of(tq: TrustQuarter, metrics: tuple[str, ...] = POS, scores: bool = False) -> tuple[str, list[int]]:
    rows = [tq.summary_rows[m] for m in metrics if m in tq.summary_rows]
    if scores:
        rows += list(tq.score_rows.values())
    return (tq.file, sorted(rows))


def src(*entries: tuple[str, list[int]]) -> Any:
    merged: dict[str, set[int]] = {}
    for file, rows in entries:
        merged.setdefault(file, set()).update(rows)
    out = [{"file": f, "rows": sorted(r)} for f, r in merged.items()]
    return out[0] if len(out) == 1 else out


def table_src(grp: list[TrustQuarter], metrics: tuple[str, ...] = ("OF5000", "OF5002")) -> list[tuple[str, list[int]]]:
    return [rows_of(o, metrics) for o in grp]


def expect(intent: str, trusts: list[str] | None = None, fs: list[dict[str, Any]] | None = None,
           **extra: Any) -> dict[str, Any]:
    e: dict[str, Any] = {"intent": intent, "trusts": trusts or [], "facts": fs or [], "declined": False,
                         "needs_clarification": False, "candidates": [], "unavailable": False, "drivers": [],
                         "top_driver": None}
    e.update(extra)
    return e


ITEMS: list[dict[str, Any]] = []
COUNTER: Counter[str] = Counter()


def add(kind: str, question: str, audience: str, exp: dict[str, Any], source: Any = None, note: str = "",
        quarter: str | None = None) -> None:
    COUNTER[kind] += 1
    item: dict[str, Any] = {"id": f"dev-r{ROUND}-{len(ITEMS) + 1:03d}", "question": question, "audience": audience}
    if quarter:
        item["quarter"] = quarter
    item["expect"] = exp
    if source is not None:
        item["source"] = source
    item["note"] = f"[{kind}] {note}".strip()
    ITEMS.append(item)
# ---------------------------------------------------------------------------------------------- 1. average score

AVG_TEMPLATES = [
    ("whats the average score for {n}", "public"),
    ("i read the qeh in kings lynn scored 3.35 and moorfields 1.39, what did {n} score", "public"),
    ("{n} average metric score? to 2 decimal places pls", "staff"),
    ("what was {n}'s overall score in the latest table, the one where lower is better", "public"),
    ("score for {n}", "public"),
    ("need the exact average score for {n} for a briefing note", "press"),
    ("what number did {n} get in the league table. not the rank, the score", "public"),
    ("what's the aggregated metric score for {n} out of 4", "staff"),
]
avg_codes = pick(ACUTE_CODES, 4) + pick(MH_CODES, 4)
for i, code in enumerate(avg_codes):
    tq = latest(code)
    tmpl, aud = AVG_TEMPLATES[i]
    add("average_score", tmpl.format(n=say(code, aud)), aud,
        expect("position", [code], facts(tq, "average_score")), src(rows_of(tq, ("OF5000", "OF5002"))),
        f"the figure asked for: OF5002 in {tq.quarter}. Phrasing after thebritisheye.com (QEH 'scored 3.35 compared to "
        "Moorfields' 1.39')" if i == 1 else f"the figure asked for: OF5002 in {tq.quarter}")

# ---------------------------------------------------------------------------------------------- 2. rank out of how many

RANK_TEMPLATES = [
    ("where is {n} ranked and out of how many", "public", "acute"),
    ("{n} league table position out of how many trusts?", "staff", "mhc"),
    ("the sun said only 27 out of 134 hospitals made tier one or two. what number is {n} out of the 134", "public",
     "acute"),
    ("what place did {n} come", "public", "mhc"),
    ("{n} is {claim} out of {size} isnt it? whats the actual rank", "press", "acute"),
    ("rank for {n} pls, and how many trusts are in its table", "staff", "mhc"),
    ("how far down the list is {n}", "public", "acute"),
    ("what number is {n} in the mental health and community league table, out of 61?", "press", "mhc"),
]
rank_pool = {"acute": iter(pick(ACUTE_CODES, 4)), "mhc": iter(pick(MH_CODES, 4))}
for i, (tmpl, aud, table) in enumerate(RANK_TEMPLATES):
    code = next(rank_pool[table])
    tq = latest(code)
    extra: dict[str, Any] = {}
    note = f"rank {tq.rank} of {tq.table_size} in {tq.quarter}"
    claim = 0
    if "{claim}" in tmpl:
        claim = tq.rank + 9 if tq.rank + 9 <= tq.table_size else tq.rank - 9
        extra["corrects_premise"] = True
        note += f"; the question's claim ({claim}) is wrong"
    if i == 2:
        note += "; phrasing after the Sun/toptrend.live ('just 27 out of 134 ... tier one or two')"
    add("rank_of_n", tmpl.format(n=say(code, aud), claim=ordinal(claim) if claim else "", size=tq.table_size), aud,
        expect("position", [code], facts(tq, "rank", "table_size"), **extra), src(rows_of(tq, ("OF5000", "OF5002"))),
        note)

# ---------------------------------------------------------------------------------------------- 3. unadjusted segment

UNADJ_TEMPLATES = [
    ("what is {n}'s unadjusted segment", "staff"),
    ("{n} unadjusted segment vs adjusted segment?", "staff"),
    ("what segment did {n}'s scores put it in before the financial adjustment, the unadjusted one", "public"),
    ("OF5003 for {n}?", "staff"),
    ("whats the unadjusted segment for {n} in the latest table", "press"),
    ("is {n}'s unadjusted segment any different from its published segment", "press"),
    ("{n}: adjusted and unadjusted segment please", "staff"),
]
held_pool = [c for c in ACUTE_CODES + MH_CODES if latest(c).held_back]
held_mh = [c for c in MH_CODES if latest(c).held_back]
unheld_deficit = [c for c in ACUTE_CODES + MH_CODES if latest(c).deficit and not latest(c).held_back]
no_deficit = [c for c in ACUTE_CODES + MH_CODES if not latest(c).deficit]
unadj_codes = (pick(held_mh, 1) + pick([c for c in held_pool if c in ACUTE_CODES], 3) + pick(unheld_deficit, 2)
               + pick(no_deficit, 1))
order = [0, 4, 1, 5, 2, 6, 3]
for i, (tmpl, aud) in enumerate(UNADJ_TEMPLATES):
    code = unadj_codes[order[i]]
    tq = latest(code)
    fs = facts(tq, "segment", "unadjusted_segment") + (facts(tq, "in_deficit") if tq.deficit else [])
    add("unadjusted_segment", tmpl.format(n=say(code, aud)), aud, expect("position", [code], fs),
        src(rows_of(tq)), f"OF5003={tq.unadjusted}, OF5000={tq.segment}, OF5004={int(tq.deficit)} ({tq.quarter})")

# ---------------------------------------------------------------------------------------------- 4. in deficit

DEF_TEMPLATES = [
    ("is {n} in deficit", "public"),
    ("does {n} have the financial deficit flag in the table", "staff"),
    ("is {n} one of the trusts marked as in financial deficit", "press"),
    ("{n} in deficit yes or no", "staff"),
    ("according to the league table is {n} getting deficit support", "press"),
    ("has {n} got a deficit then? people keep saying the money side drags it down", "public"),
    ("financial deficit flag for {n} in the latest quarter?", "staff"),
]
def_codes = pick([c for c in ACUTE_CODES if latest(c).deficit], 2) + pick([c for c in MH_CODES if latest(c).deficit], 2) \
    + pick([c for c in ACUTE_CODES if not latest(c).deficit], 1) + pick([c for c in MH_CODES if not latest(c).deficit], 2)
order = [0, 4, 2, 5, 1, 3, 6]
for i, (tmpl, aud) in enumerate(DEF_TEMPLATES):
    code = def_codes[order[i]]
    tq = latest(code)
    add("in_deficit", tmpl.format(n=say(code, aud)), aud,
        expect("position", [code], facts(tq, "in_deficit", "segment")),
        src(rows_of(tq, ("OF5000", "OF5004"))), f"OF5004={int(tq.deficit)} in {tq.quarter}")

CLAIM_TEMPLATES = [
    ("rdash said its ranking would be higher if it didn't rely on deficit support funding. is the same true for {n}?",
     "press", "phrasing after RDaSH's statement of 11 Sept 2025 (rdash.nhs.uk/news/new-nhs-league-tables)"),
    ("is {n} only in segment 3 because it's overspending", "public",
     "phrasing after pharmaphorum ('marked down if it is overspending on its budget')"),
]
seg3 = [c for c in ACUTE_CODES + MH_CODES if latest(c).segment == 3]
claim_codes = pick([c for c in held_pool if c in ACUTE_CODES], 1) + pick([c for c in seg3 if not latest(c).held_back], 1)
for (tmpl, aud, src_note), code in zip(CLAIM_TEMPLATES, claim_codes):
    tq = latest(code)
    add("deficit_claim", tmpl.format(n=say(code, aud)), aud,
        expect("position", [code], facts(tq, "segment", "in_deficit", "unadjusted_segment"),
               corrects_premise=not tq.held_back),
        src(rows_of(tq)), f"claim {'true' if tq.held_back else 'false'}: OF5004={int(tq.deficit)}, "
                          f"OF5003={tq.unadjusted}, OF5000={tq.segment}; a claim check (team convention). {src_note}")

# ---------------------------------------------------------------------------------------------- 5. likely ranges (Q4 MH&C league-table file)

LIKELY_TEMPLATES = [
    ("whats the likely range of {n}'s rank", "staff", "rank"),
    ("{n} came {r} but what's the likely range on that", "press", "rank"),
    ("how sure can we be about {n}'s position - what rank range does nhs england give", "public", "rank"),
    ("likely rank range for {n} in the q4 mental health and community table", "staff", "rank"),
    ("could {n} really be anywhere from near the top to near the bottom? what's the likely range of its rank", "public",
     "rank"),
    ("{n} rank plus the likely range please, for the board paper", "staff", "rank"),
    ("likely range of the average score for {n}", "staff", "average"),
    ("what's the range around {n}'s average score, the likely range one", "press", "average"),
]
for (tmpl, aud, which), code in zip(LIKELY_TEMPLATES, pick(MH_CODES, 8)):
    tq = MH[(code, Q4)]
    line, lr = likely(code)
    fs = facts(tq, "rank") + likely_facts(code, which)
    if which == "average":
        fs = facts(tq, "average_score") + likely_facts(code, which)
    add("likely_range", tmpl.format(n=say(code, aud), r=ordinal(tq.rank)), aud, expect("position", [code], fs),
        src((LEAGUE_FILE, [line]), rows_of(tq, ("OF5000", "OF5002"))),
        f"NHS England's Q4 league-table file: rank {tq.rank}, likely {lr['rank_low']} to {lr['rank_high']}; "
        f"average {tq.average}, likely {lr['avg_low']} to {lr['avg_high']}")

code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("likely_range_not_held", f"likely range for {say(code, 'staff')}'s rank?", "staff",
    expect("position", [code], pos_facts(tq), unavailable=True), src(rows_of(tq)),
    "likely ranges are published only in the Q4 MH&C league-table file: the acute range is not held; give the position "
    "(as round 30 labels it)")
code = pick(MH_CODES)[0]
tq = MH[(code, Q3)]
add("likely_range_not_held", f"what was the likely range for {say(code, 'staff')}'s rank in q3", "staff",
    expect("position", [code], facts(tq, "rank", "segment"), unavailable=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "a likely range is held only for Q4 (the Q4 league-table file); Q3's range is not held, its Q3 rank is")
# ---------------------------------------------------------------------------------------------- 6. segment in a named quarter

QUARTER_MH = [
    ("what segment was {n} in when the tables first came out in september", Q1, "public",
     "'when it first came out' = the first quarter held (team convention)"),
    ("{n} segment in q1 25/26?", Q1, "staff", ""),
    ("what segment was {n} in for july to september 2025", Q2, "press", "July-September = Q2"),
    ("{n} - what segment were they in over the summer", Q2, "public", "the summer = Q2 (team convention)"),
    ("segment for {n} in the christmas table", Q3, "public", "Christmas = Q3 (team convention)"),
    ("what segment was {n} in at q3", Q3, "staff", ""),
    ("{n}'s segment for january to march 2026", Q4, "press", "January-March 2026 = Q4"),
]
for (tmpl, q, aud, note), code in zip(QUARTER_MH, pick(MH_CODES, len(QUARTER_MH))):
    tq = MH[(code, q)]
    add("segment_in_quarter", tmpl.format(n=say(code, aud)), aud, expect("position", [code], facts(tq, "segment")),
        src(rows_of(tq, ("OF5000",))), f"segment {tq.segment} in {q}. {note}".strip())

code = pick(MH_CODES)[0]
tq = MH[(code, Q2)]
add("segment_in_quarter", f"what segment is {say(code, 'staff')} in", "staff",
    expect("position", [code], facts(tq, "segment")), src(rows_of(tq, ("OF5000",))),
    f"Q2 2025/26 chosen in the app's quarter menu: segment {tq.segment} in Q2", quarter=Q2)

code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("segment_in_quarter", f"what segment was {say(code, 'public')} in q1", "public",
    expect("position", [code], facts(tq, "segment")), src(rows_of(tq, ("OF5000",))),
    f"acute Q1 is held: segment {tq.segment}")
for tmpl, q in [("what segment was {n} in q2 (july-sept)", "Q2"), ("{n} segment in the autumn table?", "Q3")]:
    code = pick(ACUTE_CODES)[0]
    add("segment_in_quarter_not_held", tmpl.format(n=say(code, "public")), "public",
        expect("position", [code], unavailable=True), None,
        f"acute {q} 2025/26 is not held (acute: Q1 only)" + ("; the autumn = Q3 (team convention)" if q == "Q3" else ""))

five_acute = [c for c in ACUTE_CODES if int(ACUTE[(c, Q1)].summary["OF5005"]) == 5]
five_mh_q2 = [c for c in MH_CODES if int(MH[(c, Q2)].summary["OF5005"]) == 5]
code = pick(five_acute)[0]
tq = ACUTE[(code, Q1)]
add("final_segment", f"was {say(code, 'press')} in segment 5, the recovery support one, in the first table", "press",
    expect("position", [code], facts(tq, "final_segment", "segment")), src(rows_of(tq, ("OF5000", "OF5005"))),
    f"OF5005={int(tq.summary['OF5005'])}, OF5000={tq.segment} in Q1")
code = pick(five_mh_q2)[0]
tq = MH[(code, Q2)]
add("final_segment", f"final segment for {say(code, 'staff')} in q2, was it 5?", "staff",
    expect("position", [code], facts(tq, "final_segment", "segment")), src(rows_of(tq, ("OF5000", "OF5005"))),
    f"OF5005={int(tq.summary['OF5005'])}, OF5000={tq.segment} in Q2")

# ---------------------------------------------------------------------------------------------- 7. data not held, asked beside data held

code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"whats {say(code, 'public')}'s ranking and its cqc rating", "public",
    expect("position", [code], facts(tq, "rank", "table_size"), declined=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "CQC part declined with a pointer to the CQC (team convention); the rank is answered")
code = pick(MH_CODES)[0]
tq = MH[(code, Q4)]
add("held_and_not_held", f"{say(code, 'press')} - league table segment and what the cqc rated them", "press",
    expect("position", [code], facts(tq, "segment"), declined=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "CQC part declined; the segment (Q4) is answered")
code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"what's {say(code, 'staff')}'s average score and what was it in 2024/25", "staff",
    expect("movement", [code], facts(tq, "average_score"), unavailable=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "two years of one trust asked together = a move (team convention); 2024/25 not held, Q1 2025/26 average is")
code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"{say(code, 'press')} segment in q1 and q3, has it changed", "press",
    expect("movement", [code], facts(tq, "segment", "rank"), unavailable=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "acute Q3 not held; Q1 held: a move with one quarter missing (team convention)")
amb = min(AMB_CODES, key=lambda c: R.random())
amb_region = REF[amb]["nof_region"]
code = pick([c for c in ACUTE_CODES if ACUTE[(c, Q1)].region == amb_region])[0]
tq = ACUTE[(code, Q1)]
amb_name = clean(ALL_NAMES[amb]).replace(" nhs foundation trust", "").replace(" nhs trust", "")
add("held_and_not_held", f"how does {amb_name} compare with {say(code, 'public')} in the league tables", "public",
    expect("compare", [amb, code], facts(tq, "segment", "rank", "table_size"), unavailable=True),
    src(rows_of(tq, ("OF5000", "OF5002"))),
    f"ambulance trust ({amb}) not held; {code} (same region, {amb_region}) held. Different tables; labelled compare "
    "with unavailable for the ambulance part")
code = pick(MH_CODES)[0]
tq = MH[(code, Q4)]
add("held_and_not_held", f"where is {say(code, 'staff')} now and where will it be next year", "staff",
    expect("position", [code], pos_facts(tq), unavailable=True), src(rows_of(tq)),
    "named trust, next year: a position answer saying 2026/27 is not held (team convention)")
site_trusts = {"R1H": "whipps cross", "RAJ": "basildon", "RTX": "furness general", "RXC": "the conquest in hastings",
               "RWD": "pilgrim hospital", "RYR": "worthing hospital", "RH8": "north devon district hospital",
               "RN5": "basingstoke hospital", "RWA": "castle hill", "RVV": "the william harvey"}
code = pick(sorted(site_trusts))[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"{spoken(code)} rank, and what's the 4 hour a&e figure just for {site_trusts[code]} on its own",
    "public", expect("position", [code], facts(tq, "rank", "table_size"), unavailable=True),
    src(rows_of(tq, ("OF5000", "OF5002"))),
    "one site's own A&E figures are not held (team convention), the trust's rank is")
code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"average score for {say(code, 'staff')} and the score for its icb", "staff",
    expect("position", [code], facts(tq, "average_score"), unavailable=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "ICB scores not held")
code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"what segment is {say(code, 'public')} and how many beds has it got", "public",
    expect("position", [code], facts(tq, "segment"), unavailable=True), src(rows_of(tq, ("OF5000",))),
    "beds are not measured by the framework: not held, with the segment (team convention)")
code = pick(MH_CODES)[0]
tq = MH[(code, Q4)]
add("held_and_not_held", f"{say(code, 'press')} rank in q4 2025/26 and in q4 2024/25", "press",
    expect("movement", [code], facts(tq, "rank", "segment"), unavailable=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "2024/25 not held; two quarters asked together = a move (team convention)")
code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"where's {say(code, 'public')} in the 2026/27 league table", "public",
    expect("position", [code], pos_facts(tq), unavailable=True), src(rows_of(tq)),
    "2026/27 not held: position answer with the latest quarter held (team convention)")
amb2 = min((c for c in AMB_CODES if c != amb), key=lambda c: R.random())
amb2_name = clean(ALL_NAMES[amb2]).replace(" nhs foundation trust", "").replace(" nhs trust", "")
add("held_and_not_held", f"{amb2_name} average score and rank out of the 10 ambulance trusts", "press",
    expect("position", [amb2], unavailable=True), None, "ambulance data not held")
code = pick(MH_CODES)[0]
tq = MH[(code, Q4)]
add("held_and_not_held", f"what segment is {say(code, 'public')} and how long is the wait for camhs there", "public",
    expect("position", [code], facts(tq, "segment"), unavailable=True), src(rows_of(tq, ("OF5000",))),
    "one service's waits are not held (team convention), the segment is")
code = pick(ACUTE_CODES)[0]
tq = ACUTE[(code, Q1)]
add("held_and_not_held", f"{say(code, 'public')} ranking out of 134 and is the parking still a nightmare", "public",
    expect("position", [code], facts(tq, "rank", "table_size"), unavailable=True), src(rows_of(tq, ("OF5000", "OF5002"))),
    "parking is not measured: not held, with the rank (team convention)")

# ---------------------------------------------------------------------------------------------- 8. counts asked precisely


def count_where(table: str, quarter: str, test: Any, metric: str) -> tuple[list[TrustQuarter], list[TrustQuarter]]:
    grp = group(table, quarter)
    return [o for o in grp if test(o)], grp


a1, ga = count_where("acute", Q1, lambda o: o.segment == 1, "OF5000")
m1, gm = count_where("mhc", Q4, lambda o: o.segment == 1, "OF5000")
add("count", "how many trusts are in segment 1", "press",
    expect("table", [], [count_fact(len(a1), Q1), count_fact(len(m1), Q4)]),
    src((ACUTE_FILE, [o.summary_rows["OF5000"] for o in ga]), (MH34_FILE, [o.summary_rows["OF5000"] for o in gm])),
    "no table named: one count per table held, each at its latest quarter")
m4, g2 = count_where("mhc", Q2, lambda o: o.segment == 4, "OF5000")
add("count", "how many mental health and community trusts were in segment 4 in q2", "staff",
    expect("table", [], [count_fact(len(m4), Q2)]), src((MH12_FILE, [o.summary_rows["OF5000"] for o in g2])),
    f"{len(m4)} of {len(g2)} in Q2")
md, g4 = count_where("mhc", Q4, lambda o: o.deficit, "OF5004")
add("count", "how many of the 61 mental health trusts are flagged as in deficit in the latest table", "press",
    expect("table", [], [count_fact(len(md), Q4)]), src((MH34_FILE, [o.summary_rows["OF5004"] for o in g4])),
    f"OF5004=1 in Q4: {len(md)}")
a5, ga = count_where("acute", Q1, lambda o: int(o.summary["OF5005"]) == 5, "OF5005")
add("count", "how many acute hospital trusts are in segment 5 (recovery support)", "public",
    expect("table", [], [count_fact(len(a5), Q1)]), src((ACUTE_FILE, [o.summary_rows["OF5005"] for o in ga])),
    f"OF5005=5 among acute trusts in Q1: {len(a5)}; 'hospital trusts' = the acute table")
# ---------------------------------------------------------------------------------------------- conversations

CONVS: list[dict[str, Any]] = []


def turn(question: str, exp: dict[str, Any], source: Any = None, note: str | None = None,
         quarter: str | None = None) -> dict[str, Any]:
    t: dict[str, Any] = {"question": question}
    if quarter:
        t["quarter"] = quarter
    t["expect"] = exp
    if source is not None:
        t["source"] = source
    if note:
        t["note"] = note
    return t


def conv(theme: str, audience: str, note: str, turns: list[dict[str, Any]]) -> None:
    assert 3 <= len(turns) <= 5
    COUNTER[f"conv:{theme}"] += 1
    CONVS.append({"id": f"dev-r{ROUND}-c{len(CONVS) + 1:02d}", "audience": audience, "note": f"[{theme}] {note}",
                  "turns": turns})


def compare_facts(*tqs: TrustQuarter) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for tq in tqs:
        out += facts(tq, "segment", "rank", "average_score")
    return out


# --- 1. a member of the public: their local hospital, then its neighbour

NEIGHBOURS = [("RAE", "RCF"), ("RFF", "RFR"), ("RNQ", "RNS"), ("RBT", "RJN"), ("RXL", "RXN"), ("RWG", "RWH"),
              ("RD1", "RN3"), ("RJC", "RKB"), ("RLT", "RKB"), ("RR7", "RTD"), ("RVW", "RTR"), ("RMC", "RRF"),
              ("RWJ", "RMP"), ("RK5", "RX1"), ("RFS", "RHQ"), ("RA9", "RH8"), ("RBD", "R0D"), ("RC9", "RD8"),
              ("RN7", "RPA"), ("RTP", "RTK"), ("RJ6", "RJ7"), ("RGR", "RDE"), ("RNZ", "RN5")]
MH_NEIGHBOURS = [("RX3", "RX4"), ("RV5", "RPG"), ("RWK", "RAT"), ("RXV", "RT2"), ("RHA", "RXM"), ("RY6", "RGD"),
                 ("RXT", "RYW"), ("RVN", "RTQ"), ("RWV", "RJ8"), ("RYY", "RXY")]
pairs = sorted(NEIGHBOURS, key=lambda p: R.random())
chosen: list[tuple[str, str]] = []
for a, b in pairs:
    if len(chosen) == 3:
        break
    if not any(set(p) & {a, b} for p in chosen):
        chosen.append((a, b))
chosen.append(min(MH_NEIGHBOURS, key=lambda p: R.random()))
PICKED.update(c for p in chosen for c in p)
OPENERS = ["how is {a} doing in the new league tables", "is {a} any good? saw something about nhs league tables",
           "my mum is under {a}, where are they in the league table",
           "how are {a} doing in the league table, the mental health trust in our area"]
NEXT = ["and what about {b}", "what about {b} down the road", "and {b}?", "how about {b} then"]
for i, (a, b) in enumerate(chosen):
    ta, tb = latest(a), latest(b)
    mh = ta.table == "mhc"
    na, nb = say(a, "public", 0.9), say(b, "public", 0.9)
    turns = [
        turn(OPENERS[3 if mh else i].format(a=na), expect("position", [a], pos_facts(ta)), src(rows_of(ta))),
        turn(NEXT[i].format(b=nb), expect("position", [b], pos_facts(tb)), src(rows_of(tb)),
             note="the neighbouring trust, same table"),
        turn(ch(["so which one is better", "which of the two is doing better then", "so which is higher"]),
             expect("compare", [a, b], compare_facts(ta, tb)), src(rows_of(ta, ("OF5000", "OF5002")),
                                                                   rows_of(tb, ("OF5000", "OF5002"))),
             note="'the two' = the two trusts just asked about"),
    ]
    low = ta if ta.rank > tb.rank else tb
    if low.segment >= 3 and gap_ok(low):
        turns.append(turn(f"why is {'the first one' if low is ta else 'the second one'} lower",
                          expect("position", [low.code], pos_facts(low), drivers=drivers(low)),
                          src(rows_of(low, ("OF5000", "OF5002", "OF5003", "OF5004"), scores=True)),
                          note="'the first/second one' = of the two trusts in order asked; drivers = 3 largest "
                               "positive effects (spec formula)"))
    if ta.deficit or tb.deficit:
        who = ta if ta.deficit else tb
        turns.append(turn(f"is {'it' if who is low and len(turns) == 4 else ('the first one' if who is ta else 'the second one')}"
                          " in debt or something",
                          expect("position", [who.code], facts(who, "in_deficit", "segment")),
                          src(rows_of(who, ("OF5000", "OF5004"))),
                          note="'in debt' = the financial deficit flag (OF5004)"))
    conv("public_local_then_neighbour", "public", f"{a} then its neighbour {b} ({ta.table}, {ta.quarter})", turns[:5])

# --- 2. a member of staff preparing a team briefing: position, why, what would it take, last quarter

staff_codes = (pick([c for c in MH_CODES if latest(c).segment >= 3 and gap_ok(latest(c))], 2)
               + pick([c for c in ACUTE_CODES if latest(c).segment >= 3 and gap_ok(latest(c)) and latest(c).held_back], 1)
               + pick([c for c in ACUTE_CODES if latest(c).segment == 4 and gap_ok(latest(c))], 1))
STAFF_OPEN = ["i'm doing a team briefing tomorrow, where are we in the latest league table? we're {n}",
              "team brief prep: {n}'s position in the table please",
              "where does {n} sit in the latest table, need it for my team meeting",
              "for our ward managers' briefing - {n}, where are we"]
for i, code in enumerate(staff_codes):
    tq = latest(code)
    name = say(code, "staff")
    target = tq.segment - 1
    turns = [
        turn(STAFF_OPEN[i].format(n=name), expect("position", [code], pos_facts(tq)), src(rows_of(tq))),
        turn(ch(["why", "why are we there", "and why is that", "what's pulling us down"]),
             expect("position", [code], pos_facts(tq), drivers=drivers(tq)),
             src(rows_of(tq, POS, scores=True)), note="drivers = 3 largest positive effects (spec formula)"),
        turn(f"what would it take to get to segment {target}",
             expect("whatif", [code]), None, note="what-if: intent and trust only"),
    ]
    if tq.table == "mhc":
        prev = MH[(code, Q3)]
        turns.append(turn("and last quarter?", expect("movement", [code], facts(prev, "rank", "segment")
                                                       + facts(tq, "rank", "segment")),
                          src(rows_of(prev, ("OF5000", "OF5002")), rows_of(tq, ("OF5000", "OF5002"))),
                          note=f"last quarter = Q3 (the one before the latest held); asked beside the current position "
                               f"= a move. Q3 rank {prev.rank} -> Q4 {tq.rank}"))
    else:
        if tq.held_back:
            wr = without_override_rank(tq, group("acute", Q1))
            turns.append(turn("and without the deficit rule?",
                              expect("whatif", [code], [fact(tq, "without_override_segment", tq.unadjusted),
                                                        fact(tq, "without_override_rank", wr)]),
                              src(*table_src(group("acute", Q1), ("OF5000", "OF5002", "OF5003", "OF5004"))),
                              note=f"without the override: segment {tq.unadjusted}, rank {wr} (spec formula)"))
        turns.append(turn("and last quarter?", expect("movement", [code], unavailable=True), None,
                          note="acute: only Q1 2025/26 is held, so there is no last quarter"))
    conv("staff_team_briefing", "staff", f"{code} ({tq.table}, {tq.quarter}); position, why, what-if, last quarter",
         turns)

# --- 3. a press officer checking a headline claim, then asking for a quotable line

press_bottom = pick([c for c in ACUTE_CODES if 100 <= latest(c).rank <= 128], 1)
press_top = pick([c for c in MH_CODES if 12 <= latest(c).rank <= 30], 1)
press_climb = pick([c for c in MH_CODES if MH[(c, Q3)].rank - MH[(c, Q4)].rank >= 4], 1)
press_held = pick([c for c in ACUTE_CODES if latest(c).held_back], 1)
for code, claim_kind in [(press_bottom[0], "bottom"), (press_top[0], "top20"), (press_climb[0], "climb"),
                    (press_held[0], "held")]:
    tq = latest(code)
    name = say(code, "press")
    base = src(rows_of(tq))
    if claim_kind == "bottom":
        true = tq.rank > tq.table_size - 10
        t1 = turn(f"headline in the local paper says {name} is 'one of the ten worst hospitals in england'. is that right?",
                  expect("position", [code], pos_facts(tq), corrects_premise=not true), base,
                  note=f"rank {tq.rank} of {tq.table_size}: claim {'true' if true else 'false'}")
    elif claim_kind == "top20":
        true = tq.rank <= 20
        t1 = turn(f"can we say {name} is a top 20 mental health trust in the latest table",
                  expect("position", [code], pos_facts(tq), corrects_premise=not true), base,
                  note=f"rank {tq.rank} of {tq.table_size}: claim {'true' if true else 'false'}")
    elif claim_kind == "climb":
        prev = MH[(code, Q3)]
        up = prev.rank - tq.rank
        said = up + 5
        t1 = turn(f"our draft release says {name} has 'risen {said} places since last quarter'. check that for me",
                  expect("movement", [code], facts(prev, "rank", "segment") + facts(tq, "rank", "segment"),
                         corrects_premise=True),
                  src(rows_of(prev, ("OF5000", "OF5002")), rows_of(tq, ("OF5000", "OF5002"))),
                  note=f"Q3 {prev.rank} -> Q4 {tq.rank} = up {up}, not {said}. Phrasing after SWLSTG's release "
                       "('we have risen to 23rd from 44th of 61 trusts', swlstg.nhs.uk)")
    else:
        t1 = turn(f"a reporter says {name} is 'only in segment 3 because of its finances'. fair?",
                  expect("position", [code], pos_facts(tq, override=False) + facts(tq, "in_deficit", "unadjusted_segment"),
                         corrects_premise=False), src(rows_of(tq)),
                  note=f"claim true: OF5004=1, OF5003={tq.unadjusted}")
    turns = [t1,
             turn("what's its average score now" if claim_kind == "climb" else
                  ch(["what's the average score behind that", "and the actual score?"]),
                  expect("position", [code], facts(tq, "average_score")), src(rows_of(tq, ("OF5000", "OF5002"))),
                  note="'that' = the trust's latest position"),
             turn(ch(["ok give me a quotable line", "can you write me one line i can quote", "draft me a quote for the release"]),
                  expect("position", [code], pos_facts(tq), register="press"), base,
                  note="asks for a quotable line: press register")]
    if claim_kind == "held":
        wr = without_override_rank(tq, group("acute", Q1))
        turns.append(turn("and without the deficit rule?",
                          expect("whatif", [code], [fact(tq, "without_override_segment", tq.unadjusted),
                                                    fact(tq, "without_override_rank", wr)]),
                          src(*table_src(group("acute", Q1), ("OF5000", "OF5002", "OF5003", "OF5004"))),
                          note=f"segment {tq.unadjusted}, rank {wr} without the override"))
    elif tq.table == "mhc":
        line, lr = likely(code)
        turns.append(turn("is that rank solid? what's the likely range",
                          expect("position", [code], likely_facts(code, "rank")), src((LEAGUE_FILE, [line])),
                          note=f"Q4 league-table file: {lr['rank_low']} to {lr['rank_high']}"))
    conv("press_claim_then_quote", "press", f"{code} ({tq.table}); claim: {claim_kind}", turns)

# --- 4. an analyst: a table, one trust in it, the one above it, back to the table


def unique_rank(grp: list[TrustQuarter], rank: int) -> TrustQuarter | None:
    hits = [o for o in grp if o.rank == rank]
    return hits[0] if len(hits) == 1 else None


ANALYST = [
    ("mhc", Q4, "top", 10, "top 10 of the mental health and community table please", None),
    ("acute", Q1, "bottom", 10, "bottom ten acute trusts", None),
    ("mhc", Q3, "top", 8, "can i see the top 8 mental health and community trusts for q3", None),
    ("mhc", Q4, "region", 0, "list the mental health and community trusts in the north west, latest quarter",
     "North West"),
]
for table, q, kind, n, question, region in ANALYST:
    grp = group(table, q)
    if kind == "top":
        lst = grp[:n]
        assert grp[n].rank > lst[-1].rank
    elif kind == "bottom":
        lst = grp[-n:]
        assert grp[-n - 1].rank < lst[0].rank
    else:
        lst = [o for o in grp if o.region == region]
    # the trust to look into: a position in the list whose rank and the one above it are untied
    idx = [k for k in range(1, len(lst)) if unique_rank(grp, lst[k].rank) and unique_rank(grp, lst[k].rank - 1)]
    k = idx[R.randrange(len(idx))]
    pickt = lst[k]
    above = unique_rank(grp, pickt.rank - 1)
    assert above is not None
    PICKED.update([pickt.code, above.code])
    tfacts = [count_fact(len(lst), q)] if kind == "region" else []
    tfacts += [fact(o, "rank") for o in lst]
    turns = [turn(question, expect("table", [o.code for o in lst], tfacts), src(*table_src(lst)),
                  note=f"{len(lst)} trusts in league order ({q})" + ("; region list with its count" if region else ""))]
    turns.append(turn(f"tell me more about the {ordinal(k + 1)} one",
                      expect("position", [pickt.code], pos_facts(pickt)), src(rows_of(pickt)),
                      note=f"the {ordinal(k + 1)} in the list = {pickt.code}, rank {pickt.rank}"))
    turns.append(turn("and the one above them?" if kind != "region" else "and the one just above them in the whole table?",
                      expect("position", [above.code], pos_facts(above)), src(rows_of(above)),
                      note=f"the trust one place above in the table ({q}): {above.code}, rank {above.rank}"))
    if table == "mhc" and q == Q4:
        prev = MH[(above.code, Q3)]
        turns.append(turn("and last quarter?", expect("movement", [above.code], facts(prev, "rank", "segment")
                                                       + facts(above, "rank", "segment")),
                          src(rows_of(prev, ("OF5000", "OF5002")), rows_of(above, ("OF5000", "OF5002"))),
                          note=f"the trust just asked about, Q3 -> Q4: {prev.rank} -> {above.rank}"))
    hits = [o for o in lst if o.deficit]
    turns.append(turn("going back to that list, how many of them are in deficit",
                      expect("table", [o.code for o in hits], [count_fact(len(hits), q)]),
                      src(*table_src(lst, ("OF5000", "OF5004"))),
                      note=f"counted among the {len(lst)} trusts of the first turn's list (team convention): {len(hits)}"))
    conv("analyst_table_trust_table", "staff", f"{table} {q} {kind} list, one trust, the one above it, back to the list",
         turns[:5])
# ---------------------------------------------------------------------------------------------- write + check

HEADER = (
    f"# Dev questions, round {ROUND}. Generated by evals/questions/make_round{ROUND}.py from NHS England's CSVs\n"
    "# (do not edit by hand). Schema: evals/questions/schema.py.\n"
)
SINGLES_PATH = OUT_DIR / f"round{ROUND}.yaml"
CONVS_PATH = OUT_DIR / f"round{ROUND}_conversations.yaml"
KEYS = {"segment", "rank", "table_size", "average_score", "unadjusted_segment", "in_deficit", "final_segment",
        "count", "without_override_segment", "without_override_rank", "likely_average_low", "likely_average_high",
        "likely_rank_low", "likely_rank_high"}
SUMMARY_OF_KEY = {"segment": "OF5000", "rank": "OF5000", "table_size": "OF5000", "average_score": "OF5002",
                  "unadjusted_segment": "OF5003", "in_deficit": "OF5004", "final_segment": "OF5005"}
RAW_LINES = {name: (RAW / name).read_text(encoding="utf-8-sig").splitlines()
             for name in (ACUTE_FILE, MH12_FILE, MH34_FILE, LEAGUE_FILE)}


def dump(path: Path, data: list[dict[str, Any]]) -> None:
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(HEADER + body, encoding="utf-8")


def recheck_fact(f: dict[str, Any], sources: list[dict[str, Any]], where: str) -> None:
    """Second, independent check: re-read the cited physical lines and find the fact's value in them."""
    if f["key"] == "count":
        return
    if f["key"] in ("without_override_segment", "without_override_rank"):
        return  # computed over the whole table above (spec formula); the OF5003 row is among the cited rows
    cited = []
    for s in sources:
        lines = RAW_LINES[s["file"]]
        header = next(csv.reader([lines[0]]))
        for r in s["rows"]:
            cited.append((s["file"], dict(zip(header, next(csv.reader([lines[r - 1]]))))))
    if f["key"].startswith("likely_"):
        rows = [row for file, row in cited if file == LEAGUE_FILE and row["Trust_code"] == f["trust"]]
        assert len(rows) == 1, where
        col = "Likely_range_of_rank" if "rank" in f["key"] else "Likely_range_of_average_score"
        lo, hi = (float(x) for x in rows[0][col].split(" to "))
        assert abs((lo if f["key"].endswith("low") else hi) - float(f["value"])) < 0.006, (where, f)
        assert f["quarter"] == rows[0]["Quarter"] == Q4, where
        return
    metric = SUMMARY_OF_KEY[f["key"]]
    rows = [row for file, row in cited if row.get("Trust_code") == f["trust"] and row.get("Metric_ID") == metric
            and (row.get("Quarter") or Q1) == f["quarter"]]
    assert len(rows) == 1, (where, f)
    row = rows[0]
    if f["key"] == "rank":
        assert int(float(row["Rank"])) == f["value"], (where, f)
    elif f["key"] == "table_size":
        file = next(file for file, r in cited if r is row)
        n = sum(1 for line in RAW_LINES[file][1:] if ",OF5000," in line
                and (f["quarter"] == Q1 and file == ACUTE_FILE or f",{metric}," in line and line.startswith(f["quarter"])))
        assert n == f["value"], (where, f, n)
    elif f["key"] == "in_deficit":
        assert (int(float(row["Value"])) == 1) == f["value"], (where, f)
    elif f["key"] == "average_score":
        assert abs(float(row["Value"]) - f["value"]) < 0.0051, (where, f)
    else:
        assert int(float(row["Value"])) == f["value"], (where, f)


def check_expect(e: dict[str, Any], source: Any, where: str) -> None:
    assert e["intent"] in {"position", "compare", "movement", "whatif", "table", "method", "definition", "help",
                           "out_of_scope"}, where
    for f in e["facts"]:
        assert f["key"] in KEYS and f["quarter"] in (Q1, Q2, Q3, Q4), where
        assert (f["key"] == "count") == (f["trust"] is None), where
        if f["trust"]:
            assert f["trust"] in e["trusts"], (where, f)
    if e["facts"] or e["drivers"] or e["top_driver"]:
        assert source, where
        sources = source if isinstance(source, list) else [source]
        for f in e["facts"]:
            recheck_fact(f, sources, where)
    if e["intent"] in ("position", "movement", "whatif", "compare"):
        assert e["trusts"], where
    if e["unavailable"]:
        assert not e["declined"], where


def validate() -> None:
    singles = yaml.safe_load(SINGLES_PATH.read_text(encoding="utf-8"))
    convs = yaml.safe_load(CONVS_PATH.read_text(encoding="utf-8"))
    ids: set[str] = set()
    for item in singles:
        assert item["id"].startswith(f"dev-r{ROUND}-") and item["id"] not in ids
        ids.add(item["id"])
        check_expect(item["expect"], item.get("source"), item["id"])
    for c in convs:
        assert c["id"].startswith(f"dev-r{ROUND}-c") and c["id"] not in ids
        ids.add(c["id"])
        for t in c["turns"]:
            check_expect(t["expect"], t.get("source"), c["id"])
    for path in (SINGLES_PATH, CONVS_PATH):
        assert path.read_text(encoding="utf-8").startswith(HEADER)
    try:  # the team's schema, only as a final check that the files load
        import sys
        sys.path.insert(0, str(OUT_DIR.parents[1]))
        from evals.questions.schema import load_sets
        sets = load_sets(OUT_DIR, [f"round{ROUND}", f"round{ROUND}_conversations"])
        print("schema ok:", {k: len(v) for k, v in sets.items()})
    except ImportError as error:  # pragma: no cover
        print("schema not checked:", error)
    print(f"{len(singles)} single questions, {len(convs)} conversations "
          f"({sum(len(c['turns']) for c in convs)} turns)")
    print("by kind:", dict(sorted(COUNTER.items())))
    print("by intent:", dict(sorted(Counter(i["expect"]["intent"] for i in singles).items())),
          "| turns:", dict(sorted(Counter(t["expect"]["intent"] for c in convs for t in c["turns"]).items())))
    print("distinct trusts:", len({c for i in singles for c in i["expect"]["trusts"]}
                                   | {c for cv in convs for t in cv["turns"] for c in t["expect"]["trusts"]}))


# Where two rounds' writers disagree on a convention, the item is relabelled here with the reason in its note
# (see evals/questions/README.md).
_LAST_QUARTER = ("'and last quarter?' after an answer about one trust asks for its position in the quarter before, as "
                 "rounds 5, 6, 8, 11, 12, 13, 16, 19, 25 and 28 label it (a move is asked with 'has it gone up since "
                 "last quarter?')")
_LAST_QUARTER_TURNS = ("dev-r33-c05#3", "dev-r33-c06#3", "dev-r33-c07#4", "dev-r33-c08#3", "dev-r33-c13#3",
                       "dev-r33-c16#3")


def relabels() -> dict[str, tuple[str | dict[str, Any], str]]:
    """The relabels, with the earlier quarter's facts kept for the position turns."""
    out: dict[str, tuple[str | dict[str, Any], str]] = {}
    for conv in CONVS:
        for n, turn in enumerate(conv["turns"]):
            ident = f"{conv['id']}#{n}"
            if ident in _LAST_QUARTER_TURNS:
                facts = turn["expect"]["facts"]
                earlier = min((f["quarter"] for f in facts), default=None)
                out[ident] = ({"intent": "position", "facts": [f for f in facts if f["quarter"] == earlier]},
                              _LAST_QUARTER)
    return out


if __name__ == "__main__":
    relabel(CONVS, relabels())
    dump(SINGLES_PATH, ITEMS)
    dump(CONVS_PATH, CONVS)
    validate()
