"""Chunks of a study on a Dask cluster, for studies bigger than one machine.

The engine does not change: a chunk is a range of run indices, and ``study.play_chunk``
plays it from its own seeds wherever it runs, so a cluster's workers need only this
game installed (the same version, so the same content). The parent merges the pieces in
run order exactly as a local study does, so the results are identical, bit for bit.

Dask (``distributed``) is an optional extra (``cluster``), imported only here.
"""

from __future__ import annotations

from ..errors import UsageError

INSTALL = (
    "--scheduler needs Dask, an optional extra: pip install 'balloon-effect[cluster]' "
    "(or pip install 'dask[distributed]')"
)


def connect(address: str, timeout: float = 10.0):
    """A ``distributed.Client`` of the scheduler at ``address``, or one line saying why not."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(INSTALL) from None
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: could not connect ({exc})") from None


class DaskChunks:
    """A Dask client seen as a study's executor: ``submit(fn, *args)`` and a future's
    ``result()``. Tasks are impure (``pure=False``): each chunk is played once, and
    Dask does not hash the strategy to name it."""

    def __init__(self, client) -> None:
        self.client = client

    @property
    def workers(self) -> int:
        """Threads over all workers: how many chunks are played at once."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        """The client is the caller's to close."""
