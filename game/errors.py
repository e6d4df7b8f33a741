"""Errors that reach the player as one line, importable without what raises them.

The command line catches these around every command (``USER_ERRORS``) and prints one line
with exit status 2; a batch worker that meets one sends it back to be raised again as
itself (``sim.batch``). Keeping them here means ``game/commands/`` names the errors it
raises without importing ``game/cli.py``, and starting ``balloon simulate`` does not
import the saves module (and its file models) just to name the error it might catch.

``OrdersRefused`` is defined by the engine, which imports nothing of the project outside
itself; it is named here so that every error a person can cause is found in one place.
"""

from __future__ import annotations

from .engine.orders import OrdersRefused


class UserError(Exception):
    """Something the person at the keyboard can fix: a one-line message, exit status 2."""


class UsageError(UserError):
    """A request that cannot be carried out; the message is for the person who typed it."""


class SaveError(UserError):
    """A save that cannot be read or written; the message is one line for the player."""


class ContentError(UserError):
    """A content or fact file that cannot be used: says which file, which field, and why."""

    def __init__(self, path: object, field: str, message: str) -> None:
        self.path, self.field, self.message = str(path), field, message
        where = f"{self.path}: {field}: " if field else f"{self.path}: "
        super().__init__(where + message)

    def __reduce__(self) -> tuple[type[ContentError], tuple[str, str, str]]:
        """Pickled as its three parts, so a worker process can send it back whole
        (an exception is otherwise rebuilt from ``args``, its one joined message)."""
        return (type(self), (self.path, self.field, self.message))


#: The longest text of a person's echoed back in an error, so a pasted megabyte stays short.
SHOWN_CHARS = 40


def shown(text: str, limit: int | None = SHOWN_CHARS) -> str:
    """``text`` as an error quotes it: escaped, so no line break or terminal code reaches
    the screen, and cut to ``limit`` characters (a path already checked is shown whole:
    ``limit=None``)."""
    quoted = repr(text)
    if limit is None or len(quoted) <= limit:
        return quoted
    return quoted[: limit - 2] + "…" + quoted[-1]


#: Every error a person can cause: caught by the command line, sent back by batch workers.
USER_ERRORS: tuple[type[Exception], ...] = (UserError, OrdersRefused)

__all__ = [
    "USER_ERRORS",
    "ContentError",
    "OrdersRefused",
    "SaveError",
    "UsageError",
    "UserError",
    "shown",
]
