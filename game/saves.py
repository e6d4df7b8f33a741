"""Saved games: save, autosave, load, replay and branch — versioned, exact and atomic.

A save is one JSON file modelled by ``SaveFile``. It holds the whole state bit for bit
(arrays as dtype, shape and base64 of their little-endian bytes, because decimal text
would not bring every float back exactly), the random streams, and the orders, event
answers, summary and per-variable check hashes of every turn, so that a save can be
replayed from the start and shown to reach exactly the state it holds.

Why so careful: a player's save is the one thing the game must never lose. Files are
written to a temporary file in the same folder, flushed, fsynced and then moved over the
old one with ``os.replace``, so a crash leaves either the old save or the new one. Loading
trusts nothing: every way a file can be wrong (cut short, edited, foreign, from a newer
game, from other content) ends in a ``SaveError`` whose message is one line saying why
and what the player can do; loading never writes anything.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    model_validator,
)

from .engine import Orders, OrdersRefused, State, new_game
from .engine.rng import RunStreams
from .errors import SaveError
from .loader import (
    Content,
    ContentError,
    GameSetup,
    digest_with_file,
    file_digest,
    prepare_game,
)
from .session import Game, TurnRecord, national_summary

#: The format this game writes. Older versions are read through ``MIGRATIONS``.
FORMAT_VERSION = 1
#: What marks a JSON file as one of ours (format 0 used ``"game": "balloon-effect"``).
FORMAT_NAME = "balloon-effect-save"
REPO_ROOT = Path(__file__).resolve().parents[1]
SAVES_ENV = "BALLOON_SAVES_DIR"
AUTOSAVE_DIR = "autosave"
AUTOSAVE_KEEP = 5
_AUTOSAVE_NAME = re.compile(r"^auto-(\d{6,})-.*\.json$")
_DTYPES = ("float64", "int64", "bool", "uint64")
_DTYPE_NAMES = {np.dtype(name): name for name in _DTYPES}
_HELP = "load another save or an autosave (balloon saves lists them)"


#: A float that stays strict JSON: NaN and infinities are written as "nan", "inf", "-inf".
JsonFloat = Annotated[
    float,
    PlainSerializer(lambda v: v if math.isfinite(v) else str(v), when_used="json"),
]


# --------------------------------------------------------------------------- file model


class ArrayData(BaseModel):
    """A numpy array stored exactly: dtype, shape and base64 of its little-endian bytes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dtype: Literal["float64", "int64", "bool", "uint64"]
    shape: list[int] = Field(max_length=4)
    data: str

    @model_validator(mode="after")
    def _bytes_fit_shape(self) -> ArrayData:
        if any(n < 0 for n in self.shape):
            raise ValueError("negative length in shape")
        try:
            raw = base64.b64decode(self.data, validate=True)
        except ValueError:
            raise ValueError("data is not base64") from None
        itemsize = np.dtype(self.dtype).itemsize
        if len(raw) != math.prod(self.shape) * itemsize:
            raise ValueError(f"{len(raw)} bytes do not fill shape {self.shape}")
        return self

    @classmethod
    def of(cls, value: np.ndarray) -> ArrayData:
        """Our own arrays need no validation, so this builds the model directly (fast)."""
        value = np.asarray(value)
        name = _DTYPE_NAMES.get(value.dtype)
        if name is None:
            raise SaveError(f"cannot save an array of type {value.dtype}")
        little = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
        return cls.model_construct(
            dtype=name,
            shape=list(value.shape),
            data=base64.b64encode(little.tobytes()).decode("ascii"),
        )

    def array(self) -> np.ndarray:
        raw = base64.b64decode(self.data, validate=True)
        little = np.frombuffer(raw, dtype=np.dtype(self.dtype).newbyteorder("<"))
        return little.astype(np.dtype(self.dtype)).reshape(self.shape)


class RngData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    keys: ArrayData
    counter: int = Field(ge=0)


class StateData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    turn: int = Field(ge=0)
    arrays: dict[str, ArrayData]
    rng: RngData


class OrdersData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    arrays: dict[str, ArrayData]
    event_choices: dict[str, int]


class TurnData(BaseModel):
    """One quarter: the orders given, the summary after it, and check hashes of the state."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    turn: int = Field(ge=0)
    orders: OrdersData
    summary: dict[str, JsonFloat]
    checks: dict[str, str]


class ScenarioFileData(BaseModel):
    """The scenario file a game named by path was played on, and a hash of its bytes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(min_length=1)
    digest: str


class SaveFile(BaseModel):
    """The save file, format 1. ``checksum`` covers everything else (see ``_checksum``).

    ``scenario_file`` is there only for a game on a scenario file named by path; a save of
    a built-in scenario leaves it out, so that it is the very format 1 it always was.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["balloon-effect-save"]
    format_version: int
    game_version: str
    saved_at: str
    scenario: str
    scenario_file: ScenarioFileData | None = None
    content_digest: str
    seed: int = Field(ge=0, lt=2**62)
    difficulty: str
    balloon: str
    turn: int = Field(ge=0)
    score: JsonFloat
    start_summary: dict[str, JsonFloat]
    state: StateData
    history: list[TurnData]
    checksum: str

    @model_validator(mode="after")
    def _turns_line_up(self) -> SaveFile:
        if self.state.turn != self.turn or len(self.history) != self.turn:
            raise ValueError(
                f"turn {self.turn}, state turn {self.state.turn} and "
                f"{len(self.history)} recorded turns disagree"
            )
        for i, record in enumerate(self.history):
            if record.turn != i:
                raise ValueError(f"history[{i}] is turn {record.turn}")
        return self


def _file_dict(save: SaveFile) -> dict[str, Any]:
    """The save as the JSON the file holds: without ``scenario_file`` when there is none."""
    return save.model_dump(
        mode="json", exclude={"scenario_file"} if save.scenario_file is None else None
    )


def _checksum(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything but the checksum itself.

    Canonical (sorted keys, no spaces) so that re-indenting a file does not matter but
    changing any value does: an edited or damaged save is refused rather than loaded wrong.
    """
    body = {k: v for k, v in data.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def game_version() -> str:
    try:
        return metadata.version("balloon-effect")
    except metadata.PackageNotFoundError:
        return "unknown"


# --------------------------------------------------------------------------- migrations


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 0 (the pre-release format) → 1.

    Format 0 marked files with ``"game": "balloon-effect"``, named the scenario
    ``scenario_id``, stored arrays as nested lists of ``float.hex`` strings (integers and
    booleans as JSON numbers and booleans), kept the random streams as ``rng_keys`` and
    ``rng_counter`` beside the state arrays, recorded turns under ``turns`` with event
    choices beside the orders, and had no checksum, score, start summary or check hashes.
    """

    def array(entry: dict[str, Any]) -> dict[str, Any]:
        dtype = np.dtype(entry["dtype"])
        values = entry["values"]
        if dtype.kind == "f":
            flat = np.array([float.fromhex(v) for v in np.ravel(np.array(values, dtype=object))])
            value = flat.reshape(np.shape(np.array(values, dtype=object)))
        else:
            value = np.array(values, dtype=dtype)
        return ArrayData.of(value.astype(dtype)).model_dump()

    state = data["state"]
    turns = data["turns"]
    out = {
        "format": FORMAT_NAME,
        "format_version": 1,
        "game_version": "unknown (format 0)",
        "saved_at": "",
        "scenario": data["scenario_id"],
        "content_digest": data["content_digest"],
        "seed": data["seed"],
        "difficulty": data["difficulty"],
        "balloon": data["balloon"],
        "turn": data["turn"],
        "score": float("nan"),  # recomputed from the state when loaded
        "start_summary": {},  # recomputed from the seed when loaded
        "state": {
            "turn": state["turn"],
            "arrays": {name: array(entry) for name, entry in state["arrays"].items()},
            "rng": {
                "keys": ArrayData.of(np.array(state["rng_keys"], dtype=np.uint64)).model_dump(),
                "counter": state["rng_counter"],
            },
        },
        "history": [
            {
                "turn": t["turn"],
                "orders": {
                    "arrays": {name: array(entry) for name, entry in t["orders"].items()},
                    "event_choices": t["event_choices"],
                },
                "summary": t["summary"],
                "checks": {},
            }
            for t in turns
        ],
    }
    out["checksum"] = _checksum(out)
    return out


#: ``MIGRATIONS[v]`` turns a format-``v`` dict into a format-``v + 1`` dict.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}


def migrate(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Bring a parsed file up to ``FORMAT_VERSION``, one explicit step at a time."""
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SaveError(f"{where}: is damaged (no format version); {_HELP}")
    if version > FORMAT_VERSION:
        raise SaveError(
            f"{where}: was saved by a newer version of the game (save format {version}, this "
            f"game reads up to {FORMAT_VERSION}); update the game to load it"
        )
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"{where}: save format {version} is too old to read; {_HELP}")
        try:
            data = step(data)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise SaveError(
                f"{where}: is damaged (format {version} could not be upgraded: "
                f"{type(exc).__name__}); {_HELP}"
            ) from None
        version += 1
    return data


# --------------------------------------------------------------------------- writing


def saves_dir(override: str | Path | None = None) -> Path:
    """Where saves go: ``--saves-dir``, else ``$BALLOON_SAVES_DIR``, else ``saves/``."""
    if override:
        return Path(override)
    env = os.environ.get(SAVES_ENV)
    if env:
        return Path(env)
    return REPO_ROOT / "saves"


def save_path(text: str, directory: Path) -> Path:
    """A save name (``mygame``) means ``DIR/mygame.json``; anything path-like is a path."""
    if os.sep in text or "/" in text or text.endswith(".json"):
        return Path(text)
    return directory / f"{text}.json"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that it holds either the old or the new bytes.

    The temporary file sits in the same folder (so ``os.replace`` is an atomic rename on
    the same file system) and is fsynced before the rename; the folder is fsynced after,
    so the rename itself survives a power cut.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError, AttributeError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError, AttributeError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _orders_data(orders: Orders) -> OrdersData:
    return OrdersData(
        arrays={k: ArrayData.of(v) for k, v in orders.arrays().items()},
        event_choices={str(k): int(v) for k, v in orders.event_choices.items()},
    )


def to_save_file(game: Game, saved_at: str | None = None) -> SaveFile:
    """The save of ``game`` as a model (checksum included)."""
    state, file = game.state, game.setup.scenario_file
    if state.runs != 1:
        raise SaveError(f"a save holds one game, this state holds {state.runs} runs")
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "game_version": game_version(),
        "saved_at": saved_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "scenario": game.setup.scenario.id,
        "scenario_file": None if file is None else {"path": str(file.path), "digest": file.digest},
        "content_digest": game.setup.content_digest,
        "seed": int(game.seed),
        "difficulty": game.setup.difficulty.name,
        "balloon": game.setup.balloon,
        "turn": int(state.turn),
        "score": game.final_score(),
        "start_summary": game.start_summary,
        "state": StateData(
            turn=state.turn,
            arrays={k: ArrayData.of(v) for k, v in state.array_fields().items()},
            rng=RngData(keys=ArrayData.of(state.rng.keys), counter=state.rng.counter),
        ),
        "history": [
            TurnData(turn=r.turn, orders=_orders_data(r.orders), summary=r.summary, checks=r.checks)
            for r in game.history
        ],
        "checksum": "",
    }
    model = SaveFile.model_validate(data)
    return model.model_copy(update={"checksum": _checksum(_file_dict(model))})


def encode(save: SaveFile) -> bytes:
    """The file's bytes: one line per top-level field and one per turn of history.

    Readable in an editor and a diff, yet written by json's fast C encoder (an indented
    dump of a 40-turn game takes several times longer).
    """
    data = _file_dict(save)

    def dump(value: Any) -> str:
        return json.dumps(value, allow_nan=False, separators=(",", ":"))

    lines = []
    for key, value in data.items():
        if key == "history":
            turns = ",\n  ".join(dump(t) for t in value)
            lines.append(f' "history": [\n  {turns}\n ]' if value else ' "history": []')
        else:
            lines.append(f" {dump(key)}: {dump(value)}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode()


def save_game(game: Game, path: Path) -> Path:
    """Write ``game`` to ``path`` atomically; a failure leaves the old file as it was."""
    data = encode(to_save_file(game))
    try:
        write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SaveError(f"{path}: could not be written ({reason}); nothing was changed") from None
    return path


def autosave(game: Game, directory: Path | None = None, keep: int = AUTOSAVE_KEEP) -> Path:
    """Save ``game`` into ``DIR/autosave/`` and keep only the newest ``keep`` autosaves.

    Call after every turn (the TUI and headless games both do). Names carry a rising
    number, so "newest" does not depend on file times; only files of that pattern are
    ever deleted, and only after the new one is safely written.
    """
    folder = saves_dir(directory) / AUTOSAVE_DIR
    existing = _autosaves(folder)
    number = (existing[-1][0] + 1) if existing else 1
    path = folder / f"auto-{number:06d}-{game.setup.scenario.id}-t{game.turn:02d}.json"
    save_game(game, path)
    for _, old in _autosaves(folder)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return path


def _autosaves(folder: Path) -> list[tuple[int, Path]]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _AUTOSAVE_NAME.match(path.name)
        if match and path.is_file():
            found.append((int(match.group(1)), path))
    return sorted(found)


# --------------------------------------------------------------------------- reading


def read_save_file(path: Path) -> SaveFile:
    """Parse, migrate, validate and checksum a file, without looking at the content."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(
            f"{where}: no such save; check the path (balloon saves lists them)"
        ) from None
    except IsADirectoryError:
        raise SaveError(f"{where}: is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise SaveError(f"{where}: is empty; {_HELP}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(f"{where}: is damaged (not text); {_HELP}") from None
    except json.JSONDecodeError as exc:
        raise SaveError(
            f"{where}: is damaged or cut short (not valid JSON at line {exc.lineno}); {_HELP}"
        ) from None
    except RecursionError:
        raise SaveError(f"{where}: is damaged (nested too deeply); {_HELP}") from None
    if not isinstance(data, dict) or (
        data.get("format") != FORMAT_NAME and data.get("game") != "balloon-effect"
    ):
        raise SaveError(f"{where}: is not a Balloon Effect save; choose a file from saves/")
    original = data.get("format_version")
    data = migrate(data, where)
    try:
        save = SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "file"
        message = str(first["msg"]).splitlines()[0]
        raise SaveError(
            f"{where}: is damaged or was edited ({field}: {message}); {_HELP}"
        ) from None
    if original == FORMAT_VERSION and save.checksum != _checksum(_file_dict(save)):
        raise SaveError(
            f"{where}: was changed or damaged after it was saved (checksum mismatch); {_HELP}"
        )
    return save


@dataclass
class LoadedSave:
    """A save checked against the installed content, ready to play on or to replay."""

    path: Path
    file: SaveFile
    game: Game


def _state_from(data: StateData) -> State:
    keys = data.rng.keys.array()
    rng = RunStreams(keys=keys, counter=data.rng.counter)
    return State(turn=data.turn, rng=rng, **{k: v.array() for k, v in data.arrays.items()})


def _orders_from(data: OrdersData) -> Orders:
    arrays = {k: v.array() for k, v in data.arrays.items()}
    return Orders(**arrays, event_choices=data.event_choices)


def _check_against(where: str, save: SaveFile, setup: GameSetup) -> None:
    """Every array must have the name, type and shape a fresh game of this setup has."""
    template = new_game(
        setup.world, setup.events, [save.seed], setup.start_orders, setup.difficulty
    )
    expected = {k: (v.dtype.name, list(v.shape)) for k, v in template.array_fields().items()}
    got = {k: (v.dtype, v.shape) for k, v in save.state.arrays.items()}
    _same_layout(where, "state", expected, got)
    keys = save.state.rng.keys
    if (
        keys.dtype != "uint64"
        or keys.shape != [1]
        or not np.array_equal(keys.array(), template.rng.keys)
    ):
        raise SaveError(f"{where}: is damaged or was edited (random streams do not match the seed)")
    if save.turn > setup.world.turns:
        raise SaveError(
            f"{where}: is damaged or was edited (turn {save.turn} is past the scenario's "
            f"{setup.world.turns} quarters)"
        )
    zeros = setup.start_orders.arrays()
    for record in save.history:
        want = {k: ("float64", [1, *v.shape[1:]]) for k, v in zeros.items()}
        got = {k: (v.dtype, v.shape) for k, v in record.orders.arrays.items()}
        _same_layout(where, f"history[{record.turn}].orders", want, got)


def _same_layout(
    where: str,
    part: str,
    expected: dict[str, tuple[str, list[int]]],
    got: dict[str, tuple[str, list[int]]],
) -> None:
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    if missing or extra:
        what = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
        raise SaveError(f"{where}: is damaged or was edited ({part}: {what}); {_HELP}")
    for name, want in expected.items():
        if got[name] != want:
            raise SaveError(
                f"{where}: is damaged or was edited ({part}.{name}: {got[name][0]} "
                f"{got[name][1]}, expected {want[0]} {want[1]}); {_HELP}"
            )


def _refusal(save: SaveFile, content: Content) -> tuple[str, str] | None:
    """Why ``save`` cannot be played with ``content``: a few words for the saves list and
    the whole reason for the player; None when it can be.

    A game on a scenario file needs that file, where it was and as it was, besides the
    same content: its digest covers both.
    """
    file, expected = save.scenario_file, content.digest
    if file is not None:
        try:
            raw = Path(file.path).read_bytes()
        except OSError:
            return "scenario file gone", (
                f"was played on the scenario file {file.path}, which is no longer there; "
                "put it back or start a new game"
            )
        if file_digest(raw) != file.digest:
            return "scenario file changed", (
                f"was played on the scenario file {file.path}, which has changed since; "
                "restore the version it was played with or start a new game"
            )
        expected = digest_with_file(content.digest, file.digest)
    if save.content_digest == expected:
        return None
    return "other content", (
        f"was played with other game content (content {save.content_digest}, installed "
        f"{expected}); load it with the game version that saved it ({save.game_version}) or "
        "start a new game"
    )


def load_save(path: Path, content: Content) -> LoadedSave:
    """Read a save and rebuild its ``Game``; raises ``SaveError`` and touches nothing."""
    save = read_save_file(path)
    where = str(path)
    refusal = _refusal(save, content)
    if refusal is not None:
        raise SaveError(f"{where}: {refusal[1]}")
    scenario = save.scenario if save.scenario_file is None else save.scenario_file.path
    try:
        setup = prepare_game(content, scenario, save.difficulty, save.balloon)
    except ContentError as exc:
        raise SaveError(f"{where}: names a game this content cannot set up ({exc})") from None
    _check_against(where, save, setup)
    state = _state_from(save.state)
    history = [
        TurnRecord(r.turn, _orders_from(r.orders), dict(r.summary), dict(r.checks))
        for r in save.history
    ]
    start = dict(save.start_summary)
    if not start:
        fresh = new_game(
            setup.world, setup.events, [save.seed], setup.start_orders, setup.difficulty
        )
        start = national_summary(fresh)
    game = Game(setup=setup, seed=save.seed, state=state, history=history, start_summary=start)
    return LoadedSave(path=path, file=save, game=game)


# --------------------------------------------------------------------------- replay


@dataclass(frozen=True)
class Divergence:
    """Where a replay first parts from the save: after ``turn`` quarters, in ``variable``."""

    turn: int
    variable: str
    detail: str

    def __str__(self) -> str:
        return f"differs after turn {self.turn}: {self.variable} ({self.detail})"


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


# --------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class SaveListing:
    name: str
    scenario: str
    turn: int | None
    date: str
    score: float | None
    status: str  # "ok", "other content", "scenario file gone" or "changed", "damaged: why"


def list_saves(directory: Path, content: Content | None = None) -> list[SaveListing]:
    """Every ``*.json`` in ``directory`` and its autosave folder; damaged ones say so."""
    paths = sorted(directory.glob("*.json")) + sorted((directory / AUTOSAVE_DIR).glob("*.json"))
    listings = []
    for path in paths:
        if path.name.startswith("."):
            continue
        name = path.relative_to(directory).as_posix()
        try:
            save = read_save_file(path)
        except SaveError as exc:
            reason = str(exc).removeprefix(f"{path}: ").split(";")[0]
            listings.append(SaveListing(name, "?", None, "", None, f"damaged: {reason}"))
            continue
        refusal = None if content is None else _refusal(save, content)
        status = "ok" if refusal is None else refusal[0]
        score = save.score if np.isfinite(save.score) else None
        date = save.saved_at.replace("T", " ")[:16]
        listings.append(SaveListing(name, save.scenario, save.turn, date, score, status))
    return listings
