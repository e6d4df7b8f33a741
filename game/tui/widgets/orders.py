"""The orders panel: every lever for the selected region and the nation, edited with keys.

It draws the app's draft ``Orders`` and posts the edits the player asks for — a step
(``+``/``-``), five steps (``>``/``<``), all that is possible (``a``), none (``0``), or an
amount typed in the ``AmountField`` (``enter``); the screen makes them with the headless
rules of ``game.drafting``, which give new orders (orders are values) and ask the engine's
own ``refusal_reasons`` whether an increase is possible, so the panel can never accept
orders the engine would refuse, and the reason shown is the engine's reason.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from ...drafting import (
    BIG_STEP,
    NATIONAL_LEVERS,
    REGION_LEVERS,
    Lever,
    lever_cost,
    lever_value,
    levers_for,
)
from ...engine.orders import Orders
from ...loader import GameSetup
from ..view import money

__all__ = [
    "NATIONAL_LEVERS",
    "REGION_LEVERS",
    "AmountField",
    "Lever",
    "OrdersTable",
    "interdiction_by_route",
    "levers_for",
]

#: The lever column's least width, tabbed and beside the map.
LEVER_ROOM, COMPACT_ROOM = 24, 21


def all_levers(setup: GameSetup) -> list[Lever]:
    """Every region's levers (to size the lever column once for all of them)."""
    return [lv for region in range(setup.world.regions) for lv in levers_for(setup, region)]


def compact_label(lever: Lever) -> str:
    """A lever's name in the narrow column beside the map: routes as ``→ Bolivia``."""
    return lever.label.replace("Interdiction → ", "→ ")


#: How an edit moves a lever: a number of steps, to zero (None), or as far as it can go.
Steps = int | Literal["all"] | None


class OrdersTable(DataTable[Text | str]):
    """Rows of levers; ``+``/``-`` change the highlighted one, ``[``/``]`` the region."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "change(1)", "More", key_display="+"),
        Binding("minus,underscore", "change(-1)", "Less", key_display="-"),
        Binding("greater_than_sign", f"change({BIG_STEP})", f"×{BIG_STEP}", key_display="> <"),
        Binding("less_than_sign", f"change({-BIG_STEP})", f"-{BIG_STEP}", show=False),
        Binding("a", "all", "All"),
        Binding("enter,dollar_sign", "type", "Type", key_display="⏎"),
        Binding("0", "zero", "Zero", show=False),
        Binding("left_square_bracket", "region(-1)", "Prev region", show=False),
        Binding("right_square_bracket", "region(1)", "Next region", key_display="[ ]"),
    ]

    class Edit(Message):
        """The player asked for ``lever`` to move ``steps`` steps, to zero (None), or as
        far as it can go ("all")."""

        def __init__(self, lever: Lever, steps: Steps) -> None:
            self.lever = lever
            self.steps = steps
            super().__init__()

    class TypeAmount(Message):
        """The player asked to type an amount for ``lever``."""

        def __init__(self, lever: Lever) -> None:
            self.lever = lever
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
        #: whether the draft as drawn is over the budget
        self.over = False

    def on_mount(self) -> None:
        if self.compact:
            names = (compact_label(lv) for lv in all_levers(self.setup))
            self.add_column("Lever", width=max(COMPACT_ROOM, *(len(n) for n in names)))
            self.add_column("Order", width=7)
            self.add_column("Cost", width=7)
            return
        # as wide as the longest lever of any region: no name is cut
        labels = (len(lv.label) for lv in all_levers(self.setup))
        self.add_column("Lever", width=max(LEVER_ROOM, *labels))
        self.add_column("Order", width=9)
        self.add_column("Cost", width=8)
        self.add_column("Nationally", width=16)

    def show(self, orders: Orders, region: int, over: bool = False) -> None:
        """Fill the rows for a region from the draft orders, keeping the cursor row;
        ``over``: the draft is over the budget, so the money that trimming would cut is
        marked (in red, and with ``!``)."""
        self.orders = orders
        self.over = over
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
        cost = Text(money(lever_cost(self.setup, lever, value)), justify="right")
        if self.over and lever.is_money and value > 0:
            cost.stylize("bold red")
            cost.append("!")
        nation = ""
        if lever.field == "eradication_teams":
            nation = f"{self.orders.eradication_teams[0].sum():g} / {world.teams_available}"
        elif lever.field == "troops":
            nation = f"{self.orders.troops[0].sum():g} / {world.troops_available}"
        elif lever.column is not None and lever.field != "interdiction_musd":
            nation = money(float(getattr(self.orders, lever.field)[0].sum()))
        elif lever.field == "interdiction_musd":
            nation = money(float(self.orders.interdiction_musd[0].sum())) + " all routes"
        name = compact_label(lever) if self.compact else lever.label
        label = Text(name, style="bold" if lever.column is not None else "italic")
        cells: list[Text | str] = [label, Text(order, justify="right"), cost]
        return cells if self.compact else [*cells, nation]

    def action_change(self, sign: int) -> None:
        if self.levers:
            self.post_message(self.Edit(self.levers[self.cursor_row], sign))

    def action_zero(self) -> None:
        if self.levers:
            self.post_message(self.Edit(self.levers[self.cursor_row], None))

    def action_all(self) -> None:
        if self.levers:
            self.post_message(self.Edit(self.levers[self.cursor_row], "all"))

    def action_type(self) -> None:
        if self.levers:
            self.post_message(self.TypeAmount(self.levers[self.cursor_row]))

    def action_region(self, step: int) -> None:
        self.post_message(self.RegionStep(step))


class AmountInput(Input):
    """The amount field's input, which takes the focus when it is mounted.

    Why here and not in the field's ``on_mount``: a second Enter on the orders replaces
    the field, and a field removed while it was composing gets ``Mount`` without its
    input ever mounted (``query_one(Input)`` raised ``NoMatches``). The input focuses
    itself only if it is there.
    """

    def on_mount(self) -> None:
        self.focus()


class AmountField(Vertical):
    """An amount typed for one lever: the field, and under it why an amount was refused.

    ``enter`` posts ``Typed`` with the text; the screen answers with ``refuse`` (the
    field stays, with the reason, and the orders are unchanged) or removes the field.
    ``escape`` posts ``Closed`` and changes nothing.
    """

    DEFAULT_CSS = """
    AmountField { height: auto; padding: 0 1; }
    AmountField Input { height: 3; }
    AmountField .amount-reason { height: auto; color: $error; }
    """

    class Typed(Message):
        def __init__(self, field: AmountField, text: str) -> None:
            self.field = field
            self.text = text
            super().__init__()

    class Closed(Message):
        pass

    def __init__(self, lever: Lever, value: float, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lever = lever
        self.value = value

    def compose(self):  # type: ignore[no-untyped-def]
        unit = "$M" if self.lever.is_money else self.lever.unit
        shown = (
            f"{self.value:.2f}".rstrip("0").rstrip(".")
            if self.lever.is_money
            else f"{self.value:g}"
        )
        field = AmountInput(
            value=shown, placeholder=f"{self.lever.label} in {unit}", id="amount-input"
        )
        field.border_title = f"{self.lever.label}, {unit}"
        yield field
        yield Static(
            Text("enter sets it, escape leaves it as it was", style="dim"),
            classes="amount-reason",
            id="amount-reason",
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Typed(self, event.value))

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key == "escape":
            event.stop()
            self.post_message(self.Closed())

    def refuse(self, reason: str) -> None:
        """Show why the amount typed was refused (as plain text, not markup)."""
        self.query_one("#amount-reason", Static).update(Text(f"Refused: {reason}"))


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
