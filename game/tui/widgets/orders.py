"""The orders panel: every lever for the selected region and the nation, edited with keys.

It draws the app's draft ``Orders`` and posts the edits the player asks for; the screen
makes them with ``edit_lever``, which gives new orders (orders are values) and asks the
engine's own ``refusal_reasons`` whether an increase is possible, so the panel can never
accept orders the engine would refuse, and the reason shown is the engine's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from ...engine import State
from ...engine.orders import Orders, refusal_reasons
from ...loader import GameSetup
from ..view import money


@dataclass(frozen=True)
class Lever:
    """One editable row: which orders array, which column (None = national), and its step."""

    label: str
    field: str
    column: int | None
    step: float
    unit: str  # "teams", "units" or "$M"


#: Region levers: label, Orders field, step, unit.
REGION_LEVERS = (
    ("Eradication teams", "eradication_teams", 1.0, "teams"),
    ("Troops", "troops", 1.0, "units"),
    ("Development", "development_musd", 0.5, "$M"),
    ("Infrastructure", "infrastructure_musd", 0.5, "$M"),
    ("Indigenous protection", "indigenous_musd", 0.5, "$M"),
)
NATIONAL_LEVERS = (
    ("Precursor control", "precursor_musd", 0.5, "$M"),
    ("Intelligence", "intelligence_musd", 0.5, "$M"),
    ("Diplomacy", "diplomacy_musd", 0.5, "$M"),
)


def levers_for(setup: GameSetup, region: int) -> list[Lever]:
    """The region's levers, interdiction on its routes abroad, then the national ones.

    Only routes out of the country carry cocaine in the model, so only they are offered.
    """
    world = setup.world
    rows = [Lever(label, f, region, step, unit) for label, f, step, unit in REGION_LEVERS]
    names = {r.id: r for r in setup.scenario.routes}
    for k, route_id in enumerate(world.route_ids):
        if int(world.route_from[k]) != region or world.route_exit[k] == 0:
            continue
        to = int(world.route_to[k])
        spec = names.get(route_id)
        where = (
            world.region_names[to] if to >= 0 else (getattr(spec, "abroad_name", "") or "abroad")
        )
        rows.append(Lever(f"Interdiction → {where}"[:30], "interdiction_musd", k, 0.5, "$M"))
    rows += [Lever(label, f, None, step, unit) for label, f, step, unit in NATIONAL_LEVERS]
    return rows


def lever_value(orders: Orders, lever: Lever) -> float:
    array = getattr(orders, lever.field)
    return float(array[0] if lever.column is None else array[0, lever.column])


def edit_lever(
    setup: GameSetup, state: State, orders: Orders, lever: Lever, steps: int | None
) -> tuple[Orders, list[str]]:
    """``orders`` with ``lever`` moved ``steps`` steps (not below zero), or to zero if
    ``steps`` is None; with the engine's reasons if that was an increase it refuses, and
    then the orders unchanged.

    Only a reason the engine did not give already refuses: a draft over the budget can
    still be cut, or changed in other ways that make it no worse.
    """
    before = lever_value(orders, lever)
    after = 0.0 if steps is None else max(0.0, before + steps * lever.step)
    if after == before:
        return orders, []
    edited = orders.with_amount(lever.field, lever.column, after)
    if after > before:
        old = set(refusal_reasons(setup.world, state, orders))
        refused = [r for r in refusal_reasons(setup.world, state, edited) if r not in old]
        if refused:
            return orders, refused
    return edited, []


def lever_cost(setup: GameSetup, lever: Lever, value: float) -> float:
    p = setup.world.params
    per = {"eradication_teams": p.team_cost_musd, "troops": p.troop_cost_musd}.get(lever.field, 1.0)
    return value * per


class OrdersTable(DataTable[Text | str]):
    """Rows of levers; ``+``/``-`` change the highlighted one, ``[``/``]`` the region."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "change(1)", "More", key_display="+"),
        Binding("minus,underscore", "change(-1)", "Less", key_display="-"),
        Binding("0", "zero", "Zero", show=False),
        Binding("left_square_bracket", "region(-1)", "Prev region", show=False),
        Binding("right_square_bracket", "region(1)", "Next region", key_display="[ ]"),
    ]

    class Edit(Message):
        """The player asked for ``lever`` to move ``steps`` steps, or to zero (None)."""

        def __init__(self, lever: Lever, steps: int | None) -> None:
            self.lever = lever
            self.steps = steps
            super().__init__()

    class RegionStep(Message):
        """The player asked for the previous or next region."""

        def __init__(self, step: int) -> None:
            self.step = step
            super().__init__()

    def __init__(self, setup: GameSetup, *, compact: bool = False, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.setup = setup
        #: a narrow column beside the map (wide layout): no "Nationally" column
        self.compact = compact
        self.levers: list[Lever] = []
        #: the cells as drawn, row by row
        self.shown: list[list[Text | str]] = []
        #: the orders as drawn
        self.orders: Orders | None = None

    def on_mount(self) -> None:
        if self.compact:
            self.add_column("Lever", width=21)
            self.add_column("Order", width=7)
            self.add_column("Cost", width=7)
            return
        self.add_column("Lever", width=30)
        self.add_column("Order", width=9)
        self.add_column("Cost", width=8)
        self.add_column("Nationally", width=16)

    def show(self, orders: Orders, region: int) -> None:
        """Fill the rows for a region from the draft orders, keeping the cursor row."""
        self.orders = orders
        levers = levers_for(self.setup, region)
        if levers == self.levers:
            # same rows: update the cells that changed, much cheaper than a rebuild
            for y, lever in enumerate(levers):
                cells = self._cells(lever)
                for x, cell in enumerate(cells):
                    if not same_cell(cell, self.shown[y][x]):
                        self.update_cell_at((y, x), cell)
                self.shown[y] = cells
            return
        row = same_lever_row(self.levers, self.cursor_row, levers)
        self.levers = levers
        self.clear()
        self.shown = [self._cells(lever) for lever in self.levers]
        for cells in self.shown:
            self.add_row(*cells)
        if self.row_count:
            self.move_cursor(row=min(max(row, 0), self.row_count - 1), animate=False)

    def _cells(self, lever: Lever) -> list[Text | str]:
        assert self.orders is not None
        value = lever_value(self.orders, lever)
        world = self.setup.world
        order = money(value) if lever.unit == "$M" else f"{value:g}"
        cost = money(lever_cost(self.setup, lever, value))
        nation = ""
        if lever.field == "eradication_teams":
            nation = f"{self.orders.eradication_teams[0].sum():g} / {world.teams_available}"
        elif lever.field == "troops":
            nation = f"{self.orders.troops[0].sum():g} / {world.troops_available}"
        elif lever.column is not None and lever.field != "interdiction_musd":
            nation = money(float(getattr(self.orders, lever.field)[0].sum()))
        elif lever.field == "interdiction_musd":
            nation = money(float(self.orders.interdiction_musd[0].sum())) + " all routes"
        name = lever.label.replace("Interdiction → ", "→ ") if self.compact else lever.label
        label = Text(name, style="bold" if lever.column is not None else "italic")
        cells: list[Text | str] = [label, Text(order, justify="right"), Text(cost, justify="right")]
        return cells if self.compact else [*cells, nation]

    def action_change(self, sign: int) -> None:
        if self.levers:
            self.post_message(self.Edit(self.levers[self.cursor_row], sign))

    def action_zero(self) -> None:
        if self.levers:
            self.post_message(self.Edit(self.levers[self.cursor_row], None))

    def action_region(self, step: int) -> None:
        self.post_message(self.RegionStep(step))


def same_lever_row(old: list[Lever], row: int, new: list[Lever]) -> int:
    """The row of ``new`` holding the lever the cursor was on in ``old``.

    Why: regions have different numbers of routes abroad, so the national levers sit on
    other rows in another region; keeping the row number put the cursor on another lever
    (a player on Intelligence found it on Diplomacy after ``]``). The same lever is the
    same field (and, for a route, the same place among that field's rows); when the new
    region has no such row (fewer routes), the cursor goes to the last row of that field,
    and failing that stays on its row.
    """
    if not 0 <= row < len(old):
        return row
    lever = old[row]
    nth = sum(1 for o in old[:row] if o.field == lever.field)
    rows = [y for y, n in enumerate(new) if n.field == lever.field]
    if not rows:
        return row
    return rows[min(nth, len(rows) - 1)]


def same_cell(a: Text | str, b: Text | str) -> bool:
    """Whether two cells draw alike (``Text.__eq__`` ignores the text's own style)."""
    return a == b and getattr(a, "style", None) == getattr(b, "style", None)


def interdiction_by_route(setup: GameSetup, orders: Orders) -> dict[str, float]:
    values = np.asarray(orders.interdiction_musd[0], dtype=float)
    return {rid: float(v) for rid, v in zip(setup.world.route_ids, values, strict=True)}
