"""The log of which events fired in a batch (sim.firings): what ``simulate --json`` and
the pacing check read. Checked against the engine's own per-quarter firings."""

from __future__ import annotations

import numpy as np

from game.engine import new_game, step
from game.sim.batch import run_batch
from game.sim.firings import FiringLog
from game.sim.strategy import load_strategy

RUNS = 60
TURNS = 40


def test_the_log_holds_exactly_the_engine_s_firings(content, setup):
    strategy = load_strategy(content, setup, "integrated")
    result = run_batch(setup, strategy, np.arange(RUNS), TURNS, series=False)
    world, table = setup.world, setup.events
    state = new_game(world, table, np.arange(RUNS), setup.start_orders, setup.difficulty)
    cube = np.zeros((TURNS, RUNS, len(table)), dtype=bool)
    for t in range(TURNS):
        state = step(world, table, state, strategy.orders(state)).state
        cube[t] = state.pending_events
    ids = [event.id for event in table.events]
    for run, fired in enumerate(result.fired.by_run()):
        expected = [(t + 1, ids[i]) for t, i in zip(*np.nonzero(cube[:, run]), strict=True)]
        assert fired == expected
    assert np.array_equal(result.fired.counts(), cube.sum(axis=(0, 2)))
    quiet = ~cube.any(axis=2)  # (turns, runs)
    for run, gap in enumerate(result.fired.longest_gaps()):
        spells = "".join("q" if q else "." for q in quiet[:, run]).split(".")
        assert gap == max(len(s) for s in spells)


def test_a_game_that_ended_counts_up_to_its_end(setup):
    """An ended run keeps its last quarter's pending events as they were: they are not
    counted again, and its quiet spell stops at its end."""
    world, table = setup.world, setup.events
    state = new_game(world, table, [5, 6], setup.start_orders, setup.difficulty)
    log = FiringLog(2, 0, tuple(e.id for e in table.events))
    for turn in range(1, 13):
        state = step(world, table, state, setup.start_orders).state
        if turn == 3:  # run 0 ends at quarter 3, as if approval had collapsed
            state = state.copy()
            state.ended_turn[0], state.end_reason[0] = 3, 1
            state.pending_events[0] = False
            state.pending_events[0, 0] = True  # what it fired as it ended
        log.add(state)
    fired = log.done(state)
    per_run = fired.by_run()
    assert per_run[0][-1] == (3, table.events[0].id)
    assert all(turn <= 3 for turn, _ in per_run[0])
    assert any(turn > 3 for turn, _ in per_run[1])
    quiet_before_end = 3 - len({turn for turn, _ in per_run[0]})
    assert fired.longest_gaps()[0] <= quiet_before_end
