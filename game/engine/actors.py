"""Step 8 — the state, the armed remnant and the traffickers.

Troops raise state presence and press the armed remnant, with a risk of harming
civilians. The remnant grows on the tax it levies on coca where the state is absent
and seeps into neighbouring regions the state does not hold. Traffickers grow with the
cocaine made in a region and shrink under interdiction and troops; when troops leave a
pacified region both come back ("the apparatus moves where the threat is" — and so does
the threat). Intelligence gives each quarter a chance of capturing the remnant's
leader, which weakens it but splinters it for a while.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along, mix, to_shape
from .flows import Flows
from .ledger import Ledger
from .orders import Orders, derived
from .state import State
from .world import World


def troop_pressure(world: World, orders: Orders) -> np.ndarray:
    t = orders.troops
    return t / (t + world.params.troop_pressure_half)


def presence_reach(world: World, state: State, pressure: np.ndarray) -> dict[str, np.ndarray]:
    """How far troops and roads carry the state beyond its baseline (0–1 each).

    The armed remnant contests the ground troops hold, so troops carry the state less far
    where it is strong.
    """
    p = world.params
    contested = 1.0 - p.presence_insurgency_resistance * state.insurgency
    return {
        "troops": p.presence_troop_weight * pressure * contested,
        "infrastructure": p.presence_infrastructure_weight * state.infrastructure,
    }


def presence_pulls(world: World, state: State, pressure: np.ndarray) -> dict[str, np.ndarray]:
    """Named changes of state presence this quarter: towards baseline + what troops and
    roads carry."""
    base, rate = world.base_presence, world.params.presence_rate
    pulls = {k: rate * (1 - base) * v for k, v in presence_reach(world, state, pressure).items()}
    pulls["drift back to the baseline"] = rate * (base - state.state_presence)
    return pulls


def insurgency_pulls(world: World, state: State, pressure: np.ndarray) -> dict[str, np.ndarray]:
    """Named changes of the armed remnant's strength (before a capture)."""
    p = world.params
    absent = 1.0 - state.state_presence
    ins = state.insurgency
    tax_base = state.coca_total() / p.insurgency_tax_scale_ha * world.grows_coca
    spill = mix(ins, world.neighbour_shares)  # neighbours' strength, weighted by reach
    return {
        "tax on coca": world.insurgency_growth * tax_base * absent * np.sqrt(ins) * (1 - ins),
        "military pressure": -p.insurgency_troop_effect * pressure * ins,
        "spreading from neighbours": p.insurgency_spread
        * spill
        * absent
        * (1 - pressure)
        * (1 - ins),
    }


def trafficker_pulls(
    world: World, state: State, orders: Orders, pressure: np.ndarray, cocaine_t: np.ndarray
) -> dict[str, np.ndarray]:
    """Named changes of the traffickers' strength."""
    p = world.params
    interdicted = derived(world, orders, interdiction_reach)
    traf = state.traffickers
    made = cocaine_t / np.maximum(add_along(cocaine_t, keepdims=True), 1e-9)
    absent = 1.0 - state.state_presence
    return {
        "cocaine made in the region": world.trafficker_growth
        * (p.trafficker_base_pull + made)
        * absent
        * (1 - traf),
        "interdiction": -p.trafficker_interdiction_effect * interdicted * traf,
        "troops": -p.trafficker_troop_effect * pressure * traf,
    }


def interdiction_reach(world: World, orders: Orders) -> np.ndarray:
    """(n, R) how hard interdiction on the routes leaving each region hits its traffickers."""
    exit_spend = orders.interdiction_musd * world.route_exit
    guarded = mix(exit_spend, world.route_origin)  # (n, R): on the routes leaving each region
    return 1.0 - np.exp(-world.params.interdiction_per_musd * guarded)


def capture_odds(world: World, orders: Orders) -> np.ndarray:
    """(n,) chance of capturing the leader this quarter if still at large."""
    return 1.0 - np.exp(-world.params.capture_per_musd * orders.intelligence_musd)


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    pressure = to_shape(derived(world, orders, troop_pressure), state.coca_ha.shape)
    flows.troop_pressure = pressure
    for name, delta in presence_pulls(world, state, pressure).items():
        ledger.add("state_presence", name, delta)
    ledger.clip("state_presence", 0.0, 1.0)
    for name, delta in insurgency_pulls(world, state, pressure).items():
        ledger.add("insurgency", name, delta)
    for name, delta in trafficker_pulls(world, state, orders, pressure, flows.cocaine_t).items():
        ledger.add("traffickers", name, delta)
    capture_leader(world, state, orders, ledger, flows)
    civilian_harm(world, state, orders, flows)
    ledger.clip("insurgency", 0.0, 1.0)
    ledger.clip("traffickers", 0.0, 1.0)


def capture_leader(
    world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows
) -> None:
    p = world.params
    chance = state.leader_at_large * derived(world, orders, capture_odds)
    draw = state.rng.uniform(1)[:, 0]
    captured = draw < chance
    flows.captured = captured
    if not captured.any():
        return
    c = captured.astype(float)
    ledger.add("leader_at_large", "leader captured", -c * state.leader_at_large)
    ledger.add(
        "insurgency", "leader captured", -p.capture_insurgency_cut * c[:, None] * state.insurgency
    )
    state.captures = state.captures + c


def harm_chance(world: World, state: State, orders: Orders) -> np.ndarray:
    """(runs, R) chance that operations against the remnant hurt civilians this quarter."""
    return -np.expm1(-world.params.civilian_harm_rate * orders.troops * state.insurgency)


def civilian_harm(world: World, state: State, orders: Orders, flows: Flows) -> None:
    """Operations against an armed group sometimes hurt civilians (an incident a quarter)."""
    chance = harm_chance(world, state, orders)
    draw = state.rng.uniform(world.regions)
    harm = (draw < chance).astype(float)
    flows.harm = harm
    state.civilian_harm = state.civilian_harm + harm
