"""Events that keep coming: repeats with a cool-down, and chains (an answer opens a later
event). Played by the engine on a fixture event file in a temporary content folder, so
the shipped content can change without touching these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_events import conditions_hold, copy_content, played_to

from game.engine import new_game, step
from game.errors import ContentError
from game.loader import load_content, prepare_game
from game.saves import compare_states, load_save, replay, save_game
from game.session import Game

RUNS = 500
TURNS = 30
COOLDOWN = 3
AFTER = 3

FIXTURE = """
[[events]]
id = "repeats"
title = "A repeating test event"
text = "It happens again and again, but not every quarter."
probability = 0.6
max_times = 40
cooldown = {cooldown}

[[events.choices]]
label = "Answer"
tradeoff = "Nothing changes."

[[events]]
id = "opener"
title = "An opening test event"
text = "An answer here has a sequel."
probability = 0.15
first = "2022Q4"

[[events.choices]]
label = "Let it be"
tradeoff = "No sequel."

[[events.choices]]
label = "Act"
tradeoff = "A sequel later."
opens = [{{ event = "sequel", after = {after} }}, {{ event = "sequel-if", after = {after} }}]

[[events]]
id = "sequel"
title = "A chained test event"
text = "The sequel, certain once due."
chained = true

[[events.choices]]
label = "Answer"
tradeoff = "Nothing changes."

[[events]]
id = "sequel-if"
title = "A chained test event with a condition"
text = "The sequel, once due and once approval is low."
chained = true
conditions = [{{ var = "approval", op = "<", value = {threshold} }}]

[[events.choices]]
label = "Answer"
tradeoff = "Nothing changes."
"""


def fixture_content(tmp_path: Path, text: str):
    """The shipped models and scenarios with only the fixture's events."""
    content_dir, seeds_dir = copy_content(tmp_path)
    for path in (content_dir / "events").glob("*.toml"):
        path.unlink()
    (content_dir / "events" / "zz-chains.toml").write_text(text, encoding="utf-8")
    return load_content(content_dir, seeds_dir)


@pytest.fixture(scope="module")
def threshold(setup) -> float:
    """An approval that splits the runs some quarters in: the condition holds in some
    runs and not others, whatever the model's numbers are."""
    return float(np.median(played_to(setup, 12).approval))


def fixture_text(threshold: float) -> str:
    return FIXTURE.format(cooldown=COOLDOWN, after=AFTER, threshold=threshold)


@pytest.fixture(scope="module")
def chain_content(tmp_path_factory, threshold):
    return fixture_content(tmp_path_factory.mktemp("chains"), fixture_text(threshold))


@pytest.fixture(scope="module")
def chain_setup(chain_content):
    return prepare_game(chain_content, "vraem-2022")


def play(setup, answer: int, runs: int = RUNS, turns: int = TURNS):
    """(turns, runs, E) firings and (turns, runs, E) conditions holding, in status-quo
    games answering the opener with ``answer``."""
    world, table = setup.world, setup.events
    orders = setup.start_orders.with_values(event_choices={"opener": answer})
    state = new_game(world, table, list(range(runs)), setup.start_orders, setup.difficulty)
    fired = np.zeros((turns, runs, len(table)), dtype=bool)
    held = np.zeros_like(fired)
    for t in range(turns):
        result = step(world, table, state, orders)
        fired[t] = result.flows.fired_events
        for i, spec in enumerate(setup.event_specs):
            held[t, :, i] = conditions_hold(spec, world, result.state)
        state = result.state
    return fired, held


@pytest.fixture(scope="module")
def acted(chain_setup):
    return play(chain_setup, answer=1)


def test_a_repeating_event_keeps_its_cooldown_in_every_run(chain_setup, acted):
    fired = acted[0][:, :, chain_setup.events.index("repeats")]
    gaps = np.concatenate([np.diff(np.flatnonzero(fired[:, r])) for r in range(RUNS)])
    assert gaps.min() == COOLDOWN + 1  # never sooner, and as soon as allowed
    assert (fired.sum(axis=0) > 1).all()  # it does repeat


def test_a_chained_event_fires_after_exactly_its_wait_where_the_answer_opened_it(
    chain_setup, acted
):
    table = chain_setup.events
    fired = acted[0]
    opener, sequel = fired[:, :, table.index("opener")], fired[:, :, table.index("sequel")]
    opened = opener.any(axis=0)
    assert 0 < opened.sum() < RUNS
    for r in range(RUNS):
        when = np.flatnonzero(opener[:, r])
        # answered the next quarter, due AFTER quarters later, and certain then
        expected = [when[0] + 1 + AFTER] if len(when) and when[0] + 1 + AFTER < TURNS else []
        assert list(np.flatnonzero(sequel[:, r])) == expected, f"run {r}"
    assert not play(chain_setup, answer=0, runs=100)[0][:, :, table.index("sequel")].any()


def test_a_due_chained_event_waits_for_its_conditions(chain_setup, acted):
    table = chain_setup.events
    fired, held = acted
    opener, sequel = fired[:, :, table.index("opener")], fired[:, :, table.index("sequel-if")]
    cond = held[:, :, table.index("sequel-if")]
    delayed = 0
    for r in range(RUNS):
        when = np.flatnonzero(opener[:, r])
        due = when[0] + 1 + AFTER if len(when) else TURNS
        ready = [t for t in range(due, TURNS) if cond[t, r]]
        assert list(np.flatnonzero(sequel[:, r])) == ready[:1], f"run {r}"
        delayed += bool(ready) and ready[0] > due
    assert delayed > 0  # the condition did hold some due events back


def test_a_save_with_a_chain_under_way_replays_bit_for_bit(
    chain_content, chain_setup, acted, tmp_path
):
    """Saved while a sequel is due but has not fired: loaded, replayed and played on, it
    fires when it would have, and every array ends as in the game that was never saved."""
    table = chain_setup.events
    opener, sequel = acted[0][:, :, table.index("opener")], acted[0][:, :, table.index("sequel")]
    seed = int(np.flatnonzero(opener[:10].any(axis=0) & sequel.any(axis=0))[0])
    opened_at = int(np.flatnonzero(opener[:, seed])[0])
    orders = chain_setup.start_orders.with_values(event_choices={"opener": 1})
    game = Game.new(chain_setup, seed)
    for _ in range(opened_at + 2):  # answered, and the sequel not yet due
        game.play(orders)
    assert game.state.due_from[0, table.index("sequel")] == opened_at + 1 + AFTER
    loaded = load_save(save_game(game, tmp_path / "chain.json"), chain_content)
    replayed, divergence = replay(loaded)
    assert divergence is None
    assert compare_states(replayed.state, game.state) is None
    for _ in range(AFTER + 2):
        game.play(orders)
        loaded.game.play(orders)
    assert game.state.event_count[0, table.index("sequel")] == 1
    assert compare_states(loaded.game.state, game.state) is None


REFUSED = [
    (
        'event = "sequel", after',
        'event = "sequal", after',
        "events[opener].choices[1].opens[0].event",
        "sequal",
    ),
    (
        'event = "sequel", after',
        'event = "repeats", after',
        "events[opener].choices[1].opens[0].event",
        "not chained",
    ),
    (', { event = "sequel-if", after = 3 }', "", "events[sequel-if].chained", "never fire"),
    (
        'text = "The sequel, certain once due."',
        'text = "The sequel."\nat = "2023Q1"',
        "events[sequel].at",
        "chained",
    ),
    (
        'event = "sequel", after = 3',
        'event = "sequel", after = 0',
        "events[opener].choices[1].opens[0].after",
        "",
    ),
    ("cooldown = 3", "cooldown = -1", "events[repeats].cooldown", ""),
]


@pytest.mark.parametrize(("old", "new", "field", "words"), REFUSED)
def test_a_broken_chain_names_the_file_and_field(tmp_path, threshold, old, new, field, words):
    text = fixture_text(threshold)
    assert old in text
    with pytest.raises(ContentError) as info:
        fixture_content(tmp_path, text.replace(old, new))
    error = info.value
    assert Path(error.path).name == "zz-chains.toml", str(error)
    assert error.field == field, str(error)
    assert words in error.message, str(error)
