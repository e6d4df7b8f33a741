"""The registry of metrics: every quantity a player, a batch or a file reads, named once.

Like Mesa's DataCollector, one table says what is measured and how: each ``Metric`` has
its key (the name in summaries, saves, JSON and CSV), the words a player reads, its unit
and number format, how the national figure comes from the regions, which way is better
and a one-line description. The engine's score and politics, the sim's batch columns and
comparisons, the JSON and CSV, the command line's tables and the TUI all read it, so a
label, a unit or a direction is changed here and nowhere else.

A metric is a state variable of the same name unless it says how to compute it from the
state (``compute``), so adding one is one entry in ``COLLECTED``, plus its function when
it is derived (cocaine supply as output less seizures, say).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np

from .arrays import add_along
from .state import State


class Aggregate(StrEnum):
    """How a metric's national figure comes from its regions' values."""

    SUM = "sum over the regions"
    HOUSEHOLDS = "mean over the regions weighted by households"
    COCA = "mean over the regions weighted by mature coca"
    NATIONAL = "national only: no regional values"


@dataclass(frozen=True)
class NumberFormat:
    """How a metric's numbers are written.

    A player reads one game's value to ``digits`` decimals, with its unit where the
    ``pattern`` puts one. The command line's tables of medians and percentiles over runs
    have their own precision, ``table_digits``, and write values of ``whole_from`` and up
    without decimals, so that columns of hectares stay narrow.
    """

    digits: int
    table_digits: int
    whole_from: float = math.inf
    #: where the number goes in the text a player reads: "{} ha", "${}/kg"
    pattern: str = "{}"

    def number(self, value: float) -> str:
        """The bare number at the player's precision: ``95,008``."""
        return f"{value:,.{self.digits}f}"

    def with_unit(self, number: str) -> str:
        """A written number (a value, a signed change) with its unit: ``95,008 ha``."""
        return self.pattern.format(number)

    def text(self, value: float) -> str:
        """The value as a player reads it, with its unit: ``95,008 ha``, ``$3.43/kg``."""
        return self.with_unit(self.number(value))

    def table(self, value: float) -> str:
        """A cell of the command line's tables; "–" where the value is not defined."""
        if math.isnan(value):
            return "–"
        digits = 0 if abs(value) >= self.whole_from else self.table_digits
        return f"{value:,.{digits}f}"


#: Hectares, and tonnes of cocaine a quarter: whole numbers for a player.
AREA = NumberFormat(digits=0, table_digits=1, whole_from=100.0, pattern="{} ha")
TONNES = NumberFormat(digits=0, table_digits=1, whole_from=100.0, pattern="{} t")
#: Indices on 0–100 and rates: one decimal; polls in whole points.
INDEX = NumberFormat(digits=1, table_digits=1)
POLL = NumberFormat(digits=0, table_digits=1)
#: Strengths on 0–1: two decimals, since a tenth is a large step.
STRENGTH = NumberFormat(digits=2, table_digits=2)


@dataclass(frozen=True)
class Metric:
    """One measured quantity. ``label`` and ``short`` are written as in running text
    (lower case but for names); ``title`` is the label at the start of a line."""

    key: str
    #: what a player reads everywhere else; at most 16 characters, the national panel's room
    label: str
    #: for the narrowest tables, the regions' columns in the TUI and ``balloon simulate``
    short: str
    unit: str
    fmt: NumberFormat
    aggregate: Aggregate
    #: +1 higher is better, −1 lower is better, 0 neither (more eradicated is not a goal)
    better: Literal[-1, 0, 1]
    description: str
    #: (runs, R) values, or (runs,) for a national-only metric; None: the state variable
    #: named ``key``
    compute: Callable[[State], np.ndarray] | None = None

    @property
    def title(self) -> str:
        return capitalised(self.label)

    @property
    def short_title(self) -> str:
        return capitalised(self.short)

    @property
    def heading(self) -> str:
        """The title with the unit, for a chart or a column: ``Welfare (0–100)``."""
        return f"{self.title} ({self.unit})"

    @property
    def regional(self) -> bool:
        return self.aggregate is not Aggregate.NATIONAL

    def values(self, state: State) -> np.ndarray:
        """Regional (runs, R) values, or (runs,) for a national-only metric."""
        return self.compute(state) if self.compute is not None else getattr(state, self.key)


def capitalised(text: str) -> str:
    """``text`` at the start of a line: its first letter upper case, the rest as written."""
    return text[:1].upper() + text[1:]


def _score(state: State) -> np.ndarray:
    """The final score is not a function of a state: it plays on with the last orders."""
    raise ValueError(
        "the score is not read from a state: it plays on past the term with the last "
        "orders (engine.final.final_score; a batch's BatchResult.score, Game.final_score)"
    )


#: What every quarter's summary keeps, in this order: a batch's columns, the JSON and CSV
#: series, a save's summary of each turn (the national panel draws its history from it).
COLLECTED: tuple[Metric, ...] = (
    Metric(
        key="coca_ha",
        label="coca",
        short="coca",
        unit="ha",
        fmt=AREA,
        aggregate=Aggregate.SUM,
        better=-1,
        description="coca planted, mature and young",
        compute=State.coca_total,
    ),
    Metric(
        key="cocaine_t",
        label="cocaine made",
        short="cocaine",
        unit="t",
        fmt=TONNES,
        aggregate=Aggregate.SUM,
        better=-1,
        description="cocaine potential this quarter",
    ),
    Metric(
        key="welfare",
        label="welfare",
        short="welfare",
        unit="0–100",
        fmt=INDEX,
        aggregate=Aggregate.HOUSEHOLDS,
        better=1,
        description="community welfare",
    ),
    Metric(
        key="violence",
        label="violence",
        short="violence",
        unit="per 100k/yr",
        fmt=INDEX,
        aggregate=Aggregate.HOUSEHOLDS,
        better=-1,
        description="violence",
    ),
    Metric(
        key="insurgency",
        label="armed remnant",
        short="remnant",
        unit="0–1",
        fmt=STRENGTH,
        aggregate=Aggregate.HOUSEHOLDS,
        better=-1,
        description="armed remnant's strength",
    ),
    Metric(
        key="traffickers",
        label="traffickers",
        short="traffick.",
        unit="0–1",
        fmt=STRENGTH,
        aggregate=Aggregate.HOUSEHOLDS,
        better=-1,
        description="traffickers' strength",
    ),
    Metric(
        key="forest_lost_ha",
        label="forest lost",
        short="forest−",
        unit="ha",
        fmt=AREA,
        aggregate=Aggregate.SUM,
        better=-1,
        description="forest cleared since the start",
    ),
    Metric(
        key="indigenous_coca_ha",
        label="coca Indig. land",
        short="indig.",
        unit="ha",
        fmt=AREA,
        aggregate=Aggregate.SUM,
        better=-1,
        description="coca on Indigenous land",
    ),
    Metric(
        key="eradicated_ha",
        label="eradicated",
        short="eradic.",
        unit="ha",
        fmt=AREA,
        aggregate=Aggregate.SUM,
        better=0,
        description="hectares eradicated since the start",
    ),
    Metric(
        key="seized_t",
        label="seized",
        short="seized",
        unit="t",
        fmt=NumberFormat(digits=1, table_digits=1, whole_from=100.0, pattern="{} t"),
        aggregate=Aggregate.SUM,
        better=1,
        description="cocaine seized since the start",
    ),
    Metric(
        key="leaf_price",
        label="leaf price",
        short="leaf $",
        unit="USD/kg",
        fmt=NumberFormat(digits=2, table_digits=1, pattern="${}/kg"),
        aggregate=Aggregate.COCA,
        better=0,
        description="farm-gate price of dry leaf",
    ),
    Metric(
        key="approval",
        label="approval",
        short="approval",
        unit="0–100",
        fmt=POLL,
        aggregate=Aggregate.NATIONAL,
        better=1,
        description="approval at home",
    ),
    Metric(
        key="support",
        label="support",
        short="support",
        unit="0–100",
        fmt=POLL,
        aggregate=Aggregate.NATIONAL,
        better=1,
        description="international support",
    ),
    Metric(
        key="displaced_abroad_ha",
        label="moved abroad",
        short="abroad",
        unit="ha",
        fmt=AREA,
        aggregate=Aggregate.NATIONAL,
        better=-1,
        description="growers' hectares moved abroad since the start",
    ),
)

#: The final score (``engine.final``). Not collected each quarter, and not computed from a
#: state, since it plays on with the last orders: a batch and the JSON keep every run's
#: final score on their own (``BatchResult.score``, the JSON's ``score``), a game has
#: ``Game.final_score``; the registry gives it its label, format and direction.
SCORE = Metric(
    key="score",
    label="score",
    short="score",
    unit="0–100",
    fmt=INDEX,
    aggregate=Aggregate.NATIONAL,
    better=1,
    description="the report card's grade over the term and two years played on",
    compute=_score,
)

#: What the press sees against what is there (``politics.apply``): state variables, not
#: collected each quarter (a save's summary and a batch's columns leave them out), read by
#: the debrief, which replays a game and sets the two side by side.
HEADLINE_GAP: tuple[Metric, ...] = (
    Metric(
        key="headline_index",
        label="headline index",
        short="headline",
        unit="100 = usual",
        fmt=INDEX,
        aggregate=Aggregate.NATIONAL,
        better=0,
        description="tonnes seized and hectares eradicated this quarter, against the usual",
    ),
    Metric(
        key="real_index",
        label="real index",
        short="real",
        unit="100 = start",
        fmt=INDEX,
        aggregate=Aggregate.NATIONAL,
        better=1,
        description="coca and cocaine made against the start, higher as they fall",
    ),
)

#: Every metric by key.
METRICS: dict[str, Metric] = {m.key: m for m in (*COLLECTED, SCORE, *HEADLINE_GAP)}


def pick(*keys: str) -> tuple[Metric, ...]:
    """The registry's metrics of ``keys``, in that order: a reader's selection, checked
    when its module is imported rather than when a screen first draws it."""
    unknown = [key for key in keys if key not in METRICS]
    if unknown:
        raise KeyError(f"no such metric: {', '.join(unknown)}")
    return tuple(METRICS[key] for key in keys)


#: The national outcomes a batch reports, in the order its tables list them: the
#: comparison shows them all, ``simulate``'s summary all but the price and the flight abroad.
OUTCOMES = pick(
    "coca_ha",
    "cocaine_t",
    "welfare",
    "violence",
    "insurgency",
    "forest_lost_ha",
    "indigenous_coca_ha",
    "eradicated_ha",
    "seized_t",
    "leaf_price",
    "approval",
    "displaced_abroad_ha",
)


def region_metric(state: State, key: str) -> np.ndarray:
    """(runs, R) values of a regional metric."""
    metric = METRICS[key]
    if not metric.regional:
        raise ValueError(f"{key} is national only: it has no regional values")
    return metric.values(state)


def national_metric(state: State, key: str) -> np.ndarray:
    """(runs,) national value of a metric, aggregated from its regions as it says."""
    metric = METRICS[key]
    values = metric.values(state)
    match metric.aggregate:
        case Aggregate.NATIONAL:
            return values.copy()
        case Aggregate.SUM:
            return add_along(values)
        case Aggregate.HOUSEHOLDS:
            weights = state.households
        case Aggregate.COCA:
            weights = state.coca_ha
    return add_along(values * weights) / np.maximum(add_along(weights), 1.0)
