"""Step 6 — displacement, the balloon effect.

Growers who lost fields and did not replant, and growers who judge the risk too high,
move. They go along routes to regions that are easy to reach, pay better, have little
state presence and still have forest to clear; a share leaves the country. Arrivals
plant young coca. How many move is the scenario's balloon strength, because the
evidence on its size is contested. Households move with their fields: a region that
pushes growers out loses them (and their incomes), and the one they reach gains them.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along, clamp, max_along, mix
from .flows import Flows
from .growers import deterrence
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World


def destination_pull(world: World, state: State, coca_return: np.ndarray) -> np.ndarray:
    """(runs, R) how strongly each region draws movers, before ease of reach.

    A destination's weight for movers from i is ease of reach N[i, j] × exp(β · its coca
    return relative to the origin's − the threat of eradication there) × the state's
    absence × forest left. Each origin's
    weights are normalised, so the origin's own return cancels out and only each
    destination's pull needs exponentiating.
    """
    p = world.params
    beta = p.beta * state.response_scale[:, 1:2]
    mean_size = add_along(np.abs(coca_return), keepdims=True) / coca_return.shape[1]
    scale = np.maximum(mean_size, 1.0)
    relative = beta * (coca_return - max_along(coca_return, keepdims=True)) / scale
    risk = world.params.risk_pull * deterrence(world, state.perceived_risk)
    return (
        np.exp(relative - risk)
        * (1.0 - state.state_presence)
        * world.grows_coca
        * state.forest_ha
        / (state.forest_ha + p.settler_forest_half_ha)
    )


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    b = world.params.balloon
    after_eradication = b.mu * flows.given_up_ha
    flows.given_up_ha = flows.given_up_ha - after_eradication
    risk_excess = np.maximum(state.perceived_risk - b.risk_floor, 0.0)
    fleeing = np.minimum(b.nu * risk_excess * state.coca_ha, state.coca_ha)
    movers = after_eradication + fleeing

    pull = destination_pull(world, state, flows.coca_return)
    reach = mix(pull, world.neighbours)  # reach[:, i]: Σ_j ease of reach i → j × pull of j
    has_destination = reach > 0
    leaving_abroad = clamp(world.abroad_share * b.abroad, 0.0, 1.0)
    abroad_share = np.where(has_destination, leaving_abroad, 1.0)
    abroad = movers * abroad_share
    per_reach = np.divide(movers - abroad, reach, out=np.zeros_like(reach), where=has_destination)
    # Only regions that grow coca send growers (settler_routes), to regions that grow it.
    arrivals = pull * mix(per_reach, world.settler_routes.T)
    fleeing_share = np.divide(fleeing, movers, out=np.zeros_like(movers), where=movers > 0)
    if ledger.record:
        # who went where, for the report: [run, from, to]; the book's entries are its slices
        flows.moves = per_reach[:, :, None] * world.settler_routes[None] * pull[:, None, :]
    names = world.region_names
    ledger.add_split(
        "settlers_ha",
        arrivals,
        lambda: {
            f"growers arriving from {names[i]}": flows.moves[:, i] for i in world.coca_senders
        },
    )
    settled = world.params.settling_rate * state.settlers_ha
    ledger.add("settlers_ha", "settled and planting", -settled)
    ledger.add("immature_ha", "displaced growers planting", settled)
    # growers count where they grow: they leave at once, and arrive as they settle
    per = 1.0 / world.params.ha_per_grower_household
    leaving = np.minimum(movers * per, state.growers)
    ledger.add("growers", "growers leaving", -leaving)
    # Growers who lost a field and neither replanted nor moved: some give up coca for good.
    if b.quit > 0:
        quitting = np.minimum(b.quit * flows.given_up_ha * per, state.growers - leaving)
        ledger.add("growers", "growers giving up coca", -quitting)
    ledger.add("growers", "displaced growers settling", settled * per)

    # The fields the risk-driven movers leave stop producing: named by destination.
    def leaving_by_destination() -> dict[str, np.ndarray]:
        left = -(flows.moves * fleeing_share[:, :, None])  # [run, from, to]
        parts = {f"growers leaving for {names[j]}": left[:, :, j] for j in world.coca_destinations}
        parts["growers leaving the country"] = -abroad * fleeing_share
        return parts

    ledger.add_split("coca_ha", -fleeing, leaving_by_destination)

    move_households(world, state, ledger, flows, movers, abroad, pull, per_reach)

    flows.moved_out_ha = movers
    flows.fled_ha = fleeing
    flows.arrived_ha = arrivals
    flows.moved_in_ha = settled
    flows.abroad_ha = abroad
    state.displaced_out_ha = state.displaced_out_ha + movers
    state.displaced_in_ha = state.displaced_in_ha + arrivals
    state.displaced_abroad_ha = state.displaced_abroad_ha + add_along(abroad)


def move_households(
    world: World,
    state: State,
    ledger: Ledger,
    flows: Flows,
    movers: np.ndarray,
    abroad: np.ndarray,
    pull: np.ndarray,
    per_reach: np.ndarray,
) -> None:
    """Households go where their hectares go: one per ``ha_per_grower_household``.

    A region never loses more households than it has: where the hectares moving would
    take more, all its households go and each carries more land.
    """
    per = 1.0 / world.params.ha_per_grower_household
    wanted = movers * per
    leaving = np.minimum(wanted, state.households)
    kept = np.divide(leaving, wanted, out=np.ones_like(wanted), where=wanted > 0)
    arriving = pull * mix(per_reach * kept, world.settler_routes.T) * per
    names = world.region_names

    def by_place() -> dict[str, np.ndarray]:
        moves = flows.moves * (per * kept)[:, :, None]  # [run, from, to] households
        parts = {f"growers arriving from {names[i]}": moves[:, i] for i in world.coca_senders}
        for j in world.coca_destinations:
            parts[f"growers leaving for {names[j]}"] = -moves[:, :, j]
        parts["growers leaving the country"] = -abroad * per * kept
        return parts

    ledger.add_split("households", arriving - leaving, by_place)
