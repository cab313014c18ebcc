"""Altair charts for the trust profile, each with a text alternative that says what it shows.

Colours come with text (band labels, tooltips and a caption), never colour alone. Band colours are the
NHS identity palette, each with a contrast ratio ≥ 3:1 against white for the marks.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

BANDS = {1: "1 – best quarter", 2: "2 – better than median", 3: "3 – worse than median", 4: "4 – worst quarter"}
BAND_COLOURS = {1: "#007f3b", 2: "#41b6e6", 3: "#ed8b00", 4: "#d5281b"}   # NHS green, light blue, orange, red
SHORT_BANDS = {1: "Band 1 (best)", 2: "Band 2", 3: "Band 3", 4: "Band 4 (worst)"}   # chart legend: fits a phone
HIGHLIGHT = "#005eb8"   # NHS blue
OTHERS = "#768692"      # NHS mid grey


def score_band(score: float) -> int:
    """The band a metric score falls in: 1 (1.00–1.75), 2 (to 2.50), 3 (to 3.25), 4 (to 4.00)."""
    if score <= 1.75:
        return 1
    if score <= 2.5:
        return 2
    if score <= 3.25:
        return 3
    return 4


def band_label(score: float) -> str:
    return BANDS[score_band(score)]


def metric_scores_chart(metrics: pd.DataFrame) -> alt.LayerChart:
    """Each metric's score for the trust (dot, coloured and labelled by band) against the table's peer median
    score (tick). ``metrics``: columns metric, score, peer_median_score (the band is worked out here)."""
    metrics = metrics.assign(band=[SHORT_BANDS[score_band(s)] for s in metrics["score"]])
    base = alt.Chart(metrics).encode(y=alt.Y("metric:N", sort=None, title=None,
                                             axis=alt.Axis(labelLimit=150)))
    median = base.mark_tick(color=OTHERS, thickness=2, size=14).encode(
        x=alt.X("peer_median_score:Q", title="Score (1 best, 4 worst)", scale=alt.Scale(domain=[1, 4])),
        tooltip=[alt.Tooltip("metric:N", title="Metric"),
                 alt.Tooltip("peer_median_score:Q", title="Median score in the table", format=".2f")])
    dots = base.mark_point(filled=True, size=110, opacity=1).encode(
        x="score:Q",
        color=alt.Color("band:N", title="Score band",
                        scale=alt.Scale(domain=list(SHORT_BANDS.values()), range=list(BAND_COLOURS.values())),
                        legend=alt.Legend(orient="bottom", columns=1)),
        shape=alt.Shape("band:N", scale=alt.Scale(domain=list(SHORT_BANDS.values()),
                                                  range=["circle", "square", "triangle-up", "diamond"]),
                        legend=None),
        tooltip=[alt.Tooltip("metric:N", title="Metric"), alt.Tooltip("score:Q", title="Score", format=".2f"),
                 alt.Tooltip("band:N", title="Band")])
    return alt.LayerChart(layer=[median, dots]).properties(height=max(180, 24 * len(metrics)))


def metric_scores_summary(metrics: pd.DataFrame, trust_name: str) -> str:
    better = int((metrics["score"] < metrics["peer_median_score"]).sum())
    worse = int((metrics["score"] > metrics["peer_median_score"]).sum())
    same = len(metrics) - better - worse
    return (f"Chart: {trust_name}'s score on each of {len(metrics)} metrics (dots; shape and colour show the band) "
            f"against the median score of its table (grey ticks). Lower is better. It scored better than the "
            f"median on {better}, worse on {worse} and level on {same}. The table above gives every value.")


def league_dot_plot(table: pd.DataFrame, code: str, cuts: tuple[float, ...]) -> alt.LayerChart:
    """Every trust's average score in the table (one dot each), the cut points as rules, the trust highlighted.
    ``table``: columns trust_code, trust_name, average_score, adjusted_segment (the league-table segment), rank."""
    data = table.assign(this=table["trust_code"].eq(code).map({True: "This trust", False: "Other trusts"}))
    data = data.sort_values("average_score").reset_index(drop=True)
    data["jitter"] = data.index % 5
    dots = alt.Chart(data).mark_point(filled=True, opacity=0.9).encode(
        x=alt.X("average_score:Q", title="Average metric score (lower is better)", scale=alt.Scale(zero=False)),
        y=alt.Y("jitter:O", axis=None, title=None),
        color=alt.Color("this:N", title=None, scale=alt.Scale(domain=["This trust", "Other trusts"],
                                                               range=[HIGHLIGHT, OTHERS]),
                        legend=alt.Legend(orient="bottom")),
        size=alt.Size("this:N", scale=alt.Scale(domain=["This trust", "Other trusts"], range=[260, 40]), legend=None),
        shape=alt.Shape("this:N", scale=alt.Scale(domain=["This trust", "Other trusts"],
                                                  range=["diamond", "circle"]), legend=None),
        tooltip=[alt.Tooltip("trust_name:N", title="Trust"), alt.Tooltip("average_score:Q", title="Average",
                                                                          format=".2f"),
                 alt.Tooltip("adjusted_segment:Q", title="Segment"), alt.Tooltip("rank:Q", title="Position")])
    cut_frame = pd.DataFrame({"cut": list(cuts), "label": [f"{c:.2f}" for c in cuts],
                              "between": [f"segments {k} and {k + 1}" for k in range(1, len(cuts) + 1)]})
    rules = alt.Chart(cut_frame).mark_rule(strokeDash=[4, 3], color="#212b32").encode(
        x="cut:Q", tooltip=[alt.Tooltip("label:N", title="Cut point"), alt.Tooltip("between:N", title="Between")])
    labels = alt.Chart(cut_frame).mark_text(align="left", dx=3, dy=-4, fontSize=11, color="#212b32").encode(
        x="cut:Q", y=alt.value(0), text="label:N")
    return alt.LayerChart(layer=[rules, labels, dots]).properties(height=170)


def league_summary(table: pd.DataFrame, code: str, cuts: tuple[float, ...], table_name: str) -> str:
    row = table[table["trust_code"] == code].iloc[0]
    below = [int((table["average_score"] <= c).sum()) for c in cuts]
    cut_text = ", ".join(f"{c:.2f}" for c in cuts)
    return (f"Chart: the average score of each of the {len(table)} trusts in the {table_name} table (dots), with "
            f"the three cut points between segments ({cut_text}) as dashed lines. {row['trust_name']} (diamond) "
            f"has an average of {row['average_score']:.2f}. {below[0]} trusts are at or below the first cut point, "
            f"{below[1]} at or below the second and {below[2]} at or below the third.")


HOLDS_BACK, HELPS = "Holds it back", "Helps it"
DIRECTION_COLOURS = {HOLDS_BACK: "#d5281b", HELPS: "#005eb8"}   # NHS red and NHS blue: ≥ 4.5:1 on white, and
DIRECTION_MARKS = {HOLDS_BACK: "holds back", HELPS: "helps"}     # every bar also says which way it pulls


BAR_HEIGHT = 30
WRAP = 26                 # characters per line of a measure's name beside its bar


def _effect_label(direction: str, effect: float) -> str:
    size = abs(round(effect, 4))
    return f"{DIRECTION_MARKS[direction]} {size:.2f}" if size >= 0.005 else f"{DIRECTION_MARKS[direction]}, under 0.01"


def driver_frame(drivers, limit: int | None = None) -> pd.DataFrame:
    """One row per measure from ``scoring.explain.drivers.Drivers``, worst first: measure (everyday name),
    effect (average without it − average with it), table_median_effect, direction, label, average_without.
    ``limit`` keeps the measures that move the average most (either way), still worst first."""
    kept = sorted(drivers.drivers, key=lambda d: -abs(d.effect))[:limit] if limit else drivers.drivers
    rows = []
    for d in sorted(kept, key=lambda d: (d.effect, d.metric_id)):
        direction = HOLDS_BACK if d.effect < 0 else HELPS
        measure = d.everyday_name[:1].upper() + d.everyday_name[1:]
        rows.append({"measure": measure, "row": "|".join(textwrap.wrap(measure, WRAP)), "name": d.everyday_name,
                     "effect": round(d.effect, 4),
                     "table_median_effect": None if d.table_median_effect is None else round(d.table_median_effect, 4),
                     "direction": direction, "label": _effect_label(direction, d.effect),
                     "average_without": d.average_without})
    return pd.DataFrame(rows, columns=["measure", "row", "name", "effect", "table_median_effect", "direction", "label",
                                       "average_without"])


def driver_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Horizontal bars: each measure's pull on the trust's average, worst first (left: holds it back; right: helps
    it), each labelled in words, with the table's median for that measure as a black tick."""
    order = frame["row"].tolist()
    reach = 1.1 * max([0.03, *frame["effect"].abs(), *frame["table_median_effect"].dropna().abs()])
    base = alt.Chart(frame).encode(y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(
        labelLimit=170, labelOverlap=False, labelExpr="split(datum.label, '|')")))   # names wrap: fits a phone
    tooltip = [alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("direction:N", title="Which way"),
               alt.Tooltip("effect:Q", title="Change in the average without it", format="+.2f"),
               alt.Tooltip("average_without:Q", title="Average without it", format=".2f"),
               alt.Tooltip("table_median_effect:Q", title="Median for trusts in the table", format="+.2f")]
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X("effect:Q", title="← holds it back · helps it →",   # short: a long title squeezes a phone's plot
                scale=alt.Scale(domain=[-reach, reach], nice=False)),
        color=alt.Color("direction:N", title=None, scale=alt.Scale(domain=list(DIRECTION_COLOURS),
                                                                   range=list(DIRECTION_COLOURS.values())),
                        legend=alt.Legend(orient="bottom")),
        tooltip=tooltip)
    # each bar's words sit across the zero line from it, where its row is empty, so no bar length clips them
    left = base.transform_filter(alt.datum.effect < 0).mark_text(align="left", dx=4, fontSize=10,
                                                                 color="#212b32").encode(x=alt.datum(0), text="label:N")
    right = base.transform_filter(alt.datum.effect >= 0).mark_text(align="right", dx=-4, fontSize=10,
                                                                   color="#212b32").encode(x=alt.datum(0), text="label:N")
    median = base.mark_tick(color="#212b32", thickness=2, size=14).encode(x="table_median_effect:Q", tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#212b32").encode(x="x:Q")
    return alt.LayerChart(layer=[bars, zero, median, left, right]).properties(height=driver_chart_height(frame))


def driver_chart_height(frame: pd.DataFrame) -> int:
    return max(120, BAR_HEIGHT * len(frame))


def driver_summary(frame: pd.DataFrame, trust_name: str, of: int | None = None) -> str:
    """The driver chart in words, with every figure it shows (``of``: the trust's measures, when the frame keeps
    only those that move it most)."""
    back = frame[frame["direction"] == HOLDS_BACK]
    helps = frame[frame["direction"] == HELPS].sort_values("effect", ascending=False)

    def listed(rows: pd.DataFrame) -> str:
        return "; ".join(f"{r.name} {abs(r.effect):.2f}" for r in rows.itertuples()) or "none"

    which = (f"the {len(frame)} of {trust_name}'s {of} measures that move it most pull" if of and of > len(frame)
             else f"each of {trust_name}'s {len(frame)} measures pulls")
    return (f"Chart: how much {which} its average metric score (bars; "
            "left and red: holds it back, right and blue: helps it, each labelled in words), with the median for "
            "the trusts in its table as a black tick. Holding it back, most first: " + listed(back) +
            ". Helping it, most first: " + listed(helps) + ".")


def movement_chart(history: pd.DataFrame) -> alt.Chart:
    """Position across quarters. ``history``: columns quarter, rank, segment, average_score."""
    return alt.Chart(history).mark_line(point=alt.OverlayMarkDef(size=90, filled=True), color=HIGHLIGHT).encode(
        x=alt.X("quarter:O", title="Quarter", sort=None),
        y=alt.Y("rank:Q", title="League position (1 = top)", scale=alt.Scale(reverse=True, zero=False)),
        tooltip=["quarter", "rank", "segment", alt.Tooltip("average_score:Q", format=".2f")]).properties(height=200)


TREND_HEIGHT = 260
RANGE_STYLES = {"NHS England's likely range": [1, 0], "our estimate, by NHS England's method": [5, 3]}


def trend_chart(history: pd.DataFrame) -> alt.LayerChart:
    """Average score by quarter (diamonds) with its likely range (vertical lines: solid where NHS England published
    it, dashed for our estimate by its method), each labelled with its segment and league position.
    ``history``: columns quarter, average_score, likely_low, likely_high, whose, segment, rank, table_size."""
    data = history.assign(label=[f"Segment {s}, {_ordinal(r)}" for s, r in zip(history["segment"], history["rank"])])
    base = alt.Chart(data).encode(x=alt.X("quarter:O", title="Quarter", sort=None, axis=alt.Axis(labelAngle=0)))
    tooltip = [alt.Tooltip("quarter:N", title="Quarter"),
               alt.Tooltip("average_score:Q", title="Average", format=".2f"),
               alt.Tooltip("likely_low:Q", title="Likely range from", format=".2f"),
               alt.Tooltip("likely_high:Q", title="to", format=".2f"), alt.Tooltip("whose:N", title="Whose range"),
               alt.Tooltip("segment:Q", title="Segment"), alt.Tooltip("rank:Q", title="Position")]
    ranges = base.mark_rule(strokeWidth=3, color=OTHERS).encode(
        y=alt.Y("likely_low:Q", title="Average metric score (lower is better)",
                scale=alt.Scale(zero=False, padding=24)),   # room for the labels above the top range
        y2="likely_high:Q",
        strokeDash=alt.StrokeDash("whose:N", title="Likely range", scale=alt.Scale(
            domain=list(RANGE_STYLES), range=list(RANGE_STYLES.values())),
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400, symbolStrokeWidth=3)),
        tooltip=tooltip)
    points = base.mark_point(filled=True, size=140, shape="diamond", color=HIGHLIGHT, opacity=1).encode(
        y="average_score:Q", tooltip=tooltip)
    labels = base.mark_text(dy=-10, fontSize=11, color="#212b32").encode(y="likely_high:Q", text="label:N")
    return alt.LayerChart(layer=[ranges, points, labels]).properties(height=TREND_HEIGHT)


def trend_summary(history: pd.DataFrame, trust_name: str) -> str:
    """The trend chart in words: every figure it shows, quarter by quarter."""
    parts = [f"{h.quarter}: average {h.average_score:.2f} (likely range {h.likely_low:.2f} to {h.likely_high:.2f}, "
             f"{h.whose}), segment {h.segment}, {_ordinal(h.rank)} of {h.table_size}" for h in history.itertuples()]
    return (f"Chart: {trust_name}'s average metric score by quarter (diamonds; lower is better) with its likely range "
            "(vertical lines: solid where NHS England published the range, dashed for our estimate by its method), "
            "each labelled with the segment and league position. The same figures: " + "; ".join(parts) + ".")


def _ordinal(n: int) -> str:
    n = int(n)
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
