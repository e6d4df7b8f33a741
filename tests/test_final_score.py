"""One score everywhere: a batch's run, the single game with its seed, ``compare``,
``simulate``, a save and the end screen's futures all give a game the same number."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from game.cli import main
from game.commands.saves import play_strategy
from game.engine.events import ALL_REGIONS, NATIONAL, Choice, Effect, Event, EventTable
from game.engine.final import PLAY_ON_QUARTERS
from game.loader import GameSetup
from game.saves import to_save_file
from game.session import Game
from game.sim.batch import run_batch
from game.sim.compare import compare_strategies
from game.sim.strategy import load_strategy

SEEDS = [3, 4, 5]


def single_game(setup: GameSetup, strategy, seed: int) -> Game:
    """The game of ``seed`` played by ``strategy`` through its term (or its early end)."""
    game = Game.new(setup, seed)
    play_strategy(game, strategy, setup.world.turns)
    assert game.over
    return game


@pytest.mark.parametrize("name", ["status-quo", "follow-the-coca", "military-surge-withdraw"])
def test_a_batch_run_scores_as_the_single_game_with_its_seed(content, setup, name):
    """Per-run rules (follow-the-coca) and orders that change late in the term
    (surge, then withdraw) included: the play-on holds each run's last orders."""
    strategy = load_strategy(content, setup, name)
    batch = run_batch(setup, strategy, SEEDS, setup.world.turns, series=False)
    for i, seed in enumerate(SEEDS):
        game = single_game(setup, strategy, seed)
        assert batch.score[i] == game.final_score(), (name, seed)
        assert to_save_file(game).score == game.final_score()  # what a save records


def test_the_play_on_is_counted(content, setup):
    """The score is not the average of the term's quarters alone."""
    strategy = load_strategy(content, setup, "military-surge-withdraw")
    game = single_game(setup, strategy, SEEDS[0])
    term_only = float(game.state.score_sum[0]) / game.turn
    assert game.final_score() != term_only
    assert game.turn == setup.world.turns and PLAY_ON_QUARTERS == 8


@pytest.fixture(scope="module")
def losing(setup) -> GameSetup:
    """Events that wreck approval or arm the remnant: some games end early, some do not."""
    scandal = Choice("accept", (Effect("approval", NATIONAL, -200.0),))
    offensive = Choice("accept", (Effect("insurgency", ALL_REGIONS, 1.0),))
    table = EventTable(
        (
            Event("scandal", "A scandal", 0.02, 0, 10_000, 1, (), (scandal,)),
            Event("offensive", "An offensive", 0.04, 0, 10_000, 1, (), (offensive,)),
        )
    )
    return dataclasses.replace(setup, events=table)


def test_an_early_end_scores_zero_for_the_quarters_after_it(content, losing):
    strategy = load_strategy(content, losing, "status-quo")
    seeds = list(range(1, 9))
    term = losing.world.turns
    batch = run_batch(losing, strategy, seeds, term, series=False)
    ended = batch.ended_turn >= 0
    assert ended.any() and not ended.all()
    for i, seed in enumerate(seeds):
        game = single_game(losing, strategy, seed)
        assert batch.score[i] == game.final_score(), seed
        if ended[i]:
            # the grades of the quarters played, over the term and the play-on
            assert game.turn == batch.ended_turn[i] < term
            expected = float(game.state.score_sum[0]) / (term + PLAY_ON_QUARTERS)
            assert game.final_score() == expected
            assert game.final_score() < float(game.state.score_sum[0]) / game.turn


def test_compare_ranks_by_the_score_simulate_gives(content, setup, tmp_path, capsys):
    names = ["status-quo", "follow-the-coca"]
    strategies = [load_strategy(content, setup, n) for n in names]
    seeds, turns = np.arange(1, 5), 6
    compared = compare_strategies(setup, strategies, seeds, turns)
    for name, strategy in zip(names, strategies, strict=True):
        alone = run_batch(setup, strategy, seeds, turns)
        assert np.array_equal(compared.values[name]["score"], alone.score), name
        path = tmp_path / f"{name}.json"
        args = ["simulate", "--strategy", name, "--runs", "4", "--seed", "1"]
        assert main([*args, "--turns", str(turns), "--quiet", "--json", str(path)]) == 0
        assert json.loads(path.read_text())["score"] == alone.score.tolist(), name


def test_a_game_in_progress_scores_as_if_its_term_ended_now(content, setup):
    """A save mid-term records the same rule: the quarters so far, then the play-on."""
    strategy = load_strategy(content, setup, "follow-the-coca")
    game = Game.new(setup, 2)
    play_strategy(game, strategy, 10)
    batch = run_batch(setup, strategy, [2], 10, series=False)
    assert not game.over and batch.score[0] == game.final_score()
    assert to_save_file(game).score == game.final_score()


def test_the_end_screens_futures_score_as_the_players_game(content, setup):
    """Run 0 of the status-quo futures is the status-quo game of the player's seed."""
    from game.sim.futures import status_quo_futures

    short = dataclasses.replace(setup, world=dataclasses.replace(setup.world, turns=3))
    player = Game.new(short, 4)
    futures = status_quo_futures(player, content, runs=3)
    assert futures.turns == 3
    status_quo = single_game(short, load_strategy(content, short, "status-quo"), 4)
    assert futures.score[0] == status_quo.final_score()
