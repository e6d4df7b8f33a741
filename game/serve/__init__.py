"""``balloon serve``: the game in a browser, a private game for every browser tab.

Why this shape: a teacher runs one command on one machine and the class opens an
address; nothing is installed on the students' machines and nothing passes through a
third party (textual-web would relay through one). textual-serve (the ``serve`` extra)
answers each browser tab's websocket with a process of its own, always the same command;
that command is ``python -m game.serve.session ROOT``, which makes a fresh folder with a
random name under ``ROOT`` and plays with its saves there, so no student can see or load
another's games, or continue one (the title screen offers only the tab's own autosave).

Everything a person can get wrong is checked here before the server starts — the port
taken, the host unknown, the extra missing — and is one line with exit status 2. The
server itself (``game/serve/server.py``) is imported only once the checks pass, so the
rest of the game never imports aiohttp.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path

from ..commands.options import physical_memory, whole_number
from ..errors import UsageError, shown

#: The most players one server lets in at once, unless --max-sessions says otherwise: a
#: class. Each player is a process of the game; an end turn costs it a fraction of a
#: second of one core, so 2 cores answer 30 players who think between quarters, though
#: 30 tabs opened in the same second queue for some seconds while each game starts.
DEFAULT_SESSIONS = 30
#: What --max-sessions accepts at most: far past a class, short of a fork bomb.
MAX_SESSIONS = 500
#: Memory allowed for one player's process, to refuse a --max-sessions the machine cannot
#: hold: measured at about 75 MB after a quarter (benchmarks/bench_serve.py), with room
#: for a forecast, a long game's history and the interpreter's own growth.
SESSION_BYTES = 200 * 2**20
#: Where the players' folders go, inside the saves folder.
SESSIONS_DIR = "sessions"


def port_int(text: str) -> int:
    return whole_number(text, "a port number", 1, 65535)


def sessions_int(text: str) -> int:
    return whole_number(text, "a whole number of players", 1, MAX_SESSIONS)


def add_parser(sub) -> None:  # type: ignore[no-untyped-def]
    parser = sub.add_parser(
        "serve", help="serve the game to browsers: one private game per tab (textual-serve)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for "
        "every network it is on, e.g. a classroom)",
    )
    parser.add_argument("--port", type=port_int, default=8000, help="default 8000")
    parser.add_argument(
        "--max-sessions",
        type=sessions_int,
        default=None,
        help=f"players at once, 1 to {MAX_SESSIONS} (default {DEFAULT_SESSIONS}, fewer "
        "if the memory holds fewer); one more sees a page saying the class is full",
    )
    parser.add_argument(
        "--saves-dir",
        default=None,
        help=f"the saves folder; each player's games go to a new folder in its "
        f"{SESSIONS_DIR}/ (default: the game's saves folder)",
    )


def session_limit(asked: int | None, memory: int | None) -> int:
    """``--max-sessions``, or the default as far as the memory holds it; an explicit
    number the memory cannot hold is refused rather than left to fail mid-lesson."""
    holds = None if memory is None else max(1, memory // SESSION_BYTES)
    if asked is None:
        return DEFAULT_SESSIONS if holds is None else min(DEFAULT_SESSIONS, holds)
    if holds is not None and asked > holds:
        raise UsageError(
            f"--max-sessions {asked}: each player needs about {SESSION_BYTES // 2**20} MB "
            f"and this machine has {memory / 2**30:.1f} GB, enough for {holds}"
        )
    return asked


def check_address(host: str, port: int) -> None:
    """Refuse, in one line, an address the server could not listen on: a host this
    machine does not have, or a port another program (or another ``balloon serve``)
    holds. Binds each address the server would bind, and lets it go at once."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise UsageError(f"--host {shown(host)}: not a known address") from None
    for family, kind, proto, _, address in found:
        with socket.socket(family, kind, proto) as probe:
            # as the server does: a port left in TIME_WAIT by a server just stopped is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                raise UsageError(bind_error(host, port, exc)) from None


def bind_error(host: str, port: int, exc: OSError) -> str:
    """What a failed bind means, for the person who chose the address."""
    if exc.errno == errno.EADDRINUSE:
        return (
            f"--port {port}: already in use on {host} (another balloon serve, or another "
            "program); choose another port"
        )
    if exc.errno == errno.EACCES:
        return f"--port {port}: this user may not listen on it (ports below 1024 need root)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host {shown(host)}: not an address of this machine"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def session_command(root: Path) -> str:
    """The shell command textual-serve runs for each tab: this Python, this game."""
    import shlex

    return shlex.join([sys.executable, "-m", "game.serve.session", str(root)])


def serve_command(args: argparse.Namespace) -> int:
    from ..saves import saves_dir

    limit = session_limit(args.max_sessions, physical_memory())
    root = saves_dir(args.saves_dir).resolve() / SESSIONS_DIR
    try:
        from .server import BalloonServer
    except ImportError as exc:
        raise UsageError(
            f"balloon serve needs the serve extra ({exc.name} is not installed): "
            "pip install 'balloon-effect[serve]'"
        ) from None
    check_address(args.host, args.port)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"{root}: the players' saves folder cannot be made ({exc.strerror})"
        ) from None
    server = BalloonServer(session_command(root), args.host, args.port, limit, root)
    try:
        server.serve()
    except OSError as exc:  # the port was taken between the check and the start
        raise UsageError(bind_error(args.host, args.port, exc)) from None
    return 0
