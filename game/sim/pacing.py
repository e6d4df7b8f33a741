"""How often events come: a content check of a scenario's pacing, played headless.

Issue 12 found the late game empty ("none in the last 11 quarters: just press e"), and
asks that events keep coming whatever the player does. So the measure is taken over
games of several strategies, not only the status quo: an event table that only a
passive player sees fire is not paced. Counted over the quarters a game plays (a game
that ends early counts up to its end).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..loader import Content, GameSetup
from .batch import run_batch
from .firings import Firings
from .strategy import load_strategy

#: Issue 12 ("Events that keep coming"): the median game sees at least this many events.
TARGET_MEDIAN_EVENTS = 14
#: Issue 12: no more than this many quarters in a row without an event ...
TARGET_LONGEST_GAP = 6
#: ... in at least this share of games.
TARGET_SHARE_WITHIN_GAP = 0.9
#: Issue 12: status quo and three other built-in strategies, from passive to active.
PACING_STRATEGIES = ("status-quo", "integrated", "interdiction-first", "development-first")
#: Games per strategy: issue 12 measures over 1,000.
PACING_RUNS = 1_000


@dataclass(frozen=True)
class Pacing:
    """The pacing of one strategy's games."""

    strategy: str  # its id
    name: str  # its name, for people
    runs: int
    median_events: float
    mean_events: float
    share_within_gap: float  # share of games with no gap longer than TARGET_LONGEST_GAP
    median_longest_gap: float
    longest_gap: int  # over every game
    ended_early: float  # share of games lost before the end of the term

    @property
    def events_ok(self) -> bool:
        return self.median_events >= TARGET_MEDIAN_EVENTS

    @property
    def gaps_ok(self) -> bool:
        return self.share_within_gap >= TARGET_SHARE_WITHIN_GAP


def pacing_of(fired: Firings, strategy_id: str = "", name: str = "") -> Pacing:
    """The pacing figures of a batch's firings."""
    counts, gaps = fired.counts(), fired.longest_gaps()
    return Pacing(
        strategy=strategy_id,
        name=name,
        runs=fired.runs,
        median_events=float(np.median(counts)),
        mean_events=float(counts.mean()),
        share_within_gap=float(np.mean(gaps <= TARGET_LONGEST_GAP)),
        median_longest_gap=float(np.median(gaps)),
        longest_gap=int(gaps.max(initial=0)),
        ended_early=float(np.mean(fired.ended_turn >= 0)),
    )


def measure_pacing(
    content: Content,
    setup: GameSetup,
    runs: int = PACING_RUNS,
    strategies: tuple[str, ...] = PACING_STRATEGIES,
    seed: int = 0,
) -> list[Pacing]:
    """Play ``runs`` games of each strategy over the scenario's term and measure them.

    Only what pacing reads is kept (no per-quarter series or bands), so a thousand
    games of a strategy take about a second.
    """
    out = []
    seeds = np.arange(seed, seed + runs)
    for strategy_id in strategies:
        strategy = load_strategy(content, setup, strategy_id)
        result = run_batch(setup, strategy, seeds, setup.world.turns, series=False)
        out.append(pacing_of(result.fired, strategy_id, strategy.spec.name))
    return out
