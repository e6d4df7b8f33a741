"""``balloon simulate`` and ``balloon compare`` through the shell, as a person runs them.

Runs are small (a few runs, a few quarters) so that each command takes well under a
second beyond Python's start-up; what is checked is the contract: flags, files, exit
codes, determinism, and that splitting runs over workers changes nothing.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.engine.final import PLAY_ON_QUARTERS
from game.engine.metrics import METRICS, OUTCOMES
from game.loader import prepare_game
from game.session import Game
from game.sim.batch import (
    BLOCK,
    block_sums,
    lerp_quantiles,
    mean_of_blocks,
    quantile_bands,
    run_batch,
    worker_slices,
)
from game.sim.compare import Comparison
from game.sim.output import SimulationOutput
from game.sim.strategy import load_strategy

ROOT = Path(__file__).resolve().parents[1]
#: Every outcome a comparison reports has a series in the JSON, national and by region.
REQUIRED = tuple(m.key for m in OUTCOMES)


def balloon(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def simulate_json(tmp_path: Path, name: str, *args: str) -> bytes:
    path = tmp_path / f"{name}.json"
    done = balloon("simulate", "--quiet", "--json", str(path), *args)
    assert done.returncode == 0, done.stderr
    return path.read_bytes()


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("sim")
    json_path, csv_path = folder / "out.json", folder / "out.csv"
    done = balloon(
        "simulate",
        "--strategy",
        "follow-the-coca",
        "--runs",
        "7",
        "--turns",
        "5",
        "--seed",
        "11",
        "--balloon",
        "strong",
        "--json",
        str(json_path),
        "--csv",
        str(csv_path),
    )
    return json_path, csv_path, done


def test_json_matches_its_model_and_the_request(small_run):
    json_path, _, done = small_run
    assert done.returncode == 0, done.stderr
    out = SimulationOutput.model_validate_json(json_path.read_text())
    assert (out.scenario, out.strategy, out.seed, out.runs, out.turns, out.balloon) == (
        "vraem-2022",
        "follow-the-coca",
        11,
        7,
        5,
        "strong",
    )
    assert "vraem" in out.regions
    for metric in REQUIRED:
        columns = set(out.series[metric])
        national_only = metric in ("approval", "displaced_abroad_ha")
        assert columns == ({"national"} if national_only else {*out.regions, "national"})
        for column in columns:
            assert len(out.series[metric][column]) == 6
            band = out.bands[metric][column]
            assert len(band.p10) == len(band.p90) == 6
            assert all(lo <= hi for lo, hi in zip(band.p10, band.p90, strict=True))
            assert len(out.final[metric][column]) == 7
    # cumulative tallies start at zero and never fall
    eradicated = out.series["eradicated_ha"]["national"]
    assert eradicated[0] == 0 and all(b >= a for a, b in itertools.pairwise(eradicated))
    assert len(out.score) == len(out.ended_turn) == 7


def longest_quiet_spell(turns: set[int], quarters: int) -> int:
    """Counted independently of ``sim.firings``: the longest run of quiet quarters."""
    longest = current = 0
    for quarter in range(1, quarters + 1):
        current = 0 if quarter in turns else current + 1
        longest = max(longest, current)
    return longest


def test_json_lists_the_events_each_run_saw_as_a_game_of_its_seed_does(small_run, content):
    json_path, _, _ = small_run
    out = SimulationOutput.model_validate_json(json_path.read_text())
    setup = prepare_game(content, "vraem-2022", None, "strong")
    strategy = load_strategy(content, setup, "follow-the-coca")
    ids = [event.id for event in setup.events.events]
    assert len(out.events) == 7
    for run in range(7):
        game = Game.new(setup, 11 + run)
        seen = []
        for turn in range(1, 6):
            fired = game.play(strategy.orders(game.state)).flows.fired_events[0]
            seen += [(ids[i], turn) for i in np.flatnonzero(fired)]
        got = out.events[run]
        assert [(f.event, f.turn) for f in got.fired] == seen
        assert got.count == len(seen)
        assert got.longest_gap == longest_quiet_spell({t for _, t in seen}, 5)
    assert sum(r.count for r in out.events) > 0
    counts = [r.count for r in out.events]
    summary = out.events_summary
    assert summary.median_per_game == np.median(counts)
    assert summary.longest_gap == max(r.longest_gap for r in out.events)


def test_summary_table_is_printed_unless_quiet(small_run):
    _, _, done = small_run
    assert "median" in done.stdout and "VRAEM" in done.stdout
    assert done.stderr == ""
    # where a strategy's orders are cut to the budget is said, not done out of sight
    assert "trimmed" in done.stdout


def test_csv_is_long_form_of_the_same_series(small_run):
    json_path, csv_path, _ = small_run
    out = SimulationOutput.model_validate_json(json_path.read_text())
    lines = csv_path.read_text().splitlines()
    assert lines[0] == "turn,region,metric,mean,p10,p90"
    rows = {tuple(line.split(",")[:3]): line.split(",")[3:] for line in lines[1:]}
    cells = sum(len(columns) for columns in out.series.values())
    assert len(rows) == cells * 6
    mean, _p10, p90 = rows[("5", "vraem", "coca_ha")]
    assert float(mean) == out.series["coca_ha"]["vraem"][5]
    assert float(p90) == out.bands["coca_ha"]["vraem"].p90[5]


def test_same_seed_is_byte_identical_and_other_seeds_differ(tmp_path):
    args = ("--runs", "5", "--turns", "6", "--strategy", "integrated")
    first = simulate_json(tmp_path, "a", "--seed", "3", *args)
    again = simulate_json(tmp_path, "b", "--seed", "3", *args)
    other = simulate_json(tmp_path, "c", "--seed", "4", *args)
    assert first == again
    assert first != other


def test_workers_give_the_same_bytes(tmp_path):
    # more runs than two blocks, so the workers really split them (and unevenly)
    runs = str(2 * BLOCK + 188)
    args = ("--runs", runs, "--turns", "3", "--seed", "21", "--strategy", "follow-the-coca")
    one = simulate_json(tmp_path, "one", "--workers", "1", *args)
    two = simulate_json(tmp_path, "two", "--workers", "2", *args)
    assert one == two


def test_a_strategy_file_with_rules_and_shocks_runs(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'id = "mine"\nname = "Mine"\ndescription = "test"\n'
        '[[settings]]\nfrom_turn = 2\nall_teams_to = "vraem"\n'
        '[[rules]]\nwhen = { var = "coca_ha", op = ">", value = 15000 }\nmove_troops = 3\n'
        "[[shocks]]\nfrom_turn = 1\nuntil_turn = 3\nleaf_price = 0.5\n"
    )
    out = SimulationOutput.model_validate_json(
        simulate_json(tmp_path, "f", "--strategy", str(path), "--runs", "3", "--turns", "4")
    )
    assert out.strategy == "mine"


def test_a_rule_that_moves_every_team_plays_on_fractional_teams(tmp_path):
    """peru-2013's teams come from hectare targets, so they are fractional: moving them
    all must leave none below zero (rounding once made it -1e-16 and refused the orders)."""
    path = tmp_path / "all.toml"
    path.write_text(
        'id = "all"\nname = "All"\ndescription = "test"\n'
        '[[rules]]\nwhen = { var = "coca_ha", op = ">", value = 0 }\nmove_teams = 1000\n'
    )
    args = ("--scenario", "peru-2013", "--strategy", str(path), "--runs", "20", "--turns", "8")
    out = SimulationOutput.model_validate_json(simulate_json(tmp_path, "all", *args))
    assert out.strategy == "all" and out.runs == 20


ERRORS = [
    (("simulate", "--scenario", "atlantis"), "vraem-2022"),
    (("simulate", "--strategy", "nonsense"), "status-quo"),
    (("simulate", "--strategy", "missing.toml"), "file not found"),
    (("simulate", "--runs", "lots"), "whole number"),
    (("simulate", "--runs", "0"), "at least 1"),
    (("simulate", "--seed", "-1"), "seed"),
    (("simulate", "--balloon", "huge"), "invalid choice"),
    (("simulate", "--difficulty", "brutal"), "easy"),
    (("simulate", "--json", "no/such/folder/x.json"), "does not exist"),
    (("simulate", "--turns", "2", "--frobnicate"), "unrecognized"),
    (("compare", "--strategies", "status-quo"), "at least two"),
    (("compare", "--strategies", "status-quo,nonsense"), "integrated"),
    (("compare",), "--strategies"),
]


@pytest.mark.parametrize(("args", "expected"), [ERRORS[1], ERRORS[3]])
def test_errors_are_one_line_and_exit_2_in_the_shell(args, expected):
    done = balloon(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("args", "expected"), ERRORS)
def test_errors_are_one_line_and_exit_2(args, expected, capsys):
    """The same entry point in-process (a subprocess each would cost a second of start-up)."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's own errors leave through exit()
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err


def test_a_broken_strategy_file_names_the_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('id = "bad"\nname = "Bad"\ndescription = "x"\n[[rules]]\nmove_teams = 2\n')
    done = balloon("simulate", "--strategy", str(path), "--runs", "1", "--turns", "1")
    assert done.returncode == 2
    assert "rules" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_compare_shows_strategies_side_by_side_with_paired_results():
    done = balloon(
        "compare",
        "--strategies",
        "status-quo,eradicate-all",
        "--runs",
        "6",
        "--turns",
        "4",
        "--seed",
        "5",
    )
    assert done.returncode == 0, done.stderr
    assert "status-quo" in done.stdout and "eradicate-all" in done.stdout
    assert "vs eradicate-all" in done.stdout and "%" in done.stdout


def test_compare_fits_many_strategies_into_80_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    names = "status-quo,military-surge-withdraw,interdiction-first,development-first,integrated"
    code = main(["compare", "--strategies", names, "--runs", "3", "--turns", "2", "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out  # no strategy name or figure cut off
    for name in names.split(","):
        assert name in out
        assert name == "status-quo" or f"vs {name}" in out


def test_simulate_summary_fits_80_columns(monkeypatch, capsys, content):
    monkeypatch.setenv("COLUMNS", "80")
    code = main(["simulate", "--runs", "3", "--turns", "2", "--quiet"])
    assert code == 0 and capsys.readouterr().out == ""  # quiet: no tables
    assert main(["simulate", "--runs", "3", "--turns", "2"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "…" not in out
    assert "Pacific ports" in out and "Tambopata" in out


def test_scenarios_and_strategies_list_one_line_each(content):
    done = balloon("scenarios")
    assert done.returncode == 0
    assert [line.split()[0] for line in done.stdout.splitlines()] == list(content.scenarios)
    done = balloon("strategies")
    assert done.returncode == 0
    assert sorted(line.split()[0] for line in done.stdout.splitlines()) == sorted(
        content.strategies
    )


# --- the pieces under the commands --------------------------------------------------------


@pytest.mark.parametrize("runs", [1, 2, 3, 10, 11, 101, 1000, 4097])
@pytest.mark.parametrize("qs", [(0.1, 0.9), (0.0, 0.25, 0.5, 0.75, 1.0), (0.9, 0.1, 0.5)])
def test_fast_quantiles_equal_numpy_bit_for_bit(runs, qs):
    rng = np.random.default_rng(runs)
    columns = rng.normal(size=(4, 3, runs)) * 1000  # runs last, as the batch keeps them
    columns[1] = 5.0  # ties
    columns[2, 0, : runs // 2] = -1.0  # ties at the low end
    ours = lerp_quantiles(columns, qs)
    theirs = np.quantile(columns, list(qs), axis=-1)
    for mine, numpys in zip(ours, theirs, strict=True):
        assert np.array_equal(mine, numpys)


def test_summaries_leave_undefined_cells_empty():
    columns = np.arange(24.0).reshape(2, 3, 4)  # (metrics, columns, runs)
    columns[1, :2] = np.nan
    mean = mean_of_blocks(block_sums(columns), 4)
    p10, p90 = quantile_bands(columns)
    assert np.isnan(p10[1, 0]) and np.isnan(mean[1, 1]) and not np.isnan(p90[1, 2])
    assert mean[0, 0] == columns[0, 0].mean()


def test_block_means_do_not_depend_on_how_the_blocks_are_shared_out():
    runs = 3 * BLOCK + 17
    columns = np.random.default_rng(5).lognormal(size=(3, 2, runs)) * 1e4
    whole = mean_of_blocks(block_sums(columns), runs)
    for workers in (2, 3, 4):
        slices = worker_slices(runs, workers)
        assert np.array_equal(np.concatenate(slices), np.arange(runs))
        assert all(part[0] % BLOCK == 0 for part in slices)
        # each worker's slice is a copy of its own, as it would be in another process
        sums = [s for part in slices for s in block_sums(columns[..., part].copy())]
        assert np.array_equal(mean_of_blocks(sums, runs), whole)
    assert np.allclose(whole, columns.mean(axis=-1), rtol=1e-12)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_without_series_keeps_the_start_and_the_same_finals(content, setup, workers):
    """What the summary table and compare read is the same with or without the series,
    and the progress bar still moves once a quarter."""
    strategy = load_strategy(content, setup, "integrated")
    seeds, turns = np.arange(1, BLOCK + 40), 3
    full = run_batch(setup, strategy, seeds, turns, workers=workers)
    ticks: list[int] = []
    lean = run_batch(
        setup, strategy, seeds, turns, progress=ticks.append, workers=workers, series=False
    )
    assert ticks == [1] * turns + [PLAY_ON_QUARTERS]  # the play-on, told at once
    assert lean.turns == full.turns == turns
    assert lean.mean.shape[0] == 1 and lean.p10 is None
    with pytest.raises(ValueError, match="no per-quarter series"):
        lean.series("coca_ha")
    assert np.array_equal(lean.mean[0], full.mean[0], equal_nan=True)
    assert np.array_equal(lean.final, full.final, equal_nan=True)
    assert np.array_equal(lean.score, full.score)


def test_paired_comparison_counts_wins_by_the_metric_direction():
    values = {
        "a": {"coca_ha": np.array([1.0, 5.0, 3.0]), "welfare": np.array([2.0, 2.0, 9.0])},
        "b": {"coca_ha": np.array([2.0, 4.0, 3.0]), "welfare": np.array([1.0, 3.0, 9.0])},
    }
    result = Comparison(("a", "b"), ("A", "B"), 3, 1, values)
    coca = result.paired("a", "b", "coca_ha")  # lower is better: a wins run 0 only
    assert METRICS["coca_ha"].better == -1 and coca.a_beats_b == pytest.approx(1 / 3)
    assert coca.ties == pytest.approx(1 / 3) and coca.median_diff == 0.0
    welfare = result.paired("a", "b", "welfare")  # higher is better: a wins run 0 only
    assert welfare.a_beats_b == pytest.approx(1 / 3)


def test_headless_modules_do_not_load_rich_or_textual():
    code = (
        "import sys, game.engine, game.loader, game.sim.batch, game.sim.strategy, "
        "game.sim.output, game.sim.compare; "
        "print(sorted(m for m in ('rich', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_readme_strategy_example_is_valid(content, setup, tmp_path):
    """The example a designer copies must load: it is validated like any strategy file."""
    from game.sim.strategy import load_strategy

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Strategies") :]
    example = section[section.index("```toml") + len("```toml") : section.index("```\n\n")]
    path = tmp_path / "example.toml"
    path.write_text(example)
    strategy = load_strategy(content, setup, str(path))
    assert strategy.id == "my-plan" and strategy.spec.rules and strategy.spec.shocks
    assert any(s.eradication_target_ha_yr for s in strategy.spec.settings)


def test_the_progress_bar_counts_game_quarters(monkeypatch):
    """Each quarter of a batch advances the bar by its number of games, up to the total."""
    from game.commands import long_run as command

    seen: dict[str, float] = {"total": 0, "done": 0}

    class Bar:
        def __init__(self, *columns, **options):
            assert options.get("auto_refresh") is False  # no thread: workers may fork

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def add_task(self, label, total):
            seen["total"] = total
            return 0

        def advance(self, task, amount):
            seen["done"] += amount

        def refresh(self):
            pass

    monkeypatch.setattr("rich.progress.Progress", Bar)
    monkeypatch.setattr(command, "PROGRESS_FROM", 0)
    runs, turns = 3, 4

    def work(advance):
        for _ in range(turns):
            advance(1)
        return "done"

    assert command.with_progress(False, turns * runs, "x", work, runs=runs) == "done"
    assert seen == {"total": turns * runs, "done": turns * runs}
    assert command.with_progress(True, turns * runs, "x", lambda advance: advance) is None
