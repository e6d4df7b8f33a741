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


#: The least span of a chart's axis, as a share of the series' level. Assumption: a
#: change of a few per cent is what a player should see as a change; below that a chart
#: scaled to its data would draw the last digits' noise (coca 95,008 → 95,009 ha) as a
#: cliff from the bottom to the top.
MIN_SPAN_SHARE = 0.05
#: The space left above and below the data, as a share of the span: the highest column
#: is not cut off by the chart's top edge.
PAD_SHARE = 0.08


def axis_range(values: Sequence[float], resolution: float = 0.0) -> tuple[float, float]:
    """A range a little wider than the data, never empty, never narrower than a change
    worth seeing: ``MIN_SPAN_SHARE`` of the level, and ``resolution`` (the smallest
    change the value is written with) where the level is near zero.

    A flat series, or one that moves by rounding noise only, sits in the middle of the
    chart and draws flat.
    """
    low, high = min(values), max(values)
    level = max(abs(low), abs(high))
    least = max(level * MIN_SPAN_SHARE, resolution, 1e-9)
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
    pad = (high - low) * PAD_SHARE
    return low - pad, high + pad


def spark_line(values: Sequence[float], width: int, resolution: float = 0.0) -> str:
    """A one-line chart in eighths, scaled as ``axis_range`` scales the big charts.

    Why not Textual's ``Sparkline``: it stretches whatever range the data has to the
    full height, so a flat series drew full bars and noise drew a saw.
    """
    values = list(values)[-max(width, 1) :]
    if not values or width <= 0:
        return " " * max(width, 0)
    low, high = axis_range(values, resolution)
    cell_w = max(width // len(values), 1)
    cells = "".join(
        EIGHTHS[min(max(round((v - low) / (high - low) * 8), 1), 8)] * cell_w for v in values
    )
    return cells[:width].ljust(width)


def column_chart(
    values: Sequence[float],
    width: int,
    height: int,
    fmt: Fmt,
    colour: str,
    resolution: float = 0.0,
) -> Text:
    """Columns in eighths of a cell, one per value (the latest values if too many)."""
    label_w = max(len(fmt(v)) for v in values) + 1 if values else 1
    plot_w = max(width - label_w, 1)
    values = list(values)[-plot_w:]
    # a short history gets wider columns (up to 3 cells a quarter), a long one one cell each
    cell_w = min(max(plot_w // max(len(values), 1), 1), 3)
    height = max(height, 1)
    low, high = axis_range(values, resolution) if values else (0.0, 1.0)
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
    resolution: float = 0.0,
) -> Text:
    """The p10–p90 range per quarter as a shaded column, the mean as a bar across it."""
    n = len(mean)
    label_w = max(len(fmt(v)) for v in (*p10, *p90)) + 1
    col_w = max(min((width - label_w) // max(n, 1), 8), 1)
    low, high = axis_range([*p10, *p90], resolution)
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


class SizedChart(Widget):
    """A chart drawn as text to whatever size the layout gives it: how its values are
    written, its colour, and the smallest change they are written with."""

    def __init__(
        self, fmt: Fmt, colour: str = "#4f9fd8", resolution: float = 0.0, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.fmt = fmt
        self.colour = colour
        #: the smallest change the values are written with (see ``axis_range``)
        self.resolution = resolution


class Chart(SizedChart):
    """A column chart of one series, redrawn to whatever size the layout gives it."""

    DEFAULT_CSS = """
    Chart { height: 6; }
    """

    values: Sequence[float] = ()

    def show(self, values: Sequence[float]) -> None:
        self.values = list(values)
        self.refresh()

    def render(self) -> Text:
        if not self.values:
            return Text("no data yet", style="dim")
        return column_chart(
            self.values,
            self.content_size.width,
            self.content_size.height,
            self.fmt,
            self.colour,
            self.resolution,
        )


class BandChart(SizedChart):
    """A forecast's p10–p90 band per quarter with its mean, sized to the widget."""

    DEFAULT_CSS = """
    BandChart { height: 9; }
    """

    data: tuple[list[float], list[float], list[float], list[str]] | None = None

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
            p10,
            mean,
            p90,
            labels,
            size.width,
            max(size.height - 1, 2),
            self.fmt,
            self.colour,
            self.resolution,
        )
