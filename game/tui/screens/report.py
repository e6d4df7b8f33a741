"""The quarterly report: the headlines beside what happened, and why a number moved.

The "why" is the engine's account of one measure's change, drawn as a bar list: a
national figure (approval first, since approval ends the game) or a measure in one
region; ``m`` steps through the measures and ``[``/``]`` through the regions, so any
number on the report can be traced to the mechanisms that moved it. The parts are
computed headless (``engine.why``) and sum to the change shown.

One report screen serves the whole game: the app keeps it installed and refills it each
quarter (``show``) rather than building a new one, which cost a compose, a restyle and a
layout of every widget in each end turn and left the old screen as garbage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from ...engine import TurnResult
from ...engine.metrics import AREA, METRICS
from ...loader import GameSetup
from ...tutorial import growers_moved
from ..textual_private import LaidOutOnce
from ..view import (
    REPORT_MEASURES,
    Cell,
    arrivals,
    bar,
    breakdown,
    good_or_bad,
    headlines,
    national_breakdown,
    signed,
    signed_with_unit,
    text_grid,
)
from ..widgets.footer import KeyBar
from ..widgets.guide import GuideBox
from .ready import DrawnOnMount

#: label, value, change (dim)
COLUMNS, STYLES = ("left", "right", "right"), ("", "", "dim")


class WhyPanel(Static):
    """The why's box: drawn again when its size changes (more measures fit a taller box,
    longer bars a wider one)."""

    def on_resize(self, event: events.Resize) -> None:
        screen = self.screen
        if isinstance(screen, ReportScreen) and event.size != screen.why_drawn_for:
            screen.show_why()


@dataclass(frozen=True)
class QuarterReport:
    """What a quarter's report is drawn from: the game's setup, the turn's result, and the
    national summaries before and after it."""

    setup: GameSetup
    result: TurnResult
    before: dict[str, float]
    after: dict[str, float]


class ReportScreen(DrawnOnMount, LaidOutOnce, Screen[None]):
    """One quarter's report; dismissed back to the main screen."""

    class WhyShown(Message):
        """The *why* now shows ``measure`` in ``region`` (for the guided quarter)."""

        def __init__(self, region: int, measure: str) -> None:
            super().__init__()
            self.region, self.measure = region, measure

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Back"),
        Binding("left_square_bracket", "region(-1)", "Prev region", show=False),
        Binding("right_square_bracket", "region(1)", "Region", key_display="[ ]"),
        Binding("m", "measure", "Measure"),
    ]

    def __init__(self, report: QuarterReport, region: int) -> None:
        super().__init__()
        #: the why box's size when it was last drawn (none yet)
        self.why_drawn_for = Size(-1, -1)
        self.set_quarter(report, region)

    def set_quarter(self, report: QuarterReport, region: int) -> None:
        """Report on this quarter, from its first measure, in ``region``."""
        self.setup = report.setup
        self.result = report.result
        self.before, self.after = report.before, report.after
        self.chosen = region
        self.measure, self.national = REPORT_MEASURES[0]

    def show(self, report: QuarterReport, region: int) -> None:
        """Refill the screen with another quarter's report (drawn now if it is mounted)."""
        self.set_quarter(report, region)
        if self.is_mounted:
            self.fill()

    def heading(self) -> str:
        return f" Quarterly report · {self.setup.world.quarter_label(self.result.state.turn - 1)}"

    def compose(self) -> ComposeResult:
        yield Static(id="report-title")
        with Horizontal(id="report-top"):
            yield Static(id="press")
            yield Static(id="reality")
        yield WhyPanel(id="why")
        yield GuideBox()
        yield KeyBar()

    def draw(self) -> None:
        self.query_one("#press").border_title = "What the press sees"
        self.query_one("#reality").border_title = "What happened"
        self.fill()

    def fill(self) -> None:
        """Draw the quarter's title, press, reality and why, and the guide's step."""
        self.query_one("#report-title", Static).update(self.heading())
        self.query_one("#press", Static).update(self.press())
        self.query_one("#reality", Static).update(self.reality())
        self.query_one(GuideBox).show_step(getattr(self.app, "tutorial", None))
        self.show_why()

    def delta(self, key: str) -> float:
        return self.after[key] - self.before[key]

    def flow(self, key: str, amount: float | None = None) -> tuple[Cell, ...]:
        """A running total's row: what this quarter added to it (``amount`` if the flows
        say it more exactly than the difference of two totals)."""
        metric = METRICS[key]
        added = self.delta(key) if amount is None else amount
        return (metric.title, metric.fmt.text(added), "")

    def level(self, key: str) -> tuple[Cell, ...]:
        """A level's row: where it stands and (dim) how it moved this quarter."""
        metric = METRICS[key]
        change = signed(self.delta(key), metric.fmt.digits)
        return (metric.title, metric.fmt.text(self.after[key]), f"({change})")

    def press(self) -> Text:
        captures = float(self.result.state.captures[0])
        rows: list[tuple[Cell, ...]] = [
            self.flow("seized_t"),
            self.flow("eradicated_ha"),
            ("Captures", f"{captures:g}", ""),
            self.level("approval"),
            self.level("support"),
        ]
        grid = text_grid(rows, COLUMNS, STYLES)
        news = headlines(self.result)
        if not news:
            return grid
        return Text("\n").join([*(Text(line, style="bold") for line in news), grid])

    def reality(self) -> Text:
        flows = self.result.flows
        moved, top = growers_moved(self.result)
        where = f"most to {self.setup.world.region_names[top]}" if top is not None else ""
        rows: list[tuple[Cell, ...]] = [
            self.level("coca_ha"),
            self.level("cocaine_t"),
            ("Growers moved", AREA.text(moved), where[:22]),
            self.flow("displaced_abroad_ha", float(flows.abroad_ha[0].sum())),
            self.level("welfare"),
            self.level("violence"),
            self.level("forest_lost_ha"),
        ]
        return text_grid(rows, COLUMNS, STYLES)

    def why_section(self, measure: str, national: bool) -> tuple[str, Text, int]:
        """One measure's breakdown (national, or in the chosen region): its title, its
        rows, how many rows."""
        metric = METRICS[measure]
        if national:
            rows = national_breakdown(self.setup, self.result, measure)
            where, beside = "", []
        else:
            rows = breakdown(self.setup, self.result, measure, self.chosen)
            where = f" in {self.setup.world.region_names[self.chosen]}"
            beside = arrivals(self.setup, self.result, self.chosen)
            beside = beside if measure == "coca_ha" else []
        total = sum(v for _, v in rows)
        # a quarter's parts are small: hectares whole, other figures a decimal finer
        digits = 0 if metric.unit == "ha" else metric.fmt.digits + 1
        change = signed_with_unit(metric.fmt, total, digits)
        title = f"{metric.label}{where} · {change}"
        # a part that would print as zero is not drawn (its sliver of bar said nothing);
        # the title's total still counts it, and a dim line says how many were left out
        hidden = sum(1 for _, v in rows if round(v, digits) == 0)
        rows = [(label, v) for label, v in rows if round(v, digits) != 0]
        parts = "1 part" if hidden == 1 else f"{hidden} parts"
        untold = f"and {parts} too small to show" if hidden else ""
        # whole labels (a cropped "forced eradication without altern…" said nothing); the
        # bars take the rest of the line: borders, padding, the value and two gaps
        label_w = max((len(label) for label, _ in [*rows, *beside, (untold, 0)]), default=0)
        value_w = max((len(signed(v, digits)) for _, v in rows), default=0)
        width = max(self.size.width - label_w - value_w - 8, 10)
        largest = max((abs(v) for _, v in rows), default=0.0)
        lines: list[tuple[Cell, ...]] = [
            (
                label,
                signed(value, digits),
                Text(bar(value, largest, width), good_or_bad(measure, value)),
            )
            for label, value in rows
        ]
        if untold:
            lines.append((Text(untold, style="dim"),))
        if not lines:
            lines = [(Text("no change this quarter", style="dim"),)]
        if beside:
            lines.append((Text("arrived, not yet planting:", style="dim"),))
            lines += [(label, signed(value, 0), "") for label, value in beside]
        return title, text_grid(lines, ("left", "right", "left")), len(lines)

    def show_why(self) -> None:
        """Draw the causal breakdown of the chosen measure (in the chosen region); where
        the screen is tall enough (120×40 and up), the next measures' breakdowns follow
        it while they fit, so the space tells more of the story instead of empty rows."""
        why = self.query_one("#why", Static)
        title, text, used = self.why_section(self.measure, self.national)
        why.border_title = f"Why · {title}"
        self.why_drawn_for = why.size
        room = why.size.height - 2  # inside the border (0 before the first layout)
        at = REPORT_MEASURES.index((self.measure, self.national))
        for measure, national in REPORT_MEASURES[at + 1 :] + REPORT_MEASURES[:at]:
            more_title, more, count = self.why_section(measure, national)
            if used + 2 + count > room:
                break
            text.append("\n\n")
            text.append(f"Why · {more_title}", style="bold")
            text.append("\n")
            text.append_text(more)
            used += 2 + count
        why.update(text)
        self.post_message(self.WhyShown(self.chosen, self.measure))

    def action_region(self, step: int) -> None:
        """The next region's breakdown (from a national figure: coca, in the same region)."""
        if self.national:
            self.measure, self.national = next(m for m in REPORT_MEASURES if not m[1])
        else:
            self.chosen = (self.chosen + step) % self.setup.world.regions
        self.redraw_why()

    def action_measure(self) -> None:
        i = REPORT_MEASURES.index((self.measure, self.national))
        self.measure, self.national = REPORT_MEASURES[(i + 1) % len(REPORT_MEASURES)]
        self.redraw_why()

    def redraw_why(self) -> None:
        """Draw the why chosen by a key now, if the screen has its widgets: a key typed
        right after ``e`` can come before the first report's compose (see ``ready``),
        and then ``on_mount`` draws the measure and region chosen."""
        if self.is_mounted:
            self.show_why()
