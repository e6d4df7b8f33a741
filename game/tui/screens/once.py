"""Screens that answer once.

A player (or a queued key) can press Enter twice before a screen has gone; Textual
raises ``InvalidStateError`` when a dismissed screen's result is set a second time. The
screens that return an answer dismiss through this mixin, which ignores the second one.
"""

from __future__ import annotations

from typing import Any


class DismissOnce:
    """Mix in before a Textual ``Screen`` class: only the first ``dismiss`` counts."""

    def dismiss(self, result: Any = None) -> Any:
        if getattr(self, "_dismissed_once", False):
            return None
        self._dismissed_once = True
        return super().dismiss(result)  # type: ignore[misc]
