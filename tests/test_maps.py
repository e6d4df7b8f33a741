"""The map's layout is content: a region added to a scenario and a map file draws with
no code, and a broken map file is refused naming the file and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.errors import ContentError
from game.loader import CONTENT_DIR, SEEDS_DIR, load_content, prepare_game
from game.maps import load_maps, map_for
from game.tui.widgets.regionmap import RegionMap

#: A region without coca (so the calibration has nothing new to fit), and its box.
NEW_REGION = '''
[[regions]]
id = "putumayo"
name = "Putumayo"
description = """A fixture: the river border with Colombia, added by a test."""
grows_coca = false
coca_ha = 0
licit_ha = 0
farmland_ha = 0
forest_ha = 0
indigenous_coca_ha = 0
households = 5000
state_presence = 0.3
insurgency = 0.0
traffickers = 0.4
infrastructure = 0.1
development = 0.0
violence = 12
welfare = 35

'''


def copy_content(tmp_path: Path) -> tuple[Path, Path]:
    content, seeds = tmp_path / "content", tmp_path / "seeds"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copytree(SEEDS_DIR, seeds)
    return content, seeds


def test_the_scenarios_draw_from_their_map_file(content) -> None:  # type: ignore[no-untyped-def]
    for scenario in ("vraem-2022", "peru-2013"):
        setup = prepare_game(content, scenario)
        layout = map_for(content.maps, setup.world.region_ids)
        assert layout is not None, scenario
        # every route of the scenario has its line on the map
        assert set(setup.world.route_ids) <= set(layout.routes), scenario


def test_a_region_added_in_content_draws_with_no_code(tmp_path: Path) -> None:
    content_dir, seeds_dir = copy_content(tmp_path)
    scenario = content_dir / "scenarios" / "vraem-2022.toml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("\n[[routes]]", NEW_REGION + "[[routes]]", 1), "utf-8")
    peru = content_dir / "maps" / "peru.toml"
    peru.write_text(
        peru.read_text(encoding="utf-8").replace(
            "[short_names]", "putumayo = { x = 64, y = 9, w = 14 }\n\n[short_names]"
        ),
        encoding="utf-8",
    )
    content = load_content(content_dir, seeds_dir)
    setup = prepare_game(content, "vraem-2022")
    assert "putumayo" in setup.world.region_ids
    layout = map_for(content.maps, setup.world.region_ids)
    assert layout is not None and "putumayo" in layout.boxes
    region_map = RegionMap(setup.world, layout)
    lines = region_map.render().plain.splitlines()
    # its box is where the map file puts it, with its name on the top border
    assert lines[9][64:].startswith("╭─ Putumayo ")
    assert lines[11][64] == "╰" and lines[11][64 + 13] == "╯"
    # the other regions are still drawn where they were
    assert "╭─ Loreto " in lines[0]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            ("points = [[58, 2], [58, 6]]", "points = [[58, 2], [60, 6]]"),
            "routes.ucayali-loreto.points",
            "straight step",
        ),
        (('label = "Pisco"', 'label = "Lima"'), "routes.vraem-coast.label", "share a label"),
        (("loreto = { x = 46,", "loreto = { x = 70,"), "boxes.loreto", "past the map"),
        (("loreto = { x = 46,", "loreto = { x = -1,"), "boxes.loreto.x", ""),
    ],
)
def test_a_broken_map_is_refused_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], field: str, words: str
) -> None:
    content_dir, _ = copy_content(tmp_path)
    peru = content_dir / "maps" / "peru.toml"
    text = peru.read_text(encoding="utf-8")
    assert change[0] in text
    peru.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_maps(content_dir)
    message = str(caught.value)
    assert "peru.toml" in message and field in message and words in message
