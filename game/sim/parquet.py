"""``--parquet F``: one row per run (and per strategy), written a chunk at a time.

A study of a million games cannot hold its per-run values, so they go to disk as they
are played: each piece of runs is one Parquet row group, appended to a temporary file
that replaces ``F`` only when the study has finished (``outfiles.atomic_writer``).

Columns, named from the metrics registry (``engine.metrics``):

* ``strategy`` (the strategy's id), ``run`` (i), ``seed`` (seed + i);
* ``score`` (the final score, played on as a player's game is), ``ended_turn``
  (-1 if the game ran its term), ``end_reason`` ("" if it did not end early);
* ``events`` (how many fired) and ``events_fired`` (a list of {turn, event}: the
  quarter played, 1 for the first, at whose end the event fired, and its id);
* every collected metric's national value at the last quarter as ``KEY``
  (``coca_ha``), and its value in each region as ``KEY.REGION`` (``coca_ha.vraem``).

pyarrow is an optional extra (``studies``), imported only when a file is written.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np

from ..engine.metrics import COLLECTED, SCORE
from ..engine.state import END_REASONS
from ..errors import UsageError
from ..outfiles import atomic_writer
from .study import Piece

INSTALL = (
    "--parquet needs pyarrow, an optional extra: pip install 'balloon-effect[studies]' "
    "(or pip install pyarrow)"
)


def require_pyarrow():
    """pyarrow and its Parquet module, or the one line that says how to install them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(INSTALL) from None
    return pa, pq


def column_names(region_ids: tuple[str, ...]) -> list[str]:
    """The metric columns, in the registry's order: national, then by region."""
    names = []
    for metric in COLLECTED:
        names.append(metric.key)
        if metric.regional:
            names.extend(f"{metric.key}.{rid}" for rid in region_ids)
    return names


class RunsFile:
    """A Parquet file of per-run rows, open while the study plays (a context manager)."""

    def __init__(
        self, path: Path, strategy_ids: list[str], region_ids: tuple[str, ...], seed: int
    ) -> None:
        self.pa, self.pq = require_pyarrow()
        self.path, self.ids, self.regions, self.seed = path, strategy_ids, region_ids, seed
        self.rows = 0
        pa = self.pa
        fields = [
            pa.field("strategy", pa.dictionary(pa.int32(), pa.string())),
            pa.field("run", pa.int64()),
            pa.field("seed", pa.int64()),
            pa.field(SCORE.key, pa.float64()),
            pa.field("ended_turn", pa.int32()),
            pa.field("end_reason", pa.dictionary(pa.int8(), pa.string())),
            pa.field("events", pa.int32()),
            pa.field(
                "events_fired",
                pa.list_(
                    pa.struct(
                        [
                            pa.field("turn", pa.int32()),
                            pa.field("event", pa.dictionary(pa.int32(), pa.string())),
                        ]
                    )
                ),
            ),
            *(pa.field(name, pa.float64()) for name in column_names(region_ids)),
        ]
        self.schema = pa.schema(fields)
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> RunsFile:
        handle = self._stack.enter_context(atomic_writer(self.path))
        self.writer = self.pq.ParquetWriter(handle, self.schema, compression="zstd")
        self._stack.callback(self.writer.close)
        return self

    def __exit__(self, *exc) -> bool | None:
        return self._stack.__exit__(*exc)

    def write(self, piece: Piece) -> None:
        """Append a piece's runs as one row group."""
        pa = self.pa
        n = piece.runs
        runs = np.arange(piece.first, piece.first + n, dtype=np.int64)
        fired = piece.fired
        order = np.lexsort((fired.event, fired.turn, fired.run))
        offsets = np.searchsorted(fired.run[order], np.arange(n + 1)).astype(np.int32)
        event_ids = pa.array(list(fired.event_ids), pa.string())
        events = pa.StructArray.from_arrays(
            [
                pa.array(fired.turn[order], pa.int32()),
                pa.DictionaryArray.from_arrays(pa.array(fired.event[order], pa.int32()), event_ids),
            ],
            names=["turn", "event"],
        )
        reasons = pa.DictionaryArray.from_arrays(
            pa.array(piece.end_reason.astype(np.int8), pa.int8()),
            pa.array(list(END_REASONS), pa.string()),
        )
        strategy = pa.DictionaryArray.from_arrays(
            pa.array(np.full(n, piece.strategy, dtype=np.int32), pa.int32()),
            pa.array(self.ids, pa.string()),
        )
        columns = [
            strategy,
            pa.array(runs),
            pa.array(runs + self.seed),
            pa.array(piece.score, pa.float64()),
            pa.array(piece.ended_turn.astype(np.int32)),
            reasons,
            pa.array(np.diff(offsets), pa.int32()),
            pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), events),
        ]
        regions = len(self.regions)
        for m, metric in enumerate(COLLECTED):
            columns.append(pa.array(piece.final[:, m, regions]))
            if metric.regional:
                columns.extend(pa.array(piece.final[:, m, r]) for r in range(regions))
        self.writer.write_table(pa.Table.from_arrays(columns, schema=self.schema))
        self.rows += n
