"""Balloon Effect.

The engine never calls BLAS: its sums are explicit so that a run's numbers do not depend
on how many runs sit beside it. So numpy's BLAS is told, before numpy is first imported,
not to start a thread per core: start-up is about 70 ms quicker, and forked batch
workers inherit no idle native threads. A value the user has set is left alone.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
