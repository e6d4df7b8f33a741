"""Content files and the fact sheet → a validated, calibrated game setup.

Every error a person can make in a content file ends as one ``ContentError`` that names
the file, the field and what was expected; nothing half-loaded reaches the engine. How a
file is read and how a refused value is worded is ``content_errors``; this module builds
the world from what passed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel

from .content_errors import file_named, parse_toml, read_bytes, read_toml, validate
from .engine.calibrate import CalibrationError, calibrate
from .engine.events import (
    ALL_REGIONS,
    ANY_REGION,
    NATIONAL,
    Choice,
    Condition,
    Effect,
    Event,
    EventTable,
    Opening,
)
from .engine.ledger import LEDGERED
from .engine.orders import (
    BUDGET_TOLERANCE_MUSD,
    Orders,
    fit_within,
    refusals_of_orders,
    teams_over,
)
from .engine.setup import Difficulty, armed_start, new_game
from .engine.state import NATIONAL_VARS, REGION_TALLIES, REGION_VARS
from .engine.world import (
    NATIONAL_SERIES,
    QUARTERS_PER_YEAR,
    REGION_SERIES,
    ROUTE_KINDS,
    Balloon,
    Exogenous,
    Params,
    World,
    neighbour_weights,
)
from .errors import ContentError
from .locations import CONTENT_DIR, SEEDS_DIR
from .maps import MapLayout, load_maps
from .plans import check_settings, orders_from_spec, plan_orders
from .schema import (
    Assumed,
    BalloonSetting,
    EventFile,
    EventSpec,
    Fact,
    FactRef,
    ModelFile,
    Num,
    Scenario,
    StrategySpec,
)

#: What an event may change: every ledgered variable but the land accounts, which only
#: the land mechanism moves (so forest lost and farmland stay conserved).
EVENT_VARS = tuple(v for v in LEDGERED if v not in ("farmland_ha", "forest_ha", "forest_lost_ha"))


# --- the content as a whole ---------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    facts: dict[str, Fact]
    scenarios: dict[str, Scenario]
    events: tuple[EventSpec, ...]
    strategies: dict[str, StrategySpec]
    models: dict[str, ModelFile] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)  # "scenario:id" / "event:id" → file
    digest: str = ""
    #: the schematic maps (``game.maps``), by file name
    maps: dict[str, MapLayout] = field(default_factory=dict)

    def cited(self) -> dict[str, list[str]]:
        """fact id → where it is cited (for the facts test and the help screens)."""
        return find_citations(self)


def load_facts(seeds_dir: Path) -> dict[str, Fact]:
    path = seeds_dir / "facts.toml"
    data = read_toml(path)
    facts: dict[str, Fact] = {}
    for fact_id, body in data.items():
        if not isinstance(body, dict):
            raise ContentError(path, fact_id, "expected a table of value, unit, year, what, source")
        facts[fact_id] = validate(Fact, body, path, prefix=f"{fact_id}.")
    return facts


def facts_context(facts: dict[str, Fact]) -> dict[str, dict[str, Fact]]:
    """What validation needs to check a cited fact's value against its field's range."""
    return {"facts": facts}


def claim(paths: dict[str, Path], key: str, path: Path, field: str) -> None:
    """Record that ``key`` ("kind:id") comes from ``path``, refusing an id two files give."""
    kind, _, item_id = key.partition(":")
    other = paths.get(key)
    if other is not None:
        where = "earlier in this file" if other == path else f"also in {other}"
        raise ContentError(path, field, f"{kind} id {item_id!r} is used twice ({where})")
    paths[key] = path


def content_files(content_dir: Path, kind: str) -> list[Path]:
    folder = content_dir / kind
    if not folder.is_dir():
        raise ContentError(folder, "", "folder not found")
    return sorted(folder.glob("*.toml"))


N = TypeVar("N", ModelFile, StrategySpec)


def load_named(
    content_dir: Path,
    folder: str,
    model: type[N],
    kind: str,
    paths: dict[str, Path],
    facts: dict[str, Fact],
) -> dict[str, N]:
    """Every file of a folder whose one item is named by the file (``models/peru.toml``
    holds the model ``peru``), keyed by id; ``paths`` learns where each came from."""
    items: dict[str, N] = {}
    for path in content_files(content_dir, folder):
        item = validate(model, read_toml(path), path, context=facts_context(facts))
        if path.stem != item.id:
            raise ContentError(
                path, "id", f"expected {path.stem!r} (the file's name), got {item.id!r}"
            )
        claim(paths, f"{kind}:{item.id}", path, "id")
        items[item.id] = item
    return items


def load_content(content_dir: Path = CONTENT_DIR, seeds_dir: Path = SEEDS_DIR) -> Content:
    """Read and validate every content file; facts must exist wherever they are cited."""
    facts = load_facts(seeds_dir)
    paths: dict[str, Path] = {}
    models = load_named(content_dir, "models", ModelFile, "model", paths, facts)
    scenarios: dict[str, Scenario] = {}
    for path in content_files(content_dir, "scenarios"):
        scenario = validate(Scenario, read_toml(path), path, context=facts_context(facts))
        claim(paths, f"scenario:{scenario.id}", path, "id")
        scenarios[scenario.id] = scenario
    events: list[EventSpec] = []
    for path in content_files(content_dir, "events"):
        for event in validate(EventFile, read_toml(path), path).events:
            claim(paths, f"event:{event.id}", path, f"events[{event.id}].id")
            for scenario_id in event.scenarios:
                if scenario_id not in scenarios:
                    raise ContentError(
                        path,
                        f"events[{event.id}].scenarios",
                        f"no scenario {scenario_id!r}; expected one of {', '.join(scenarios)}",
                    )
            events.append(event)
    check_chains(events, paths)
    strategies = load_named(content_dir, "strategies", StrategySpec, "strategy", paths, facts)
    content = Content(
        facts,
        scenarios,
        tuple(events),
        strategies,
        models,
        paths,
        content_digest(content_dir, seeds_dir),
        load_maps(content_dir),
    )
    for scenario in scenarios.values():
        if scenario.model not in models:
            raise ContentError(
                paths[f"scenario:{scenario.id}"],
                "model",
                f"no model {scenario.model!r}; expected one of {', '.join(sorted(models))}",
            )
    check_citations(facts, find_citations(content), paths)
    return content


def check_chains(events: list[EventSpec], paths: dict[str, Path]) -> None:
    """Every chain links up: an answer opens only a known, chained event, and every
    chained event is opened by some answer (else it could never fire: a dead file)."""
    by_id = {event.id: event for event in events}
    opened: set[str] = set()
    for event in events:
        for ci, choice in enumerate(event.choices):
            for oi, opening in enumerate(choice.opens):
                where = f"events[{event.id}].choices[{ci}].opens[{oi}].event"
                target = by_id.get(opening.event)
                if target is None:
                    raise ContentError(
                        paths[f"event:{event.id}"], where, f"no event {opening.event!r}"
                    )
                if not target.chained:
                    raise ContentError(
                        paths[f"event:{event.id}"],
                        where,
                        f"{opening.event!r} is not chained: give it chained = true, "
                        "so that it fires only once an answer opens it",
                    )
                opened.add(opening.event)
    for event in events:
        if event.chained and event.id not in opened:
            raise ContentError(
                paths[f"event:{event.id}"],
                f"events[{event.id}].chained",
                "no answer of any event opens it, so it could never fire; "
                "name it in a choice's opens, or leave out chained",
            )


def content_digest(content_dir: Path, seeds_dir: Path) -> str:
    """A hash of every content and fact file, so a save knows what it was played with."""
    h = hashlib.sha256()
    for path in sorted([*content_dir.rglob("*.toml"), seeds_dir / "facts.toml"]):
        h.update(path.relative_to(path.parents[1]).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def citations(node: Any, where: str, cited: dict[str, list[str]]) -> None:
    """Add to ``cited`` (fact id → places) every fact that ``node``, found at ``where``, cites."""
    if isinstance(node, FactRef):
        cited.setdefault(node.fact, []).append(where)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            citations(getattr(node, name), f"{where}.{name}", cited)
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            citations(item, f"{where}[{getattr(item, 'id', i)}]", cited)
    elif isinstance(node, dict):
        for key, item in node.items():
            citations(item, f"{where}.{key}", cited)
    if isinstance(node, BaseModel) and hasattr(node, "cites"):
        for fact_id in node.cites:
            cited.setdefault(fact_id, []).append(f"{where}.cites")


def find_citations(content: Content) -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for sid, scenario in content.scenarios.items():
        citations(scenario, f"scenario:{sid}", cited)
    for event in content.events:
        citations(event, f"event:{event.id}", cited)
    for strategy_id, strategy in content.strategies.items():
        citations(strategy, f"strategy:{strategy_id}", cited)
    for model_id, model in content.models.items():
        citations(model, f"model:{model_id}", cited)
    return cited


def check_citations(
    facts: dict[str, Fact], cited: dict[str, list[str]], paths: dict[str, Path]
) -> None:
    """Every cited fact must be in the fact sheet; ``paths`` maps "kind:id" to its file."""
    for fact_id, places in cited.items():
        if fact_id not in facts:
            kind_id, _, field_name = places[0].partition(".")
            path = paths.get(kind_id, Path(kind_id))
            raise ContentError(
                path, field_name, f"cites fact {fact_id!r}, which seeds/facts.toml does not have"
            )


# --- from specs to engine values -----------------------------------------------------------


def resolve(value: Num, facts: dict[str, Fact]) -> float:
    if isinstance(value, FactRef):
        return facts[value.fact].value * value.scale
    if isinstance(value, Assumed):
        return value.value
    return float(value)


def parse_quarter(text: str) -> tuple[int, int]:
    return int(text[:4]), int(text[5])


def turn_of(start: str, when: str) -> int:
    (y0, q0), (y, q) = parse_quarter(start), parse_quarter(when)
    return (y - y0) * 4 + (q - q0)


def balloon_of(setting: BalloonSetting) -> Balloon:
    """The engine's balloon from a model file's setting (every field but the description)."""
    return Balloon(**setting.model_dump(exclude={"description"}))


def build_params(model: ModelFile, facts: dict[str, Fact], balloon: str) -> Params:
    values = {k: resolve(v, facts) for k, v in model.params.items()}
    return Params(**values, balloon=balloon_of(model.balloon[balloon]))  # type: ignore[index]


def quarter_turn(scenario: Scenario, when: str) -> int:
    """The turn of a date ('2014' is its first quarter) counted from the scenario's start."""
    return turn_of(scenario.start, when if "Q" in when else f"{when}Q1")


def build_exogenous(scenario: Scenario, facts: dict[str, Fact], path: Path) -> Exogenous:
    """The scenario's series as rows by quarter: each value holds until the next date."""
    regions = len(scenario.regions)
    ids = [r.id for r in scenario.regions]
    dates = [quarter_turn(scenario, w) for s in scenario.series for w in s.values]
    length = max([scenario.turns + 1, *(d + 1 for d in dates)])
    national = {k: np.full(length, v) for k, v in NATIONAL_SERIES.items()}
    regional = {k: np.full((length, regions), v) for k, v in REGION_SERIES.items()}
    for i, series in enumerate(scenario.series):
        points = sorted(
            (quarter_turn(scenario, w), resolve(v, facts)) for w, v in series.values.items()
        )
        for when, value in points:
            if when < 0:
                raise ContentError(
                    path,
                    f"series[{i}].values",
                    f"a date before the scenario's start {scenario.start}",
                )
            if series.name in national:
                national[series.name][when:] = value
            else:
                columns = slice(None) if series.region == "all" else ids.index(series.region)
                regional[series.name][when:, columns] = value
    return Exogenous(national=national, regional=regional)


def build_world(
    scenario: Scenario, content: Content, difficulty: str, balloon: str, path: Path
) -> World:
    facts = content.facts
    regions = scenario.regions
    region_ids = tuple(r.id for r in regions)
    index = {rid: i for i, rid in enumerate(region_ids)}

    def column(name: str) -> np.ndarray:
        return np.array([resolve(getattr(r, name), facts) for r in regions], dtype=float)

    params = build_params(content.models[scenario.model], facts, balloon)
    grows = np.array([r.grows_coca for r in regions], dtype=float)
    planted = column("coca_ha") * grows
    start = {
        # the split between mature and young plantings is data or solved by calibration
        "coca_ha": planted.copy(),
        "immature_ha": np.zeros(len(regions)),
        "settlers_ha": np.zeros(len(regions)),
        "perceived_risk": np.zeros(len(regions)),
        "forest_lost_ha": np.zeros(len(regions)),
        "leaf_price": resolve(scenario.leaf_price_usd_kg, facts) * column("price_premium"),
    }
    start["expected_price"] = start["leaf_price"].copy()
    start["growers"] = planted / params.ha_per_grower_household
    for var in REGION_VARS:
        if var not in start:
            start[var] = column(var)
    check_land(region_ids, start, path)
    routes = scenario.routes
    route_from = np.array([index[r.start] for r in routes], dtype=int)
    route_to = np.array([index.get(r.end, -1) for r in routes], dtype=int)
    route_cost = np.array([r.cost for r in routes], dtype=float)
    level = scenario.difficulty[difficulty]
    year, quarter = parse_quarter(scenario.start)
    households = start["households"]
    yield_mult = column("yield_mult")
    return World(
        region_ids=region_ids,
        region_names=tuple(r.name for r in regions),
        grows_coca=grows,
        frontier=np.array([r.frontier for r in regions], dtype=float),
        indigenous_share=column("indigenous_share"),
        abroad_share=column("abroad_share"),
        price_premium=column("price_premium"),
        yield_mult=yield_mult,
        # The next eight are solved by calibration from the start.
        base_violence=start["violence"].copy(),
        base_presence=start["state_presence"].copy(),
        welfare_offset=np.zeros(len(regions)),
        insurgency_growth=np.full(len(regions), params.insurgency_growth),
        trafficker_growth=np.full(len(regions), params.trafficker_growth),
        development_decay=np.full(len(regions), params.development_decay),
        infrastructure_decay=np.full(len(regions), params.infrastructure_decay),
        insurgent_tax_usd_ha=column("insurgent_tax_usd_ha"),
        alpha=np.zeros(len(regions)),
        route_ids=tuple(r.id for r in routes),
        route_from=route_from,
        route_to=route_to,
        route_kind=np.array([ROUTE_KINDS.index(r.kind) for r in routes], dtype=int),
        route_cost=route_cost,
        route_exit=(route_to < 0).astype(float),
        neighbours=neighbour_weights(len(regions), route_from, route_to, route_cost),
        params=params,
        teams_available=scenario.teams,
        troops_available=scenario.troops,
        base_budget_musd=resolve(scenario.budget_musd, facts) * level.budget_mult,
        start_year=year,
        start_quarter=quarter,
        turns=scenario.turns,
        exogenous=build_exogenous(scenario, facts, path),
        start=start,
        extras={
            "start_support": scenario.support_start,
            "start_coca_ha": float(planted.sum()),
            "start_leaf_kg_q": float(
                (planted * yield_mult).sum() * params.yield_kg_ha_yr / QUARTERS_PER_YEAR
            ),
            "start_violence": float((start["violence"] * households).sum() / households.sum()),
            # the report card's references on this difficulty (engine/score.py)
            "start_welfare": float((start["welfare"] * households).sum() / households.sum()),
            "start_approval": level.approval_start,
            "start_remnant": float(armed_start(start["insurgency"], level.armed_mult).max()),
            "start_indigenous_coca_ha": float(start["indigenous_coca_ha"].sum()),
            "forest_loss_scale_ha": 0.05 * float(start["forest_ha"].sum()),
            # measured by calibration (engine/calibrate.py: measure_start)
            "start_cocaine_t_q": 1.0,
            "start_seized_t_q": 1.0,
            "start_eradicated_ha_q": 1.0,
        },
    )


def region_code(
    world: World, path: Path, var: str, name: str, where: str, allowed: tuple[str, ...]
) -> int:
    """The engine's code for the region an event condition or effect names."""
    if var in NATIONAL_VARS:
        if name != "national":
            raise ContentError(path, where, f"{var} is national: leave out 'region'")
        return NATIONAL
    if var not in (*REGION_VARS, *REGION_TALLIES):
        raise ContentError(path, where + ".var", f"unknown variable {var!r}")
    if name in allowed:
        return ANY_REGION if name == "any" else ALL_REGIONS
    if name == "national":
        choices = ", ".join((*allowed, *world.region_ids))
        raise ContentError(
            path, where + ".region", f"{var} is a region variable: give region = one of {choices}"
        )
    if name not in world.region_ids:
        valid = ", ".join((*allowed, *world.region_ids))
        raise ContentError(path, where + ".region", f"{name!r} unknown; expected one of {valid}")
    return world.region_index(name)


def compile_event(scenario: Scenario, world: World, spec: EventSpec, path: Path) -> Event:
    """An engine event from its spec, checking every variable and region it names."""
    conditions = tuple(
        Condition(
            c.var,
            region_code(
                world, path, c.var, c.region, f"events[{spec.id}].conditions[{i}]", ("any",)
            ),
            c.op,
            c.value,
        )
        for i, c in enumerate(spec.conditions)
    )
    choices = []
    for ci, choice in enumerate(spec.choices):
        effects = []
        for ei, e in enumerate(choice.effects):
            where = f"events[{spec.id}].choices[{ci}].effects[{ei}]"
            if e.var not in EVENT_VARS:
                allowed = ", ".join(EVENT_VARS)
                raise ContentError(
                    path,
                    where + ".var",
                    f"{e.var!r} cannot be changed by an event; expected one of {allowed}",
                )
            code = region_code(world, path, e.var, e.region, where, ("all",))
            effects.append(Effect(e.var, code, e.add, e.mul))
        opens = tuple(Opening(o.event, o.after) for o in choice.opens)
        choices.append(Choice(choice.label, tuple(effects), choice.cost_musd, opens))
    if spec.at is not None:
        # a scheduled moment: a window of one quarter in which the event is certain
        first = last = turn_of(scenario.start, spec.at)
        if scenario.id in spec.scenarios and not 0 <= first < scenario.turns:
            raise ContentError(
                path,
                f"events[{spec.id}].at",
                f"{spec.at} is not a quarter of {scenario.id} ({scenario.turns} quarters "
                f"from {scenario.start}), so the event could never fire there",
            )
        probability = 1.0
    else:
        first = turn_of(scenario.start, spec.first) if spec.first else 0
        last = turn_of(scenario.start, spec.last) if spec.last else 10_000
        # the schema requires a probability of an event without at, unless it is chained:
        # a chained event without one is certain once due
        probability = 1.0 if spec.probability is None else float(spec.probability)
    return Event(
        id=spec.id,
        title=spec.title,
        probability=probability,
        first_turn=first,
        last_turn=last,
        max_times=spec.max_times,
        conditions=conditions,
        choices=tuple(choices),
        default_choice=spec.default_choice,
        cooldown=spec.cooldown,
        chained=spec.chained,
    )


def compile_events(
    scenario: Scenario, world: World, specs: tuple[EventSpec, ...], paths: dict[str, Path]
) -> EventTable:
    """The engine's table of the events that exist in ``scenario`` (``events_of``)."""
    return EventTable(
        tuple(
            compile_event(
                scenario, world, spec, paths.get(f"event:{spec.id}", Path("content/events"))
            )
            for spec in events_of(scenario, specs)
        )
    )


def events_of(scenario: Scenario, specs: tuple[EventSpec, ...]) -> tuple[EventSpec, ...]:
    """The events that exist in ``scenario``: those that name no scenario, and those whose
    ``scenarios`` include it; the rest are left out."""
    return tuple(spec for spec in specs if not spec.scenarios or scenario.id in spec.scenarios)


# --- which scenario, and the game it sets up ----------------------------------------------


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario file named by path rather than built in: where it is (absolute) and a
    hash of its bytes, so that a save can find it again and tell whether it has changed."""

    path: Path
    digest: str


@dataclass(frozen=True)
class ScenarioSource:
    """A validated scenario and where it came from."""

    scenario: Scenario
    path: Path  # the file, as named (for messages)
    file: ScenarioFile | None  # None for a built-in scenario
    content_digest: str  # of all the content it is played with, this file included


def file_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def digest_with_file(content_digest: str, scenario_digest: str) -> str:
    """The content digest of a game on a scenario file: the built-in content and that file."""
    return hashlib.sha256(f"{content_digest}+{scenario_digest}".encode()).hexdigest()[:16]


def resolve_scenario(content: Content, name: str) -> ScenarioSource:
    """The scenario ``name`` means: a built-in id, or the path of a scenario TOML file.

    A file is validated exactly like a built-in scenario (its keys and values, and the
    facts it cites); every problem is a ``ContentError`` naming the file and the field.
    Every command that takes ``--scenario`` resolves it here.
    """
    if name in content.scenarios:
        path = content.paths.get(f"scenario:{name}", Path(name))
        return ScenarioSource(content.scenarios[name], path, None, content.digest)
    path = file_named(name, content.scenarios, "scenario")
    raw = read_bytes(path)
    scenario = validate(Scenario, parse_toml(raw, path), path, context=facts_context(content.facts))
    if scenario.model not in content.models:
        known = ", ".join(sorted(content.models))
        raise ContentError(path, "model", f"no model {scenario.model!r}; expected one of {known}")
    cited: dict[str, list[str]] = {}
    citations(scenario, f"scenario:{scenario.id}", cited)
    check_citations(content.facts, cited, {f"scenario:{scenario.id}": path})
    digest = file_digest(raw)
    file = ScenarioFile(path.resolve(), digest)
    return ScenarioSource(scenario, path, file, digest_with_file(content.digest, digest))


@dataclass(frozen=True)
class GameSetup:
    """All a game needs from content: the calibrated world, events and starting orders.

    ``base_orders`` are the scenario's ``[orders]``, the ground its schedule and every
    strategy's settings build on; ``start_orders`` are the orders of the first quarter,
    the schedule applied.
    """

    scenario: Scenario
    world: World
    events: EventTable
    event_specs: tuple[EventSpec, ...]  # the spec of each event in ``events``, in its order
    base_orders: Orders
    start_orders: Orders
    difficulty: Difficulty
    balloon: str
    content_digest: str
    #: the scenario's recorded figures, resolved: metric → place → year → value
    recorded: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict)
    #: the recorded figures (metric, place, year) that cite a fact of low confidence
    uncertain_records: frozenset[tuple[str, str, int]] = frozenset()
    scenario_file: ScenarioFile | None = None  # set when the scenario was named by path

    @property
    def scenario_name(self) -> str:
        """What names this scenario to ``prepare_game`` again: its id, or its file's path."""
        return self.scenario.id if self.scenario_file is None else str(self.scenario_file.path)


def prepare_game(
    content: Content, scenario: str, difficulty: str | None = None, balloon: str | None = None
) -> GameSetup:
    """The calibrated game of ``scenario`` (an id or a file's path, see ``resolve_scenario``).

    Calibration takes a while, so setups are kept: a file is read and hashed each time,
    and prepared again only when its bytes have changed.
    """
    source = resolve_scenario(content, scenario)
    where = None if source.file is None else source.file.path
    key = (id(content), source.content_digest, source.scenario.id, where, difficulty, balloon)
    if key not in _PREPARED:
        _PREPARED[key] = _prepare(content, source, difficulty, balloon)
    return _PREPARED[key]


_PREPARED: dict[tuple[object, ...], GameSetup] = {}


def check_land(region_ids: tuple[str, ...], start: dict[str, np.ndarray], path: Path) -> None:
    """A region's parts must fit in its wholes: coca on Indigenous land is part of its
    coca, and licit crops part of its farmland (coca takes the rest, then forest)."""
    for i, rid in enumerate(region_ids):
        for part, whole in (("indigenous_coca_ha", "coca_ha"), ("licit_ha", "farmland_ha")):
            if start[part][i] > start[whole][i] + 1e-9:
                raise ContentError(
                    path,
                    f"regions[{rid}].{part}",
                    f"{start[part][i]:,.0f} ha is more than the {whole} "
                    f"({start[whole][i]:,.0f} ha) it is part of",
                )


def check_starting_orders(world: World, orders: Orders, budget: float, path: Path) -> None:
    """Refuse a scenario whose own ``[orders]`` no game could play, naming the field:
    else the first quarter refuses them, and calibration or the status quo is blamed."""
    _shapes, reasons, cost = refusals_of_orders(world, orders)
    if reasons:
        raise ContentError(path, "orders", "; ".join(reasons))
    over = teams_over(orders, world.teams_at(0))
    if over:
        raise ContentError(path, "orders.eradication_teams", over)
    if cost is not None and float(cost[0]) > budget + BUDGET_TOLERANCE_MUSD:
        raise ContentError(
            path,
            "budget_musd",
            f"${budget:,.2f}M a quarter does not pay for the starting orders' teams and "
            f"troops (${float(cost[0]):,.2f}M)",
        )


def _prepare(
    content: Content, source: ScenarioSource, difficulty: str | None, balloon: str | None
) -> GameSetup:
    scenario, path = source.scenario, source.path
    difficulty = difficulty or scenario.default_difficulty
    balloon = balloon or scenario.default_balloon
    if difficulty not in scenario.difficulty:
        raise ContentError(
            path,
            "difficulty",
            f"no level {difficulty!r}; expected one of {', '.join(scenario.difficulty)}",
        )
    model = content.models[scenario.model]
    if balloon not in model.balloon:
        raise ContentError(
            path, "balloon", f"no setting {balloon!r}; expected weak, medium or strong"
        )
    # Calibrate on the medium balloon so that the balloon setting changes responses, not the start.
    world = build_world(scenario, content, difficulty, "medium", path)
    check_settings(world, scenario.schedule, str(path), "schedule")
    budget = np.array([world.budget_at(0)])
    # On a smaller budget (hard), the starting orders are trimmed to what it affords.
    base_orders = fit_within(world, orders_from_spec(world, scenario.orders), budget)
    check_starting_orders(world, base_orders, float(budget[0]), path)
    trend = np.array([resolve(r.trend_per_year, content.facts) for r in scenario.regions])
    # The schedule's eradication targets become teams by the start's coca and access,
    # which calibration does not change; calibration then takes those orders as the start's.
    state = new_game(world, EventTable(), [0], base_orders)
    start_orders, _targets = plan_orders(world, base_orders, scenario.schedule, state)
    start_orders = fit_within(world, start_orders, budget)
    try:
        world = calibrate(world, start_orders, trend, starting_data(scenario, content.facts))
    except CalibrationError as exc:
        field = f"regions[{exc.region}].{exc.quantity}" if exc.region else exc.quantity
        raise ContentError(path, field, f"calibration: {exc.message}") from None
    world = world.with_balloon(balloon_of(model.balloon[balloon]))  # type: ignore[index]
    level = scenario.difficulty[difficulty]
    events = compile_events(scenario, world, content.events, content.paths)
    specs = {spec.id: spec for spec in content.events}
    return GameSetup(
        scenario=scenario,
        world=world,
        events=events,
        event_specs=tuple(specs[event.id] for event in events.events),
        base_orders=base_orders,
        start_orders=start_orders,
        difficulty=Difficulty(
            difficulty, level.budget_mult, level.armed_mult, level.approval_start, level.uncertainty
        ),
        balloon=balloon,
        content_digest=source.content_digest,
        scenario_file=source.file,
        recorded={
            metric: {
                place: {int(y): resolve(v, content.facts) for y, v in years.items()}
                for place, years in places.items()
            }
            for metric, places in scenario.recorded.items()
        },
        uncertain_records=uncertain_records(scenario, content.facts),
    )


def uncertain_records(
    scenario: Scenario, facts: dict[str, Fact]
) -> frozenset[tuple[str, str, int]]:
    """The scenario's recorded figures that cite a fact of low confidence, so that the
    hindcast can say which of its comparisons rest on them."""
    return frozenset(
        (metric, place, int(year))
        for metric, places in scenario.recorded.items()
        for place, years in places.items()
        for year, value in years.items()
        if isinstance(value, FactRef) and facts[value.fact].confidence == "low"
    )


def starting_data(scenario: Scenario, facts: dict[str, Fact]) -> dict[str, np.ndarray]:
    """Region figures calibration takes as data where given (NaN where it must solve them):
    young plantings and last year's eradication."""
    out = {}
    for name in ("immature_ha", "settlers_ha", "eradicated_last_year_ha", "wanted_ha"):
        out[name] = np.array(
            [
                np.nan if getattr(r, name) is None else resolve(getattr(r, name), facts)
                for r in scenario.regions
            ]
        )
    return out


def prepare_with_params(
    content: Content, scenario: str, values: dict[str, float], difficulty: str | None = None
) -> GameSetup:
    """The game of ``scenario`` with some of its model's coefficients set to ``values``,
    calibrated afresh, so that what calibration solves from the start (the propensity to
    grow coca, the baselines, interdiction's reach) follows the changed coefficients.

    Why here and not by editing ``World.params`` after the fact: a coefficient changed
    after calibration leaves the start out of balance, and a sensitivity analysis would
    measure that imbalance rather than the coefficient. Each value keeps its stated
    assumption; ``values`` must lie in the coefficients' ranges (``domains``), which the
    caller ensures. The setup is not cached: every variant is played once. Played on the
    scenario's default balloon (set one with ``World.with_balloon``)."""
    source = resolve_scenario(content, scenario)
    model = content.models[source.scenario.model]
    params = dict(model.params)
    for name, value in values.items():
        old = params[name]
        why = old.assumption if isinstance(old, Assumed) else f"varied from fact {old.fact}"
        params[name] = Assumed(value=float(value), assumption=why)
    varied = replace(
        content, models={**content.models, model.id: model.model_copy(update={"params": params})}
    )
    return _prepare(varied, source, difficulty, None)
