"""Broken content is refused with one line that names the file, the field and what was
expected — never a traceback, never a half-loaded game.

Each test copies content/ and seeds/ into a temporary folder, breaks one thing, and loads.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from game.loader import CONTENT_DIR, SEEDS_DIR, ContentError, load_content, prepare_game

SCENARIO = "vraem-2022"


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    seeds = tmp_path / "seeds"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copytree(SEEDS_DIR, seeds)
    return content, seeds


def scenario_file(content: Path) -> Path:
    return content / "scenarios" / f"{SCENARIO}.toml"


def edit(path: Path, pattern: str, replacement: str, *, flags: int = re.MULTILINE) -> None:
    """Replace the first match of ``pattern`` (a regex) in ``path``; it must match."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, replacement, text, count=1, flags=flags)
    assert n == 1, f"{pattern!r} not found in {path}: the test needs updating"
    path.write_text(new, encoding="utf-8")


def edit_region(path: Path, region_id: str, pattern: str, replacement: str) -> None:
    """Edit a line inside one ``[[regions]]`` table of a scenario."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f'id = "{region_id}"')
    end = text.find("\n[[", start)
    end = len(text) if end < 0 else end
    block, n = re.subn(pattern, replacement, text[start:end], count=1, flags=re.MULTILINE)
    assert n == 1, f"{pattern!r} not found in region {region_id}: the test needs updating"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def refused(dirs: tuple[Path, Path], path: Path, *words: str, prepare: bool = False) -> str:
    """Load (and prepare) the broken content; the error must be one line naming ``path``
    and every one of ``words``."""
    content_dir, seeds_dir = dirs
    with pytest.raises(ContentError) as error:
        content = load_content(content_dir, seeds_dir)
        if prepare:
            prepare_game(content, SCENARIO)
    message = str(error.value)
    assert "\n" not in message, f"not one line: {message!r}"
    assert str(path) in message, f"{path} not named in {message!r}"
    assert str(path) == error.value.path
    missing = [word for word in words if word.lower() not in message.lower()]
    assert not missing, f"{missing} not in {message!r}"
    return message


def test_the_real_content_loads(dirs):
    content = load_content(*dirs)
    assert SCENARIO in content.scenarios
    prepare_game(content, SCENARIO)


# --- scenarios --------------------------------------------------------------------------------


def test_toml_syntax_error(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^turns = (\d+)$", r"turns = = \1")
    refused(dirs, path, "TOML", "line")


def test_missing_required_region_field(dirs):
    path = scenario_file(dirs[0])
    edit_region(path, "ucayali", r"^licit_ha = .*\n", "")
    refused(dirs, path, "regions[ucayali].licit_ha", "required")


def test_wrong_type_for_a_number(dirs):
    path = scenario_file(dirs[0])
    edit_region(path, "huallaga", r"^coca_ha = .*$", 'coca_ha = "lots"')
    refused(dirs, path, "regions[huallaga].coca_ha", "expected a number", "lots")


def test_wrong_type_for_a_plain_field(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^teams = \d+$", 'teams = "forty"')
    refused(dirs, path, "teams", "integer", "forty")


def test_unknown_key_in_the_scenario(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^default_balloon = ", "default_baloon = ")
    refused(dirs, path, "default_baloon", "not permitted")


def test_misspelt_required_key_names_the_misspelling(dirs):
    """A typo in a required key gives two problems (a missing key, an unknown one); the
    message must name the key as typed, which is the one the writer can find."""
    path = scenario_file(dirs[0])
    edit(path, r"^budget_musd = ", "budjet_musd = ")
    refused(dirs, path, "budjet_musd")


def test_unknown_key_in_a_region(dirs):
    path = scenario_file(dirs[0])
    edit_region(path, "loreto", r"^price_premium = ", "price_premum = ")
    refused(dirs, path, "regions[loreto].price_premum", "not permitted")


def test_route_to_an_unknown_region(dirs):
    path = scenario_file(dirs[0])
    edit(path, r'^to = "loreto"$', 'to = "lorreto"')
    message = refused(dirs, path, "unknown region 'lorreto'", "region id", "abroad")
    assert re.search(r": routes\[\d+\]\.to: ", message), message


def test_route_from_an_unknown_region(dirs):
    path = scenario_file(dirs[0])
    edit(path, r'^from = "vraem"$', 'from = "vrem"')
    message = refused(dirs, path, "unknown region 'vrem'", "region id")
    assert re.search(r": routes\[\d+\]\.from: ", message), message


def test_value_out_of_range(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^support_start = .*$", "support_start = 150")
    refused(dirs, path, "support_start", "100", "150")


def test_orders_for_an_unknown_region(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^eradication_teams = \{ vraem = ", "eradication_teams = { vraemm = ")
    refused(dirs, path, "orders.eradication_teams", "vraemm", "region id")


def test_interdiction_on_an_unknown_route(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^interdiction_musd = \{ ports-sea = ", "interdiction_musd = { port-sea = ")
    refused(dirs, path, "orders.interdiction_musd", "port-sea", "route id")


def test_negative_order(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^precursor_musd = .*$", "precursor_musd = -2")
    refused(dirs, path, "orders.precursor_musd", "negative")


@pytest.mark.parametrize(
    ("pattern", "replacement", "words"),
    [
        (r"^teams = \d+$", "teams = 10", ("orders.eradication_teams", "ordered", "10 available")),
        (r"^troops = \d+$", "troops = 5", ("orders", "troops", "5 available")),
        (r"^budget_musd = .*$", "budget_musd = 20", ("budget_musd", "teams and troops")),
    ],
    ids=["teams", "troops", "budget"],
)
def test_starting_orders_no_game_could_play_name_the_scenario_field(
    dirs, pattern, replacement, words
):
    """Not the status quo's file, nor a calibration of violence: the scenario's own field."""
    path = scenario_file(dirs[0])
    edit(path, pattern, replacement)
    refused(dirs, path, *words, prepare=True)


@pytest.mark.parametrize(
    ("field", "value", "whole"),
    [("indigenous_coca_ha", "900000", "coca_ha"), ("licit_ha", "600000", "farmland_ha")],
)
def test_a_part_larger_than_its_whole_is_refused(dirs, field, value, whole):
    path = scenario_file(dirs[0])
    edit_region(path, "vraem", rf"^{field} = .*$", f"{field} = {value}")
    refused(dirs, path, f"regions[vraem].{field}", whole, prepare=True)


def test_repeated_region_id(dirs):
    path = scenario_file(dirs[0])
    edit(path, r'^id = "huallaga"$', 'id = "vraem"')
    refused(dirs, path, "region ids repeat", "vraem")


def test_cited_fact_that_does_not_exist(dirs):
    path = scenario_file(dirs[0])
    edit(path, r'\{ fact = "vraem-coca-2022" \}', '{ fact = "vraem-coca-2099" }')
    refused(dirs, path, "vraem-coca-2099", "regions", "coca_ha", "facts.toml")


def test_cites_list_with_a_fact_that_does_not_exist(dirs):
    path = scenario_file(dirs[0])
    edit(path, r"^cites = \[", 'cites = [ "no-such-fact",')
    refused(dirs, path, "no-such-fact", "cites", "facts.toml")


def test_unknown_difficulty_or_balloon_setting(dirs):
    content = load_content(*dirs)
    with pytest.raises(ContentError) as error:
        prepare_game(content, SCENARIO, difficulty="nightmare")
    message = str(error.value)
    assert "nightmare" in message and "normal" in message and "\n" not in message
    with pytest.raises(ContentError) as error:
        prepare_game(content, SCENARIO, balloon="huge")
    assert "huge" in str(error.value) and "medium" in str(error.value)
    with pytest.raises(ContentError) as error:
        prepare_game(content, "no-such-scenario")
    assert "no-such-scenario" in str(error.value) and SCENARIO in str(error.value)


# --- facts ------------------------------------------------------------------------------------


def first_fact(seeds: Path) -> str:
    match = re.search(r"^\[([a-z0-9-]+)\]$", (seeds / "facts.toml").read_text(), re.MULTILINE)
    assert match
    return match.group(1)


def edit_fact(seeds: Path, fact_id: str, pattern: str, replacement: str) -> None:
    path = seeds / "facts.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"[{fact_id}]")
    end = text.find("\n[", start + 1)
    end = len(text) if end < 0 else end
    block, n = re.subn(pattern, replacement, text[start:end], count=1, flags=re.MULTILINE)
    assert n == 1, f"{pattern!r} not found in fact {fact_id}"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


def test_fact_without_its_source(dirs):
    """With ninety facts in one file, the message must say which fact lacks a source."""
    seeds = dirs[1]
    fact = first_fact(seeds)
    edit_fact(seeds, fact, r"^source = .*\n", "")
    refused(dirs, seeds / "facts.toml", fact, "source", "required")


def test_fact_with_a_wrong_value(dirs):
    seeds = dirs[1]
    fact = first_fact(seeds)
    edit_fact(seeds, fact, r"^value = .*$", 'value = "many"')
    refused(dirs, seeds / "facts.toml", fact, "value", "many")


def test_fact_with_an_unknown_confidence(dirs):
    seeds = dirs[1]
    fact = first_fact(seeds)
    edit_fact(seeds, fact, r"^value = (.*)$", 'value = \\1\nconfidence = "maybe"')
    refused(dirs, seeds / "facts.toml", fact, "confidence", "maybe")


def test_fact_that_is_not_a_table(dirs):
    path = dirs[1] / "facts.toml"
    path.write_text("stray = 3\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    refused(dirs, path, "stray", "table")


def test_facts_file_missing(dirs):
    path = dirs[1] / "facts.toml"
    path.unlink()
    refused(dirs, path, "not found")


# --- strategies -------------------------------------------------------------------------------


def test_strategy_id_must_match_its_file_name(dirs):
    folder = dirs[0] / "strategies"
    path = folder / "my-plan.toml"
    existing = sorted(folder.glob("*.toml"))
    if existing:
        shutil.copy(existing[0], path)
    else:
        path.write_text('id = "x"\nname = "x"\ndescription = "x"\n', encoding="utf-8")
    edit(path, r'^id = "[a-z0-9-]+"$', 'id = "your-plan"')
    refused(dirs, path, "id", "my-plan", "your-plan")


def test_strategy_with_an_unknown_key(dirs):
    path = dirs[0] / "strategies" / "typo.toml"
    path.write_text(
        'id = "typo"\nname = "Typo"\ndescription = "A strategy with a typo"\n'
        'start_form = "nothing"\n',
        encoding="utf-8",
    )
    refused(dirs, path, "start_form", "not permitted")


# --- events -----------------------------------------------------------------------------------

EVENT = """
[[events]]
id = "{id}"
title = "A test event"
text = "Something happens."
probability = 0.5
conditions = [{{ var = "{cond_var}", region = "{cond_region}", op = ">", value = 1 }}]

[[events.choices]]
label = "Answer"
tradeoff = "It costs something."
effects = [{{ var = "{effect_var}", region = "{effect_region}", add = 1 }}]
"""


def write_event(content: Path, name: str = "zz-test.toml", **changes: str) -> Path:
    values = {
        "id": "zz-test-event",
        "cond_var": "coca_ha",
        "cond_region": "vraem",
        "effect_var": "violence",
        "effect_region": "vraem",
        **changes,
    }
    path = content / "events" / name
    path.write_text(EVENT.format(**values), encoding="utf-8")
    return path


def test_a_good_test_event_loads(dirs):
    write_event(dirs[0])
    setup = prepare_game(load_content(*dirs), SCENARIO)
    assert "zz-test-event" in [e.id for e in setup.events.events]


def test_event_condition_on_an_unknown_variable(dirs):
    path = write_event(dirs[0], cond_var="coca_hectares")
    refused(dirs, path, "zz-test-event", "conditions[0].var", "coca_hectares", prepare=True)


def test_event_condition_on_an_unknown_region(dirs):
    path = write_event(dirs[0], cond_region="lima")
    refused(dirs, path, "conditions[0].region", "lima", "expected one of", prepare=True)


def test_event_effect_on_a_variable_events_cannot_change(dirs):
    path = write_event(dirs[0], effect_var="cocaine_t")
    refused(dirs, path, "effects[0].var", "cocaine_t", "expected one of", prepare=True)


def test_event_effect_on_an_unknown_region(dirs):
    path = write_event(dirs[0], effect_region="any")
    refused(dirs, path, "effects[0].region", "any", "expected one of", prepare=True)


def test_event_id_used_twice(dirs):
    write_event(dirs[0], name="zz-a.toml")
    path = write_event(dirs[0], name="zz-b.toml")
    refused(dirs, path, "zz-test-event", "twice")


def test_event_default_choice_out_of_range(dirs):
    path = write_event(dirs[0])
    edit(path, r"^probability = 0.5$", "probability = 0.5\ndefault_choice = 3")
    refused(dirs, path, "default_choice", "3")


def test_event_probability_out_of_range(dirs):
    path = write_event(dirs[0])
    edit(path, r"^probability = 0.5$", "probability = 1.5")
    refused(dirs, path, "events[zz-test-event].probability", "1.5")
