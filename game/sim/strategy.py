"""Strategies: scripted orders, turn by turn, from a strategy file.

A strategy is data (content/strategies/*.toml, validated by schema.StrategySpec). This
module turns it into engine ``Orders`` for a turn, for every run at once: settings and
shocks are the same for all runs; rules react to each run's own state, so when a
strategy has rules its orders carry a runs axis.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..content_errors import file_named, read_toml, validate
from ..engine.events import OPS
from ..engine.metrics import METRICS, region_metric
from ..engine.orders import Orders, fit_to_budget, refusals_of_orders, teams_over
from ..engine.setup import new_game
from ..engine.state import REGION_TALLIES, REGION_VARS, State
from ..errors import USER_ERRORS, ContentError, UsageError, shown
from ..infiles import MAX_CONTENT_BYTES, check_file, check_name
from ..loader import Content, GameSetup, check_citations, citations
from ..plans import check_settings, plan_orders, shock_multipliers, window
from ..schema import Rule, Setting, StrategySpec


@dataclass(frozen=True)
class Strategy:
    """A strategy bound to a game setup, ready to give orders."""

    spec: StrategySpec
    setup: GameSetup

    @property
    def id(self) -> str:
        return self.spec.id

    def settings(self) -> tuple[Setting, ...]:
        """The plan this strategy follows: the scenario's own schedule first (its history),
        unless it starts from nothing, then its own settings."""
        if self.spec.start_from == "starting-orders":
            return (*self.setup.scenario.schedule, *self.spec.settings)
        return tuple(self.spec.settings)

    def plan(self, state: State) -> tuple[Orders, np.ndarray | None]:
        """The orders for the turn ``state.turn`` (valid in every run of ``state``), and the
        yearly eradication targets by region they were given to meet, if any.

        Here, and only for strategies, money orders are trimmed to each run's budget
        (``fit_to_budget``): a rule written for the average budget must still give valid
        orders in a run whose budget fell. ``balloon simulate`` says so under its summary;
        a player's orders are never trimmed without asking (``game.drafting``)."""
        world = self.setup.world
        turn = state.turn
        from_start = self.spec.start_from == "starting-orders"
        base = self.setup.base_orders if from_start else Orders.zeros(world)
        orders, targets = plan_orders(world, base, self.settings(), state)
        if self.spec.rules:
            orders = broadcast_runs(orders, state.runs)
            for rule in self.spec.rules:
                if rule.from_turn <= turn:
                    orders = apply_rule(self.setup, state, orders, rule)
        demand, price = shock_multipliers(world, self.spec.shocks, turn)
        n = orders.world_demand_mult.shape[0]
        orders = orders.with_values(
            world_demand_mult=np.broadcast_to(demand, (n,)),
            leaf_price_mult=np.broadcast_to(price, (n, world.regions)),
            event_choices=self.spec.event_choices,
        )
        return fit_to_budget(world, state, orders), targets

    def orders(self, state: State) -> Orders:
        """The orders for the turn ``state.turn``, valid in every run of ``state``."""
        return self.plan(state)[0]


def broadcast_runs(orders: Orders, runs: int) -> Orders:
    """Orders with an explicit runs axis, so each run's orders can differ."""
    return orders.with_values(
        **{
            k: np.repeat(v, runs, axis=0) if v.shape[0] == 1 else v
            for k, v in orders.arrays().items()
        }
    )


def apply_rule(setup: GameSetup, state: State, orders: Orders, rule: Rule) -> Orders:
    """Move units, run by run, to the region that meets the rule's condition."""
    world = setup.world
    var = rule.when.var
    # a metric as the registry computes it (coca counts young plants), else the variable
    values = region_metric(state, var) if var in METRICS else getattr(state, var)
    meets = OPS[rule.when.op](values, rule.when.value)
    if rule.when.region != "any":
        only = np.zeros(world.regions, dtype=bool)
        only[world.region_index(rule.when.region)] = True
        meets = meets & only
    scored = np.where(meets, values, -np.inf)
    target = np.argmax(scored, axis=1)
    active = np.isfinite(scored.max(axis=1))
    arrays = orders.arrays()
    for name, count in (("eradication_teams", rule.move_teams), ("troops", rule.move_troops)):
        if count <= 0:
            continue
        units = arrays[name].copy()
        rows = np.arange(state.runs)
        elsewhere = units.copy()
        elsewhere[rows, target] = 0.0
        available = elsewhere.sum(axis=1)
        moving = np.where(active, np.minimum(count, available), 0.0)
        share = np.divide(
            elsewhere,
            available[:, None],
            out=np.zeros_like(elsewhere),
            where=available[:, None] > 0,
        )
        # moving every unit can leave -1e-16 where share × moving rounds above what was there
        units = np.maximum(units - share * moving[:, None], 0.0)
        units[rows, target] += moving
        if name == "eradication_teams":
            units = units * world.grows_coca
        arrays[name] = units
    return orders.with_values(**arrays)


def load_strategy(content: Content, setup: GameSetup, name_or_path: str) -> Strategy:
    """A built-in strategy by id, or a strategy file by path.

    Either way a problem names the file, so a designer editing a built-in strategy is
    sent to ``content/strategies/ID.toml``, not left with its id."""
    if name_or_path in content.strategies:
        spec = content.strategies[name_or_path]
        where = str(content.paths.get(f"strategy:{name_or_path}", name_or_path))
    else:
        check_name(name_or_path, "strategy file")
        path = file_named(name_or_path, content.strategies, "strategy")
        check_file(path, "strategy file", MAX_CONTENT_BYTES)
        spec = validate(StrategySpec, read_toml(path), path, context={"facts": content.facts})
        where = name_or_path
        cited: dict[str, list[str]] = {}  # a file's citations, as the built-ins' are checked
        citations(spec, f"strategy:{spec.id}", cited)
        check_citations(content.facts, cited, {f"strategy:{spec.id}": path})
    check_strategy(setup, spec, where)
    strategy = Strategy(spec=spec, setup=setup)
    check_orders_given(strategy, where)
    return strategy


def turns_to_check(strategy: Strategy) -> list[int]:
    """The quarters in which a strategy's orders can change in a fresh game: the first,
    each start and end of a setting, shock or rule, and each change in the teams the
    scenario has (between two of these, and after the last, every quarter is alike)."""
    world = strategy.setup.world
    teams = [world.teams_at(t) for t in range(world.turns)]
    turns = {0, *(t for t in range(1, world.turns) if teams[t] != teams[t - 1])}
    for item in (*strategy.settings(), *strategy.spec.shocks):
        start, until = window(world, item)
        turns.update(t for t in (start, until) if t is not None and t >= 0)
    turns.update(rule.from_turn for rule in strategy.spec.rules)
    return sorted(turns)


def check_orders_given(strategy: Strategy, where: str) -> None:
    """Refuse, when it loads, a strategy whose orders no game could play.

    Orders are worked out for one fresh game at every quarter the plan can change, and
    checked as the engine checks them, all but the budget (that depends on how a game
    goes, and strategies are fitted to it): amounts that are not numbers or negative,
    more teams or troops than exist, units where they cannot work. Otherwise the same
    refusal would come mid-batch, after minutes of play, from whichever run met it.
    """
    setup = strategy.setup
    world = setup.world
    start = new_game(world, setup.events, [0], setup.start_orders, setup.difficulty)
    for turn in turns_to_check(strategy):
        state = replace(start, turn=turn)
        with np.errstate(all="ignore"):  # an infinite amount is refused below, in words
            orders = strategy.orders(state)
        shapes, others, _ = refusals_of_orders(world, orders)
        reasons = [*shapes, *others]
        over = None if shapes else teams_over(orders, world.teams_at(turn))
        if over:
            reasons.insert(0, f"eradication teams: {over}")
        if reasons:
            raise ContentError(where, f"orders from turn {turn}", "; ".join(reasons))


def check_strategy(setup: GameSetup, spec: StrategySpec, where: str) -> None:
    """Region and route ids a strategy names must exist in the scenario."""
    world = setup.world
    check_settings(world, spec.settings, where, "settings")
    for i, rule in enumerate(spec.rules):
        if rule.when.region != "any" and rule.when.region not in world.region_ids:
            raise ContentError(
                where, f"rules[{i}].when.region", f"{rule.when.region!r} is not a region"
            )
        if rule.when.var not in (*REGION_VARS, *REGION_TALLIES):
            raise ContentError(where, f"rules[{i}].when.var", f"unknown variable {rule.when.var!r}")
    events = {event.id: event for event in setup.events.events}
    for event_id, index in spec.event_choices.items():
        event = events.get(event_id)
        if event is None:
            raise ContentError(
                where, f"event_choices.{event_id}", f"no such event in {setup.scenario.id}"
            )
        if not 0 <= index < len(event.choices):
            raise ContentError(
                where,
                f"event_choices.{event_id}",
                f"choices run from 0 to {len(event.choices) - 1}, not {index}",
            )
    for i, shock in enumerate(spec.shocks):
        if shock.region != "national" and shock.region not in world.region_ids:
            raise ContentError(
                where, f"shocks[{i}].region", f"{shock.region!r} is not a region or 'national'"
            )


#: How many strategies one study plays at most: a class, not a registry.
MAX_STRATEGIES = 500


@dataclass(frozen=True)
class StrategyList:
    """The strategies a study plays, and the files that could not be used (one line each)."""

    strategies: list[Strategy]
    skipped: list[str]


def strategy_sources(text: str) -> list[tuple[str, bool]]:
    """The strategies ``text`` names: comma-separated built-in ids, .toml files and
    folders, a folder standing for its .toml files in order of name (a class's files);
    with each, whether it was found in a folder."""
    names: list[tuple[str, bool]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        check_name(item, "strategy")
        folder = Path(item)
        if folder.is_dir():
            files = sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
            if not files:
                raise UsageError(f"{shown(item, None)}: a folder with no .toml strategy files")
            names.extend((str(p), True) for p in files)
        else:
            names.append((item, False))
    if len(names) > MAX_STRATEGIES:
        raise UsageError(f"{len(names):,} strategies named; at most {MAX_STRATEGIES} in a study")
    return names


def load_strategies(content: Content, setup: GameSetup, text: str) -> StrategyList:
    """Every strategy ``text`` names. A file found in a folder that cannot be used is
    skipped, as one line naming it and its error (the caller says whether that stops the
    study); a strategy named on its own that cannot be used stops it, as always.

    Strategies are told apart by id; when two files share one (students copying one
    template), each file's strategy takes its file's name instead.
    """
    loaded: list[tuple[str, Strategy]] = []
    skipped: list[str] = []
    for name, in_folder in strategy_sources(text):
        try:
            loaded.append((name, load_strategy(content, setup, name)))
        except USER_ERRORS as exc:
            if not in_folder:
                raise
            skipped.append(str(exc))
    ids = Counter(s.id for _, s in loaded)
    named: list[Strategy] = []
    for name, strategy in loaded:
        if ids[strategy.id] > 1 and name not in content.strategies:
            spec = strategy.spec.model_copy(update={"id": Path(name).stem})
            strategy = Strategy(spec=spec, setup=setup)
        named.append(strategy)
    twice = [sid for sid, n in Counter(s.id for s in named).items() if n > 1]
    if twice:
        raise UsageError(f"a strategy is named twice: {', '.join(twice)}")
    return StrategyList(named, skipped)
