"""``balloon serve``: the game in a browser, a private game per tab, a limit, one-line errors.

The browser test plays in a real headless Chromium through Playwright (Debian's
Chromium, never a downloaded one); where either is missing it is skipped and says why.
The other tests need only the ``serve`` extra (textual-serve and its aiohttp).
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import browser
import pytest

from game.cli import main
from game.commands.options import physical_memory
from game.serve import DEFAULT_SESSIONS, SESSION_BYTES, session_limit

pytest.importorskip("textual_serve", reason="the serve extra is not installed")


def sessions_of(saves: Path) -> list[Path]:
    return sorted(p for p in (saves / "sessions").iterdir() if p.is_dir())


def test_a_quarter_played_in_a_real_browser_and_each_tab_has_its_own_games(
    tmp_path: Path,
) -> None:
    why = browser.missing()
    if why:
        pytest.skip(f"the browser test needs a browser: {why}")
    from playwright.sync_api import sync_playwright

    saves = tmp_path / "saves"
    with browser.Served(saves) as served, sync_playwright() as playwright:
        assert served.banner.endswith(served.url.rstrip("/")), served.banner
        limit = session_limit(None, physical_memory())
        assert f"up to {limit} players at once" in served.read_line()
        chromium = browser.launch(playwright)
        try:
            first = browser.open_game(chromium, served.url)
            browser.wait_for(first, "No game in progress.")
            browser.press(first, "n")
            browser.wait_for(first, "Seed")
            browser.press(first, "Enter")
            browser.wait_for(first, "End turn")
            browser.press(first, "e")
            report = browser.wait_for(first, "Quarterly report · Q3 2022")
            assert "What the press sees" in report and "What happened" in report
            shot = browser.keep_screenshot(first, tmp_path / "browser.png")
            assert shot.read_bytes().startswith(b"\x89PNG")

            # the quarter's autosave is in this tab's folder; a second tab is a stranger
            [mine] = sessions_of(saves)
            [autosave] = (mine / "autosave").iterdir()
            assert autosave.name.endswith("-t01.json")
            second = browser.open_game(chromium, served.url)
            title = browser.wait_for(second, "New game")
            assert "No game in progress." in title and "Continue (none)" in title
            assert mine in sessions_of(saves) and len(sessions_of(saves)) == 2
        finally:
            chromium.close()
        log = served.stop()
    assert f"a player joined: 2 of {limit} places taken" in log, log
    assert served.process.returncode == 0, log
    # the tab that played keeps its folder for the teacher; the one that did not, none
    assert sessions_of(saves) == [mine]


async def websocket_status(url: str, origin: str) -> int:
    """The HTTP status of a websocket handshake to the server's game socket."""
    import aiohttp

    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(f"{url}ws", origin=origin) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


def page_status(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_the_limit_turns_away_one_player_too_many_and_foreign_pages_start_nothing(
    tmp_path: Path,
) -> None:
    import aiohttp

    async def scenario(url: str) -> tuple[int, int, tuple[int, str]]:
        foreign = await websocket_status(url, "http://elsewhere.example")
        async with aiohttp.ClientSession() as client:
            origin = url.rstrip("/")
            async with client.ws_connect(f"{url}ws?width=80&height=24", origin=origin) as ws:
                await ws.receive(timeout=20)  # the player's game has started
                full_page = await asyncio.to_thread(page_status, url)
                one_more = await websocket_status(url, origin)
                await ws.close()
        return foreign, one_more, full_page

    with browser.Served(tmp_path, "--max-sessions", "1") as served:
        assert "up to 1 player at once" in served.read_line()
        foreign, one_more, (full, text) = asyncio.run(scenario(served.url))
        while "a player left" not in (line := served.read_line()):
            assert "joined" in line or "Ctrl+C" in line, line
        after, page = page_status(served.url)
    assert foreign == 403
    assert one_more == 503
    assert full == 503 and "All 1 places are taken" in text
    assert after == 200 and "data-session-websocket-url" in page  # free again


def test_a_port_in_use_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--saves-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and f"--port {port}: already in use" in err, err
    assert not (tmp_path / "sessions").exists()


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--port", "70000"], "expected a port number of at least 1 and at most 65,535"),
        (["--host", "no-such-host.invalid"], "--host 'no-such-host.invalid': not a known"),
        (["--max-sessions", "0"], "expected a whole number of players of at least 1"),
    ],
)
def test_bad_serve_options_are_one_line(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["serve", *argv, "--saves-dir", str(tmp_path)])
    except SystemExit as exc:  # argparse's own refusals
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and says in err, err


def test_the_session_limit_fits_the_memory() -> None:
    assert session_limit(None, None) == DEFAULT_SESSIONS
    assert session_limit(None, 4 * SESSION_BYTES) == 4  # a small machine: fewer players
    assert session_limit(12, 64 * SESSION_BYTES) == 12
    with pytest.raises(Exception, match="enough for 4"):
        session_limit(12, 4 * SESSION_BYTES)
