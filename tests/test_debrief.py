"""The after-action report: ``balloon debrief`` and the end screen's key.

A 40-quarter game is played through the session API, answering every event it meets
(the last choice, so the answers are not the defaults), and saved; its debrief must name
every year played and every event answered, in the Markdown and in the HTML. The causes
the report lists must add up to the changes it reports; an unfinished save says how far
it goes; a damaged save, a taken output name or a missing plotting library is one line.
"""

from __future__ import annotations

import dataclasses
import html
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.debrief import build, write_texts
from game.debrief.markdown import escape
from game.errors import SaveError
from game.loader import Content, GameSetup
from game.saves import load_save, save_game
from game.session import Game
from game.sim.strategy import load_strategy


def play(setup: GameSetup, content: Content, quarters: int, seed: int = 3) -> Game:
    """Play ``quarters`` of the status quo, answering each event with its last choice."""
    strategy = load_strategy(content, setup, "status-quo")
    game = Game.new(setup, seed)
    events = setup.events.events
    while game.turn < quarters and not game.over:
        orders = strategy.orders(game.state)
        for i in game.pending_events():
            orders = orders.with_choice(events[i].id, len(events[i].choices) - 1)
        game.play(orders)
    return game


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory, setup: GameSetup, content: Content):
    game = play(setup, content, setup.world.turns)
    assert game.over and game.turn == setup.world.turns
    path = tmp_path_factory.mktemp("debrief") / "full.json"
    save_game(game, path)
    loaded = load_save(path, content)
    return path, loaded.game, write_texts(loaded.game, content, html=True, name=str(path))


def answered(game: Game) -> list[tuple[int, str, str]]:
    """(quarter it came up in, title, answer) of every event the player answered."""
    events = game.setup.events
    out = []
    for record in game.history:
        for event_id, index in record.orders.event_choices.items():
            event = events.events[events.index(event_id)]
            out.append((record.turn - 1, event.title, event.choices[index].label))
    return out


def section(text: str, heading: str) -> str:
    """The Markdown from ``## heading`` to the next section."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def test_the_markdown_names_every_year_and_every_event_answered(finished) -> None:
    _, game, written = finished
    world = game.setup.world
    text = written.markdown
    years = sorted({world.year_of(t) for t in range(game.turn)})
    assert len(years) >= 10
    for heading in ("Orders by year", "The country beside the status quo", "Report card"):
        part = section(text, heading)
        for year in years:
            assert re.search(rf"^\| {year}\b", part, re.MULTILINE) or f"| {year} |" in part, (
                heading,
                year,
            )
    answers = answered(game)
    assert len(answers) >= 5  # the game met events, and every one was answered
    rows = section(text, "Events and answers").splitlines()
    for fired, title, label in answers:
        row = f"| {world.year_of(fired)} | {world.quarter_label(fired)} | {escape(title)} | "
        assert any(r.startswith(row) and f"| {escape(label)} | yours |" in r for r in rows), title
    assert "the default" not in section(text, "Events and answers")
    assert "not a finished game" not in text and "The term is over" in text
    # the registry's words, never a variable's name
    assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b", text.replace("\\_", "_"))
    assert "insurgency" not in text and "Armed remnant" in text


def test_the_html_is_one_file_with_charts_naming_every_year_and_event(finished) -> None:
    _, game, written = finished
    page = written.html
    assert page is not None and page.startswith("<!DOCTYPE html>")
    # self-contained: nothing is fetched when it opens
    assert not re.search(r"<script|<link|<img|\bsrc=|@import|url\((?!#)", page)
    assert page.count("<svg") == 4  # national; coca and welfare by region; the gap
    world = game.setup.world
    for year in sorted({world.year_of(t) for t in range(game.turn)}):
        assert f"<td>{year}</td>" in page, year
    for _, title, label in answered(game):
        assert f"<td>{html.escape(title)}</td><td>{html.escape(label)}</td>" in page, title
    for heading in ("Headlines against the real picture", "What moved the numbers most", "Sources"):
        assert f"<h2>{heading}</h2>" in page


def test_the_causes_add_up_to_the_changes_reported(finished, content: Content) -> None:
    """What the ledger books, summed over the game, is the change from start to end."""
    _, _, written = finished
    debrief = written.debrief
    for causes in (*debrief.causes, *debrief.region_causes):
        total = sum(v for _, v in causes.parts)
        change = causes.end - causes.start
        assert total == pytest.approx(change, rel=1e-6, abs=1e-6), causes.metric.key
    assert debrief.causes[0].parts, "coca moved for no named reason"
    # the headline index is not the real one: the report has something to show
    gap = debrief.gap["headline_index"] - debrief.gap["real_index"]
    assert np.ptp(gap) > 1.0


def test_the_sources_are_the_facts_of_this_game(finished, content: Content) -> None:
    _, game, written = finished
    sources = written.debrief.sources
    cited = content.cited()
    scenario_facts = {
        f
        for f, places in cited.items()
        if any(p.startswith(f"scenario:{game.setup.scenario.id}") for p in places)
    }
    shown = {c.fact.what for c in sources}
    assert {content.facts[f].what for f in scenario_facts} <= shown
    part = section(written.markdown, "Sources")
    for c in sources:
        assert escape(c.fact.source.title) in part


def test_an_unfinished_save_says_how_far_it_goes(
    tmp_path: Path, setup: GameSetup, content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    game = play(setup, content, 12)
    path = tmp_path / "part.json"
    save_game(game, path)
    assert main(["debrief", str(path)]) == 0
    text = capsys.readouterr().out
    assert f"12 of {setup.world.turns} quarters played" in text
    last_year = setup.world.year_of(11)
    orders = section(text, "Orders by year")
    assert f"| {last_year} |" in orders and f"| {last_year + 1} |" not in orders


def test_a_save_of_no_quarters_is_reported_as_such(setup: GameSetup, content: Content) -> None:
    text = write_texts(Game.new(setup, 2), content, html=False).markdown
    assert f"0 of {setup.world.turns} quarters played" in text
    assert "No quarter was played" in section(text, "Orders by year")
    assert "of 100" not in text.split("\n## ")[0]  # no score where nothing was played


def test_a_replay_that_parts_from_the_save_is_refused(setup: GameSetup, content: Content) -> None:
    game = play(setup, content, 6)
    record = game.history[3]
    game.history[3] = dataclasses.replace(
        record, summary={**record.summary, "coca_ha": record.summary["coca_ha"] + 1.0}
    )
    with pytest.raises(SaveError, match=r"does not play again as it was saved.*after turn 4"):
        build(game, content, name="x.json")


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


def test_bad_inputs_are_one_line_and_overwrite_nothing(
    tmp_path: Path, finished, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _, _ = finished
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(path.read_bytes()[:5000])
    out = tmp_path / "out.md"
    assert "damaged" in one_line_error(capsys, ["debrief", str(damaged), "--md", str(out)])
    assert not out.exists()
    assert "no such save" in one_line_error(capsys, ["debrief", str(tmp_path / "none.json")])
    out.write_text("the teacher's notes")
    line = one_line_error(capsys, ["debrief", str(path), "--md", str(out)])
    assert "--md" in line and "--force" in line and out.read_text() == "the teacher's notes"
    line = one_line_error(capsys, ["debrief", str(path), "--html", str(tmp_path)])
    assert "folder" in line
    line = one_line_error(capsys, ["debrief", str(path), "--md", str(path)])
    assert "input" in line and path.read_bytes().startswith(b"{")
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    page = tmp_path / "report.html"
    line = one_line_error(capsys, ["debrief", str(path), "--html", str(page)])
    assert "pip install" in line and not page.exists()


def test_force_replaces_an_existing_report(
    tmp_path: Path, finished, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, written = finished
    out = tmp_path / "out.md"
    out.write_text("old")
    assert main(["debrief", str(path), "--md", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == written.markdown
    assert "debrief written to" in capsys.readouterr().out


async def test_the_end_screen_writes_the_debrief_beside_the_saves(
    tmp_path: Path, setup: GameSetup, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Static

    from game.tui.app import BalloonApp
    from game.tui.screens.endgame import EndScreen

    folder = tmp_path / "saves"
    monkeypatch.setenv("BALLOON_SAVES_DIR", str(folder))
    short = dataclasses.replace(setup, world=dataclasses.replace(setup.world, turns=3))
    app = BalloonApp(short, seed=4, start_directly=True, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app._game = play(short, content, 3)
        app.show_end()
        await pilot.pause()
        end = app.screen
        assert isinstance(end, EndScreen)
        written: list[list[Path]] = []
        for _ in range(2):  # twice: the second never writes over the first
            await pilot.press("d")
            for _ in range(400):
                await pilot.pause(0.05)
                if end.debrief and end.debrief not in written:
                    break
            written.append(end.debrief)
        first, second = written
        assert [p.suffix for p in first] == [".html", ".md"] and set(first).isdisjoint(second)
        assert all(p.parent == folder and p.exists() for p in (*first, *second))
        assert "3 of" not in first[1].read_text() and "The term is over" in first[1].read_text()
        line = str(end.query_one("#end-debrief", Static).render())
        assert str(second[0]) in line.replace("\n", "")
