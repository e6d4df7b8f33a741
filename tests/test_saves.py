"""Saved games: exact round trips, atomic writes, autosave, refusals, migration, replay."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import saves
from game.cli import main
from game.commands import saves as saves_command
from game.engine import Orders, State
from game.saves import SaveError, load_save, replay, save_game
from game.session import Game
from game.sim.batch import run_batch
from game.sim.strategy import load_strategy

_GAMES: dict[int, Game] = {}


def played(setup, content, turns: int, seed: int = 7) -> Game:
    """A game played ``turns`` quarters with a strategy that answers events (cached)."""
    if turns not in _GAMES:
        game = Game.new(setup, seed)
        strategy = load_strategy(content, setup, "eradicate-vraem")
        for _ in range(turns):
            orders = strategy.orders(game.state)
            choices = dict(orders.event_choices)
            for index in game.pending_events():
                event = setup.events.events[index]
                choices.setdefault(event.id, event.default_choice)
            game.play(orders.with_values(event_choices=choices))
        _GAMES[turns] = game
    return _GAMES[turns]


def same_state(a: State, b: State) -> bool:
    return saves.compare_states(a, b) is None


def same_orders(a: Orders, b: Orders) -> bool:
    arrays_a, arrays_b = a.arrays(), b.arrays()
    return a.event_choices == b.event_choices and all(
        arrays_a[k].dtype == arrays_b[k].dtype and arrays_a[k].tobytes() == arrays_b[k].tobytes()
        for k in arrays_a
    )


def same_game(a: Game, b: Game) -> bool:
    def bits(summary: dict[str, float]) -> dict[str, bytes]:
        return {k: np.float64(v).tobytes() for k, v in summary.items()}

    return (
        a.seed == b.seed
        and same_state(a.state, b.state)
        and bits(a.start_summary) == bits(b.start_summary)
        and len(a.history) == len(b.history)
        and all(
            r.turn == s.turn
            and same_orders(r.orders, s.orders)
            and bits(r.summary) == bits(s.summary)
            and r.checks == s.checks
            for r, s in zip(a.history, b.history, strict=True)
        )
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- round trip


def test_a_40_quarter_game_round_trips_bit_for_bit(tmp_path, setup, content):
    game = played(setup, content, 40)
    path = save_game(game, tmp_path / "g.json")
    loaded = load_save(path, content)
    assert same_game(game, loaded.game)
    assert loaded.file.turn == 40 and loaded.file.seed == 7
    assert loaded.file.content_digest == content.digest
    assert loaded.game.state.pending_events.dtype == np.bool_
    assert loaded.game.state.event_count.dtype == np.int64
    assert any(r.orders.event_choices for r in loaded.game.history)
    json.loads(path.read_text())  # strict JSON: no NaN tokens


def test_awkward_floats_round_trip_exactly(tmp_path, setup, content):
    game = played(setup, content, 3)
    state = game.state.copy()
    # awkward floats a game can hold (NaN, infinities and values past a game's magnitude
    # are refused as crafted: see test_hostile_saves.py); the summary may hold NaN
    awkward = [0.1, -0.0, 5e-324, np.nextafter(1e9, 0.0), np.nextafter(1.0, 2.0)]
    state.coca_ha[0, : len(awkward)] = awkward
    last = game.history[-1]
    summary = {**last.summary, "coca_ha": float("nan")}
    history = [*game.history[:-1], dataclasses.replace(last, summary=summary)]
    odd = dataclasses.replace(game, state=state, history=history)
    with np.errstate(invalid="ignore"):  # the recorded score plays on: NaN in, NaN out
        path = save_game(odd, tmp_path / "odd.json")
    loaded = load_save(path, content).game
    assert loaded.state.coca_ha.tobytes() == state.coca_ha.tobytes()
    assert np.isnan(loaded.history[-1].summary["coca_ha"])


# --------------------------------------------------------------------------- writing


@pytest.mark.parametrize("fail_at", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_previous_save_intact(
    tmp_path, setup, content, monkeypatch, fail_at
):
    path = save_game(played(setup, content, 3), tmp_path / "g.json")
    before = path.read_bytes()

    def boom(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, fd, mode):
                self.handle = real_fdopen(fd, mode)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                boom()

        monkeypatch.setattr(os, "fdopen", HalfWriter)
    else:
        monkeypatch.setattr(os, fail_at, boom)
    with pytest.raises(SaveError, match="could not be written"):
        save_game(played(setup, content, 8), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]  # no temporary file left
    assert load_save(path, content).game.turn == 3


def test_saves_folder_flag_beats_environment_beats_default(tmp_path, monkeypatch):
    monkeypatch.delenv(saves.SAVES_ENV, raising=False)
    assert saves.saves_dir() == saves.REPO_ROOT / "saves"
    monkeypatch.setenv(saves.SAVES_ENV, str(tmp_path / "env"))
    assert saves.saves_dir() == tmp_path / "env"
    assert saves.saves_dir(tmp_path / "flag") == tmp_path / "flag"
    assert saves.save_path("mine", tmp_path) == tmp_path / "mine.json"
    assert saves.save_path("out/mine.json", tmp_path) == Path("out/mine.json")


def test_autosave_keeps_the_last_five_and_nothing_else_is_touched(tmp_path, setup, content):
    keep = tmp_path / "autosave" / "notes.txt"
    keep.parent.mkdir()
    keep.write_text("mine")
    game = Game.new(setup, 3)
    written = []
    for _ in range(7):
        game.play(game.default_orders())
        written.append(saves.autosave(game, tmp_path))
    names = sorted(p.name for p in (tmp_path / "autosave").glob("*.json"))
    assert names == sorted(p.name for p in written[-5:])
    assert keep.read_text() == "mine"
    assert load_save(written[-1], content).game.turn == 7


# --------------------------------------------------------------------------- refusals


def rewrite(path: Path, change) -> None:
    """Edit a save's JSON and (unless the change removes it) fix its checksum."""
    data = json.loads(path.read_text())
    change(data)
    if "checksum" in data:
        data["checksum"] = saves.checksum(data)
    path.write_text(json.dumps(data))


@pytest.fixture
def good(tmp_path, setup, content) -> Path:
    return save_game(played(setup, content, 8), tmp_path / "good.json")


def refuse(path: Path, content, *fragments: str) -> str:
    folder = snapshot(path.parent)
    with pytest.raises(SaveError) as info:
        load_save(path, content)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message
    assert snapshot(path.parent) == folder
    return message


def test_truncated_save_is_refused(good, content):
    good.write_bytes(good.read_bytes()[:-200])
    refuse(good, content, "cut short", "autosave")


def test_edited_value_is_refused_by_the_checksum(good, content):
    good.write_text(good.read_text().replace('"seed": 7', '"seed": 8'))
    refuse(good, content, "checksum")


def test_foreign_json_and_empty_files_are_refused(tmp_path, content):
    for name, text in [("a.json", '{"name": "x"}'), ("b.json", "[1, 2]"), ("c.json", "")]:
        (tmp_path / name).write_text(text)
        refuse(tmp_path / name, content)
    refuse(tmp_path / "missing.json", content, "no such save")


def test_future_format_is_refused_with_update_advice(good, content):
    rewrite(good, lambda d: d.update(format_version=saves.FORMAT_VERSION + 1))
    refuse(good, content, "newer version", "update the game")


def test_other_content_is_refused(good, content):
    other = dataclasses.replace(content, digest="0123456789abcdef")
    refuse(good, other, "other game content", good.name)


def test_consistent_edits_are_still_refused(good, content):
    def drop_array(d):
        del d["state"]["arrays"]["coca_ha"]

    def wrong_shape(d):
        d["state"]["arrays"]["welfare"] = saves.ArrayData.of(np.zeros((1, 3))).model_dump()

    def wrong_turn(d):
        d["turn"] = 7

    for change, fragment in [
        (drop_array, "missing coca_ha"),
        (wrong_shape, "welfare"),
        (wrong_turn, "disagree"),
    ]:
        original = good.read_bytes()
        rewrite(good, change)
        refuse(good, content, fragment)
        good.write_bytes(original)


# --------------------------------------------------------------------------- migration


def to_format_0(data: dict) -> dict:
    """Write a format-1 save the way format 0 did (see ``saves.migrations._migrate_0_to_1``)."""

    def old_array(entry: dict) -> dict:
        value = saves.ArrayData.model_validate(entry).array()
        if value.dtype.kind == "f":
            values = np.vectorize(float.hex, otypes=[object])(value).tolist()
        else:
            values = value.tolist()
        return {"dtype": entry["dtype"], "values": values}

    state = data["state"]
    return {
        "game": "balloon-effect",
        "format_version": 0,
        "scenario_id": data["scenario"],
        "content_digest": data["content_digest"],
        "seed": data["seed"],
        "difficulty": data["difficulty"],
        "balloon": data["balloon"],
        "turn": data["turn"],
        "state": {
            "turn": state["turn"],
            "arrays": {k: old_array(v) for k, v in state["arrays"].items()},
            "rng_keys": saves.ArrayData.model_validate(state["rng"]["keys"]).array().tolist(),
            "rng_counter": state["rng"]["counter"],
        },
        "turns": [
            {
                "turn": t["turn"],
                "orders": {k: old_array(v) for k, v in t["orders"]["arrays"].items()},
                "event_choices": t["orders"]["event_choices"],
                "summary": t["summary"],
            }
            for t in data["history"]
        ],
    }


def test_format_0_save_is_migrated_and_replays(good, content, tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(to_format_0(json.loads(good.read_text()))))
    before = old.read_bytes()
    loaded = load_save(old, content)
    assert old.read_bytes() == before  # migration happens in memory only
    original = load_save(good, content).game
    assert same_state(loaded.game.state, original.state)
    assert all(
        same_orders(a.orders, b.orders)
        for a, b in zip(loaded.game.history, original.history, strict=True)
    )
    assert loaded.game.start_summary == original.start_summary
    assert replay(loaded)[1] is None


def test_a_broken_format_0_save_is_refused(tmp_path, content):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"game": "balloon-effect", "format_version": 0, "turn": 1}))
    refuse(path, content, "could not be upgraded")


# --------------------------------------------------------------------------- replay, branch


def test_replay_is_identical_and_finds_the_first_difference(tmp_path, setup, content):
    loaded = load_save(save_game(played(setup, content, 8), tmp_path / "g.json"), content)
    assert replay(loaded)[1] is None
    # orders of turn 5 changed after the fact: the state after turn 5 no longer follows
    game = loaded.game
    history = list(game.history)
    more = history[4].orders.troops + 0.0
    more[0, 0] += 1.0
    history[4] = dataclasses.replace(history[4], orders=history[4].orders.with_values(troops=more))
    bent = dataclasses.replace(game, history=history)
    divergence = replay(load_save(save_game(bent, tmp_path / "bent.json"), content))[1]
    assert divergence is not None and divergence.turn == 5
    # only the final state changed: found at the end, with the variable named
    state = game.state.copy()
    state.coca_ha[0, 2] += 1.0
    forged = dataclasses.replace(game, state=state)
    divergence = replay(load_save(save_game(forged, tmp_path / "forged.json"), content))[1]
    assert divergence is not None
    assert (divergence.turn, divergence.variable) == (8, "coca_ha")


def test_branch_equals_a_game_played_to_that_turn(tmp_path, setup, content):
    loaded = load_save(save_game(played(setup, content, 8), tmp_path / "g.json"), content)
    branch, divergence = replay(loaded, to_turn=3)
    assert divergence is None and branch.turn == 3
    fresh = Game.new(setup, 7)
    for record in loaded.game.history[:3]:
        fresh.play(record.orders)
    assert same_game(branch, fresh)


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli(monkeypatch, content, tmp_path):
    """Run ``balloon`` in-process on the session's content with a temporary saves folder."""
    monkeypatch.setattr(saves_command, "load_content", lambda: content)
    monkeypatch.setenv(saves.SAVES_ENV, str(tmp_path))
    return lambda *argv: main(list(argv))


def test_simulate_save_is_run_zero_of_the_same_batch(cli, tmp_path, setup, content):
    assert (
        cli("simulate", "--runs", "1", "--seed", "4", "--turns", "6", "--save", "s", "--quiet") == 0
    )
    saved = load_save(tmp_path / "s.json", content).game
    strategy = load_strategy(content, setup, "status-quo")
    batch = run_batch(setup, strategy, [4], 6)
    assert same_state(saved.state, batch.final_state)
    assert cli("simulate", "--from-save", "s", "--turns", "3", "--save", "t", "--quiet") == 0
    assert load_save(tmp_path / "t.json", content).game.turn == 9
    assert cli("replay", str(tmp_path / "t.json")) == 0


def test_replay_command_exit_codes_and_lines(cli, tmp_path, setup, content, capsys):
    game = played(setup, content, 8)
    save_game(game, tmp_path / "g.json")
    assert cli("replay", "g") == 0
    assert "identical" in capsys.readouterr().out
    assert cli("replay", "g", "--to-turn", "4", "--out", "b") == 0
    assert load_save(tmp_path / "b.json", content).game.turn == 4
    state = game.state.copy()
    state.welfare[0, 1] = 1.0
    save_game(dataclasses.replace(game, state=state), tmp_path / "bad.json")
    capsys.readouterr()
    assert cli("replay", "bad") == 1
    out = capsys.readouterr().out
    assert "turn 8" in out and "welfare" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("replay", "nowhere"),
        ("replay", "g", "--to-turn", "x", "--out", "b"),
        ("replay", "g", "--to-turn", "99", "--out", "b"),
        ("replay", "g", "--to-turn", "3"),
        ("replay", "g", "--out", "g.json"),
        ("replay", "junk"),
        ("simulate", "--runs", "2", "--save", "x"),
        ("simulate", "--from-save", "junk"),
        ("saves", "--saves-dir", "/nonexistent/folder"),
    ],
)
def test_refusals_are_one_line_with_status_2(
    cli, tmp_path, setup, content, capsys, monkeypatch, argv
):
    save_game(played(setup, content, 3), tmp_path / "g.json")
    (tmp_path / "junk.json").write_text('{"format": "balloon-effect-save", "format_version": 1')
    monkeypatch.chdir(tmp_path)
    try:
        code = cli(*argv)
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if "--to-turn" in argv and "x" in argv:  # argparse's refusal: its last line says why
        assert "--to-turn" in err.strip().splitlines()[-1]
    else:
        assert err.count("\n") == 1 and err.startswith("balloon: ")


def test_saves_lists_good_and_damaged_files(cli, tmp_path, setup, content, capsys):
    save_game(played(setup, content, 3), tmp_path / "g.json")
    saves.autosave(played(setup, content, 3), tmp_path)
    (tmp_path / "broken.json").write_text("{")
    assert cli("saves") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:5] == ["name", "scenario", "played", "date", "score"]
    row = next(line for line in lines if line.startswith("g.json"))
    # quarters played of the term, as the game's own screens write it
    assert "vraem-2022" in row and f" 3/{setup.world.turns} " in row and "ok" in row
    assert any(line.startswith("autosave/auto-") for line in lines)
    assert "damaged" in next(line for line in lines if line.startswith("broken.json"))


# --------------------------------------------------------------------------- damage
# Why a property test: the ways a file can be damaged are too many to list by hand, and
# the promise is absolute — a damaged save never loads as a different game, never raises
# anything but ``SaveError``, and loading never touches another file.

_SAVED: dict[str, tuple[Game, bytes]] = {}


def original(setup) -> tuple[Game, bytes]:
    """A real 6-quarter save, made once per test process."""
    if "game" not in _SAVED:
        game = Game.new(setup, 11)
        for _ in range(6):
            orders = game.default_orders()
            for index in game.pending_events():
                event = setup.events.events[index]
                orders = orders.with_choice(event.id, event.default_choice)
            game.play(orders)
        with tempfile.TemporaryDirectory() as folder:
            data = save_game(game, Path(folder) / "g.json").read_bytes()
        _SAVED["game"] = (game, data)
    return _SAVED["game"]


@st.composite
def damage(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "delete"]))
    at = draw(st.integers(0, len(data) - 1))
    if kind == "flip":
        mask = draw(st.integers(1, 255))
        return data[:at] + bytes([data[at] ^ mask]) + data[at + 1 :]
    if kind == "truncate":
        return data[:at]
    length = draw(st.integers(1, 64))
    return data[:at] + data[at + length :]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_damaged_saves_are_refused_or_load_identically(setup, content, data):
    game, good = original(setup)
    damaged = data.draw(damage(good))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "other.json").write_bytes(good)
        saves.autosave(game, folder)
        path = folder / "damaged.json"
        path.write_bytes(damaged)
        before = snapshot(folder)
        try:
            loaded = load_save(path, content)
        except SaveError as exc:
            assert "\n" not in str(exc) and str(path) in str(exc)
        else:
            assert same_game(loaded.game, game)
        assert snapshot(folder) == before
