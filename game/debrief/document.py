"""A report as a list of plain blocks, written once and drawn as Markdown or HTML.

Why blocks: the two files must say the same things. ``report`` decides every heading,
sentence, table cell and chart; ``markdown`` and ``html`` only draw them (a chart as SVG
in the HTML, as text sparklines in the Markdown), so neither can drift from the other.
Text in blocks is plain (no markup): each renderer escapes it for its format.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.metrics import NumberFormat


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the title, 2 a section, 3 a part of one
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: which columns hold numbers (right-aligned); the first never does
    numeric: tuple[bool, ...] = ()
    #: a bar (0–1 of the widest) drawn beside a row, for the HTML; None: no bars
    bars: tuple[float, ...] | None = None

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Line:
    """A trajectory: ``values[i]`` at x = i (x is the state after i quarters)."""

    label: str
    values: np.ndarray
    #: "mine" (solid, strong), "second" (solid, another colour) or "status-quo" (dashed)
    style: str = "mine"


@dataclass(frozen=True)
class Band:
    label: str
    low: np.ndarray
    high: np.ndarray


@dataclass(frozen=True)
class Panel:
    title: str
    fmt: NumberFormat
    lines: tuple[Line, ...]
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Chart:
    title: str
    panels: tuple[Panel, ...]
    #: x positions of the years' starts and their labels, shared by every panel
    ticks: tuple[tuple[int, str], ...]
    columns: int = 3
    #: a line drawn across every panel (the end of the quarters played), or None
    mark: int | None = None


Block = Heading | Para | Bullets | Table | Chart
