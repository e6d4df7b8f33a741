"""The benchmarks' Markdown tables, written one way so every section of RESULTS.md reads
alike and a new benchmark does not copy the header and the row format again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

HEADER = ("measure", "result", "target", "met")


def met(ok: bool) -> str:
    """The "met" column: a miss is bold, so it stands out in RESULTS.md."""
    return "yes" if ok else "**no**"


def markdown_table(rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER) -> str:
    """A Markdown table of ``rows`` under ``header``."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
