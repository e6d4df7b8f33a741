"""Fitting a historical scenario's starting trends to its recorded trajectory.

Calibration turns each region's ``trend_per_year`` into its propensity to grow coca, so
that the start moves as the data says it did in its first quarter. One quarter is a thin
base for a region hit by a campaign (the Monzón's collapse in 2013 was eradication,
while what its growers wanted afterwards shows only in the years that followed), so for
a scenario with a record, the trends can instead be fitted to the whole in-sample path:
the trends that make the scenario, played as it happened and without chance, pass
closest (in log terms) to every recorded area before ``out_of_sample_from``.

This is a tool for the scenario's author (``balloon fit``); its result is written into
the scenario file as data with its assumption stated, so loading a scenario stays fast
and a reader sees the numbers the game plays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ..engine.calibrate import without_chance
from ..errors import ContentError
from ..loader import Content, GameSetup, prepare_game, resolve
from ..schema import Assumed, StrategySpec
from .batch import run_batch
from .hindcast import NATIONAL, area_at, regional_area, year_end_turn
from .record import Recorder
from .strategy import Strategy

#: A national miss counts this many times a region's, so the regions add up to the survey.
NATIONAL_WEIGHT = 3.0
STEPS = (0.16, 0.08, 0.04, 0.02, 0.01)


@dataclass(frozen=True)
class Fit:
    trends: dict[str, float]
    loss: float
    evaluations: int


def with_trends(
    content: Content, scenario_id: str, trends: dict[str, float], field: str = "trend_per_year"
) -> Content:
    """A copy of the content whose scenario has these starting trends (or other region
    figures: ``field``)."""
    scenario = content.scenarios[scenario_id]
    regions = [
        r.model_copy(update={field: Assumed(value=trends[r.id], assumption="fit")})
        if r.id in trends
        else r
        for r in scenario.regions
    ]
    scenarios = {**content.scenarios, scenario_id: scenario.model_copy(update={"regions": regions})}
    return Content(
        content.facts,
        scenarios,
        content.events,
        content.strategies,
        content.models,
        content.paths,
        f"{content.digest}:fit",
    )


def path_loss(setup: GameSetup) -> float:
    """Squared log misses of the scenario's own history, played once without chance."""
    world = without_chance(setup.world)
    chance_free = replace(setup, world=world)
    history = StrategySpec(id="history", name="History", description="The scenario's schedule.")
    tracker = Recorder(Strategy(spec=history, setup=chance_free), regional_area)
    last = setup.scenario.out_of_sample_from or 10_000
    recorded = setup.recorded.get("coca_ha", {})
    years = [y for place in recorded.values() for y in place if y < last]
    turns = max(year_end_turn(setup, y) for y in years)
    result = run_batch(chance_free, tracker, np.array([0]), turns, series=False)  # type: ignore[arg-type]
    tracker.keep(result.final_state)
    loss = 0.0
    for place, values in recorded.items():
        region = None if place == NATIONAL else world.region_index(place)
        weight = NATIONAL_WEIGHT if region is None else 1.0
        for year, value in values.items():
            turn = year_end_turn(setup, year)
            if year >= last or turn <= 0 or turn > turns:
                continue
            model = area_at(tracker, region, turn)[0]
            loss += weight * np.log(max(model, 1.0) / value) ** 2
    return float(loss)


def fit_trends(
    content: Content,
    scenario_id: str,
    progress: Callable[[str], None] | None = None,
) -> Fit:
    """Coordinate search over each coca region's trend, largest steps first."""
    scenario = content.scenarios[scenario_id]
    trends = {
        r.id: resolve(r.trend_per_year, content.facts) for r in scenario.regions if r.grows_coca
    }
    evaluations = 0

    def loss(candidate: dict[str, float]) -> float:
        nonlocal evaluations
        evaluations += 1
        try:
            setup = prepare_game(with_trends(content, scenario_id, candidate), scenario_id)
        except ContentError:
            return float("inf")  # a trend calibration cannot meet
        return path_loss(setup)

    best = loss(trends)
    for step in STEPS:
        improved = True
        while improved:
            improved = False
            for region in trends:
                for direction in (+1.0, -1.0):
                    candidate = {**trends, region: trends[region] + direction * step}
                    value = loss(candidate)
                    if value < best - 1e-9:
                        best, trends, improved = value, candidate, True
                        if progress:
                            progress(f"{region} {candidate[region]:+.3f}: loss {best:.4f}")
                        break
    return Fit(trends, best, evaluations)
