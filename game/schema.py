"""Pydantic models of every file a person writes or the game reads.

This is the file boundary: content (scenarios, events, strategies) and the fact sheet are
validated here, so the engine only ever sees numbers it can trust. Models forbid unknown
keys, so a typo in a content file is an error that names the key, not a silent default.
Every number is finite and within its range (``domains``): a number the engine could not
use is refused here, naming its field, rather than turning into NaN turns later.
"""

from __future__ import annotations

import difflib
import math
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .domains import (
    BIG,
    GROWTH,
    MULTIPLIER,
    NON_NEGATIVE,
    PARAM_DOMAINS,
    POINTS,
    POSITIVE,
    SHARE,
    Domain,
)
from .plain_content import check_plain

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="lower-case id")]
Quarter = Annotated[str, Field(pattern=r"^\d{4}Q[1-4]$", description="a quarter like 2024Q1")]
#: A date in a scenario or strategy: a year ("2014", its first quarter) or a quarter.
When = Annotated[str, Field(pattern=r"^\d{4}(Q[1-4])?$", description="2014 or 2014Q2")]
#: Teams, troops, turns, times: whole numbers the engine stores in numpy integers.
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Turn = Annotated[int, Field(ge=0, le=100_000)]
Money = Annotated[float, Field(ge=0, le=BIG)]


class FieldProblem(ValueError):
    """A rule across fields broken at ``field`` (below the model that raises it).

    Pydantic places a model's own rule at the model, not at the field it is about; this
    carries the field, so that the message can name it (``routes[3].from``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field, self.message = field, message


class Strict(BaseModel):
    # allow_inf_nan: TOML has nan and inf, which no content number may be
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _text_is_plain(cls, value: Any) -> Any:
        """Every string in content is plain text (``plain_content``): checked here, once,
        so that no screen has to guess whether a name is safe to draw."""
        return check_plain(value)


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
    confidence: Literal["normal", "low"] = Field(
        default="normal",
        description="low: the sources conflict, or the figure is derived from their shares;"
        " the hindcast marks a record that rests on it",
    )


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


def number_of(value: Num, context: Any) -> float | None:
    """The number ``value`` stands for, if it can be known here: a cited fact needs the
    fact sheet, which validation gets as ``context={"facts": ...}`` (a fact that is not
    there is reported where citations are checked)."""
    if isinstance(value, FactRef):
        facts = context.get("facts") if isinstance(context, dict) else None
        fact = facts.get(value.fact) if facts else None
        return None if fact is None else fact.value * value.scale
    if isinstance(value, Assumed):
        return value.value
    return float(value)


def domain_problem(value: Num, domain: Domain, context: Any) -> str | None:
    """What is wrong with ``value`` for a field of range ``domain``, or None."""
    number = number_of(value, context)
    if number is None or (math.isfinite(number) and domain.holds(number)):
        return None
    got = f"{number:g}"
    if isinstance(value, FactRef):
        got += f" (fact {value.fact!r}" + (f" × {value.scale:g})" if value.scale != 1 else ")")
    return f"expected {domain}, got {got}"


def within(domain: Domain) -> AfterValidator:
    """A number field's range, checked on the number it stands for (facts included)."""

    def check(value: Num, info: ValidationInfo) -> Num:
        problem = domain_problem(value, domain, info.context)
        if problem:
            raise FieldProblem("", problem)
        return value

    return AfterValidator(check)


Hectares = Annotated[Num, within(NON_NEGATIVE)]
Share = Annotated[Num, within(SHARE)]
Positive = Annotated[Num, within(POSITIVE)]
NonNegative = Annotated[Num, within(NON_NEGATIVE)]
Factor = Annotated[Num, within(Domain(0.001, 100.0))]  # a price or yield factor
Finite = Annotated[Num, within(Domain(-BIG, BIG))]


# --- scenarios ----------------------------------------------------------------------------


class Region(Strict):
    id: Id
    name: str
    description: str
    grows_coca: bool = True
    frontier: bool = False
    coca_ha: Hectares = Field(description="coca planted (mature and young) at the start, ha")
    licit_ha: Hectares
    farmland_ha: Hectares
    forest_ha: Hectares
    indigenous_coca_ha: Hectares
    households: Positive
    state_presence: Share
    insurgency: Share
    traffickers: Share
    infrastructure: Share
    development: Share
    violence: NonNegative
    welfare: Annotated[Num, within(POINTS)]
    price_premium: Factor = 1.0
    yield_mult: Factor = Field(default=1.0, description="dry-leaf yield relative to the national")
    insurgent_tax_usd_ha: NonNegative = 0.0
    indigenous_share: Share = 0.0
    abroad_share: Share = 0.0
    trend_per_year: Annotated[Num, within(GROWTH)] = Field(
        default=0.0, description="growth of the planted area under the starting orders, a year"
    )
    wanted_ha: Hectares | None = Field(
        default=None,
        description="coca growers want at the start, if not the trend's: a valley held down "
        "by eradication wants more than it has",
    )
    immature_ha: Hectares | None = Field(
        default=None, description="young plantings at the start; solved from the trend if absent"
    )
    settlers_ha: Hectares | None = Field(
        default=None,
        description="displaced growers' hectares waiting to settle at the start; as many as "
        "the starting orders keep waiting if absent",
    )
    eradicated_last_year_ha: Hectares | None = Field(
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
    cost: float = Field(gt=0, le=BIG)
    abroad_name: str = ""
    description: str = ""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class BalloonSetting(Strict):
    mu: float = Field(ge=0, le=1)
    nu: float = Field(ge=0, le=5)
    risk_floor: float = Field(ge=0, le=1)
    abroad: float = Field(ge=0, le=5)
    quit: float = Field(ge=0, le=1)
    description: str = ""


class DifficultySetting(Strict):
    budget_mult: float = Field(gt=0, le=3)
    armed_mult: float = Field(gt=0, le=3)
    approval_start: float = Field(ge=20, le=100)
    uncertainty: float = Field(ge=0, le=1)
    description: str = ""


RegionAmounts = dict[Id, Annotated[float, Field(le=BIG)]]


class OrdersSpec(Strict):
    """Orders as a designer writes them: amounts by region (or route) id."""

    eradication_teams: RegionAmounts = {}
    troops: RegionAmounts = {}
    development_musd: RegionAmounts = {}
    infrastructure_musd: RegionAmounts = {}
    indigenous_musd: RegionAmounts = {}
    interdiction_musd: RegionAmounts = Field(default={}, description="by route id")
    precursor_musd: float = Field(default=0.0, le=BIG)
    intelligence_musd: float = Field(default=0.0, le=BIG)
    diplomacy_musd: float = Field(default=0.0, le=BIG)

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

    from_turn: Turn | None = None
    until_turn: Turn | None = None
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
    eradication_target_ha_yr: dict[str, Annotated[float, Field(ge=0, le=BIG)]] = {}
    all_teams_to: Id | None = None
    all_troops_to: Id | None = None
    multiply: dict[str, Annotated[float, Field(ge=0, le=100)]] = {}


class RuleWhen(Strict):
    var: str = "coca_ha"
    region: str = Field(default="any", description="a region id or 'any'")
    op: Literal["<", "<=", ">", ">="] = ">"
    value: float


class Rule(Strict):
    """When a region meets the condition, move ``teams`` (and ``troops``) there from the
    others, in proportion to what they hold."""

    when: RuleWhen
    move_teams: Count = 0
    move_troops: Count = 0
    from_turn: Turn = 0


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
    def _every_coefficient(self, info: ValidationInfo) -> ModelFile:
        """Every coefficient of ``Params`` is given, none else, each within its range."""
        known = tuple(PARAM_DOMAINS)
        unknown = [k for k in self.params if k not in known]
        if unknown:
            guess = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise FieldProblem(f"params.{unknown[0]}", f"not a coefficient of the model{hint}")
        missing = [k for k in known if k not in self.params]
        if missing:
            raise FieldProblem("params", f"missing {', '.join(missing)}")
        for name, value in self.params.items():
            problem = domain_problem(value, PARAM_DOMAINS[name], info.context)
            if problem:
                raise FieldProblem(f"params.{name}", problem)
        absent = {"weak", "medium", "strong"} - set(self.balloon)
        if absent:
            raise FieldProblem("balloon", f"missing setting(s) {sorted(absent)}")
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
    values: dict[When, Annotated[Num, within(MULTIPLIER)]] = Field(min_length=1)
    note: str = ""


class Scenario(Strict):
    id: Id
    name: str
    description: str
    start: Quarter
    turns: int = Field(ge=1, le=200)
    budget_musd: NonNegative
    leaf_price_usd_kg: Positive = Field(
        description="national farm-gate price of dry leaf at the start"
    )
    model: Id = Field(default="peru", description="the model file (content/models/ID.toml)")
    teams: Count
    troops: Count
    support_start: float = Field(ge=0, le=100)
    default_difficulty: Id = "normal"
    default_balloon: Literal["weak", "medium", "strong"] = "medium"
    cites: list[Id] = []
    regions: list[Region] = Field(min_length=1)
    routes: list[Route] = Field(description="at least one of them an exit route, to 'abroad'")
    difficulty: dict[Id, DifficultySetting]
    orders: OrdersSpec
    schedule: list[Setting] = Field(
        default=[], description="the scenario's own orders by date (history), over `orders`"
    )
    series: list[Series] = []
    recorded: dict[str, dict[str, dict[Annotated[str, Field(pattern=r"^\d{4}$")], Positive]]] = (
        Field(default={}, description="metric → region id or 'national' → year → recorded value")
    )
    out_of_sample_from: Turn | None = Field(
        default=None, description="recorded years from this one on were not used to fit"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        """Ids repeat nowhere, and every id a field names is a region or route defined."""
        ids = [r.id for r in self.regions]
        for i, region in enumerate(self.regions):
            if region.id in ids[:i]:
                raise FieldProblem(
                    f"regions[{i}].id", f"region ids repeat: {region.id!r} is given twice"
                )
        route_ids = [r.id for r in self.routes]
        for i, route in enumerate(self.routes):
            if route.id in route_ids[:i]:
                raise FieldProblem(
                    f"routes[{i}].id", f"route ids repeat: {route.id!r} is given twice"
                )
            if route.start not in ids:
                raise FieldProblem(
                    f"routes[{i}].from", f"unknown region {route.start!r}; expected a region id"
                )
            if route.end != "abroad" and route.end not in ids:
                raise FieldProblem(
                    f"routes[{i}].to",
                    f"unknown region {route.end!r}; expected a region id or 'abroad'",
                )
        if not any(route.end == "abroad" for route in self.routes):
            raise FieldProblem("routes", "no exit route: at least one route must go to 'abroad'")
        for field in (
            "eradication_teams",
            "troops",
            "development_musd",
            "infrastructure_musd",
            "indigenous_musd",
        ):
            for key in getattr(self.orders, field):
                if key not in ids:
                    raise FieldProblem(f"orders.{field}", f"{key!r} is not a region id")
        for key in self.orders.interdiction_musd:
            if key not in route_ids:
                raise FieldProblem("orders.interdiction_musd", f"{key!r} is not a route id")
        for i, series in enumerate(self.series):
            national = series.name in get_args(NATIONAL_SERIES_NAMES)
            if national and series.region != "national":
                raise FieldProblem(
                    f"series[{i}].region", f"{series.name} is national: leave it out"
                )
            if not national and series.region not in (*ids, "all"):
                raise FieldProblem(
                    f"series[{i}].region", f"{series.region!r} is not a region id or 'all'"
                )
        for metric, places in self.recorded.items():
            for place in places:
                if place != "national" and place not in ids:
                    raise FieldProblem(
                        f"recorded.{metric}.{place}", "not a region id or 'national'"
                    )
        if self.default_difficulty not in self.difficulty:
            raise FieldProblem(
                "default_difficulty",
                f"{self.default_difficulty!r} is not defined; expected one of "
                f"{', '.join(self.difficulty)}",
            )
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
    add: float = Field(default=0.0, ge=-BIG, le=BIG)
    mul: float = Field(default=1.0, ge=0, le=100)


class Opening(Strict):
    """A later event an answer sets going: a chain. The event must be ``chained``; it is
    due ``after`` quarters from the quarter the answer is given (the turn it takes effect)."""

    event: Id
    after: int = Field(default=2, ge=1, le=1000, description="quarters from the answer")


class ChoiceSpec(Strict):
    label: str = Field(min_length=1, max_length=60)
    tradeoff: str = Field(min_length=1)
    effects: list[EffectSpec] = []
    cost_musd: Money = 0.0
    opens: list[Opening] = Field(default=[], description="chained events this answer opens")


class EventSpec(Strict):
    """An event. It fires by chance (``probability`` each quarter of its window) or, for a
    scheduled historical moment, ``at`` one quarter for certain; either way only where its
    conditions hold, and only in the ``scenarios`` it names (every scenario if none).

    It may fire again up to ``max_times``, but not within ``cooldown`` quarters of its last
    firing (so a repeat is news, not noise). A ``chained`` event fires only once an answer
    to another event has opened it (``ChoiceSpec.opens``): from then on at the first
    quarter its window and conditions allow, by its ``probability`` if it has one, else
    for certain."""

    id: Id
    title: str = Field(min_length=1, max_length=70)
    text: str
    cites: list[Id] = []
    scenarios: list[Id] = Field(default=[], description="scenario ids; empty: every scenario")
    probability: float | None = Field(default=None, ge=0, le=1)
    at: Quarter | None = Field(default=None, description="fires at this quarter, for certain")
    first: Quarter | None = None
    last: Quarter | None = None
    max_times: int = Field(default=1, ge=1, le=100_000)
    cooldown: int = Field(default=0, ge=0, le=1000, description="quarters between firings")
    chained: bool = Field(default=False, description="fires only once an answer opens it")
    conditions: list[ConditionSpec] = []
    choices: list[ChoiceSpec] = Field(min_length=1)
    default_choice: int = Field(default=0, ge=0, le=1000)

    @model_validator(mode="after")
    def _consistent(self) -> EventSpec:
        if self.default_choice >= len(self.choices):
            raise FieldProblem(
                "default_choice",
                f"default_choice {self.default_choice} but only {len(self.choices)} choices",
            )
        if self.chained and self.at is not None:
            raise FieldProblem(
                "at", "a chained event fires once an answer opens it, not on a date: leave out at"
            )
        if self.at is None and self.probability is None and not self.chained:
            raise ValueError(
                "give a probability, or at = a quarter for a scheduled event, "
                "or chained = true for an event an answer opens"
            )
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
    event_choices: dict[Id, Annotated[int, Field(ge=0, le=1000)]] = {}
    cites: list[Id] = []
