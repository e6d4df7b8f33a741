"""Benchmark of the debrief: ``balloon debrief`` of a 40-quarter save, HTML and Markdown.

Self-contained so that ``benchmarks/bench.py`` (``make bench``) can load it by path and
call ``main()``, which prints a markdown table. Target from issue 13: the debrief of a
40-quarter save in at most 3 s. Timed as a teacher runs it: the whole command in a child
process (start-up, content, loading and checking the save, the bit-for-bit replay, 200
status-quo futures, matplotlib's import and the charts, writing both files), the least of
a few runs (the machine's noise only adds). Alongside, in this process with content
loaded, where the time goes: gathering (replay and futures), the Markdown, the HTML.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tables import markdown_table, met  # noqa: E402

from game.debrief import (  # noqa: E402
    build,
    build_report,
    markdown,
)
from game.debrief import html as html_page  # noqa: E402
from game.loader import load_content, prepare_game  # noqa: E402
from game.saves import load_save, save_game  # noqa: E402
from game.session import Game  # noqa: E402
from game.sim.strategy import load_strategy  # noqa: E402

SCENARIO = "vraem-2022"
STRATEGY = "integrated"
REPEATS = 3
TARGET_S = 3.0


def saved_game(folder: Path) -> Path:
    """A 40-quarter game of ``STRATEGY``, saved."""
    content = load_content()
    setup = prepare_game(content, SCENARIO)
    strategy = load_strategy(content, setup, STRATEGY)
    game = Game.new(setup, 1)
    while not game.over:
        game.play(strategy.orders(game.state))
    path = folder / "game.json"
    save_game(game, path)
    return path


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_command(save: Path, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the command (CPU: what it costs on a machine others share,
    where the wall time also counts the waits for a core)."""
    html, md = folder / "debrief.html", folder / "debrief.md"
    command = [sys.executable, "-m", "game", "debrief", str(save)]
    command += ["--html", str(html), "--md", str(md), "--force"]
    cpu, start = child_cpu(), time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, child_cpu() - cpu


def parts(save: Path) -> dict[str, float]:
    """Seconds of each part, in this process, content loaded (and matplotlib imported by
    a first drawing, so that the HTML's time is the drawing alone)."""
    content = load_content()
    loaded = load_save(save, content)
    times: dict[str, float] = {}
    start = time.perf_counter()
    debrief = build(loaded.game, content)
    times["gather"] = time.perf_counter() - start
    blocks = build_report(debrief)
    start = time.perf_counter()
    markdown.render(blocks, debrief.played)
    times["markdown"] = time.perf_counter() - start
    html_page.render(blocks, "warm-up")
    start = time.perf_counter()
    html_page.render(blocks, "timed")
    times["html"] = time.perf_counter() - start
    return times


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        save = saved_game(folder)
        runs = [whole_command(save, folder) for _ in range(REPEATS)]
        wall, cpu = min(w for w, _ in runs), min(c for _, c in runs)
        sizes = {p.suffix: p.stat().st_size for p in folder.glob("debrief.*")}
        split = parts(save)
    rows = [
        (
            f"`balloon debrief` of a 40-quarter save, HTML and Markdown, whole command "
            f"(least of {REPEATS})",
            f"{wall:.2f} s",
            f"≤ {TARGET_S:g} s",
            met(wall <= TARGET_S),
        ),
        ("the same command's CPU time (user + system)", f"{cpu:.2f} s", "", ""),
        (
            "of which: replay and 200 status-quo futures (content loaded)",
            f"{split['gather']:.2f} s",
            "",
            "",
        ),
        ("of which: the Markdown", f"{split['markdown'] * 1e3:.0f} ms", "", ""),
        (
            "of which: the HTML's four charts (matplotlib imported)",
            f"{split['html']:.2f} s",
            "",
            "",
        ),
        (
            "files written",
            f"HTML {sizes.get('.html', 0) / 1024:.0f} KiB, Markdown "
            f"{sizes.get('.md', 0) / 1024:.0f} KiB",
            "",
            "",
        ),
    ]
    print(markdown_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
