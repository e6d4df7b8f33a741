"""``balloon events``: the listing a designer or a strategy writer reads, its JSON, the
pacing table, and refusals of bad input in one line."""

from __future__ import annotations

import json

import pytest
from test_event_chains import FIXTURE, fixture_content

from game.cli import main
from game.commands.events import describe_events, listing_text
from game.loader import citations


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["events", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_listing_names_every_event_of_the_scenario(capsys, setup):
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    for spec in setup.event_specs:
        assert f"{spec.title}  [{spec.id}]" in out
        for i, choice in enumerate(spec.choices):
            assert f"  {i}. {choice.label}" in out
    assert out.count("  when:") == len(setup.event_specs)
    assert "Traceback" not in out


def test_the_json_holds_each_event_s_timing_choices_and_facts(capsys, tmp_path, content, setup):
    path = tmp_path / "events.json"
    code, _, err = run(capsys, "--json", str(path))
    assert code == 0 and err == ""
    listing = json.loads(path.read_text(encoding="utf-8"))
    assert [e["id"] for e in listing] == [spec.id for spec in setup.event_specs]
    for event, spec in zip(listing, setup.event_specs, strict=True):
        assert (event["probability"], event["at"], event["max_times"], event["cooldown"]) == (
            spec.probability,
            spec.at,
            spec.max_times,
            spec.cooldown,
        )
        assert [c["cost_musd"] for c in event["choices"]] == [c.cost_musd for c in spec.choices]
        assert [c["default"] for c in event["choices"]].index(True) == spec.default_choice
        cited: dict[str, list[str]] = {}
        citations(spec, spec.id, cited)
        assert event["facts"] == sorted(cited)
        assert set(event["facts"]) <= set(content.facts)


def test_chains_and_cooldowns_are_shown_both_ways(tmp_path):
    content = fixture_content(tmp_path, FIXTURE.format(cooldown=3, after=2, threshold=40))
    scenario = content.scenarios["vraem-2022"]
    listing = {e["id"]: e for e in describe_events(content, scenario)}
    assert listing["sequel"]["opened_by"] == [
        {"event": "opener", "title": "An opening test event", "choice": "Act", "after": 2}
    ]
    assert [o["event"] for o in listing["opener"]["choices"][1]["opens"]] == ["sequel", "sequel-if"]
    text = listing_text(scenario, list(listing.values()))
    assert 'opened by: An opening test event, answer "Act", 2 quarters on' in text
    assert "opens A chained test event 2 quarters on" in text
    assert "up to 40 times, at least 4 quarters apart" in text
    assert "once an answer opens it, any quarter, for certain once due" in text


def test_pacing_prints_a_row_per_strategy_and_the_targets(capsys, tmp_path):
    path = tmp_path / "pacing.json"
    code, out, err = run(capsys, "--pacing", "--runs", "20", "--json", str(path))
    assert code == 0 and err == ""
    figures = json.loads(path.read_text(encoding="utf-8"))
    assert [f["strategy"] for f in figures] == [
        "status-quo",
        "integrated",
        "interdiction-first",
        "development-first",
    ]
    for f in figures:
        assert f["runs"] == 20
        row = next(line for line in out.splitlines() if line.startswith(f["name"] + "  "))
        assert f"{f['median_events']:g} ({f['mean_events']:.1f})" in row
        assert ("met" if f["events_ok"] and f["gaps_ok"] else "missed") in row
    assert "targets (issue 12)" in out
    assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--scenario", "atlantis"), "no scenario of that name"),
        (("--runs", "5"), "give --pacing too"),
        (("--pacing", "--runs", "0"), "--runs"),
        (("--json", "no/such/folder/x.json"), "does not exist"),
        (("--pacing", "--difficulty", "impossible"), "impossible"),
    ],
)
def test_bad_input_is_one_line_and_no_traceback(capsys, args, words):
    try:
        code = main(["events", *args])
    except SystemExit as exit:  # argparse refuses a bad number itself
        code = exit.code
    out, err = capsys.readouterr()
    assert code == 2
    assert words in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
