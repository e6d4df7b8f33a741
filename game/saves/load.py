"""Reading a save: parse, migrate, validate and checksum the file, then rebuild its game.

Loading trusts nothing: every way a file can be wrong (cut short, edited, foreign, from a
newer game, from other content, crafted values, not a file at all) ends in a
``SaveError`` whose message is one line saying why and what the player can do; loading
never writes anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..engine import Orders, State, TurnResult
from ..engine.rng import RunStreams
from ..errors import SaveError
from ..loader import Content, ContentError, digest_with_file, file_digest, prepare_game
from ..plaintext import plain_text
from ..session import Game, TurnRecord
from .checks import check_against, check_summaries, check_values
from .migrations import migrate
from .model import FORMAT_NAME, FORMAT_VERSION, OrdersData, SaveFile, StateData, checksum, file_dict
from .store import Unreadable, read_regular
from .wording import HELP, where

#: The largest scenario file a save may name (content files are a few kilobytes).
MAX_SCENARIO_BYTES = 4 * 1024 * 1024


def read_save_file(path: Path) -> SaveFile:
    """Parse, migrate, validate and checksum a file, without looking at the content."""
    place = where(path)
    try:
        raw = read_regular(path)
    except Unreadable as exc:
        if exc.missing:
            raise SaveError(
                f"{place}: no such save; check the path (balloon saves lists them)"
            ) from None
        raise SaveError(f"{place}: {exc.reason}; {HELP}") from None
    if not raw.strip():
        raise SaveError(f"{place}: is empty; {HELP}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{place}: is damaged (not text); {HELP}") from None
    except json.JSONDecodeError as exc:
        raise SaveError(
            f"{place}: is damaged or cut short (not valid JSON at line {exc.lineno}); {HELP}"
        ) from None
    except RecursionError:
        raise SaveError(f"{place}: is damaged (nested too deeply); {HELP}") from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise SaveError(f"{place}: is damaged (a number too long to read); {HELP}") from None
    if not isinstance(data, dict) or (
        data.get("format") != FORMAT_NAME and data.get("game") != "balloon-effect"
    ):
        raise SaveError(f"{place}: is not a Balloon Effect save; choose a file from saves/")
    original = data.get("format_version")
    data = migrate(data, place)
    try:
        save = SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "file"
        message = str(first["msg"]).splitlines()[0]
        raise SaveError(
            f"{place}: is damaged or was edited ({plain_text(f'{field}: {message}')}); {HELP}"
        ) from None
    if original == FORMAT_VERSION and save.checksum != checksum(file_dict(save)):
        raise SaveError(
            f"{place}: was changed or damaged after it was saved (checksum mismatch); {HELP}"
        )
    return save


@dataclass(frozen=True)
class LastQuarter:
    """The save's last quarter played again: the state it started from and what it did.

    A save keeps only the state it reached; the quarterly report and the regions' change
    since last quarter (Δ) need the quarter before too (``replay.last_quarter``).
    """

    before: State
    result: TurnResult


@dataclass
class LoadedSave:
    """A save checked against the installed content, ready to play on or to replay."""

    path: Path
    file: SaveFile
    game: Game
    #: its last quarter, when asked for (``replay.load_to_play``) and the save has one
    last: LastQuarter | None = None


def _state_from(data: StateData) -> State:
    keys = data.rng.keys.array()
    rng = RunStreams(keys=keys, counter=data.rng.counter)
    return State(turn=data.turn, rng=rng, **{k: v.array() for k, v in data.arrays.items()})


def _orders_from(data: OrdersData) -> Orders:
    arrays = {k: v.array() for k, v in data.arrays.items()}
    return Orders(**arrays, event_choices=data.event_choices)


def refusal(save: SaveFile, content: Content) -> tuple[str, str] | None:
    """Why ``save`` cannot be played with ``content``: a few words for the saves list and
    the whole reason for the player; None when it can be.

    A game on a scenario file needs that file, where it was and as it was, besides the
    same content: its digest covers both. The file is named by the save, so it is read as
    carefully as a save (a regular file, of bounded size).
    """
    file, expected = save.scenario_file, content.digest
    if file is not None:
        shown = where(file.path)
        try:
            raw = read_regular(Path(file.path), MAX_SCENARIO_BYTES)
        except (Unreadable, ValueError) as exc:
            gone = isinstance(exc, Unreadable) and exc.missing
            why = "is no longer there" if gone else plain_text(exc)
            return "scenario file gone", (
                f"was played on the scenario file {shown}, which {why}; "
                "put it back or start a new game"
            )
        if file_digest(raw) != file.digest:
            return "scenario file changed", (
                f"was played on the scenario file {shown}, which has changed since; "
                "restore the version it was played with or start a new game"
            )
        expected = digest_with_file(content.digest, file.digest)
    elif save.scenario not in content.scenarios:
        return "unknown scenario", (
            f"names a scenario this game does not have ({plain_text(save.scenario, 60)}); "
            "load it with the game version that saved it or start a new game"
        )
    if save.content_digest == expected:
        return None
    return "other content", (
        f"was played with other game content (content {plain_text(save.content_digest, 80)}, "
        f"installed {expected}); load it with the game version that saved it "
        f"({plain_text(save.game_version, 60)}) or start a new game"
    )


def load_save(path: Path, content: Content) -> LoadedSave:
    """Read a save and rebuild its ``Game``; raises ``SaveError`` and touches nothing."""
    save = read_save_file(path)
    place = where(path)
    refused = refusal(save, content)
    if refused is not None:
        raise SaveError(f"{place}: {refused[1]}")
    scenario = save.scenario if save.scenario_file is None else save.scenario_file.path
    try:
        setup = prepare_game(content, scenario, save.difficulty, save.balloon)
    except ContentError as exc:
        raise SaveError(
            f"{place}: names a game this content cannot set up ({plain_text(exc)})"
        ) from None
    template = check_against(place, save, setup)
    fresh_start = check_summaries(place, save, template)
    state = _state_from(save.state)
    orders = [_orders_from(r.orders) for r in save.history]
    check_values(place, state, orders, setup, template)
    history = [
        TurnRecord(r.turn, o, dict(r.summary), dict(r.checks))
        for r, o in zip(save.history, orders, strict=True)
    ]
    start = dict(save.start_summary) or fresh_start
    game = Game(setup=setup, seed=save.seed, state=state, history=history, start_summary=start)
    return LoadedSave(path=path, file=save, game=game)


__all__ = ["LastQuarter", "LoadedSave", "load_save", "read_save_file", "refusal"]
