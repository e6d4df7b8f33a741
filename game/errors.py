"""Errors that reach the player as one line, importable without what raises them.

The command line catches these around every command; keeping them here means starting
``balloon simulate`` does not import the saves module (and its file models) just to
name the error it might catch.
"""

from __future__ import annotations


class SaveError(Exception):
    """A save that cannot be read or written; the message is one line for the player."""


class ContentError(Exception):
    """A content or fact file that cannot be used: says which file, which field, and why."""

    def __init__(self, path: object, field: str, message: str) -> None:
        self.path, self.field, self.message = str(path), field, message
        where = f"{self.path}: {field}: " if field else f"{self.path}: "
        super().__init__(where + message)
