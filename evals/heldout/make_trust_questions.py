#!/usr/bin/env python
"""Held-out evaluation questions, part A: questions about particular trusts.

Writes trusts.yaml (single questions ho-t-NNN) and trust_conversations.yaml (ho-tc-NN) next to this script.
Every expected figure is computed here straight from NHS England's raw CSVs in /work/shared/data/raw;
nothing is imported from the product. Questions are hand-written below as data.

Run:  /work/main/.venv/bin/python evals/heldout/make_trust_questions.py [--check]
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import yaml

RAW = Path("/work/shared/data/raw")
OUT = Path(__file__).resolve().parent

F_ACUTE = "nof_2025-26_q1_acute_trust_data.csv"
F_MH12 = "nof_2025-26_q1-q2_mental_health_community_trust_data.csv"
F_MH34 = "nof_2025-26_q3-q4_mental_health_community_trust_data.csv"
F_LT4 = "nof_2025-26_q4_mental_health_community_trust_league_table.csv"
F_REF = "trust_reference_205_derived.csv"

Q1, Q2, Q3, Q4 = "Q1 2025/26", "Q2 2025/26", "Q3 2025/26", "Q4 2025/26"
ACUTE, MHC, AMB = "Acute trust", "Mental health and community trust", "Ambulance trust"
HCAI = {"OF1020", "OF1048", "OF1088"}
EXCLUDED = {"OF1079", "OF1081"}
TIE_GAP = 0.0005  # a driver boundary closer than this counts as a tie and is refused

# --------------------------------------------------------------------------------------------
# data


def _load(fname: str, quarter: str | None = None) -> pd.DataFrame:
    d = pd.read_csv(RAW / fname, encoding="utf-8-sig", dtype={"Value": str})
    # physical line numbers: the header is line 1; the files have no embedded newlines (checked below)
    d["line"] = d.index + 2
    d["file"] = fname
    if quarter is not None:
        d["Quarter"] = quarter
    return d


def _check_lines(fname: str, df: pd.DataFrame) -> None:
    with open(RAW / fname, encoding="utf-8-sig") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    assert len(lines) == len(df) + 1, (fname, len(lines), len(df))
    if "Metric_ID" in df:
        for _, r in df.sample(min(400, len(df)), random_state=1).iterrows():
            ln = lines[r.line - 1]
            assert r.Trust_code in ln and r.Metric_ID in ln, (fname, r.line)


ACUTE_DF = _load(F_ACUTE, Q1)
MH12_DF = _load(F_MH12)
MH34_DF = _load(F_MH34)
for _f, _d in ((F_ACUTE, ACUTE_DF), (F_MH12, MH12_DF), (F_MH34, MH34_DF)):
    _check_lines(_f, _d)
ALL = pd.concat([ACUTE_DF, MH12_DF, MH34_DF], ignore_index=True)
ALL["table"] = ALL.Trust_type.map({ACUTE: ACUTE, MHC: MHC})
assert ALL.table.notna().all()

LT4 = pd.read_csv(RAW / F_LT4, encoding="utf-8-sig")
LT4["line"] = LT4.index + 2
_check_lines(F_LT4, LT4)

REF = pd.read_csv(RAW / F_REF, encoding="utf-8-sig").set_index("ods_code")
TYPE = REF.nof_trust_type.to_dict()

LATEST = {ACUTE: Q1, MHC: Q4}
HELD = {ACUTE: {Q1}, MHC: {Q1, Q2, Q3, Q4}}


def row(t: str, q: str, metric: str) -> pd.Series:
    r = ALL[(ALL.Trust_code == t) & (ALL.Quarter == q) & (ALL.Metric_ID == metric)]
    assert len(r) == 1, (t, q, metric, len(r))
    return r.iloc[0]


def summary(t: str, q: str) -> dict:
    return {m: row(t, q, m) for m in ("OF5000", "OF5002", "OF5003", "OF5004")}


def table_rows(table: str, q: str) -> pd.DataFrame:
    d = ALL[(ALL.table == table) & (ALL.Quarter == q)]
    s = d[d.Metric_ID.isin(["OF5000", "OF5002", "OF5003", "OF5004"])]
    p = s.pivot(index="Trust_code", columns="Metric_ID", values="Value").astype(float)
    p["Rank"] = d[d.Metric_ID == "OF5000"].set_index("Trust_code").Rank.astype(float)
    return p


def own_rank(p: pd.DataFrame, t: str, seg: float | None = None) -> int:
    """League position recomputed: 1 + trusts strictly before (segment, average)."""
    s = p.loc[t, "OF5000"] if seg is None else seg
    a = p.loc[t, "OF5002"]
    others = p.drop(index=t)
    before = (others.OF5000 < s) | ((others.OF5000 == s) & (others.OF5002 < a))
    return int(before.sum()) + 1


# independent checks: published Rank == recomputed league position; Q4 league-table file == metric file
for _tab, _qs in HELD.items():
    for _q in _qs:
        _p = table_rows(_tab, _q)
        for _t in _p.index:
            assert own_rank(_p, _t) == int(_p.loc[_t, "Rank"]), (_tab, _q, _t)
_p4 = table_rows(MHC, Q4)
assert len(LT4) == len(_p4) == 61
for _, _r in LT4.iterrows():
    _m = _p4.loc[_r.Trust_code]
    assert (_r.Segment, _r.Rank) == (_m.OF5000, _m.Rank), _r.Trust_code
    assert abs(_r.Average_score - _m.OF5002) < 1e-9, _r.Trust_code
    assert (_r.Trust_in_financial_deficit == "Yes") == (_m.OF5004 == 1), _r.Trust_code

# --------------------------------------------------------------------------------------------
# fact builders. Each returns (facts, {file: set(rows)})


def _src(*rows_: pd.Series) -> dict:
    out: dict = {}
    for r in rows_:
        out.setdefault(r.file, set()).add(int(r.line))
    return out


def _merge(*srcs: dict) -> dict:
    out: dict = {}
    for s in srcs:
        for f, rows_ in s.items():
            out.setdefault(f, set()).update(rows_)
    return out


def quarter_for(t: str, q: str | None) -> str:
    return q or LATEST[TYPE[t]]


def fact(t, key, value, q):
    return {"trust": t, "key": key, "value": value, "quarter": q}


def overridden(t: str, q: str) -> bool:
    s = summary(t, q)
    return float(s["OF5004"].Value) == 1 and float(s["OF5003"].Value) in (1, 2)


def position(t: str, q: str | None = None, keys=("segment", "rank", "table_size", "average_score"),
             override=True, without=False):
    """Position facts; adds in_deficit/unadjusted_segment when the financial override applies."""
    q = quarter_for(t, q)
    s = summary(t, q)
    p = table_rows(TYPE[t], q)
    facts, used = [], [s["OF5000"]]
    for k in keys:
        if k == "segment":
            facts.append(fact(t, "segment", int(float(s["OF5000"].Value)), q))
        elif k == "rank":
            facts.append(fact(t, "rank", int(s["OF5000"].Rank), q))
        elif k == "table_size":
            facts.append(fact(t, "table_size", int(len(p)), q))
        elif k == "average_score":
            facts.append(fact(t, "average_score", round(float(s["OF5002"].Value), 2), q))
            used.append(s["OF5002"])
        else:
            raise ValueError(k)
    if override and overridden(t, q):
        facts.append(fact(t, "in_deficit", True, q))
        facts.append(fact(t, "unadjusted_segment", int(float(s["OF5003"].Value)), q))
        used += [s["OF5003"], s["OF5004"]]
        if without:
            f2, s2 = without_override(t, q)
            facts += f2
            return facts, _merge(_src(*used), s2)
    return facts, _src(*used)


def without_override(t: str, q: str | None = None):
    q = quarter_for(t, q)
    assert overridden(t, q), t
    s = summary(t, q)
    p = table_rows(TYPE[t], q)
    seg = int(float(s["OF5003"].Value))
    r = own_rank(p, t, seg=seg)
    return ([fact(t, "without_override_segment", seg, q), fact(t, "without_override_rank", r, q)],
            _src(s["OF5000"], s["OF5002"], s["OF5003"], s["OF5004"]))


def final_segment(t: str, q: str | None = None):
    q = quarter_for(t, q)
    r = row(t, q, "OF5005")
    return [fact(t, "final_segment", int(float(r.Value)), q)], _src(r)


def likely_ranges(t: str):
    r = LT4[LT4.Trust_code == t]
    assert len(r) == 1
    r = r.iloc[0]
    alo, ahi = (float(x) for x in r.Likely_range_of_average_score.split(" to "))
    rlo, rhi = (int(x) for x in r.Likely_range_of_rank.split(" to "))
    facts = [fact(t, "likely_average_low", round(alo, 2), Q4), fact(t, "likely_average_high", round(ahi, 2), Q4),
             fact(t, "likely_rank_low", rlo, Q4), fact(t, "likely_rank_high", rhi, Q4)]
    return facts, {F_LT4: {int(r.line)}}


def movement(t: str, qa: str, qb: str):
    facts, src = [], {}
    for q in (qa, qb):
        f, s = position(t, q, keys=("rank", "segment"), override=False)
        facts += f
        src = _merge(src, s)
    return facts, src


# --------------------------------------------------------------------------------------------
# drivers (SPEC: A = Σ w s / Σ w over OF1xxx except OF1079/OF1081; e_i = A − A_without_i)


def score_rows(t: str, q: str) -> pd.DataFrame:
    d = ALL[(ALL.Trust_code == t) & (ALL.Quarter == q) & ALL.Metric_ID.str.match(r"^OF1\d{3}$")
            & ~ALL.Metric_ID.isin(EXCLUDED)].copy()
    d["s"] = d.Value.astype(float)
    assert d.s.notna().all() and not d.Metric_ID.duplicated().any()
    d["w"] = d.Metric_ID.map(lambda m: 1 / 3 if m in HCAI else 1.0)
    return d


def effects(t: str, q: str):
    d = score_rows(t, q)
    W, S = d.w.sum(), (d.w * d.s).sum()
    A = S / W
    e = {r.Metric_ID: A - (S - r.w * r.s) / (W - r.w) for r in d.itertuples()}
    return A, e, d


def drivers(t: str, q: str | None = None, direction: str = "worse", n: int = 3):
    q = quarter_for(t, q)
    A, e, d = effects(t, q)
    sign = 1 if direction == "worse" else -1
    cand = sorted(((sign * v, m) for m, v in e.items() if sign * v > 0), key=lambda x: (-x[0], x[1]))
    top = cand[:n]
    if len(cand) > n:
        assert top[-1][0] - cand[n][0] > TIE_GAP, f"driver tie at boundary {t} {q} {cand[:n + 1]}"
    return [m for _, m in top], _src(*[r for _, r in d.iterrows()])


def top_driver(t: str, q: str | None = None, direction: str = "worse"):
    ids, src = drivers(t, q, direction, n=1)
    q = quarter_for(t, q)
    _, e, _ = effects(t, q)
    sign = 1 if direction == "worse" else -1
    vals = sorted((sign * v for v in e.values()), reverse=True)
    assert vals[0] - vals[1] > TIE_GAP, f"top driver tie {t} {q}"
    return ids[0], src


def verify_averages():
    """Recompute every trust-quarter's average from its score rows; count matches with OF5002 (±0.01)."""
    n = ok = 0
    worst = 0.0
    for (q, t), _ in ALL[ALL.Metric_ID == "OF5002"].groupby(["Quarter", "Trust_code"]):
        A, _, _ = effects(t, q)
        pub = float(row(t, q, "OF5002").Value)
        n += 1
        worst = max(worst, abs(A - pub))
        ok += abs(A - pub) <= 0.01 + 1e-9
    return ok, n, worst


def show_drivers(t: str, q: str):
    A, e, d = effects(t, q)
    print(f"  {t} {q}: recomputed A = {A:.4f}, published OF5002 = {row(t, q, 'OF5002').Value}, "
          f"metrics = {len(d)}, sum of weights = {d.w.sum():.3f}")
    for m, v in sorted(e.items(), key=lambda x: -x[1]):
        s = d[d.Metric_ID == m].iloc[0]
        print(f"    {m}  score {s.s:.2f}  weight {s.w:.3f}  effect {v:+.4f}  (line {s.line})")


# --------------------------------------------------------------------------------------------
# question helpers


def Q(question, intent, trusts=(), parts=(), audience="public", quarter=None, declined=False,
      needs_clarification=False, candidates=(), corrects_premise=None, unavailable=False,
      drivers_=None, top_driver_=None, register=None, mentions=None, note=""):
    """parts: list of (facts, src) pairs from the builders; drivers_/top_driver_: (value, src)."""
    facts, src = [], {}
    for f, s in parts:
        facts += f
        src = _merge(src, s)
    drv, td = [], None
    if drivers_ is not None:
        drv, s = drivers_
        src = _merge(src, s)
    if top_driver_ is not None:
        td, s = top_driver_
        src = _merge(src, s)
    expect = {"intent": intent, "trusts": list(trusts), "facts": facts, "declined": declined,
              "needs_clarification": needs_clarification, "candidates": list(candidates)}
    if corrects_premise is not None:
        expect["corrects_premise"] = corrects_premise
    expect["unavailable"] = unavailable
    expect["drivers"] = drv
    expect["top_driver"] = td
    if register:
        expect["register"] = register
    if mentions:
        expect["mentions"] = list(mentions)
    item = {"question": question, "audience": audience}
    if quarter:
        item["quarter"] = quarter
    item["expect"] = expect
    if src:
        files = sorted(src, key=lambda f: [F_ACUTE, F_MH12, F_MH34, F_LT4].index(f))
        srcs = [{"file": f, "rows": sorted(src[f])} for f in files]
        item["source"] = srcs[0] if len(srcs) == 1 else srcs
    if note:
        item["note"] = note
    item["_cat"] = None
    return item


def P(t, q=None, **kw):
    return position(t, q, **kw)


# --------------------------------------------------------------------------------------------
# the questions. Categories are for counting only (not written).

ITEMS: list[tuple[str, dict]] = []


def add(cat, item):
    item.pop("_cat", None)
    ITEMS.append((cat, item))


# ---- position: acute (Q1 2025/26 is the only acute quarter held) ----
add("position", Q("how is the royal london doing", "position", ["R1H"], [P("R1H")],
                  note="Hospital name: the Royal London Hospital is Barts Health's HQ site (ODS address R1H)."))
add("position", Q("adenbrookes league table position", "position", ["RGT"], [P("RGT")],
                  note="Misspelt Addenbrooke's -> Cambridge University Hospitals (ODS: Cambridge Biomedical Campus)."))
add("position", Q("where does the MRI in manchester come in the new nhs league tables?", "position", ["R0A"],
                  [P("R0A")], note="Manchester Royal Infirmary is run by Manchester University NHS FT (R0A)."))
add("position", Q("is the royal free any good", "position", ["RAL"], [P("RAL")]))
add("position", Q("st thomas hospital league table", "position", ["RJ1"], [P("RJ1")],
                  note="St Thomas' Hospital -> Guy's and St Thomas' (ODS address). Apostrophe dropped on purpose."))
add("position", Q(
    "my dad was taken into queens medical centre in nottingham on sunday after a fall and honestly im worried "
    "sick, i keep seeing stuff on facebook about hospitals being named and shamed in some league table. where "
    "does QMC actually come and is it one of the bad ones??", "position", ["RX1"], [P("RX1")],
    note="Worried relative, long and rambling. QMC -> Nottingham University Hospitals (ODS HQ at Queens Medical "
         "Centre). 'Named and shamed' echoes the Daily Mail/England Times coverage, Sept 2025."))
add("position", Q("jimmy's in leeds - how are they doing in the rankings", "position", ["RR8"], [P("RR8")],
                  note="'Jimmy's' = St James's University Hospital, Leeds Teaching Hospitals (ODS HQ). YEP 9 Sep 2025 "
                       "reported LTHT 96th of 134."))
add("position", Q("hows the freeman hospital in newcastle doing", "position", ["RTD"], [P("RTD")],
                  note="Freeman Hospital = Newcastle upon Tyne Hospitals HQ (ODS)."))
add("position", Q("GOSH ranking", "position", ["RP4"], [P("RP4")],
                  note="Two words, nickname. GOSH is held back by the financial override (scores say segment 1)."))
add("position", Q("uclh league table position?", "position", ["RRV"], [P("RRV")]))
add("position", Q("Moorfeilds eye hospital where do they rank", "position", ["RP6"], [P("RP6")],
                  note="Misspelling of Moorfields; top of the acute table."))
add("position", Q("kingston hospital league table", "position", ["RAX"], [P("RAX")],
                  note="Override case: scores put Kingston in segment 1, deficit holds it at 3."))
add("position", Q("wheres southampton general in the table", "position", ["RHM"], [P("RHM")],
                  note="Southampton General = University Hospital Southampton (ODS). Override: unadjusted segment 2."))
add("position", Q("northwick park hospital - how does it rank?", "position", ["R1K"], [P("R1K")],
                  note="Northwick Park = London North West University Healthcare (ODS HQ)."))
add("position", Q("musgrove park in taunton, how is it doing in the nhs league table", "position", ["RH5"],
                  [P("RH5")], note="Musgrove Park Hospital = Somerset NHS FT (ODS HQ)."))
add("position", Q("is nottingham university hospitals in special measures? and where are they in the table",
                  "position", ["RX1"], [P("RX1"), final_segment("RX1")],
                  note="OF5005 = 5: in the Recovery Support Programme (the successor of 'special measures'); the "
                       "league-table segment is still OF5000."))
# ---- position: mental health & community (default Q4 2025/26) ----
add("position", Q("how is SLaM doing", "position", ["RV5"], [P("RV5")],
                  note="South London and Maudsley nickname; latest MH&C quarter Q4 2025/26."))
add("position", Q("oxleas ranking", "position", ["RPG"], [P("RPG")]))
add("position", Q("how is the tavistock doing these days", "position", ["RNK"], [P("RNK")]))
add("position", Q("ELFT league table position", "position", ["RWK"], [P("RWK")]))
add("position", Q("where does broadmoor come in the league tables", "position", ["RKL"], [P("RKL")],
                  note="Broadmoor Hospital is run by West London NHS Trust (RKL)."))
add("position", Q("how is southern health doing now", "position", ["RW1"], [P("RW1")],
                  note="Southern Health NHS FT (code RW1) became Hampshire and Isle of Wight Healthcare NHS FT in "
                       "Oct 2024; same ODS code."))
add("position", Q("where was oxleas in q3", "position", ["RPG"], [P("RPG", Q3)]))
add("position", Q("Oct-Dec 2025 league table position for the tavistock and portman", "position", ["RNK"],
                  [P("RNK", Q3)]))
add("position", Q("norfolk and suffolk mental health trust in the december quarter?", "position", ["RMY"],
                  [P("RMY", Q3)], note="'December quarter' = Q3 2025/26 (Oct-Dec 2025)."))
add("position", Q("how did SLaM do in Q1", "position", ["RV5"], [P("RV5", Q1)],
                  note="In Q1 the MH&C table was called 'non-acute hospital trusts'."))
add("position", Q("Sussex Partnership NHS Foundation Trust q2 2025/26 league table place", "position", ["RX2"],
                  [P("RX2", Q2)]))
add("position", Q("where were pennine care in the july to september 2025 table", "position", ["RT2"],
                  [P("RT2", Q2)]))
add("position", Q("kmpt are 33rd but how sure can we be about that position?", "position", ["RXY"],
                  [P("RXY"), likely_ranges("RXY")], audience="staff",
                  note="Kent and Medway Mental Health NHS Trust (KMPT). NHS England's Q4 file publishes a likely range "
                       "for the average and the rank; both must be given."))
add("position", Q("how is oxleas doing", "position", ["RPG"], [P("RPG", Q2)], quarter=Q2,
                  note="User picked Q2 2025/26 in the quarter menu, so the answer is about Q2."))

# ---- why: drivers (worse) ----
WHY_KEYS = ("segment", "rank", "average_score")
add("why", Q("why is kings lynn hospital bottom of the whole table", "position", ["RCX"],
             [P("RCX", keys=WHY_KEYS)], drivers_=drivers("RCX"),
             note="True premise: 134th of 134 (LBC, 8 Sep 2025: 'worst hospital in England')."))
add("why", Q("why is the countess of chester second from bottom", "position", ["RJR"],
             [P("RJR", keys=WHY_KEYS)], drivers_=drivers("RJR"),
             note="True premise (133rd of 134). Pharmaphorum/England Times named it second-worst."))
add("why", Q("whats dragging mid and south essex down? broomfield used to be alright", "position", ["RAJ"],
             [P("RAJ", keys=WHY_KEYS)], drivers_=drivers("RAJ"),
             note="fldaily.news, Sept 2025: 'worst-performing large hospital'. Broomfield is an MSE site."))
add("why", Q("why is the QE in birmingham so far down the league table", "position", ["RRK"],
             [P("RRK", keys=WHY_KEYS)], drivers_=drivers("RRK"),
             note="Town decides 'the QE': Queen Elizabeth Hospital Birmingham = UHB (ODS). westmidlands.news: UHB "
                  "'lands at 127th'."))
add("why", Q("why is the RUH in bath in segment 4", "position", ["RD1"], [P("RD1", keys=WHY_KEYS)],
             drivers_=drivers("RD1")))
add("why", Q("why is kings college hospital ranked so low", "position", ["RJZ"], [P("RJZ", keys=WHY_KEYS)],
             drivers_=drivers("RJZ"), note="r/doctorsUK: \"King's has slid even further down the table\"."))
add("why", Q("why are barts only in segment 3", "position", ["R1H"], [P("R1H", keys=WHY_KEYS)],
             drivers_=drivers("R1H")))
add("why", Q("which metrics are pulling us down? we're leeds teaching hospitals", "position", ["RR8"],
             [P("RR8", keys=WHY_KEYS)], audience="staff", drivers_=drivers("RR8"),
             note="Staff phrasing from product-context.md ('Which metrics pull us down?')."))
add("why", Q("why are we 100th? (nottingham university hospitals)", "position", ["RX1"],
             [P("RX1", keys=WHY_KEYS)], audience="staff", drivers_=drivers("RX1")))
add("why", Q("why is walsgrave hospital in coventry 132nd out of 134", "position", ["RKB"],
             [P("RKB", keys=WHY_KEYS)], drivers_=drivers("RKB"),
             note="Walsgrave = University Hospital Coventry, UHCW (ODS). England Times listed UHCW third from bottom."))
add("why", Q("why is the princess alexandra in harlow near the bottom", "position", ["RQW"],
             [P("RQW", keys=WHY_KEYS)], drivers_=drivers("RQW")))
add("why", Q("what's dragging liverpool university hospitals down", "position", ["REM"],
             [P("REM", keys=WHY_KEYS)], drivers_=drivers("REM")))
add("why", Q("why is worcestershire royal in segment 4", "position", ["RWP"], [P("RWP", keys=WHY_KEYS)],
             drivers_=drivers("RWP"), note="Worcestershire Royal Hospital = Worcestershire Acute Hospitals (ODS)."))
add("why", Q("why is bridgewater bottom of the mental health and community table", "position", ["RY2"],
             [P("RY2", keys=WHY_KEYS)], drivers_=drivers("RY2"), note="True premise: 61st of 61 in Q4 2025/26."))
add("why", Q("why is sussex partnership near the bottom", "position", ["RX2"], [P("RX2", keys=WHY_KEYS)],
             drivers_=drivers("RX2"), note="LBC listed Sussex Partnership among the worst (Q1)."))
add("why", Q("why is NSFT in segment 4", "position", ["RMY"], [P("RMY", keys=WHY_KEYS)],
             drivers_=drivers("RMY"), note="NSFT = Norfolk and Suffolk NHS FT (mental health)."))
add("why", Q("why is devon partnership ranked so low", "position", ["RWV"], [P("RWV", keys=WHY_KEYS)],
             drivers_=drivers("RWV")))
add("why", Q("why is lancashire and south cumbria ft in segment 4", "position", ["RW5"],
             [P("RW5", keys=WHY_KEYS)], drivers_=drivers("RW5")))
add("why", Q("why is birmingham community healthcare in segment 4", "position", ["RYW"],
             [P("RYW", keys=WHY_KEYS)], drivers_=drivers("RYW"),
             note="LBC/fldaily (Sept 2025): lowest-ranked community trust in Q1."))
add("why", Q("why are we in segment 4? leeds and york partnership", "position", ["RGD"],
             [P("RGD", keys=WHY_KEYS)], audience="staff", drivers_=drivers("RGD")))
add("why", Q("why is birmingham and solihull mental health 45th", "position", ["RXT"],
             [P("RXT", keys=WHY_KEYS)], audience="press", drivers_=drivers("RXT")))
# why high (most negative effects)
add("why", Q("why is kent community health top of the table?", "position", ["RYY"],
             [P("RYY", keys=WHY_KEYS)], drivers_=drivers("RYY", direction="better"),
             note="KCHFT's own news page (Sept 2025) celebrated segment 1; by Q4 it is 1st."))
add("why", Q("why is SLaM in segment 1 now", "position", ["RV5"], [P("RV5", keys=WHY_KEYS)],
             drivers_=drivers("RV5", direction="better")))
add("why", Q("why is CNWL so high up", "position", ["RV3"], [P("RV3", keys=WHY_KEYS)],
             drivers_=drivers("RV3", direction="better"),
             note="Central and North West London NHS FT. Three metrics tie at score 1.00 (OF1005, OF1016, "
                  "OF1080); order among them is arbitrary."))
# why segment 3 when held back by the override: the override is the reason, so no metric drivers
add("why", Q("why is watford general only in segment 3 when its scores look good?", "position", ["RWG"],
             [P("RWG", keys=WHY_KEYS, without=True)],
             note="Override question: the reason is the deficit, not the metrics, so drivers are left empty and "
                  "the without-override segment and rank are expected."))

# ---- is it just one measure? (top_driver) ----
add("one", Q("is the tavistock's poor ranking just down to one measure?", "position", ["RNK"],
             [P("RNK", keys=("segment", "rank"))], top_driver_=top_driver("RNK"),
             note="Tavistock is scored on only 6 metrics (product-context: few metrics for MH&C trusts)."))
add("one", Q("kmpt dropped to segment 3 - is that all because of one metric?", "position", ["RXY"],
             [P("RXY", keys=("segment", "rank"))], top_driver_=top_driver("RXY"), audience="staff"))
add("one", Q("is oxford health only in segment 3 because of one bad score", "position", ["RNU"],
             [P("RNU", keys=("segment", "rank"))], top_driver_=top_driver("RNU")))
add("one", Q("is addenbrookes held back by just one thing", "position", ["RGT"],
             [P("RGT", keys=("segment", "rank"))], top_driver_=top_driver("RGT")))
add("one", Q("pennine care is in segment 4 - is it just one measure doing that?", "position", ["RT2"],
             [P("RT2", keys=("segment", "rank"))], top_driver_=top_driver("RT2"), audience="staff"))
add("one", Q("EPUT - is one measure dragging them down or is it everything", "position", ["R1L"],
             [P("R1L", keys=("segment", "rank"))], top_driver_=top_driver("R1L"),
             note="EPUT = Essex Partnership University NHS FT."))
add("one", Q("dorset healthcare: is a single score the main thing holding us back?", "position", ["RDY"],
             [P("RDY", keys=("segment", "rank"))], top_driver_=top_driver("RDY"), audience="staff"))

# ---- false premise ----
add("premise", Q("why are barking havering and redbridge near the bottom of the rankings", "position", ["RF4"],
                 [P("RF4", keys=("segment", "rank", "table_size"))], corrects_premise=True,
                 note="britbrief.co.uk claimed BHRUT was 'near the bottom'; it is 57th of 134 (mid-table)."))
add("premise", Q("why is the royal brompton top of the league table", "position", ["RJ1"],
                 [P("RJ1", keys=("segment", "rank", "table_size"))], corrects_premise=True,
                 note="britbrief.co.uk claimed the Royal Brompton topped the table. Royal Brompton & Harefield has "
                      "been part of Guy's and St Thomas' since 2021; GSTT is 15th, Moorfields is 1st."))
add("premise", Q("why is leicester royal infirmary bottom of the table", "position", ["RWE"],
                 [P("RWE", keys=("segment", "rank", "table_size"))], corrects_premise=True,
                 note="LRI = University Hospitals of Leicester; 101st of 134, not bottom (134th is Kings Lynn)."))
add("premise", Q("why is the maudsley in segment 4", "position", ["RV5"],
                 [P("RV5", keys=("segment", "rank", "table_size"))], corrects_premise=True,
                 note="SLaM is segment 1 in Q4 2025/26."))
add("premise", Q("why is great ormond street in the bottom half of the table", "position", ["RP4"],
                 [P("RP4", keys=("segment", "rank", "table_size"))], corrects_premise=True,
                 note="40th of 134 is the top half; held back by the financial override."))
add("premise", Q("why did south west london and st georges mental health drop between q1 and q2", "movement",
                 ["RQY"], [movement("RQY", Q1, Q2)], corrects_premise=True,
                 note="The trust's own news page: 'risen to 23rd from 44th' and segment 3 -> 2. It rose."))

# ---- press ----
add("press", Q("i'm writing a story for the local paper - give me three sentences of context on kingston "
               "hospital's position", "position", ["RAX"], [P("RAX", without=True)], register="press",
               note="Public user asking for press-style text; override applies."))
add("press", Q("i work in comms at the christie. can you give me a quotable line about where we came in the "
               "league table?", "position", ["RBV"], [P("RBV")], audience="staff", register="press",
               note="MEN (Sept 2025) reported the Christie 3rd nationally."))
add("press", Q("balanced summary of norfolk and suffolk's latest league table position for a piece in the EDP",
               "position", ["RMY"], [P("RMY")], register="press"))
add("press", Q("need a quotable line on north west anglia coming 105th. obviously we're disappointed but want "
               "it to be accurate", "position", ["RGN"], [P("RGN")], audience="staff", register="press",
               note="Peterborough Telegraph/newsbeep (Sept 2025); the CEO blamed 'not being in financial balance'. "
                    "NB OF5003 is 4, so the override did not change its segment."))
add("press", Q("journalist here - three sentences on where tees esk and wear valleys sits now", "position",
               ["RX3"], [P("RX3")], register="press"))
add("press", Q("write a balanced paragraph for our website on the countess of chester's league table position",
               "position", ["RJR"], [P("RJR")], audience="staff", register="press"))
add("press", Q("chelsea and westminster comms team: we're 28th but our scores are segment 1 standard. quotable "
               "line please", "position", ["RQM"], [P("RQM", without=True)], audience="staff", register="press",
               note="Override: without it the trust would be segment 1, 8th."))
add("press", Q("need a line on bridgewater being bottom of the community and mental health table this quarter",
               "position", ["RY2"], [P("RY2")], register="press"))

# ---- compare ----
CK = ("segment", "rank", "average_score")
add("compare", Q("compare addenbrookes and papworth", "compare", ["RGT", "RGM"],
                 [P("RGT", keys=CK), P("RGM", keys=CK)],
                 note="Local news: Papworth 5th, 'top in our region'."))
add("compare", Q("is kings better than guys", "compare", ["RJZ", "RJ1"], [P("RJZ", keys=CK), P("RJ1", keys=CK)],
                 note="'guys' makes this the London pair: King's College Hospital vs Guy's and St Thomas'."))
add("compare", Q("which is better, barts or the royal london?", "compare", ["R1H"], [P("R1H", keys=CK)],
                 note="Trick: both are Barts Health (R1H); the answer should say they are the same trust."))
add("compare", Q("how does SLaM compare with kings college hospital", "compare", ["RV5", "RJZ"],
                 [P("RV5", keys=CK), P("RJZ", keys=CK)],
                 note="Mixed tables: MH&C (Q4 2025/26) vs acute (Q1 2025/26); not directly comparable."))
add("compare", Q("Moorfeilds vs the royal marsden", "compare", ["RP6", "RPY"],
                 [P("RP6", keys=CK), P("RPY", keys=CK)]))
add("compare", Q("leeds teaching vs sheffield teaching vs hull - which is doing best", "compare",
                 ["RR8", "RHQ", "RWA"], [P("RR8", keys=CK), P("RHQ", keys=CK), P("RWA", keys=CK)]))
add("compare", Q("oxleas or slam, which is higher up", "compare", ["RPG", "RV5"],
                 [P("RPG", keys=CK), P("RV5", keys=CK)]))
add("compare", Q("norfolk and norwich v james paget v the QE in kings lynn", "compare", ["RM1", "RGP", "RCX"],
                 [P("RM1", keys=CK), P("RGP", keys=CK), P("RCX", keys=CK)]))
add("compare", Q("alder hey v sheffield childrens", "compare", ["RBS", "RCU"],
                 [P("RBS", keys=CK), P("RCU", keys=CK)]))
add("compare", Q("gmmh vs mersey care", "compare", ["RXV", "RW4"], [P("RXV", keys=CK), P("RW4", keys=CK)],
                 note="MEN (Sept 2025): GMMH 58th of 61 in Q1."))
add("compare", Q("is the whittington doing better than the royal free?", "compare", ["RKE", "RAL"],
                 [P("RKE", keys=CK), P("RAL", keys=CK)]))

# ---- movement (MH&C only) ----
add("movement", Q("has oxleas gone up since last quarter", "movement", ["RPG"], [movement("RPG", Q3, Q4)],
                  note="'last quarter' for MH&C = Q3 2025/26; latest = Q4."))
add("movement", Q("did slam get better between q2 and q3", "movement", ["RV5"], [movement("RV5", Q2, Q3)]))
add("movement", Q("hampshire and isle of wight healthcare - how did they move from Q2 to Q3?", "movement",
                  ["RW1"], [movement("RW1", Q2, Q3)]))
add("movement", Q("bridgewater went from mid table to bottom between q3 and q4 - what happened?", "movement",
                  ["RY2"], [movement("RY2", Q3, Q4)],
                  note="Product context: a community trust fell to the bottom; Bridgewater 37th -> 61st."))
add("movement", Q("kmpt went from segment 1 to segment 3 in the last quarter??", "movement", ["RXY"],
                  [movement("RXY", Q3, Q4)]))
add("movement", Q("how has the tavistock moved since the first league table", "movement", ["RNK"],
                  [movement("RNK", Q1, Q4)], note="First table = Q1 2025/26 (published 9 Sep 2025)."))
add("movement", Q("kent community health q1 vs q4", "movement", ["RYY"], [movement("RYY", Q1, Q4)],
                  note="KCHFT said '7th' at Q1 publication."))
add("movement", Q("has cornwall partnership improved since q2", "movement", ["RJ8"], [movement("RJ8", Q2, Q4)]))
add("movement", Q("did leeds and york partnership fall between q1 and q2", "movement", ["RGD"],
                  [movement("RGD", Q1, Q2)], note="YEP (Sept 2025): LYPFT 'ranked 15th nationally' in Q1."))
add("movement", Q("tees esk and wear valleys - up or down since the december quarter?", "movement", ["RX3"],
                  [movement("RX3", Q3, Q4)], note="December quarter = Q3; compared with the latest, Q4."))

# ---- what-if ----
add("whatif", Q("what would it take for the QE in kings lynn to get out of segment 4", "whatif", ["RCX"]))
add("whatif", Q("where would chelsea and westminster be without the financial override", "whatif", ["RQM"],
                [without_override("RQM")]))
add("whatif", Q("what would oxleas need to do to reach segment 1", "whatif", ["RPG"]))
add("whatif", Q("what if kingston hit the four hour target", "whatif", ["RAX"]))
add("whatif", Q("what would it take for us to get into segment 1 - dorset healthcare", "whatif", ["RDY"],
                audience="staff"))
add("whatif", Q("if gosh wasn't in deficit where would it be in the table", "whatif", ["RP4"],
                [without_override("RP4")]))

# ---- ambiguous names: must ask back ----
add("ambiguous", Q("how is cambridge doing in the league tables", "position", needs_clarification=True,
                   candidates=["RGT", "RT1"],
                   note="Cambridge University Hospitals (acute) and Cambridgeshire and Peterborough (MH, Fulbourn "
                        "Hospital, Cambridge). Offering Royal Papworth (also Cambridge) or Cambridgeshire Community "
                        "Services as well is fine."))
add("ambiguous", Q("where does the QE rank", "position", needs_clarification=True,
                   candidates=["RCX", "RRK", "RR7"],
                   note="Three trusts are headquartered at a 'Queen Elizabeth Hospital' (ODS): King's Lynn, "
                        "Birmingham (UHB), Gateshead. QEH Woolwich (Lewisham and Greenwich) is a fair extra."))
add("ambiguous", Q("is st georges any good", "position", needs_clarification=True, candidates=["RJ7", "RQY"],
                   note="St George's University Hospitals vs South West London and St George's Mental Health. "
                        "Lincolnshire Partnership and Midlands Partnership also have HQs at sites called St "
                        "George's (ODS); offering them too is fine."))
add("ambiguous", Q("how is leeds doing in the nhs league table", "position", needs_clarification=True,
                   candidates=["RR8", "RGD", "RY6"],
                   note="YEP (Sept 2025) covered all three Leeds trusts in one article."))
add("ambiguous", Q("oxford league table position", "position", needs_clarification=True,
                   candidates=["RTH", "RNU"], note="Oxford University Hospitals vs Oxford Health."))
add("ambiguous", Q("where does bradford come", "position", needs_clarification=True, candidates=["RAE", "TAD"],
                   note="Bradford Teaching Hospitals vs Bradford District Care."))
add("ambiguous", Q("how is cornwall doing", "position", needs_clarification=True, candidates=["REF", "RJ8"],
                   note="Royal Cornwall Hospitals vs Cornwall Partnership."))
add("ambiguous", Q("sheffield nhs ranking", "position", needs_clarification=True,
                   candidates=["RHQ", "RCU", "TAH"],
                   note="Sheffield Teaching, Sheffield Children's, Sheffield Health Partnership."))

# ---- names that a town or a word decides ----
add("decided", Q("how is st george's hospital in tooting doing", "position", ["RJ7"], [P("RJ7")],
                 note="'hospital in tooting' picks RJ7 (ODS: St George's Hospital, Tooting)."))
add("decided", Q("how is oxford's mental health trust doing", "position", ["RNU"], [P("RNU")],
                 note="'mental health' picks Oxford Health."))
add("decided", Q("bradford royal infirmary league table", "position", ["RAE"], [P("RAE")],
                 note="BRI = Bradford Teaching Hospitals HQ (ODS)."))
add("decided", Q("the QE in gateshead - where is it in the table", "position", ["RR7"], [P("RR7")],
                 note="Town picks Gateshead Health (ODS: Queen Elizabeth Hospital, Sheriff Hill)."))

# ---- data not held ----
add("notheld", Q("where is london ambulance service in the league table", "position", ["RRU"], unavailable=True,
                 note="Ambulance trusts are known by name only; no ambulance data is held."))
add("notheld", Q("east of england ambulance service - are they still the worst?", "position", ["RYC"],
                 unavailable=True, note="Peterborough Telegraph: EEAST bottom of the ambulance table (Q1)."))
add("notheld", Q("how is addenbrooke's doing in Q3 2025/26", "position", ["RGT"], unavailable=True,
                 note="Acute data is held for Q1 2025/26 only."))
add("notheld", Q("how was kingston in Q4 2024/25?", "position", ["RAX"], unavailable=True,
                 note="2024/25 is not held (and the league tables did not exist then)."))
add("notheld", Q("has the royal free gone up since last quarter", "movement", ["RAL"], unavailable=True,
                 note="Acute: only Q1 held, so there is no previous or later quarter to compare."))
add("notheld", Q("what will barts' ranking be in 2026/27", "position", ["R1H"], unavailable=True))
add("notheld", Q("how did SLaM do in 2024/25", "position", ["RV5"], unavailable=True))
add("notheld", Q("the QE kings lynn in the december quarter?", "position", ["RCX"], unavailable=True,
                 note="December quarter = Q3 2025/26; acute Q3 not held."))
add("notheld", Q("how is whipps cross doing", "position", ["R1H"], quarter=Q3, unavailable=True,
                 note="User picked Q3 2025/26 in the quarter menu; Whipps Cross is a Barts Health hospital; acute "
                      "Q3 not held."))
add("notheld", Q("north west ambulance service ranking", "position", ["RX7"], unavailable=True,
                 note="LBC: NWAS best ambulance trust in Q1 - but no ambulance data is held here."))

# ---- partial declines ----
add("decline", Q("is the royal derby safe for my hip operation", "position", ["RTG"], [P("RTG")], declined=True,
                 note="Royal Derby Hospital = University Hospitals of Derby and Burton (ODS)."))
add("decline", Q("i want to complain about the QE in kings lynn - where do they rank?", "position", ["RCX"],
                 [P("RCX")], declined=True))
add("decline", Q("how many people died on ward 7 at the countess of chester, and where is it in the league table",
                 "position", ["RJR"], [P("RJR")], declined=True))
add("decline", Q("who is the best surgeon at the royal orthopaedic hospital in birmingham and where does it rank",
                 "position", ["RRJ"], [P("RRJ")], declined=True,
                 note="westmidlands.news: ROH 14th, 'one of the region's best performers'."))
add("decline", Q("what did the CQC say about addenbrooke's maternity unit and where is it in the table",
                 "position", ["RGT"], [P("RGT")], declined=True))
add("decline", Q("my son is on a ward run by greater manchester mental health, is he safe there? and where are "
                 "they in the league table", "position", ["RXV"], [P("RXV")], declined=True))
add("decline", Q("should i have my baby at the royal berkshire or frimley park? where do they rank?", "compare",
                 ["RHW", "RDU"], [P("RHW", keys=CK), P("RDU", keys=CK)], declined=True,
                 note="Choosing a hospital for treatment is out of scope; the ranking part is answerable. "
                      "Frimley Park = Frimley Health (ODS HQ)."))
add("decline", Q("my mum has dementia and is under black country healthcare's mental health team - should we "
                 "ask to move her somewhere else? where do they rank anyway", "position", ["TAJ"], [P("TAJ")],
                 declined=True))


# --------------------------------------------------------------------------------------------
# conversations

def T(question, intent, trusts=(), parts=(), **kw):
    it = Q(question, intent, trusts, parts, **kw)
    it.pop("_cat", None)
    it.pop("audience", None)
    it.pop("note", None)
    return it


CONVS = [
    {"id": "ho-tc-01", "audience": "public",
     "note": "Public: position -> why -> is that bad -> another trust. Royal Stoke = UHNM (ODS HQ Newcastle Road, "
             "Stoke-on-Trent); Shrewsbury = Shrewsbury and Telford.",
     "turns": [
         T("how is the royal stoke doing", "position", ["RJE"], [P("RJE")]),
         T("and why is that", "position", ["RJE"], [P("RJE", keys=WHY_KEYS)], drivers_=drivers("RJE")),
         T("is that bad?", "position", ["RJE"], [P("RJE", keys=("segment", "rank", "table_size"))]),
         T("what about shrewsbury", "position", ["RXW"], [P("RXW")]),
     ]},
    {"id": "ho-tc-02", "audience": "staff",
     "note": "Staff: why -> what would it take -> did we get worse since last quarter (Q3 -> Q4; it did not).",
     "turns": [
         T("why are we in segment 3? i'm at derbyshire healthcare", "position", ["RXM"],
           [P("RXM", keys=WHY_KEYS)], drivers_=drivers("RXM")),
         T("what would it take for us to reach segment 2?", "whatif", ["RXM"]),
         T("did we get worse since last quarter?", "movement", ["RXM"], [movement("RXM", Q3, Q4)]),
     ]},
    {"id": "ho-tc-03", "audience": "staff",
     "note": "Press officer: position -> quotable line -> compare with the neighbour (GMMH).",
     "turns": [
         T("where is pennine care in the table", "position", ["RT2"], [P("RT2")]),
         T("can you give me a quotable line on that for our statement", "position", ["RT2"], [P("RT2")],
           register="press"),
         T("how does that compare with gmmh next door", "compare", ["RT2", "RXV"],
           [P("RT2", keys=CK), P("RXV", keys=CK)]),
     ]},
    {"id": "ho-tc-04", "audience": "public",
     "note": "Topic switch: after Guy's, a question naming a table must NOT inherit the trust; then a different "
             "table again.",
     "turns": [
         T("how are guy's and st thomas' doing", "position", ["RJ1"], [P("RJ1")]),
         T("is the ambulance trust ranking available?", "table", [], unavailable=True),
         T("ok what about london ambulance service specifically", "position", ["RRU"], unavailable=True),
         T("which mental health or community trust is top?", "table", ["RYY"],
           [P("RYY", keys=("rank",))]),
     ]},
    {"id": "ho-tc-05", "audience": "public",
     "note": "Public, Norfolk: Kings Lynn -> is it the worst -> Norfolk and Norwich -> which is better.",
     "turns": [
         T("how is the hospital in kings lynn doing", "position", ["RCX"], [P("RCX")]),
         T("is it the worst in the country?", "position", ["RCX"],
           [P("RCX", keys=("rank", "table_size"))]),
         T("what about the norfolk and norwich", "position", ["RM1"], [P("RM1")]),
         T("which of the two is doing better", "compare", ["RCX", "RM1"],
           [P("RCX", keys=CK), P("RM1", keys=CK)]),
     ]},
    {"id": "ho-tc-06", "audience": "public",
     "note": "MH&C follow-ups: position -> was it better in q3 -> why not segment 1 -> a table question about "
             "'that table' (MH&C, Q4) that must not be answered about Oxleas only.",
     "turns": [
         T("how is oxleas doing", "position", ["RPG"], [P("RPG")]),
         T("was it better in q3?", "movement", ["RPG"], [movement("RPG", Q3, Q4)]),
         T("why isn't it in segment 1", "position", ["RPG"], [P("RPG", keys=WHY_KEYS)],
           drivers_=drivers("RPG")),
         T("how many trusts are in segment 1 in that table?", "table", []),
     ]},
]


def segment_count(table: str, q: str, seg: int):
    p = table_rows(table, q)
    n = int((p.OF5000 == seg).sum())
    d = ALL[(ALL.table == table) & (ALL.Quarter == q) & (ALL.Metric_ID == "OF5000")]
    rows_ = d[d.Value.astype(float) == seg]
    return [fact(None, "count", n, q)], _src(*[r for _, r in rows_.iterrows()])


# fill the count turn (built here because it needs its own helper)
_last = CONVS[5]["turns"][3]
_f, _s = segment_count(MHC, Q4, 1)
_last["expect"]["facts"] = _f
_last["source"] = {"file": F_MH34, "rows": sorted(_s[F_MH34])}


# --------------------------------------------------------------------------------------------
# write


class _Dumper(yaml.SafeDumper):
    pass


def _repr_dict(dumper, data):
    flow = set(data) <= {"trust", "key", "value", "quarter"} and "key" in data
    flow = flow or (set(data) == {"file", "rows"})
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _repr_list(dumper, data):
    flow = all(isinstance(x, (str, int, float)) or x is None for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(dict, _repr_dict)
_Dumper.add_representer(list, _repr_list)


def dump(obj) -> str:
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def main(argv):
    singles = []
    counts: dict = {}
    for i, (cat, it) in enumerate(ITEMS, 1):
        singles.append({"id": f"ho-t-{i:03d}", **it})
        counts[cat] = counts.get(cat, 0) + 1
    header = ("# Held-out evaluation set, part A: questions about particular trusts.\n"
              "# GENERATED by make_trust_questions.py from /work/shared/data/raw - do not edit by hand.\n")
    (OUT / "trusts.yaml").write_text(header + dump(singles), encoding="utf-8")
    (OUT / "trust_conversations.yaml").write_text(header + dump(CONVS), encoding="utf-8")

    # self-checks on what was written
    back = yaml.safe_load((OUT / "trusts.yaml").read_text(encoding="utf-8"))
    convs = yaml.safe_load((OUT / "trust_conversations.yaml").read_text(encoding="utf-8"))
    ids = [x["id"] for x in back] + [c["id"] for c in convs]
    assert len(ids) == len(set(ids))
    codes = set(REF.index)
    allowed_keys = {"segment", "rank", "table_size", "average_score", "unadjusted_segment", "in_deficit",
                    "final_segment", "count", "without_override_segment", "without_override_rank",
                    "likely_average_low", "likely_average_high", "likely_rank_low", "likely_rank_high"}
    for it in back + [dict(t, id=c["id"]) for c in convs for t in c["turns"]]:
        e = it["expect"]
        for t in e["trusts"] + e["candidates"]:
            assert t in codes, (it["id"], t)
        for f in e["facts"]:
            assert f["key"] in allowed_keys and f["quarter"], (it["id"], f)
        if e["facts"] or e["drivers"] or e["top_driver"]:
            assert "source" in it, it["id"]
        if e["unavailable"]:
            assert not e["facts"], it["id"]
        if e["needs_clarification"]:
            assert e["candidates"] and not e["facts"], it["id"]

    print(f"wrote {len(back)} questions to trusts.yaml and {len(convs)} conversations "
          f"({sum(len(c['turns']) for c in convs)} turns) to trust_conversations.yaml")
    print("per category:", counts)
    ok, n, worst = verify_averages()
    print(f"average recomputed from score rows matches published OF5002 within 0.01: {ok}/{n} "
          f"(largest difference {worst:.4f})")
    if "--check" in argv:
        for t, q in (("RCX", Q1), ("RY2", Q4), ("RYY", Q4)):
            show_drivers(t, q)


if __name__ == "__main__":
    main(sys.argv[1:])
