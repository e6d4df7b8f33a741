"""Screens built once and refilled: the report each quarter, the event each time one is asked.

Why: a screen built fresh is composed, styled, laid out twice (its first layout sends the
screen a ``Resize``, which lays it — and every screen under it — out again) and drawn
whole, and it leaves the old screen as garbage for the collector. Under a modal screen
(an event) each of those whole drawings includes the main screen behind it, dimmed
segment by segment: most of the wait between closing the report and the event being
asked. A kept screen is installed under a name and refilled (``refill``) before it is
shown again; its widgets, their styles and their sizes stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import App
from textual.screen import Screen

S = TypeVar("S", bound=Screen)  # type: ignore[type-arg]


def kept_screen(
    app: App,  # type: ignore[type-arg]
    name: str,
    kind: type[S],
    build: Callable[[], S],
    refill: Callable[[S], None],
) -> S:
    """The screen installed as ``name``, refilled; built (and installed) the first time.

    A screen already on the stack cannot be pushed twice: then a screen of its own is
    built, and the kept one stays as it is.
    """
    if app.is_screen_installed(name):
        screen = app.get_screen(name)
        if isinstance(screen, kind) and screen not in app.screen_stack:
            refill(screen)
            return screen
        return build()
    screen = build()
    app.install_screen(screen, name)
    return screen
