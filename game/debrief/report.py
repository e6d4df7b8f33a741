"""The debrief's words: every heading, sentence, table and chart, as ``document`` blocks.

Written for a teacher to hand out: the player's orders and answers year by year, the
country and its regions beside the futures where nothing changed, the headlines against
the real picture, what moved the numbers most, the report card and the sources. Labels,
units and number formats are the metric registry's (``engine.metrics``); lever names are
the orders panel's (``drafting``); causes are the ledger's own names.
"""

from __future__ import annotations

import numpy as np

from ..drafting import NATIONAL_LEVERS, REGION_LEVERS
from ..engine.metrics import HEADLINE_GAP, INDEX, SCORE, Metric, NumberFormat
from ..engine.score import WEIGHTS
from ..locations import game_version
from ..progress import how_it_ended, played_text, score_number
from ..schema import Fact
from ..sim.futures import FUTURES, Compared, percentile_of
from .data import NATIONAL, REGIONAL, Causes, Debrief, column
from .document import Band, Block, Bullets, Chart, Heading, Line, Panel, Para, Table

#: The causes shown for each figure; the rest are added up in one row.
TOP_CAUSES = 6
#: A region's causes of its coca's change, in its row.
TOP_REGION_CAUSES = 3
VERDICTS = {1: "better", -1: "worse", 0: "no different"}
MONEY = NumberFormat(digits=1, table_digits=1)
#: A region's money: its own levers, and interdiction on the routes out of it.
REGION_MONEY = tuple(name for _, name, _, unit in REGION_LEVERS if unit == "$M")
SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: np.ndarray, low: float | None = None, high: float | None = None) -> str:
    """``values`` as a line of eighth-blocks, scaled from ``low`` to ``high`` (their own
    range by default); a flat series is a flat line."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return ""
    lo = float(np.nanmin(values)) if low is None else low
    hi = float(np.nanmax(values)) if high is None else high
    if not hi > lo:
        return SPARKS[3] * values.size
    steps = np.clip(np.round((values - lo) / (hi - lo) * (len(SPARKS) - 1)), 0, len(SPARKS) - 1)
    return "".join(SPARKS[int(s)] for s in steps)


def count(value: float) -> str:
    """An average count of units: ``6``, ``5.5`` (no ``.0`` on a whole number)."""
    return f"{value:,.1f}".removesuffix(".0")


def signed(fmt: NumberFormat, value: float) -> str:
    """A change with its sign and unit: ``+1,204 ha``, ``−3.2``."""
    text = f"{abs(value):,.{fmt.digits}f}"
    sign = "−" if value < 0 and text.strip("0.,") else "+"
    return fmt.with_unit(sign + text)


def build_report(debrief: Debrief) -> list[Block]:
    """The whole report, in reading order."""
    return [
        *overview(debrief),
        *orders_by_year(debrief),
        *events(debrief),
        *national(debrief),
        *regions(debrief),
        *headline_gap(debrief),
        *causes(debrief),
        *card(debrief),
        *cited(debrief),
        *method(debrief),
    ]


# --- helpers ---------------------------------------------------------------------------


def year_ends(d: Debrief) -> list[tuple[str, int]]:
    """Rows of a by-year table: the start, then each year's last quarter played (its row
    in ``d.mine``); a year not played to its end says so."""
    world = d.setup.world
    rows = [(f"start ({world.quarter_label(0)})", 0)]
    for year, turns in d.years():
        last = turns[-1]
        full = world.year_of(last + 1) != year
        label = str(year) if full else f"{year} (to {world.quarter_label(last).split()[0]})"
        rows.append((label, last + 1))
    return rows


def ticks(d: Debrief) -> tuple[tuple[int, str], ...]:
    """Chart ticks at each year's first quarter over the whole term."""
    world = d.setup.world
    return tuple(
        (t, str(world.year_of(t)))
        for t in range(d.term + 1)
        if t == 0 or world.year_of(t) != world.year_of(t - 1)
    )


def compared(d: Debrief, metric: Metric, place: int = -1) -> Compared:
    """The player's value at the last quarter played against the futures' band then."""
    i, turn = column(metric), min(d.played, d.futures.turns)
    low, high = d.futures.p10[turn, i, place], d.futures.p90[turn, i, place]
    return Compared(metric, float(d.mine[0, i, place]), float(d.mine[-1, i, place]), low, high)


def fan_panel(d: Debrief, metric: Metric, title: str, place: int = -1) -> Panel:
    i = column(metric)
    f = d.futures
    return Panel(
        title,
        metric.fmt,
        lines=(
            Line("you", d.mine[:, i, place]),
            Line("status quo, mean", f.mean[:, i, place], "status-quo"),
        ),
        bands=(Band("status quo p10–p90", f.p10[:, i, place], f.p90[:, i, place]),),
    )


def ever_nonzero(d: Debrief, i: int, place: int) -> bool:
    """Whether metric ``i`` is ever other than zero in ``place``, in the game or its futures."""
    f = d.futures
    return bool(
        np.any(d.mine[:, i, place]) or np.any(f.p10[:, i, place]) or np.any(f.p90[:, i, place])
    )


def mark(d: Debrief) -> int | None:
    """Where the quarters played end on a chart, if before the term."""
    return d.played if d.played < d.term else None


# --- sections --------------------------------------------------------------------------


def overview(d: Debrief) -> list[Block]:
    setup, world, game = d.setup, d.setup.world, d.game
    scores = d.futures_scores
    p10, p90 = np.quantile(scores, (0.1, 0.9))
    blocks: list[Block] = [
        Heading(1, f"Debrief: {setup.scenario.name}"),
        Para(
            f"Seed {game.seed} · difficulty {setup.difficulty.name} · {setup.balloon} balloon · "
            f"{world.quarter_label(0)} to {world.quarter_label(d.term - 1)} "
            f"({d.term} quarters)."
        ),
    ]
    if d.finished:
        blocks.append(Para(how_it_ended(game)))
    elif d.played == 0:
        return [
            *blocks,
            Para(
                f"This save is not a finished game: 0 of {d.term} quarters played, so there "
                "is nothing to score yet."
            ),
        ]
    else:
        blocks.append(
            Para(
                f"This save is not a finished game: {d.played} of {d.term} quarters played "
                f"(to {world.quarter_label(d.played - 1)}). Everything below covers those "
                "quarters; the status quo is compared at the same quarter."
            )
        )
    note = (
        ""
        if d.finished
        else " (scored as if the term ended with the last quarter played, as are the futures)"
    )
    blocks.append(
        Para(
            f"{SCORE.title} {score_number(d.score)} of 100{note}: better than "
            f"{percentile_of(d.score, scores):.0f}% of {d.futures.runs} status-quo futures from "
            f"the same start (their p10–p90: {SCORE.fmt.number(p10)}–{SCORE.fmt.number(p90)})."
        )
    )
    return blocks


def orders_by_year(d: Debrief) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Orders by year")]
    if d.played == 0:
        return [*blocks, Para("No quarter was played: no orders were given.")]
    world = d.setup.world
    orders = d.orders
    levers = [(label, name, unit) for label, name, _, unit in REGION_LEVERS]
    levers.insert(2, ("Interdiction", "interdiction_musd", "$M"))
    levers += [(label, name, unit) for label, name, _, unit in NATIONAL_LEVERS]
    columns = ["Year", "Quarters", "Budget ($M)", "Spent ($M)"]
    columns += [
        f"{label} (a quarter)" if unit != "$M" else f"{label} ($M)" for label, _, unit in levers
    ]
    rows = []
    for year, turns in d.years():
        cells = [str(year), str(len(turns))]
        cells += [MONEY.number(d.budget[turns].sum()), MONEY.number(d.spent[turns].sum())]
        for _, name, unit in levers:
            total = sum(float(np.sum(getattr(orders[t], name)[0])) for t in turns)
            cells.append(MONEY.number(total if unit == "$M" else total / len(turns)))
        rows.append(tuple(cells))
    blocks += [
        Para(
            "Money is what was ordered over the year, in millions of US dollars; eradication "
            "teams and troops are the average deployed in a quarter. Budget is what the "
            "quarters had to spend: money not spent is lost at the quarter's end."
        ),
        Table(tuple(columns), tuple(rows), (False, *([True] * (len(columns) - 1)))),
        Heading(3, "Where the orders went"),
        Para(
            "Each region's money over the year ($M: development, infrastructure, Indigenous "
            "protection and interdiction on its routes), then its eradication teams and "
            "troops on average in a quarter."
        ),
    ]
    years = d.years()
    money_rows, unit_rows = [], []
    for r, region in enumerate(world.region_names):
        money_cells, unit_cells = [region], [region]
        on_routes = world.route_from == r
        for _, turns in years:
            money = sum(
                float(getattr(orders[t], n)[0, r]) for t in turns for n in REGION_MONEY
            ) + sum(float(orders[t].interdiction_musd[0][on_routes].sum()) for t in turns)
            teams = np.mean([float(orders[t].eradication_teams[0, r]) for t in turns])
            troops = np.mean([float(orders[t].troops[0, r]) for t in turns])
            money_cells.append(MONEY.number(money))
            unit_cells.append(f"{count(teams)} / {count(troops)}")
        money_rows.append(tuple(money_cells))
        unit_rows.append(tuple(unit_cells))
    heads = tuple(str(y) for y, _ in years)
    numeric = (False, *[True] * len(heads))
    blocks += [
        Table(("Money by region ($M)", *heads), tuple(money_rows), numeric),
        Table(("Teams / troops by region", *heads), tuple(unit_rows), numeric),
    ]
    return blocks


def events(d: Debrief) -> list[Block]:
    world = d.setup.world
    blocks: list[Block] = [Heading(2, "Events and answers")]
    if not d.answers and not d.waiting:
        return [*blocks, Para("No event came up in the quarters played.")]
    blocks.append(
        Para(
            "Each event that came up, the quarter it came up in, and the answer played in the "
            "quarter after. Where no answer was given, the event's default was played."
        )
    )
    rows = tuple(
        (
            str(world.year_of(a.fired)),
            world.quarter_label(a.fired),
            a.title,
            a.choice,
            "yours" if a.given else "the default (no answer given)",
        )
        for a in d.answers
    )
    if rows:
        blocks.append(Table(("Year", "Quarter", "Event", "Answer", "Whose answer"), rows))
    if d.waiting:
        when = world.quarter_label(max(d.played - 1, 0))
        blocks.append(
            Para(
                f"Came up in {when}, the last quarter played, and never answered: "
                + "; ".join(d.waiting)
                + "."
            )
        )
    return blocks


def national(d: Debrief) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "The country beside the status quo"),
        Para(
            f"Your game (line) beside {d.futures.runs} games from the same start in which "
            "nothing changed (the status quo): its mean (dashed) and the band from its 10th "
            "to its 90th percentile, where eight futures in ten lie."
        ),
        Chart(
            "National outcomes",
            tuple(fan_panel(d, m, m.heading) for m in NATIONAL),
            ticks(d),
            columns=3,
            mark=mark(d),
        ),
    ]
    rows = []
    f = d.futures
    for label, t in year_ends(d):
        cells = [label]
        for m in NATIONAL:
            i = column(m)
            low, high = f.p10[t, i, -1], f.p90[t, i, -1]
            you = m.fmt.number(d.mine[t, i, -1])
            cells.append(f"{you} ({m.fmt.number(low)}–{m.fmt.number(high)})")
        rows.append(tuple(cells))
    blocks += [
        Heading(3, "Year by year"),
        Para("At each year's last quarter played: yours, and the status quo's p10–p90 then."),
        Table(
            ("Year", *(m.heading for m in NATIONAL)), tuple(rows), (False, *[True] * len(NATIONAL))
        ),
        Heading(3, "At the last quarter played"),
    ]
    blocks.append(comparison_table(d, "Outcome", [(m.heading, m, -1) for m in NATIONAL]))
    return blocks


def comparison_table(d: Debrief, first: str, places: list[tuple[str, Metric, int]]) -> Table:
    """One row per (label, metric, place): the start, the player's value at the last
    quarter played, the status quo's band then and the verdict (place -1 is national)."""
    rows = []
    for label, m, place in places:
        row = compared(d, m, place)
        n = m.fmt.number
        rows.append(
            (
                label,
                n(row.start),
                n(row.mine),
                f"{n(row.low)} – {n(row.high)}",
                VERDICTS[row.verdict],
            )
        )
    return Table(
        (first, "At start", "You", "Status quo p10–p90", "Compared"),
        tuple(rows),
        (False, True, True, True, False),
    )


def regions(d: Debrief) -> list[Block]:
    world = d.setup.world
    blocks: list[Block] = [
        Heading(2, "Region by region"),
        Para(
            "Each region's trajectory beside its own status-quo band. Growers move: coca cut "
            "in one valley can grow in the next, which the national figure alone hides."
        ),
    ]
    for m in REGIONAL:
        i = column(m)
        drawn = [r for r in range(world.regions) if ever_nonzero(d, i, r)]
        panels = tuple(fan_panel(d, m, world.region_names[r], r) for r in drawn)
        left_out = (
            ""
            if len(drawn) == world.regions
            else " (regions where it is zero throughout are left out)"
        )
        blocks += [
            Heading(3, m.heading),
            Chart(
                f"{m.title} by region ({m.unit}){left_out}",
                panels,
                ticks(d),
                columns=4,
                mark=mark(d),
            ),
        ]
        named = [(name, m, r) for r, name in enumerate(world.region_names)]
        blocks.append(comparison_table(d, "Region", named))
    return blocks


def headline_gap(d: Debrief) -> list[Block]:
    headline, real = HEADLINE_GAP
    h, r = d.gap[headline.key], d.gap[real.key]
    gap = h - r
    blocks: list[Block] = [
        Heading(2, "Headlines against the real picture"),
        Para(
            f"The {headline.label} ({headline.unit}) is what the press and the donors see: "
            f"{headline.description}. The {real.label} ({real.unit}) is what is there: "
            f"{real.description}. Where the first runs ahead of the second, the results are "
            "cosmetic: the headlines are good while the coca is not going away."
        ),
        Chart(
            "The headline-versus-real gap",
            (
                Panel(
                    "Both indices",
                    INDEX,
                    (Line(headline.title, h), Line(real.title, r, "second")),
                ),
                Panel("The gap (headline − real, points)", INDEX, (Line("gap", gap),)),
            ),
            ticks(d),
            columns=2,
            mark=mark(d),
        ),
    ]
    rows = []
    for year, turns in d.years():
        rows_of = [t + 1 for t in turns]  # the state after each of the year's quarters
        mean_h, mean_r = float(h[rows_of].mean()), float(r[rows_of].mean())
        rows.append(
            (
                str(year),
                INDEX.number(mean_h),
                INDEX.number(mean_r),
                signed(INDEX, mean_h - mean_r),
            )
        )
    if rows:
        blocks += [
            Para("The year's mean of each quarter; the gap is in points."),
            Table(
                ("Year", headline.heading, real.heading, "Gap (points)"),
                tuple(rows),
                (False, True, True, True),
            ),
        ]
    return blocks


def causes_table(c: Causes, top: int = TOP_CAUSES) -> Table:
    shown, rest = c.parts[:top], c.parts[top:]
    rows = [(name, signed(c.metric.fmt, value)) for name, value in shown]
    values = [value for _, value in shown]
    if rest:
        others = sum(v for _, v in rest)
        rows.append((f"{len(rest)} other causes together", signed(c.metric.fmt, others)))
        values.append(others)
    widest = max((abs(v) for v in values), default=0.0) or 1.0
    return Table(
        ("Cause", "Change"),
        tuple(rows),
        (False, True),
        bars=tuple(v / widest for v in values),
    )


def causes(d: Debrief) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "What moved the numbers most"),
        Para(
            "From the causal ledger: the engine books every change of these figures to a "
            "named cause. Summed over the quarters played, the causes add up to the change "
            "from the start to the last quarter."
        ),
    ]
    if d.played == 0:
        return [*blocks, Para("No quarter was played: nothing has moved yet.")]
    for c in d.causes:
        m = c.metric
        blocks += [
            Heading(
                3,
                f"{m.heading}: {m.fmt.number(c.start)} → {m.fmt.number(c.end)} "
                f"({signed(m.fmt, c.end - c.start)})",
            ),
            causes_table(c),
        ]
    coca = d.causes[0].metric
    rows = []
    for name, c in zip(d.setup.world.region_names, d.region_causes, strict=True):
        top = "; ".join(f"{n} {signed(coca.fmt, v)}" for n, v in c.parts[:TOP_REGION_CAUSES])
        rows.append((name, signed(coca.fmt, c.end - c.start), top or "–"))
    blocks += [
        Heading(3, f"{coca.title} by region: the biggest causes"),
        Table(("Region", "Change", "Biggest causes"), tuple(rows), (False, True, False)),
    ]
    return blocks


def card(d: Debrief) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Report card"),
        Para(
            "Each dimension graded 0–100 against the game's own start: 0 worst, 50 as at "
            "the start, 100 best; the score averages the weighted grade over every quarter "
            "of the term and two years more of the last orders."
        ),
    ]
    if not d.cards:
        return [*blocks, Para("No quarter was played: every grade is 50, as at the start.")]
    last = d.cards[-1][2]
    rows = []
    for name in WEIGHTS:
        title = name[:1].upper() + name[1:]
        cells = [title, f"×{WEIGHTS[name]:.2f}"]
        cells += [f"{grades[name]:.0f}" for _, _, grades in d.cards]
        rows.append(tuple(cells))
    heads = [str(year) for year, _, _ in d.cards]
    blocks += [
        Para("Grades at each year's last quarter played."),
        Table(
            ("Dimension", "Weight", *heads),
            tuple(rows),
            (False, True, *[True] * len(heads)),
            bars=tuple(last[name] / 100.0 for name in WEIGHTS),
        ),
        Para(f"{SCORE.title}: {score_number(d.score)} of 100 ({played_text(d.played, d.term)})."),
    ]
    return blocks


def fact_value(fact: Fact) -> str:
    """A fact's figure with its unit, and its range where the source gives one."""
    value = f"{fact.value:,g} {fact.unit}".strip()
    if fact.low is not None and fact.high is not None:
        value += f" (range {fact.low:,g}–{fact.high:,g})"
    return value


def cited(d: Debrief) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Sources")]
    if not d.sources:
        return [*blocks, Para("This game's content cites no facts.")]
    publications = {
        (c.fact.source.publisher, c.fact.source.title, c.fact.source.year) for c in d.sources
    }
    blocks.append(
        Para(
            f"The {len(d.sources)} facts this game stands on, from {len(publications)} "
            "sources: those its scenario and model use, and those of the events that came up."
        )
    )
    rows = tuple(
        (
            c.fact.what,
            fact_value(c.fact),
            f"{c.fact.source.publisher}, {c.fact.source.title} ({c.fact.source.year})",
            "; ".join(c.used_by),
        )
        for c in d.sources
    )
    blocks.append(Table(("Fact", "Value", "Source", "Used by"), rows, (False, True, False, False)))
    return blocks


def method(d: Debrief) -> list[Block]:
    setup = d.setup
    return [
        Heading(2, "How this report was made"),
        Bullets(
            (
                f"The save was played again from its seed ({d.game.seed}) with its orders and "
                "answers, and every quarter was checked bit for bit against the save.",
                f"The status quo is {FUTURES} games from the same start with nothing changed, "
                f"seeds {d.game.seed} to {d.game.seed + d.futures.runs - 1}.",
                "The band from the 10th to the 90th percentile holds eight futures in ten: a "
                "result outside it is unlikely to be luck.",
                f"Balloon Effect {game_version()}, content {setup.content_digest}.",
            )
        ),
    ]
