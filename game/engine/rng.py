"""A counter-based random generator with one independent stream per run.

Why not one ``numpy.random.Generator`` for the whole batch: a batch must give run *i* the
very numbers a single game seeded with that run's seed would get, and a shared generator
would make every run depend on how many runs sit beside it. A counter-based generator
(the idea of Random123/Philox) derives each number from ``(run seed, draw counter,
element index)`` alone, so streams are independent of the batch size, fully vectorised,
and their whole state is two small values that a save stores exactly.

The mixing function is SplitMix64 (Steele, Lea & Flood 2014), which passes BigCrush when
used as a hash of a counter.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_INV_2_53 = 1.0 / float(1 << 53)


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser applied element-wise (uint64 arrays wrap without warnings)."""
    z = x + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


_MASK = (1 << 64) - 1
#: Up to this many numbers a draw is computed in Python integers: a player's game draws a
#: handful at a time, where numpy's per-call cost is most of the work.
FEW_DRAWS = 64


_GOLDEN_INT, _M1_INT, _M2_INT = int(_GOLDEN), int(_M1), int(_M2)


def _splitmix64_int(z: int) -> int:
    """``_splitmix64`` on one Python integer, wrapping at 64 bits: the same bits."""
    z = (z + _GOLDEN_INT) & _MASK
    z = ((z ^ (z >> 30)) * _M1_INT) & _MASK
    z = ((z ^ (z >> 27)) * _M2_INT) & _MASK
    return z ^ (z >> 31)


def _few_uniforms(keys: list[int], offset: int, n: int) -> np.ndarray:
    """What ``RunStreams.uniform`` draws, for a few numbers: (len(keys), n)."""
    values = []
    for key in keys:
        stream = _splitmix64_int((key + offset) & _MASK)
        for mixed in _index_mix_ints(n):
            values.append((_splitmix64_int(stream ^ mixed) >> 11) * _INV_2_53)
    return np.array(values).reshape(len(keys), n)


@functools.lru_cache(maxsize=16)
def _index_mix_ints(n: int) -> tuple[int, ...]:
    """``_index_mix(n)`` as Python integers."""
    return tuple((i * _M2_INT) & _MASK for i in range(n))


@functools.lru_cache(maxsize=16)
def _index_mix(n: int) -> np.ndarray:
    """Element indices 0..n-1 times the second SplitMix constant (read-only, shared)."""
    mixed = np.arange(n, dtype=np.uint64) * _M2
    mixed.flags.writeable = False
    return mixed


@dataclass
class RunStreams:
    """Per-run random streams: one 64-bit key per run and a shared draw counter.

    ``counter`` advances by one on every draw, the same in every run, so the draws a
    run sees depend only on its key and on how many draws came before it.
    """

    keys: np.ndarray  # (runs,) uint64
    counter: int = 0

    @classmethod
    def from_seeds(cls, seeds: np.ndarray | list[int]) -> RunStreams:
        seeds = np.asarray(seeds, dtype=np.int64).astype(np.uint64)
        return cls(keys=_splitmix64(seeds ^ np.uint64(0x5EED5EED5EED5EED)), counter=0)

    @property
    def runs(self) -> int:
        return int(self.keys.shape[0])

    def uniform(self, *shape: int) -> np.ndarray:
        """Uniform numbers in [0, 1) of shape ``(runs, *shape)``; advances the counter."""
        n = math.prod(shape)
        # the draw's offset wraps in Python ints: numpy warns when uint64 scalars overflow
        offset = self.counter * _GOLDEN_INT & _MASK
        self.counter += 1
        if self.runs * n <= FEW_DRAWS:
            return _few_uniforms(self.keys.tolist(), offset, n).reshape((self.runs, *shape))
        stream = _splitmix64(self.keys + np.uint64(offset))
        bits = _splitmix64(stream[:, None] ^ _index_mix(n)[None, :])
        values = (bits >> _S11).astype(np.float64) * _INV_2_53
        return values.reshape((self.runs, *shape))

    def normal(self, *shape: int) -> np.ndarray:
        """Standard normal numbers (Box–Muller on two uniform draws)."""
        u1 = self.uniform(*shape)
        u2 = self.uniform(*shape)
        return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)

    def take(self, rows: np.ndarray) -> RunStreams:
        """The streams of a subset of runs (same counter), e.g. one run of a batch."""
        return RunStreams(keys=self.keys[rows].copy(), counter=self.counter)

    def copy(self) -> RunStreams:
        return RunStreams(keys=self.keys.copy(), counter=self.counter)
