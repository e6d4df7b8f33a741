"""How runs are grouped, in one tiny module so the command line can name the sizes in its
help without importing the engine.

* ``BLOCK``: runs per block of a mean's sums. Means are sums over these fixed blocks,
  added in block order, so they do not depend on how runs are split (``sim.batch``).
* ``CHUNK``: runs in play at once in a study (``sim.study``), over all workers: about
  16 KB each, so the default holds about 270 MB of games whatever the batch's size.
* ``PIECE``: runs one process plays at once in a study, at most: a turn is hundreds of
  array operations over (runs, regions) arrays, and at 4,096 runs each is about 230 KB,
  so a turn's working arrays stay in a core's cache. Played 32,768 games at a time in
  one process, CPU time per game was lowest at 4,096 runs a piece (1,024: +22%; 8,192:
  +11%; 16,384: +26%; Xeon, 2 MB L2 a core). Pieces are whole blocks, so results do
  not depend on it.
"""

BLOCK = 256
CHUNK = 16_384
PIECE = 4_096
