"""The forecast screen: 200 futures of the next 8 quarters with the orders as drafted.

The engine runs in a Textual worker thread, so the screen (and the app) keep answering
keys while it works; escape cancels it between quarters. The result is drawn as the
p10–p90 band of national coca and welfare per quarter, with the mean, because a single
line would promise a precision the model does not have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from ...engine.final import PLAY_ON_QUARTERS
from ...engine.orders import OrdersRefused
from ...sim.forecast import FORECAST_METRICS, RUNS, TURNS, Forecast, run_forecast
from ..view import CHART_STYLE, resolution
from ..widgets.chart import BandChart
from ..widgets.footer import KeyBar
from .ready import DrawnOnMount

if TYPE_CHECKING:
    from ..host import GameHost


class Cancelled(Exception):
    """Raised inside the worker when the player left the screen before it finished."""


def short_quarter(label: str) -> str:
    """ "Q2 2023" → "Q2'23", so eight quarters fit across 80 columns."""
    return f"{label[:2]}'{label[-2:]}" if len(label) >= 4 else label


class ForecastScreen(DrawnOnMount, Screen[None]):
    """Runs the forecast on mount; escape leaves (and cancels a forecast still running)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f,q", "dismiss", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.result: Forecast | None = None
        self.error: str | None = None

    @property
    def balloon(self) -> GameHost:
        return cast("GameHost", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="forecast-title")
        # the batch also plays on past the horizon to score its runs (run_batch's progress)
        total = TURNS + PLAY_ON_QUARTERS
        yield ProgressBar(total=total, show_eta=False, id="forecast-progress")
        with VerticalScroll(id="forecast-body"):
            for metric in FORECAST_METRICS:
                fmt, colour = CHART_STYLE[metric.key]
                chart = BandChart(
                    fmt,
                    colour,
                    resolution(metric.key),
                    id=f"band-{metric.key}",
                    classes="band-chart",
                )
                chart.border_title = f"{metric.heading}, national · p10–p90 band, ━ mean"
                yield chart
            yield Static(id="forecast-note")
        yield KeyBar()

    def draw(self) -> None:
        app = self.balloon
        quarter = app.setup.world.quarter_label(app.game.turn)
        self.query_one("#forecast-title", Static).update(
            Text.assemble(
                (" Forecast", "bold"),
                f" from {quarter} · {RUNS} futures × {TURNS} quarters with your draft orders",
            )
        )
        self.compute()

    @work(thread=True, exclusive=True, group="forecast", exit_on_error=False)
    def compute(self) -> Forecast:
        """Play the futures off the UI thread; the state is copied first (the orders are a
        value: the player's edits meanwhile make new orders, not change these)."""
        app = self.balloon
        worker = get_current_worker()
        state, orders = app.game.state.copy(), app.orders
        bar = self.query_one("#forecast-progress", ProgressBar)

        def progress(turns: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            self.app.call_from_thread(bar.advance, turns)

        return run_forecast(app.setup, state, orders, app.game.seed, progress=progress)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "forecast":
            return
        if event.state == WorkerState.SUCCESS:
            self.show(cast("Forecast", event.worker.result))
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            reason = str(error) if isinstance(error, OrdersRefused) else repr(error)
            self.error = reason
            self.query_one("#forecast-note", Static).update(
                Text.assemble(("No forecast: ", "bold red"), reason)
            )
            self.query_one("#forecast-progress").display = False

    def show(self, result: Forecast) -> None:
        self.result = result
        self.query_one("#forecast-progress").display = False
        labels = ["now", *[short_quarter(q) for q in result.quarters[1:]]]
        note = Text(f" In {result.quarters[-1]}, 8 futures in 10: ")
        for n, metric in enumerate(FORECAST_METRICS):
            key, fmt = metric.key, metric.fmt
            self.query_one(f"#band-{key}", BandChart).show(
                result.p10[key], result.mean[key], result.p90[key], labels
            )
            low, high = result.p10[key][-1], result.p90[key][-1]
            note.append(f"{', ' if n else ''}{metric.label} ")
            note.append(fmt.with_unit(f"{fmt.number(low)}–{fmt.number(high)}"), "bold")
        if result.ended_share > 0:
            note.append(f"; the game ends early in {result.ended_share:.0%}", "bold red")
        self.query_one("#forecast-note", Static).update(note)
