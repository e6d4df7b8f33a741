"""The game's events (content/events/*.toml): they load, fire when and as often as they
should, and an answer applies exactly the effects of the choice made."""

from __future__ import annotations

import operator
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from game.engine import new_game, step
from game.loader import (
    CONTENT_DIR,
    SEEDS_DIR,
    ContentError,
    compile_events,
    load_content,
    prepare_game,
)

RUNS = 500
TURNS = 40
OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

#: Events the design asks for (GAME.md, "The player's levers"), with facts they must cite.
REQUIRED = {
    "valle-esmeralda-visit": [],
    "mazamari-seizure": ["mazamari-seizure"],
    "jose-bounty": ["jose-reward", "jose-age"],
    "indigenous-land-invasion": [],
    "triple-frontier-murders": [],
    "southern-drug-flights": [],
    "un-record-report": ["world-manufacture-2020", "world-users-2020"],
    "cosmetic-results": [],
    "growers-strike": [],
    "leaf-price-crash": ["leaf-price-drop-2020-national", "leaf-price-drop-2020-vraem"],
    "vizcatan-attack": ["vizcatan-killings-2021"],
    "border-backing": ["border-km"],
}


# --- helpers -------------------------------------------------------------------------------


def quarter(start: str, turn: int) -> tuple[int, int]:
    """(year, quarter) of a turn, counted independently of the loader."""
    index = int(start[5]) - 1 + turn
    return int(start[:4]) + index // 4, index % 4 + 1


def parse(text: str) -> tuple[int, int]:
    return int(text[:4]), int(text[5])


def in_window(spec, start: str, turn: int) -> bool:
    when = quarter(start, turn)
    if spec.at:
        return when == parse(spec.at)
    if spec.first and when < parse(spec.first):
        return False
    return not (spec.last and when > parse(spec.last))


def conditions_hold(spec, world, state) -> np.ndarray:
    """Whether an event's conditions hold in each run, read from the spec, not the engine."""
    ok = np.ones(state.runs, dtype=bool)
    for c in spec.conditions:
        values = getattr(state, c.var)
        if c.region == "national":
            ok &= OPS[c.op](values, c.value)
        elif c.region == "any":
            ok &= np.any(OPS[c.op](values, c.value), axis=1)
        else:
            ok &= OPS[c.op](values[:, world.region_index(c.region)], c.value)
    return ok


def expected_deltas(world, state, choice, mask) -> dict[str, np.ndarray]:
    """What a choice should add to each variable, applying its effects in order."""
    values: dict[str, np.ndarray] = {}
    deltas: dict[str, np.ndarray] = {}
    for e in choice.effects:
        current = values.setdefault(e.var, getattr(state, e.var).astype(float).copy())
        if current.ndim == 2:
            m = np.repeat(mask[:, None], world.regions, axis=1).astype(float)
            if e.region != "all":
                keep = np.zeros(world.regions)
                keep[world.region_index(e.region)] = 1.0
                m = m * keep
        else:
            m = mask.astype(float)
        delta = (current * (e.mul - 1.0) + e.add) * m
        values[e.var] = current + delta
        deltas[e.var] = deltas.get(e.var, 0.0) + delta
    if choice.cost_musd:
        deltas["budget_musd"] = deltas.get("budget_musd", 0.0) - choice.cost_musd * mask
    return deltas


def pending_state(setup, event_id: str, runs: int = 4, pending=(0, 2)):
    """A turn-0 game of identical runs in which one event awaits an answer in some runs."""
    state = new_game(setup.world, setup.events, [11] * runs, setup.start_orders, setup.difficulty)
    state.pending_events[:, setup.events.index(event_id)] = np.isin(np.arange(runs), pending)
    return state


@pytest.fixture(scope="module")
def batch(setup):
    """500 games of status-quo orders, answered headless: what fired, when, and whether
    each event's conditions held and its default answer took effect."""
    world, table, specs = setup.world, setup.events, setup.event_specs
    state = new_game(world, table, list(range(RUNS)), setup.start_orders, setup.difficulty)
    fired = np.zeros((TURNS, RUNS, len(table)), dtype=bool)
    held = np.zeros_like(fired)
    resolved_ok = []
    for t in range(TURNS):
        pending = state.pending_events.copy()
        result = step(world, table, state, setup.start_orders)
        for i, spec in enumerate(specs):
            held[t, :, i] = conditions_hold(spec, world, result.state)
            if not pending[:, i].any():
                continue
            choice = spec.choices[spec.default_choice]
            name = f"event: {spec.title}"
            touched = np.zeros(RUNS, dtype=bool)
            for var in {e.var for e in choice.effects if e.add != 0}:
                entry = result.ledger.contributions(var).get(name)
                if entry is not None:
                    touched |= entry != 0 if entry.ndim == 1 else np.any(entry != 0, axis=1)
            if any(e.add != 0 for e in choice.effects):
                resolved_ok.append((spec.id, t, bool(np.array_equal(touched, pending[:, i]))))
        fired[t] = result.flows.fired_events
        state = result.state
    return {"fired": fired, "held": held, "resolved": resolved_ok, "state": state}


# --- the content ----------------------------------------------------------------------------


def test_at_least_twelve_events_in_three_to_five_files(content, setup):
    files = {content.paths[f"event:{e.id}"] for e in content.events}
    assert len(content.events) >= 12
    assert 3 <= len(files) <= 5
    assert all(p.parent.name == "events" and p.suffix == ".toml" for p in files)
    scenario = setup.scenario.id
    playable = [e.id for e in content.events if not e.scenarios or scenario in e.scenarios]
    assert [e.id for e in setup.events.events] == playable


def test_the_designed_events_are_there_and_cite_their_facts(content):
    events = {e.id: e for e in content.events}
    missing = sorted(set(REQUIRED) - set(events))
    assert not missing, f"events the design asks for are missing: {missing}"
    for event_id, facts in REQUIRED.items():
        assert events[event_id].cites, f"{event_id} cites no fact"
        for fact in facts:
            assert fact in events[event_id].cites, f"{event_id} should cite {fact}"
    for event in content.events:
        assert set(event.cites) <= set(content.facts), event.id


def test_events_touch_the_regions_and_shocks_they_are_about(content):
    events = {e.id: e for e in content.events}

    def every_choice(event_id, test):
        return all(any(test(e) for e in c.effects) for c in events[event_id].choices)

    def some_choice(event_id, test):
        return any(test(e) for c in events[event_id].choices for e in c.effects)

    assert every_choice("un-record-report", lambda e: e.var == "demand_shock" and e.mul > 1)
    assert every_choice("leaf-price-crash", lambda e: e.var == "price_shock" and e.mul < 1)
    assert some_choice("triple-frontier-murders", lambda e: e.region == "loreto")
    assert some_choice("southern-drug-flights", lambda e: e.region == "inambari")
    assert some_choice(
        "indigenous-land-invasion", lambda e: e.var == "indigenous_coca_ha" and e.mul < 1
    )
    assert some_choice("vizcatan-attack", lambda e: e.var == "insurgency" and e.add < 0)
    strike = events["growers-strike"]
    assert any(c.var == "perceived_risk" for c in strike.conditions)
    cosmetic = {c.var for c in events["cosmetic-results"].conditions}
    assert {"headline_index", "real_index"} <= cosmetic


def test_text_is_short_and_every_choice_is_a_real_tradeoff(content):
    for event in content.events:
        sentences = len(re.findall(r"[.!?](?:\s|$)", event.text.strip()))
        assert 1 <= sentences <= 3, f"{event.id}: text has {sentences} sentences"
        assert len(event.title) <= 70 and event.title[0].isupper(), event.id
        assert 2 <= len(event.choices) <= 3, f"{event.id}: expected 2-3 choices"
        outcomes = set()
        for choice in event.choices:
            assert len(choice.label) <= 60 and choice.effects, f"{event.id}: {choice.label}"
            assert len(choice.tradeoff) >= 60, f"{event.id}: tradeoff too thin: {choice.label}"
            if choice.cost_musd:
                assert f"${choice.cost_musd:g}M" in choice.tradeoff, (
                    f"{event.id}: '{choice.label}' costs ${choice.cost_musd:g}M; say so"
                )
            outcomes.add((choice.cost_musd, tuple(sorted(map(str, choice.effects)))))
        assert len(outcomes) == len(event.choices), f"{event.id}: two choices do the same"


def test_no_answer_says_it_is_paid_from_the_quarter_being_planned(content):
    """Answers are charged to the budget of the quarter after the one being planned
    (``events.resolve_pending``), and the event screen says so: a trade-off that puts its
    cost on "this quarter" would tell the player something the engine does not do."""
    for event in content.events:
        for choice in event.choices:
            text = " ".join(choice.tradeoff.split()).lower()
            if choice.cost_musd or "budget" in text:
                assert "this quarter" not in text, (
                    f"{event.id}: '{choice.label}' is paid from next quarter's budget; "
                    "its trade-off says this quarter"
                )


def test_effects_are_modest(content):
    for event in content.events:
        for choice in event.choices:
            for e in choice.effects:
                where = f"{event.id}: {choice.label}: {e.var}"
                if e.var in ("approval", "support"):
                    assert abs(e.add) <= 8, where
                if e.var in ("insurgency", "traffickers"):
                    assert 0.02 <= abs(e.add) <= 0.1, where
                if e.var == "demand_shock":
                    assert 0.8 <= e.mul <= 1.2, where
                if e.var == "price_shock":
                    assert 0.6 <= e.mul <= 1.2, where
                if e.var in ("perceived_risk", "development", "infrastructure", "state_presence"):
                    assert abs(e.add) <= 0.05, where
                if e.var in ("violence", "welfare"):
                    assert abs(e.add) <= 3, where
                assert 0.9 <= e.mul <= 1.1 or e.var in ("demand_shock", "price_shock"), where
            assert choice.cost_musd <= 5, f"{event.id}: {choice.label}"


# --- firing ---------------------------------------------------------------------------------


def openers(specs, event_id: str) -> dict[str, int]:
    """For each event with a choice that opens ``event_id``: the first such choice."""
    found = {}
    for spec in specs:
        for k, choice in enumerate(spec.choices):
            if spec.id not in found and any(o.event == event_id for o in choice.opens):
                found[spec.id] = k
    return found


def test_every_event_fires_in_some_status_quo_game(batch, setup):
    """Chained events count when a default answer opens them; the others are played below."""
    fired = batch["fired"].any(axis=(0, 1))
    specs = setup.event_specs
    opened_by_default = {o.event for s in specs for o in s.choices[s.default_choice].opens}
    never = [
        s.id
        for s, f in zip(specs, fired, strict=True)
        if not f and (not s.chained or s.id in opened_by_default)
    ]
    assert not never, f"never fired in {RUNS} status-quo games: {never}"


def test_every_chained_event_fires_once_an_answer_opens_it(every_setup):
    """Answering every event that can open a chain with the choice that opens it, the
    chained event fires in some game of its scenario."""
    for setup in every_setup:
        for i, spec in enumerate(setup.event_specs):
            if not spec.chained:
                continue
            answers = openers(setup.event_specs, spec.id)
            assert answers, f"{spec.id} is chained, but no answer in {setup.scenario.id} opens it"
            orders = setup.start_orders.with_values(event_choices=answers)
            state = new_game(setup.world, setup.events, list(range(200)), orders, setup.difficulty)
            seen = False
            for _ in range(setup.scenario.turns):
                result = step(setup.world, setup.events, state, orders)
                seen |= bool(result.flows.fired_events[:, i].any())
                state = result.state
            assert seen, f"{spec.id} never fired in 200 games answering {answers}"


def test_a_game_sees_a_sensible_number_of_events(batch, setup):
    # how many events a game should see, and how evenly, is the pacing content check's;
    # here only the bounds of sense: some events, and not one in every quarter
    per_game = batch["fired"].sum(axis=(0, 2))
    assert 8 <= per_game.mean() <= 0.75 * TURNS, per_game.mean()
    assert np.percentile(per_game, 95) <= 0.9 * TURNS
    per_event = batch["fired"].sum(axis=(0, 1)) / RUNS
    # an event may come back more often only if a cool-down spaces its returns
    crowding = [
        s.id for s, n in zip(setup.event_specs, per_event, strict=True) if n > 2 and not s.cooldown
    ]
    assert not crowding, f"events firing more than twice a game on average: {crowding}"


def test_events_fire_only_in_their_window_and_within_max_times(batch, setup):
    start = setup.scenario.start
    fired = batch["fired"]
    for i, spec in enumerate(setup.event_specs):
        turns = np.flatnonzero(fired[:, :, i].any(axis=1))
        outside = [quarter(start, int(t)) for t in turns if not in_window(spec, start, int(t))]
        assert not outside, f"{spec.id} fired outside [{spec.first}, {spec.last}]: {outside}"
        assert fired[:, :, i].sum(axis=0).max() <= spec.max_times, spec.id
        assert np.array_equal(batch["state"].event_count[:, i], fired[:, :, i].sum(axis=0))


def test_events_fire_only_when_their_conditions_hold(batch, setup):
    fired, held = batch["fired"], batch["held"]
    for i, spec in enumerate(setup.event_specs):
        bad = fired[:, :, i] & ~held[:, :, i]
        assert not bad.any(), f"{spec.id} fired while its conditions did not hold"


def test_headless_games_answer_with_the_default_choice(batch):
    assert batch["resolved"], "no event was answered"
    wrong = sorted({event_id for event_id, _, ok in batch["resolved"] if not ok})
    assert not wrong, f"default answers not applied to exactly the runs that fired: {wrong}"


def test_window_and_max_times_are_exact_when_an_event_always_fires(content, setup):
    """With probability 1 and no conditions, each event fires in the first quarter of its
    window and again as soon as its cool-down allows, max_times in all, and in no other
    quarter. (Chained events wait for an answer: tests/test_event_chains.py.)"""
    specs = tuple(
        s.model_copy(update={"probability": 1.0, "conditions": []}) for s in setup.event_specs
    )
    table = compile_events(setup.scenario, setup.world, specs, content.paths)
    state = new_game(setup.world, table, [3], setup.start_orders, setup.difficulty)
    turns: dict[str, list[int]] = {s.id: [] for s in specs}
    for t in range(TURNS):
        result = step(setup.world, table, state, setup.start_orders)
        for i in np.flatnonzero(result.flows.fired_events[0]):
            turns[specs[i].id].append(t)
        state = result.state
    start = setup.scenario.start
    for spec in specs:
        if spec.chained:
            continue
        window = [t for t in range(TURNS) if in_window(spec, start, t)]
        assert window, f"{spec.id}: its window misses the game"
        expected: list[int] = []
        for t in window:
            rested = not expected or t - expected[-1] > spec.cooldown
            if len(expected) < spec.max_times and rested:
                expected.append(t)
        assert turns[spec.id] == expected, spec.id


# --- answering ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def every_setup(content) -> list:
    """A game of each scenario: an event is answered in the scenarios it plays in."""
    return [prepare_game(content, scenario) for scenario in sorted(content.scenarios)]


def scenario_events(setups: list):
    """(setup, spec) for every event of every scenario; together, every event of content."""
    return [(setup, spec) for setup in setups for spec in setup.event_specs]


def test_every_event_plays_in_some_scenario(content, every_setup):
    played = {spec.id for _, spec in scenario_events(every_setup)}
    assert played == {e.id for e in content.events}


def test_each_choice_applies_exactly_its_own_effects(every_setup):
    mask = np.array([True, False, True, False])
    for setup, spec in scenario_events(every_setup):
        name = f"event: {spec.title}"
        answers = [*range(len(spec.choices)), None]  # None: no answer, the default applies
        for k in answers:
            state = pending_state(setup, spec.id)
            choices = {} if k is None else {spec.id: k}
            result = step(
                setup.world,
                setup.events,
                state,
                setup.start_orders.with_values(event_choices=choices),
            )
            choice = spec.choices[spec.default_choice if k is None else k]
            expected = expected_deltas(setup.world, state, choice, mask)
            got = {var: book[name] for var, book in result.ledger.entries.items() if name in book}
            where = f"{spec.id}, choice {k} ({choice.label})"
            assert set(got) == set(expected), f"{where}: touched {sorted(got)}"
            for var, delta in expected.items():
                np.testing.assert_allclose(got[var], delta, atol=1e-9, err_msg=where)
            assert result.flows.resolved_events[spec.id] == (
                spec.default_choice if k is None else k
            )
            # the answered event no longer waits; only what fired this quarter does
            assert np.array_equal(result.state.pending_events, result.flows.fired_events)


def test_answers_leave_the_past_state_and_the_other_runs_alone(every_setup):
    """Effects are written into the new state's own copy, only in the runs that fired."""
    for setup, spec in scenario_events(every_setup):
        state = pending_state(setup, spec.id, runs=4, pending=(1,))
        quiet = pending_state(setup, spec.id, runs=4, pending=())
        before = {k: v.copy() for k, v in state.array_fields().items()}
        result = step(setup.world, setup.events, state, setup.start_orders)
        untouched = step(setup.world, setup.events, quiet, setup.start_orders)
        for name, value in state.array_fields().items():
            assert np.array_equal(value, before[name]), f"{spec.id}: {name} of the past changed"
        for name, value in result.state.array_fields().items():
            other = getattr(untouched.state, name)
            rows = [0, 2, 3]
            assert np.array_equal(value[rows], other[rows]), f"{spec.id}: {name}, other runs"


def test_an_answer_reaches_the_model(setup):
    """Shocks move the leaf price and approval effects move approval, against identical
    runs in which the event did not fire."""

    def after(event_id, k):
        state = pending_state(setup, event_id, runs=2, pending=(0,))
        orders = setup.start_orders.with_values(event_choices={event_id: k})
        return step(setup.world, setup.events, state, orders).state

    vraem = setup.world.region_index("vraem")
    report = after("un-record-report", 0)
    assert report.leaf_price[0, vraem] > report.leaf_price[1, vraem] * 1.05
    crash = after("leaf-price-crash", 2)
    assert crash.leaf_price[0, vraem] < crash.leaf_price[1, vraem] * 0.8
    assert crash.welfare[0, vraem] < crash.welfare[1, vraem]
    shown = after("mazamari-seizure", 0)
    assert shown.approval[0] > shown.approval[1] + 3
    followed = after("mazamari-seizure", 1)
    assert followed.traffickers[0, vraem] < followed.traffickers[1, vraem] - 0.04


# --- broken files ---------------------------------------------------------------------------

GOOD = """
[[events]]
id = "broken"
title = "A test event"
text = "Something happens."
probability = 0.5
{extra}
[[events.choices]]
label = "Do it"
tradeoff = "It costs and gains."
effects = [{effect}]
"""


def copy_content(tmp_path: Path) -> tuple[Path, Path]:
    content_dir, seeds_dir = tmp_path / "content", tmp_path / "seeds"
    for kind in ("models", "scenarios", "events"):
        shutil.copytree(CONTENT_DIR / kind, content_dir / kind)
    (content_dir / "strategies").mkdir()
    shutil.copytree(SEEDS_DIR, seeds_dir)
    return content_dir, seeds_dir


def load_with(tmp_path: Path, effect: str, extra: str = ""):
    content_dir, seeds_dir = copy_content(tmp_path)
    text = GOOD.replace("{effect}", effect).replace("{extra}", extra)
    (content_dir / "events" / "zz-broken.toml").write_text(text, encoding="utf-8")
    content = load_content(content_dir, seeds_dir)
    return prepare_game(content, "vraem-2022")


def test_a_well_formed_extra_event_file_loads(tmp_path):
    setup = load_with(tmp_path, '{ var = "traffickers", region = "vraem", add = -0.05 }')
    event = setup.events.events[setup.events.index("broken")]
    assert event.choices[0].effects[0].add == -0.05


BROKEN = [
    (
        '{ var = "traffickers", region = "vraemm", add = -0.05 }',
        "",
        "events[broken].choices[0].effects[0].region",
        "vraemm",
    ),
    (
        '{ var = "headline_index", add = 5 }',
        "",
        "events[broken].choices[0].effects[0].var",
        "cannot be changed",
    ),
    (
        '{ var = "coca_ha", region = "vraem", add = 100, mul = -1 }',
        "",
        "events[broken].choices[0].effects[0].mul",
        "greater than or equal",
    ),
    (
        '{ var = "approval", region = "vraem", add = 3 }',
        "",
        "events[broken].choices[0].effects[0]",
        "national",
    ),
    (
        '{ var = "approval", add = 3 }',
        'conditions = [{ var = "approval", op = "==", value = 50 }]',
        "events[broken].conditions[0].op",
        "",
    ),
    (
        '{ var = "approval", add = 3 }',
        'conditions = [{ var = "cocaa_ha", region = "vraem", op = ">", value = 1 }]',
        "events[broken].conditions[0].var",
        "cocaa_ha",
    ),
    (
        '{ var = "approval", add = 3 }',
        'first = "2023Q5"',
        "events[broken].first",
        "",
    ),
    (
        '{ var = "approval", add = 3 }',
        'cites = ["no-such-fact"]',
        "cites",
        "no-such-fact",
    ),
    (
        '{ var = "approval", add = 3 }',
        "default_choice = 2",
        "events[broken]",
        "default_choice",
    ),
    (
        '{ variable = "approval", add = 3 }',
        "",
        "events[broken].choices[0].effects[0]",
        "",
    ),
]


@pytest.mark.parametrize(("effect", "extra", "field", "words"), BROKEN)
def test_a_broken_event_file_names_the_file_and_field(tmp_path, effect, extra, field, words):
    with pytest.raises(ContentError) as info:
        load_with(tmp_path, effect, extra)
    error = info.value
    assert Path(error.path).name == "zz-broken.toml", str(error)
    assert error.field.startswith(field), str(error)
    assert words in error.message, str(error)


def test_a_reused_event_id_is_refused(tmp_path, content):
    content_dir, seeds_dir = copy_content(tmp_path)
    first = content.events[0]
    text = GOOD.replace('"broken"', f'"{first.id}"').replace("{extra}", "")
    text = text.replace("{effect}", '{ var = "approval", add = 3 }')
    (content_dir / "events" / "zz-broken.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content_dir, seeds_dir)
    assert Path(info.value.path).name == "zz-broken.toml"
    assert info.value.field == f"events[{first.id}].id"


# --- events of one scenario, and events on a date -----------------------------------------

SCHEDULED = """
[[events]]
id = "{id}"
title = "A scheduled test event"
text = "Something happens, as it did."
{keys}

[[events.choices]]
label = "Answer"
tradeoff = "It costs something."
effects = [{{ var = "approval", add = 1 }}]
"""


def with_events(tmp_path: Path, *events: tuple[str, str], other_scenario: bool = False):
    """Content with extra events ``(id, keys)`` in one file, and optionally a second
    scenario ``other-2022`` (a copy of vraem-2022); returns the content."""
    content_dir, seeds_dir = copy_content(tmp_path)
    if other_scenario:
        text = (content_dir / "scenarios" / "vraem-2022.toml").read_text(encoding="utf-8")
        other = text.replace('id = "vraem-2022"', 'id = "other-2022"', 1)
        (content_dir / "scenarios" / "other-2022.toml").write_text(other, encoding="utf-8")
    body = "".join(SCHEDULED.format(id=event_id, keys=keys) for event_id, keys in events)
    (content_dir / "events" / "zz-scheduled.toml").write_text(body, encoding="utf-8")
    return load_content(content_dir, seeds_dir)


def fired_turns(setup, event_id: str, runs: int = 200, turns: int = TURNS) -> np.ndarray:
    """(turns, runs): where the event fired in status-quo games of seeds 0..runs-1."""
    world, table = setup.world, setup.events
    state = new_game(world, table, list(range(runs)), setup.start_orders, setup.difficulty)
    i = table.index(event_id)
    fired = np.zeros((turns, runs), dtype=bool)
    for t in range(turns):
        result = step(world, table, state, setup.start_orders)
        fired[t] = result.flows.fired_events[:, i]
        state = result.state
    return fired


def test_an_event_of_another_scenario_never_fires(tmp_path):
    content = with_events(
        tmp_path,
        ("only-other", 'scenarios = ["other-2022"]\nprobability = 1'),
        ("only-vraem", 'scenarios = ["vraem-2022"]\nprobability = 1'),
        other_scenario=True,
    )
    vraem = prepare_game(content, "vraem-2022")
    ids = [event.id for event in vraem.events.events]
    assert "only-other" not in ids and "only-vraem" in ids
    assert [spec.id for spec in vraem.event_specs] == ids  # the TUI finds texts by index
    assert fired_turns(vraem, "only-vraem")[0].all()
    other = prepare_game(content, "other-2022")
    assert "only-vraem" not in [event.id for event in other.events.events]
    assert fired_turns(other, "only-other")[0].all()


def played_to(setup, turns: int, runs: int = 200):
    """The state after ``turns`` status-quo quarters of seeds 0..runs-1."""
    world, table = setup.world, setup.events
    state = new_game(world, table, list(range(runs)), setup.start_orders, setup.difficulty)
    for _ in range(turns):
        state = step(world, table, state, setup.start_orders).state
    return state


def test_a_dated_event_fires_exactly_at_its_quarter_in_every_run(tmp_path, setup):
    """Certain at its quarter (2024Q2 is turn 7 of a game from 2022Q3), never before or
    after; with a condition, exactly in the runs where the condition holds then."""
    at = 7
    assert quarter(setup.scenario.start, at) == (2024, 2)
    # a threshold that splits the runs, whatever the model's numbers are
    median = float(np.median(played_to(setup, at + 1).approval))
    condition = f'conditions = [{{ var = "approval", op = "<", value = {median} }}]'
    content = with_events(
        tmp_path, ("dated", 'at = "2024Q2"'), ("dated-if", f'at = "2024Q2"\n{condition}')
    )
    dated = prepare_game(content, "vraem-2022")
    fired = fired_turns(dated, "dated")
    assert fired[at].all()
    assert not np.delete(fired, at, axis=0).any()
    # events fire at the end of a turn, on the state that turn produced
    spec = dated.event_specs[dated.events.index("dated-if")]
    held = conditions_hold(spec, dated.world, played_to(dated, at + 1))
    assert 0 < held.sum() < len(held)
    fired_if = fired_turns(dated, "dated-if")
    assert np.array_equal(fired_if[at], held)
    assert not np.delete(fired_if, at, axis=0).any()


SCHEDULE_ERRORS = [
    (
        'scenarios = ["atlantis-2013"]\nprobability = 1',
        "events[zz-dated].scenarios",
        "atlantis-2013",
    ),
    ('scenarios = ["Peru 2013"]\nprobability = 1', "events[zz-dated].scenarios[0]", "pattern"),
    ('at = "2024Q2"\nprobability = 0.5', "events[zz-dated]", "leave out probability"),
    ('at = "2024Q2"\nfirst = "2023Q1"', "events[zz-dated]", "leave out first"),
    ('at = "2024Q5"', "events[zz-dated].at", "pattern"),
    ("max_times = 2", "events[zz-dated]", "give a probability"),
    ('scenarios = ["vraem-2022"]\nat = "2019Q1"', "events[zz-dated].at", "never fire"),
]


@pytest.mark.parametrize(("keys", "field", "words"), SCHEDULE_ERRORS)
def test_a_wrong_scenario_or_date_names_the_file_and_field(tmp_path, keys, field, words):
    with pytest.raises(ContentError) as info:
        prepare_game(with_events(tmp_path, ("zz-dated", keys)), "vraem-2022")
    error = info.value
    assert Path(error.path).name == "zz-scheduled.toml", str(error)
    assert error.field.startswith(field), str(error)
    assert words in error.message, str(error)
    assert "\n" not in str(error)


def test_a_dated_event_outside_a_scenario_it_does_not_name_is_no_error(tmp_path):
    """A date before a scenario starts is no mistake when the event is not meant for it."""
    setup = prepare_game(with_events(tmp_path, ("old", 'at = "2014Q2"')), "vraem-2022")
    assert not fired_turns(setup, "old", runs=2).any()
