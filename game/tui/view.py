"""Presentation of engine numbers: formatting, map layers and the causal breakdown.

These are pure functions of a ``State`` or a ``TurnResult`` so the screens stay thin and
the tests can check the numbers without a terminal. Nothing here decides anything about
the game: it only reads what the engine computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from ..engine import State, TurnResult
from ..engine.metrics import METRICS, NumberFormat, region_metric
from ..engine.orders import Orders, orders_cost
from ..engine.why import (
    ERADICATION,
    NATIONAL_WHY,
    arrivals_by_origin,
    eradication_by_destination,
    national_parts,
    ranked,
)
from ..loader import GameSetup

#: Map layers, each a regional metric; the map is coloured by its value in each region.
LAYERS: tuple[str, ...] = ("coca_ha", "welfare", "violence", "insurgency", "forest_lost_ha")
#: ``f`` is the forecast (as in GAME.md's footer), so the forest layer is ``o`` (f*o*rest).
LAYER_KEYS = {
    "c": "coca_ha",
    "w": "welfare",
    "v": "violence",
    "i": "insurgency",
    "o": "forest_lost_ha",
}
#: Five steps from good to bad, the box backgrounds on the map: cividis (Nuñez, Anderton
#: and Renslow 2018, "Optimizing colormaps with consideration for color vision
#: deficiency"), dark blue to yellow, its lightness rising evenly, so the order reads the
#: same to every eye and in grey. Fixed colours, not the theme's: a step means the same
#: in every theme. Worse is lighter, as on a heat map.
RAMP = ("#00224e", "#3d4d6e", "#7c7b78", "#bcae6b", "#fee838")
#: The value's colour on each step's background: light on the dark steps, dark on the light.
RAMP_TEXT = ("#ffffff", "#ffffff", "#ffffff", "#000000", "#000000")
#: The same five steps without colour (``NO_COLOR``): shade characters, light to dense.
SHADES = ("·", "░", "▒", "▓", "█")
#: Each layer's value at its best (green) and at its worst (red), fixed so that colours
#: mean the same thing every quarter.
LAYER_SCALES: dict[str, tuple[float, float]] = {
    "coca_ha": (0.0, 40_000.0),
    "welfare": (70.0, 30.0),
    "violence": (0.0, 30.0),
    "insurgency": (0.0, 0.5),
    "forest_lost_ha": (0.0, 10_000.0),
}


#: How a chart writes a metric's values on its axis, and the chart's colour.
CHART_STYLE: dict[str, tuple[Callable[[float], str], str]] = {
    "coca_ha": (lambda v: f"{v / 1000:,.1f}k", "#7cb342"),
    "welfare": (lambda v: f"{v:.1f}", "#4f9fd8"),
    "violence": (lambda v: f"{v:.1f}", "#e57373"),
    "insurgency": (lambda v: f"{v:.2f}", "#c678dd"),
}


def resolution(metric: str) -> float:
    """The smallest change of ``metric`` a player can read (its last written digit): a
    chart's least span near zero, so noise below it draws flat."""
    return 10.0 ** -METRICS[metric].fmt.digits


def layer_values(state: State, layer: str) -> np.ndarray:
    """(R,) values of a map layer for run 0."""
    return region_metric(state, layer)[0]


def layer_badness(layer: str, value: float) -> float:
    """0 (good) … 1 (bad) on the layer's fixed scale."""
    good, bad = LAYER_SCALES[layer]
    return float(min(max((value - good) / (bad - good), 0.0), 1.0))


def ramp_step(badness: float) -> int:
    """The ramp's step (0 best … 4 worst) for a badness of 0 … 1."""
    return min(int(badness * len(RAMP)), len(RAMP) - 1)


def legend(no_color: bool) -> list[tuple[str, str]]:
    """The ramp's steps as (text, style) pieces, good to bad: colour, or shades."""
    if no_color:
        return [(f"{shade}", "") for shade in SHADES]
    return [("█", colour) for colour in RAMP]


def money(musd: float, digits: int = 1) -> str:
    """``$1.5M``; a negative amount as ``−$1.5M`` (not ``$-1.5M``)."""
    sign = "−" if musd < 0 and round(musd, digits) != 0 else ""
    return f"{sign}${abs(musd):,.{digits}f}M"


def signed_with_unit(fmt: NumberFormat, value: float, digits: int) -> str:
    """A change with its unit and the sign in front: ``+$0.18/kg``, ``−1,370 ha``."""
    return sign_of(value, digits) + fmt.with_unit(f"{abs(value):,.{digits}f}")


def signed(value: float, digits: int = 0) -> str:
    """A change with the sign in front: ``+1.5``, ``−1,370``."""
    return sign_of(value, digits) + f"{abs(value):,.{digits}f}"


def sign_of(value: float, digits: int) -> str:
    """``−`` for a change that prints below zero; ``+`` otherwise, so a tiny fall that
    rounds away reads ``+0.000``, never ``−0.000``."""
    return "−" if round(value, digits) < 0 else "+"


@dataclass(frozen=True)
class Budget:
    """What the current draft orders cost and what is left of this quarter's budget."""

    cost: float
    available: float

    @property
    def left(self) -> float:
        return self.available - self.cost


def budget(setup: GameSetup, state: State, orders: Orders) -> Budget:
    return Budget(float(orders_cost(setup.world, orders)[0]), float(state.budget_musd[0]))


#: Metrics whose causal breakdown a report offers, and the ledger variables behind them.
BREAKDOWN_VARS: dict[str, tuple[str, ...]] = {
    "coca_ha": ("coca_ha", "immature_ha"),
    "welfare": ("welfare",),
    "violence": ("violence",),
    "insurgency": ("insurgency",),
    "forest_lost_ha": ("forest_lost_ha",),
}


#: What the report's "why" explains, in the order ``m`` steps through them: the national
#: figures (True), then a region's measures (False).
REPORT_MEASURES: tuple[tuple[str, bool], ...] = (
    *((key, True) for key in NATIONAL_WHY),
    *((key, False) for key in BREAKDOWN_VARS),
)


def good_or_bad(metric: str, value: float) -> str:
    """The colour of a contribution: green if it moves ``metric`` the better way, red if not.

    A rise is not good in itself: more coca, violence or forest lost is bad news. Where
    neither way is better (the leaf price), blue.
    """
    better = METRICS[metric].better
    if better == 0:
        return "#4f9fd8"
    return "green" if value * better > 0 else "red"


def route_labels(setup: GameSetup) -> list[str]:
    """Each route as a player reads it: "VRAEM → Bolivia", "Huallaga → Loreto"."""
    world = setup.world
    specs = {r.id: r for r in setup.scenario.routes}
    labels = []
    for k, route_id in enumerate(world.route_ids):
        to = int(world.route_to[k])
        spec = specs.get(route_id)
        where = (
            world.region_names[to] if to >= 0 else (getattr(spec, "abroad_name", "") or "abroad")
        )
        labels.append(f"{world.region_names[int(world.route_from[k])]} → {where}")
    return labels


def national_breakdown(setup: GameSetup, result: TurnResult, key: str) -> list[tuple[str, float]]:
    """Named parts of a national figure's change this quarter (they sum to it), largest first."""
    return ranked(national_parts(setup.world, result, key, route_labels(setup)))


def breakdown(
    setup: GameSetup, result: TurnResult, metric: str, region: int
) -> list[tuple[str, float]]:
    """Named contributions to the change of ``metric`` in a region, largest first.

    Coca counts young and mature plants, as a survey would; "plantings maturing" moves
    hectares between the two and cancels out, so it is dropped with other near-zeros.
    Eradication is split by where the growers who lost their fields went.
    """
    total: dict[str, float] = {}
    for var in BREAKDOWN_VARS[metric]:
        for name, value in result.ledger.contributions(var).items():
            total[name] = total.get(name, 0.0) + float(value[0, region])
    if metric == "coca_ha" and ERADICATION in total:
        del total[ERADICATION]
        total.update(eradication_by_destination(setup.world, result, region))
    return ranked(total)


def arrivals(setup: GameSetup, result: TurnResult, region: int) -> list[tuple[str, float]]:
    """Growers' hectares that reached the region this quarter, by origin, largest first."""
    return ranked(arrivals_by_origin(setup.world, result, region))


def headlines(result: TurnResult) -> list[str]:
    """The quarter's news that heads the report and the log (run 0)."""
    if bool(result.flows.captured[0]):
        return ["The armed remnant's leader is captured"]
    return []


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar of eighths, ``width`` cells for the largest magnitude."""
    if largest <= 0:
        return ""
    eighths = round(abs(value) / largest * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[part]


Cell = str | Text


def text_grid(
    rows: list[tuple[Cell, ...]],
    justify: tuple[str, ...],
    styles: tuple[str, ...] = (),
    gap: int = 1,
) -> Text:
    """Rows of cells as one ``Text``: columns as wide as their widest cell, ``gap`` apart.

    What ``rich.table.Table.grid(padding=(0, 1))`` draws, for tables of short cells that
    never wrap. Textual measures and renders a Rich table several times per layout (a
    good part of the report's redraw after each quarter); text is measured by counting
    its lines. ``justify`` is "left" or "right" per column; ``styles`` style a column's
    plain-string cells (a ``Text`` cell keeps its own).
    """
    columns = max((len(r) for r in rows), default=0)
    widths = [
        max((cell_len(str(r[c])) for r in rows if c < len(r)), default=0) for c in range(columns)
    ]
    # a column with nothing in it takes no gap either
    shown = [c for c in range(columns) if widths[c] > 0]
    out = Text(no_wrap=True, overflow="ellipsis")
    for y, row in enumerate(rows):
        if y:
            out.append("\n")
        line = Text()
        for n, c in enumerate(shown):
            cell = row[c] if c < len(row) else ""
            text = (
                cell
                if isinstance(cell, Text)
                else Text(cell, style=styles[c] if c < len(styles) else "")
            )
            pad = " " * (widths[c] - text.cell_len)
            if n:
                line.append(" " * gap)
            if justify[c] == "right":
                line.append(pad)
                line.append_text(text)
            else:
                line.append_text(text)
                if n < len(shown) - 1:
                    line.append(pad)
        out.append_text(line)
    return out
