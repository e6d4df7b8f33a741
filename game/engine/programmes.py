"""Alternative development and infrastructure: capacities that build up with money.

Both saturate (the tenth million in a valley buys less than the first) and both wear
away, faster where the state is absent: where it is not present, buyers, technicians and
road crews do not stay. Development money also needs security and a road to market to
take hold at all (``development_security_floor`` is what it builds without them), so
development pays most together with security and roads — the San Martín lesson — and
little alone (the VRAEM's 2014 conversion target: none of 5,000 ha). How fast each
capacity wears away differs by region and is inferred from the start (what the starting
funding sustains; see calibrate.py). This is part of step 8's slow variables, kept
apart because players ask "what does my development money do?".
"""

from __future__ import annotations

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders, derived
from .state import State
from .world import World


def saturating(spend: np.ndarray, half: float) -> np.ndarray:
    return spend / (spend + half)


def funding_gains(world: World, orders: Orders) -> tuple[np.ndarray, np.ndarray]:
    """(n, R) this quarter's gain rates of development and of infrastructure, before
    security: they depend on the orders alone."""
    p = world.params
    dev_gain = p.development_gain * saturating(orders.development_musd, p.development_half_musd)
    infra_gain = p.infrastructure_gain * saturating(
        orders.infrastructure_musd, p.infrastructure_half_musd
    )
    return dev_gain * world.grows_coca, infra_gain


def security_for_development(world: World, state: State) -> np.ndarray:
    """Share of development money that takes hold (runs, R): security and roads."""
    floor = world.params.development_security_floor
    return floor + (1.0 - floor) * np.sqrt(state.state_presence * state.infrastructure)


def absence(world: World, state: State) -> np.ndarray:
    """The state's absence relative to the start's: wear scales with it (runs, R)."""
    start = np.maximum(1.0 - world.start["state_presence"], world.params.absence_floor)
    return (1.0 - state.state_presence) / start


def development_pulls(world: World, state: State, orders: Orders) -> dict[str, np.ndarray]:
    """Named changes of development capacity this quarter."""
    dev_gain, _ = derived(world, orders, funding_gains)
    taken = dev_gain * security_for_development(world, state)
    return {
        "development funding": taken * (1.0 - state.development),
        "wear where the state is absent": -world.development_decay
        * absence(world, state)
        * state.development,
    }


def infrastructure_pulls(world: World, state: State, orders: Orders) -> dict[str, np.ndarray]:
    """Named changes of infrastructure this quarter."""
    _, infra_gain = derived(world, orders, funding_gains)
    return {
        "roads, power and sanitation built": infra_gain * (1.0 - state.infrastructure),
        "wear": -world.infrastructure_decay * absence(world, state) * state.infrastructure,
    }


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    for name, delta in development_pulls(world, state, orders).items():
        ledger.add("development", name, delta)
    for name, delta in infrastructure_pulls(world, state, orders).items():
        ledger.add("infrastructure", name, delta)
    ledger.clip("development", 0.0, 1.0)
    ledger.clip("infrastructure", 0.0, 1.0)
