"""History can be expressed: exogenous series by date, dated settings, eradication as a
target in hectares, regional price shocks, and a start that need not be steady.

Each test runs the engine on a scenario or strategy written for it and checks what the
run does, not what the files say.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.engine import new_game, step
from game.errors import ContentError
from game.loader import CONTENT_DIR, load_content, prepare_game
from game.plans import turn_of_date
from game.schema import Setting, Shock, StrategySpec
from game.sim.batch import run_batch
from game.sim.strategy import Strategy

BUILT_IN = CONTENT_DIR / "scenarios" / "vraem-2022.toml"
SEEDS = np.arange(10, 40)


def scenario_with(
    folder: Path, extra: str = "", replace: tuple[str, str] | None = None, name: str = "my-test"
) -> str:
    """vraem-2022 as a file with ``extra`` TOML appended (and one text replaced). Its id is
    not vraem-2022's, so that scenario's events are not in it: two such files differ only
    in what the test wrote."""
    text = BUILT_IN.read_text(encoding="utf-8").replace('id = "vraem-2022"', 'id = "my-test"', 1)
    if replace is not None:
        assert replace[0] in text, "the test needs updating"
        text = text.replace(replace[0], replace[1], 1)
    path = folder / f"{name}.toml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return str(path)


def plain_scenario(folder: Path) -> str:
    """The same file with nothing added: what a test's scenario is compared with."""
    return scenario_with(folder, name="plain")


def play(setup, spec: StrategySpec, turns: int, seeds=SEEDS):
    return run_batch(setup, Strategy(spec=spec, setup=setup), seeds, turns, bands=False)


def plain(**fields) -> StrategySpec:
    return StrategySpec(id="probe", name="probe", description="a test", **fields)


@pytest.fixture(scope="module")
def content():
    return load_content()


# --- exogenous series -----------------------------------------------------------------------


def test_a_lockdown_stops_eradication_from_its_date_to_the_next(tmp_path, content):
    path = scenario_with(
        tmp_path,
        '[[series]]\nname = "eradication_access"\nregion = "all"\n'
        "values = { 2023Q1 = 0, 2023Q3 = 1 }\n",
    )
    setup = prepare_game(content, path)
    result = play(setup, plain(), 6)
    eradicated = np.diff(result.series("eradicated_ha"))  # quarters 2022Q3 .. 2023Q4
    assert eradicated[0] > 1000 and eradicated[1] > 1000  # 2022Q3, 2022Q4: teams at work
    assert eradicated[2] == 0 and eradicated[3] == 0  # 2023Q1, 2023Q2: the lockdown
    assert eradicated[4] > 1000  # 2023Q3: back at work


def test_team_capacity_and_budget_follow_their_series(tmp_path, content):
    path = scenario_with(
        tmp_path,
        '[[series]]\nname = "team_capacity_mult"\nregion = "huallaga"\nvalues = { 2023 = 0.5 }\n'
        '[[series]]\nname = "budget_mult"\nvalues = { 2023 = 0.8 }\n',
    )
    setup, base = prepare_game(content, path), prepare_game(content, plain_scenario(tmp_path))
    world = setup.world
    assert world.budget_at(1) == pytest.approx(base.world.budget_at(1))
    assert world.budget_at(2) == pytest.approx(0.8 * base.world.budget_at(2))
    halved = np.diff(play(setup, plain(), 4).series("eradicated_ha", "huallaga"))
    full = np.diff(play(base, plain(), 4).series("eradicated_ha", "huallaga"))
    assert halved[0] == pytest.approx(full[0])  # 2022Q3: before the series' date
    assert halved[3] < 0.6 * full[3]  # 2023Q2: half the capacity


def test_fewer_teams_from_a_date_refuse_orders_above_them(tmp_path, content):
    path = scenario_with(tmp_path, '[[series]]\nname = "teams_mult"\nvalues = { 2023 = 0.5 }\n')
    setup = prepare_game(content, path)
    world = setup.world
    assert world.teams_at(0) == world.teams_available
    assert world.teams_at(turn_of_date(world, "2023")) == world.teams_available // 2


def test_a_leaf_price_series_moves_the_price_from_its_date(tmp_path, content):
    path = scenario_with(
        tmp_path,
        '[[series]]\nname = "leaf_price_mult"\nregion = "vraem"\nvalues = { 2023Q1 = 0.5 }\n',
    )
    setup, base = prepare_game(content, path), prepare_game(content, plain_scenario(tmp_path))
    ratio = play(setup, plain(), 4).series("leaf_price", "vraem") / play(base, plain(), 4).series(
        "leaf_price", "vraem"
    )
    assert ratio[1] == pytest.approx(1.0) and ratio[2] == pytest.approx(1.0)
    assert 0.4 < ratio[3] < 0.6  # 2023Q1 onward, the VRAEM's price halved
    other = play(setup, plain(), 4).series("leaf_price", "loreto") / play(base, plain(), 4).series(
        "leaf_price", "loreto"
    )
    assert 0.95 < other[3] < 1.1  # elsewhere only what the market passes on


def test_a_series_names_a_bad_region_or_date_in_one_line(tmp_path, content):
    bad_region = scenario_with(
        tmp_path,
        '[[series]]\nname = "eradication_access"\nregion = "atlantis"\nvalues = { 2023 = 0 }\n',
    )
    with pytest.raises(ContentError, match=r"series\[0\]\.region"):
        prepare_game(content, bad_region)
    before = scenario_with(tmp_path, '[[series]]\nname = "budget_mult"\nvalues = { 2019 = 0.5 }\n')
    with pytest.raises(ContentError, match=r"series\[0\]\.values.*before the scenario's start"):
        prepare_game(content, before)


# --- strategies: dates, targets, regional shocks ----------------------------------------------


def test_a_setting_dated_by_quarter_starts_at_that_quarter(content):
    setup = prepare_game(content, "vraem-2022")
    spec = plain(settings=[Setting(from_quarter="2023Q2", multiply={"eradication_teams": 0.0})])
    eradicated = np.diff(play(setup, spec, 5).series("eradicated_ha"))
    start = turn_of_date(setup.world, "2023Q2")
    assert (eradicated[:start] > 0).all() and (eradicated[start:] == 0).all()


def test_an_eradication_target_is_met_when_teams_and_access_allow(content):
    setup = prepare_game(content, "vraem-2022")
    spec = plain(settings=[Setting(eradication_target_ha_yr={"huallaga": 4000, "ucayali": 6000})])
    strategy = Strategy(spec=spec, setup=setup)
    result = run_batch(setup, strategy, SEEDS, 4, bands=False)
    per_year = {r: result.series("eradicated_ha", r)[4] for r in ("huallaga", "ucayali")}
    assert per_year["huallaga"] == pytest.approx(4000, rel=0.1)  # chance spreads it a little
    assert per_year["ucayali"] == pytest.approx(6000, rel=0.1)
    assert result.series("eradicated_ha", "vraem")[4] == 0  # regions no target names: no teams
    _, targets = strategy.plan(result.final_state)
    assert targets is not None and targets[0, setup.world.region_index("ucayali")] == 6000


def test_a_target_beyond_the_teams_is_met_as_far_as_possible_never_an_error(content):
    setup = prepare_game(content, "vraem-2022")
    spec = plain(settings=[Setting(eradication_target_ha_yr={"national": 10_000_000})])
    strategy = Strategy(spec=spec, setup=setup)
    state = new_game(setup.world, setup.events, [1], setup.start_orders, setup.difficulty)
    orders = strategy.orders(state)
    assert orders.eradication_teams.sum() == pytest.approx(setup.world.teams_at(0))
    result = step(setup.world, setup.events, state, orders)  # accepted: no refusal
    assert 0 < result.flows.eradicated_ha.sum() < 10_000_000 / 4


def test_a_target_out_of_reach_does_not_starve_one_within_reach(content):
    """A valley that cannot give its target takes the teams left over, not all of them:
    the other region's target is met as if it were alone (peru-2013's Ucayali in 2015)."""
    setup = prepare_game(content, "vraem-2022")
    alone = plain(settings=[Setting(eradication_target_ha_yr={"loreto": 2000})])
    beside = plain(
        settings=[Setting(eradication_target_ha_yr={"loreto": 2000, "huallaga": 1_000_000})]
    )
    results = {
        name: run_batch(setup, Strategy(spec=spec, setup=setup), SEEDS, 4, bands=False)
        for name, spec in (("alone", alone), ("beside", beside))
    }
    loreto = {n: r.series("eradicated_ha", "loreto")[4] for n, r in results.items()}
    assert loreto["alone"] == pytest.approx(2000, rel=0.1)
    assert loreto["beside"] == pytest.approx(loreto["alone"], rel=0.02)
    huallaga = results["beside"].series("eradicated_ha", "huallaga")[4]
    assert 0 < huallaga < 1_000_000  # it gets the rest of the teams, and a shortfall


def test_a_national_target_goes_where_the_coca_can_be_reached(content):
    setup = prepare_game(content, "vraem-2022")
    spec = plain(settings=[Setting(eradication_target_ha_yr={"national": 20000})])
    state = new_game(setup.world, setup.events, [1], setup.start_orders, setup.difficulty)
    teams = Strategy(spec=spec, setup=setup).orders(state).eradication_teams[0]
    world = setup.world
    assert teams[world.region_index("coast")] == 0
    assert (teams[world.grows_coca > 0] > 0).all()
    result = run_batch(setup, Strategy(spec=spec, setup=setup), SEEDS, 4, bands=False)
    assert result.series("eradicated_ha")[4] == pytest.approx(20000, rel=0.1)


def test_a_regional_price_shock_moves_that_region_first(content):
    setup = prepare_game(content, "vraem-2022")
    shocked = plain(shocks=[Shock(from_turn=0, until_turn=2, region="vraem", leaf_price=0.5)])
    a, b = play(setup, shocked, 2), play(setup, plain(), 2)
    vraem = a.series("leaf_price", "vraem")[1] / b.series("leaf_price", "vraem")[1]
    loreto = a.series("leaf_price", "loreto")[1] / b.series("leaf_price", "loreto")[1]
    assert vraem < 0.6 and loreto > 0.9


def test_a_strategy_naming_a_region_the_scenario_lacks_is_refused(content):
    from game.sim.strategy import check_strategy

    setup = prepare_game(content, "vraem-2022")
    spec = plain(settings=[Setting(eradication_target_ha_yr={"atlantis": 100})])
    with pytest.raises(ContentError, match=r"settings\[0\]\.eradication_target_ha_yr"):
        check_strategy(setup, spec, "probe.toml")
    spec = plain(shocks=[Shock(from_turn=0, until_turn=1, region="atlantis", leaf_price=0.5)])
    with pytest.raises(ContentError, match=r"shocks\[0\]\.region"):
        check_strategy(setup, spec, "probe.toml")
    spec = plain(event_choices={"no-such-event": 0})
    with pytest.raises(ContentError, match=r"event_choices\.no-such-event"):
        check_strategy(setup, spec, "probe.toml")
    event = setup.events.events[0]
    spec = plain(event_choices={event.id: len(event.choices)})
    with pytest.raises(ContentError, match=rf"event_choices\.{event.id}: choices run from 0"):
        check_strategy(setup, spec, "probe.toml")


def test_a_scenario_schedule_is_where_every_strategy_starts(content):
    """peru-2013's status quo plays its history: no teams in the VRAEM before 2019."""
    setup = prepare_game(content, "peru-2013")
    result = run_batch(
        setup, Strategy(spec=plain(), setup=setup), SEEDS[:5], 28, bands=False, series=True
    )
    vraem = result.series("eradicated_ha", "vraem")
    assert vraem[24] == 0 and vraem[28] > 0  # its only eradication: 2019's Junín side
    assert result.series("eradicated_ha")[4] > 15000  # 2013: the Monzón campaign


# --- a start that need not be steady -----------------------------------------------------------


def test_each_region_starts_on_its_stated_trend(tmp_path, content):
    setup = prepare_game(content, "peru-2013")
    world = setup.world
    state = new_game(world, setup.events, [0], setup.start_orders, setup.difficulty)
    from game.engine.calibrate import without_chance

    quiet = without_chance(world)
    after = step(quiet, setup.events, state, setup.start_orders).state
    before = state.coca_total()[0]
    change = np.divide(after.coca_total()[0], before, out=np.ones_like(before), where=before > 0)
    for region in setup.scenario.regions:
        if not region.grows_coca or region.wanted_ha is not None:
            continue  # where growers' wanted area is given, the trend follows from it
        i = world.region_index(region.id)
        trend = getattr(region.trend_per_year, "value", region.trend_per_year)
        assert change[i] == pytest.approx((1 + trend) ** 0.25, abs=2e-3), region.id


def first_quarter_change(setup, region: str) -> float:
    """A region's planted area after one quarter without chance, over its start."""
    from game.engine.calibrate import without_chance

    state = new_game(setup.world, setup.events, [0], setup.start_orders, setup.difficulty)
    after = step(without_chance(setup.world), setup.events, state, setup.start_orders).state
    i = setup.world.region_index(region)
    return float(after.coca_total()[0, i] / state.coca_total()[0, i])


def test_a_wanted_area_given_as_data_sets_where_growers_head(tmp_path, content):
    """Growers who want more than they have plant; growers who want less let coca go."""
    changes = {}
    for wanted in (8000, 30000):
        path = scenario_with(
            tmp_path, replace=("trend_per_year = 0.03", f"wanted_ha = {wanted}"), name=f"w{wanted}"
        )
        changes[wanted] = first_quarter_change(prepare_game(content, path), "ucayali")
    plain = first_quarter_change(prepare_game(content, plain_scenario(tmp_path)), "ucayali")
    assert changes[8000] < plain < changes[30000]
    assert changes[8000] < 1.0 < changes[30000]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        # troops alone would give the VRAEM more state than the start says it has
        ("state_presence = 0.35", "state_presence = 0.05", "regions[vraem].state_presence"),
        # a trend that would need more coca than the farmland holds
        ("trend_per_year = 0.03", "trend_per_year = 40.0", "regions[ucayali].trend_per_year"),
        # violence below what the remnant and traffickers alone cause
        ("violence = 18", "violence = 1", "regions[vraem].violence"),
    ],
    ids=["presence", "trend", "violence"],
)
def test_a_start_calibration_cannot_meet_is_refused_naming_region_and_quantity(
    tmp_path, content, old, new, field
):
    path = scenario_with(tmp_path, replace=(old, new))
    with pytest.raises(ContentError) as caught:
        prepare_game(content, path)
    message = str(caught.value)
    assert field in message and "calibration" in message
    assert "\n" not in message


def test_young_plantings_given_as_data_are_kept_and_more_than_all_coca_is_refused(
    tmp_path, content
):
    kept = scenario_with(
        tmp_path,
        replace=("price_premium = 1.1\n", "price_premium = 1.1\nimmature_ha = 5000\n"),
    )
    setup = prepare_game(content, kept)
    assert setup.world.start["immature_ha"][setup.world.region_index("vraem")] == 5000
    too_many = scenario_with(
        tmp_path,
        replace=("price_premium = 1.1\n", "price_premium = 1.1\nimmature_ha = 90000\n"),
    )
    with pytest.raises(ContentError, match=r"regions\[vraem\]\.immature_ha"):
        prepare_game(content, too_many)
