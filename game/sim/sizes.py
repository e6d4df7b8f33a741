"""How runs are grouped, in one tiny module so the command line can name the sizes in its
help without importing the engine.

* ``BLOCK``: runs per block of a mean's sums. Means are sums over these fixed blocks,
  added in block order, so they do not depend on how runs are split (``sim.batch``).
* ``CHUNK``: runs in play at once in a study (``sim.study``), over all workers: about
  16 KB each, so the default holds about 270 MB of games whatever the batch's size.
"""

BLOCK = 256
CHUNK = 16_384
