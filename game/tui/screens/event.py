"""An event of the last quarter, asked as a modal choice with each answer's trade-off."""

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

    def __init__(self, spec: EventSpec, quarter: str, position: int = 1, total: int = 1) -> None:
        super().__init__()
        self.spec = spec
        self.quarter = quarter
        self.position, self.total = position, total

    def compose(self) -> ComposeResult:
        with Vertical(id="event-box") as box:
            count = f" {self.position} of {self.total}" if self.total > 1 else ""
            box.border_title = f"Event{count} · {self.quarter}"
            yield Static(Text(self.spec.title, style="bold"), id="event-title")
            yield Static(Text(self.spec.text), id="event-text")
            options = []
            for n, choice in enumerate(self.spec.choices, start=1):
                # a grid keeps wrapped trade-off lines indented under the answer's label
                prompt = Table.grid(padding=0, expand=True)
                prompt.add_column(width=3, no_wrap=True)
                prompt.add_column(ratio=1)
                label = Text(choice.label, style="bold")
                if choice.cost_musd:
                    label.append(f"  (${choice.cost_musd:g}M)", style="italic")
                prompt.add_row(Text(f"{n}.", style="bold"), label)
                prompt.add_row("", Text(choice.tradeoff))
                options.append(Option(prompt, id=f"choice-{n - 1}"))
            yield Choices(*options, id="event-choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_choose(self, index: int) -> None:
        if index < len(self.spec.choices):
            self.dismiss(index)
