"""Write dev questions, round 17: a realistic mix of public, staff and press questions, one at a time.

Every expected figure is computed here from NHS England's published CSVs in /work/shared/data/raw (never from
the product). Run with the project's virtualenv from the repository root:

    .venv/bin/python evals/questions/make_round17.py

It writes evals/questions/round17.yaml (single questions) and round17_conversations.yaml (conversations), then
loads both back and checks every item carries the keys the spec requires. Re-running reproduces both files.

Trusts were drawn at random with seed 20261217, weighted towards the trusts rounds 5-15 used least (weight
1 / (1 + uses)^2; 60 acute, 34 mental health & community, 4 ambulance). The draw is frozen below so that later
rounds do not change this file's output.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evals.questions.relabels import relabel

RAW = Path("/work/shared/data/raw")
SEED = 20261217
ACUTE_FILE = "nof_2025-26_q1_acute_trust_data.csv"
MHC_Q12_FILE = "nof_2025-26_q1-q2_mental_health_community_trust_data.csv"
MHC_Q34_FILE = "nof_2025-26_q3-q4_mental_health_community_trust_data.csv"
LEAGUE_Q4_FILE = "nof_2025-26_q4_mental_health_community_trust_league_table.csv"
REF_FILE = "trust_reference_205_derived.csv"
Q1, Q2, Q3, Q4 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"
ACUTE, MHC = "acute", "mhc"
QUARTERS = {ACUTE: [Q1], MHC: [Q1, Q2, Q3, Q4]}
LATEST = {ACUTE: Q1, MHC: Q4}
EXCLUDED = {"OF1079", "OF1081"}
THIRD_WEIGHT = {"OF1020", "OF1048", "OF1088"}


@dataclass
class Row:
    line: int
    value: str
    rank: str


@dataclass
class Trust:
    code: str
    name: str
    table: str
    quarter: str
    region: str
    subtype: str
    file: str
    rows: dict[str, Row] = field(default_factory=dict)
    segment: int = 0
    rank: int = 0
    average: float = 0.0
    unadjusted: int = 0
    deficit: bool = False

    @property
    def held_back(self) -> bool:
        return self.deficit and self.unadjusted in (1, 2)


def file_for(table: str, quarter: str) -> str:
    if table == ACUTE:
        return ACUTE_FILE
    return MHC_Q12_FILE if quarter in (Q1, Q2) else MHC_Q34_FILE


def load_table(table: str, quarter: str) -> dict[str, Trust]:
    fname = file_for(table, quarter)
    out: dict[str, Trust] = {}
    with open(RAW / fname, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for rec in reader:
            if rec.get("Quarter", Q1) != quarter:
                continue
            metric = rec["Metric_ID"]
            if not metric.startswith(("OF1", "OF5")):
                continue
            code = rec["Trust_code"]
            trust = out.setdefault(code, Trust(code, rec["Trust_name"], table, quarter, rec["Region"],
                                               rec["Trust_subtype"], fname))
            assert metric not in trust.rows, (code, metric)
            trust.rows[metric] = Row(reader.line_num, rec["Value"], rec["Rank"])
    for trust in out.values():
        trust.segment = int(float(trust.rows["OF5000"].value))
        trust.rank = int(float(trust.rows["OF5000"].rank))
        trust.average = float(trust.rows["OF5002"].value)
        trust.unadjusted = int(float(trust.rows["OF5003"].value))
        trust.deficit = int(float(trust.rows["OF5004"].value)) == 1
    # the published Rank must be the league position: segment, then average, ties share the best rank
    for trust in out.values():
        before = sum(1 for o in out.values() if (o.segment, o.average) < (trust.segment, trust.average))
        assert before + 1 == trust.rank, (trust.code, quarter, before + 1, trust.rank)
        assert trust.segment == (3 if trust.held_back else trust.unadjusted) or trust.segment > trust.unadjusted
    return out


TABLES: dict[tuple[str, str], dict[str, Trust]] = {
    (table, q): load_table(table, q) for table, qs in QUARTERS.items() for q in qs
}


def tr(code: str, quarter: str | None = None) -> Trust:
    for (table, q), rows in TABLES.items():
        if code in rows and (quarter or LATEST[table]) == q:
            return rows[code]
    raise KeyError((code, quarter))


def table_of(code: str) -> str:
    return ACUTE if code in TABLES[(ACUTE, Q1)] else MHC


def load_league_q4() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    with open(RAW / LEAGUE_Q4_FILE, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for rec in reader:
            lo_a, hi_a = rec["Likely_range_of_average_score"].split(" to ")
            lo_r, hi_r = rec["Likely_range_of_rank"].split(" to ")
            out[rec["Trust_code"]] = {
                "line": reader.line_num, "average": float(rec["Average_score"]), "segment": int(float(rec["Segment"])),
                "rank": int(float(rec["Rank"])), "deficit": rec["Trust_in_financial_deficit"] == "Yes",
                "avg_low": float(lo_a), "avg_high": float(hi_a), "rank_low": int(lo_r), "rank_high": int(hi_r),
            }
    return out


LEAGUE_Q4 = load_league_q4()
for _code, _lt in LEAGUE_Q4.items():
    _t = TABLES[(MHC, Q4)][_code]
    assert (_lt["rank"], _lt["segment"], _lt["average"], _lt["deficit"]) == (_t.rank, _t.segment, _t.average, _t.deficit)
assert len(LEAGUE_Q4) == len(TABLES[(MHC, Q4)])


def load_reference() -> dict[str, dict[str, str]]:
    with open(RAW / REF_FILE, encoding="utf-8-sig", newline="") as handle:
        return {rec["ods_code"]: rec for rec in csv.DictReader(handle)}


REF = load_reference()
AMBULANCE = sorted(c for c, r in REF.items() if r["nof_trust_type"] == "Ambulance trust")


def effects(code: str, quarter: str | None = None) -> dict[str, float]:
    trust = tr(code, quarter)
    scores = {m: float(r.value) for m, r in trust.rows.items()
              if m.startswith("OF1") and m not in EXCLUDED and r.value.strip() != ""}
    weights = {m: (1 / 3 if m in THIRD_WEIGHT else 1.0) for m in scores}
    total_w = sum(weights.values())
    total = sum(weights[m] * scores[m] for m in scores)
    mean = total / total_w
    assert abs(mean - trust.average) < 0.02, (code, mean, trust.average)  # published 2 dp scores
    return {m: mean - (total - weights[m] * scores[m]) / (total_w - weights[m]) for m in scores}


def drivers(code: str, quarter: str | None = None, worse: bool = True, n: int = 3) -> list[str]:
    eff = effects(code, quarter)
    if worse:
        picked = sorted((m for m in eff if eff[m] > 1e-9), key=lambda m: -eff[m])
    else:
        picked = sorted((m for m in eff if eff[m] < -1e-9), key=lambda m: eff[m])
    return picked[:n]


def without_override_rank(code: str, quarter: str | None = None) -> int:
    trust = tr(code, quarter)
    rows = TABLES[(trust.table, trust.quarter)]
    return 1 + sum(1 for o in rows.values() if o.code != code
                   and (o.segment, o.average) < (trust.unadjusted, trust.average))


# ---------------------------------------------------------------- the frozen draw (see the module docstring)
DRAWN_ACUTE = ("R0D RGT RXF RFF RBS R0A RJ6 RXK RVJ RJN RN7 RNQ RGN RVV RTP RBN RYR RLT RF4 REP RD8 RQ3 RWY RBK "
               "RGP RBV RTG RFS RTX RNS RRF RWP RJL RM3 RTD RTK RN3 RTE RH8 RRJ RR7 RL4 RJC RL1 RWF RX1 RWG RN5 "
               "RJE RH5 RFR RCF RTR RDE RLQ RM1 RNN RBL REF RQW").split()
DRAWN_MHC = ("R1L RY5 RXY RXA RKL RW5 G6V2S RLY RY7 RXX RYV RWX RT1 RRE RWK RHA RY6 RVN RP1 RPG RTQ RT5 RY8 RMY "
             "RW4 RY4 RX4 RDR RGD RNU RX2 RW1 RAT RX3").split()
DRAWN_AMBULANCE = ["RYE", "RYA", "RX6", "RX8"]

# A word of each trust's published name, checked below, so a wrong code fails loudly.
NAME_CHECK = {
    "R0D": "Dorset", "RGT": "Cambridge University", "RXF": "Mid Yorkshire", "RFF": "Barnsley", "RBS": "Alder Hey",
    "R0A": "Manchester University", "RJ6": "Croydon", "RXK": "Sandwell", "RVJ": "North Bristol",
    "RJN": "East Cheshire", "RN7": "Dartford", "RNQ": "Kettering", "RGN": "North West Anglia", "RVV": "East Kent",
    "RTP": "Surrey and Sussex", "RBN": "Mersey and West Lancashire", "RYR": "University Hospitals Sussex",
    "RLT": "George Eliot", "RF4": "Barking", "REP": "Liverpool Women", "RD8": "Milton Keynes",
    "RQ3": "Birmingham Women", "RWY": "Calderdale", "RBK": "Walsall", "RGP": "James Paget", "RBV": "Christie",
    "RTG": "Derby and Burton", "RFS": "Chesterfield", "RTX": "Morecambe Bay", "RNS": "Northampton General",
    "RRF": "Wigan", "RWP": "Worcestershire Acute", "RJL": "Northern Lincolnshire", "RM3": "Northern Care Alliance",
    "RTD": "Newcastle", "RTK": "St Peter", "RN3": "Great Western", "RTE": "Gloucestershire Hospitals",
    "RH8": "Royal Devon", "RRJ": "Royal Orthopaedic", "RR7": "Gateshead", "RL4": "Wolverhampton",
    "RJC": "South Warwickshire", "RL1": "Robert Jones", "RWF": "Maidstone", "RX1": "Nottingham University",
    "RWG": "West Hertfordshire", "RN5": "Hampshire Hospitals", "RJE": "North Midlands", "RH5": "Somerset",
    "RFR": "Rotherham", "RCF": "Airedale", "RTR": "South Tees", "RDE": "East Suffolk", "RLQ": "Wye Valley",
    "RM1": "Norfolk and Norwich", "RNN": "North Cumbria", "RBL": "Wirral University", "REF": "Royal Cornwall",
    "RQW": "Princess Alexandra", "R1L": "Essex Partnership", "RY5": "Lincolnshire Community",
    "RXY": "Kent and Medway", "RXA": "Cheshire and Wirral", "RKL": "West London", "RW5": "Lancashire",
    "G6V2S": "North London", "RLY": "North Staffordshire", "RY7": "Wirral Community", "RXX": "Surrey and Borders",
    "RYV": "Cambridgeshire Community", "RWX": "Berkshire", "RT1": "Cambridgeshire and Peterborough",
    "RRE": "Midlands Partnership", "RWK": "East London", "RHA": "Nottinghamshire Healthcare",
    "RY6": "Leeds Community", "RVN": "Avon and Wiltshire", "RP1": "Northamptonshire", "RPG": "Oxleas",
    "RTQ": "Gloucestershire Health and Care", "RT5": "Leicestershire Partnership", "RY8": "Derbyshire Community",
    "RMY": "Norfolk and Suffolk", "RW4": "Mersey Care", "RY4": "Hertfordshire Community", "RX4": "Cumbria",
    "RDR": "Sussex Community", "RGD": "Leeds and York", "RNU": "Oxford Health", "RX2": "Sussex Partnership",
    "RW1": "Hampshire and Isle of Wight", "RAT": "North East London", "RX3": "Tees, Esk",
    "RYE": "SOUTH CENTRAL AMBULANCE", "RYA": "WEST MIDLANDS AMBULANCE", "RX6": "NORTH EAST AMBULANCE",
    "RX8": "YORKSHIRE AMBULANCE", "RR8": "Leeds Teaching", "RTH": "Oxford University", "RKB": "Coventry",
    "RTF": "Northumbria", "RCX": "King's Lynn", "RXT": "Birmingham and Solihull", "RYW": "Birmingham Community",
    "RRK": "University Hospitals Birmingham", "RMC": "Bolton", "RHQ": "Sheffield Teaching", "RYY": "Kent Community",
    "RYC": "EAST OF ENGLAND AMBULANCE",
}
for _code, _word in NAME_CHECK.items():
    assert _word.lower() in REF[_code]["trust_name"].lower(), (_code, _word, REF[_code]["trust_name"])
assert set(DRAWN_ACUTE) <= set(TABLES[(ACUTE, Q1)]) and set(DRAWN_MHC) <= set(TABLES[(MHC, Q4)])
assert set(DRAWN_AMBULANCE) <= set(AMBULANCE)

Item = dict[str, Any]


# ---------------------------------------------------------------- facts and sources
def fact(code: str | None, key: str, value: Any, quarter: str) -> dict[str, Any]:
    return {"trust": code, "key": key, "value": value, "quarter": quarter}


def position_facts(code: str, quarter: str | None = None) -> list[dict[str, Any]]:
    t = tr(code, quarter)
    size = len(TABLES[(t.table, t.quarter)])
    out = [fact(code, "segment", t.segment, t.quarter), fact(code, "rank", t.rank, t.quarter),
           fact(code, "table_size", size, t.quarter), fact(code, "average_score", round(t.average, 2), t.quarter)]
    if t.held_back:
        out += [fact(code, "in_deficit", True, t.quarter), fact(code, "unadjusted_segment", t.unadjusted, t.quarter)]
    return out


def deficit_facts(code: str, quarter: str | None = None) -> list[dict[str, Any]]:
    """A position answer to a claim about the deficit rule always carries the flag and the unadjusted segment."""
    t = tr(code, quarter)
    out = position_facts(code, quarter)
    if not t.held_back:
        out += [fact(code, "in_deficit", t.deficit, t.quarter), fact(code, "unadjusted_segment", t.unadjusted, t.quarter)]
    return out


def rows_of(code: str, quarter: str | None, metrics: list[str]) -> list[int]:
    t = tr(code, quarter)
    return [t.rows[m].line for m in metrics]


SUMMARY = ["OF5000", "OF5002"]
SUMMARY_DEFICIT = ["OF5000", "OF5002", "OF5003", "OF5004"]


def summary_metrics(code: str, quarter: str | None = None) -> list[str]:
    return SUMMARY_DEFICIT if tr(code, quarter).held_back else SUMMARY


def source(parts: list[tuple[str, str | None, list[str]]]) -> dict[str, Any] | list[dict[str, Any]]:
    """The rows each part's figures come from: one {file, rows} when they are all in one file, else a list of
    them, one per file, in the order the files first appear (the loader accepts both)."""
    by_file: dict[str, list[int]] = {}
    for code, quarter, metrics in parts:
        by_file.setdefault(tr(code, quarter).file, []).extend(rows_of(code, quarter, metrics))
    listed = [{"file": f, "rows": sorted(set(rows))} for f, rows in by_file.items()]
    return listed[0] if len(listed) == 1 else listed


# ---------------------------------------------------------------- item builders
def item(question: str, audience: str, intent: str, *, trusts: list[str] | None = None,
         facts: list[dict[str, Any]] | None = None, parts: list[tuple[str, str | None, list[str]]] | None = None,
         declined: bool = False, clarify: bool = False, candidates: list[str] | None = None,
         premise: bool | None = None, unavailable: bool = False, drivers_: list[str] | None = None,
         top: str | None = None, register: str | None = None, mentions: list[str] | None = None,
         src: dict[str, Any] | None = None, note: str = "") -> Item:
    expect: dict[str, Any] = {
        "intent": intent, "trusts": list(trusts or []), "facts": list(facts or []), "declined": declined,
        "needs_clarification": clarify, "candidates": list(candidates or []), "unavailable": unavailable,
        "drivers": list(drivers_ or []), "top_driver": top,
    }
    if premise is not None:
        expect["corrects_premise"] = premise
    if register:
        expect["register"] = register
    if mentions:
        expect["mentions"] = list(mentions)
    out: Item = {"question": question, "audience": audience, "expect": expect}
    if parts:
        out["source"] = source(parts)
    elif src:
        out["source"] = src
    if note:
        out["note"] = note
    return out


def pos(question: str, audience: str, code: str, quarter: str | None = None, **kw: Any) -> Item:
    return item(question, audience, "position", trusts=[code], facts=position_facts(code, quarter),
                parts=[(code, quarter, summary_metrics(code, quarter))], **kw)


def deficit_claim(question: str, audience: str, code: str, quarter: str | None = None, **kw: Any) -> Item:
    return item(question, audience, "position", trusts=[code], facts=deficit_facts(code, quarter),
                parts=[(code, quarter, SUMMARY_DEFICIT)], **kw)


def why(question: str, audience: str, code: str, quarter: str | None = None, worse: bool = True,
        **kw: Any) -> Item:
    ds = drivers(code, quarter, worse)
    return item(question, audience, "position", trusts=[code], facts=position_facts(code, quarter), drivers_=ds,
                parts=[(code, quarter, summary_metrics(code, quarter) + ds)], **kw)


def one_measure(question: str, audience: str, code: str, quarter: str | None = None, **kw: Any) -> Item:
    top = drivers(code, quarter, True, 1)[0]
    return item(question, audience, "position", trusts=[code], facts=position_facts(code, quarter), top=top,
                parts=[(code, quarter, summary_metrics(code, quarter) + [top])], **kw)


def move(question: str, audience: str, code: str, qa: str, qb: str, **kw: Any) -> Item:
    facts = []
    for q in (qa, qb):
        t = tr(code, q)
        facts += [fact(code, "rank", t.rank, q), fact(code, "segment", t.segment, q)]
    return item(question, audience, "movement", trusts=[code], facts=facts,
                parts=[(code, qb, ["OF5000"]), (code, qa, ["OF5000"])], **kw)


def compare(question: str, audience: str, codes: list[str], quarter: str | None = None, **kw: Any) -> Item:
    facts: list[dict[str, Any]] = []
    for c in codes:
        t = tr(c, quarter)
        facts += [fact(c, "segment", t.segment, t.quarter), fact(c, "rank", t.rank, t.quarter),
                  fact(c, "average_score", round(t.average, 2), t.quarter)]
    return item(question, audience, "compare", trusts=codes, facts=facts,
                parts=[(c, quarter, SUMMARY) for c in codes], **kw)


def override_whatif(question: str, audience: str, code: str, quarter: str | None = None, **kw: Any) -> Item:
    t = tr(code, quarter)
    assert t.held_back, code
    facts = [fact(code, "without_override_segment", t.unadjusted, t.quarter),
             fact(code, "without_override_rank", without_override_rank(code, quarter), t.quarter)]
    rows: list[tuple[str, str | None, list[str]]] = [
        (c, t.quarter, ["OF5000", "OF5002"]) for c in TABLES[(t.table, t.quarter)] if c != code]
    return item(question, audience, "whatif", trusts=[code], facts=facts,
                parts=[(code, quarter, SUMMARY_DEFICIT)] + rows, **kw)


def likely(question: str, audience: str, code: str, average: bool = False, **kw: Any) -> Item:
    lt = LEAGUE_Q4[code]
    facts = [fact(code, "rank", lt["rank"], Q4), fact(code, "segment", lt["segment"], Q4)]
    if average:
        facts += [fact(code, "average_score", lt["average"], Q4), fact(code, "likely_average_low", lt["avg_low"], Q4),
                  fact(code, "likely_average_high", lt["avg_high"], Q4)]
    else:
        facts += [fact(code, "likely_rank_low", lt["rank_low"], Q4),
                  fact(code, "likely_rank_high", lt["rank_high"], Q4)]
    return item(question, audience, "position", trusts=[code], facts=facts,
                src={"file": LEAGUE_Q4_FILE, "rows": [lt["line"]]}, **kw)


def unavailable(question: str, audience: str, intent: str, trusts: list[str] | None = None, **kw: Any) -> Item:
    return item(question, audience, intent, trusts=trusts, unavailable=True, **kw)


def out_of_scope(question: str, audience: str, **kw: Any) -> Item:
    return item(question, audience, "out_of_scope", declined=True, **kw)


def clarify(question: str, audience: str, intent: str, candidates: list[str], word: str, **kw: Any) -> Item:
    found = sorted(c for c, r in REF.items() if word in r["trust_name"].lower())
    assert found == sorted(candidates), (word, found, candidates)
    return item(question, audience, intent, clarify=True, candidates=sorted(candidates), **kw)


def plain(question: str, audience: str, intent: str, **kw: Any) -> Item:
    clar = intent == "help"
    return item(question, audience, intent, clarify=clar, **kw)


# ---------------------------------------------------------------- table questions (recomputed from whole files)
def members(table: str, quarter: str, keep: Any) -> list[Trust]:
    return sorted((t for t in TABLES[(table, quarter)].values() if keep(t)), key=lambda t: (t.rank, t.code))


def region_ok(table: str, quarter: str, region: str) -> None:
    """The file's region and the ODS region must agree for every trust counted in that region."""
    ods_region = {"East": "East of England", "North East": "North East and Yorkshire"}.get(region, region)
    for t in TABLES[(table, quarter)].values():
        if not REF[t.code]["nhs_region_name_from_ods"]:
            continue  # a trust newer than the ODS extract: the file's region stands
        assert (t.region == region) == (REF[t.code]["nhs_region_name_from_ods"] == ods_region), (t.code, region)


def count_table(question: str, audience: str, specs: list[tuple[str, str, Any]], listing: bool = False,
                **kw: Any) -> Item:
    facts: list[dict[str, Any]] = []
    parts: list[tuple[str, str | None, list[str]]] = []
    codes: list[str] = []
    for table, quarter, keep in specs:
        got = members(table, quarter, keep)
        facts.append(fact(None, "count", len(got), quarter))
        parts += [(t.code, quarter, ["OF5000"]) for t in got]
        codes += [t.code for t in got]
    return item(question, audience, "table", trusts=codes if listing else [], facts=facts, parts=parts or None,
                **kw)


def top_list(question: str, audience: str, table: str, quarter: str, n: int, keep: Any = None,
             bottom: bool = False, **kw: Any) -> Item:
    got = members(table, quarter, keep or (lambda t: True))
    if bottom:
        got = got[::-1]
    picked = got[:n]
    # the list must be unambiguous: no tie across the cut
    if len(got) > n:
        assert picked[-1].rank != got[n].rank, (question, picked[-1].code, got[n].code)
    return item(question, audience, "table", trusts=[t.code for t in picked],
                facts=[fact(t.code, "rank", t.rank, quarter) for t in picked],
                parts=[(t.code, quarter, ["OF5000"]) for t in picked], **kw)


# ---------------------------------------------------------------- single questions
PUB, STAFF, PRESS = "public", "staff", "press"


def not_london(t: Trust) -> bool:
    return t.region != "London"


def singles() -> list[Item]:
    out: list[Item] = []
    add = out.append

    # --- public: is my local hospital any good (hospital names, towns, typos) ---
    add(pos("is southmead any good", PUB, "RVJ", note="Southmead Hospital is North Bristol NHS Trust"))
    add(pos("how does the hospital in macclesfield do", PUB, "RJN", note="Macclesfield District General: East Cheshire"))
    add(pos("my mum is going into the royal stoke next week for tests is it a decent hospital", PUB, "RJE"))
    add(pos("whats the league table like for wigan infirmary", PUB, "RRF"))
    add(pos("addenbrookes ranking", PUB, "RGT", note="Addenbrooke's is Cambridge University Hospitals"))
    add(pos("how is the RVI doing in the tables", PUB, "RTD", note="Royal Victoria Infirmary, Newcastle"))
    add(pos("is the hospital in hereford any good", PUB, "RLQ", note="Hereford County Hospital: Wye Valley"))
    add(pos("james cook middlesbrough where is it in the league", PUB, "RTR"))
    add(pos("watford general how are they doing these days", PUB, "RWG"))
    add(pos("where does treliske come in the nhs league table", PUB, "REF", note="Treliske = Royal Cornwall Hospital"))
    add(pos("kettering general hosptial rating", PUB, "RNQ", note="typo kept"))
    add(pos("how good is musgrove park in taunton", PUB, "RH5", note="Musgrove Park: Somerset NHS FT"))
    add(pos("darent valley hospital league table position?", PUB, "RN7", note="Darent Valley: Dartford and Gravesham"))
    add(pos("is warwick hospital any good", PUB, "RJC"))
    add(pos("hows colchester hospital doing", PUB, "RDE", note="Colchester: East Suffolk and North Essex"))
    add(pos("the QE in gateshead where is it ranked", PUB, "RR7",
            note="'the QE' is ambiguous alone; 'in gateshead' picks Gateshead Health"))
    add(pos("arrowe park league table", PUB, "RBL", note="Arrowe Park: Wirral University Teaching Hospital"))
    add(pos("airedale hospital in keighley how does it rank", PUB, "RCF"))
    add(pos("where is whiston hospital in the nhs league table", PUB, "RBN",
            note="Whiston: Mersey and West Lancashire Teaching Hospitals"))
    add(pos("we've just moved to swindon, how does the great western hospital rank in this nhs league thing",
            PUB, "RN3"))
    add(pos("hi so my dad has been in and out of the royal lancaster infirmary since the summer with his heart and "
            "honestly the care has been mixed, i just wanted to know how that hospital actually does in these new "
            "league tables everyone keeps going on about", PUB, "RTX",
            note="rambling; RLI is Morecambe Bay; 'since the summer' is his stay, not a quarter asked for"))
    add(pos("my daughter works at pinderfields and keeps telling me its one of the worst in the country is she "
            "right or just fed up lol", PUB, "RXF",
            note="Pinderfields: Mid Yorkshire. 94th of 134 in segment 3; premise left unlabelled (arguable)"))
    add(pos("is the childrens hospital in birmingham any good in the league", PUB, "RQ3",
            note="Birmingham Children's: Birmingham Women's and Children's; 'childrens' picks it"))

    # --- public: why is X near the bottom (drivers) ---
    add(why("why is the james paget so far down the table", PUB, "RGP"))
    add(why("why is north cumbria near the bottom, we use the cumberland infirmary in carlisle", PUB, "RNN"))
    add(why("why is worcester royal in segment 4", PUB, "RWP", note="Worcestershire Royal: Worcestershire Acute"))
    add(why("why is grimsby hospital so low", PUB, "RJL", note="Diana, Princess of Wales Hospital: NLaG"))
    add(why("why has george eliot got such a bad ranking", PUB, "RLT"))
    add(why("why is the princess alexandra in harlow near the bottom", PUB, "RQW"))
    add(why("why is lscft in segment 4", PUB, "RW5", note="Lancashire & South Cumbria, latest MH&C quarter"))

    # --- public: false premises ---
    add(pos("why are cheltenham and gloucester hospitals at the bottom of the table", PUB, "RTE", premise=True,
            note="Gloucestershire Hospitals is 17th of 134"))
    add(pos("why is the christie ranked so badly", PUB, "RBV", premise=True, note="3rd of 134"))
    add(pos("my neighbour says warwick hospital is in the worst group, is that right", PUB, "RJC", premise=True))
    add(pos("why is alder hey in segment 4", PUB, "RBS", premise=True, note="segment 1"))
    add(pos("why is berkshire healthcare bottom of the mental health table", PUB, "RWX", premise=True))

    # --- public: safe for my baby / operation (position, declined) ---
    add(pos("is peterborough city hospital safe to have my baby", PUB, "RGN", declined=True,
            note="Peterborough City Hospital: North West Anglia"))
    add(pos("having my baby at the royal sussex county in brighton in march, is it safe??", PUB, "RYR",
            declined=True))
    add(pos("is liverpool womens safe for giving birth", PUB, "REP", declined=True))
    add(pos("is northampton general safe for my hip replacement", PUB, "RNS", declined=True))

    # --- public: which is better ---
    add(compare("which is higher in the league, whiston or arrowe park", PUB, ["RBN", "RBL"]))
    add(compare("im choosing between kettering and northampton general for my knee op which is better", PUB,
                ["RNQ", "RNS"], declined=True,
                note="choosing a hospital for treatment is declined; the league positions are in scope"))
    add(compare("royal derby vs royal stoke which is doing better", PUB, ["RTG", "RJE"]))
    add(compare("is milton keynes hospital better than northampton general", PUB, ["RD8", "RNS"]))
    add(compare("barnsley or rotherham hospital which ranks higher", PUB, ["RFF", "RFR"]))

    # --- public: definitions and method ---
    add(plain("what does segment 3 mean for me as a patient", PUB, "definition"))
    add(plain("what is segment 4", PUB, "definition"))
    add(plain("how do they decide who is top of the nhs league table", PUB, "method"))
    add(plain("why are all the top hospitals specialist ones", PUB, "method"))

    # --- public: mental health & community trusts ---
    add(pos("my son is under oxleas for his mental health, are they any good", PUB, "RPG"))
    add(pos("how is the mental health trust in leeds doing", PUB, "RGD",
            note="'mental health trust in leeds' picks Leeds and York Partnership"))
    add(pos("is mersey care a good trust", PUB, "RW4"))
    add(pos("tewv has a terrible reputation round here, where are they in the league", PUB, "RX3"))
    add(pos("how is berkshire healthcare doing now", PUB, "RWX"))
    add(pos("hertfordshire community trust ranking", PUB, "RY4"))
    add(pos("how did sussex partnership do over christmas", PUB, "RX2", Q3, note="Christmas = Q3"))
    add(pos("kent and medway mental health trust in april to june", PUB, "RXY", Q1))
    add(move("has north staffs combined gone down since the spring", PUB, "RLY", Q1, Q4,
             note="spring = Q1; compared with the latest (Q4)"))
    add(move("did nsft get any better over the winter", PUB, "RMY", Q3, Q4, note="winter = Q4, from Q3"))

    # --- public: data we do not hold ---
    add(unavailable("how is the west midlands ambulance service doing in the league table", PUB, "position",
                    ["RYA"]))
    add(unavailable("yorkshire ambulance ranking", PUB, "position", ["RX8"]))
    add(unavailable("are south central ambulance in segment 4", PUB, "position", ["RYE"]))
    add(unavailable("how did addenbrookes do over the summer", PUB, "position", ["RGT"],
                    note="acute Q2 not held"))
    add(unavailable("where is the norfolk and norwich in the winter table", PUB, "position", ["RM1"],
                    note="winter = Q4; acute Q4 not held"))
    add(unavailable("has royal stoke gone up since last quarter", PUB, "movement", ["RJE"],
                    note="acute has no quarter before Q1 held"))
    add(unavailable("where will the royal devon be next year", PUB, "position", ["RH8"],
                    note="next year not held: a position answer that says so"))

    # --- public: out of scope ---
    add(out_of_scope("i want to complain about the way my nan was treated at walsall manor hospital who do i "
                     "write to", PUB))
    add(out_of_scope("who is the best knee surgeon at the robert jones and agnes hunt", PUB))
    add(out_of_scope("what did the CQC say about maidstone hospital", PUB))
    add(out_of_scope("can you rank gp surgeries near me", PUB))
    add(out_of_scope("should i take my chest pain to a&e or wait for the gp", PUB))
    add(pos("i want to complain about east surrey hospital, and where does it sit in the league table anyway",
            PUB, "RTP", declined=True, note="East Surrey Hospital: Surrey and Sussex Healthcare"))

    # --- public: ambiguous names, help ---
    add(clarify("how is hampshire doing", PUB, "position", ["RN5", "RW1"], "hampshire"))
    add(clarify("is oxford any good", PUB, "position", ["RNU", "RTH"], "oxford"))
    add(clarify("wirral league table", PUB, "position", ["RBL", "RXA", "RY7"], "wirral"))
    add(clarify("how does leeds rank", PUB, "position", ["RGD", "RR8", "RY6"], "leeds"))
    add(plain("asdfgh", PUB, "help"))
    add(plain("is it good", PUB, "help"))

    # --- staff: explain our position ---
    add(pos("can you explain our position to my team, we're mid yorkshire teaching", STAFF, "RXF"))
    add(pos("i work at croydon health services, how do i explain our league table position to the ward staff",
            STAFF, "RJ6"))
    add(pos("explain nottingham university hospitals' position for a team brief", STAFF, "RX1"))
    add(pos("i'm a matron at hampshire hospitals, give me a plain summary of where we are", STAFF, "RN5"))
    add(pos("what's our average score this quarter? gloucestershire health and care", STAFF, "RTQ"))
    add(pos("what's our score now, lincolnshire community health services", STAFF, "RY5"))

    # --- staff: which measures pulled us down ---
    add(why("which of our measures pulled us down? we're dartford and gravesham", STAFF, "RN7"))
    add(why("which metrics are dragging down east kent hospitals", STAFF, "RVV"))
    add(why("what's pulling north west anglia down", STAFF, "RGN"))
    add(why("which of our measures pulled us down, cheshire and wirral partnership", STAFF, "RXA"))
    add(why("why is leeds and york partnership in segment 4 now", STAFF, "RGD"))
    add(one_measure("is it just one measure that's sinking uhd", STAFF, "R0D",
                    note="UHD = University Hospitals Dorset"))
    add(one_measure("is it just the productivity score that puts sandwell in segment 3", STAFF, "RXK",
                    note="top effect is OF1085 implied productivity, so the claim holds"))

    # --- staff: what would it take / what if ---
    add(plain("what would it take for us to reach segment 2, we're royal wolverhampton", STAFF, "whatif",
              trusts=["RL4"]))
    add(plain("what would uhnm need to do to get into segment 2", STAFF, "whatif", trusts=["RJE"]))
    add(plain("what if east cheshire hit the four hour a&e target", STAFF, "whatif", trusts=["RJN"]))
    add(override_whatif("where would walsall be without the deficit rule", STAFF, "RBK"))
    add(override_whatif("what rank would west herts have without the financial override", STAFF, "RWG"))

    # --- staff: movement ---
    add(move("did we improve since the summer? avon and wiltshire", STAFF, "RVN", Q2, Q4))
    add(move("have we gone up since the first table, east london foundation trust", STAFF, "RWK", Q1, Q4,
             note="first table = Q1"))
    add(move("did leicestershire partnership improve since the autumn", STAFF, "RT5", Q3, Q4))
    add(move("why did oxford health fall", STAFF, "RNU", Q3, Q4, note="no quarter named: last quarter to latest"))
    add(move("why did kent and medway mental health drop so much", STAFF, "RXY", Q3, Q4))
    add(move("our position in the first table vs now, cwp", STAFF, "RXA", Q1, Q4))

    # --- staff: the deficit rule ---
    add(deficit_claim("are we held back by the deficit rule? barnsley hospital", STAFF, "RFF"))
    add(deficit_claim("is st peter's in chertsey held back by the financial override", STAFF, "RTK",
                      note="St Peter's: Ashford and St Peter's"))
    add(deficit_claim("are we held back by the deficit rule at the royal devon", STAFF, "RH8"))
    add(deficit_claim("we're only in segment 3 because of our deficit, right? mid yorkshire", STAFF, "RXF",
                      premise=True, note="in deficit but unadjusted segment is 3 too"))
    add(deficit_claim("northern care alliance is only in segment 4 because of the money isn't it", STAFF, "RM3",
                      premise=True, note="the override caps at 3; unadjusted segment is 4"))
    add(deficit_claim("is addenbrookes held back by the deficit rule", STAFF, "RGT",
                      note="not in deficit; no, it is not held back"))

    # --- staff: compare with neighbours / region ---
    sw = [t.code for t in members(MHC, Q4, lambda t: t.region == "South West")]
    region_ok(MHC, Q4, "South West")
    assert "RVN" in sw
    add(compare("how do we compare with the other mental health trusts in the south west? we're AWP", STAFF,
                ["RVN"] + [c for c in sw if c != "RVN"], note="AWP = Avon and Wiltshire; all South West MH&C"))
    add(compare("how do we compare with our neighbours? we're chesterfield royal, the others being sheffield "
                "teaching and derby", STAFF, ["RFS", "RHQ", "RTG"]))
    add(compare("compare us with kent community health, we're sussex community", STAFF, ["RDR", "RYY"]))

    # --- staff: forecasts, next year, likely ranges, not held ---
    add(unavailable("where will derbyshire community health services be next year", STAFF, "position", ["RY8"]))
    add(item("will we move up next quarter, we're surrey and borders", STAFF, "movement", trusts=["RXX"],
             declined=True, note="a forecast of a move is declined"))
    add(likely("what's the likely range of our rank? we are cambridgeshire community services", STAFF, "RYV"))
    add(likely("what is the likely range of hampshire and isle of wight healthcare's average score", STAFF, "RW1",
               average=True))
    add(unavailable("how did we do in 2024/25, north london foundation trust", STAFF, "position", ["G6V2S"]))

    # --- press: lines ---
    add(pos("give me a line on north bristol", PRESS, "RVJ", register="press"))
    add(pos("need a quotable line on wye valley for tomorrow's paper", PRESS, "RLQ", register="press"))
    add(pos("one line on NELFT please", PRESS, "RAT", register="press", note="NELFT = North East London FT"))
    add(pos("give me a line on the newcastle hospitals ranking", PRESS, "RTD", register="press"))

    # --- press: is it fair to call X the worst in the region ---
    mids = members(ACUTE, Q1, lambda t: t.region == "Midlands")
    assert mids[-1].code != "RBK"
    add(pos("is it fair to call walsall manor the worst hospital in the midlands", PRESS, "RBK", premise=True,
            note=f"36th of 134; the lowest Midlands acute trust is {mids[-1].code}"))
    ne = members(ACUTE, Q1, lambda t: t.region == "North East")
    assert ne[-1].code == "RNN" and ne[-2].rank < ne[-1].rank
    add(pos("is it fair to call north cumbria the worst acute trust in the north east and yorkshire", PRESS, "RNN",
            premise=False, note="true: the lowest of that region's acute trusts (the acute file calls it North East)"))
    east = members(MHC, Q4, lambda t: t.region == "East")
    region_ok(MHC, Q4, "East")
    assert east[-1].code == "RMY" and east[-2].rank < east[-1].rank
    add(pos("is it fair to call nsft the worst mental health trust in the east of england", PRESS, "RMY",
            premise=False, note="true in the latest MH&C quarter"))

    # --- press: moves, true and false ---
    add(move("east london foundation trust went up 18 places, true?", PRESS, "RWK", Q3, Q4, premise=False))
    add(move("oxleas went up 20 places in the latest table?", PRESS, "RPG", Q3, Q4, premise=True,
             note="27th to 15th: 12 places"))
    add(move("hampshire and isle of wight healthcare climbed from 19th to 11th, correct?", PRESS, "RW1", Q3, Q4,
             premise=False))
    add(move("leeds and york partnership fell 6 places this quarter, yes?", PRESS, "RGD", Q3, Q4, premise=False))
    add(move("kent and medway mental health dropped 10 places in the latest table", PRESS, "RXY", Q3, Q4,
             premise=True, note="13th to 33rd: 20 places"))
    for code, qa, qb, n in (("RWK", Q3, Q4, 18), ("RPG", Q3, Q4, 12), ("RW1", Q3, Q4, 8), ("RGD", Q3, Q4, -6),
                            ("RXY", Q3, Q4, -20)):
        assert tr(code, qa).rank - tr(code, qb).rank == n, code

    # --- press: counts, lists, overrides ---
    for reg in ("North West", "Midlands", "East"):
        region_ok(ACUTE, Q1, reg)
        region_ok(MHC, Q4, reg)
    add(count_table("how many trusts in the north west are in segment 4", PRESS,
                    [(ACUTE, Q1, lambda t: t.region == "North West" and t.segment == 4),
                     (MHC, Q4, lambda t: t.region == "North West" and t.segment == 4)],
                    note="no table named: every table at its latest quarter"))
    add(count_table("how many acute trusts in the midlands are in segment 4", PRESS,
                    [(ACUTE, Q1, lambda t: t.region == "Midlands" and t.segment == 4)]))
    add(count_table("how many mental health trusts in the east are in segment 1 now", PRESS,
                    [(MHC, Q4, lambda t: t.region == "East" and t.segment == 1)]))
    add(count_table("which trusts were held back by the financial override", PRESS,
                    [(ACUTE, Q1, lambda t: t.held_back), (MHC, Q4, lambda t: t.held_back)], listing=True,
                    note="no table named: both tables at their latest quarter"))
    add(count_table("which mental health and community trusts were held back by the deficit rule in the summer",
                    PRESS, [(MHC, Q2, lambda t: t.held_back)], listing=True))
    add(count_table("how many trusts are in segment 4", PRESS,
                    [(ACUTE, Q1, lambda t: t.segment == 4), (MHC, Q4, lambda t: t.segment == 4)]))
    add(count_table("how many acute trusts are in segment 1", PRESS, [(ACUTE, Q1, lambda t: t.segment == 1)]))
    add(count_table("how many mental health and community trusts are in deficit now", PRESS,
                    [(MHC, Q4, lambda t: t.deficit)]))
    add(count_table("which midlands mental health trusts fell a segment between the autumn and the winter", PRESS,
                    [(MHC, Q4, lambda t: t.region == "Midlands"
                      and t.segment > TABLES[(MHC, Q3)][t.code].segment)], listing=True))
    region_ok(MHC, Q3, "Midlands")
    add(top_list("top 5 mental health and community trusts", PRESS, MHC, Q4, 5))
    add(top_list("the best acute trust outside london", PRESS, ACUTE, Q1, 1, not_london))
    add(top_list("best acute trust that isn't a specialist", PRESS, ACUTE, Q1, 1,
                 lambda t: t.subtype != "Acute - Specialist"))
    add(top_list("bottom two mental health trusts in the latest table", PRESS, MHC, Q4, 2, bottom=True))
    region_ok(ACUTE, Q1, "South West")
    add(top_list("top 3 acute trusts in the south west", PRESS, ACUTE, Q1, 3, lambda t: t.region == "South West"))

    # --- press: claims about single trusts ---
    add(compare("compare manchester university and northern care alliance", PRESS, ["R0A", "RM3"]))
    add(pos("is it right that the christie is third in the country", PRESS, "RBV", premise=False))
    add(deficit_claim("barking havering and redbridge - is the deficit rule the reason they're in segment 3?",
                      PRESS, "RF4", note="held back: unadjusted segment 2"))
    add(pos("did sandwell and west birmingham really rank 88th", PRESS, "RXK", premise=False))
    add(pos("is george eliot in the bottom ten", PRESS, "RLT", note="121st of 134: not in the bottom ten"))
    add(likely("what's nottinghamshire healthcare's likely rank range", PRESS, "RHA"))
    add(pos("can you give me the CQC rating for gloucestershire hospitals and its place in the league table", PRESS,
            "RTE", declined=True))
    add(out_of_scope("which surgeon at royal stoke has the worst death rate", PRESS))
    add(clarify("line on sussex please", PRESS, "position", ["RDR", "RTP", "RX2", "RXC", "RYR"], "sussex"))
    add(clarify("how's gloucestershire doing", PRESS, "position", ["RTE", "RTQ"], "gloucestershire"))

    # --- press: data we do not hold, forecasts ---
    add(unavailable("who was bottom of the ambulance table", PRESS, "table"))
    add(unavailable("has the 2026/27 q1 table come out yet, who's top", PRESS, "table"))
    add(unavailable("which hospital trusts were in segment 4 in 2024/25", PRESS, "table"))
    add(unavailable("north east ambulance service league position", PRESS, "position", ["RX6"]))
    add(unavailable("how did the norfolk and norwich do in the autumn", PRESS, "position", ["RM1"],
                    note="autumn = Q3; acute Q3 not held"))
    add(item("who will top the mental health table next quarter", PRESS, "table", declined=True,
             note="a forecast of the whole table is declined"))
    return out


# ---------------------------------------------------------------- conversations
def turn(it: Item) -> Item:
    out: Item = {"question": it["question"], "expect": it["expect"]}
    if "source" in it:
        out["source"] = it["source"]
    if "note" in it:
        out["note"] = it["note"]
    return out


def conversation(audience: str, note: str, turns: list[Item]) -> Item:
    assert 3 <= len(turns) <= 5
    return {"audience": audience, "note": note, "turns": [turn(t) for t in turns]}


def conversations() -> list[Item]:
    top5 = members(ACUTE, Q1, lambda t: True)[:5]
    bottom5 = members(ACUTE, Q1, lambda t: True)[::-1][:5]
    assert members(ACUTE, Q1, lambda t: True)[::-1][5].rank != bottom5[-1].rank
    assert members(ACUTE, Q1, lambda t: True)[5].rank != top5[-1].rank
    london_top = [t for t in top5 if t.region == "London"]
    seg4_q4 = members(MHC, Q4, lambda t: t.segment == 4)
    seg4_mid = [t for t in seg4_q4 if t.region == "Midlands"]
    region_ok(MHC, Q4, "Midlands")
    east_seg4_mhc = [t for t in members(MHC, Q4, lambda t: t.region == "East" and t.segment == 4)]
    return [
        conversation(PUB, "hospital names for one trust (Royal Derby, then Queen's Burton); safety part declined", [
            pos("how is the royal derby doing", PUB, "RTG"),
            why("why is that", PUB, "RTG"),
            pos("is it safe to have my baby there", PUB, "RTG", declined=True),
            pos("what about queens hospital in burton", PUB, "RTG",
                note="Queen's Hospital Burton is the same trust (Derby and Burton)"),
        ]),
        conversation(STAFF, "MH&C staff: position, moves from two anchors, then a comparison", [
            pos("we're east london foundation trust, where are we now", STAFF, "RWK"),
            move("did we improve since the autumn", STAFF, "RWK", Q3, Q4),
            move("what about since the first table", STAFF, "RWK", Q1, Q4),
            compare("how do we compare with nelft", STAFF, ["RWK", "RAT"]),
        ]),
        conversation(PRESS, "a count, a side question on that list, then the list before it in Q1", [
            count_table("how many mental health and community trusts are in segment 4", PRESS,
                        [(MHC, Q4, lambda t: t.segment == 4)]),
            item("which of those are in the midlands", PRESS, "table", trusts=[t.code for t in seg4_mid],
                 facts=[fact(None, "count", len(seg4_mid), Q4)],
                 parts=[(t.code, Q4, ["OF5000"]) for t in seg4_mid]),
            count_table("and in Q1?", PRESS, [(MHC, Q1, lambda t: t.segment == 4)],
                        note="continues the list before the side question: all MH&C trusts in segment 4, Q1"),
        ]),
        conversation(PUB, "Harlow; why; an ambulance trust we hold no data for; topic change to Addenbrooke's", [
            pos("is the hospital in harlow any good", PUB, "RQW", note="Princess Alexandra Hospital, Harlow"),
            why("why's it so low", PUB, "RQW"),
            unavailable("and how is the east of england ambulance service doing", PUB, "position", ["RYC"]),
            pos("ok what about addenbrookes", PUB, "RGT"),
        ]),
        conversation(STAFF, "Barnsley staff: the override what-if, drivers, one-measure claim, neighbours", [
            override_whatif("where would barnsley hospital be without the deficit rule", STAFF, "RFF"),
            why("and what's holding our average back", STAFF, "RFF"),
            one_measure("is it just the discharge delays", STAFF, "RFF",
                        note="OF1025 discharge delay has the largest effect, so the claim holds"),
            compare("how do we compare with rotherham", STAFF, ["RFF", "RFR"]),
        ]),
        conversation(PUB, "MH&C public: CPFT, a move from the summer, a definition, then the other Cambridgeshire trust", [
            pos("my sister is with cpft in cambridge, how are they doing", PUB, "RT1",
                note="CPFT = Cambridgeshire and Peterborough"),
            move("were they better in the summer", PUB, "RT1", Q2, Q4),
            plain("what does segment 3 actually mean", PUB, "definition"),
            pos("and cambridgeshire community services?", PUB, "RYV"),
        ]),
        conversation(PRESS, "a line, a false 'worst in region' claim, a regional count, a side question", [
            pos("give me a line on the norfolk and norwich", PRESS, "RM1", register="press"),
            pos("is it fair to call it the worst in the east", PRESS, "RM1", premise=True,
                note="111th of 134; the lowest East acute trust is ranked 134"),
            count_table("how many trusts in the east of england are in segment 4", PRESS,
                        [(ACUTE, Q1, lambda t: t.region == "East" and t.segment == 4),
                         (MHC, Q4, lambda t: t.region == "East" and t.segment == 4)],
                        note="no table named: both tables"),
            item("which of those are mental health trusts", PRESS, "table", trusts=[t.code for t in east_seg4_mhc],
                 facts=[fact(None, "count", len(east_seg4_mhc), Q4)],
                 parts=[(t.code, Q4, ["OF5000"]) for t in east_seg4_mhc]),
        ]),
        conversation(PUB, "Wigan: quarters and years not held, then a comparison with Bolton", [
            pos("hows the hospital in wigan", PUB, "RRF"),
            unavailable("what about in 2024/25", PUB, "position", ["RRF"]),
            unavailable("and over christmas", PUB, "position", ["RRF"], note="Christmas = Q3; acute Q3 not held"),
            compare("ok how does it compare with bolton", PUB, ["RRF", "RMC"]),
        ]),
        conversation(STAFF, "TEWV staff: drivers, a what-if, next year, then CNTW", [
            why("we're tewv, which of our measures pulled us down this quarter", STAFF, "RX3"),
            plain("what would it take to reach segment 1", STAFF, "whatif", trusts=["RX3"]),
            unavailable("and where will we be next year", STAFF, "position", ["RX3"]),
            compare("ok compare us with cntw", STAFF, ["RX3", "RX4"], note="CNTW = Cumbria, Northumberland, Tyne and Wear"),
        ]),
        conversation(PRESS, "top 5, a side question on it, the bottom 5 (continues the table), why the bottom one", [
            top_list("top 5 acute trusts", PRESS, ACUTE, Q1, 5),
            item("which of those are in london", PRESS, "table", trusts=[t.code for t in london_top],
                 facts=[fact(None, "count", len(london_top), Q1)],
                 parts=[(t.code, Q1, ["OF5000"]) for t in london_top]),
            top_list("and the bottom 5?", PRESS, ACUTE, Q1, 5, bottom=True),
            why("why is the bottom one there", PRESS, bottom5[0].code),
        ]),
    ]


# ---------------------------------------------------------------- writing and checking
HEADER = ("# Dev questions, round 17. Generated by evals/questions/make_round17.py from NHS England's CSVs\n"
          "# (do not edit by hand). Schema: evals/questions/schema.py.\n")
OUT_DIR = Path(__file__).resolve().parent
EXPECT_KEYS = {"intent", "trusts", "facts", "declined", "needs_clarification", "candidates", "unavailable",
               "drivers", "top_driver"}
INTENTS = {"position", "compare", "movement", "whatif", "table", "method", "definition", "help", "out_of_scope"}
FACT_KEYS = {"segment", "rank", "table_size", "average_score", "unadjusted_segment", "in_deficit", "final_segment",
             "count", "without_override_segment", "without_override_rank", "likely_average_low",
             "likely_average_high", "likely_rank_low", "likely_rank_high"}


def check_expect(where: str, expect: dict[str, Any], src: Any) -> None:
    missing = EXPECT_KEYS - set(expect)
    assert not missing, (where, missing)
    assert expect["intent"] in INTENTS, where
    for f in expect["facts"]:
        assert set(f) == {"trust", "key", "value", "quarter"} and f["key"] in FACT_KEYS, (where, f)
        assert (f["trust"] is None) == (f["key"] == "count"), (where, f)
    if expect["facts"] or expect["drivers"] or expect["top_driver"]:
        assert all(s.get("file") and s.get("rows") for s in (src if isinstance(src, list) else [src or {}])), where
    if expect["needs_clarification"] and expect["intent"] != "help":
        assert expect["candidates"] and not expect["facts"], where
    if expect["unavailable"]:
        assert not expect["facts"] and not expect["declined"], where


def check(singles_: list[Item], convs: list[Item]) -> None:
    ids = [i["id"] for i in singles_ + convs]
    assert len(ids) == len(set(ids))
    questions = [i["question"] for i in singles_]
    assert len(questions) == len(set(questions))
    for it in singles_:
        assert it["id"].startswith("dev-r17-") and it["question"] and it["audience"] in (PUB, STAFF, PRESS)
        check_expect(it["id"], it["expect"], it.get("source"))
    for conv in convs:
        assert conv["id"].startswith("dev-r17-") and 3 <= len(conv["turns"]) <= 5
        for n, t in enumerate(conv["turns"], 1):
            check_expect(f"{conv['id']}#{n}", t["expect"], t.get("source"))


def write(path: Path, items: list[Item]) -> None:
    text = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(HEADER + text, encoding="utf-8")


# Where two rounds' writers disagree on a convention, the item is relabelled here with the reason in its note
# (see evals/questions/README.md).
RELABELS: dict[str, tuple[str, str]] = {
    "dev-r17-112": ('out_of_scope', "a forecast of a move or of the whole table is declined as out of scope, as the declines set labels it ('Will Kingston move up in Q3?', 'Which trust will be top next quarter?')"),
    "dev-r17-157": ('out_of_scope', "a forecast of a move or of the whole table is declined as out of scope, as the declines set labels it ('Will Kingston move up in Q3?', 'Which trust will be top next quarter?')"),
    "dev-r17-108": ('table', "'how do we compare with the others in our region' lists the region's trusts of the trust's table, as round 14 labels it (dev-r14-068, dev-r14-069)"),
}


def main() -> None:
    random.seed(SEED)  # the trust draw is frozen above; nothing below is random
    single = singles()
    for n, it in enumerate(single, 1):
        it["id"] = f"dev-r17-{n:03d}"
        single[n - 1] = {"id": it.pop("id"), **it}
    convs = [{"id": f"dev-r17-c{n:02d}", **c} for n, c in enumerate(conversations(), 1)]
    relabel(single, RELABELS)
    relabel(convs, RELABELS)
    check(single, convs)
    write(OUT_DIR / "round17.yaml", single)
    write(OUT_DIR / "round17_conversations.yaml", convs)
    loaded_single = yaml.safe_load((OUT_DIR / "round17.yaml").read_text(encoding="utf-8"))
    loaded_convs = yaml.safe_load((OUT_DIR / "round17_conversations.yaml").read_text(encoding="utf-8"))
    assert loaded_single == single and loaded_convs == convs
    check(loaded_single, loaded_convs)
    for name in ("round17.yaml", "round17_conversations.yaml"):
        head = (OUT_DIR / name).read_text(encoding="utf-8").splitlines()[:2]
        assert "\n".join(head) + "\n" == HEADER, name
    print(f"wrote {len(single)} questions and {len(convs)} conversations "
          f"({sum(len(c['turns']) for c in convs)} turns)")


if __name__ == "__main__":
    main()
