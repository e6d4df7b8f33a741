"""The quarterly report: the headlines beside what happened, and why a number moved.

The "why" is the engine's ledger for one region and one measure, drawn as a bar list;
``[``/``]`` step through the regions and ``m`` through the measures, so any number on
the report can be traced to the mechanisms that moved it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine import TurnResult
from ...loader import GameSetup
from ..view import BREAKDOWN_VARS, bar, breakdown, good_or_bad, signed


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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#press").border_title = "What the press sees"
        self.query_one("#reality").border_title = "What happened"
        self.show_why()

    def delta(self, key: str) -> float:
        return self.after[key] - self.before[key]

    def press(self) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column()
        table.add_column(justify="right")
        table.add_column(justify="right", style="dim")
        captures = float(self.result.state.captures[0])
        table.add_row("Seized", f"{self.delta('seized_t'):,.1f} t", "")
        table.add_row("Eradicated", f"{self.delta('eradicated_ha'):,.0f} ha", "")
        table.add_row("Captures", f"{captures:g}", "")
        table.add_row(
            "Approval", f"{self.after['approval']:.0f}", f"({signed(self.delta('approval'))})"
        )
        table.add_row(
            "Support", f"{self.after['support']:.0f}", f"({signed(self.delta('support'))})"
        )
        return table

    def reality(self) -> Table:
        flows = self.result.flows
        names = self.setup.world.region_names
        table = Table.grid(padding=(0, 1))
        table.add_column()
        table.add_column(justify="right")
        table.add_column(justify="right", style="dim")
        a = self.after
        table.add_row("Coca", f"{a['coca_ha']:,.0f} ha", f"({signed(self.delta('coca_ha'))})")
        table.add_row(
            "Cocaine made", f"{a['cocaine_t']:,.0f} t", f"({signed(self.delta('cocaine_t'))})"
        )
        moved_to = flows.moved_in_ha[0]
        moved = float(moved_to.sum())
        top = int(moved_to.argmax())
        where = f"most to {names[top]}" if moved > 0 else ""
        table.add_row("Growers moved", f"{moved:,.0f} ha", where[:22])
        table.add_row("Moved abroad", f"{float(flows.abroad_ha[0].sum()):,.0f} ha", "")
        table.add_row("Welfare", f"{a['welfare']:.1f}", f"({signed(self.delta('welfare'), 1)})")
        table.add_row("Violence", f"{a['violence']:.1f}", f"({signed(self.delta('violence'), 1)})")
        table.add_row(
            "Forest lost",
            f"{a['forest_lost_ha']:,.0f} ha",
            f"({signed(self.delta('forest_lost_ha'))})",
        )
        return table

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
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, max_width=34)
        table.add_column(justify="right")
        table.add_column(no_wrap=True)
        for label, value in rows:
            colour = good_or_bad(self.measure, value)
            table.add_row(label, signed(value, digits), Text(bar(value, largest, width), colour))
        if not rows:
            table.add_row(Text("no change this quarter", style="dim"), "", "")
        why.update(table)

    def action_region(self, step: int) -> None:
        self.chosen = (self.chosen + step) % self.setup.world.regions
        self.show_why()

    def action_measure(self) -> None:
        measures = list(BREAKDOWN_VARS)
        self.measure = measures[(measures.index(self.measure) + 1) % len(measures)]
        self.show_why()
