"""What a Textual app's screen shows, as lines of plain text (for text checks of screens).

Reads the screen's compositor, a private part of Textual: only tests use it, and a
Textual that changes it fails these tests loudly rather than passing them quietly.
"""

from __future__ import annotations

from textual.app import App


def screen_text(app: App[object]) -> str:
    """The visible screen, one line per row, as the terminal would show it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
