"""The debrief's charts, drawn as SVG by matplotlib (the ``report`` extra).

Imported only when an HTML debrief is written, so neither the game's start-up nor the
headless commands load matplotlib. No pyplot: a ``Figure`` is drawn straight to SVG
with no global state and no window system. Text stays text in the SVG (smaller, and a
reader can select it), and the file carries no date and fixed ids, so the same game
gives the same bytes.
"""

from __future__ import annotations

import io
import math

from ..errors import UsageError
from .document import Chart, Panel

INSTALL = "pip install 'balloon-effect[report]'"
#: Colours: the player's line, a second line, the status quo's mean and band.
MINE, SECOND, STATUS_QUO, BAND = "#c2410c", "#1d4ed8", "#525252", "#a3a3a3"
PANEL_SIZE = (3.3, 2.2)  # inches per panel
#: room for the y-axis labels (left), the year labels (below) and a panel's title (above)
MARGIN_IN = (0.62, 0.3, 0.3)
LEGEND_IN = 0.3  # the legend's row at the foot of a chart


class MissingPlotting(UsageError):
    """matplotlib is not installed: the message says how to install it."""


def require():
    """matplotlib's ``Figure``, set up for the debrief; ``MissingPlotting`` without it."""
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingPlotting(
            f"the HTML debrief draws its charts with matplotlib, which is not installed: "
            f"{INSTALL} (or write --md only)"
        ) from None
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "font.size": 8,
            "axes.titlesize": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return Figure


def available() -> bool:
    """Whether the charts can be drawn here."""
    try:
        require()
    except MissingPlotting:
        return False
    return True


def _draw(ax, panel: Panel, chart: Chart) -> None:
    for band in panel.bands:
        x = range(len(band.low))
        ax.fill_between(x, band.low, band.high, color=BAND, alpha=0.35, lw=0, label=band.label)
    for line in panel.lines:
        style = {
            "mine": {"color": MINE, "lw": 1.8},
            "second": {"color": SECOND, "lw": 1.5},
            "status-quo": {"color": STATUS_QUO, "lw": 1.0, "ls": "--"},
        }[line.style]
        ax.plot(range(len(line.values)), line.values, label=line.label, **style)
    if chart.mark is not None:
        ax.axvline(chart.mark, color="#737373", lw=0.8, ls=":")
    positions = [t for t, _ in chart.ticks]
    labels = [label for _, label in chart.ticks]
    step = max(1, math.ceil(len(positions) / 6))  # no more than six year labels a panel
    ax.set_xticks(positions[::step], labels[::step])
    ax.set_title(panel.title, loc="left")
    ax.yaxis.set_major_formatter(lambda value, _: panel.fmt.number(value))
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    ax.margins(x=0.01)


def svg(chart: Chart) -> str:
    """One chart, its panels in a grid and one legend, as an ``<svg>`` element."""
    figure_class = require()
    import matplotlib

    # fixed ids, and different ones in each chart of the page (they share one document)
    matplotlib.rcParams["svg.hashsalt"] = f"balloon-debrief {chart.title}"
    columns = min(chart.columns, len(chart.panels))
    rows = math.ceil(len(chart.panels) / columns)
    width, height = PANEL_SIZE[0] * columns, PANEL_SIZE[1] * rows + LEGEND_IN
    figure = figure_class(figsize=(width, height))
    # fixed margins, in inches: a layout engine would draw every chart twice to measure it
    figure.subplots_adjust(
        left=MARGIN_IN[0] / width,
        right=1 - 0.1 / width,
        bottom=(LEGEND_IN + MARGIN_IN[1]) / height,
        top=1 - MARGIN_IN[2] / height,
        wspace=MARGIN_IN[0] / (PANEL_SIZE[0] - MARGIN_IN[0]),
        hspace=(MARGIN_IN[1] + MARGIN_IN[2]) / (PANEL_SIZE[1] - MARGIN_IN[1] - MARGIN_IN[2]),
    )
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax, panel in zip(axes, chart.panels, strict=False):
        _draw(ax, panel, chart)
    for ax in axes[len(chart.panels) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncols=len(labels), frameon=False)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg") :]  # the element only: no XML declaration or doctype
