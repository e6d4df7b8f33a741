"""Pydantic models of every file a person writes or the game reads.

This is the file boundary: content (scenarios, events, strategies) and the fact sheet are
validated here, so the engine only ever sees numbers it can trust. Models forbid unknown
keys, so a typo in a content file is an error that names the key, not a silent default.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="lower-case id")]
Quarter = Annotated[str, Field(pattern=r"^\d{4}Q[1-4]$", description="a quarter like 2024Q1")]
#: A date in a scenario or strategy: a year ("2014", its first quarter) or a quarter.
When = Annotated[str, Field(pattern=r"^\d{4}(Q[1-4])?$", description="2014 or 2014Q2")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- facts -----------------------------------------------------------------------------


class Source(Strict):
    title: str
    publisher: str
    year: int


class Fact(Strict):
    """One sourced figure. ``value`` is the figure used; ``low``/``high`` give its range."""

    value: float
    unit: str
    year: int
    what: str
    source: Source
    low: float | None = None
    high: float | None = None
    note: str = ""


# --- values that cite facts ---------------------------------------------------------------


class FactRef(Strict):
    """A number taken from the fact sheet: ``{fact = "id"}``, optionally scaled."""

    fact: Id
    scale: float = 1.0
    note: str = ""


class Assumed(Strict):
    """A number the sources do not give: ``{value = 0.3, assumption = "why"}``."""

    value: float
    assumption: str = Field(min_length=3)


Num = float | FactRef | Assumed


# --- scenarios ----------------------------------------------------------------------------


class Region(Strict):
    id: Id
    name: str
    description: str
    grows_coca: bool = True
    frontier: bool = False
    coca_ha: Num = Field(description="coca planted (mature and young) at the start, ha")
    licit_ha: Num
    farmland_ha: Num
    forest_ha: Num
    indigenous_coca_ha: Num
    households: Num
    state_presence: Num
    insurgency: Num
    traffickers: Num
    infrastructure: Num
    development: Num
    violence: Num
    welfare: Num
    price_premium: Num = 1.0
    yield_mult: Num = Field(default=1.0, description="dry-leaf yield relative to the national")
    insurgent_tax_usd_ha: Num = 0.0
    indigenous_share: Num = 0.0
    abroad_share: Num = 0.0
    trend_per_year: Num = Field(
        default=0.0, description="growth of the planted area under the starting orders, a year"
    )
    wanted_ha: Num | None = Field(
        default=None,
        description="coca growers want at the start, if not the trend's: a valley held down "
        "by eradication wants more than it has",
    )
    immature_ha: Num | None = Field(
        default=None, description="young plantings at the start; solved from the trend if absent"
    )
    settlers_ha: Num | None = Field(
        default=None,
        description="displaced growers' hectares waiting to settle at the start; as many as "
        "the starting orders keep waiting if absent",
    )
    eradicated_last_year_ha: Num | None = Field(
        default=None,
        description="eradication in the year before the start, which sets growers' risk; "
        "the starting orders' if absent",
    )
    cites: list[Id] = []


class Route(Strict):
    id: Id
    start: Id = Field(alias="from")
    end: Id = Field(alias="to", description="a region id, or 'abroad' for an exit route")
    kind: Literal["river", "road", "air", "sea"]
    cost: float = Field(gt=0)
    abroad_name: str = ""
    description: str = ""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BalloonSetting(Strict):
    mu: float = Field(ge=0, le=1)
    nu: float = Field(ge=0, le=5)
    risk_floor: float = Field(ge=0, le=1)
    abroad: float = Field(ge=0, le=5)
    description: str = ""


class DifficultySetting(Strict):
    budget_mult: float = Field(gt=0, le=3)
    armed_mult: float = Field(gt=0, le=3)
    approval_start: float = Field(ge=20, le=100)
    uncertainty: float = Field(ge=0, le=1)
    description: str = ""


RegionAmounts = dict[Id, float]


class OrdersSpec(Strict):
    """Orders as a designer writes them: amounts by region (or route) id."""

    eradication_teams: RegionAmounts = {}
    troops: RegionAmounts = {}
    development_musd: RegionAmounts = {}
    infrastructure_musd: RegionAmounts = {}
    indigenous_musd: RegionAmounts = {}
    interdiction_musd: RegionAmounts = Field(default={}, description="by route id")
    precursor_musd: float = 0.0
    intelligence_musd: float = 0.0
    diplomacy_musd: float = 0.0

    @field_validator("*", mode="after")
    @classmethod
    def _not_negative(cls, value: object) -> object:
        amounts = value.values() if isinstance(value, dict) else [value]
        if any(isinstance(v, float | int) and v < 0 for v in amounts):
            raise ValueError("amounts cannot be negative")
        return value


# --- strategies and schedules ----------------------------------------------------------


class Dated(Strict):
    """Something that holds for some quarters: ``[from, until)``, by turn or by date."""

    from_turn: int | None = Field(default=None, ge=0)
    until_turn: int | None = Field(default=None, ge=0)
    from_quarter: When | None = None
    until_quarter: When | None = None

    @model_validator(mode="after")
    def _one_way(self) -> Dated:
        if self.from_turn is not None and self.from_quarter is not None:
            raise ValueError("give from_turn or from_quarter, not both")
        if self.until_turn is not None and self.until_quarter is not None:
            raise ValueError("give until_turn or until_quarter, not both")
        return self


class Setting(Dated):
    """Orders from a turn on (until another setting or ``until``). Amounts replace the
    current ones region by region; ``all_teams_to``/``all_troops_to`` send every available
    unit to one region; ``multiply`` scales a whole order (e.g. ``{eradication_teams = 0}``);
    ``eradication_target_ha_yr`` (by region id, or ``national``) sets every region's teams
    to what meets the target as far as teams, capacity and access allow."""

    orders: OrdersSpec = OrdersSpec()
    eradication_target_ha_yr: dict[str, Annotated[float, Field(ge=0)]] = {}
    all_teams_to: Id | None = None
    all_troops_to: Id | None = None
    multiply: dict[str, float] = {}


class RuleWhen(Strict):
    var: str = "coca_ha"
    region: str = Field(default="any", description="a region id or 'any'")
    op: Literal["<", "<=", ">", ">="] = ">"
    value: float


class Rule(Strict):
    """When a region meets the condition, move ``teams`` (and ``troops``) there from the
    others, in proportion to what they hold."""

    when: RuleWhen
    move_teams: int = Field(default=0, ge=0)
    move_troops: int = Field(default=0, ge=0)
    from_turn: int = Field(default=0, ge=0)


class Shock(Dated):
    """An exogenous shock for some quarters: multipliers on world demand (national) or on
    the leaf price (national, or in one region)."""

    region: str = Field(default="national", description="a region id, or 'national'")
    world_demand: float = Field(default=1.0, gt=0, le=10)
    leaf_price: float = Field(default=1.0, gt=0, le=10)


class ModelFile(Strict):
    """The turn model's coefficients (``content/models/*.toml``), shared by every scenario
    that names the model, so a coefficient fitted to history is the one the game plays.

    Each coefficient cites a fact or states its assumption; a bare number is refused, so
    that every number in the model says where it came from."""

    id: Id
    name: str
    description: str
    params: dict[str, FactRef | Assumed]
    balloon: dict[Literal["weak", "medium", "strong"], BalloonSetting]
    cites: list[Id] = []

    @model_validator(mode="after")
    def _every_coefficient(self) -> ModelFile:
        from .engine.world import Params

        known = Params.names()
        unknown = [k for k in self.params if k not in known]
        if unknown:
            guess = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise ValueError(f"params.{unknown[0]}: not a coefficient of the model{hint}")
        missing = [k for k in known if k not in self.params]
        if missing:
            raise ValueError(f"params: missing {', '.join(missing)}")
        absent = {"weak", "medium", "strong"} - set(self.balloon)
        if absent:
            raise ValueError(f"balloon: missing setting(s) {sorted(absent)}")
        return self


NATIONAL_SERIES_NAMES = Literal["budget_mult", "teams_mult", "world_demand_mult"]
REGION_SERIES_NAMES = Literal["team_capacity_mult", "eradication_access", "leaf_price_mult"]


class Series(Strict):
    """An exogenous condition by date: each value holds from its date until the next.

    National series (``budget_mult``, ``teams_mult``, ``world_demand_mult``) take no
    region; regional ones (``team_capacity_mult``, ``eradication_access``,
    ``leaf_price_mult``) take a region id or ``all``."""

    name: NATIONAL_SERIES_NAMES | REGION_SERIES_NAMES
    region: str = "national"
    values: dict[When, Num] = Field(min_length=1)
    note: str = ""


class Scenario(Strict):
    id: Id
    name: str
    description: str
    start: Quarter
    turns: int = Field(ge=1, le=200)
    budget_musd: Num
    leaf_price_usd_kg: Num = Field(description="national farm-gate price of dry leaf at the start")
    model: Id = Field(default="peru", description="the model file (content/models/ID.toml)")
    teams: int = Field(ge=0)
    troops: int = Field(ge=0)
    support_start: float = Field(ge=0, le=100)
    default_difficulty: Id = "normal"
    default_balloon: Literal["weak", "medium", "strong"] = "medium"
    cites: list[Id] = []
    regions: list[Region] = Field(min_length=1)
    routes: list[Route]
    difficulty: dict[Id, DifficultySetting]
    orders: OrdersSpec
    schedule: list[Setting] = Field(
        default=[], description="the scenario's own orders by date (history), over `orders`"
    )
    series: list[Series] = []
    recorded: dict[str, dict[str, dict[Annotated[str, Field(pattern=r"^\d{4}$")], Num]]] = Field(
        default={}, description="metric → region id or 'national' → year → recorded value"
    )
    out_of_sample_from: int | None = Field(
        default=None, description="recorded years from this one on were not used to fit"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        ids = [r.id for r in self.regions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"region ids repeat: {sorted(ids)}")
        route_ids = [r.id for r in self.routes]
        if len(set(route_ids)) != len(route_ids):
            raise ValueError("route ids repeat")
        for route in self.routes:
            if route.start not in ids:
                raise ValueError(f"route {route.id}: 'from' is {route.start!r}, not a region id")
            if route.end != "abroad" and route.end not in ids:
                raise ValueError(
                    f"route {route.id}: 'to' is {route.end!r}, expected a region id or 'abroad'"
                )
        for field in (
            "eradication_teams",
            "troops",
            "development_musd",
            "infrastructure_musd",
            "indigenous_musd",
        ):
            for key in getattr(self.orders, field):
                if key not in ids:
                    raise ValueError(f"orders.{field}: {key!r} is not a region id")
        for key in self.orders.interdiction_musd:
            if key not in route_ids:
                raise ValueError(f"orders.interdiction_musd: {key!r} is not a route id")
        for i, series in enumerate(self.series):
            national = series.name in get_args(NATIONAL_SERIES_NAMES)
            if national and series.region != "national":
                raise ValueError(f"series[{i}].region: {series.name} is national: leave it out")
            if not national and series.region not in (*ids, "all"):
                raise ValueError(
                    f"series[{i}].region: {series.region!r} is not a region id or 'all'"
                )
        for metric, places in self.recorded.items():
            for place in places:
                if place != "national" and place not in ids:
                    raise ValueError(f"recorded.{metric}.{place}: not a region id or 'national'")
        if self.default_difficulty not in self.difficulty:
            raise ValueError(f"default_difficulty {self.default_difficulty!r} is not defined")
        return self


# --- events -------------------------------------------------------------------------------


class ConditionSpec(Strict):
    var: str
    region: str = Field(default="national", description="a region id, 'any' or 'national'")
    op: Literal["<", "<=", ">", ">="]
    value: float


class EffectSpec(Strict):
    var: str
    region: str = Field(default="national", description="a region id, 'all' or 'national'")
    add: float = 0.0
    mul: float = Field(default=1.0, ge=0)


class ChoiceSpec(Strict):
    label: str = Field(min_length=1, max_length=60)
    tradeoff: str = Field(min_length=1)
    effects: list[EffectSpec] = []
    cost_musd: float = Field(default=0.0, ge=0)


class EventSpec(Strict):
    """An event. It fires by chance (``probability`` each quarter of its window) or, for a
    scheduled historical moment, ``at`` one quarter for certain; either way only where its
    conditions hold, and only in the ``scenarios`` it names (every scenario if none)."""

    id: Id
    title: str = Field(min_length=1, max_length=70)
    text: str
    cites: list[Id] = []
    scenarios: list[Id] = Field(default=[], description="scenario ids; empty: every scenario")
    probability: float | None = Field(default=None, ge=0, le=1)
    at: Quarter | None = Field(default=None, description="fires at this quarter, for certain")
    first: Quarter | None = None
    last: Quarter | None = None
    max_times: int = Field(default=1, ge=1)
    conditions: list[ConditionSpec] = []
    choices: list[ChoiceSpec] = Field(min_length=1)
    default_choice: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> EventSpec:
        if self.default_choice >= len(self.choices):
            raise ValueError(
                f"default_choice {self.default_choice} but only {len(self.choices)} choices"
            )
        if self.at is None and self.probability is None:
            raise ValueError("give a probability, or at = a quarter for a scheduled event")
        dated = [k for k in ("probability", "first", "last") if getattr(self, k) is not None]
        if self.at is not None and dated:
            raise ValueError(
                f"at fixes the quarter and makes the event certain: leave out {', '.join(dated)}"
            )
        return self


class EventFile(Strict):
    events: list[EventSpec] = Field(min_length=1)


# --- strategies ---------------------------------------------------------------------------


class StrategySpec(Strict):
    id: Id
    name: str
    description: str
    start_from: Literal["starting-orders", "nothing"] = "starting-orders"
    settings: list[Setting] = []
    rules: list[Rule] = []
    shocks: list[Shock] = []
    event_choices: dict[Id, int] = {}
    cites: list[Id] = []
