"""An event of the last quarter, asked as a modal choice with each answer's trade-off.

Each answer says what it costs and what it would leave of the budget it is charged to —
the quarter after the one being planned (``game.drafting.event_outlook``) — before the
player answers, so no answer's price is learnt afterwards.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...drafting import EventOutlook
from ...schema import EventSpec
from ..widgets.choices import Choices
from .once import DismissOnce


class EventScreen(DismissOnce, ModalScreen[int]):
    """Dismisses with the index of the chosen answer; there is no way round answering."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 10)
    ]
    #: focused when shown (an on_mount query fails if a queued key closed it first)
    AUTO_FOCUS = "OptionList"

    def __init__(
        self,
        spec: EventSpec,
        quarter: str,
        position: int = 1,
        total: int = 1,
        outlook: EventOutlook | None = None,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.outlook = outlook
        self.quarter = quarter
        self.position, self.total = position, total

    def compose(self) -> ComposeResult:
        with Vertical(id="event-box") as box:
            count = f" {self.position} of {self.total}" if self.total > 1 else ""
            box.border_title = f"Event{count} · {self.quarter}"
            yield Static(Text(self.spec.title, style="bold"), id="event-title")
            yield Static(Text(self.spec.text), id="event-text")
            if self.outlook is not None:
                o = self.outlook
                yield Static(
                    Text(
                        f"What an answer costs comes out of the {o.quarter} budget: about "
                        f"${o.budget:,.1f}M at today's international support. This "
                        "quarter's orders are not touched.",
                        style="italic",
                    ),
                    id="event-budget",
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
            yield Choices(*options, id="event-choices")

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
        self.dismiss(event.option_index)

    def action_choose(self, index: int) -> None:
        if index < len(self.spec.choices):
            self.dismiss(index)
