"""Drive ``balloon serve`` in a real headless Chromium (Playwright), for the browser test
and ``benchmarks/bench_serve.py``.

Reading the screen: textual-serve's page draws the terminal (xterm.js) on a canvas, so
the text is not in the page's DOM, and the terminal object is private to the page's
script. ``HOOK`` runs before the page's own script and catches the terminal as the page
builds it: the page's terminal wrapper sets ``this.fitAddon`` just after
``this.terminal``, so an inherited setter of that name sees the wrapper once and keeps
its terminal in ``window.__balloonTerminal``. ``screen_lines`` then reads the terminal's
own buffer — what the browser's terminal holds, not what the server sent. If
textual-serve's page changes that, ``screen_lines`` says so instead of timing out.

Chromium is Debian's (``apt-get install chromium``), never one ``playwright install``
downloads; the flags are the ones a closed network needs (no background connections).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("BALLOON_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The browser window: 1280×800 gives a terminal of about 140×45, the wide layout.
VIEWPORT = {"width": 1280, "height": 800}

HOOK = """
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon",
      {value, writable: true, configurable: true, enumerable: true});
    if (this.terminal && this.terminal.buffer) window.__balloonTerminal = this.terminal;
  },
});
"""

READ = """() => {
  const terminal = window.__balloonTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, lines = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines;
}"""


def missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return "textual-serve is not installed (pip install -e '.[dev]')"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """``balloon serve`` in a child process, stopped (and its games with it) on exit."""

    def __init__(self, saves: Path, *extra: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        command = [sys.executable, "-m", "game", "serve", "--port", str(self.port)]
        command += ["--saves-dir", str(saves), *extra]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.banner = self.read_line()

    def read_line(self, timeout: float = 30.0) -> str:
        """The next line the server prints (it prints each at once)."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line:
                return line.rstrip("\n")
            if self.process.poll() is not None:
                raise AssertionError(f"balloon serve ended ({self.process.returncode})")
        raise AssertionError("balloon serve printed nothing")

    def stop(self) -> str:
        """Stop as Ctrl+C does; what it printed since the banner."""
        if self.process.poll() is None:
            self.process.send_signal(2)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        assert self.process.stdout is not None
        return self.process.stdout.read()

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


def open_game(browser: Any, url: str) -> Any:
    """A new tab (its own browser context: no shared storage) on the served game."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    # the page asks for a web font; with no network it must fail at once, not hang
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.add_init_script(HOOK)
    page.goto(url)
    return page


def screen_lines(page: Any) -> list[str] | None:
    """The lines the page's terminal shows now, or None before it exists."""
    return page.evaluate(READ)


def wait_for(page: Any, wanted: str | Callable[[str], bool], timeout: float = 15.0) -> str:
    """Poll the page's terminal until it shows ``wanted``; the screen's text."""
    test = (lambda text: wanted in text) if isinstance(wanted, str) else wanted
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        lines = screen_lines(page)
        text = "\n".join(lines or [])
        if lines and test(text):
            return text
        page.wait_for_timeout(50)
    if screen_lines(page) is None:
        raise AssertionError("the page's terminal was never found (textual-serve's page changed?)")
    raise AssertionError(f"the browser never showed {wanted!r}; it shows:\n{text}")


def press(page: Any, *keys: str) -> None:
    """Keys typed into the page's terminal (it must have the focus, as after a click)."""
    page.focus(".xterm-helper-textarea")
    for key in keys:
        page.keyboard.press(key)


def keep_screenshot(page: Any, path: Path) -> Path:
    """A PNG of the page; also copied to ``$BALLOON_BROWSER_SHOTS`` when that is set."""
    page.screenshot(path=str(path))
    if shots := os.environ.get("BALLOON_BROWSER_SHOTS"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(shots) / path.name)
    return path
