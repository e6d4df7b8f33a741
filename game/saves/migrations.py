"""Older save formats brought up to the current one, one explicit step at a time.

Migration happens in memory only: an old file is never rewritten, so a player who goes
back to the older game still has it as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import SaveError
from ..plaintext import plain_text
from .model import FORMAT_NAME, FORMAT_VERSION, ArrayData, checksum
from .wording import HELP


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
    out["checksum"] = checksum(out)
    return out


#: ``MIGRATIONS[v]`` turns a format-``v`` dict into a format-``v + 1`` dict.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}

#: What a step may raise on a file that is not what its format says (numpy and float
#: parsing raise the first five; a crafted array type is refused as ``SaveError``).
_BROKEN = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    OverflowError,
    IndexError,
    RecursionError,
    MemoryError,
    SaveError,
)


def migrate(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Bring a parsed file up to ``FORMAT_VERSION``, one explicit step at a time."""
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SaveError(f"{where}: is damaged (no format version); {HELP}")
    shown = plain_text(version, 12)
    if version > FORMAT_VERSION:
        raise SaveError(
            f"{where}: was saved by a newer version of the game (save format {shown}, this "
            f"game reads up to {FORMAT_VERSION}); update the game to load it"
        )
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise SaveError(f"{where}: save format {shown} is too old to read; {HELP}")
        try:
            data = step(data)
        except _BROKEN as exc:
            raise SaveError(
                f"{where}: is damaged (format {version} could not be upgraded: "
                f"{type(exc).__name__}); {HELP}"
            ) from None
        version += 1
    return data
