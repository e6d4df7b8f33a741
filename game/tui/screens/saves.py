"""Save and load screens, and the "latest autosave" that Continue opens.

Everything about files goes through ``game.saves``: these screens only choose a name or
a file and show what ``save_game``/``load_save`` said. A damaged file is listed as
damaged with its reason and cannot be chosen; trying to load one shows the message and
leaves every file as it was, so a bad file never costs the player a good game.

Names and fields of saves are anyone's text: they are shown as ``Text`` (plain text,
never markup), made plain by ``plain_text`` first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Static
from textual.worker import Worker, WorkerState

from ...engine.metrics import SCORE
from ...loader import Content
from ...plaintext import plain_text
from ...progress import played_text, score_number, score_text
from ...saves import (
    AUTOSAVE_DIR,
    LoadedSave,
    SaveError,
    SaveListing,
    list_saves,
    load_to_play,
)
from ...saves.store import AUTOSAVE_NAME
from .confirm import ConfirmScreen
from .once import DismissOnce
from .ready import DrawnOnMount

#: Names a player may type: no folders, nothing the file system could misread.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$")


def check_name(text: str) -> str | None:
    """Why ``text`` is not a usable save name, or None if it is."""
    name = text.strip().removesuffix(".json")
    if not name:
        return "type a name for the save"
    if not NAME_PATTERN.match(name):
        return "use letters, digits, spaces, '-', '_' or '.' (at most 60), starting with a letter"
    return None


def name_to_path(text: str, directory: Path) -> Path:
    return directory / f"{text.strip().removesuffix('.json')}.json"


def autosave_listings(directory: Path, content: Content | None) -> list[SaveListing]:
    """Autosaves, newest first (their names carry a rising number)."""
    listings = [s for s in list_saves(directory, content) if s.name.startswith(f"{AUTOSAVE_DIR}/")]
    return sorted(listings, key=autosave_number, reverse=True)


def autosave_number(listing: SaveListing) -> int:
    """An autosave's number (-1 for a name that has none): by number, not by name, so
    ``auto-1000000`` comes after ``auto-999999``."""
    match = AUTOSAVE_NAME.match(listing.name.removeprefix(f"{AUTOSAVE_DIR}/"))
    return int(match.group(1)) if match else -1


def latest_autosave(directory: Path, content: Content | None) -> SaveListing | None:
    """The newest autosave that can be loaded; damaged ones are passed over."""
    for listing in autosave_listings(directory, content):
        if listing.status == "ok":
            return listing
    return None


def short_name(listing: SaveListing) -> str:
    """``my game`` for a save of one's own, ``autosave 40`` for ``autosave/auto-000040-…``
    (plain text: a file name can hold anything)."""
    name = listing.name.removesuffix(".json")
    auto = name.removeprefix(f"{AUTOSAVE_DIR}/auto-")
    number = auto.split("-")[0]
    if auto != name and number.isdigit() and number.isascii():
        return f"autosave {number.lstrip('0') or '0'}"
    return plain_text(name, 60)


def describe(listing: SaveListing) -> str:
    """One line about a save, for the title screen and the load screen (plain text: show
    it as ``Text``, not as markup)."""
    if listing.status != "ok":
        return f"{short_name(listing)}: cannot be loaded ({listing.status})"
    played = played_text(listing.turn, listing.term)
    return f"{listing.scenario} · {played} · {listing.date} · {score_text(listing.score)}"


def load_failure(error: BaseException | None) -> str:
    """What a load that failed in a worker tells the player: a save's own one-line
    reason, or what went wrong otherwise."""
    return plain_text(error if isinstance(error, SaveError) else repr(error), 400)


class SaveScreen(DismissOnce, ModalScreen[Path | None]):
    """Ask for a name and write the game; dismisses with the path written, or None.

    Overwriting asks first, unless the file is the one this game was last saved to or
    loaded from — updating your own save is the common case and needs no question.
    """

    DEFAULT_CSS = """
    SaveScreen { align: center middle; }
    #save-box {
        width: 70; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    #save-message { height: auto; margin-bottom: 1; }
    .dialog-buttons { height: auto; align-horizontal: center; }
    .dialog-buttons Button { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    #: focused when shown (an on_mount query fails if a queued key closed it first)
    AUTO_FOCUS = "#save-name"

    def __init__(self, directory: Path, suggestion: str, own: Path | None) -> None:
        super().__init__()
        self.directory = directory
        self.suggestion = suggestion
        self.own = own

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box") as box:
            box.border_title = "Save game"
            where = plain_text(self.directory, 300)
            yield Static(Text(f"Name (saved in {where}):"), id="save-where")
            yield Input(self.suggestion, id="save-name", max_length=60)
            yield Static("", id="save-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save-ok", variant="primary")
                yield Button("Cancel", id="save-cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-ok":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        text = self.query_one(Input).value
        problem = check_name(text)
        if problem is not None:
            self.query_one("#save-message", Static).update(Text(problem, style="bold red"))
            return
        path = name_to_path(text, self.directory)
        mine = self.own is not None and path.resolve() == self.own.resolve()
        if path.exists() and not mine:

            def answered(answer: str | None) -> None:
                if answer == "y":
                    self.dismiss(path)

            self.app.push_screen(
                ConfirmScreen(
                    "Overwrite?",
                    f"{path.name} already exists. Replace it with this game?",
                    [("n", "Keep it"), ("y", "Overwrite")],
                ),
                answered,
            )
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadScreen(DrawnOnMount, DismissOnce, ModalScreen[LoadedSave | None]):
    """The saves folder as a table; Enter loads the highlighted save if it can be loaded."""

    DEFAULT_CSS = """
    LoadScreen { align: center middle; }
    #load-box {
        width: 80; max-width: 100%; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    #load-table { height: 1fr; }
    #load-message { height: auto; max-height: 3; }
    #load-help { height: 1; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, directory: Path, content: Content) -> None:
        super().__init__()
        self.directory = directory
        self.content = content
        self.listings: list[SaveListing] = []
        #: a save is being loaded (in a worker); the loaded game, once it is
        self.loading_save = False
        self.loaded: LoadedSave | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="load-box") as box:
            box.border_title = "Load game"
            yield DataTable(id="load-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="load-message")
            yield Static(
                Text("Enter load · Esc back · damaged saves are listed but cannot be loaded"),
                id="load-help",
            )

    def draw(self) -> None:
        table = self.query_one(DataTable)
        columns = (
            ("Save", 22),
            ("Scenario", 10),
            ("Played", 6),
            ("Saved at", 16),
            (SCORE.title, 5),
            ("", 7),
        )
        for label, width in columns:
            table.add_column(label, width=width)
        listings = list_saves(self.directory, self.content) if self.directory.is_dir() else []
        # own saves first, then autosaves newest first
        own = [s for s in listings if not s.name.startswith(f"{AUTOSAVE_DIR}/")]
        self.listings = own + autosave_listings(self.directory, self.content)
        for s in self.listings:
            ok = s.status == "ok"
            table.add_row(
                Text(short_name(s), style="" if ok else "dim"),
                Text(s.scenario),
                Text(played_text(s.turn, s.term).removesuffix(" played"), justify="right"),
                Text(s.date),
                Text("" if s.score is None else score_number(s.score), justify="right"),
                Text("ok", style="green") if ok else Text(s.status.split(":")[0], style="bold red"),
            )
        if not self.listings:
            self.show(Text(f"No saves yet in {plain_text(self.directory, 300)}.", style="dim"))
        table.focus()

    def show(self, text: Text | str) -> None:
        self.query_one("#load-message", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.listings):
            s = self.listings[event.cursor_row]
            style = "" if s.status == "ok" else "red"
            self.show(Text(describe(s), style=style))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not 0 <= event.cursor_row < len(self.listings) or self.loading_save:
            return
        listing = self.listings[event.cursor_row]
        if listing.status != "ok":
            self.show(Text(describe(listing), style="bold red"))
            self.app.bell()
            return
        # reading and checking a save replays its quarters: a spinner while a worker does it
        self.loading_save = True
        self.query_one(DataTable).loading = True
        self.show(Text(f"Loading {short_name(listing)}…", style="bold"))
        self.load(self.directory / listing.name)

    @work(thread=True, exclusive=True, group="load-save", exit_on_error=False)
    def load(self, path: Path) -> LoadedSave:
        return load_to_play(path, self.content)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "load-save" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        self.loading_save = False
        self.query_one(DataTable).loading = False
        if event.state == WorkerState.ERROR:
            self.show(Text(load_failure(event.worker.error), style="bold red"))
            return
        self.loaded = cast(LoadedSave, event.worker.result)
        self.dismiss(self.loaded)  # ignored if a screen opened over this one meanwhile

    def on_screen_resume(self) -> None:
        if self.loaded is not None:  # loaded while help (say) was over this screen
            self.dismiss(self.loaded)

    def action_cancel(self) -> None:
        self.dismiss(None)
