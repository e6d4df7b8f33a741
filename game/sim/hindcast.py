"""The hindcast: a historical scenario played as it happened, set against the record.

``peru-2013`` starts from the area surveyed at the end of 2012 and follows CORAH's
eradication year by year (its schedule). Played many times over — chance differs from
run to run — the median area at the end of each year is set beside the survey's, for the
nation and for every region with figures. Years from the scenario's
``out_of_sample_from`` on were not used to fit anything: a strategy file (given by path)
can carry the game past the scenario's last year with its own eradication and shocks,
and those years are an honest test.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np

from ..engine.events import EventTable
from ..engine.world import QUARTERS_PER_YEAR
from ..loader import GameSetup
from .batch import run_batch
from .record import Recorder
from .strategy import Strategy

NATIONAL = "national"


@dataclass(frozen=True)
class Row:
    """One place and year: the model's median (and p10–p90) against the record."""

    place: str  # "national" or a region id
    year: int
    turn: int
    model: float
    p10: float
    p90: float
    recorded: float | None
    in_sample: bool
    low_confidence: bool = False  # the record cites a fact of low confidence

    @property
    def error(self) -> float | None:
        """Relative error of the median against the record."""
        if self.recorded is None or self.recorded == 0:
            return None
        return self.model / self.recorded - 1.0


@dataclass(frozen=True)
class Direction:
    """Whether the model moves a place the way the record does between two recorded years."""

    place: str
    years: tuple[int, int]
    recorded: float  # relative change
    model: float  # the change of the median area
    in_sample: bool
    low_confidence: bool = False  # either end's record is of low confidence
    # p10 and p90 over runs of each run's own change between the two years
    model_p10: float = 0.0
    model_p90: float = 0.0

    @property
    def right(self) -> bool:
        return np.sign(self.recorded) == np.sign(self.model)

    @property
    def within_range(self) -> bool:
        """Whether the recorded change lies inside the model's 80% range of changes.

        The median's direction is what the hindcast's target asks for; this says how far
        a miss is from the model's spread. A change of a few percent that the median gets
        wrong while the record sits well inside the runs' range is a coin the model
        cannot call; a change the model gets "right" with the record far outside its
        range (a valley the model halves where it held steady) is a real error.
        """
        return self.model_p10 <= self.recorded <= self.model_p90


@dataclass(frozen=True)
class Eradication:
    """A year's eradication: what the plan ordered and what the teams achieved (median)."""

    year: int
    ordered: float | None
    achieved: float
    recorded: float | None


@dataclass(frozen=True)
class Hindcast:
    scenario: str
    strategy: str
    runs: int
    years: tuple[int, ...]
    rows: tuple[Row, ...]
    directions: tuple[Direction, ...]
    eradication: tuple[Eradication, ...]
    out_of_sample_from: int | None

    def national(self) -> list[Row]:
        return [r for r in self.rows if r.place == NATIONAL]

    def worst_in_sample(self) -> float:
        errors = [abs(r.error) for r in self.national() if r.in_sample and r.error is not None]
        return max(errors) if errors else 0.0

    def in_sample_directions_right(self) -> bool:
        return all(d.right for d in self.directions if d.in_sample)


def year_end_turn(setup: GameSetup, year: int) -> int:
    """The turn at which a year's survey (31 December) is taken."""
    world = setup.world
    return (year + 1 - world.start_year) * QUARTERS_PER_YEAR - (world.start_quarter - 1)


def area_at(recorder: Recorder, region: int | None, turn: int) -> tuple[float, float, float]:
    """Median, p10 and p90 over runs of the area of a region (None: the nation)."""
    area = recorder.kept[turn]
    values = area.sum(axis=1) if region is None else area[:, region]
    low, median, high = np.quantile(values, [0.1, 0.5, 0.9])
    return float(median), float(low), float(high)


def change_range(
    recorder: Recorder, region: int | None, turns: tuple[int, int]
) -> tuple[float, float]:
    """p10 and p90 over runs of each run's relative change of area between two turns."""
    first, last = (recorder.kept[t] for t in turns)
    if region is None:
        first, last = first.sum(axis=1), last.sum(axis=1)
    else:
        first, last = first[:, region], last[:, region]
    change = np.divide(last, first, out=np.ones_like(last), where=first > 0) - 1.0
    low, high = np.quantile(change, [0.1, 0.9])
    return float(low), float(high)


def regional_area(state) -> np.ndarray:
    """(runs, R) coca planted, mature and young."""
    return state.coca_total()


def without_events(setup: GameSetup, strategy: Strategy) -> tuple[GameSetup, Strategy]:
    """The game a hindcast plays: the same world and strategy, with no events at all.

    A hindcast replays what happened. The record it is set against already holds every
    strike, price crash and seizure of those years, and the scenario's schedule already
    holds what the government did about them: an event on top (one that names no
    scenario fires in every one) would count the same history twice, and would move the
    hindcast's figures whenever a designer adds an event. So the table is empty, and the
    strategy answers no event (an answer to an event the table lacks is refused).
    """
    quiet = dataclasses.replace(setup, events=EventTable(), event_specs=())
    spec = strategy.spec.model_copy(update={"event_choices": {}})
    return quiet, dataclasses.replace(strategy, spec=spec, setup=quiet)


def run_hindcast(
    setup: GameSetup,
    strategy: Strategy,
    runs: int,
    seed: int,
    until_year: int | None = None,
) -> Hindcast:
    """Play the scenario ``runs`` times with ``strategy`` to the end of ``until_year``,
    with no events (``without_events``)."""
    setup, strategy = without_events(setup, strategy)
    world, scenario = setup.world, setup.scenario
    first_year = world.start_year if world.start_quarter == 1 else world.start_year + 1
    last_year = until_year or world.year_of(world.turns - 1)
    years = tuple(range(first_year, last_year + 1))
    turns = year_end_turn(setup, last_year)
    tracker = Recorder(strategy, regional_area)
    seeds = np.arange(seed, seed + runs)
    result = run_batch(setup, tracker, seeds, turns, series=True, bands=False)  # type: ignore[arg-type]
    tracker.keep(result.final_state)
    recorded = setup.recorded.get("coca_ha", {})

    def uncertain(place: str, *in_years: int) -> bool:
        return any(("coca_ha", place, y) in setup.uncertain_records for y in in_years)

    def at(place: str, turn: int) -> tuple[float, float, float]:
        return area_at(tracker, None if place == NATIONAL else world.region_index(place), turn)

    split = scenario.out_of_sample_from
    places = [NATIONAL] + [rid for rid in world.region_ids if rid in recorded]
    rows = []
    for place in places:
        for year in (first_year - 1, *years):
            turn = year_end_turn(setup, year)
            if turn < 0 or turn > turns:
                continue
            median, low, high = at(place, turn)
            rows.append(
                Row(
                    place,
                    year,
                    turn,
                    median,
                    low,
                    high,
                    recorded.get(place, {}).get(year),
                    split is None or year < split,
                    uncertain(place, year),
                )
            )
    directions = []
    for place in places:
        marks = sorted(
            (y, v)
            for y, v in recorded.get(place, {}).items()
            if 0 <= year_end_turn(setup, y) <= turns
        )
        for (y0, v0), (y1, v1) in itertools.pairwise(marks):
            span = (year_end_turn(setup, y0), year_end_turn(setup, y1))
            m0, m1 = at(place, span[0])[0], at(place, span[1])[0]
            region = None if place == NATIONAL else world.region_index(place)
            low, high = change_range(tracker, region, span)
            directions.append(
                Direction(
                    place,
                    (y0, y1),
                    v1 / v0 - 1.0,
                    m1 / m0 - 1.0,
                    split is None or y1 < split,
                    uncertain(place, y0, y1),
                    low,
                    high,
                )
            )
    erad_recorded = setup.recorded.get("eradicated_ha", {}).get(NATIONAL, {})
    eradication = []
    cumulative = result.series("eradicated_ha")
    for year in years:
        end, begin = year_end_turn(setup, year), year_end_turn(setup, year - 1)
        begin = max(begin, 0)
        ordered = [
            tracker.targets[t] / QUARTERS_PER_YEAR
            for t in range(begin, end)
            if t in tracker.targets
        ]
        eradication.append(
            Eradication(
                year,
                sum(ordered) if ordered else None,
                float(cumulative[end] - cumulative[begin]),
                erad_recorded.get(year),
            )
        )
    return Hindcast(
        scenario.id,
        strategy.id,
        runs,
        years,
        tuple(rows),
        tuple(directions),
        tuple(eradication),
        split,
    )
