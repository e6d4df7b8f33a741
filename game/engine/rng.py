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


def _splitmix64_inplace(z: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """``_splitmix64`` step by step, written into ``z``, ``scratch`` (same shape) holding
    the shifts: a batch draws hundreds of thousands of numbers at a time, and every
    temporary of the plain expression would be a fresh array of that size."""
    z += _GOLDEN
    for shift, multiplier in ((_S30, _M1), (_S27, _M2)):
        np.right_shift(z, shift, out=scratch)
        z ^= scratch
        z *= multiplier
    np.right_shift(z, _S31, out=scratch)
    z ^= scratch
    return z


_MASK = (1 << 64) - 1
#: Up to this many numbers a draw is computed in Python integers: a player's game draws a
#: handful at a time, where numpy's per-call cost is most of the work.
FEW_DRAWS = 32


_GOLDEN_INT, _M1_INT, _M2_INT = int(_GOLDEN), int(_M1), int(_M2)


def _splitmix64_int(z: int) -> int:
    """``_splitmix64`` on one Python integer, wrapping at 64 bits: the same bits."""
    z = (z + _GOLDEN_INT) & _MASK
    z = ((z ^ (z >> 30)) * _M1_INT) & _MASK
    z = ((z ^ (z >> 27)) * _M2_INT) & _MASK
    return z ^ (z >> 31)


def _few_uniforms(keys: list[int], offset: int, mixes: tuple[int, ...]) -> np.ndarray:
    """What ``RunStreams.uniform`` draws, for a few numbers: (len(keys), len(mixes))."""
    values = []
    for key in keys:
        stream = _splitmix64_int((key + offset) & _MASK)
        for mixed in mixes:
            values.append((_splitmix64_int(stream ^ mixed) >> 11) * _INV_2_53)
    return np.array(values).reshape(len(keys), len(mixes))


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


def _to_uniform(bits: np.ndarray) -> np.ndarray:
    """Uniforms in [0, 1) from each stream's mixed index: SplitMix64 again, top 53 bits.

    ``bits`` is overwritten; the result is written over one scratch array of its size.
    """
    scratch = np.empty_like(bits)
    _splitmix64_inplace(bits, scratch)
    bits >>= _S11
    # the top 53 bits as a float times 2**-53 (both exact); read as signed integers, which
    # they fit, since numpy converts int64 to float about twice as fast as uint64
    return np.multiply(bits.view(np.int64), _INV_2_53, out=scratch.view(np.float64))


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
        offset = self._next_offset()
        if self.runs * n <= FEW_DRAWS:
            values = _few_uniforms(self.keys.tolist(), offset, _index_mix_ints(n))
        else:
            stream = _splitmix64(self.keys + np.uint64(offset))
            values = _to_uniform(stream[:, None] ^ _index_mix(n)[None, :])
        return values.reshape((self.runs, *shape))

    def uniform_by_column(self, n: int, columns: np.ndarray) -> np.ndarray:
        """``uniform(n)[:, columns].T``, computing only those columns: (len(columns), runs).

        Each number depends on its run, the counter and its index alone, so these are the
        very numbers ``uniform(n)`` draws there, and the counter moves the same. Laid out
        column by column, so that each column's runs are one contiguous row.
        """
        offset = self._next_offset()
        ints = _index_mix_ints(n)
        mix_ints = tuple(ints[int(c)] for c in columns)
        if self.runs * len(mix_ints) <= FEW_DRAWS:
            return _few_uniforms(self.keys.tolist(), offset, mix_ints).T
        stream = _splitmix64(self.keys + np.uint64(offset))
        return _to_uniform(_index_mix(n)[columns][:, None] ^ stream[None, :])

    def _next_offset(self) -> int:
        """This draw's offset of the streams; moves the counter on."""
        # the offset wraps in Python ints: numpy warns when uint64 scalars overflow
        offset = self.counter * _GOLDEN_INT & _MASK
        self.counter += 1
        return offset

    def normal(self, *shape: int) -> np.ndarray:
        """Standard normal numbers (Box–Muller on two uniform draws):
        ``sqrt(-2 log(1 - u1)) · cos(2π u2)``, computed in the draws' own arrays.

        The cosine is taken in single precision: in double precision (libm, one number
        at a time) it costs more than everything else a quarter draws, in single
        precision numpy's vector loops take a twentieth of that, and a normal moves by
        at most 3e-7 of its radius (1e-6 at the far tails, far below anything the
        model resolves).
        """
        radius = self.uniform(*shape)
        angle = self.uniform(*shape)
        np.negative(radius, out=radius)
        np.log1p(radius, out=radius)
        radius *= -2.0
        np.sqrt(radius, out=radius)
        angle *= 2.0 * np.pi
        radius *= np.cos(angle.astype(np.float32))
        return radius

    def take(self, rows: np.ndarray) -> RunStreams:
        """The streams of a subset of runs (same counter), e.g. one run of a batch."""
        return RunStreams(keys=self.keys[rows].copy(), counter=self.counter)

    def copy(self) -> RunStreams:
        return RunStreams(keys=self.keys.copy(), counter=self.counter)
