"""The map's flows overlay: what drawing the growers' moves adds to a redraw of the map.

Measured headless with ``App.run_test`` at 120×40 after two quarters (so there are
flows to draw): the map's ``render`` with the overlay off and on (median of ``REPEATS``
calls each; the overlay's cost is the difference), and pressing ``g`` to the end of the
frame it redraws (``frameclock``: what the player waits for); and the overlay drawn
alone on an empty canvas, which noise on a busy machine does not hide. ``main()`` prints
a markdown table; ``benchmarks/bench.py`` includes it in RESULTS.md.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from frameclock import FrameClock, timed_key  # noqa: E402

from game.loader import load_content, prepare_game  # noqa: E402

SIZE = (120, 40)
QUARTERS = 2
REPEATS = 200
TOGGLES = 10
#: issue 12: "the flows overlay adds ≤ 20 ms"
TARGET_MS = 20.0


def median_ms(call, repeats: int = REPEATS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


async def overlay(content, setup) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from game.tui.app import BalloonApp
    from game.tui.screens.main import MainScreen
    from game.tui.widgets.flowlayer import draw_flows
    from game.tui.widgets.regionmap import Canvas, RegionMap

    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    clock = FrameClock(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(QUARTERS):
            await pilot.press("e")
            await pilot.pause()
            while not isinstance(app.screen, MainScreen):  # the report, then any events
                await pilot.press(
                    "escape" if app.screen.__class__.__name__ == "ReportScreen" else "1"
                )
                await pilot.pause()
        region_map = app.screen.query_one(RegionMap)
        flows = len(app.game.grower_flows())
        region_map.show_flows = False
        off = median_ms(region_map.render)
        region_map.show_flows = True
        on = median_ms(region_map.render)
        region_map.show_flows = False
        drawn = app.game.grower_flows()
        size = (region_map.canvas_width, region_map.get_content_height(None, None, 0))
        alone = median_ms(lambda: draw_flows(Canvas(*size), setup.world, region_map.routes, drawn))
        await pilot.pause()
        toggles = []
        for _ in range(TOGGLES):
            toggles.append((await timed_key(pilot, clock, "g"))[0])
    return {
        "flows": flows,
        "off_ms": off,
        "on_ms": on,
        "added_ms": on - off,
        "alone_ms": alone,
        "toggle_ms": statistics.median(toggles) * 1000,
    }


def measure() -> dict[str, float]:
    os.environ.setdefault("BALLOON_SAVES_DIR", tempfile.mkdtemp(prefix="bench-flows-"))
    content = load_content()
    setup = prepare_game(content, "vraem-2022")
    return asyncio.run(overlay(content, setup))


def table(r: dict[str, float]) -> str:
    met = "yes" if max(r["added_ms"], r["alone_ms"]) <= TARGET_MS else "**no**"
    rows = [
        "| flows overlay (120×40) | result | target | met |",
        "|---|---:|---:|:---:|",
        f"| map redraw, overlay off (median of {REPEATS}) | {r['off_ms']:.2f} ms | | |",
        f"| map redraw, overlay on ({r['flows']:.0f} flows) | {r['on_ms']:.2f} ms | | |",
        f"| difference (noise when it is this small) | {r['added_ms']:.2f} ms | | |",
        f"| the overlay drawn alone, per redraw | {r['alone_ms']:.3f} ms | ≤ {TARGET_MS:.0f} ms"
        f" | {met} |",
        f"| `g` pressed to the screen redrawn (median of {TOGGLES}) | {r['toggle_ms']:.0f} ms"
        " | | |",
    ]
    return "\n".join(rows)


def main() -> str:
    text = table(measure())
    print(text)
    return text


if __name__ == "__main__":
    main()
