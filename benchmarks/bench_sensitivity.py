"""``balloon sensitivity`` at its default sizes, timed as a teacher runs it: the whole
command in a child process (Morris, 6 trajectories of the 114 factors = 690 samples, each
calibrated afresh and playing 4 strategies × 20 paired games of 40 quarters and the
play-on), once: it takes a minute or two, and the default sizes were chosen for that."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tables import markdown_table, met

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 120.0


def main() -> None:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "game", "sensitivity", "--quiet"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    label = "`balloon sensitivity` (defaults: Morris, 690 samples × 4 strategies × 20 runs)"
    print(
        markdown_table(
            [(label, f"{seconds:.0f} s", f"≤ {TARGET_S:.0f} s", met(seconds <= TARGET_S))]
        )
    )


if __name__ == "__main__":
    main()
