"""``balloon debrief SAVE [--html F] [--md F]``: the after-action report of a saved game.

Every output is checked before the save is replayed (a folder, a device, an existing
file without ``--force``, the save itself: one line, exit 2), and the HTML's plotting
library is looked for first too, so nothing long runs only to be refused at the end.
Without ``--html`` or ``--md`` the Markdown is printed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import UsageError
from ..loader import load_content
from ..outfiles import check_target, write_text
from ..plaintext import plain_text

FORCE_HELP = "write --html/--md over an existing file"


def debrief_command(args: argparse.Namespace) -> int:
    # The saves' code is imported here, not above: every command's start builds this
    # command's parser (cli.build_parser), and it would load the saves code for them all.
    from ..saves import load_save
    from ..saves import saves_dir as resolve_saves_dir
    from ..saves.wording import where
    from .saves import save_named

    directory = resolve_saves_dir(args.saves_dir)
    path = save_named(args.path, directory, "debrief")
    targets = {}
    for option, value in (("--html", args.html), ("--md", args.md)):
        if value is not None:
            targets[option] = check_target(
                Path(value), option, force=args.force, inputs=[path], keep_existing=True
            )
    if len(targets) == 2 and targets["--html"].resolve() == targets["--md"].resolve():
        raise UsageError(f"--html and --md name the same file ({plain_text(args.md, 300)})")
    if "--html" in targets:
        from ..debrief.charts import require

        require()  # not installed: one line saying how, before the replay
    content = load_content()
    loaded = load_save(path, content)
    from ..debrief import write_texts

    written = write_texts(loaded.game, content, html="--html" in targets, name=where(path))
    if not targets:
        print(written.markdown, end="")
        return 0
    if "--md" in targets:
        write_text(targets["--md"], written.markdown)
    if "--html" in targets and written.html is not None:
        write_text(targets["--html"], written.html)
    d = written.debrief
    state = "finished" if d.finished else f"{d.played} of {d.term} quarters played"
    files = " and ".join(plain_text(p, 300) for p in targets.values())
    print(f"{plain_text(path, 300)} ({state}): debrief written to {files}")
    return 0


def add_parser(sub) -> None:  # type: ignore[no-untyped-def]
    parser = sub.add_parser("debrief", help="write the after-action report of a saved game")
    parser.add_argument("path", help="a save file, or a save name in the saves folder")
    parser.add_argument("--html", default=None, help="write the report as one HTML file")
    parser.add_argument("--md", default=None, help="write the report as Markdown")
    parser.add_argument("--saves-dir", default=None)
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
