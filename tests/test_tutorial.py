"""The guided first quarter's steps and the goal's words, headless (no Textual).

The steps are driven with a real game: the quarter is played by the engine, so the
balloon step's destination is where the model sent the growers.
"""

from __future__ import annotations

import pytest

from game import goal
from game.engine import score
from game.engine.final import PLAY_ON_QUARTERS
from game.loader import GameSetup
from game.session import Game
from game.tutorial import COCA, STEPS, Step, Tutorial, growers_moved


def test_the_goal_is_built_from_the_scores_weights_and_thresholds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text, losing = goal.goal_paragraphs(40)
    for name, weight in score.WEIGHTS.items():
        assert f"{name} {round(100 * weight)}%" in text, name
    assert "10-year term" in text and f"{goal.span(PLAY_ON_QUARTERS)} after" in text
    assert "below 15" in losing and "0.90" in losing
    # change a weight and a threshold: the words follow the rules, not a copy of them
    monkeypatch.setitem(score.WEIGHTS, "coca", 0.35)
    monkeypatch.setattr(goal, "APPROVAL_COLLAPSE", 20.0)
    text, losing = goal.goal_paragraphs(28)
    assert "coca 35%" in text and "7-year term" in text
    assert "below 20" in losing


def test_span_says_years_or_quarters() -> None:
    assert goal.span(4) == "1 year" and goal.span(8) == "2 years"
    assert goal.span(7) == "7 quarters" and goal.span(40, before_noun=True) == "10-year"


def test_each_step_is_done_by_its_own_action_only(setup: GameSetup) -> None:
    game = Game.new(setup, 1)
    guide = Tutorial(setup.world.region_names)
    carried = game.default_orders()
    # doing a later step's action first does not skip ahead
    assert not guide.orders_set(carried.with_values(troops=carried.troops + 1), carried)
    assert not guide.why_shown(0, COCA)
    assert guide.step == Step.MAP
    assert guide.layer_changed() and guide.step == Step.ORDER
    assert not guide.layer_changed()  # once is enough: still on the orders step
    # an event answer alone is not an order changed; one team more is
    assert not guide.orders_set(carried.with_choice("some-event", 1), carried)
    teams = carried.eradication_teams.copy()
    teams[0, 0] += 1
    draft = carried.with_values(eradication_teams=teams)
    assert guide.orders_set(draft, carried) and guide.step == Step.END_TURN
    result = game.play(draft)
    assert guide.turn_ended(result) and guide.step == Step.WHY
    moved, destination = growers_moved(result)
    assert (guide.moved_ha, guide.destination) == (moved, destination)
    assert destination is not None and moved > 0  # the start's eradication pushes growers
    other = (destination + 1) % setup.world.regions
    # the report opening is not reading it; another region's why is
    assert not guide.why_shown(other, COCA)
    assert not guide.why_shown(other, COCA)
    assert guide.why_shown(other, "welfare") and guide.step == Step.BALLOON
    assert not guide.why_shown(destination, "welfare")  # the balloon is in coca
    assert guide.why_shown(destination, COCA) and guide.step == Step.DONE
    heading, text = guide.instruction()
    assert "done" in heading and "played a quarter" in text
    # done: the next quarter played closes the guide
    assert guide.turn_ended(game.play(draft)) and not guide.active


def test_every_step_says_what_to_do_and_names_no_internal_id(setup: GameSetup) -> None:
    guide = Tutorial(setup.world.region_names, destination=4, moved_ha=1234.0)
    seen = []
    for step in Step:
        guide.step = step
        heading, text = guide.instruction()
        seen.append(text)
        assert "_" not in text and "Vraem" not in text, text
        if step < Step.DONE:
            assert f"step {step + 1} of {STEPS}" in heading
            assert "Press" in text or "press" in text, text
    assert setup.world.region_names[4] in seen[Step.BALLOON]
    assert "1,234 ha" in seen[Step.BALLOON]
    assert len(set(seen)) == len(seen)


def test_why_on_the_destination_already_completes_both_steps(setup: GameSetup) -> None:
    """A report first opened on the destination: the first move that shows it in coca
    reads the why and finds the balloon at once."""
    guide = Tutorial(setup.world.region_names, step=Step.WHY, destination=2)
    assert not guide.why_shown(2, "welfare")
    assert guide.why_shown(2, COCA) and guide.step == Step.DONE


def test_no_growers_moved_skips_the_balloon_step(setup: GameSetup) -> None:
    guide = Tutorial(setup.world.region_names, step=Step.WHY, destination=None)
    assert not guide.why_shown(0, COCA)
    assert guide.why_shown(1, COCA) and guide.step == Step.DONE
    assert "No growers moved" in guide.instruction()[1]


def test_ending_the_turn_early_goes_on_with_the_report(setup: GameSetup) -> None:
    """The player is not held back: the steps skipped stay undone, the report's begin."""
    game = Game.new(setup, 1)
    guide = Tutorial(setup.world.region_names)
    result = game.play(game.default_orders())
    assert guide.turn_ended(result) and guide.step == Step.WHY
    assert guide.destination == growers_moved(result)[1]
    assert not guide.turn_ended(result) and guide.step == Step.WHY  # reading it still


def test_a_guide_left_ignores_everything(setup: GameSetup) -> None:
    guide = Tutorial(setup.world.region_names)
    guide.leave()
    assert not guide.active
    assert not guide.layer_changed() and guide.step == Step.MAP
