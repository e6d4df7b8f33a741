"""``balloon replay``, ``balloon saves`` and the save options of ``balloon simulate``.

The logic lives in ``game.saves``; this module only turns command-line arguments into
calls and results into lines. Refusals are raised as ``SaveError`` or ``UsageError`` and
printed by ``cli.main`` as one line with exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from ..engine.metrics import pick
from ..errors import UsageError
from ..infiles import MAX_SAVE_BYTES, check_file, check_name
from ..loader import Content, load_content
from ..outfiles import check_target, write_atomic
from ..plaintext import plain_text
from ..progress import played_text, score_number, score_text
from ..saves import (
    FORMAT_NAME,
    Divergence,
    SaveError,
    encode,
    list_saves,
    load_save,
    replay,
    save_path,
    to_save_file,
)
from ..saves import saves_dir as resolve_saves_dir
from ..session import Game
from ..sim.strategy import Strategy, load_strategy

#: National figures printed after a headless single game.
SHOWN = pick("coca_ha", "cocaine_t", "welfare", "violence", "approval")


def save_named(text: str, directory: Path, option: str) -> Path:
    """The file a save is named by: a path, or a name in the saves folder; checked
    (``infiles``) before anything reads it, so a FIFO or ``/dev/zero`` is one line."""
    check_name(text, option)
    path = Path(text)
    if not path.exists():
        path = save_path(text, directory)
    check_file(path, option, MAX_SAVE_BYTES)
    return path


def _open(text: str, directory: Path, content: Content, option: str):
    """Load a save named by path or by name in the saves folder."""
    return load_save(save_named(text, directory, option), content)


def is_save(head: bytes) -> bool:
    """Whether a file's first bytes are those of a save of this game (any format)."""
    compact = head.translate(None, b" \t\r\n")
    return compact.startswith(b"{") and any(mark in compact for mark in SAVE_MARKS)


#: What the first bytes of a save hold: its format's name (format 0: the game's name).
SAVE_MARKS = (f'"format":"{FORMAT_NAME}"'.encode(), b'"game":"balloon-effect"')


def save_target(text: str, directory: Path, option: str, force: bool) -> Path:
    """Where ``--save``/``--out`` writes, refused (one line) before the game is played if
    it is not a regular file, or is a file other than a save of this game (unless
    ``force``). A save name's folder is made, as the saves folder always was."""
    check_name(text, option)
    path = save_path(text, directory)
    if path.parent == directory:
        with contextlib.suppress(OSError):  # check_target names what is wrong with it
            directory.mkdir(parents=True, exist_ok=True)
    return check_target(path, option, owns=is_save, force=force)


def write_save(game: Game, path: Path) -> Path:
    """Write ``game`` to ``path`` through ``outfiles`` (atomically: a failure leaves the
    old file as it was, and says so naming the path)."""
    write_atomic(path, encode(to_save_file(game)), SaveError)
    return path


def replay_command(args: argparse.Namespace) -> int:
    """Replay a save and say whether it is identical; optionally write a branch save."""
    if args.to_turn is not None and args.out is None:
        raise UsageError("--to-turn needs --out NEW: the branch save to write")
    directory = resolve_saves_dir(args.saves_dir)
    content = load_content()
    out = None if args.out is None else save_target(args.out, directory, "--out", args.force)
    loaded = _open(args.path, directory, content, "replay")
    saved_turn = loaded.game.turn
    to_turn = saved_turn if args.to_turn is None else args.to_turn
    if not 0 <= to_turn <= saved_turn:
        raise UsageError(f"--to-turn must be between 0 and {saved_turn}, the save's turn")
    if out is not None and out.resolve() == loaded.path.resolve():
        raise UsageError(f"{out}: is the save being replayed; choose another --out")
    game, divergence = replay(loaded, to_turn)
    if divergence is not None:
        report_divergence(loaded.path, divergence)
        return 1
    if out is not None:
        write_save(game, out)
        print(
            f"{plain_text(loaded.path, 300)}: replayed identically to turn {to_turn}; "
            f"branch saved to {plain_text(out, 300)}"
        )
    else:
        print(
            f"{plain_text(loaded.path, 300)}: identical — replayed {saved_turn} turns to "
            "exactly the saved state"
        )
    return 0


def report_divergence(path: Path, divergence: Divergence) -> None:
    print(f"{plain_text(path, 300)}: not identical — {divergence}")


def saves_command(args: argparse.Namespace) -> int:
    """List the saves in a folder; damaged files are listed as damaged.

    Names come from the folder and the other fields from the files: all are plain text
    (``list_saves`` makes the fields plain, and file names are made plain here).
    """
    directory = resolve_saves_dir(args.saves_dir)
    if not directory.is_dir():
        raise UsageError(f"{directory}: no such folder")
    try:
        content: Content | None = load_content()
    except Exception:  # a broken content folder must not hide the list of saves
        content = None
    listings = list_saves(directory, content)
    if not listings:
        print(f"no saves in {directory}")
        return 0
    names = [plain_text(item.name, 80) for item in listings]
    width = max(len(name) for name in names)
    print(f"{'name':{width}s}  {'scenario':14s} {'played':>6s}  {'date':16s} {'score':>6s}  status")
    for name, item in zip(names, listings, strict=True):
        played = played_text(item.turn, item.term).removesuffix(" played")
        score = "" if item.score is None else score_number(item.score)
        print(
            f"{name:{width}s}  {item.scenario:14s} {played:>6s}  {item.date:16s} "
            f"{score:>6s}  {item.status}"
        )
    return 0


def play_strategy(game: Game, strategy: Strategy, turns: int) -> int:
    """Play up to ``turns`` quarters of ``strategy`` (fewer if the game ends); returns played.

    Orders come from ``strategy.orders`` exactly as in ``run_batch``, so a single saved
    game ends in the very state run 0 of a batch with the same seed ends in.
    """
    played = 0
    while played < turns and not game.over:
        game.play(strategy.orders(game.state))
        played += 1
    return played


def simulate_saved(args: argparse.Namespace) -> int:
    """``simulate --save PATH`` (one new game) or ``simulate --from-save PATH`` (continue)."""
    if args.runs != 1:
        raise UsageError("--save and --from-save play one game; use --runs 1")
    if getattr(args, "json", None) is not None or getattr(args, "csv", None) is not None:
        # they would be silently left unwritten: a saved game is one run, not a batch
        raise UsageError(
            "--json and --csv describe a batch; leave them out with --save/--from-save"
        )
    directory = resolve_saves_dir(getattr(args, "saves_dir", None))
    target = None
    if args.save is not None:
        target = save_target(args.save, directory, "--save", getattr(args, "force", False))
    content = load_content()
    if args.from_save is not None:
        loaded = _open(args.from_save, directory, content, "--from-save")
        game = loaded.game
        origin = f"from {plain_text(loaded.path, 300)} at turn {game.turn}"
    else:
        from ..loader import prepare_game

        setup = prepare_game(content, args.scenario, args.difficulty, args.balloon)
        game = Game.new(setup, args.seed)
        origin = f"seed {args.seed}"
    strategy = load_strategy(content, game.setup, args.strategy)
    remaining = game.setup.world.turns - game.turn
    turns = remaining if args.turns is None else args.turns
    start = game.turn
    played = play_strategy(game, strategy, turns)
    summary = game.history[-1].summary if game.history else game.start_summary
    figures = " · ".join(f"{m.label} {summary[m.key]:,.1f}" for m in SHOWN)
    ended = " (game over)" if game.over else ""
    if not args.quiet:
        print(
            f"{game.setup.scenario.id} · {strategy.spec.name} · {origin} · "
            f"turns {start}→{game.turn}{ended} · {score_text(game.final_score())}"
        )
        print(figures)
    if played < turns and not args.quiet:
        print(f"stopped after {played} of {turns} turns: the game is over")
    if target is not None:
        path = write_save(game, target)
        if not args.quiet:
            print(f"saved to {path}")
    return 0


__all__ = ["SaveError", "replay_command", "saves_command", "simulate_saved"]
