"""Step 7 — land, forest and Indigenous territories.

New coca goes first onto fallow farmland; beyond that it clears forest, at least one
hectare per hectare planted, and more on the frontier, where camps, tracks and landing
strips come with the fields. Land is conserved: what forest loses, farmland gains. A
regional share of new plantings falls inside Indigenous territories; spending on their
protection and titling lowers it.
"""

from __future__ import annotations

import numpy as np

from .arrays import clamp
from .flows import Flows
from .ledger import Ledger
from .orders import Orders, derived
from .state import State
from .world import World


def protection(world: World, orders: Orders) -> np.ndarray:
    """0–1 effect of spending on protecting Indigenous territories (n, R)."""
    half = world.params.indigenous_protection_half_musd
    return orders.indigenous_musd / (orders.indigenous_musd + half)


def inside_share(world: World, orders: Orders) -> np.ndarray:
    """(n, R) share of new plantings inside Indigenous territories, after protection."""
    return world.indigenous_share * (
        1.0 - world.params.indigenous_protection_max * protection(world, orders)
    )


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    used = state.coca_total() + state.licit_ha
    shortfall = np.maximum(used - state.farmland_ha, 0.0)
    per_ha = p.forest_per_new_ha * (1.0 + p.frontier_indirect_clearing * world.frontier)
    wanted = shortfall * per_ha
    cleared = np.minimum(wanted, state.forest_ha)
    ledger.add("forest_ha", "cleared for new coca", -cleared)
    ledger.add("farmland_ha", "cleared from forest", cleared)
    ledger.add("forest_lost_ha", "cleared for new coca", cleared)
    flows.cleared_ha = cleared
    # Where no forest is left, the plantings that found no land do not happen.
    unplaced = np.maximum(state.coca_total() + state.licit_ha - state.farmland_ha, 0.0)
    unplaced = np.minimum(unplaced, state.immature_ha)
    if (unplaced > 0).any():
        ledger.add("immature_ha", "no land left to plant", -unplaced)

    update_indigenous(world, state, orders, ledger, flows)


def update_indigenous(
    world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows
) -> None:
    """Coca inside Indigenous territories: losses pro rata, new plantings by regional share."""
    planted_before = ledger.before["coca_ha"] + ledger.before["immature_ha"]
    inside = state.indigenous_coca_ha
    fraction = np.divide(
        inside, planted_before, out=np.zeros_like(inside), where=planted_before > 0
    )
    fraction = clamp(fraction, 0.0, 1.0)
    removed = flows.eradicated_ha + flows.abandoned_ha + flows.fled_ha
    ledger.add("indigenous_coca_ha", "eradication and abandonment", -fraction * removed)
    ledger.add("indigenous_coca_ha", "replanting after eradication", fraction * flows.replanted_ha)
    share = derived(world, orders, inside_share)
    new = flows.planted_ha + flows.moved_in_ha
    ledger.add("indigenous_coca_ha", "new plantings on Indigenous land", share * new)
    excess = np.maximum(state.indigenous_coca_ha - state.coca_total(), 0.0)
    if (excess > 0).any():
        ledger.add("indigenous_coca_ha", "kept within range", -excess)
    ledger.clip("indigenous_coca_ha", 0.0, None)


def keep_consistent(ledger: Ledger) -> None:
    """After an event's effects: farmland holds what is planted, young plants first to go.

    Events may move stocks of land directly (a flood, an invasion); this restores the
    accounting so that coca, young coca and licit crops fit within farmland and coca on
    Indigenous land within all coca.
    """
    state = ledger.state
    ledger.clip("farmland_ha", 0.0, None)
    excess = state.coca_total() + state.licit_ha - state.farmland_ha
    for var in ("licit_ha", "immature_ha", "coca_ha"):
        if not (excess > 0).any():  # most quarters nothing is over: one check, not three
            break
        cut = np.minimum(np.maximum(excess, 0.0), getattr(state, var))
        ledger.add(var, "kept within farmland", -cut)
        excess = state.coca_total() + state.licit_ha - state.farmland_ha
    excess = state.indigenous_coca_ha - state.coca_total()
    if (excess > 0).any():
        ledger.add("indigenous_coca_ha", "kept within range", -np.maximum(excess, 0.0))
