"""An event of the last quarter, asked as a modal choice with each answer's trade-off.

Each answer says what it costs and what it would leave of the budget it is charged to —
the quarter after the one being planned (``game.drafting.event_outlook``) — before the
player answers, so no answer's price is learnt afterwards.

One event screen serves every event (``event_screen``): it is kept installed and refilled
(``show``) each time, as the report is. Built fresh, each event was composed and laid out
twice, and each layout drew the whole dimmed main screen behind it again: two thirds of
the wait from closing the report to the event asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...drafting import EventOutlook
from ...schema import EventSpec
from ..textual_private import LaidOutOnce
from ..widgets.choices import Choices
from .kept import kept_screen
from .once import DismissOnce

#: The name the event screen is installed under.
EVENT = "event"


@dataclass(frozen=True)
class AskedEvent:
    """One event as it is asked: which, in which quarter, its place among those waiting
    (``position`` of ``total``), and the budget its answers are charged to (None: not shown)."""

    spec: EventSpec
    quarter: str
    position: int = 1
    total: int = 1
    outlook: EventOutlook | None = None


class EventScreen(LaidOutOnce, DismissOnce, ModalScreen[int]):
    """Dismisses with the index of the chosen answer; there is no way round answering."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)
    ]
    #: focused when shown (an on_mount query fails if a queued key closed it first)
    AUTO_FOCUS = "OptionList"

    def __init__(self, asked: AskedEvent) -> None:
        super().__init__()
        self.set_event(asked)

    def set_event(self, asked: AskedEvent) -> None:
        """Ask this event; not yet answered."""
        self.asked = asked
        self.spec = asked.spec
        self.outlook = asked.outlook
        self._dismissed_once = False

    def show(self, asked: AskedEvent) -> None:
        """Refill the screen with another event (drawn now if it is mounted)."""
        self.set_event(asked)
        if self.is_mounted:
            self.fill()

    def compose(self) -> ComposeResult:
        with Vertical(id="event-box"):
            yield Static(id="event-title")
            yield Static(id="event-text")
            yield Static(id="event-budget")
            yield Choices(id="event-choices")

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        """Draw the event: its title, its text, the budget it is charged to, the answers."""
        asked = self.asked
        count = f" {asked.position} of {asked.total}" if asked.total > 1 else ""
        self.query_one("#event-box").border_title = f"Event{count} · {asked.quarter}"
        self.query_one("#event-title", Static).update(Text(self.spec.title, style="bold"))
        self.query_one("#event-text", Static).update(Text(self.spec.text))
        budget = self.query_one("#event-budget", Static)
        budget.display = self.outlook is not None
        if self.outlook is not None:
            o = self.outlook
            budget.update(
                Text(
                    f"What an answer costs comes out of the {o.quarter} budget: about "
                    f"${o.budget:,.1f}M at today's international support. This "
                    "quarter's orders are not touched.",
                    style="italic",
                )
            )
        options = []
        for n, choice in enumerate(self.spec.choices, start=1):
            # a grid keeps wrapped trade-off lines indented under the answer's label
            prompt = Table.grid(padding=0, expand=True)
            prompt.add_column(width=3, no_wrap=True)
            prompt.add_column(ratio=1)
            label = Text(choice.label, style="bold")
            prompt.add_row(Text(f"{n}.", style="bold"), label)
            prompt.add_row("", Text(choice.tradeoff))
            if self.outlook is not None:
                prompt.add_row("", self.cost_line(n - 1))
            options.append(Option(prompt, id=f"choice-{n - 1}"))
        choices = self.query_one(Choices)
        choices.set_options(options)
        choices.highlighted = 0

    def cost_line(self, choice: int) -> Text:
        """What answer ``choice`` costs and what it leaves of the budget it is charged to."""
        assert self.outlook is not None
        o = self.outlook
        cost, left = o.costs[choice], o.left(choice)
        if abs(cost) < 0.005:
            words = f"Costs nothing: {o.quarter} budget about ${left:,.1f}M"
        elif cost > 0:
            words = f"Costs ${cost:,.1f}M: {o.quarter} budget about ${left:,.1f}M left"
        else:
            words = f"Adds ${-cost:,.1f}M: {o.quarter} budget about ${left:,.1f}M"
        return Text(words, style="bold yellow" if cost > 0 else "dim")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # a selection made in an earlier event's answers (queued while it was closing, and
        # handled after the screen was refilled) must not answer this one
        if event.option in self.query_one(Choices).options:
            self.dismiss(event.option_index)

    def action_choose(self, index: int) -> None:
        if index < len(self.spec.choices):
            self.dismiss(index)


def event_screen(app: App, asked: AskedEvent) -> EventScreen:  # type: ignore[type-arg]
    """The one event screen, filled with this event (``kept_screen``)."""
    return kept_screen(
        app, EVENT, EventScreen, lambda: EventScreen(asked), lambda screen: screen.show(asked)
    )
