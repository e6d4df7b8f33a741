"""When a headless Textual app finished its last frame: what a player waits for.

The TUI benches time a key press to the end of the last frame it caused. Two things make
the obvious way (a clock around ``pilot.press`` and ``pilot.pause``) wrong:

* the pilot polls for idleness in sleeps of 20 ms (two in a key press, one in a pause),
  so it sees the app idle up to ~60 ms after the app finished: that time is the bench's
  waiting, not the player's;
* the headless driver skips turning a frame's segments into the escape codes a terminal
  is sent, which a player's terminal does wait for.

``FrameClock`` wraps the app's display: after Textual has rendered a frame, it makes the
escape codes (and throws them away), then takes the time. ``App._display`` is private;
the benches are the only code that touches it, and ``since`` fails loudly (no frame
seen) if Textual stops calling it. Kept to the standard library so the start-up bench's
child process imports nothing more than ``balloon play`` does.
"""

from __future__ import annotations

import time
from typing import Any


class FrameClock:
    """The wall and CPU clocks at the end of the app's last frame."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        self.wall: float | None = None
        self.cpu: float | None = None
        self.frames = 0
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
                self.wall, self.cpu = time.perf_counter(), time.process_time()
                self.frames += 1

        app._display = timed

    def since(self, wall: float, cpu: float) -> tuple[float, float]:
        """Seconds (wall, CPU) from ``wall``/``cpu`` to the last frame finished after them."""
        if self.wall is None or self.cpu is None or self.wall < wall:
            raise AssertionError("no frame was drawn (does Textual still call App._display?)")
        return self.wall - wall, self.cpu - cpu


async def timed_key(pilot: Any, clock: FrameClock, key: str) -> tuple[float, float]:
    """Press ``key`` and wait until the app is idle; the seconds (wall, CPU) from the
    press to the last frame it caused."""
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.pause()
    return clock.since(wall, cpu)
