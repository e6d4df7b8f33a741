"""The fixed geography and parameters of a scenario, in the shape the engine computes with.

``World`` is built once by the loader from validated content and never changes during a
game; the engine reads it and writes nothing to it. Keeping it apart from ``State`` is
what lets a batch of ten thousand games share one copy of the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

ROUTE_KINDS = ("river", "road", "air", "sea")
BALLOON_STRENGTHS = ("weak", "medium", "strong")


@dataclass(frozen=True)
class Balloon:
    """How strongly growers move when squeezed (the contested size of the balloon effect).

    ``mu``: share of eradicated-and-not-replanted hectares whose growers move elsewhere.
    ``nu``: share of coca per quarter abandoned and moved per unit of risk above ``risk_floor``.
    ``abroad``: multiplier on each region's share of movers who leave the country.
    """

    mu: float
    nu: float
    risk_floor: float
    abroad: float


@dataclass(frozen=True)
class Params:
    """Every coefficient of the turn model. Defaults live in the schema; see MODEL.md."""

    # growers and crops
    yield_kg_ha_yr: float
    leaf_per_kg_hcl: float
    base_leaf_price: float
    coca_cost_usd_ha_yr: float
    licit_revenue_usd_ha_yr: float
    licit_cost_usd_ha_yr: float
    theta: float
    kappa: float
    share_max: float
    plant_rate: float
    abandon_rate: float
    licit_rate: float
    maturing_rate: float
    coca_income_discount: float
    # enforcement
    team_capacity_ha: float
    eradication_max_share: float
    insurgency_access_penalty: float
    replant_forced: float
    replant_voluntary: float
    risk_memory: float
    troop_pressure_half: float
    civilian_harm_rate: float
    # market
    seized_share_base: float
    interdiction_per_musd: float
    interdiction_threshold_musd: float
    interdiction_convexity: float
    precursor_per_musd: float
    price_interdiction_gamma: float
    price_supply_eta: float
    demand_growth_q: float
    route_shift_rate: float
    route_avoidance: float
    # displacement
    beta: float
    balloon: Balloon
    # land
    forest_per_new_ha: float
    frontier_indirect_clearing: float
    indigenous_protection_half_musd: float
    # programmes
    development_gain: float
    development_half_musd: float
    development_decay: float
    infrastructure_gain: float
    infrastructure_half_musd: float
    infrastructure_decay: float
    presence_rate: float
    # armed actors
    insurgency_growth: float
    insurgency_troop_effect: float
    insurgency_spread: float
    trafficker_growth: float
    trafficker_interdiction_effect: float
    trafficker_troop_effect: float
    capture_per_musd: float
    capture_insurgency_cut: float
    capture_violence_spike: float
    # violence and welfare
    violence_rate: float
    violence_eradication: float
    violence_insurgency: float
    violence_traffickers: float
    violence_harm: float
    welfare_rate: float
    income_reference_usd: float
    # politics
    approval_rest: float
    approval_rate: float
    approval_per_t_seized: float
    approval_per_kha_eradicated: float
    approval_per_violence: float
    approval_per_harm: float
    approval_per_capture: float
    support_rest: float
    support_rate: float
    support_per_t_seized: float
    support_per_kha_eradicated: float
    support_per_musd_diplomacy: float
    budget_from_support: float
    # costs
    team_cost_musd: float
    troop_cost_musd: float


@dataclass(frozen=True)
class World:
    """Regions, routes and parameters of one scenario (no runs axis: shared by all runs)."""

    region_ids: tuple[str, ...]
    region_names: tuple[str, ...]
    grows_coca: np.ndarray  # (R,) 1.0 where coca can be grown
    frontier: np.ndarray  # (R,) 1.0 for forest frontier zones
    indigenous_share: np.ndarray  # (R,) share of new plantings inside Indigenous territories
    abroad_share: np.ndarray  # (R,) share of movers who leave the country (before balloon mult.)
    price_premium: np.ndarray  # (R,) farm-gate price relative to the national price
    base_violence: np.ndarray  # (R,) per 100k per year with no conflict
    base_presence: np.ndarray  # (R,) state presence without troops
    insurgent_tax_usd_ha: np.ndarray  # (R,) tax per ha per year at full insurgency
    welfare_offset: np.ndarray  # (R,) welfare from conditions the components do not capture
    insurgency_growth: np.ndarray  # (R,) growth of the remnant on its tax take
    trafficker_growth: np.ndarray  # (R,) growth of traffickers on the cocaine made
    development_decay: np.ndarray  # (R,) quarterly wear of development capacity
    infrastructure_decay: np.ndarray  # (R,) quarterly wear of infrastructure
    alpha: np.ndarray  # (R,) cultural/ecological propensity to grow coca (calibrated)
    route_ids: tuple[str, ...]
    route_from: np.ndarray  # (K,) int region index
    route_to: np.ndarray  # (K,) int region index, -1 for abroad
    route_kind: np.ndarray  # (K,) int index into ROUTE_KINDS
    route_cost: np.ndarray  # (K,) relative cost of moving along the route
    route_exit: np.ndarray  # (K,) 1.0 where cocaine leaves the country on this route
    neighbours: np.ndarray  # (R, R) ease of moving between regions (see neighbour_weights)
    params: Params
    teams_available: int
    troops_available: int
    base_budget_musd: float
    start_year: int
    start_quarter: int
    turns: int
    start: dict[str, np.ndarray] = field(default_factory=dict)  # region var -> (R,) at turn 0
    extras: dict[str, float] = field(default_factory=dict)  # national start values, references

    @property
    def regions(self) -> int:
        return len(self.region_ids)

    @property
    def routes(self) -> int:
        return len(self.route_ids)

    def region_index(self, region_id: str) -> int:
        return self.region_ids.index(region_id)

    # Matrices derived from the map, worked out on first use: every turn asks for them.

    @cached_property
    def route_origin(self) -> np.ndarray:
        """(R, K) 1.0 where route k starts in region r."""
        return (self.route_from[None, :] == np.arange(self.regions)[:, None]).astype(float)

    @cached_property
    def neighbour_shares(self) -> np.ndarray:
        """(R, R) ``neighbours`` with each row summing to one (a region's ease of reach)."""
        return self.neighbours / np.maximum(self.neighbours.sum(axis=1, keepdims=True), 1e-9)

    @cached_property
    def settler_routes(self) -> np.ndarray:
        """(R, R) ``neighbours`` from regions that grow coca: where growers can move."""
        return self.neighbours * (self.grows_coca > 0)[:, None]

    @cached_property
    def orders_memo(self) -> dict:
        """Quantities of orders and this map alone, kept by ``orders.derived``."""
        return {}

    @cached_property
    def inland_routes(self) -> np.ndarray:
        """(K,) bool: routes that stay inside the country (no cocaine leaves on them)."""
        return self.route_exit == 0

    @cached_property
    def coast_regions(self) -> np.ndarray:
        """Indices of the regions that grow no coca."""
        return np.flatnonzero(self.grows_coca == 0)

    @cached_property
    def coca_senders(self) -> tuple[int, ...]:
        """Regions whose growers can move: they grow coca and some region is in reach."""
        return tuple(i for i in range(self.regions) if self.settler_routes[i].any())

    @cached_property
    def coca_destinations(self) -> tuple[int, ...]:
        """Regions growers can move to: they grow coca and some grower can reach them."""
        reachable = self.neighbours.any(axis=0) & (self.grows_coca > 0)
        return tuple(int(j) for j in np.flatnonzero(reachable))

    def with_balloon(self, balloon: Balloon) -> World:
        return replace(self, params=replace(self.params, balloon=balloon))

    def quarter_label(self, turn: int) -> str:
        """'Q3 2022' for turn 0 of a game starting in 2022 Q3."""
        q = self.start_quarter - 1 + turn
        return f"Q{q % 4 + 1} {self.start_year + q // 4}"


def neighbour_weights(
    regions: int, route_from: np.ndarray, route_to: np.ndarray, route_cost: np.ndarray
) -> np.ndarray:
    """(R, R) ease of moving between regions: the sum of 1/cost over the routes joining them.

    Routes abroad (``route_to == -1``) carry cocaine out, not settlers, so they are left out.
    """
    w = np.zeros((regions, regions))
    inland = route_to >= 0
    np.add.at(w, (route_from[inland], route_to[inland]), 1.0 / route_cost[inland])
    np.add.at(w, (route_to[inland], route_from[inland]), 1.0 / route_cost[inland])
    np.fill_diagonal(w, 0.0)
    return w
