"""Step 6 — displacement, the balloon effect.

Growers who lost fields and did not replant, and growers who judge the risk too high,
move. They go along routes to regions that are easy to reach, pay better, have little
state presence and still have forest to clear; a share leaves the country. Arrivals
plant young coca. How many move is the scenario's balloon strength, because the
evidence on its size is contested.
"""

from __future__ import annotations

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World

FOREST_HALF_HA = 20_000.0  # forest at which a region is half as attractive to settlers (assumption)


def destination_weights(world: World, state: State, coca_return: np.ndarray) -> np.ndarray:
    """(runs, R, R) row-normalised share of movers from each region going to each other one."""
    p = world.params
    beta = p.beta * state.response_scale[:, 1][:, None, None]
    scale = np.maximum(np.abs(coca_return).mean(axis=1), 1.0)[:, None, None]
    gain = beta * (coca_return[:, None, :] - coca_return[:, :, None]) / scale
    pull = (
        (1.0 - state.state_presence)
        * world.grows_coca
        * state.forest_ha
        / (state.forest_ha + FOREST_HALF_HA)
    )
    w = world.neighbours[None, :, :] * np.exp(np.clip(gain, -20, 20)) * pull[:, None, :]
    total = w.sum(axis=2, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    b = world.params.balloon
    after_eradication = b.mu * flows.given_up_ha
    flows.given_up_ha = flows.given_up_ha - after_eradication
    risk_excess = np.maximum(state.perceived_risk - b.risk_floor, 0.0)
    fleeing = np.minimum(b.nu * risk_excess * state.coca_ha, state.coca_ha)
    movers = after_eradication + fleeing

    weights = destination_weights(world, state, flows.coca_return)
    has_destination = weights.sum(axis=2) > 0
    abroad_share = np.where(has_destination, np.clip(world.abroad_share * b.abroad, 0.0, 1.0), 1.0)
    abroad = movers * abroad_share
    moves = (movers - abroad)[:, :, None] * weights  # [run, from, to]
    arrivals = moves.sum(axis=1)

    # The fields the risk-driven movers leave stop producing: named by destination.
    if np.any(fleeing > 0):
        fleeing_share = np.divide(fleeing, movers, out=np.zeros_like(movers), where=movers > 0)
        for j, name in enumerate(world.region_names):
            left = moves[:, :, j] * fleeing_share
            if np.any(left > 0):
                ledger.add("coca_ha", f"growers leaving for {name}", -left)
        ledger.add("coca_ha", "growers leaving the country", -abroad * fleeing_share)
    for i, name in enumerate(world.region_names):
        came = moves[:, i, :]
        if np.any(came > 0):
            ledger.add("immature_ha", f"growers arriving from {name}", came)

    flows.moves = moves
    flows.moved_out_ha = movers
    flows.fled_ha = fleeing
    flows.moved_in_ha = arrivals
    flows.abroad_ha = abroad
    state.displaced_out_ha = state.displaced_out_ha + movers
    state.displaced_in_ha = state.displaced_in_ha + arrivals
    state.displaced_abroad_ha = state.displaced_abroad_ha + abroad.sum(axis=1)
