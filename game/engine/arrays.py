"""Array helpers shared by the mechanisms.

``add_along`` sums an axis by explicit additions in index order (``max_along`` does the
same for a maximum). Two reasons: numpy's
``sum`` over a short last axis of a long batch runs one tiny reduction per run and is
three times slower than adding the few columns; and the explicit order makes each run's
sum independent of how many runs sit beside it (never BLAS, never a blocked reduction).

``mix`` is the product of a (runs, R) array with a fixed (R, R) matrix, for the same
reasons done by hand. Broadcasting a (runs, 1) column against an (R,) row makes numpy
loop over runs with an inner loop of R elements, several times slower than whole-array
operations, so ``mix`` works on the transposed (R, runs) copy, one long row at a time.
"""

from __future__ import annotations

import functools

import numpy as np

#: Below this many runs, ``mix`` multiplies densely: numpy's per-call cost dominates there.
SMALL_BATCH = 64


def add_along(x: np.ndarray, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """Sum of ``x`` over ``axis``, added in index order.

    A small batch's last axis goes through ``np.add.accumulate``, one call rather than
    one per column: it adds in the same order from the same first term (a copy, not
    ``+ 0.0``), so the bits are the same as the big batch's column by column additions.
    """
    axis = axis % x.ndim
    count = x.shape[axis]
    last = axis == x.ndim - 1
    if count == 0:
        total = np.zeros(x.shape[:axis] + x.shape[axis + 1 :])
    elif last and x.ndim > 1 and x.shape[0] < SMALL_BATCH:
        total = np.add.accumulate(x, axis=-1)[..., -1]
    else:
        # the cheapest views of the slices to add (``moveaxis`` costs more than a sum here)
        if last and x.ndim <= 2:
            parts = x.T
        elif last:
            parts = [x[..., k] for k in range(count)]
        else:
            parts = np.moveaxis(x, axis, 0)
        total = parts[0].copy()
        for k in range(1, count):
            total = total + parts[k]
    if not keepdims:
        return total
    return total[..., None] if last else np.expand_dims(total, axis)


def max_along(x: np.ndarray, keepdims: bool = False) -> np.ndarray:
    """Maximum of ``x`` over its last axis, taken in index order, for ``add_along``'s
    reasons: ``max(axis=-1)`` over a short last axis of a long batch is ten times slower
    than comparing the few columns, and one order for every batch size gives every run
    the same bits, signed zeros included. A small batch does it in one accumulating call.
    """
    if x.shape[-1] == 0:
        raise ValueError("max_along: an empty last axis has no maximum")
    if x.shape[0] < SMALL_BATCH:
        top = np.maximum.accumulate(x, axis=-1)[..., -1]
    else:
        parts = np.moveaxis(x, -1, 0)
        top = parts[0]
        for k in range(1, x.shape[-1]):
            top = np.maximum(top, parts[k])
    return top[..., None] if keepdims else top


def mix(x: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(runs, I) with ``out[:, i] = Σ_j weights[i, j] · x[:, j]``, added in index order.

    Zero weights are skipped: the maps behind these matrices are sparse. A small batch
    (a player's game) takes the dense route instead, fewer numpy calls for the same sums:
    its zero terms add +0.0, which leaves every partial sum as it was (the mechanisms mix
    non-negative quantities, so no partial sum is -0.0), so both routes give the same bits.
    """
    if x.shape[0] < SMALL_BATCH:
        return add_along(x[:, None, :] * weights[None, :, :], axis=2)
    rows = np.ascontiguousarray(x.T)
    out = np.zeros((weights.shape[0], rows.shape[1]))
    for i, terms in _nonzero_terms(weights.tobytes(), weights.shape):
        total = terms[0][1] * rows[terms[0][0]]
        for j, w in terms[1:]:
            total = total + w * rows[j]
        out[i] = total
    return np.ascontiguousarray(out.T)


@functools.lru_cache(maxsize=32)
def _nonzero_terms(
    data: bytes, shape: tuple[int, ...]
) -> tuple[tuple[int, tuple[tuple[int, float], ...]], ...]:
    """Each output row's nonzero (column, weight) pairs; the matrices are fixed by the map."""
    weights = np.frombuffer(data).reshape(shape)
    rows = []
    for i, row in enumerate(weights):
        terms = tuple((int(j), float(row[j])) for j in np.flatnonzero(row))
        if terms:
            rows.append((i, terms))
    return tuple(rows)


def clamp(x: np.ndarray, low: float | np.ndarray, high: float | np.ndarray) -> np.ndarray:
    """``np.clip`` without its Python wrapper, which costs more than the clip on a game's
    small arrays: the same values."""
    return np.minimum(np.maximum(x, low), high)


def to_shape(x: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``x`` broadcast to ``shape`` (a read-only view), or ``x`` itself if it has it."""
    return x if x.shape == shape else np.broadcast_to(x, shape)


def rows_replaced(value: np.ndarray, rows: np.ndarray, source: np.ndarray | float) -> np.ndarray:
    """A copy of ``value`` whose ``rows`` (indices on the first axis) hold ``source``.

    ``value`` may be shared or read-only, so it is copied; a copy and a few rows written
    cost half an ``np.where`` over the whole array.
    """
    out = value.copy()
    out[rows] = source
    return out
