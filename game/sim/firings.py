"""Which events fired in which run and quarter of a batch, and how a game is paced by them.

Kept as three flat arrays (run, quarter, event) rather than a (quarters, runs, events)
cube: a quarter fires a handful of events among thousands of runs, so the log stays a
few kilobytes where the cube would be megabytes, and it crosses from a worker process
at once with the final state.

Quarters are numbered as played, 1 for the first: an event recorded at quarter ``q``
fired at the end of quarter ``q`` (``State.pending_events`` after the step that made
``state.turn == q``) and is answered in the next.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..engine import State


class FiringLog:
    """Collects, quarter by quarter, the firings of a batch being played."""

    def __init__(self, runs: int, first_turn: int, event_ids: tuple[str, ...]) -> None:
        self.runs, self.first_turn, self.event_ids = runs, first_turn, event_ids
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, state: State) -> None:
        """Record the firings of the quarter ``state`` ends. A game that had ended keeps
        its last quarter's pending events (ended runs are held as they were), so only
        runs still playing, or ending this quarter, count."""
        pending = state.pending_events
        if not pending.any():
            return
        playing = (state.ended_turn < 0) | (state.ended_turn == state.turn)
        # the flat indices' (run, event): twice as fast as ``np.nonzero`` of a 2-d array
        runs, events = np.divmod(np.flatnonzero(pending & playing[:, None]), pending.shape[1])
        if len(runs):
            turns = np.full(len(runs), state.turn, dtype=np.int64)
            self.parts.append((runs.astype(np.int64), turns, events.astype(np.int64)))

    def done(self, state: State) -> Firings:
        """The firings of the quarters played, up to ``state``."""
        if self.parts:
            run, turn, event = (np.concatenate(column) for column in zip(*self.parts, strict=True))
        else:
            run = turn = event = np.zeros(0, dtype=np.int64)
        return Firings(
            run,
            turn,
            event,
            self.runs,
            self.first_turn,
            state.turn,
            state.ended_turn.copy(),
            self.event_ids,
        )


@dataclass(frozen=True)
class Firings:
    """Every firing of a batch: ``run[k]`` saw event ``event[k]`` (an index into the
    scenario's event table) fire at quarter ``turn[k]``. Quarters ``first_turn + 1`` to
    ``last_turn`` were played; a run that ended early played up to its ``ended_turn``."""

    run: np.ndarray
    turn: np.ndarray
    event: np.ndarray
    runs: int
    first_turn: int
    last_turn: int
    ended_turn: np.ndarray  # (runs,) -1 if the run did not end early
    event_ids: tuple[str, ...]  # of the scenario's event table, in its order

    @staticmethod
    def join(parts: list[Firings]) -> Firings:
        """The firings of consecutive slices of runs as one batch's (runs renumbered)."""
        offsets = np.cumsum([0, *[p.runs for p in parts[:-1]]])
        first = parts[0]
        return Firings(
            np.concatenate([p.run + o for p, o in zip(parts, offsets, strict=True)]),
            np.concatenate([p.turn for p in parts]),
            np.concatenate([p.event for p in parts]),
            sum(p.runs for p in parts),
            first.first_turn,
            first.last_turn,
            np.concatenate([p.ended_turn for p in parts]),
            first.event_ids,
        )

    def counts(self) -> np.ndarray:
        """(runs,) how many events fired in each game."""
        return np.bincount(self.run, minlength=self.runs)

    def by_run(self) -> list[list[tuple[int, str]]]:
        """(quarter, event id) of each firing of every run, in order of play."""
        order = np.lexsort((self.event, self.turn, self.run))
        run, turn, event = self.run[order], self.turn[order], self.event[order]
        bounds = np.searchsorted(run, np.arange(self.runs + 1))
        turns, events = turn.tolist(), [self.event_ids[i] for i in event.tolist()]
        return [
            list(zip(turns[a:b], events[a:b], strict=True))
            for a, b in itertools.pairwise(bounds.tolist())
        ]

    def longest_gaps(self) -> np.ndarray:
        """(runs,) the most quarters in a row, among those a game played, in which no
        event fired. A game that ended early is measured up to its end."""
        quarters = self.last_turn - self.first_turn
        any_fired = np.zeros((self.runs, quarters), dtype=bool)
        any_fired[self.run, self.turn - self.first_turn - 1] = True
        ended = self.ended_turn >= 0
        played = np.where(ended, self.ended_turn - self.first_turn, quarters)
        current = np.zeros(self.runs, dtype=np.int64)
        longest = np.zeros(self.runs, dtype=np.int64)
        for q in range(quarters):
            quiet = ~any_fired[:, q] & (q < played)
            current = np.where(quiet, current + 1, 0)
            np.maximum(longest, current, out=longest)
        return longest
