"""When a screen's widgets are there to draw in: the two races of a screen's first frame.

Keys and clicks reach the app faster than it draws (a fast typist, or several keys in
one terminal read), so a screen can be acted on around its own compose:

* **Acted on before it has composed.** Textual runs a binding on ``app.screen``, which
  is the new screen as soon as it is pushed — before its ``compose`` has run whenever
  the push came from a message handler (Enter on the regions table opens the region
  detail; the ``]`` typed after it is the region screen's). An action that draws then
  finds none of the widgets (``NoMatches``). Such an action changes the screen's state
  only, and the screen's ``on_mount`` draws that state: the key is kept, not lost.
  ``Widget.is_mounted`` says which: it turns true once ``on_mount`` has run.
* **Closed before it has composed.** Textual removes a screen that leaves the stack and
  is not installed (``App._replace_screen``). Closed in the frame that opened it
  (Escape typed right after the key that opened it), it is removed while composing:
  Textual then mounts none of its widgets but still sends it ``Mount``, and an
  ``on_mount`` that fills them finds none. Such a screen is never shown; ``gone`` says so.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def gone(screen: Screen[Any]) -> bool:
    """Whether the screen has left the stack for good (Textual is removing it), so that
    it has nothing to draw: it is on no stack and not installed (installed screens are
    kept, with their widgets, when they are closed)."""
    app = screen.app
    return screen not in app.screen_stack and not app.is_screen_installed(screen)


class DrawnOnMount:
    """A screen mixin: ``draw`` fills the screen's widgets once they are mounted, and
    never runs for a screen closed in the frame that opened it (``gone``), whose
    widgets were never mounted. Screens put it before their ``Screen`` base."""

    def on_mount(self) -> None:
        if not gone(self):  # type: ignore[arg-type]  # mixed into a Screen
            self.draw()

    def draw(self) -> None:
        raise NotImplementedError
