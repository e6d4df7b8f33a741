"""Text checks of every screen at 80×24: no label cut short, no internal id shown.

The screens are walked as a player would (Pilot), and what each shows is read as plain
text: an ellipsis means a label was cropped, a snake_case word or a content id means an
internal name reached the player.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from screen_text import screen_text

from game.cli import main
from game.engine.metrics import METRICS
from game.loader import Content, GameSetup
from game.tui.app import BalloonApp
from game.tui.screens.endgame import EndScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.report import ReportScreen
from game.tui.widgets.orders import levers_for

SIZE = (80, 24)
#: An ellipsis that is meant: a menu entry that opens a form, a search box's hint, work
#: under way.
MEANT = ("New game…", "Load…", "Search for commands…", "running…", "Loading", "Playing")
#: Internal names that reached players before (issue 12): a metric key, the seed limit.
IDS = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\bVraem\b|2\*\*62")


#: Metric keys that are not the words a player reads ("insurgency" is the armed remnant);
#: "welfare" or "score" are both.
INTERNAL_KEYS = tuple(k for k, m in METRICS.items() if k not in m.label.lower())


def problems(name: str, text: str, setup: GameSetup) -> list[str]:
    found = []
    for n, line in enumerate(text.splitlines()):
        cut = line
        for meant in MEANT:
            cut = cut.replace(meant, "")
        if "…" in cut:
            found.append(f"{name}:{n}: cut short: {line.strip()}")
        for match in IDS.finditer(line):
            found.append(f"{name}:{n}: internal id {match.group()!r}: {line.strip()}")
        words = set(re.findall(r"[\w-]+", line))
        for key in (*INTERNAL_KEYS, *(r for r in setup.world.region_ids if "-" in r)):
            if key in words:
                found.append(f"{name}:{n}: internal id {key!r}: {line.strip()}")
    return found


async def test_no_screen_at_80x24_cuts_a_label_or_shows_an_id(
    setup: GameSetup, content: Content
) -> None:
    short = dataclasses.replace(setup, world=dataclasses.replace(setup.world, turns=2))
    app = BalloonApp(short, seed=1, content=content)
    found: list[str] = []
    async with app.run_test(size=SIZE) as pilot:

        async def look(name: str, *keys: str) -> None:
            if keys:
                await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            found.extend(problems(name, screen_text(app), setup))

        await look("title")
        await look("new game form", "enter")
        await pilot.press("escape")
        app.new_game()
        for n, tab in enumerate(("map", "regions", "orders", "national", "log"), 1):
            await look(tab, str(n))
        for region in setup.world.region_names:  # every region's orders
            await look(f"orders of {region}", "right_square_bracket")
        for layer in "wvio":
            await look(f"map layer {layer}", layer)
        await look("report", "e")
        assert isinstance(app.screen, ReportScreen)
        for region in setup.world.region_names:
            for measure in range(5):
                await look(f"report on {region}, measure {measure}", "m")
            await pilot.press("right_square_bracket")
        await pilot.press("escape")
        while isinstance(app.screen, EventScreen):
            await look("event")
            await pilot.press("1")
        for region in setup.world.region_names:
            await look(f"region detail of {region}", "d")
            await pilot.press("escape", "3", "right_square_bracket")
        await look("forecast", "f")
        await pilot.press("escape")
        await look("help", "question_mark")
        for page in range(8):
            await look(f"help page {page + 2}", "pagedown")
        await pilot.press("escape")
        await look("palette", "ctrl+p")
        await pilot.press("escape")
        await look("load list", "ctrl+o")
        await pilot.press("escape")
        await pilot.press("e")  # the last quarter: its report, its events, then the end
        while not isinstance(app.screen, EndScreen):
            await pilot.press("1" if isinstance(app.screen, EventScreen) else "escape")
            await pilot.pause()
        await look("end screen")
    assert found == []


def test_the_check_finds_a_cut_label_and_an_id(setup: GameSetup) -> None:
    assert problems("x", " Interdiction → Colombia and Br… $1.0M", setup)
    assert problems("x", " coca_ha 95,008", setup)
    assert problems("x", " seed up to 2**62", setup)
    assert problems("x", " insurgency 0.45", setup)
    assert not problems("x", " Armed remnant 0.45 · New game… · score 50.0", setup)


def test_metric_labels_are_words_not_ids() -> None:
    for metric in METRICS.values():
        for text in (metric.label, metric.title, metric.short_title, metric.heading):
            assert not IDS.search(text), (metric.key, text)


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--runs", "3", "--turns", "2"],
        ["compare", "--strategies", "status-quo,integrated", "--runs", "3", "--turns", "2"],
        ["scenarios"],
        ["strategies"],
    ],
)
def test_the_command_line_shows_no_internal_id(
    setup: GameSetup, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    # strategy and scenario ids are what the command line is typed with: not counted
    assert problems(" ".join(argv), out, setup) == []


def test_levers_of_a_region_never_share_a_label(setup: GameSetup) -> None:
    for region in range(setup.world.regions):
        labels = [lever.label for lever in levers_for(setup, region)]
        assert len(labels) == len(set(labels)), labels


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [(-0.0004, 3, "+0.000"), (-0.0006, 3, "−0.001"), (-1370.4, 0, "−1,370"), (0.0, 1, "+0.0")],
)
def test_a_change_that_rounds_away_never_reads_minus_zero(value, digits, shown) -> None:
    from game.tui.view import signed, signed_with_unit

    assert signed(value, digits) == shown
    assert signed_with_unit(METRICS["insurgency"].fmt, value, digits).startswith(shown[0])
