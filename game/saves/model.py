"""The save file's model (format 1): what a save holds, its checksum, and its bytes.

A save is one JSON file modelled by ``SaveFile``. It holds the whole state bit for bit
(arrays as dtype, shape and base64 of their little-endian bytes, because decimal text
would not bring every float back exactly), the random streams, and the orders, event
answers, summary and per-variable check hashes of every turn, so that a save can be
replayed from the start and shown to reach exactly the state it holds.

The model checks what a file can get wrong on its own (types, lengths, bounds that keep
numbers usable); what it must agree with in the installed content is checked by
``checks.py`` when it is loaded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator, model_validator

from ..errors import SaveError
from ..locations import game_version

if TYPE_CHECKING:
    from ..engine import Orders
    from ..session import Game

#: The format this game writes. Older versions are read through ``MIGRATIONS``.
FORMAT_VERSION = 1
#: What marks a JSON file as one of ours (format 0 used ``"game": "balloon-effect"``).
FORMAT_NAME = "balloon-effect-save"
_DTYPES = ("float64", "int64", "bool", "uint64")
_DTYPE_NAMES = {np.dtype(name): name for name in _DTYPES}
#: Bounds far above any game, so that a number from a file stays usable (a 4,000-digit
#: turn or draw counter would overflow numpy, or fill an error line).
MAX_TURN = 100_000
MAX_LENGTH = 2**31

#: A float that stays strict JSON: NaN and infinities are written as "nan", "inf", "-inf".
JsonFloat = Annotated[
    float,
    PlainSerializer(lambda v: v if math.isfinite(v) else str(v), when_used="json"),
]


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
        if any(n > MAX_LENGTH for n in self.shape):
            raise ValueError("length in shape too large")
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
    counter: int = Field(ge=0, lt=2**63)


class StateData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    turn: int = Field(ge=0, le=MAX_TURN)
    arrays: dict[str, ArrayData]
    rng: RngData


class OrdersData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    arrays: dict[str, ArrayData]
    event_choices: dict[str, int]


class TurnData(BaseModel):
    """One quarter: the orders given, the summary after it, and check hashes of the state."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    turn: int = Field(ge=0, le=MAX_TURN)
    orders: OrdersData
    summary: dict[str, JsonFloat]
    checks: dict[str, str]


class ScenarioFileData(BaseModel):
    """The scenario file a game named by path was played on, and a hash of its bytes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(min_length=1)
    digest: str


class SaveFile(BaseModel):
    """The save file, format 1. ``checksum`` covers everything else (see ``checksum``).

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
    turn: int = Field(ge=0, le=MAX_TURN)
    score: JsonFloat
    start_summary: dict[str, JsonFloat]
    state: StateData
    history: list[TurnData]
    checksum: str

    @field_validator("score")
    @classmethod
    def _score_is_a_grade(cls, score: float) -> float:
        """A score is a grade of 0–100 (NaN in saves of old games that had none)."""
        if not math.isnan(score) and not 0.0 <= score <= 100.0:
            raise ValueError(f"score {score:.6g} is outside 0 to 100")
        return score

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


def file_dict(save: SaveFile) -> dict[str, Any]:
    """The save as the JSON the file holds: without ``scenario_file`` when there is none."""
    return save.model_dump(
        mode="json", exclude={"scenario_file"} if save.scenario_file is None else None
    )


def checksum(data: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of everything but the checksum itself.

    Canonical (sorted keys, no spaces) so that re-indenting a file does not matter but
    changing any value does: an edited or damaged save is refused rather than loaded wrong.
    """
    body = {k: v for k, v in data.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


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
    for name, value in state.array_fields().items():
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            # never write a save that loading would refuse (the game may not be saved)
            raise SaveError(f"not saved: the game's {name} is not a finite number")
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
    return model.model_copy(update={"checksum": checksum(file_dict(model))})


def encode(save: SaveFile) -> bytes:
    """The file's bytes: one line per top-level field and one per turn of history.

    Readable in an editor and a diff, yet written by json's fast C encoder (an indented
    dump of a 40-turn game takes several times longer).
    """
    data = file_dict(save)

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
