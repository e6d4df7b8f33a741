"""Alternative development and infrastructure: capacities that build up with money.

Both saturate (the tenth million in a valley buys less than the first) and both wear
away. How fast they wear away differs by region and is inferred from the start (what
the starting funding sustains; see calibrate.py), and it scales with the state's
absence: where the state is not present, buyers, technicians and road crews do not
stay. So development pays most together with security — the San Martín lesson. This is
part of step 8's slow variables but kept apart because players ask "what does my
development money do?".
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
    """(n, R) this quarter's gain rates of development and of infrastructure."""
    p = world.params
    dev_gain = p.development_gain * saturating(orders.development_musd, p.development_half_musd)
    infra_gain = p.infrastructure_gain * saturating(
        orders.infrastructure_musd, p.infrastructure_half_musd
    )
    return dev_gain, infra_gain


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    grows = world.grows_coca
    dev_gain, infra_gain = derived(world, orders, funding_gains)
    ledger.add("development", "development funding", dev_gain * (1.0 - state.development) * grows)
    absence = (1.0 - state.state_presence) / np.maximum(1.0 - world.start["state_presence"], 0.05)
    ledger.add(
        "development",
        "wear where the state is absent",
        -world.development_decay * absence * state.development,
    )
    ledger.add(
        "infrastructure",
        "roads, power and sanitation built",
        infra_gain * (1.0 - state.infrastructure),
    )
    ledger.add(
        "infrastructure", "wear", -world.infrastructure_decay * absence * state.infrastructure
    )
    ledger.clip("development", 0.0, 1.0)
    ledger.clip("infrastructure", 0.0, 1.0)
