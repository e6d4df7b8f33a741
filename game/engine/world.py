"""The fixed geography and parameters of a scenario, in the shape the engine computes with.

``World`` is built once by the loader from validated content and never changes during a
game; the engine reads it and writes nothing to it. Keeping it apart from ``State`` is
what lets a batch of ten thousand games share one copy of the map.

Every coefficient a mechanism uses is a field of ``Params``, read from the model file
(``content/models/*.toml``), where each one cites a fact or states its assumption.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import cached_property

import numpy as np

ROUTE_KINDS = ("river", "road", "air", "sea")
BALLOON_STRENGTHS = ("weak", "medium", "strong")
QUARTERS_PER_YEAR = 4


@dataclass(frozen=True)
class Balloon:
    """How strongly growers move when squeezed (the contested size of the balloon effect).

    ``mu``: share of eradicated-and-not-replanted hectares whose growers move elsewhere.
    ``nu``: share of coca per quarter abandoned and moved per unit of risk above ``risk_floor``.
    ``abroad``: multiplier on each region's share of movers who leave the country.
    ``quit``: share of the growers who lose a field and neither replant nor move who give
    up coca for good, and how far the area a valley's growers want falls with the growers
    it loses (0: others take up the land, as a strong spill-over assumes).
    """

    mu: float
    nu: float
    risk_floor: float
    abroad: float
    quit: float


@dataclass(frozen=True)
class Params:
    """Every coefficient of the turn model, by mechanism. See the model file for sources."""

    # growers and crops (growers.py)
    yield_kg_ha_yr: float
    yield_price_elasticity: float
    leaf_per_kg_hcl: float
    coca_cost_usd_ha_yr: float
    licit_revenue_usd_ha_yr: float
    licit_cost_usd_ha_yr: float
    licit_access_floor: float
    development_licit_gain: float
    min_return_usd_ha_yr: float
    theta: float
    kappa: float
    development_pull: float
    share_max: float
    plant_rate: float
    abandon_rate: float
    licit_rate: float
    maturing_rate: float
    immature_yield_share: float
    price_expectation_rate: float
    coca_income_discount: float
    # enforcement (enforcement.py, replanting.py)
    team_capacity_ha: float
    eradication_max_share: float
    young_field_reach: float
    insurgency_access_penalty: float
    presence_access_floor: float
    replant_forced: float
    replant_voluntary: float
    replant_development_reach: float
    risk_memory: float
    risk_pull: float
    risk_deterrence_floor: float
    risk_saturation: float
    # market (market.py)
    seized_share_base: float
    interdiction_per_musd: float
    interdiction_threshold_musd: float
    interdiction_convexity: float
    route_learning_rate: float
    route_forgetting_rate: float
    route_shift_rate: float
    route_avoidance: float
    seizure_concealment: float
    precursor_per_musd: float
    precursor_max_loss: float
    price_interdiction_gamma: float
    leaf_demand_elasticity: float
    demand_growth_q: float
    shock_fade_rate: float
    # chance (noise.py)
    price_noise_sd: float
    price_noise_persistence: float
    region_price_noise_sd: float
    yield_noise_sd: float
    yield_noise_persistence: float
    eradication_noise_sd: float
    planting_noise_sd: float
    planting_noise_persistence: float
    planting_noise_shared: float
    # displacement (displacement.py)
    beta: float
    settler_forest_half_ha: float
    ha_per_grower_household: float
    settling_rate: float
    grower_target_weight: float
    # land (land.py)
    forest_per_new_ha: float
    frontier_indirect_clearing: float
    indigenous_protection_half_musd: float
    indigenous_protection_max: float
    # programmes (programmes.py)
    development_gain: float
    development_half_musd: float
    development_decay: float
    development_security_floor: float
    infrastructure_gain: float
    infrastructure_half_musd: float
    infrastructure_decay: float
    absence_floor: float
    # the state and the armed actors (actors.py)
    presence_rate: float
    presence_troop_weight: float
    presence_infrastructure_weight: float
    presence_insurgency_resistance: float
    troop_pressure_half: float
    civilian_harm_rate: float
    insurgency_growth: float
    insurgency_troop_effect: float
    insurgency_spread: float
    insurgency_tax_scale_ha: float
    trafficker_growth: float
    trafficker_base_pull: float
    trafficker_interdiction_effect: float
    trafficker_troop_effect: float
    capture_per_musd: float
    capture_insurgency_cut: float
    capture_violence_spike: float
    capture_support_gain: float
    splinter_min_insurgency: float
    # violence (violence.py)
    violence_rate: float
    violence_eradication: float
    violence_insurgency: float
    violence_traffickers: float
    violence_harm: float
    # welfare (welfare.py)
    welfare_rate: float
    income_reference_usd: float
    welfare_weight_income: float
    welfare_weight_services: float
    welfare_weight_safety: float
    welfare_weight_stability: float
    welfare_weight_development: float
    safety_violence_scale: float
    stability_uprooting_scale: float
    # politics (politics.py)
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
    # costs (orders.py)
    team_cost_musd: float
    troop_cost_musd: float
    # how strongly squeezed growers move (the scenario's balloon setting)
    balloon: Balloon

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every coefficient a model file must give (the balloon comes from its settings)."""
        return tuple(f.name for f in fields(cls) if f.name != "balloon")


#: Exogenous series a scenario may give by date, and their value where it gives none.
NATIONAL_SERIES: dict[str, float] = {
    "budget_mult": 1.0,  # the budget relative to the scenario's base budget
    "teams_mult": 1.0,  # eradication teams available relative to the scenario's count
    "world_demand_mult": 1.0,  # traffickers' demand beyond its trend growth
}
REGION_SERIES: dict[str, float] = {
    "team_capacity_mult": 1.0,  # hectares a team can pull up, relative to the model's
    "eradication_access": 1.0,  # 0 stops eradication (a lockdown), 1 leaves it as it is
    "leaf_price_mult": 1.0,  # the farm-gate price relative to what the market sets
}


@dataclass(frozen=True)
class Exogenous:
    """Conditions the player does not control, quarter by quarter (the scenario's history).

    Each series has one row per quarter from the start; past its last row the last row
    holds, so a game played beyond the scenario's term keeps the last conditions.
    """

    national: dict[str, np.ndarray]  # name → (T,)
    regional: dict[str, np.ndarray]  # name → (T, R)

    @classmethod
    def constant(cls, regions: int) -> Exogenous:
        return cls(
            national={k: np.full(1, v) for k, v in NATIONAL_SERIES.items()},
            regional={k: np.full((1, regions), v) for k, v in REGION_SERIES.items()},
        )

    def at(self, name: str, turn: int) -> np.ndarray | float:
        """The series' value in quarter ``turn``: a float (national) or an (R,) row.

        Before the start (``turn < 0``: the conditions the starting figures were measured
        in) every series is at its neutral value.
        """
        if turn < 0:
            return NATIONAL_SERIES[name] if name in NATIONAL_SERIES else REGION_SERIES[name]
        series = self.national.get(name)
        if series is not None:
            return float(series[min(turn, series.shape[0] - 1)])
        rows = self.regional[name]
        return rows[min(turn, rows.shape[0] - 1)]


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
    yield_mult: np.ndarray  # (R,) dry-leaf yield relative to the national average
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
    exogenous: Exogenous
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

    def teams_at(self, turn: int) -> float:
        """Eradication teams available in quarter ``turn`` (the scenario's count by date)."""
        return float(np.floor(self.teams_available * self.exogenous.at("teams_mult", turn)))

    def budget_at(self, turn: int) -> float:
        """The base budget of quarter ``turn`` before international support adds or takes."""
        return self.base_budget_musd * float(self.exogenous.at("budget_mult", turn))

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

    def year_of(self, turn: int) -> int:
        """The calendar year of quarter ``turn``."""
        return self.start_year + (self.start_quarter - 1 + turn) // 4


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
