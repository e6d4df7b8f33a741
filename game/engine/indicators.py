"""National and regional indicators derived from the state, shared by every reader.

The sim summaries, the score, the TUI and the saves' per-turn summary all ask the same
questions ("national coca", "household-weighted welfare"); they are answered here once.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along
from .state import State

#: metric → (description, unit). Region metrics have a national aggregate too.
METRICS: dict[str, tuple[str, str]] = {
    "coca_ha": ("coca planted, mature and young", "ha"),
    "cocaine_t": ("cocaine potential this quarter", "t"),
    "welfare": ("community welfare", "0–100"),
    "violence": ("violence", "per 100k/yr"),
    "insurgency": ("armed remnant's strength", "0–1"),
    "traffickers": ("traffickers' strength", "0–1"),
    "forest_lost_ha": ("forest cleared since the start", "ha"),
    "indigenous_coca_ha": ("coca on Indigenous land", "ha"),
    "eradicated_ha": ("hectares eradicated since the start", "ha"),
    "seized_t": ("cocaine seized since the start", "t"),
    "leaf_price": ("farm-gate price of dry leaf", "USD/kg"),
    "approval": ("approval at home", "0–100"),
    "support": ("international support", "0–100"),
    "displaced_abroad_ha": ("growers' hectares moved abroad since the start", "ha"),
}
NATIONAL_ONLY = ("approval", "support", "displaced_abroad_ha")
#: metrics whose national figure is a household-weighted mean rather than a sum
WEIGHTED = ("welfare", "violence", "insurgency", "traffickers")


def region_metric(state: State, metric: str) -> np.ndarray:
    """(runs, R) values of a region metric."""
    if metric == "coca_ha":
        return state.coca_total()
    return getattr(state, metric)


def national_metric(state: State, metric: str) -> np.ndarray:
    """(runs,) national value of a metric."""
    if metric in NATIONAL_ONLY:
        return getattr(state, metric).copy()
    values = region_metric(state, metric)
    if metric in WEIGHTED:
        w = state.households
        return add_along(values * w) / np.maximum(add_along(w), 1.0)
    if metric == "leaf_price":
        w = state.coca_ha
        return add_along(values * w) / np.maximum(add_along(w), 1.0)
    return add_along(values)
