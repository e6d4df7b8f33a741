"""Replay and branch: play a save's orders again from its seed and compare, bit for bit.

A save records the orders, summary and per-variable check hashes of every turn, so a
replay can name the first turn and the first variable where it parts from the save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..engine import OrdersRefused, State, TurnResult
from ..loader import Content
from ..plaintext import plain_text
from ..session import Game
from .load import LastQuarter, LoadedSave, load_save


@dataclass(frozen=True)
class Divergence:
    """Where a replay first parts from the save: after ``turn`` quarters, in ``variable``.

    ``variable`` and ``detail`` may carry names read from the save: shown as plain text.
    """

    turn: int
    variable: str
    detail: str

    def __str__(self) -> str:
        return plain_text(f"differs after turn {self.turn}: {self.variable} ({self.detail})")


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def compare_states(saved: State, replayed: State) -> str | None:
    """The first variable whose bits differ between two states (None if identical)."""
    if saved.turn != replayed.turn:
        return "turn"
    ours = replayed.array_fields()
    for name, value in saved.array_fields().items():
        if name not in ours or not _same_bits(value, ours[name]):
            return name
    if saved.rng.counter != replayed.rng.counter or not _same_bits(
        saved.rng.keys, replayed.rng.keys
    ):
        return "rng"
    return None


def _describe(name: str, saved: State, replayed: State) -> str:
    if name in ("turn", "rng"):
        return "saved and replayed values differ"
    a, b = getattr(saved, name), getattr(replayed, name)
    if a.shape == b.shape and a.size:
        i = int(np.argmax((a != b).ravel())) if np.any(a != b) else 0
        return f"saved {a.ravel()[i]!r}, replayed {b.ravel()[i]!r}"
    return f"saved shape {a.shape}, replayed {b.shape}"


def replay(loaded: LoadedSave, to_turn: int | None = None) -> tuple[Game, Divergence | None]:
    """Re-play the save's orders from a new game of the same seed, checking every turn.

    Returns the replayed game (stopped at ``to_turn`` or at the first divergence) and the
    first divergence, if any. With per-turn check hashes the divergence names the first
    variable that differs in the first turn that differs; the end state is compared bit
    for bit in any case.
    """
    return replay_game(loaded.game, to_turn)


def replay_game(
    saved: Game,
    to_turn: int | None = None,
    on_turn: Callable[[TurnResult], None] | None = None,
) -> tuple[Game, Divergence | None]:
    """``replay`` of a game in memory; ``on_turn`` is given each quarter's result (its
    state and causal ledger) once that quarter has been found identical to the saved one,
    so a reader of the whole game (the debrief) replays it once, with every check."""
    setup = saved.setup
    stop = saved.turn if to_turn is None else to_turn
    game = Game.new(setup, saved.seed)
    for record in saved.history[:stop]:
        try:
            game.play(record.orders)
        except OrdersRefused as exc:
            return game, Divergence(record.turn + 1, "orders", f"refused on replay: {exc}")
        mine = game.history[-1]
        for name, check in record.checks.items():
            if mine.checks.get(name) != check:
                return game, Divergence(record.turn + 1, name, "state hash differs")
        for name, value in record.summary.items():
            theirs = mine.summary.get(name)
            if theirs is None or np.float64(value).tobytes() != np.float64(theirs).tobytes():
                return game, Divergence(
                    record.turn + 1, f"summary {name}", f"saved {value!r}, replayed {theirs!r}"
                )
        if on_turn is not None and game.last is not None:
            on_turn(game.last)
    if stop == saved.turn:
        name = compare_states(saved.state, game.state)
        if name is not None:
            return game, Divergence(stop, name, _describe(name, saved.state, game.state))
    return game, None


def last_quarter(loaded: LoadedSave) -> LastQuarter | None:
    """The save's last quarter, played again from the save's seed and orders.

    None for a save of no quarters, or one whose replay parts from it (then the game is
    played on without a last report: what was saved is still the game).
    """
    saved = loaded.game
    if saved.turn == 0:
        return None
    game, divergence = replay(loaded, to_turn=saved.turn - 1)
    if divergence is not None:
        return None
    before = game.state
    try:
        result = game.play(saved.history[-1].orders)
    except OrdersRefused:
        return None
    if compare_states(saved.state, result.state) is not None:
        return None
    return LastQuarter(before=before, result=result)


def load_to_play(path: Path, content: Content) -> LoadedSave:
    """``load_save`` and the save's last quarter: what a player resuming a game sees
    (the last report, and each region's change since the quarter before)."""
    loaded = load_save(path, content)
    loaded.last = last_quarter(loaded)
    return loaded
