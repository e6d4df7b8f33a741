"""Hostile content: whatever a content file holds, loading it gives a game or one line.

A designer's typo and a crafted file are the same to the loader: every number finite and
in its range, ids unique, references resolved, and anything else one ``ContentError``
naming the file and the field. Numpy warnings count as failures here, because a number
that makes the engine warn at load is one the checks should have refused.
"""

from __future__ import annotations

import io
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.domains import PARAM_DOMAINS
from game.engine.world import Params
from game.errors import ContentError
from game.loader import CONTENT_DIR, SEEDS_DIR, Content, GameSetup, load_content, prepare_game
from game.sim.strategy import load_strategy

SCENARIO = CONTENT_DIR / "scenarios" / "vraem-2022.toml"
MODEL = CONTENT_DIR / "models" / "peru.toml"
#: A number written as a TOML value: after '= ', '[', '{' or ',' and before the end of it.
NUMBER = re.compile(r"(?<=[=\[{,] )-?\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[,}\]\n])")
HOSTILE_TEXT = [
    "nan",
    "inf",
    "-inf",
    "0",
    "-0.0",
    "-1",
    "1e-320",
    "1e308",
    "-1e308",
    "9" * 4299,  # the longest integer Python reads
    "9" * 5000,  # past Python's int-string limit
]
HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(0, 1).map(repr),
    st.integers(-(10**20), 10**20).map(str),
)


def spot(path: Path, key: str) -> int:
    """The index, among NUMBER's matches in ``path``, of the number ``key`` is set to."""
    text = path.read_text(encoding="utf-8")
    where = text.index(f"\n{key} = ")
    return sum(1 for m in NUMBER.finditer(text) if m.start() < where)


QUICK = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of content/ and seeds/ to break."""
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copytree(SEEDS_DIR, seeds)
    return content, seeds


@pytest.fixture
def no_warnings() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def mutated(text: str, changes: list[tuple[int, str]]) -> str:
    """``text`` with its ``i``-th number (of every number NUMBER finds) replaced."""
    spots = [m.span() for m in NUMBER.finditer(text)]
    for i, value in sorted(set(changes), key=lambda c: -spots[c[0] % len(spots)][0]):
        start, end = spots[i % len(spots)]
        text = text[:start] + value + text[end:]
    return text


def substituted(text: str, pattern: str, replacement: str, count: int = 1) -> str:
    new, n = re.subn(pattern, replacement, text, count=count, flags=re.MULTILINE)
    assert n, f"{pattern!r} not found: the test needs updating"
    return new


def refusal(action, path: Path) -> ContentError:
    """The ContentError ``action()`` raises: one line, naming ``path``."""
    with pytest.raises(ContentError) as error:
        action()
    message = str(error.value)
    assert "\n" not in message, message
    assert error.value.path == str(path), message
    assert message.startswith(f"{path}: "), message
    return error.value


def loads_or_refuses(action, *paths: Path) -> GameSetup | None:
    """``action()``'s game, or None when it refused in one line naming one of ``paths``."""
    try:
        setup = action()
    except ContentError as error:
        assert "\n" not in str(error) and error.path in map(str, paths), str(error)
        return None
    for name, values in setup.world.start.items():
        assert np.all(np.isfinite(values)), f"start {name} not finite"
    return setup


# --- any number, anywhere ------------------------------------------------------------------


@settings(QUICK, max_examples=100)
@given(changes=st.lists(st.tuples(st.integers(0, 10_000), HOSTILE), min_size=1, max_size=3))
@example(changes=[(spot(SCENARIO, "licit_ha"), "inf")])
@example(changes=[(spot(SCENARIO, "troops"), "9" * 5000)])
@example(changes=[(spot(SCENARIO, "abroad_share"), "-1e308")])
@example(changes=[(spot(SCENARIO, "price_premium"), "0")])
def test_a_scenario_with_any_numbers_loads_or_is_refused(tmp_path, content, no_warnings, changes):
    path = tmp_path / "scenario.toml"
    path.write_text(mutated(SCENARIO.read_text(encoding="utf-8"), changes), encoding="utf-8")
    loads_or_refuses(lambda: prepare_game(content, str(path)), path)


@pytest.fixture(scope="module")
def model_dirs(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile-model")
    shutil.copytree(CONTENT_DIR, root / "content")
    shutil.copytree(SEEDS_DIR, root / "seeds")
    return root / "content", root / "seeds"


@settings(QUICK, max_examples=30)
@given(changes=st.lists(st.tuples(st.integers(0, 10_000), HOSTILE), min_size=1, max_size=2))
@example(changes=[(spot(MODEL, "leaf_demand_elasticity"), "1e-320")])
@example(changes=[(spot(MODEL, "settling_rate"), "0")])
@example(changes=[(spot(MODEL, "support_rest"), "0")])
@example(changes=[(256, "2561")])  # calibration refuses the start
def test_a_model_with_any_coefficients_loads_or_is_refused(model_dirs, no_warnings, changes):
    content_dir, seeds_dir = model_dirs
    path = content_dir / "models" / "peru.toml"
    path.write_text(mutated(MODEL.read_text(encoding="utf-8"), changes), encoding="utf-8")
    # a coefficient can also leave no way to calibrate the scenario's start: then the
    # scenario's field is named, as the start the model cannot reach
    scenario = content_dir / "scenarios" / "vraem-2022.toml"
    loads_or_refuses(
        lambda: prepare_game(load_content(content_dir, seeds_dir), "vraem-2022"), path, scenario
    )


# --- numbers as a designer means them --------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "replacement", "field", "words"),
    [
        (r"^licit_ha = 60000$", "licit_ha = nan", "regions[vraem].licit_ha", "finite"),
        (r"^violence = 18$", "violence = inf", "regions[vraem].violence", "finite"),
        (r"^cost = 1.4$", "cost = inf", "routes[vraem-ucayali].cost", "finite"),
        (r"^licit_ha = 60000$", "licit_ha = -5", "regions[vraem].licit_ha", "≥ 0"),
        (r"^licit_ha = 60000$", "licit_ha = " + "9" * 400, "regions[vraem].licit_ha", "too large"),
        (
            r"^state_presence = 0.35$",
            "state_presence = 1.5",
            "regions[vraem].state_presence",
            "≤ 1",
        ),
        (r"^households = 60000$", "households = 0", "regions[huallaga].households", "got 0"),
        (r"^price_premium = 1.1$", "price_premium = 0", "regions[vraem].price_premium", "got 0"),
        (
            r'^coca_ha = \{ fact = "vraem-coca-2022" \}$',
            'coca_ha = { fact = "vraem-coca-2022", scale = -1 }',
            "regions[vraem].coca_ha",
            "fact 'vraem-coca-2022'",
        ),
        (
            r"^budget_musd = \{ value = 92.0,",
            "budget_musd = { value = -92.0,",
            "budget_musd",
            "≥ 0",
        ),
    ],
)
def test_a_scenario_number_out_of_its_range_is_refused_naming_the_field(
    tmp_path, content, pattern, replacement, field, words
):
    path = tmp_path / "scenario.toml"
    path.write_text(substituted(SCENARIO.read_text(encoding="utf-8"), pattern, replacement))
    error = refusal(lambda: prepare_game(content, str(path)), path)
    assert error.field == field, str(error)
    assert words in error.message, str(error)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("leaf_demand_elasticity", "0"),  # divides an exponent
        ("settling_rate", "0"),  # calibration divides by it
        ("plant_rate", "1.5"),  # a share a quarter
        ("team_cost_musd", "0"),  # the budget is divided by it
        ("eradication_max_share", "-0.1"),
        ("theta", "nan"),
        ("risk_saturation", "1e-320"),  # a divisor that overflows
    ],
)
def test_a_model_coefficient_out_of_its_range_is_refused_naming_it(dirs, name, value):
    path = dirs[0] / "models" / "peru.toml"
    pattern = rf"^{name} = \{{ value = [^,]+,"
    path.write_text(
        substituted(path.read_text(encoding="utf-8"), pattern, f"{name} = {{ value = {value},")
    )
    error = refusal(lambda: load_content(*dirs), path)
    assert error.field.startswith(f"params.{name}"), str(error)


def test_every_coefficient_of_the_model_has_one_range():
    assert set(PARAM_DOMAINS) == set(Params.names())


def test_a_nan_fact_is_refused(dirs):
    path = dirs[1] / "facts.toml"
    text = substituted(path.read_text(encoding="utf-8"), r"^value = [-\d.e]+$", "value = nan")
    path.write_text(text, encoding="utf-8")
    error = refusal(lambda: load_content(*dirs), path)
    assert error.field.endswith(".value") and "finite" in error.message, str(error)


def test_an_event_effect_of_inf_is_refused(dirs):
    path = dirs[0] / "events" / "zz-inf.toml"
    path.write_text(
        '[[events]]\nid = "zz-inf"\ntitle = "Inf"\ntext = "x"\nprobability = 0.5\n'
        '[[events.choices]]\nlabel = "A"\ntradeoff = "B"\n'
        'effects = [{ var = "violence", region = "vraem", add = inf }]\n',
        encoding="utf-8",
    )
    error = refusal(lambda: load_content(*dirs), path)
    assert error.field == "events[zz-inf].choices[0].effects[0].add", str(error)


def test_a_strategy_file_with_nan_is_refused(tmp_path, content, setup):
    path = tmp_path / "plan.toml"
    path.write_text(
        'id = "plan"\nname = "Plan"\ndescription = "x"\n'
        "[[settings]]\nmultiply = { eradication_teams = nan }\n",
        encoding="utf-8",
    )
    error = refusal(lambda: load_strategy(content, setup, str(path)), path)
    assert error.field == "settings[0].multiply.eradication_teams", str(error)


# --- the shape of a scenario --------------------------------------------------------------------


def without_routes(text: str) -> str:
    text = re.sub(r"^\[\[routes\]\]\n(?:(?!\[).*\n)*", "", text, flags=re.MULTILINE)
    text = re.sub(r"^interdiction_musd = .*\n", "", text, flags=re.MULTILINE)
    return substituted(text, r"^(default_balloon = .*)$", r"\1\nroutes = []")


@pytest.mark.parametrize(
    "change",
    [without_routes, lambda text: text.replace('to = "abroad"', 'to = "coast"')],
    ids=["routes = []", "no route abroad"],
)
def test_a_scenario_without_an_exit_route_is_refused(tmp_path, content, change):
    path = tmp_path / "scenario.toml"
    path.write_text(change(SCENARIO.read_text(encoding="utf-8")), encoding="utf-8")
    error = refusal(lambda: prepare_game(content, str(path)), path)
    assert error.field == "routes" and "abroad" in error.message, str(error)


def test_an_unknown_region_on_a_route_names_the_route_by_its_place(tmp_path, content):
    text = SCENARIO.read_text(encoding="utf-8")
    spots = [m.start() for m in re.finditer(r'^from = "[a-z-]+"$', text, re.MULTILINE)]
    fourth = spots[3]
    text = text[:fourth] + substituted(text[fourth:], r'^from = "[a-z-]+"$', 'from = "atlantis"')
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    error = refusal(lambda: prepare_game(content, str(path)), path)
    assert error.field == "routes[3].from", str(error)
    assert "unknown region 'atlantis'" in error.message, str(error)


# --- files that are not what they seem ----------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["[" * 5000 + "]" * 5000, "{ a = " * 3000 + "1" + " }" * 3000, "9" * 4400],
    ids=["deep array", "deep table", "4400 digits"],
)
def test_a_scenario_too_deep_or_too_long_to_parse_is_refused(tmp_path, content, value):
    path = tmp_path / "scenario.toml"
    text = substituted(SCENARIO.read_text(encoding="utf-8"), r"^teams = 40$", f"teams = {value}")
    path.write_text(text, encoding="utf-8")
    error = refusal(lambda: prepare_game(content, str(path)), path)
    assert error.message.startswith("not valid TOML"), str(error)


def test_a_facts_file_with_a_5000_digit_number_is_refused(dirs):
    path = dirs[1] / "facts.toml"
    text = substituted(path.read_text(encoding="utf-8"), r"^year = \d+$", "year = " + "1" * 5000)
    path.write_text(text, encoding="utf-8")
    refusal(lambda: load_content(*dirs), path)


def test_the_command_line_says_one_line_and_exits_2(tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text("teams = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code = main(["simulate", "--scenario", str(path), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"balloon: {path}: ") and err.count("\n") == 1, err


# --- ids across files ---------------------------------------------------------------------------


def test_a_scenario_id_in_two_files_is_refused_naming_both(dirs):
    first = dirs[0] / "scenarios" / "vraem-2022.toml"
    second = dirs[0] / "scenarios" / "zz-copy.toml"
    shutil.copy(first, second)
    error = refusal(lambda: load_content(*dirs), second)
    assert str(first) in error.message and "vraem-2022" in error.message, str(error)


def test_an_event_id_in_two_files_is_refused_naming_both(dirs):
    events = dirs[0] / "events"
    first = sorted(events.glob("*.toml"))[0]
    second = events / "zz-copy.toml"
    shutil.copy(first, second)
    error = refusal(lambda: load_content(*dirs), second)
    assert str(first) in error.message, str(error)


def test_an_error_in_a_built_in_strategy_names_its_file(dirs):
    path = dirs[0] / "strategies" / "zz-bad.toml"
    path.write_text(
        'id = "zz-bad"\nname = "Bad"\ndescription = "x"\n[[settings]]\nall_teams_to = "atlantis"\n',
        encoding="utf-8",
    )
    content: Content = load_content(*dirs)
    setup = prepare_game(content, "vraem-2022")
    error = refusal(lambda: load_strategy(content, setup, "zz-bad"), path)
    assert error.field == "settings[0].all_teams_to", str(error)


# --- text is plain text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[/oops] VRAEM", "styling"),  # an unmatched closing tag crashed every screen
        ("[bold red]VRAEM", "styling"),
        ("VR\\u001b[31mAEM", "U+001B"),  # a terminal colour code
        ("VRAEM\\u0007", "U+0007"),  # the bell
    ],
)
def test_text_a_screen_would_misread_is_refused_naming_the_field(tmp_path, content, text, words):
    path = tmp_path / "scenario.toml"
    original = SCENARIO.read_text(encoding="utf-8")
    assert '\nname = "VRAEM"\n' in original, "the test needs updating"
    path.write_text(original.replace('\nname = "VRAEM"\n', f'\nname = "{text}"\n', 1))
    error = refusal(lambda: prepare_game(content, str(path)), path)
    assert error.field == "regions[vraem].name", str(error)
    assert words in error.message, str(error)


@given(
    text=st.text(st.characters(codec="utf-8", exclude_characters='"\\'), min_size=1, max_size=40)
)
@example(text="[/oops]")
@example(text="\x1b[31mred")
@settings(QUICK, max_examples=60)
def test_any_strategy_name_loads_as_plain_text_or_is_refused(tmp_path_factory, content, text):
    """Whatever a strategy's name holds, it loads (and then prints as written) or is
    refused in one line: never a crash when a table draws it."""
    from rich.console import Console
    from rich.table import Table

    folder = tmp_path_factory.mktemp("names")
    path = folder / "named.toml"
    body = f'id = "named"\nname = "{text}"\ndescription = "x"\n'
    try:
        path.write_text(body, encoding="utf-8")
    except UnicodeEncodeError:
        return
    setup = prepare_game(content, "vraem-2022")
    try:
        strategy = load_strategy(content, setup, str(path))
    except ContentError as error:
        assert "\n" not in str(error)
        return
    table = Table("strategy")
    table.add_row(strategy.spec.name)
    sink = io.StringIO()
    Console(file=sink, width=80, force_terminal=False).print(table)
    assert "\x1b" not in sink.getvalue()


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ('cites = ["no-such-fact"]\n', "cites", "no-such-fact"),
        (
            "[[settings]]\nfrom_turn = 5\nuntil_turn = 3\nmultiply = { troops = 0.5 }\n",
            "settings[0].until",
            "not after it starts",
        ),
    ],
)
def test_a_strategy_file_is_checked_like_a_built_in(tmp_path, content, body, field, words):
    path = tmp_path / "mine.toml"
    path.write_text(f'id = "mine"\nname = "Mine"\ndescription = "x"\n{body}', encoding="utf-8")
    setup = prepare_game(content, "vraem-2022")
    error = refusal(lambda: load_strategy(content, setup, str(path)), path)
    assert error.field == field and words in error.message, str(error)
