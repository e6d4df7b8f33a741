"""Step 2 — enforcement: manual eradication and the risk growers perceive.

A team pulls up a set number of hectares a quarter at best (``team_capacity_ha``, times
the scenario's capacity for that year). It achieves less where the armed remnant is
strong and the state is absent (``access``), where a lockdown or a strike stops work
(the scenario's ``eradication_access``), and in a bad quarter (chance). Returns
diminish: the first fields are the easy ones by the road; as teams pile into a region,
what is left is scattered, steep and guarded, so eradication approaches, but never
reaches, the share of a region's mature coca a campaign can get at in a quarter.
Teams pull up what they find, young plants as well as mature ones. Growers' perceived
risk adapts towards the share of their coca that was pulled up, annualised.
"""

from __future__ import annotations

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import QUARTERS_PER_YEAR, World


def eradication_access(world: World, state: State) -> np.ndarray:
    """How much of a team's capacity it can use in each region (runs, R)."""
    p = world.params
    security = 1.0 - p.insurgency_access_penalty * state.insurgency
    presence = p.presence_access_floor + (1.0 - p.presence_access_floor) * state.state_presence
    return security * presence * world.exogenous.at("eradication_access", state.turn)


def nominal_capacity(world: World, turn: int, teams: np.ndarray) -> np.ndarray:
    """Hectares the teams could pull up this quarter with full access (n, R)."""
    return teams * world.params.team_capacity_ha * world.exogenous.at("team_capacity_mult", turn)


def reachable_parts(
    world: World, mature: np.ndarray, young: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Of ``mature`` and ``young`` coca, what a campaign could get at in a quarter.

    Young fields are mostly the ones teams pulled up before and growers replanted: the
    teams know where they are and come back to them, so more of them are within reach
    (``young_field_reach``) than of the mature fields, which have to be found
    (``eradication_max_share``).
    """
    p = world.params
    return p.eradication_max_share * mature, p.young_field_reach * young


def reachable_coca(world: World, state: State) -> np.ndarray:
    """Coca, mature and young, a campaign could get at in a quarter (runs, R)."""
    mature, young = reachable_parts(world, state.coca_ha, state.immature_ha)
    return mature + young


def eradication_achieved(effort: np.ndarray, reachable: np.ndarray) -> np.ndarray:
    """Hectares pulled up by ``effort`` (capacity × access) with diminishing returns.

    ``reachable · (1 − exp(−effort / reachable))``: about ``effort`` while it is small
    against what is reachable, never more than what is reachable.
    """
    safe = np.maximum(reachable, 1e-9)
    return np.where(reachable > 0, safe * -np.expm1(-effort / safe), 0.0)


def effort_for(hectares: np.ndarray, reachable: np.ndarray) -> np.ndarray:
    """The effort that achieves ``hectares`` (the inverse of ``eradication_achieved``);
    infinite where it is out of reach."""
    safe = np.maximum(reachable, 1e-9)
    share = np.clip(hectares / safe, 0.0, 1.0)
    with np.errstate(divide="ignore"):
        effort = -safe * np.log1p(-share)
    return np.where(hectares <= 0, 0.0, np.where(share >= 1.0, np.inf, effort))


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    access = eradication_access(world, state)
    effort = nominal_capacity(world, state.turn, orders.eradication_teams) * access
    mature_reach, young_reach = reachable_parts(world, state.coca_ha, state.immature_ha)
    reachable = mature_reach + young_reach
    eradicated = eradication_achieved(effort * flows.eradication_luck, reachable)
    planted_before = state.coca_total()
    # teams pull up what they find, young plants and mature alike, as they reach them
    young = np.divide(young_reach, reachable, out=np.zeros_like(reachable), where=reachable > 0)
    ledger.add("coca_ha", "eradication", -eradicated * (1.0 - young))
    ledger.add("immature_ha", "eradication", -eradicated * young)
    flows.eradicated_ha = eradicated
    state.eradicated_ha = state.eradicated_ha + eradicated

    share_pulled = eradicated / np.maximum(planted_before, 1.0)
    intensity = np.minimum(QUARTERS_PER_YEAR * share_pulled, 1.0)
    flows.eradication_intensity = intensity
    ledger.add(
        "perceived_risk",
        "eradication seen this quarter",
        p.risk_memory * (intensity - state.perceived_risk),
    )
    ledger.clip("perceived_risk", 0.0, 1.0)
