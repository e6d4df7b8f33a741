"""Replay and branch: play a save's orders again from its seed and compare, bit for bit.

A save records the orders, summary and per-variable check hashes of every turn, so a
replay can name the first turn and the first variable where it parts from the save.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import OrdersRefused, State
from ..plaintext import plain_text
from ..session import Game
from .load import LoadedSave


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
    saved = loaded.game
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
    if stop == saved.turn:
        name = compare_states(saved.state, game.state)
        if name is not None:
            return game, Divergence(stop, name, _describe(name, saved.state, game.state))
    return game, None
