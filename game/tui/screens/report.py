"""The quarterly report: the headlines beside what happened, and why a number moved.

The "why" is the engine's ledger for one region and one measure, drawn as a bar list;
``[``/``]`` step through the regions and ``m`` through the measures, so any number on
the report can be traced to the mechanisms that moved it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Static

from ...engine import TurnResult
from ...loader import GameSetup
from ..view import BREAKDOWN_VARS, Cell, bar, breakdown, good_or_bad, signed, text_grid
from ..widgets.footer import KeyBar

#: label, value, change (dim); and the widest label of the breakdown
COLUMNS, STYLES = ("left", "right", "right"), ("", "", "dim")
LABEL = 34


class ReportScreen(Screen[None]):
    """One quarter's report; dismissed back to the main screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Back"),
        Binding("left_square_bracket", "region(-1)", "Prev region", show=False),
        Binding("right_square_bracket", "region(1)", "Region", key_display="[ ]"),
        Binding("m", "measure", "Measure"),
    ]

    def __init__(
        self,
        setup: GameSetup,
        result: TurnResult,
        before: dict[str, float],
        after: dict[str, float],
        region: int,
    ) -> None:
        super().__init__()
        self.setup = setup
        self.result = result
        self.before, self.after = before, after
        self.chosen = region
        self.measure = "coca"

    def compose(self) -> ComposeResult:
        quarter = self.setup.world.quarter_label(self.result.state.turn - 1)
        yield Static(f" Quarterly report · {quarter}", id="report-title")
        with Horizontal(id="report-top"):
            yield Static(self.press(), id="press")
            yield Static(self.reality(), id="reality")
        yield Static(id="why")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#press").border_title = "What the press sees"
        self.query_one("#reality").border_title = "What happened"
        self.show_why()

    def delta(self, key: str) -> float:
        return self.after[key] - self.before[key]

    def press(self) -> Text:
        captures = float(self.result.state.captures[0])
        rows: list[tuple[Cell, ...]] = [
            ("Seized", f"{self.delta('seized_t'):,.1f} t", ""),
            ("Eradicated", f"{self.delta('eradicated_ha'):,.0f} ha", ""),
            ("Captures", f"{captures:g}", ""),
            ("Approval", f"{self.after['approval']:.0f}", f"({signed(self.delta('approval'))})"),
            ("Support", f"{self.after['support']:.0f}", f"({signed(self.delta('support'))})"),
        ]
        return text_grid(rows, COLUMNS, STYLES)

    def reality(self) -> Text:
        flows = self.result.flows
        names = self.setup.world.region_names
        a = self.after
        moved_to = flows.moves[0].sum(axis=0)
        moved = float(moved_to.sum())
        top = int(moved_to.argmax())
        where = f"most to {names[top]}" if moved > 0 else ""
        rows: list[tuple[Cell, ...]] = [
            ("Coca", f"{a['coca_ha']:,.0f} ha", f"({signed(self.delta('coca_ha'))})"),
            ("Cocaine made", f"{a['cocaine_t']:,.0f} t", f"({signed(self.delta('cocaine_t'))})"),
            ("Growers moved", f"{moved:,.0f} ha", where[:22]),
            ("Moved abroad", f"{float(flows.abroad_ha[0].sum()):,.0f} ha", ""),
            ("Welfare", f"{a['welfare']:.1f}", f"({signed(self.delta('welfare'), 1)})"),
            ("Violence", f"{a['violence']:.1f}", f"({signed(self.delta('violence'), 1)})"),
            (
                "Forest lost",
                f"{a['forest_lost_ha']:,.0f} ha",
                f"({signed(self.delta('forest_lost_ha'))})",
            ),
        ]
        return text_grid(rows, COLUMNS, STYLES)

    def show_why(self) -> None:
        """Draw the causal breakdown of the chosen measure in the chosen region."""
        rows = breakdown(self.result.ledger, self.measure, self.chosen)
        name = self.setup.world.region_names[self.chosen]
        total = sum(v for _, v in rows)
        digits = 0 if self.measure in ("coca", "forest lost") else 2
        why = self.query_one("#why", Static)
        unit = " ha" if digits == 0 else ""
        why.border_title = f"Why · {self.measure} in {name} · {signed(total, digits)}{unit}"
        width = max(self.size.width - 52, 10)
        largest = max((abs(v) for _, v in rows), default=0.0)
        lines: list[tuple[Cell, ...]] = [
            (
                label if len(label) <= LABEL else label[: LABEL - 1] + "…",
                signed(value, digits),
                Text(bar(value, largest, width), good_or_bad(self.measure, value)),
            )
            for label, value in rows
        ]
        if not lines:
            lines = [(Text("no change this quarter", style="dim"),)]
        why.update(text_grid(lines, ("left", "right", "left")))

    def action_region(self, step: int) -> None:
        self.chosen = (self.chosen + step) % self.setup.world.regions
        self.show_why()

    def action_measure(self) -> None:
        measures = list(BREAKDOWN_VARS)
        self.measure = measures[(measures.index(self.measure) + 1) % len(measures)]
        self.show_why()
