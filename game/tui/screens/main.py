"""The main screen: map, regions, orders, national indicators and log.

At 80×24 each view gets the whole screen under a tab; from 120×40 they are all shown at
once (see ``layout``). The key bar always shows the bindings. Ending a turn plays the
draft orders through ``Game.play`` and opens the quarterly report; events that fired are
asked when the player returns from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent

from ...drafting import (
    BIG_STEP,
    all_of_lever,
    cents_down,
    edit_lever,
    event_outlook,
    lever_value,
    shortfall,
    trim_to_fit,
    typed_amount,
)
from ...engine import Orders
from ...engine.metrics import METRICS, pick, region_metric
from ...engine.orders import OrdersRefused, refusal_reasons
from ...maps import map_for
from ...progress import played_text, score_text
from ..textual_private import drop_stale_renders
from ..view import LAYER_KEYS, LAYERS, budget, legend, money, signed
from ..widgets.flowlayer import FLOW_STYLE
from ..widgets.footer import KeyBar
from ..widgets.guide import GuideBox
from ..widgets.national import NationalPanel
from ..widgets.orders import AmountField, OrdersTable, interdiction_by_route
from ..widgets.regionmap import RegionMap
from .event import AskedEvent, event_screen
from .forecast import ForecastScreen
from .layout import compose_tabbed, compose_wide, is_wide
from .region import RegionScreen
from .report import ReportScreen

if TYPE_CHECKING:
    from ..host import GameHost

TABS = ("map", "regions", "orders", "national", "log")
#: The widget that takes the keys when a tab is chosen.
FOCUS = {
    "map": "#region-map",
    "regions": "#regions-table",
    "orders": "#orders-table",
    "national": "#national-panel",
    "log": "#log-scroll",
}

#: The regions table's metrics, each headed by its short label; coca's change since last
#: quarter (Δ) follows coca.
REGION_COLUMNS = pick(
    "coca_ha", "leaf_price", "welfare", "violence", "insurgency", "forest_lost_ha"
)
#: The top bar's one national figure.
APPROVAL = METRICS["approval"]
#: Room for a region's name and for a number ("100,000", "−100%"). The table has no
#: padding of its own: a column is a space wider than its widest text, so the eight columns
#: fit the wide layout's 78 cells.
NAME_ROOM, NUMBER_ROOM = 18, 7


def region_headings() -> list[tuple[Text, int]]:
    """The regions table's headings and widths: region, coca, its change (Δ), the others."""
    shorts = [m.short_title for m in REGION_COLUMNS]
    shorts.insert(1, "Δ")
    numbers = [(Text(s, justify="right"), max(len(s), NUMBER_ROOM) + 1) for s in shorts]
    return [(Text(" Region"), NAME_ROOM + 1), *numbers]


def flows_legend(showing: bool) -> Text:
    """The layer line's last words: what bold routes mean and what ``g`` does, or, with
    the flows drawn over the routes, what the arrows mean."""
    if showing:
        return Text.assemble(("→", FLOW_STYLE), " growers' moves (g)")
    return Text("bold: interdicted  g: flows")


class MainScreen(Screen[None]):
    """The quarter being planned."""

    class LayerShown(Message):
        """The map was switched to another layer (the guided quarter's first step)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e,e", "end_turn", "End turn", key_display="^e"),
        Binding("f", "forecast", "Forecast"),
        Binding("d", "region", "Region"),
        Binding("r", "report", "Report"),
        Binding("l", "next_layer", "Layer"),
        Binding("t", "trim", "Trim to fit", show=False),
        Binding("g", "flows", "Flows"),
        # the wide layout shows the orders beside the map: their keys work from anywhere
        # (the orders table's own bindings win when it has the focus)
        Binding("plus,equals_sign", "orders('change', 1)", "More", show=False, key_display="+"),
        Binding("minus,underscore", "orders('change', -1)", "Less", show=False, key_display="-"),
        Binding("0", "orders('zero')", "Zero", show=False),
        Binding("greater_than_sign", f"orders('change', {BIG_STEP})", "×5", show=False),
        Binding("less_than_sign", f"orders('change', {-BIG_STEP})", "-5", show=False),
        Binding("a", "orders('all')", "All", show=False),
        *[Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(TABS, 1)],
        *[Binding(key, f"layer('{layer}')", show=False) for key, layer in LAYER_KEYS.items()],
    ]

    class GameOver(Message):
        """The term is played or the game ended early: the app shows the end screen."""

    chosen: reactive[int] = reactive(0, init=False)
    #: whether the wide (120×40 and up) layout is composed
    wide = False

    @property
    def balloon(self) -> GameHost:
        return cast("GameHost", self.app)

    def compose(self) -> ComposeResult:
        self.wide = is_wide(self.app.size)
        yield Static(id="topbar")
        setup = self.balloon.setup
        layout = map_for(self.balloon.content.maps, setup.world.region_ids)
        yield from (compose_wide if self.wide else compose_tabbed)(setup, layout)
        yield GuideBox()
        yield KeyBar()

    def on_mount(self) -> None:
        self.fill_widgets()

    async def on_resize(self, event: events.Resize) -> None:
        """Switch between the tabbed and the wide layout when the terminal crosses 120×40."""
        if is_wide(event.size) != self.wide:
            await self.recompose()
            self.fill_widgets()

    def fill_widgets(self) -> None:
        """Set up and fill the widgets of whichever layout was composed."""
        table = self.query_one("#regions-table", DataTable)
        for heading, width in region_headings():
            table.add_column(heading, width=width)
        self.refresh_all()
        self.query_one(RegionMap).focus()

    # --- drawing ---------------------------------------------------------------------

    def refresh_all(self) -> None:
        """Redraw every view from the game and the draft orders."""
        self.refresh_regions()
        self.refresh_orders([])
        summaries = [self.balloon.game.start_summary] + [
            h.summary for h in self.balloon.game.history
        ]
        self.query_one(NationalPanel).show(summaries)
        # plain Text: a line can name a save file, whose name is anyone's text
        log = Text("\n".join(reversed(self.balloon.log_lines)))
        self.query_one("#log-text", Static).update(log)

    def refresh_topbar(self) -> None:
        app = self.balloon
        game = app.game
        b = budget(app.setup, game.state, app.orders)
        quarter = app.setup.world.quarter_label(game.turn)
        left = Text(money(b.left), style="bold red" if b.left < 0 else "bold")
        bar = Text.assemble(
            (f" {quarter}", "bold"),
            # the cost is the orders panel's (Cost … of …): the bar keeps to 80 columns
            f" · {played_text(game.turn, app.setup.world.turns)}  Budget {money(b.available)}",
            "  left ",
            left,
            f"  {APPROVAL.title} {APPROVAL.fmt.number(float(game.state.approval[0]))}",
            f"  {score_text(app.score)}",
        )
        self.query_one("#topbar", Static).update(bar)

    def refresh_regions(self) -> None:
        app = self.balloon
        state = app.game.state
        world = app.setup.world
        values = [region_metric(state, m.key)[0] for m in REGION_COLUMNS]
        coca, previous = values[0], app.previous_coca
        table = self.query_one("#regions-table", DataTable)
        for i, name in enumerate(world.region_names):
            change = (coca[i] / previous[i] - 1) * 100 if previous[i] > 0 else 0.0
            numbers = [m.fmt.number(v[i]) for m, v in zip(REGION_COLUMNS, values, strict=True)]
            numbers.insert(1, f"{signed(change)}%")
            cells = (f" {name}", *(Text(n, justify="right") for n in numbers))
            if i < table.row_count:
                for x, cell in enumerate(cells):
                    table.update_cell_at((i, x), cell)
            else:
                table.add_row(*cells)
        drop_stale_renders(table)
        table.move_cursor(row=self.chosen, animate=False)
        self.refresh_map()

    def refresh_map(self) -> None:
        app = self.balloon
        region_map = self.query_one(RegionMap)
        region_map.selected = self.chosen
        region_map.show(
            app.game.state, interdiction_by_route(app.setup, app.orders), app.game.grower_flows()
        )
        line = Text.assemble(
            " Layer: ",
            (METRICS[region_map.map_layer].label, "bold"),
            "  (l, or c w v i o)   good ",
            *legend(self.app.no_color),
            " bad  ",
            flows_legend(region_map.show_flows),
        )
        self.query_one("#layer-line", Static).update(line)

    def refresh_orders(self, refused: list[str]) -> None:
        app = self.balloon
        world = app.setup.world
        short = shortfall(app.setup, app.game.state, app.orders)
        self.query_one(OrdersTable).show(app.orders, self.chosen, over=short is not None)
        b = budget(app.setup, app.game.state, app.orders)
        left = cents_down(b.left)
        head = Text.assemble(
            " Orders for ",
            (world.region_names[self.chosen], "bold"),
            "  left " if self.wide else "  ([ ] region)  left ",
            (money(left, 2), "bold red" if short is not None else "bold green"),
        )
        self.query_one("#orders-head", Static).update(head)
        reasons = refused or refusal_reasons(world, app.game.state, app.orders)
        text = Text()
        if short is not None and not refused:
            text.append("Over budget: ", style="bold red")
            text.append(f"{short.what()}. {short.remedy(0 if self.wide else 1)}.")
            others = [r for r in reasons if not r.startswith("budget:")]
            if others:
                text.append(" Also: " + "; ".join(others))
        elif reasons:
            text.append("Refused: " if refused else "Cannot end turn: ", style="bold red")
            text.append("; ".join(reasons))
        else:
            text.append(
                f"Cost {money(b.cost)} of {money(b.available)}; money not spent is lost "
                "at the quarter's end.",
                style="dim",
            )
        text.append("\n+/- step  >/< ×5  a all  0 none  ⏎ type amount", style="dim")
        self.query_one("#refusal", Static).update(text)
        self.refresh_topbar()
        self.refresh_map()

    # --- reacting to widgets ----------------------------------------------------------

    def watch_chosen(self) -> None:
        self.query_one("#regions-table", DataTable).move_cursor(row=self.chosen, animate=False)
        self.refresh_orders([])

    def on_orders_table_edit(self, message: OrdersTable.Edit) -> None:
        """Make the edit on the app's draft as it is now: keys typed ahead each edit the
        orders the one before made, however far behind the drawing is."""
        app = self.balloon
        setup, state = app.setup, app.game.state
        if message.steps == "all":
            orders, refused = all_of_lever(setup, state, app.orders, message.lever)
        else:
            orders, refused = edit_lever(setup, state, app.orders, message.lever, message.steps)
        self.take_edit(orders, refused)

    def take_edit(self, orders: Orders, refused: list[str]) -> None:
        """Adopt edited orders, or show why an edit was refused (the draft unchanged)."""
        app = self.balloon
        if orders is app.orders and not refused:
            return
        app.orders = orders
        self.refresh_orders(refused)
        if refused:
            self.notify("; ".join(refused), title="Refused", severity="warning", markup=False)

    def on_orders_table_type_amount(self, message: OrdersTable.TypeAmount) -> None:
        """Open the amount field under the orders, for the lever the player is on."""
        for old in self.query(AmountField):
            old.remove()
        table = self.query_one(OrdersTable)
        value = lever_value(self.balloon.orders, message.lever)
        table.parent.mount(AmountField(message.lever, value), after=table)  # type: ignore[union-attr]

    def on_amount_field_typed(self, message: AmountField.Typed) -> None:
        """Set the amount typed, or keep the field open with the reason it was refused."""
        app = self.balloon
        lever = message.field.lever
        orders, reason = typed_amount(app.setup, app.game.state, app.orders, lever, message.text)
        if reason is not None:
            message.field.refuse(reason)
            return
        self.close_amount_field()
        self.take_edit(orders, [])

    def on_amount_field_closed(self, _: AmountField.Closed) -> None:
        self.close_amount_field()

    def close_amount_field(self) -> None:
        for field in self.query(AmountField):
            field.remove()
        self.query_one(OrdersTable).focus()

    def action_trim(self) -> None:
        """The player's choice: cut every money order by one share so the draft fits."""
        app = self.balloon
        short = shortfall(app.setup, app.game.state, app.orders)
        if short is None:
            self.notify("The orders fit the budget: nothing to trim.")
            return
        app.orders = trim_to_fit(app.setup, app.game.state, app.orders)
        self.refresh_orders([])
        app.note(f"Money orders trimmed by {short.trim_share:.1%} to fit the budget.")
        self.notify(f"Every money order cut by {short.trim_share:.1%}.", title="Trimmed to fit")

    def on_orders_table_region_step(self, message: OrdersTable.RegionStep) -> None:
        self.chosen = (self.chosen + message.step) % self.balloon.setup.world.regions

    def on_region_map_region_clicked(self, message: RegionMap.RegionClicked) -> None:
        self.chosen = message.region

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        table = message.data_table
        # only the latest highlight counts: with keys typed ahead, an older one arrives
        # after the cursor moved on, and following it would move the cursor back, which
        # posts another highlight — two regions chosen in turn for ever
        row = message.cursor_row
        if table.id == "regions-table" and row == table.cursor_row and row != self.chosen:
            self.chosen = row

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        if message.data_table.id == "regions-table":
            self.chosen = message.cursor_row
            self.action_region()

    def on_tabbed_content_tab_activated(self, message: TabbedContent.TabActivated) -> None:
        focus = FOCUS.get(message.pane.id or "")
        if focus:
            self.query_one(focus).focus()

    # --- actions -----------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        """Show a tab; in the wide layout every view is showing, so focus it instead."""
        if self.wide:
            self.query_one(FOCUS[tab]).focus()
        else:
            self.query_one(TabbedContent).active = tab

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The orders' keys away from the orders table only where the orders are showing
        (the wide layout); in tabs, ``+`` on the map would change what cannot be seen."""
        if action == "orders":
            return self.wide
        return True

    def action_orders(self, action: str, *args: int) -> None:
        """An orders-table action on its highlighted lever, from wherever the focus is."""
        table = self.query_one(OrdersTable)
        getattr(table, f"action_{action}")(*args)

    def action_layer(self, layer: str) -> None:
        region_map = self.query_one(RegionMap)
        if region_map.map_layer != layer:
            self.post_message(self.LayerShown())
        region_map.map_layer = layer
        self.action_tab("map")
        self.refresh_map()

    def action_flows(self) -> None:
        """Show or hide last quarter's growers moving along the routes."""
        region_map = self.query_one(RegionMap)
        region_map.show_flows = not region_map.show_flows
        self.action_tab("map")
        self.refresh_map()

    def action_next_layer(self) -> None:
        current = self.query_one(RegionMap).map_layer
        self.action_layer(LAYERS[(LAYERS.index(current) + 1) % len(LAYERS)])

    def action_region(self) -> None:
        """The chosen region in detail: history charts, growers' budget, sources."""
        self.app.push_screen(RegionScreen(self.chosen))

    def action_forecast(self) -> None:
        """The next quarters played many times over with the draft orders, in a worker."""
        self.app.push_screen(ForecastScreen())

    def action_report(self) -> None:
        if self.balloon.last_report is None:
            self.notify("No report yet: end a turn first.")
            return
        self.app.push_screen(self.balloon.last_report(self.chosen))

    def unanswered(self) -> list[int]:
        return self.balloon.game.unanswered_events(self.balloon.orders)

    def ask_events(
        self,
        indices: list[int],
        then: Callable[[], None] | None = None,
        asked: int = 0,
        total: int | None = None,
    ) -> None:
        """Ask each pending event in turn ("1 of 2" when several wait), then carry on
        with ``then``."""
        total = len(indices) if total is None else total
        if not indices:
            if then is not None:
                then()
            return
        app = self.balloon
        spec = app.setup.event_specs[indices[0]]

        def answered(choice: int | None) -> None:
            index = (
                choice if choice is not None else app.setup.events.events[indices[0]].default_choice
            )
            app.orders = app.orders.with_choice(spec.id, index)
            app.note(f"You answered “{spec.title}”: {spec.choices[index].label}")
            self.refresh_all()
            self.ask_events(indices[1:], then, asked + 1, total)

        quarter = app.setup.world.quarter_label(max(app.game.turn - 1, 0))
        outlook = event_outlook(app.setup, app.game.state, app.orders, indices[0])
        screen = event_screen(self.app, AskedEvent(spec, quarter, asked + 1, total, outlook))
        self.app.push_screen(screen, answered)

    def action_end_turn(self) -> None:
        app = self.balloon
        game = app.game
        if game.over:
            self.post_message(self.GameOver())
            return
        pending = self.unanswered()
        if pending:
            self.ask_events(pending, then=self.action_end_turn)
            return
        reasons = refusal_reasons(app.setup.world, game.state, app.orders)
        if reasons:
            self.refresh_orders([])
            self.action_tab("orders")
            short = shortfall(app.setup, game.state, app.orders)
            if short is not None:
                others = [r for r in reasons if not r.startswith("budget:")]
                reasons = [f"{short.what()}; {short.remedy(1)}", *others]
            self.notify("; ".join(reasons), title="Orders refused", severity="error", markup=False)
            return
        # a call, not a message: keys typed after ``e`` must find the report up, as
        # they did, and the orders played must be those drafted when ``e`` was pressed
        try:
            app.end_turn()
        except OrdersRefused as exc:
            self.notify(str(exc), title="Orders refused", severity="error")
            return
        self.refresh_all()
        report = app.last_report
        if report is not None:
            self.app.push_screen(report(self.chosen), callback=self.after_report)

    def after_report(self, _: None = None) -> None:
        if self.balloon.game.over:
            self.post_message(self.GameOver())
            return
        short = self.balloon.carried_short
        if short is not None:
            self.notify(
                f"Last quarter's {short.what()}. {short.remedy(1)}.",
                title="The budget fell",
                severity="warning",
                markup=False,
            )
        self.ask_events(self.unanswered())


ReportFactory = Callable[[int], ReportScreen]
