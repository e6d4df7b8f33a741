"""Browser benchmark: ``balloon serve`` to the first screen in a real headless Chromium.

Measured as a student meets it, with the server already running (the teacher starts it
before the lesson) and a new tab opening the address:

* **First screen**: from the tab asking for the page to the title screen shown by the
  page's terminal (read from the terminal's own buffer, as the browser test does). This
  holds the page and its script, the websocket, the game's own process starting (Python,
  imports, content and calibration) and its first frame crossing the socket. The least
  of ``TABS`` tabs (noise only adds), each a new player; the worst beside it.
* **Server start**: ``balloon serve`` launched to its address printed; not a target.
* **End turn in the browser**: ``e`` pressed to the report shown; not a target.
* **One player's memory**: the game process's peak resident set after a quarter, which
  ``game/serve/__init__.py``'s ``SESSION_BYTES`` allows for (with room).

Chromium is Debian's (``apt-get install chromium``); without it, or without Playwright,
the table says so. ``main()`` prints a markdown table; ``benchmarks/bench.py`` includes it.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402  (tests/browser.py: the test's own driver)
from tables import markdown_table, met  # noqa: E402

TABS = 3
TARGET_S = 5.0


def peak_mb(marker: str) -> float | None:
    """The largest peak resident set of the game processes whose command holds ``marker``."""
    peaks = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "game.serve.session" not in command or marker not in command:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            continue
    return max(peaks, default=None)


def measure() -> dict[str, float | None]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder) / "saves"
        launched = time.perf_counter()
        with browser.Served(saves) as served, sync_playwright() as playwright:
            server_s = time.perf_counter() - launched
            chromium = browser.launch(playwright)
            try:
                firsts = []
                for _ in range(TABS):
                    start = time.perf_counter()
                    page = browser.open_game(chromium, served.url)
                    browser.wait_for(page, "No game in progress.", timeout=60)
                    firsts.append(time.perf_counter() - start)
                    page.context.close()
                page = browser.open_game(chromium, served.url)
                browser.wait_for(page, "No game in progress.", timeout=60)
                browser.press(page, "n")
                browser.wait_for(page, "Seed")
                browser.press(page, "Enter")
                browser.wait_for(page, "End turn")
                start = time.perf_counter()
                browser.press(page, "e")
                browser.wait_for(page, "Quarterly report")
                end_turn_s = time.perf_counter() - start
                memory = peak_mb(str(saves))
            finally:
                chromium.close()
    return {
        "first_s": min(firsts),
        "first_worst_s": max(firsts),
        "server_s": server_s,
        "end_turn_s": end_turn_s,
        "memory_mb": memory,
    }


def table(r: dict[str, float | None]) -> str:
    first, worst = r["first_s"] or 0.0, r["first_worst_s"] or 0.0
    memory = r["memory_mb"]
    rows = [
        (
            f"new tab to the title screen in Chromium (least / worst of {TABS} tabs)",
            f"{first:.2f} / {worst:.2f} s",
            f"≤ {TARGET_S:g} s",
            met(first <= TARGET_S),
        ),
        ("`balloon serve` launched to its address printed", f"{r['server_s']:.2f} s", "", ""),
        ("end turn pressed in the browser to the report shown", f"{r['end_turn_s']:.2f} s", "", ""),
        (
            "one player's game process, peak memory after a quarter",
            f"{memory:.0f} MB" if memory is not None else "not measured (no /proc)",
            "",
            "",
        ),
    ]
    return markdown_table(rows)


def main() -> str:
    why = browser.missing()
    text = f"not measured: {why}" if why else table(measure())
    print(text)
    return text


if __name__ == "__main__":
    main()
