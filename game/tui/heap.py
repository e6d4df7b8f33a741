"""The objects the game starts with, taken out of the garbage collector's walks.

Why: CPython's full ("generation 2") collection walks every tracked object, and it runs
whenever enough new objects have survived — at a moment nobody chooses, so in some
quarter's end turn. At start-up ~90,000 objects (the modules, the content, Textual's CSS,
the first screen's widgets) are there for the whole session, and walking them made a
full collection a 60–120 ms pause: the slowest end turns were the ones it landed in.
``gc.freeze`` moves them to a generation the collector never walks; a full collection
then costs only what the game made since.

Once per process: objects frozen and later dropped are never collected, so freezing
again (a second game, or the many apps of a test run) would keep each game's screens
for good. What the first screen holds is a few megabytes kept once.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_start_up() -> None:
    """Collect what start-up left as garbage, then freeze what is alive (once)."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.collect()
    gc.freeze()
