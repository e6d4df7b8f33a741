"""The end of the game: the report card, the score, and the player's years set against
what doing nothing would have produced.

"Doing nothing" is a batch of status-quo futures from the very same start, computed and
compared headless (``game.sim.futures``) in a thread worker, so that the screen is up and
answering keys while the futures run; the screen only draws the comparison.

``d`` writes the after-action report (``game.debrief``) next to the saves, under a name
no file has yet, and says where; it too runs in a thread worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, cast

import numpy as np
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from ...engine.metrics import SCORE
from ...engine.score import WEIGHTS, report_card
from ...loader import Content
from ...outfiles import write_text
from ...progress import how_it_ended, score_number
from ...session import Game
from ...sim.batch import BatchResult
from ...sim.futures import FUTURES, compare_with_futures, percentile_of, status_quo_futures
from ..view import bar
from ..widgets.footer import KeyBar
from .once import DismissOnce
from .ready import DrawnOnMount


def card_table(game: Game) -> Table:
    """Grade of each dimension (0–100) with its weight and a bar."""
    card = report_card(game.setup.world, game.state)
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    table.add_column(justify="right", style="dim")
    table.add_column(no_wrap=True)
    for name, grades in card.items():
        grade = float(grades[0])
        colour = "green" if grade >= 60 else "yellow" if grade >= 40 else "red"
        table.add_row(
            name[0].upper() + name[1:].replace("indigenous", "Indigenous"),
            f"{grade:.0f}",
            f"×{WEIGHTS[name]:.2f}",
            Text(bar(grade, 100.0, 20), colour),
        )
    return table


class EndScreen(DrawnOnMount, DismissOnce, Screen[str | None]):
    """Dismisses with "title", "load" or None (back to the last quarter's main screen)."""

    DEFAULT_CSS = """
    #end-title { height: 1; background: $panel; }
    #end-card, #end-compare {
        height: auto; border: round $primary; padding: 0 1;
    }
    #end-compare { border: round $accent; }
    #end-verdict, #end-debrief { height: auto; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "debrief", "Debrief"),
        Binding("t", "leave('title')", "Title screen"),
        Binding("ctrl+o", "leave('load')", "Load", key_display="^o"),
        Binding("escape", "leave(None)", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, game: Game, content: Content, saves_folder: Path | None = None) -> None:
        super().__init__()
        self.game = game
        self.content = content
        self.saves_folder = saves_folder
        self.futures: BatchResult | None = None
        #: the debrief's files, once written
        self.debrief: list[Path] = []
        self.score = game.final_score()

    def compose(self) -> ComposeResult:
        game = self.game
        yield Static(
            Text.assemble(
                (" The end · ", "bold"),
                how_it_ended(game),
                (f"   {SCORE.title} ", "bold"),
                (score_number(self.score), "bold reverse"),
            ),
            id="end-title",
        )
        yield Static(card_table(game), id="end-card")
        playing = Text(f"Playing {FUTURES} status-quo futures from your start…")
        yield Static(playing, id="end-compare")
        yield Static("", id="end-verdict")
        yield Static("", id="end-debrief")
        yield KeyBar()

    def draw(self) -> None:
        self.query_one(
            "#end-card"
        ).border_title = "Report card (0 worst · 50 as at the start · 100 best)"
        self.query_one("#end-compare").border_title = "Your years vs doing nothing"
        self.run_worker(
            lambda: status_quo_futures(self.game, self.content),
            thread=True,
            name="futures",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "debrief":
            self.debrief_done(event)
            return
        if event.worker.name != "futures":
            return
        if event.state == WorkerState.SUCCESS:
            self.futures = cast(BatchResult, event.worker.result)
            self.show_futures(self.futures)
        elif event.state == WorkerState.ERROR:
            self.query_one("#end-compare", Static).update(
                Text(f"The status-quo futures could not be run: {event.worker.error}", "red")
            )

    def show_futures(self, futures: BatchResult) -> None:
        """The player's last quarter beside the status quo's p10–p90 at the same quarter."""
        table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")
        table.add_column("", no_wrap=True)
        table.add_column("At start", justify="right", style="dim")
        table.add_column("You", justify="right")
        table.add_column("Status quo p10–p90", justify="right")
        table.add_column("", no_wrap=True)
        verdicts = {
            1: Text("better", "bold green"),
            -1: Text("worse", "bold red"),
            0: Text("no different", "dim"),
        }
        for row in compare_with_futures(self.game, futures):
            number = row.metric.fmt.number
            table.add_row(
                row.metric.heading,
                number(row.start),
                number(row.mine),
                f"{number(row.low)} – {number(row.high)}",
                verdicts[row.verdict],
            )
        compare = self.query_one("#end-compare", Static)
        compare.border_title = f"Your years vs {futures.runs} status-quo futures, same start"
        compare.update(table)
        scores = futures.score
        share = percentile_of(self.score, scores)
        p10, p90 = np.quantile(scores, (0.1, 0.9))
        self.query_one("#end-verdict", Static).update(
            Text.assemble(
                "Your score — the card's weighted grade averaged over the term and two "
                "years more of your last orders (0 for quarters after an early end) — beats ",
                (f"{share:.0f}%", "bold"),
                f" of the futures where nothing changed (their p10–p90: {p10:.1f}–{p90:.1f}).",
            )
        )

    def action_debrief(self) -> None:
        """Write the debrief (HTML and Markdown, or Markdown alone without matplotlib)."""
        if any(w.name == "debrief" and w.is_running for w in self.workers):
            return
        self.query_one("#end-debrief", Static).update(Text("Writing the debrief…"))
        self.run_worker(self.write_debrief, thread=True, name="debrief", exit_on_error=False)

    def write_debrief(self) -> tuple[list[Path], bool]:
        """The files written and whether the HTML could be; never over an existing file."""
        from ...debrief import fresh_stem, write_texts
        from ...debrief.charts import available
        from ...saves import saves_dir

        folder = self.saves_folder or saves_dir()
        folder.mkdir(parents=True, exist_ok=True)
        html = available()
        written = write_texts(self.game, self.content, html=html, futures=self.futures)
        stem = fresh_stem(folder, self.game)
        paths = [stem.with_name(stem.name + ".md")]
        write_text(paths[0], written.markdown)
        if written.html is not None:
            paths.insert(0, stem.with_name(stem.name + ".html"))
            write_text(paths[0], written.html)
        return paths, html

    def debrief_done(self, event: Worker.StateChanged) -> None:
        line = self.query_one("#end-debrief", Static)
        if event.state == WorkerState.SUCCESS:
            paths, html = cast(tuple[list[Path], bool], event.worker.result)
            self.debrief = paths
            text = Text("Debrief written to ")
            text.append(" and ".join(str(p) for p in paths), "bold")
            if not html:
                from ...debrief.charts import INSTALL

                text.append(f" (the HTML version needs matplotlib: {INSTALL})", "dim")
            line.update(text)
        elif event.state == WorkerState.ERROR:
            line.update(Text(f"The debrief could not be written: {event.worker.error}", "red"))

    def action_leave(self, where: str | None) -> None:
        self.dismiss(where)
