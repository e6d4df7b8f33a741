"""Array helpers shared by the mechanisms.

``add_along`` sums an axis by explicit additions in index order. Two reasons: numpy's
``sum`` over a short last axis of a long batch runs one tiny reduction per run and is
three times slower than adding the few columns; and the explicit order makes each run's
sum independent of how many runs sit beside it (never BLAS, never a blocked reduction).
"""

from __future__ import annotations

import numpy as np


def add_along(x: np.ndarray, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    """Sum of ``x`` over ``axis``, added in index order."""
    axis = axis % x.ndim
    lead = (slice(None),) * axis
    count = x.shape[axis]
    if count == 0:
        total = np.zeros(x.shape[:axis] + x.shape[axis + 1 :])
    else:
        total = x[(*lead, 0)] + 0.0
        for k in range(1, count):
            total = total + x[(*lead, k)]
    return np.expand_dims(total, axis) if keepdims else total
