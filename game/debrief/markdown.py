"""The debrief as Markdown that reads in any viewer: headings, paragraphs and pipe tables.

Charts have no Markdown form every viewer draws, so each panel becomes a line of text
sparklines (the player's trajectory and the status quo's mean on one scale) with the
values at the start and at the last quarter played; the HTML file has the drawn charts.
"""

from __future__ import annotations

import numpy as np

from .document import Block, Bullets, Chart, Heading, Para, Table
from .report import sparkline

#: Characters a Markdown viewer would read as markup inside text.
_MARKUP = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})


def escape(text: str) -> str:
    """Plain text as Markdown: markup characters escaped, on one line."""
    return " ".join(text.split()).translate(_MARKUP)


def table(block: Table) -> list[str]:
    align = ["---:" if block.is_numeric(c) else ":---" for c in range(len(block.columns))]
    lines = [
        "| " + " | ".join(escape(c) for c in block.columns) + " |",
        "|" + "|".join(align) + "|",
    ]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in block.rows]
    return lines


def chart(block: Chart, played: int) -> list[str]:
    """Each panel as sparklines over the quarters played, on one scale per panel."""
    lines = [f"*{escape(block.title)}* (drawn in the HTML debrief; here as sparklines):", ""]
    for panel in block.panels:
        series = [(line.label, line.values[: played + 1]) for line in panel.lines]
        every = np.concatenate([v for _, v in series])
        low, high = float(np.nanmin(every)), float(np.nanmax(every))
        parts = []
        for label, values in series:
            first, last = panel.fmt.number(values[0]), panel.fmt.number(values[-1])
            spark = sparkline(values, low, high)
            parts.append(f"{escape(label)} `{spark}` {first} → {last}")
        for band in panel.bands:
            parts.append(
                f"{escape(band.label)} at the end: {panel.fmt.number(band.low[played])}–"
                f"{panel.fmt.number(band.high[played])}"
            )
        lines.append(f"- **{escape(panel.title)}**: " + "; ".join(parts))
    return lines


def render(blocks: list[Block], played: int) -> str:
    """The report as Markdown text; ``played`` quarters are drawn of each chart."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                out.append("#" * level + " " + escape(text))
            case Para(text=text):
                out.append(escape(text))
            case Bullets(items=items):
                out += [f"- {escape(item)}" for item in items]
            case Table():
                out += table(block)
            case Chart():
                out += chart(block, played)
        out.append("")
    return "\n".join(out)
