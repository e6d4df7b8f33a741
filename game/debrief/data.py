"""What a debrief reports, gathered headless: the game replayed once, quarter by quarter.

A save keeps the orders and a national summary of every quarter, not the regions' values,
the headline and real indices or the causal ledger. So the debrief plays the save again
from its seed (``saves.replay_game``, which checks every quarter bit for bit against the
save: a report of a game that did not happen is never written) and reads each quarter's
state and ledger as it goes. Beside it, the status-quo futures the end screen uses
(``sim.futures``): the same start, nothing changed, 200 seeds.

Nothing here formats text for a reader; ``report`` turns this into headings and tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..engine import Orders, TurnResult
from ..engine.metrics import HEADLINE_GAP, Metric, pick
from ..engine.orders import orders_cost
from ..engine.score import report_card
from ..engine.why import national_parts
from ..errors import SaveError
from ..loader import Content, GameSetup, citations
from ..saves import replay_game
from ..schema import Fact
from ..session import Game
from ..sim.batch import METRIC_NAMES, BatchResult, metric_columns
from ..sim.futures import COMPARED, status_quo_futures

#: National outcomes set beside the status quo: the end screen's.
NATIONAL = COMPARED
#: Regional outcomes set beside the status quo, region by region.
REGIONAL = pick("coca_ha", "welfare")
#: National figures whose change over the game is split into its causes. Coca is summed
#: from the regions' ledgers of mature and young plants; the others are
#: ``engine.why.national_parts``, which add up to the national change every quarter.
CAUSED = pick("coca_ha", "welfare", "violence", "approval", "support")
#: The ledger variables behind coca, as a survey counts it (young and mature).
COCA_VARS = ("coca_ha", "immature_ha")


@dataclass(frozen=True)
class Answer:
    """An event that came up and how it was answered."""

    fired: int  # the quarter (0-based) it fired in; answered in the next
    title: str
    choice: str
    given: bool  # the player's own answer; False: the event's default was played


@dataclass(frozen=True)
class Causes:
    """A figure's change over the game, split into the named parts that add up to it."""

    metric: Metric
    start: float
    end: float
    parts: tuple[tuple[str, float], ...]  # largest first


@dataclass(frozen=True)
class Cited:
    """A fact the game's scenario, model or events use, and which of them use it."""

    fact: Fact
    used_by: tuple[str, ...]


@dataclass
class Debrief:
    """A replayed game and its status-quo futures, in arrays a report reads."""

    game: Game
    futures: BatchResult
    #: (played + 1, metrics, regions + 1) the player's values, laid out as a batch's
    #: columns (``sim.batch.metric_columns``): row 0 the start, row t after t quarters
    mine: np.ndarray
    #: the headline and real indices, (played + 1,) each, by ``HEADLINE_GAP`` key
    gap: dict[str, np.ndarray]
    budget: np.ndarray  # (played,) each quarter's budget, $M
    spent: np.ndarray  # (played,) what its orders cost, $M
    answers: list[Answer]
    #: events that fired in the last quarter played and were never answered
    waiting: list[str]
    causes: list[Causes]
    #: coca's causes in each region (by region index)
    region_causes: list[Causes]
    #: the report card at each year's last quarter played: (year, turn, grades)
    cards: list[tuple[int, int, dict[str, float]]]
    score: float
    #: the status quo's scores on the same term as the player's (the quarters played, for
    #: a game not finished)
    futures_scores: np.ndarray
    sources: list[Cited] = field(default_factory=list)

    @property
    def setup(self) -> GameSetup:
        return self.game.setup

    @property
    def played(self) -> int:
        return self.game.turn

    @property
    def term(self) -> int:
        return self.setup.world.turns

    @property
    def finished(self) -> bool:
        return self.game.over

    @property
    def orders(self) -> list[Orders]:
        return [record.orders for record in self.game.history]

    def years(self) -> list[tuple[int, list[int]]]:
        """Each calendar year played, with its quarters (0-based turns), in order."""
        world = self.setup.world
        out: dict[int, list[int]] = {}
        for turn in range(self.played):
            out.setdefault(world.year_of(turn), []).append(turn)
        return list(out.items())


class _Collector:
    """Reads each replayed quarter: values, indices, answers, ledger parts, cards."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.world = game.setup.world
        self.rows: list[np.ndarray] = []
        self.gap: dict[str, list[float]] = {m.key: [] for m in HEADLINE_GAP}
        self.budget: list[float] = []
        self.spent: list[float] = []
        self.answers: list[Answer] = []
        self.parts: dict[str, dict[str, float]] = {m.key: {} for m in CAUSED}
        self.region_parts: list[dict[str, float]] = [{} for _ in range(self.world.regions)]
        self.cards: list[tuple[int, int, dict[str, float]]] = []

    def __call__(self, result: TurnResult) -> None:
        state, ledger, world = result.state, result.ledger, self.world
        turn = len(self.budget)  # the quarter just played
        orders = self.game.history[turn].orders
        self.rows.append(metric_columns(state)[:, :, 0])
        for metric in HEADLINE_GAP:
            self.gap[metric.key].append(float(metric.values(state)[0]))
        self.budget.append(float(ledger.before["budget_musd"][0]))
        self.spent.append(float(orders_cost(world, orders)[0]))
        events = self.game.setup.events
        for event_id, index in result.flows.resolved_events.items():
            event = events.events[events.index(event_id)]
            given = event_id in orders.event_choices
            self.answers.append(Answer(turn - 1, event.title, event.choices[index].label, given))
        for var in COCA_VARS:
            for name, delta in ledger.contributions(var).items():
                row = delta[0]
                add(self.parts["coca_ha"], name, float(row.sum()))
                for region, value in enumerate(row):
                    add(self.region_parts[region], name, float(value))
        for metric in CAUSED[1:]:
            for name, value in national_parts(world, result, metric.key, ()).items():
                add(self.parts[metric.key], name, value)
        last = turn + 1 == self.game.turn
        if last or world.year_of(turn + 1) != world.year_of(turn):
            grades = {k: float(v[0]) for k, v in report_card(world, state).items()}
            self.cards.append((world.year_of(turn), turn + 1, grades))


def add(book: dict[str, float], name: str, value: float) -> None:
    book[name] = book.get(name, 0.0) + value


def largest_first(parts: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """Every part that is not exactly zero, largest first: none is dropped as noise, so
    the parts still add up to the change (the report adds the small ones in one row)."""
    return tuple(sorted(((n, v) for n, v in parts.items() if v != 0.0), key=lambda kv: -abs(kv[1])))


def build(
    game: Game, content: Content, futures: BatchResult | None = None, name: str = "the game"
) -> Debrief:
    """Replay ``game`` and gather its debrief; ``futures`` if already run (the end screen
    has them), else the status-quo futures are run here. Raises ``SaveError`` naming
    ``name`` if the replay parts from the game."""
    collect = _Collector(game)
    fresh = Game.new(game.setup, game.seed)
    start = metric_columns(fresh.state)[:, :, 0]
    start_gap = {m.key: float(m.values(fresh.state)[0]) for m in HEADLINE_GAP}
    _, divergence = replay_game(game, on_turn=collect)
    if divergence is not None:
        raise SaveError(
            f"{name}: does not play again as it was saved ({divergence}); a debrief reports "
            "only a game that replays exactly"
        )
    if futures is None:
        futures = status_quo_futures(game, content)
    scores = futures.score
    if not game.over and game.turn > 0:  # scored as if the term ended here: so are they
        scores = status_quo_futures(game, content, turns=game.turn).score
    mine = np.stack([start, *collect.rows])
    gap = {k: np.array([start_gap[k], *v]) for k, v in collect.gap.items()}
    world = game.setup.world
    causes = [
        Causes(
            m, float(mine[0, i, -1]), float(mine[-1, i, -1]), largest_first(collect.parts[m.key])
        )
        for m in CAUSED
        for i in [column(m)]
    ]
    coca = column(CAUSED[0])
    region_causes = [
        Causes(CAUSED[0], float(mine[0, coca, r]), float(mine[-1, coca, r]), largest_first(parts))
        for r, parts in enumerate(collect.region_parts)
    ]
    pending = [int(i) for i in np.flatnonzero(game.state.pending_events[0])]
    waiting = [game.setup.events.events[i].title for i in pending]
    fired = {a.title for a in collect.answers} | set(waiting)
    return Debrief(
        game=game,
        futures=futures,
        mine=mine,
        gap=gap,
        budget=np.array(collect.budget),
        spent=np.array(collect.spent),
        answers=collect.answers,
        waiting=waiting,
        causes=causes,
        region_causes=region_causes[: world.regions],
        cards=collect.cards,
        score=game.final_score(),
        futures_scores=scores,
        sources=sources(content, game.setup, fired),
    )


def column(metric: Metric) -> int:
    """The metric's index on a batch's metric axis."""
    return METRIC_NAMES.index(metric.key)


def sources(content: Content, setup: GameSetup, fired: set[str]) -> list[Cited]:
    """The facts this game stands on: those its scenario and model cite, and those of
    the events that came up in it; ordered by source, then by what they say."""
    users: dict[str, list[str]] = {}
    scenario = "the scenario"
    parts: list[tuple[str, object]] = [(scenario, setup.scenario)]
    model = content.models.get(setup.scenario.model)
    if model is not None:
        parts.append(("the model", model))
    parts += [(f"event: {s.title}", s) for s in setup.event_specs if s.title in fired]
    for user, node in parts:
        found: dict[str, list[str]] = {}
        citations(node, user, found)
        for fact_id in found:
            names = users.setdefault(fact_id, [])
            if user not in names:
                names.append(user)
    cited = [Cited(content.facts[f], tuple(u)) for f, u in users.items() if f in content.facts]
    return sorted(
        cited,
        key=lambda c: (
            c.fact.source.publisher,
            c.fact.source.year,
            c.fact.source.title,
            c.fact.what,
        ),
    )
