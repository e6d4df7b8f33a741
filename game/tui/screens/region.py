"""Region detail: its history as charts, its growers' household budget, its sources.

The household budget is the point of the screen: it shows, per hectare and year, what
coca pays after the risk of losing the crop, the growing costs and the armed remnant's
tax, against what licit crops pay — the comparison the model's growers make when they
plant or abandon coca. Everything is read from the engine; nothing is decided here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...sim.household import household_budget, region_sources
from ...sim.region_history import HISTORY_METRICS
from ..view import CHART_STYLE, resolution, signed
from ..widgets.chart import Chart
from ..widgets.footer import KeyBar
from .ready import DrawnOnMount

if TYPE_CHECKING:
    from ..host import GameHost


def usd(value: float) -> str:
    return f"${value:,.0f}".replace("$-", "−$")


def figure(value: float) -> str:
    """A sourced figure as a person writes it: 35,700 rather than 3.57e+04."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


class RegionScreen(DrawnOnMount, Screen[None]):
    """One region in depth; ``[``/``]`` step through the regions, escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,d,q", "dismiss", "Back"),
        Binding("left_square_bracket", "region(-1)", "Prev region", show=False),
        Binding("right_square_bracket", "region(1)", "Region", key_display="[ ]"),
    ]

    def __init__(self, region: int) -> None:
        super().__init__()
        self.chosen = region

    @property
    def balloon(self) -> GameHost:
        return cast("GameHost", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="region-title")
        with VerticalScroll(id="region-body"):
            with Grid(id="region-charts"):
                for metric in HISTORY_METRICS:
                    fmt, colour = CHART_STYLE[metric.key]
                    yield Chart(
                        fmt,
                        colour,
                        resolution(metric.key),
                        id=f"chart-{metric.key}",
                        classes="region-chart",
                    )
            with Horizontal(id="region-lower"):
                yield Static(id="household")
                yield Static(id="region-about")
        yield KeyBar()

    def draw(self) -> None:
        self.query_one("#household").border_title = "Growers' year on a hectare"
        self.query_one("#region-about").border_title = "About · sources"
        self.show_region()

    def show_region(self) -> None:
        app = self.balloon
        game = app.game
        world = app.setup.world
        name = world.region_names[self.chosen]
        quarter = world.quarter_label(game.turn)
        self.query_one("#region-title", Static).update(
            Text.assemble(
                (f" {name}", "bold"),
                f" · {quarter} · {self.chosen + 1}/{world.regions}",
                ("   [ ] other regions · esc back", "dim"),
            )
        )
        history = app.region_history
        for metric in HISTORY_METRICS:
            values = history.series(game, metric.key, self.chosen)
            chart = self.query_one(f"#chart-{metric.key}", Chart)
            # the change carries the unit: a heading's "(per 100k/yr)" does not fit 80 columns
            change = metric.fmt.with_unit(signed(values[-1] - values[0], metric.fmt.digits))
            chart.border_title = f"{metric.title} {change} since start"
            chart.show(values)
        self.query_one("#household", Static).update(self.budget_table())
        self.query_one("#region-about", Static).update(self.about())

    def budget_table(self) -> Table | Text:
        app = self.balloon
        if not bool(app.setup.world.grows_coca[self.chosen]):
            return Text(
                "No coca grows here. The region matters for what passes through it: "
                "interdiction on its routes and ports.",
                style="dim",
            )
        b = household_budget(app.setup, app.game.state, self.chosen)
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_row(f"Leaf ${b.price:.2f}/kg × {b.yield_kg:,.0f} kg", usd(b.gross))
        table.add_row("Growing costs", Text(usd(-b.costs), "red"))
        table.add_row("Armed remnant's tax", Text(usd(-b.tax), "red"))
        table.add_row(Text("Coca pays", "bold"), Text(usd(b.coca), "bold"))
        table.add_row(Text("Licit crops pay", "bold"), Text(usd(b.licit), "bold"))
        verdict = (
            f"coca pays {b.ratio:.1f}× licit"
            if b.coca >= b.licit
            else f"licit pays {max(b.licit, 50) / max(b.coca, 50):.1f}× coca"
        )
        table.add_row(Text(verdict, "italic"), "")
        table.add_row(f"Eradication {b.risk:.0%} a year", Text(f"deters {b.deterrence:.0%}", "red"))
        table.add_row(f"Coca on {b.share:.0%} of farmland,", f"want {b.target_share:.0%}")
        return table

    def about(self) -> Text:
        app = self.balloon
        spec = app.setup.scenario.regions[self.chosen]
        text = Text(" ".join(spec.description.split()) + "\n")
        sources = region_sources(app.content.facts, app.setup, self.chosen)
        if not sources:
            text.append("\nNo sourced figures: this region's numbers are assumptions.", "dim")
        for _, fact in sources:
            text.append("\n• ")
            text.append(f"{fact.what}: {figure(fact.value)} {fact.unit}", "bold")
            text.append(
                f" — {fact.source.title}, {fact.source.publisher} {fact.source.year}", "dim"
            )
        return text

    def action_region(self, step: int) -> None:
        self.chosen = (self.chosen + step) % self.balloon.setup.world.regions
        # a key typed right after the one that opened the screen can come before its
        # compose (see ``ready``): then ``on_mount`` shows the region chosen here
        if self.is_mounted:
            self.show_region()
