"""The after-action report: a played game, replayed and set beside the status quo.

- ``data``: replay the game bit for bit and gather what the report needs (headless);
- ``report``: the report's words, tables and charts, as ``document`` blocks;
- ``markdown`` and ``html``: draw the blocks (the HTML's charts: ``charts``, matplotlib).

``balloon debrief SAVE`` and the end screen's key both come here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..loader import Content
from ..session import Game
from ..sim.batch import BatchResult
from .data import Debrief, build
from .report import build_report


@dataclass(frozen=True)
class Written:
    """The debrief's texts: Markdown always, HTML when asked for."""

    debrief: Debrief
    markdown: str
    html: str | None


def write_texts(
    game: Game,
    content: Content,
    *,
    html: bool,
    futures: BatchResult | None = None,
    name: str = "the game",
) -> Written:
    """The debrief of ``game`` as Markdown, and as HTML if ``html`` (raises
    ``charts.MissingPlotting``, one line saying how to install it, without matplotlib)."""
    from . import markdown

    debrief = build(game, content, futures, name)
    blocks = build_report(debrief)
    page = None
    if html:
        from . import html as html_page

        page = html_page.render(blocks, f"Debrief: {game.setup.scenario.name}")
    return Written(debrief, markdown.render(blocks, debrief.played), page)


def fresh_stem(folder: Path, game: Game, suffixes: tuple[str, ...] = (".html", ".md")) -> Path:
    """``folder/debrief-SCENARIO-seedN`` with no file of any of ``suffixes`` there yet
    (``-2``, ``-3``… added as needed): the end screen never writes over a file."""
    base = f"debrief-{game.setup.scenario.id}-seed{game.seed}"
    n = 1
    while True:
        stem = folder / (base if n == 1 else f"{base}-{n}")
        if not any(stem.with_name(stem.name + s).exists() for s in suffixes):
            return stem
        n += 1


__all__ = ["Debrief", "Written", "build", "build_report", "fresh_stem", "write_texts"]
