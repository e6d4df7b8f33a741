"""The range each number in a content file may take, and the model's parameters' ranges.

A number outside its range does not fail loudly in the engine: a zero divisor, a rate
of 3 or a negative half-saturation gives NaN or nonsense many quarters later. So every
range is stated here, once, and content is refused at load with the range it missed.

``PARAM_DOMAINS`` gives one range for every coefficient of ``engine.world.Params``, by
what the coefficient is: a rate a quarter or a share lies in 0–1 (a rate that something
is divided by must be above 0); a scale, a half-saturation or an elasticity that divides
or sets a power is above 0, by a margin so that dividing cannot overflow; weights, costs
and effects are ≥ 0. Upper bounds are generous: they keep out values that overflow, not
values a designer might try.
"""

from __future__ import annotations

from dataclasses import dataclass

BIG = 1e9  # the largest number any content field takes (hectares, households, dollars)


@dataclass(frozen=True)
class Domain:
    """A closed or half-open interval of finite numbers."""

    low: float
    high: float = BIG
    low_open: bool = False
    high_open: bool = False

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def __str__(self) -> str:
        low = f"above {self.low:g}" if self.low_open else f"≥ {self.low:g}"
        high = f"below {self.high:g}" if self.high_open else f"≤ {self.high:g}"
        return f"a number {low} and {high}"


NON_NEGATIVE = Domain(0.0)
#: The least a divisor may be: above zero by enough that dividing by it cannot overflow.
TINY = 1e-6
POSITIVE = Domain(TINY)
SHARE = Domain(0.0, 1.0)  # a share, a probability, a level on the 0–1 scale
RATE = Domain(TINY, 1.0)  # a rate a quarter something is divided by
POINTS = Domain(0.0, 100.0)  # approval, support, welfare on the 0–100 scale
MULTIPLIER = Domain(0.0, 100.0)  # a factor on a quantity: 0 removes it
GROWTH = Domain(-1.0, 10.0, low_open=True)  # a change a year: −1 would be everything gone
LOGIT = Domain(0.0, 100.0)  # a response in logit units: more would overflow exp
# divides an exponent or is one: never 0, and small enough that no power overflows
ELASTICITY = Domain(0.05, 20.0)

_BY_DOMAIN: tuple[tuple[Domain, tuple[str, ...]], ...] = (
    (
        SHARE,
        (
            "licit_access_floor",
            "share_max",
            "licit_rate",
            "immature_yield_share",
            "price_expectation_rate",
            "coca_income_discount",
            "eradication_max_share",
            "young_field_reach",
            "insurgency_access_penalty",
            "presence_access_floor",
            "replant_forced",
            "replant_voluntary",
            "risk_memory",
            "risk_deterrence_floor",
            "seized_share_base",
            "route_learning_rate",
            "route_shift_rate",
            "precursor_max_loss",
            "demand_growth_q",
            "shock_fade_rate",
            "price_noise_persistence",
            "yield_noise_persistence",
            "planting_noise_persistence",
            "planting_noise_shared",
            "grower_target_weight",
            "indigenous_protection_max",
            "development_gain",
            "development_decay",
            "development_security_floor",
            "infrastructure_gain",
            "infrastructure_decay",
            "absence_floor",
            "presence_rate",
            "presence_troop_weight",
            "presence_infrastructure_weight",
            "presence_insurgency_resistance",
            "civilian_harm_rate",
            "insurgency_growth",
            "insurgency_troop_effect",
            "insurgency_spread",
            "trafficker_growth",
            "trafficker_base_pull",
            "trafficker_interdiction_effect",
            "trafficker_troop_effect",
            "capture_per_musd",
            "capture_insurgency_cut",
            "splinter_min_insurgency",
            "welfare_rate",
            "welfare_weight_income",
            "welfare_weight_services",
            "welfare_weight_safety",
            "welfare_weight_stability",
            "welfare_weight_development",
            "approval_rate",
            "support_rate",
            "budget_from_support",
        ),
    ),
    # rates something is divided by (calibration solves the flow they carry)
    (
        RATE,
        (
            "plant_rate",
            "abandon_rate",
            "maturing_rate",
            "route_forgetting_rate",
            "settling_rate",
            "violence_rate",
        ),
    ),
    # scales, sizes and half-saturations: divisors, or a zero would make them meaningless
    (
        POSITIVE,
        (
            "yield_kg_ha_yr",
            "leaf_per_kg_hcl",
            "min_return_usd_ha_yr",
            "team_capacity_ha",
            "risk_saturation",
            "settler_forest_half_ha",
            "ha_per_grower_household",
            "indigenous_protection_half_musd",
            "development_half_musd",
            "infrastructure_half_musd",
            "troop_pressure_half",
            "insurgency_tax_scale_ha",
            "income_reference_usd",
            "safety_violence_scale",
            "team_cost_musd",
        ),
    ),
    (ELASTICITY, ("yield_price_elasticity", "price_interdiction_gamma", "leaf_demand_elasticity")),
    (LOGIT, ("theta", "kappa", "development_pull", "risk_pull", "route_avoidance", "beta")),
    (
        MULTIPLIER,
        (
            "development_licit_gain",
            "replant_development_reach",
            "frontier_indirect_clearing",
            "stability_uprooting_scale",
            "price_noise_sd",
            "region_price_noise_sd",
            "yield_noise_sd",
            "eradication_noise_sd",
            "planting_noise_sd",
        ),
    ),
    # money, effects and points a unit: ≥ 0 (the formulas give them their sign)
    (
        NON_NEGATIVE,
        (
            "coca_cost_usd_ha_yr",
            "licit_revenue_usd_ha_yr",
            "licit_cost_usd_ha_yr",
            "interdiction_per_musd",
            "interdiction_threshold_musd",
            "interdiction_convexity",
            "seizure_concealment",
            "precursor_per_musd",
            "forest_per_new_ha",
            "capture_violence_spike",
            "capture_support_gain",
            "violence_eradication",
            "violence_insurgency",
            "violence_traffickers",
            "violence_harm",
            "approval_per_t_seized",
            "approval_per_kha_eradicated",
            "approval_per_violence",
            "approval_per_harm",
            "approval_per_capture",
            "support_per_t_seized",
            "support_per_kha_eradicated",
            "support_per_musd_diplomacy",
            "troop_cost_musd",
        ),
    ),
    (POINTS, ("approval_rest",)),
    # the level support returns to divides the budget's response to support
    (Domain(1.0, 100.0), ("support_rest",)),
)

#: The range of every coefficient of the turn model, by name.
PARAM_DOMAINS: dict[str, Domain] = {name: domain for domain, names in _BY_DOMAIN for name in names}
