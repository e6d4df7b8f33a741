"""National indicators, each with its value, its change and a sparkline of its history.

One widget draws all fourteen lines. It was a row of widgets per indicator (three labels
and a ``Sparkline``, seventy widgets), and Textual restyles and lays out each of them
whenever the main screen comes back or the focus moves, which made every quarter's
redraw slow; as text it costs one render. The sparklines are ``chart.spark_line``,
scaled like the big charts, so a flat indicator draws flat, not as a full bar.
"""

from __future__ import annotations

import itertools
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from ...engine.metrics import pick
from ..view import resolution, signed
from .chart import spark_line

#: The panel's lines, in its order.
ROWS = pick(
    "coca_ha",
    "cocaine_t",
    "seized_t",
    "eradicated_ha",
    "welfare",
    "violence",
    "insurgency",
    "traffickers",
    "forest_lost_ha",
    "indigenous_coca_ha",
    "leaf_price",
    "approval",
    "support",
    "displaced_abroad_ha",
)
#: Running totals shown as each quarter's flow ("Seized (qtr)"), which is the news.
PER_QUARTER = frozenset({"seized_t", "eradicated_ha"})
#: Columns: label (a space, the label, a space after it or not), value, change and the
#: sparkline's least width; the sparkline takes what is left.
TABBED = (18, 1, 13, 9, 10)
WIDE = (17, 0, 10, 8, 4)


def series(summaries: list[dict[str, float]], key: str, per_quarter: bool) -> list[float]:
    values = [s[key] for s in summaries]
    if per_quarter:
        return [b - a for a, b in itertools.pairwise(values)] or [0.0]
    return values


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` cropped or padded to ``width`` cells."""
    if cell_len(text) > width:
        text = text[:width]
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


class NationalPanel(Widget, can_focus=True):
    """One line per indicator: label, value, change last quarter, trend."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "national--delta",
        "national--spark-max",
    }
    DEFAULT_CSS = """
    NationalPanel {
        height: auto;
        .national--delta { color: $text-muted; }
        .national--spark-max { color: $primary; }
    }
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        #: the narrower columns of the wide layout's right-hand panel
        self.columns = WIDE if compact else TABBED
        self.summaries: list[dict[str, float]] = []

    def show(self, summaries: list[dict[str, float]]) -> None:
        """Redraw every row from the start summary and each quarter's summary."""
        self.summaries = list(summaries)
        self.refresh()

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(ROWS)

    def render(self) -> Text:
        label_w, label_pad, value_w, delta_w, spark_min = self.columns
        spark_w = max(self.size.width - label_w - value_w - delta_w - 1, spark_min)
        _, base = self.background_colors
        high = (base + self.get_component_styles("national--spark-max").color).rich_color
        muted = self.get_component_rich_style("national--delta")
        out = Text(no_wrap=True, overflow="crop")
        for n, metric in enumerate(ROWS):
            if n:
                out.append("\n")
            per_quarter = metric.key in PER_QUARTER
            data = series(self.summaries, metric.key, per_quarter) if self.summaries else [0.0]
            delta = data[-1] - data[-2] if len(data) > 1 else 0.0
            # a change is finer than a level: at least a decimal, none from 100 up
            digits = 0 if abs(delta) >= 100 else max(metric.fmt.digits, 1)
            label = f"{metric.title} (qtr)" if per_quarter else metric.title
            out.append(fit(f" {label}", label_w - label_pad) + " " * label_pad)
            out.append(fit(metric.fmt.text(data[-1]), value_w, right=True))
            out.append(fit(signed(delta, digits), delta_w, right=True) + " ", muted)
            out.append(spark_line(data, spark_w, resolution(metric.key)), Style(color=high))
        return out


__all__ = ["ROWS", "NationalPanel", "series"]
