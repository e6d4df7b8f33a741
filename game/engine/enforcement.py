"""Step 2 — enforcement: manual eradication and the risk growers perceive.

Eradication teams remove mature coca, but a team achieves less where the armed remnant
is strong and the state is absent (``access``), and no campaign removes more than a set
share of a region's coca in a quarter. Growers' perceived risk adapts towards the share
of their coca that was pulled up, annualised.
"""

from __future__ import annotations

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World


def eradication_access(world: World, state: State) -> np.ndarray:
    """How much of a team's capacity it can use in each region (runs, R)."""
    p = world.params
    return (1.0 - p.insurgency_access_penalty * state.insurgency) * (
        0.5 + 0.5 * state.state_presence
    )


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    capacity = orders.eradication_teams * p.team_capacity_ha * eradication_access(world, state)
    eradicated = np.minimum(capacity, p.eradication_max_share * state.coca_ha)
    eradicated = np.maximum(eradicated, 0.0)
    planted_before = state.coca_total()
    ledger.add("coca_ha", "eradication", -eradicated)
    flows.eradicated_ha = eradicated
    state.eradicated_ha = state.eradicated_ha + eradicated

    intensity = np.minimum(4.0 * eradicated / np.maximum(planted_before, 1.0), 1.0)
    flows.eradication_intensity = intensity
    ledger.add(
        "perceived_risk",
        "eradication seen this quarter",
        p.risk_memory * (intensity - state.perceived_risk),
    )
    ledger.clip("perceived_risk", 0.0, 1.0)
