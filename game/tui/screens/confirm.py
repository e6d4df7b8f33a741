"""A yes/no (or more) question over the current screen, answered by key or by button.

Used before anything that could cost the player work: quitting or loading with progress
that is not in a save of their own, and overwriting another save. It returns the chosen
answer's key (``None`` on escape), so the caller decides what each answer does.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from .once import DismissOnce


class ConfirmScreen(DismissOnce, ModalScreen[str | None]):
    """Ask ``question``; ``answers`` are (key, label) pairs, the first one focused.

    Each answer's key works as a shortcut (shown in its label), escape answers ``None``:
    the safe "no" is always one key away, whatever the answers are.
    """

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    #confirm-box {
        width: 64; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    #confirm-question { margin: 1 0; }
    #confirm-buttons { height: auto; align-horizontal: center; }
    #confirm-buttons Button { margin: 0 1; min-width: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "answer(None)", "Cancel")]
    #: the first answer has the focus (Textual focuses it when the screen is shown, and
    #: not at all if a queued key answered before then — a query in on_mount would fail)
    AUTO_FOCUS = "#confirm-buttons Button"

    def __init__(self, title: str, question: str, answers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = self.title_text
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                for n, (key, label) in enumerate(self.answers):
                    yield Button(
                        f"{label} ({key})",
                        id=f"answer-{key}",
                        variant="primary" if n == 0 else "default",
                    )

    def on_key(self, event: events.Key) -> None:
        if any(event.key == k for k, _ in self.answers):
            event.stop()
            self.dismiss(event.key)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def action_answer(self, key: str | None) -> None:
        self.dismiss(key)
