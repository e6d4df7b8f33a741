"""Screens that answer once, and only while they are on top.

A player (or a queued key) can press Enter twice before a screen has gone; Textual
raises ``InvalidStateError`` when a dismissed screen's result is set a second time. The
screens that return an answer dismiss through this mixin, which ignores the second one.

Textual's ``dismiss`` pops the *top* screen, whichever it is. An answer that was queued
before another screen opened over this one (a click, or Enter typed just before F1)
would close that other screen and leave this one on the stack, answered and unable to
close: the player would be stuck. Such an answer is ignored instead; the screen stays,
and is answered again when it is back on top.
"""

from __future__ import annotations

from typing import Any


class DismissOnce:
    """Mix in before a Textual ``Screen`` class: only the first ``dismiss`` on top counts."""

    def dismiss(self, result: Any = None) -> Any:
        if getattr(self, "_dismissed_once", False):
            return None
        if self.app.screen is not self:  # type: ignore[attr-defined]
            return None
        self._dismissed_once = True
        return super().dismiss(result)  # type: ignore[misc]
