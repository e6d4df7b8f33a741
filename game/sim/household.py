"""A region's growers' household budget per hectare, and the sources behind a region.

The budget restates the engine's own ``coca_return`` and ``licit_return`` term by term
(a test checks that the terms add up to the engine's figures), so what the player reads
is why the growers choose as they do in the model, not a separate story about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import State
from ..engine.growers import (
    coca_return,
    deterrence,
    expected_yield,
    licit_return,
    target_coca_share,
)
from ..loader import GameSetup
from ..schema import Fact, FactRef, Region


@dataclass(frozen=True)
class HouseholdBudget:
    """USD per hectare per year for one region (run 0), and the coca share it leads to."""

    price: float  # the farm-gate price growers expect, USD/kg
    yield_kg: float  # the yield they expect, kg a year
    gross: float  # price × yield
    risk: float  # perceived risk of eradication (share of their coca pulled up a year)
    deterrence: float  # how much that risk holds them back, 0–1 (growers.deterrence)
    costs: float
    tax: float  # the armed remnant's tax at its current strength
    coca: float  # = gross − costs − tax
    licit: float
    target_share: float  # share of farmland growers want under coca
    share: float  # share of farmland under coca now

    @property
    def ratio(self) -> float:
        """How many times the licit return coca pays (licit floored at $50, as the engine)."""
        return self.coca / max(self.licit, 50.0)


def household_budget(setup: GameSetup, state: State, region: int) -> HouseholdBudget:
    world = setup.world
    price = float(state.expected_price[0, region])
    risk = float(state.perceived_risk[0, region])
    yield_kg = float(expected_yield(world, state)[0, region])
    gross = price * yield_kg
    tax = float(world.insurgent_tax_usd_ha[region] * state.insurgency[0, region])
    rc, rl = coca_return(world, state), licit_return(world, state)
    target = target_coca_share(world, state, rc, rl)
    farmland = float(state.farmland_ha[0, region])
    return HouseholdBudget(
        price=price,
        yield_kg=yield_kg,
        gross=gross,
        risk=risk,
        deterrence=float(deterrence(world, state.perceived_risk)[0, region]),
        costs=world.params.coca_cost_usd_ha_yr,
        tax=tax,
        coca=float(rc[0, region]),
        licit=float(rl[0, region]),
        target_share=float(target[0, region]),
        share=float(state.coca_total()[0, region]) / farmland if farmland > 0 else 0.0,
    )


def region_fact_ids(region: Region) -> list[str]:
    """Facts a region's numbers use, then those it cites, each once, in that order."""
    ids: list[str] = []
    for name in type(region).model_fields:
        value = getattr(region, name)
        if isinstance(value, FactRef) and value.fact not in ids:
            ids.append(value.fact)
    ids += [c for c in region.cites if c not in ids]
    return ids


def region_sources(facts: dict[str, Fact], setup: GameSetup, region: int) -> list[tuple[str, Fact]]:
    """(fact id, fact) for every fact behind a region, as far as the fact sheet has them.

    ``facts`` is the content's fact sheet (``Content.facts``; the setup keeps only their
    values), so the sources shown are those the game was loaded with.
    """
    spec = setup.scenario.regions[region]
    return [(f, facts[f]) for f in region_fact_ids(spec) if f in facts]
