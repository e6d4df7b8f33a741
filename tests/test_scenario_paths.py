"""``--scenario`` takes a built-in id or the path of a scenario file, in every command
that takes it; a file is validated exactly like a built-in scenario, and anything wrong
with it is one line naming the file and the field, exit status 2, before any game starts.
A game on a file saves and loads again, and a save says so plainly when its file is gone
or has changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import main
from game.loader import CONTENT_DIR, prepare_game, resolve_scenario
from game.saves import SaveError, compare_states, list_saves, load_save, replay, save_game
from game.session import Game
from game.sim.output import SimulationOutput
from game.tui.app import BalloonApp

BUILT_IN = CONTENT_DIR / "scenarios" / "vraem-2022.toml"
VRAEM_COCA = 'coca_ha = { fact = "vraem-coca-2022" }'


def write_scenario(folder: Path, name: str = "my.toml", **lines: str) -> Path:
    """A copy of the built-in scenario, with id ``my-vraem`` and its VRAEM line
    ``coca_ha`` replaced by ``lines["coca_ha"]`` when given."""
    text = BUILT_IN.read_text(encoding="utf-8").replace('id = "vraem-2022"', 'id = "my-vraem"', 1)
    if "coca_ha" in lines:
        assert VRAEM_COCA in text, "the test needs updating"
        text = text.replace(VRAEM_COCA, f"coca_ha = {lines['coca_ha']}", 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*argv: str) -> int:
    try:
        return main(list(argv))
    except SystemExit as exc:  # argparse's own refusals
        return int(exc.code or 0)


def simulated(tmp_path: Path, scenario: str, name: str) -> bytes:
    out = tmp_path / f"{name}.json"
    args = ("--runs", "3", "--turns", "3", "--seed", "2", "--quiet", "--json", str(out))
    assert run("simulate", "--scenario", scenario, *args) == 0
    return out.read_bytes()


def test_a_copy_of_the_built_in_scenario_plays_the_very_same_games(tmp_path):
    copy = tmp_path / "copy.toml"
    copy.write_bytes(BUILT_IN.read_bytes())
    assert simulated(tmp_path, str(copy), "copy") == simulated(tmp_path, "vraem-2022", "built-in")


def test_a_scenario_file_is_what_is_played(tmp_path):
    path = write_scenario(tmp_path, coca_ha='{ value = 30000, assumption = "a test" }')
    out = SimulationOutput.model_validate_json(simulated(tmp_path, str(path), "mine"))
    assert out.scenario == "my-vraem"
    assert out.series["coca_ha"]["vraem"][0] == pytest.approx(30000)


def test_compare_takes_a_scenario_file(tmp_path, capsys):
    path = write_scenario(tmp_path)
    strategies = ("--strategies", "status-quo,integrated")
    code = run("compare", "--scenario", str(path), *strategies, "--runs", "2", "--turns", "2")
    assert code == 0
    assert "integrated" in capsys.readouterr().out


def test_play_starts_the_game_on_a_scenario_file(tmp_path, monkeypatch):
    started: list[BalloonApp] = []
    monkeypatch.setattr(BalloonApp, "run", lambda app, *a, **k: started.append(app))
    path = write_scenario(tmp_path)
    assert run("play", "--scenario", str(path)) == 0
    (app,) = started
    assert app.setup.scenario.id == "my-vraem" and app.start_directly
    assert app.setup.scenario_file is not None and app.setup.scenario_file.path == path.resolve()


# --- bad input: one line naming the file and the field, exit 2, before any game ---------


def missing(folder: Path) -> tuple[str, str]:
    return str(folder / "nowhere.toml"), "file not found"


def not_toml(folder: Path) -> tuple[str, str]:
    path = folder / "broken.toml"
    path.write_text('id = "x"\nturns = = 40\n', encoding="utf-8")
    return str(path), "not valid TOML"


def invalid(folder: Path) -> tuple[str, str]:
    return str(write_scenario(folder, coca_ha='"lots"')), "regions[vraem].coca_ha: expected"


def unknown_fact(folder: Path) -> tuple[str, str]:
    path = write_scenario(folder, coca_ha='{ fact = "no-such-fact" }')
    return str(path), "regions[vraem].coca_ha: cites fact 'no-such-fact'"


def unknown_model(folder: Path) -> tuple[str, str]:
    path = write_scenario(folder)
    text = path.read_text(encoding="utf-8")
    assert 'model = "peru"' in text, "the test needs updating"
    path.write_text(text.replace('model = "peru"', 'model = "nope"', 1), encoding="utf-8")
    return str(path), "model: no model 'nope'; expected one of peru"


def unknown_id(folder: Path) -> tuple[str, str]:
    return "atlantis", "no scenario of that name; expected one of peru-2013, vraem-2022"


COMMANDS = {
    "simulate": ("simulate", "--runs", "2", "--turns", "1", "--quiet"),
    "compare": ("compare", "--strategies", "status-quo,integrated", "--runs", "2", "--quiet"),
    "play": ("play",),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "case", [missing, not_toml, invalid, unknown_fact, unknown_model, unknown_id]
)
def test_a_bad_scenario_is_one_line_naming_file_and_field(
    tmp_path, monkeypatch, capsys, command, case
):
    def no_tui(app, *args, **kwargs):
        pytest.fail("the terminal interface started despite a bad scenario")

    monkeypatch.setattr(BalloonApp, "run", no_tui)
    scenario, words = case(tmp_path)
    code = run(*COMMANDS[command], "--scenario", scenario)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == "" and "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith(f"balloon: {scenario}: {words}"), err


def test_an_id_means_the_built_in_even_beside_a_file_of_that_name(tmp_path, monkeypatch, content):
    """A name that is a built-in id means the built-in scenario even when a file of that
    name lies in the current folder; an existing file without .toml is still a file."""
    monkeypatch.chdir(tmp_path)
    write_scenario(tmp_path, name="vraem-2022")
    assert resolve_scenario(content, "vraem-2022").file is None
    write_scenario(tmp_path, name="mine")
    source = resolve_scenario(content, "mine")
    assert source.scenario.id == "my-vraem" and source.file is not None
    assert source.content_digest != content.digest  # the digest covers the file


# --- saves of a game on a scenario file ---------------------------------------------------


def saved_game(content, folder: Path) -> tuple[Path, Path, Game]:
    """A 3-quarter game on a scenario file, saved: (the file, the save, the game)."""
    scenario = write_scenario(folder, coca_ha='{ value = 30000, assumption = "a test" }')
    setup = prepare_game(content, str(scenario))
    game = Game.new(setup, 4)
    for _ in range(3):
        orders = game.default_orders()
        for index in game.pending_events():
            event = setup.events.events[index]
            orders = orders.with_choice(event.id, event.default_choice)
        game.play(orders)
    return scenario, save_game(game, folder / "game.json"), game


def test_a_game_on_a_scenario_file_loads_and_replays(tmp_path, content, monkeypatch):
    scenario, path, game = saved_game(content, tmp_path)
    data = json.loads(path.read_text())
    assert data["scenario"] == "my-vraem"
    assert data["scenario_file"]["path"] == str(scenario.resolve())
    assert data["content_digest"] == game.setup.content_digest != content.digest
    monkeypatch.chdir("/")  # the save finds the file from anywhere
    loaded = load_save(path, content)
    assert loaded.game.setup.scenario_file == game.setup.scenario_file
    assert compare_states(loaded.game.state, game.state) is None
    assert replay(loaded)[1] is None
    assert [s.status for s in list_saves(tmp_path, content)] == ["ok"]


def test_a_save_of_a_built_in_scenario_is_the_format_it_always_was(tmp_path, setup):
    """No ``scenario_file`` key: a game that predates scenario files reads it too."""
    path = save_game(Game.new(setup, 4), tmp_path / "built-in.json")
    assert "scenario_file" not in json.loads(path.read_text())


@pytest.mark.parametrize(
    ("damage", "status", "words"),
    [
        (lambda p: p.unlink(), "scenario file gone", "no longer there"),
        (
            lambda p: p.write_text(p.read_text() + "\n# edited\n"),
            "scenario file changed",
            "changed",
        ),
    ],
)
def test_a_save_refuses_when_its_scenario_file_is_gone_or_changed(
    tmp_path, content, capsys, damage, status, words
):
    scenario, path, _ = saved_game(content, tmp_path)
    original = scenario.read_bytes()
    damage(scenario)
    with pytest.raises(SaveError) as info:
        load_save(path, content)
    message = str(info.value)
    assert "\n" not in message and words in message
    assert message.startswith(f"{path}: ") and str(scenario.resolve()) in message
    assert [s.status for s in list_saves(tmp_path, content)] == [status]
    assert run("replay", str(path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err
    scenario.write_bytes(original)  # put back as it was, the save loads again
    assert load_save(path, content).game.turn == 3
