"""``balloon sensitivity``: real designs played at tiny sizes, checked on what they find.

The factor ``interdiction_per_musd`` is solved afresh by calibration from the start
whatever value content gives it (``engine.calibrate.solve_interdiction``), so it cannot
move any outcome: its effect must come out exactly zero, while a coefficient growers
respond to (``theta``) and the balloon must not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.commands.sensitivity import SensitivityOutput
from game.domains import PARAM_DOMAINS
from game.errors import ContentError
from game.loader import load_content, prepare_game, prepare_with_params
from game.schema import Assumed
from game.sim import sensitivity as sa

ROOT = Path(__file__).resolve().parents[1]
TINY = ("--trajectories", "2", "--runs", "2", "--turns", "4", "--quiet")
FACTORS = ("--factors", "interdiction_per_musd,theta,balloon")


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_a_morris_run_finds_the_inert_factor_inert_and_writes_its_schema(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["sensitivity", *FACTORS, *TINY, "--workers", "1", "--json", str(out)]) == 0
    data = SensitivityOutput.model_validate_json(out.read_text(encoding="utf-8"))
    assert data.samples == 2 * (3 + 1) == len(data.design)
    assert [f.name for f in data.factors] == ["interdiction_per_musd", "theta", "balloon"]
    for sid in data.strategies:
        assert data.indices[sid]["interdiction_per_musd"]["mu_star"] == 0.0
        assert data.indices[sid]["theta"]["mu_star"] > 0
        assert data.indices[sid]["balloon"]["mu_star"] > 0
        assert len(data.outputs[sid]) == data.samples
    # the ranking is read off the outputs: each sample's best is the strategy with the top mean
    outputs = np.array([data.outputs[s] for s in data.strategies]).T
    best = [data.strategies[i] for i in outputs.argmax(axis=1)]
    for sid in data.strategies:
        assert data.ranking.best[sid] == pytest.approx(best.count(sid) / len(best))
    nominal = [data.nominal[s] for s in data.ranking.nominal]
    assert nominal == sorted(nominal, reverse=True)
    assert sum(share for _, share in data.ranking.orders) == pytest.approx(1.0)


def test_results_do_not_depend_on_the_number_of_workers(tmp_path):
    """Two worker processes (a child command, so they can fork) give the bytes one gives."""
    files = []
    for workers in ("1", "2"):
        path = tmp_path / f"w{workers}.json"
        options = ("--workers", workers, "--method", "sobol", "--samples", "2", "--json", str(path))
        if workers == "1":
            assert main(["sensitivity", *FACTORS, *TINY, *options]) == 0
        else:
            done = subprocess.run(
                [sys.executable, "-m", "game", "sensitivity", *FACTORS, *TINY, *options],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=120,
            )
            assert done.returncode == 0, done.stderr
        files.append(path.read_bytes())
    assert files[0] == files[1]
    data = json.loads(files[0])
    assert data["samples"] == 2 * (3 + 2)
    assert all(data["indices"][s]["interdiction_per_musd"]["ST"] == 0 for s in data["strategies"])


def test_every_assumption_is_a_factor_within_its_range(content):
    params = content.models["peru"].params
    assumed = [k for k, v in params.items() if isinstance(v, Assumed) and v.value != 0]
    factors = sa.all_factors(content, "peru")
    assert [f.name for f in factors] == [*assumed, "balloon"]
    for f in factors[:-1]:
        domain = PARAM_DOMAINS[f.name]
        assert domain.holds(f.low) and domain.holds(f.high)
        assert f.low <= f.nominal <= f.high
        assert f.low < f.high


def test_a_varied_coefficient_is_calibrated_with_and_the_balloon_spans_its_settings(content):
    base = prepare_game(content, "vraem-2022")
    theta = base.world.params.theta
    varied = prepare_with_params(content, "vraem-2022", {"theta": theta * 1.5})
    assert varied.world.params.theta == theta * 1.5
    assert not np.allclose(varied.world.alpha, base.world.alpha)  # calibration followed
    inert = prepare_with_params(content, "vraem-2022", {"interdiction_per_musd": 0.07})
    assert inert.world.params.interdiction_per_musd == base.world.params.interdiction_per_musd
    settings = content.models["peru"].balloon
    for x, name in ((0.0, "weak"), (0.5, "medium"), (1.0, "strong")):
        expected = prepare_game(content, "vraem-2022", balloon=name).world.params.balloon
        assert sa.balloon_at(settings, x) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--metric", "happiness"], "--metric: no metric 'happiness'"),
        (["--factors", "theta,nope"], "--factors: 'nope' is not an assumption"),
        (["--method", "sobol", "--samples", "3"], "--samples: Sobol needs a power of 2"),
        (["--strategies", "status-quo,nope"], "nope"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, says, capsys, tmp_path):
    out = tmp_path / "s.json"
    assert main(["sensitivity", *TINY, "--json", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert says in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_without_salib_it_says_how_to_install(monkeypatch, capsys):
    for name in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "SALib", None)  # import SALib now fails
    assert main(["sensitivity", *FACTORS, *TINY]) == 2
    err = capsys.readouterr().err
    assert "pip install 'balloon-effect[sensitivity]'" in err
    assert err.count("\n") == 1


def test_morris_indices_agree_with_salib_and_a_failed_sample_costs_only_its_steps(content):
    """Effects of a known function: y moves 3 per whole range of the first factor, and
    not at all with the second; SALib's own analysis gives the same on a full design."""
    from SALib.analyze import morris

    factors = [sa.Factor("a", 1.0, 0.5, 1.5, ""), sa.Factor("b", 2.0, 1.0, 3.0, "")]
    rows = sa.design("morris", factors, 4, seed=3)
    y = 3 * (rows[:, 0] - 0.5) + 0.0 * rows[:, 1] + (rows[:, 0] - 0.5) ** 2
    ours = sa.morris_indices(factors, rows, y, np.random.default_rng(0))
    theirs = morris.analyze(sa.problem(factors), rows, y, num_levels=sa.MORRIS_LEVELS, seed=1)
    for i, name in enumerate(("a", "b")):
        assert ours[name]["mu_star"] == pytest.approx(theirs["mu_star"][i])
        assert ours[name]["sigma"] == pytest.approx(theirs["sigma"][i])
    assert ours["b"]["mu_star"] == 0 and ours["a"]["mu_star"] > 2
    failed = y.copy()
    failed[1] = np.nan  # the second point of the first trajectory: two steps lost
    effects = sa.elementary_effects(factors, rows, failed)
    assert sum(map(len, effects)) == sum(map(len, sa.elementary_effects(factors, rows, y))) - 2


def test_a_bound_the_scenario_cannot_start_from_is_cut_and_starred(content, capsys):
    """At +50% of team_capacity_ha the starting orders' eradication makes more violence
    than Inambari starts with, so calibration refuses it: the bound moves in and is
    marked, and the value there still calibrates while the old bound does not."""
    factors = sa.pick_factors(sa.all_factors(content, "peru"), ["team_capacity_ha", "kappa"])
    cut = sa.calibratable(content, "vraem-2022", None, factors)
    team, kappa = cut
    assert team.cut and team.high < factors[0].high and team.low == factors[0].low
    assert not kappa.cut and (kappa.low, kappa.high) == (factors[1].low, factors[1].high)
    prepare_with_params(content, "vraem-2022", {"team_capacity_ha": team.high})
    with pytest.raises(ContentError, match="calibration"):
        prepare_with_params(content, "vraem-2022", {"team_capacity_ha": factors[0].high})
    assert main(["sensitivity", "--list-factors", "--factors", "team_capacity_ha,kappa"]) == 0
    listed = capsys.readouterr().out
    assert "team_capacity_ha*" in listed and "kappa " in listed
