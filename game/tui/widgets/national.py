"""National indicators, each with its value, its change and a Sparkline of its history."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Sparkline

from ..view import signed

#: (summary key, label, format, per quarter?) — per-quarter rows show the flow, not the total.
ROWS: tuple[tuple[str, str, Callable[[float], str], bool], ...] = (
    ("coca_ha", "Coca", lambda v: f"{v:,.0f} ha", False),
    ("cocaine_t", "Cocaine made", lambda v: f"{v:,.0f} t", False),
    ("seized_t", "Seized (qtr)", lambda v: f"{v:,.1f} t", True),
    ("eradicated_ha", "Eradicated (qtr)", lambda v: f"{v:,.0f} ha", True),
    ("welfare", "Welfare", lambda v: f"{v:.1f}", False),
    ("violence", "Violence", lambda v: f"{v:.1f}", False),
    ("insurgency", "Armed remnant", lambda v: f"{v:.2f}", False),
    ("traffickers", "Traffickers", lambda v: f"{v:.2f}", False),
    ("forest_lost_ha", "Forest lost", lambda v: f"{v:,.0f} ha", False),
    ("indigenous_coca_ha", "Coca, Indig. land", lambda v: f"{v:,.0f} ha", False),
    ("leaf_price", "Leaf price", lambda v: f"${v:.2f}/kg", False),
    ("approval", "Approval", lambda v: f"{v:.0f}", False),
    ("support", "Intl support", lambda v: f"{v:.0f}", False),
    ("displaced_abroad_ha", "Moved abroad", lambda v: f"{v:,.0f} ha", False),
)


def series(summaries: list[dict[str, float]], key: str, per_quarter: bool) -> list[float]:
    values = [s[key] for s in summaries]
    if per_quarter:
        return [b - a for a, b in itertools.pairwise(values)] or [0.0]
    return values


class NationalPanel(VerticalScroll):
    """One line per indicator: label, value, change last quarter, trend."""

    def compose(self) -> ComposeResult:
        for key, label, _, _ in ROWS:
            with Horizontal(classes="national-row"):
                yield Label(label, classes="national-label")
                yield Label("", id=f"value-{key}", classes="national-value")
                yield Label("", id=f"delta-{key}", classes="national-delta")
                yield Sparkline([0.0], id=f"spark-{key}", classes="national-spark")

    def show(self, summaries: list[dict[str, float]]) -> None:
        """Update every row from the start summary and each quarter's summary."""
        for key, _, fmt, per_quarter in ROWS:
            data = series(summaries, key, per_quarter)
            self.query_one(f"#value-{key}", Label).update(fmt(data[-1]))
            delta = data[-1] - data[-2] if len(data) > 1 else 0.0
            digits = 2 if key in ("insurgency", "traffickers", "leaf_price") else 1
            if abs(delta) >= 100:
                digits = 0
            self.query_one(f"#delta-{key}", Label).update(signed(delta, digits))
            self.query_one(f"#spark-{key}", Sparkline).data = data
