"""Small terminal charts: a column chart of a history and a p10–p90 band of a forecast.

Drawn from Unicode blocks to the widget's size, with the axis values written beside them,
because a trend without its scale misleads: the axis does not start at zero (a change of
2% would be invisible), so the lowest and highest values are always printed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
Fmt = Callable[[float], str]


def axis_range(values: Sequence[float]) -> tuple[float, float]:
    """A range a little wider than the data, never empty."""
    low, high = min(values), max(values)
    # at least ±2% of the level, so noise in the last digit does not fill the chart
    pad = max((high - low) * 0.08, abs(high) * 0.02, 1e-6)
    return low - pad, high + pad


def column_chart(values: Sequence[float], width: int, height: int, fmt: Fmt, colour: str) -> Text:
    """Columns in eighths of a cell, one per value (the latest values if too many)."""
    label_w = max(len(fmt(v)) for v in values) + 1 if values else 1
    plot_w = max(width - label_w, 1)
    values = list(values)[-plot_w:]
    # a short history gets wider columns (up to 3 cells a quarter), a long one one cell each
    cell_w = min(max(plot_w // max(len(values), 1), 1), 3)
    height = max(height, 1)
    low, high = axis_range(values) if values else (0.0, 1.0)
    levels = [round((v - low) / (high - low) * height * 8) for v in values]
    out = Text(no_wrap=True, overflow="crop")
    for row in range(height):
        level_base = (height - 1 - row) * 8
        label = fmt(high) if row == 0 else fmt(low) if row == height - 1 else ""
        out.append(label.rjust(label_w - 1) + " ", "dim")
        cells = "".join(EIGHTHS[min(max(lv - level_base, 0), 8)] * cell_w for lv in levels)
        out.append(cells, colour)
        if row < height - 1:
            out.append("\n")
    return out


def band_chart(
    p10: Sequence[float],
    mean: Sequence[float],
    p90: Sequence[float],
    labels: Sequence[str],
    width: int,
    height: int,
    fmt: Fmt,
    colour: str,
) -> Text:
    """The p10–p90 range per quarter as a shaded column, the mean as a bar across it."""
    n = len(mean)
    label_w = max(len(fmt(v)) for v in (*p10, *p90)) + 1
    col_w = max(min((width - label_w) // max(n, 1), 8), 1)
    low, high = axis_range([*p10, *p90])
    step = (high - low) / height
    out = Text(no_wrap=True, overflow="crop")
    for row in range(height):
        top = high - row * step
        bottom = top - step
        label = fmt(high) if row == 0 else fmt(low) if row == height - 1 else ""
        out.append(label.rjust(label_w - 1) + " ", "dim")
        for i in range(n):
            cell = " " * col_w
            style = ""
            if bottom <= mean[i] < top or (row == 0 and mean[i] >= top):
                cell, style = " " + "━" * (col_w - 2) + " " if col_w > 2 else "━" * col_w, "bold"
            elif p10[i] < top and p90[i] >= bottom:
                cell, style = " " + "█" * (col_w - 2) + " " if col_w > 2 else "█" * col_w, colour
            out.append(cell, style)
        out.append("\n")
    out.append(" " * label_w)
    for label in labels:
        out.append(label[-col_w:].center(col_w) if col_w < len(label) else label.center(col_w))
    return out


class Chart(Widget):
    """A column chart of one series, redrawn to whatever size the layout gives it."""

    DEFAULT_CSS = """
    Chart { height: 6; }
    """

    def __init__(self, fmt: Fmt, colour: str = "#4f9fd8", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.fmt = fmt
        self.colour = colour
        self.values: list[float] = []

    def show(self, values: Sequence[float]) -> None:
        self.values = list(values)
        self.refresh()

    def render(self) -> Text:
        if not self.values:
            return Text("no data yet", style="dim")
        return column_chart(
            self.values, self.content_size.width, self.content_size.height, self.fmt, self.colour
        )


class BandChart(Widget):
    """A forecast's p10–p90 band per quarter with its mean, sized to the widget."""

    DEFAULT_CSS = """
    BandChart { height: 9; }
    """

    def __init__(self, fmt: Fmt, colour: str = "#4f9fd8", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.fmt = fmt
        self.colour = colour
        self.data: tuple[list[float], list[float], list[float], list[str]] | None = None

    def show(
        self, p10: Sequence[float], mean: Sequence[float], p90: Sequence[float], labels: list[str]
    ) -> None:
        self.data = (list(p10), list(mean), list(p90), labels)
        self.refresh()

    def render(self) -> Text:
        if self.data is None:
            return Text("running…", style="dim")
        p10, mean, p90, labels = self.data
        size = self.content_size
        return band_chart(
            p10, mean, p90, labels, size.width, max(size.height - 1, 2), self.fmt, self.colour
        )
