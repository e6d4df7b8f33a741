"""The private Textual APIs the game relies on are the ones it was written against.

``game/tui/textual_private.py`` is the one module that overrides or reads private
Textual names. These tests fail when a Textual upgrade changes one of those methods (its
source no longer hashes as recorded) or drops one, and when any other module of
``game/tui`` overrides or reads a private Textual name, so each such use stays in one
reviewed place.
"""

from __future__ import annotations

import ast
import gc
import importlib
import inspect
import pkgutil
import weakref
from pathlib import Path

import pytest
import textual
from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.geometry import Size
from textual.screen import Screen

import game.tui
from game.loader import GameSetup
from game.tui.app import BalloonApp
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.textual_private import (
    PRIVATE,
    PRIVATE_ATTRIBUTES,
    REPLACED,
    Private,
    source_hash,
)

TUI = Path(game.tui.__file__).parent
HOME = "textual_private.py"


@pytest.mark.parametrize("private", PRIVATE, ids=lambda p: f"{p.owner.__name__}.{p.name}")
def test_each_private_method_is_as_it_was_written_against(private: Private) -> None:
    method = private.owner.__dict__.get(private.name)
    assert method is not None, (
        f"Textual {textual.__version__} has no {private.owner.__name__}.{private.name}: "
        "review game/tui/textual_private.py"
    )
    assert source_hash(method) == private.source_sha, (
        f"Textual {textual.__version__} changed {private.owner.__name__}.{private.name}: "
        "check the override in game/tui/textual_private.py still holds, then its hash"
    )


def test_the_private_attributes_read_are_there() -> None:
    app = App()
    for owner, name in PRIVATE_ATTRIBUTES:
        where = app if owner is App else owner
        assert hasattr(where, name), f"Textual {textual.__version__} has no {name}"


def textual_private_names() -> set[str]:
    """Every single-underscore name a Textual class defines (methods and class data)."""
    names: set[str] = set()
    for info in pkgutil.walk_packages(textual.__path__, "textual."):
        if info.name.rsplit(".", 1)[-1].startswith("_") or "__main__" in info.name:
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # optional extras (e.g. syntax highlighting) may be absent
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith("textual"):
                names |= {n for n in vars(cls) if n.startswith("_") and not n.startswith("__")}
    # instance attributes set in ``__init__``, such as App._exit_renderables
    names |= {n for n in vars(App()) if n.startswith("_") and not n.startswith("__")}
    return names


def test_no_other_module_touches_a_private_textual_name() -> None:
    private = textual_private_names()
    found = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name == HOME:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = None
            if isinstance(node, ast.Attribute):
                name = node.attr
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
            if name in private:
                found.append(f"{path.relative_to(TUI)}:{node.lineno} {name}")
    assert not found, f"private Textual names outside {HOME}: {found}"


@pytest.mark.parametrize("replaced", REPLACED, ids=lambda r: f"{r[0].owner.__name__}.{r[0].name}")
def test_each_replaced_method_is_replaced_and_as_it_was_written_against(
    replaced: tuple[Private, object],
) -> None:
    private, original = replaced
    assert private.owner.__dict__.get(private.name) is not original, "not replaced"
    assert source_hash(original) == private.source_sha, (
        f"Textual {textual.__version__} changed {private.owner.__name__}.{private.name}: "
        "check the replacement in game/tui/textual_private.py still holds, then its hash"
    )


def test_the_background_styles_are_textuals_and_keep_no_widget_alive() -> None:
    """Textual's own ``get_inner_outer`` held every widget's line cache in its
    ``lru_cache`` keys; the replacement gives the same styles and holds none."""
    (_, original), *_ = REPLACED
    base, background = Color(10, 20, 30), Color(200, 100, 0, 0.5)
    cache = StylesCache()
    assert cache.get_inner_outer(base, background) == inspect.unwrap(original)(  # type: ignore[call-overload]
        cache, base, background
    )
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


async def test_a_screen_shown_first_lays_out_once_and_a_real_resize_still_lays_out(
    setup: GameSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``LaidOutOnce``: the event screen's first showing (which echoes a Resize of the same
    size) does not lay the main screen under it out again; a terminal resized while it is
    up still lays both out at the new size."""
    app = BalloonApp(setup, seed=3, start_directly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        layouts: list[Screen[object]] = []
        for screen_class in (MainScreen, EventScreen):
            original = screen_class._refresh_layout

            def counted(self, *args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
                layouts.append(self)
                return _original(self, *args, **kwargs)

            monkeypatch.setattr(screen_class, "_refresh_layout", counted)
        main.ask_events([0])
        await pilot.pause()
        event = app.screen
        assert isinstance(event, EventScreen)
        assert event in layouts
        assert main not in layouts  # Textual laid the main screen out again here
        await pilot.resize_terminal(130, 45)
        await pilot.pause()
        assert event.outer_size == Size(130, 45) and main.outer_size == Size(130, 45)
        assert main in layouts
