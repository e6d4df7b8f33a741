"""Step 9 — violence: homicides and attacks per 100,000 people per year.

It relaxes towards a level set by the region's baseline, forced eradication where growers
have no alternative, the armed remnant, the traffickers, harm done in operations and,
for a while after its leader is captured, the remnant splintering.
"""

from __future__ import annotations

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    r = p.violence_rate
    splinter = (
        p.capture_violence_spike
        * flows.captured[:, None]
        * (state.insurgency > p.splinter_min_insurgency)
    )
    pressures = {
        "baseline": world.base_violence - state.violence,
        "forced eradication without alternatives": p.violence_eradication
        * flows.eradication_intensity
        * (1.0 - state.development),
        "armed remnant": p.violence_insurgency * state.insurgency,
        "traffickers": p.violence_traffickers * state.traffickers,
        "harm in operations": p.violence_harm * flows.harm,
        "remnant splintering after a capture": splinter,
    }
    for name, pull in pressures.items():
        ledger.add("violence", name, r * pull)
    ledger.clip("violence", 0.0, None)
