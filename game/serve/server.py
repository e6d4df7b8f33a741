"""The web server of ``balloon serve``: textual-serve's ``Server``, with a limit on the
players at once, addresses that work from other machines, and our own messages.

What is changed and why:

* **A limit.** Every tab is a process of the game; past ``limit`` the page says the
  class is full (503) instead of starting a process the machine cannot hold.
* **The page's websocket address** is built from the address the browser used (its
  ``Host``), not from ``--host``: served on ``0.0.0.0``, the page would otherwise tell
  every student's browser to connect to ``0.0.0.0``, which is their own machine.
* **A websocket from another site's page is refused** (its ``Origin`` is not this
  server): any web page a student has open could otherwise start games here.
* **Stopping** (Ctrl+C) ends every game at once: each gets textual-serve's quit
  message, so it closes as if the tab had, rather than after aiohttp's 60 s grace.
* **The address is printed once the server listens** (textual-serve prints it at
  start-up, before the socket is bound, so a browser or a script told too early is
  refused), and one line when a player joins or leaves; warnings and errors, no access
  log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import socket
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

#: A ``Host`` header as a browser sends it: a name or IPv4 address, or an IPv6 one in
#: brackets, and a port. Anything else is not put into the page.
HOST_HEADER = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")

FULL_PAGE = """<!DOCTYPE html>
<html><head><title>Balloon Effect: the class is full</title></head>
<body style="background:#0c181f;color:#eee;font-family:monospace;padding:3em">
<h1>Balloon Effect</h1>
<p>All {limit} places are taken. Try again (reload this page) when a player has left.</p>
</body></html>
"""


def url_host(host: str) -> str:
    """``host`` as it is written in an address (an IPv6 literal in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class BalloonServer(Server):
    """textual-serve's server, one game process per tab, at most ``limit`` at once."""

    def __init__(self, command: str, host: str, port: int, limit: int, root: Path) -> None:
        super().__init__(command, host=host, port=port, title="Balloon Effect")
        self.public_url = f"http://{url_host(host)}:{port}"
        self.limit = limit
        self.root = root
        self.players = 0
        self._games: set[asyncio.Task[object]] = set()

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="balloon serve: %(message)s")

    def address(self) -> str:
        """The address to give the students."""
        if self.host in ("0.0.0.0", "::", ""):
            return f"http://{socket.gethostname()}:{self.port} (every address of this machine)"
        return self.public_url

    def serve(self, debug: bool = False) -> None:
        """textual-serve's ``serve``, announcing the address once the socket listens."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # a loop without signal handlers
                loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            access_log=None,
            print=self.announce,  # called once every socket listens
        )

    async def on_startup(self, app: web.Application) -> None:
        """Nothing here: textual-serve's own prints a logo and the address before the socket
        listens; ``announce`` prints ours after."""

    def announce(self, *_: object) -> None:
        say(f"Balloon Effect in the browser: {self.address()}")
        say(
            f"  up to {self.limit} {'player' if self.limit == 1 else 'players'} at once "
            "(--max-sessions); each tab plays its own "
            f"game, saved in a new folder of {self.root}"
        )
        say("  Ctrl+C stops the server and every game (their autosaves stay)")

    async def on_shutdown(self, app: web.Application) -> None:
        for game in list(self._games):
            game.cancel()
        if self._games:
            await asyncio.wait(list(self._games), timeout=10)

    def full(self) -> bool:
        return self.players >= self.limit

    async def handle_index(self, request: web.Request):  # type: ignore[no-untyped-def]
        if self.full():
            return web.Response(
                status=503, content_type="text/html", text=FULL_PAGE.format(limit=self.limit)
            )
        # textual-serve builds the page's addresses from public_url, with no await in
        # between, so setting it for this request cannot leak into another's page
        if HOST_HEADER.match(request.host):
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="a game is started from this server's own page")
        if self.full():
            raise web.HTTPServiceUnavailable(text=f"all {self.limit} places are taken")
        self.players += 1
        task = asyncio.current_task()
        if task is not None:
            self._games.add(task)
        say(f"a player joined: {self.players} of {self.limit} places taken")
        try:
            return await super().handle_websocket(request)
        finally:
            self.players -= 1
            if task is not None:
                self._games.discard(task)
            say(f"a player left: {self.players} of {self.limit} places taken")


def say(line: str) -> None:
    print(line, flush=True)
