"""Step 5 — replanting: part of what is eradicated is planted again at once.

After forced eradication growers replant roughly half their fields (43–55% in Peru);
where a paid, voluntary scheme with real alternatives exists almost nobody does (0.6%).
The share here slides between those two with the region's alternative-development
capacity.
"""

from __future__ import annotations

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World


def replant_share(world: World, state: State) -> np.ndarray:
    p = world.params
    # the share of growers a programme reaches: at full reach, voluntary-scheme replanting
    reach = np.minimum(p.replant_development_reach * state.development, 1.0)
    return p.replant_forced - (p.replant_forced - p.replant_voluntary) * reach


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    share = replant_share(world, state)
    replanted = share * flows.eradicated_ha
    ledger.add("immature_ha", "replanting after eradication", replanted)
    flows.replanted_ha = replanted
    # what neither replants nor moves is decided in displacement.py
    flows.given_up_ha = np.maximum(flows.eradicated_ha - replanted, 0.0)
