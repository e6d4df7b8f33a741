"""The registry of metrics: every entry complete, and every reader's metrics taken from it.

A label, a unit or a direction written anywhere but the registry would drift from it;
these tests hold each reader's selection to the registry's own ``Metric`` objects and
check that what the JSON and the comparison show is exactly the registry's selection.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.commands.compare import label, side_by_side
from game.engine import new_game
from game.engine.metrics import (
    COLLECTED,
    HEADLINE_GAP,
    METRICS,
    SCORE,
    Aggregate,
    Metric,
    NumberFormat,
    national_metric,
    pick,
    region_metric,
)
from game.loader import GameSetup
from game.sim.batch import METRIC_NAMES, run_batch
from game.sim.compare import COMPARED, compare_strategies, national_finals
from game.sim.output import build_output
from game.sim.strategy import load_strategy

#: The national panel's room for a label, and the regions tables' room for a short one.
LABEL_ROOM, SHORT_ROOM = 16, 9


@pytest.mark.parametrize("metric", METRICS.values(), ids=list(METRICS))
def test_every_entry_is_complete(metric: Metric) -> None:
    assert METRICS[metric.key] is metric
    assert metric.key.isidentifier()
    for text in (metric.label, metric.short, metric.unit, metric.description):
        assert text and text == text.strip() and "_" not in text  # player text, never an id
    assert len(metric.label) <= LABEL_ROOM and len(metric.short) <= SHORT_ROOM
    assert metric.title[0].isupper() and metric.heading == f"{metric.title} ({metric.unit})"
    assert isinstance(metric.fmt, NumberFormat) and isinstance(metric.aggregate, Aggregate)
    assert metric.fmt.digits >= 0 and metric.fmt.table_digits >= 0
    assert "{}" in metric.fmt.pattern
    assert metric.better in (-1, 0, 1)


def test_every_metric_is_computed_from_the_state(setup: GameSetup) -> None:
    """State variables by name, derived metrics by their function; regional ones per
    region, every one nationally, all finite. The score alone is not a state's: it plays
    on with the last orders (``engine.final``), and asking a state for it says so."""
    world = setup.world
    state = new_game(world, setup.events, [1, 2, 3], setup.start_orders, setup.difficulty)
    for metric in COLLECTED:
        if metric.compute is None:
            assert hasattr(state, metric.key), metric.key
        national = national_metric(state, metric.key)
        assert national.shape == (3,) and np.isfinite(national).all(), metric.key
        if metric.regional:
            assert region_metric(state, metric.key).shape == (3, world.regions), metric.key
        else:
            with pytest.raises(ValueError, match="national only"):
                region_metric(state, metric.key)
    assert np.array_equal(national_metric(state, "coca_ha"), state.coca_total().sum(axis=1))
    with pytest.raises(ValueError, match="not read from a state"):
        national_metric(state, SCORE.key)


def test_collected_metrics_are_every_metric_but_the_score_and_the_headline_gap() -> None:
    assert (*COLLECTED, SCORE, *HEADLINE_GAP) == tuple(METRICS.values())
    assert tuple(m.key for m in COLLECTED) == METRIC_NAMES


def test_pick_names_the_unknown_metric() -> None:
    assert pick("welfare", "coca_ha") == (METRICS["welfare"], METRICS["coca_ha"])
    with pytest.raises(KeyError, match="coca_hectares"):
        pick("coca_ha", "coca_hectares")


def test_formats_write_the_player_s_and_the_tables_numbers() -> None:
    coca, leaf, remnant = (
        METRICS["coca_ha"].fmt,
        METRICS["leaf_price"].fmt,
        METRICS["insurgency"].fmt,
    )
    assert (coca.text(95_008.4), coca.table(95_008.4), coca.table(12.34)) == (
        "95,008 ha",
        "95,008",
        "12.3",
    )
    assert (leaf.text(3.432), leaf.table(3.432)) == ("$3.43/kg", "3.4")
    assert (remnant.text(0.183), remnant.table(0.183), remnant.table(math.nan)) == (
        "0.18",
        "0.18",
        "–",
    )


def test_json_describes_exactly_the_collected_metrics(setup: GameSetup, content) -> None:
    strategy = load_strategy(content, setup, "status-quo")
    result = run_batch(setup, strategy, [1, 2], 1)
    out = build_output(
        result, scenario="s", strategy="status-quo", seed=1, balloon="b", difficulty="d"
    )
    assert list(out.metrics) == [m.key for m in COLLECTED]
    assert list(out.series) == list(out.final) == list(out.bands) == list(out.metrics)
    for metric in COLLECTED:
        info = out.metrics[metric.key]
        assert (info.description, info.unit) == (metric.description, metric.unit)
        assert info.national_only is not metric.regional


def test_comparison_rows_are_the_registry_s_selection(setup: GameSetup, content) -> None:
    """The comparison keeps and prints exactly ``COMPARED``, each with the registry's
    label, unit and direction; the score is read like any other metric."""
    assert all(METRICS[m.key] is m for m in COMPARED)
    strategies = [load_strategy(content, setup, s) for s in ("status-quo", "follow-the-coca")]
    result = compare_strategies(setup, strategies, np.arange(3), 1)
    for values in result.values.values():
        assert list(values) == [m.key for m in COMPARED]
    table = side_by_side(result, setup, result.strategies)
    assert list(table.columns[0].cells) == [label(m) for m in COMPARED]
    assert label(METRICS["coca_ha"]) == "coca (ha) ↓"
    assert label(METRICS["eradicated_ha"]) == "eradicated (ha)"


def test_national_finals_are_the_batch_s_own_finals(setup: GameSetup, content) -> None:
    result = run_batch(setup, load_strategy(content, setup, "status-quo"), [4, 5], 2)
    finals = national_finals(result)
    assert np.array_equal(finals["score"], result.score)
    for metric in COMPARED[1:]:
        assert np.array_equal(finals[metric.key], result.final_values(metric.key)), metric.key


def readers() -> dict[str, tuple[Metric, ...]]:
    """Every selection of metrics a table, a file or a screen shows."""
    from game.commands import saves, simulate
    from game.sim import forecast, futures
    from game.sim import region_history as history
    from game.tui.screens import main
    from game.tui.widgets import national

    return {
        "simulate's national table": simulate.SUMMARY_METRICS,
        "simulate's regional table": simulate.REGION_COLUMNS,
        "a headless game's line": saves.SHOWN,
        "compare": COMPARED,
        "the national panel": national.ROWS,
        "the regions table": main.REGION_COLUMNS,
        "the end screen": futures.COMPARED,
        "the region charts": history.HISTORY_METRICS,
        "the forecast": forecast.FORECAST_METRICS,
    }


@pytest.mark.parametrize("reader", list(readers()))
def test_every_reader_shows_the_registry_s_metrics(reader: str) -> None:
    """Each reader holds the registry's own entries, so its labels, units, formats and
    directions are the registry's; none shows a metric twice."""
    selection = readers()[reader]
    assert selection and all(METRICS[m.key] is m for m in selection), reader
    assert len({m.key for m in selection}) == len(selection), reader


def test_the_tui_keys_its_layers_breakdowns_and_charts_by_metric() -> None:
    from game.tui.view import BREAKDOWN_VARS, CHART_STYLE, LAYER_KEYS, LAYER_SCALES, LAYERS
    from game.tui.widgets.national import PER_QUARTER, ROWS

    assert set(LAYER_KEYS.values()) == set(LAYERS) == set(LAYER_SCALES)
    for key in (*LAYERS, *BREAKDOWN_VARS, *CHART_STYLE):
        assert METRICS[key].regional, key
    assert PER_QUARTER.issubset(m.key for m in ROWS)
