"""Global sensitivity analysis: which assumptions drive an outcome, and does the verdict hold.

Every coefficient of the model that no source gives is marked in
``content/models/peru.toml`` as ``{value = …, assumption = "why"}``. Those are the
factors, with the balloon setting, whose size the evidence leaves open. Each sample of a
design (SALib's Morris trajectories or Sobol's Saltelli points) sets every factor,
calibrates the scenario afresh (``loader.prepare_with_params``: a coefficient changed
after calibration would leave the start out of balance) and plays every chosen strategy
on the same seeds (paired: sample to sample, only the factors change, never the
randomness). The output is each strategy's mean of the metric over its runs.

Bounds are a rule, not a judgement per coefficient (``BOUNDS_RULE``). SALib is an
optional extra and imported only here, when a design is built or analysed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

import numpy as np

from ..domains import PARAM_DOMAINS
from ..engine.metrics import METRICS, Metric, national_metric
from ..engine.world import Balloon
from ..errors import ContentError, UsageError
from ..loader import Content, GameSetup, prepare_with_params
from ..schema import Assumed, BalloonSetting
from .batch import run_batch, start_method
from .strategy import Strategy

Method = Literal["morris", "sobol"]
#: How far each assumption is varied either way, as a share of its value.
RELATIVE_RANGE = 0.5
BALLOON = "balloon"
BALLOON_POINTS = ("weak", "medium", "strong")  # at 0, 0.5 and 1
BOUNDS_RULE = (
    f"each assumption from {1 - RELATIVE_RANGE:.0%} to {1 + RELATIVE_RANGE:.0%} of its value, "
    "cut to the range the content allows it (game/domains.py) and, marked *, to where the "
    "scenario can still be calibrated with every other factor at its value; the balloon as "
    "one factor from 0 (weak) through 0.5 (medium) to 1 (strong), its coefficients "
    "interpolated between"
)
#: Halvings that find how far a factor can go before calibration fails: 1/64 of the way.
BISECTIONS = 6
#: Morris design: grid levels (SALib's default; even, so that every step is the same size).
MORRIS_LEVELS = 4
CONFIDENCE = 0.95
RESAMPLES = 200
INSTALL_HINT = (
    "balloon sensitivity needs SALib, an optional extra: pip install 'balloon-effect[sensitivity]'"
    " (in a checkout: .venv/bin/pip install -e '.[sensitivity]')"
)


def salib() -> Any:
    """SALib's samplers and analysers, or a one-line ``UsageError`` saying how to install it."""
    try:
        from SALib.analyze import morris as morris_analyze
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import morris as morris_sample
        from SALib.sample import sobol as sobol_sample
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return morris_sample, morris_analyze, sobol_sample, sobol_analyze


@dataclass(frozen=True)
class Factor:
    """One uncertain input: its name, the value content gives it, and its bounds."""

    name: str
    nominal: float
    low: float
    high: float
    why: str
    #: whether a bound was moved in because the scenario cannot start beyond it
    cut: bool = False


def assumption_factors(content: Content, model_id: str) -> list[Factor]:
    """Every coefficient of the model marked as an assumption, with ``BOUNDS_RULE``'s range;
    one whose range is a point (a value of 0) is left out, since it cannot be varied by
    a share of itself."""
    out = []
    for name, value in content.models[model_id].params.items():
        if not isinstance(value, Assumed):
            continue
        domain = PARAM_DOMAINS[name]
        a, b = sorted((value.value * (1 - RELATIVE_RANGE), value.value * (1 + RELATIVE_RANGE)))
        low, high = max(a, domain.low), min(b, domain.high)
        if domain.low_open and low <= domain.low:
            low = domain.low + (high - domain.low) * 1e-3
        if high > low:
            out.append(Factor(name, value.value, low, high, value.assumption))
    return out


def balloon_factor() -> Factor:
    return Factor(BALLOON, 0.5, 0.0, 1.0, "the balloon setting: 0 weak, 0.5 medium, 1 strong")


def all_factors(content: Content, model_id: str) -> list[Factor]:
    return [*assumption_factors(content, model_id), balloon_factor()]


def calibratable(
    content: Content, scenario: str, difficulty: str | None, factors: list[Factor]
) -> list[Factor]:
    """``factors`` with each bound moved in, where needed, to the last value (to 1/64 of
    the way) at which the scenario still calibrates with every other factor at its value.

    Why: calibration refuses a start the model cannot produce (violence below what the
    remnant alone causes, a trend that needs more coca than the land holds); a design
    whose corners mostly fail would measure little. Values beyond the cut are a finding
    in themselves (the content's start constrains the coefficient), so they are marked.
    Combinations can still fail; those samples are counted and left out."""

    def starts(name: str, value: float) -> bool:
        if name == BALLOON:
            return True  # set after calibration
        try:
            prepare_with_params(content, scenario, {name: value}, difficulty)
        except ContentError:
            return False
        return True

    out = []
    for f in factors:
        low, high = f.low, f.high
        if not starts(f.name, low):
            low = last_start(f.name, f.nominal, low, starts)
        if not starts(f.name, high):
            high = last_start(f.name, f.nominal, high, starts)
        out.append(replace(f, low=low, high=high, cut=(low, high) != (f.low, f.high)))
    return out


def last_start(name: str, good: float, bad: float, starts: Callable[[str, float], bool]) -> float:
    """The value nearest ``bad`` found by bisection that still ``starts``."""
    for _ in range(BISECTIONS):
        mid = 0.5 * (good + bad)
        good, bad = (mid, bad) if starts(name, mid) else (good, mid)
    return good


def pick_factors(factors: list[Factor], names: list[str] | None) -> list[Factor]:
    """The factors named (all when ``names`` is None), or a one-line error naming the first
    that is not one."""
    if names is None:
        return factors
    by_name = {f.name: f for f in factors}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise UsageError(
            f"--factors: {unknown[0]!r} is not an assumption of the model nor 'balloon' "
            "(balloon sensitivity --list-factors lists them)"
        )
    if len(set(names)) != len(names):
        raise UsageError("--factors: a factor is named twice")
    return [by_name[n] for n in names]


def balloon_at(settings: dict[str, BalloonSetting], x: float) -> Balloon:
    """The balloon at ``x`` in [0, 1]: weak at 0, medium at 0.5, strong at 1, each
    coefficient interpolated linearly between the two settings around ``x``."""
    points = [settings[name] for name in BALLOON_POINTS]
    lo, t = (0, x / 0.5) if x <= 0.5 else (1, (x - 0.5) / 0.5)
    a, b = points[lo], points[lo + 1]
    return Balloon(
        **{f.name: (1 - t) * getattr(a, f.name) + t * getattr(b, f.name) for f in fields(Balloon)}
    )


def metric_of(name: str) -> Metric:
    """The registry's metric called ``name`` (``score`` included), or a one-line error."""
    metric = METRICS.get(name)
    if metric is None:
        raise UsageError(f"--metric: no metric {name!r}; expected one of {', '.join(METRICS)}")
    return metric


@dataclass(frozen=True)
class Job:
    """What every sample plays: the content, the scenario, the strategies (bound to the
    scenario's own setup, which checked them) and the paired seeds."""

    content: Content
    scenario: str
    difficulty: str | None
    factors: tuple[Factor, ...]
    strategies: tuple[Strategy, ...]
    seeds: np.ndarray
    turns: int
    metric: str

    def setup(self, row: np.ndarray) -> GameSetup:
        """The calibrated game of one sample (a ``ContentError`` if calibration fails)."""
        values = {f.name: float(x) for f, x in zip(self.factors, row, strict=True)}
        balloon = values.pop(BALLOON, None)
        setup = prepare_with_params(self.content, self.scenario, values, self.difficulty)
        if balloon is not None:
            settings = self.content.models[setup.scenario.model].balloon
            world = setup.world.with_balloon(balloon_at(settings, balloon))  # type: ignore[arg-type]
            setup = replace(setup, world=world)
        return setup

    def evaluate(self, row: np.ndarray) -> np.ndarray | None:
        """Each strategy's mean of the metric over the seeds, or None when this sample's
        start cannot be calibrated (a combination of values the model cannot start from)."""
        try:
            setup = self.setup(row)
        except ContentError:
            return None
        out = np.empty(len(self.strategies))
        for i, strategy in enumerate(self.strategies):
            result = run_batch(
                setup, replace(strategy, setup=setup), self.seeds, self.turns, series=False
            )
            if self.metric == "score":
                values = result.score
            else:
                values = national_metric(result.final_state, self.metric)
            out[i] = float(np.mean(values))
        return out


_JOB: Job | None = None


def _evaluate(row: np.ndarray) -> np.ndarray | None:  # pragma: no cover - a worker
    assert _JOB is not None
    return _JOB.evaluate(row)


def _install(job: Job) -> None:  # pragma: no cover - a worker
    global _JOB
    _JOB = job


def evaluate_all(
    job: Job, design: np.ndarray, workers: int, progress: Callable[[int], None] | None = None
) -> np.ndarray:
    """(samples, strategies) outputs; NaN rows where a sample could not be calibrated.

    Samples are independent and each is deterministic, so the result is the same for any
    number of workers; they are handed out in order and gathered in order."""
    out = np.full((len(design), len(job.strategies)), np.nan)
    workers = max(1, min(workers, len(design)))
    if workers == 1:
        for i, row in enumerate(design):
            value = job.evaluate(row)
            if value is not None:
                out[i] = value
            if progress is not None:
                progress(1)
        return out
    ctx = multiprocessing.get_context(start_method())
    chunk = max(1, len(design) // (workers * 8))
    with ctx.Pool(workers, initializer=_install, initargs=(job,)) as pool:
        for i, value in enumerate(pool.imap(_evaluate, list(design), chunksize=chunk)):
            if value is not None:
                out[i] = value
            if progress is not None:
                progress(1)
    return out


def default_workers() -> int:
    return os.cpu_count() or 1


# --- designs and their analysis -------------------------------------------------------------


def problem(factors: list[Factor]) -> dict[str, Any]:
    return {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def design(method: Method, factors: list[Factor], size: int, seed: int) -> np.ndarray:
    """The samples: ``size`` Morris trajectories, or a Saltelli design of ``size`` base
    points (first and total order: ``size`` × (factors + 2) samples)."""
    morris_sample, _, sobol_sample, _ = salib()
    if method == "morris":
        return morris_sample.sample(problem(factors), size, num_levels=MORRIS_LEVELS, seed=seed)
    return sobol_sample.sample(problem(factors), size, calc_second_order=False, seed=seed)


def group_size(method: Method, factors: int) -> int:
    """Samples per trajectory (Morris) or per base point (Sobol): a failed sample drops
    its whole group, the unit the analysis needs complete."""
    return factors + 1 if method == "morris" else factors + 2


def complete_groups(method: Method, factors: int, outputs: np.ndarray) -> np.ndarray:
    """Which samples belong to groups whose every sample was played (a boolean mask)."""
    size = group_size(method, factors)
    ok = ~np.isnan(outputs).any(axis=1)
    whole = ok.reshape(-1, size).all(axis=1)
    return np.repeat(whole, size)


@dataclass(frozen=True)
class Indices:
    """One strategy's sensitivity to each factor. Morris: ``mu_star`` (mean absolute
    elementary effect, in the metric's units over the factor's whole range), its
    confidence half-width, and ``sigma`` (their spread: interaction or non-linearity).
    Sobol: first-order ``S1`` and total ``ST`` shares of the variance, with half-widths."""

    values: dict[str, dict[str, float]]  # factor → index → value


def elementary_effects(factors: list[Factor], rows: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """Each factor's elementary effects along the Morris trajectories: the change of ``y``
    between two consecutive points, which differ in that factor alone, over the change of
    the factor as a share of its range. A step with an end that could not be calibrated
    (NaN) gives no effect, so a failed sample costs two effects, not its trajectory."""
    d = len(factors)
    span = np.array([f.high - f.low for f in factors])
    effects: list[list[float]] = [[] for _ in range(d)]
    for start in range(0, len(rows), d + 1):
        x, out = rows[start : start + d + 1], y[start : start + d + 1]
        for j in range(d):
            step = (x[j + 1] - x[j]) / span
            i = int(np.argmax(np.abs(step)))
            if not (np.isnan(out[j]) or np.isnan(out[j + 1])):
                effects[i].append(float((out[j + 1] - out[j]) / step[i]))
    return [np.array(e) for e in effects]


def morris_indices(
    factors: list[Factor], rows: np.ndarray, y: np.ndarray, rng: np.random.Generator
) -> dict[str, dict[str, float]]:
    """μ*, σ and μ as SALib's Morris analysis defines them (``tests`` check the two agree
    on a design with no failed sample), from the effects that could be computed; μ*'s
    confidence half-width by resampling the effects, as SALib does."""
    from scipy.stats import norm

    z = float(norm.ppf(0.5 + CONFIDENCE / 2))
    out = {}
    for f, ee in zip(factors, elementary_effects(factors, rows, y), strict=True):
        n = len(ee)
        if n == 0:
            out[f.name] = dict.fromkeys(("mu_star", "mu_star_conf", "sigma", "mu"), np.nan)
            out[f.name]["effects"] = 0
            continue
        boot = np.abs(ee[rng.integers(0, n, size=(RESAMPLES, n))]).mean(axis=1)
        out[f.name] = {
            "mu_star": float(np.abs(ee).mean()),
            "mu_star_conf": z * float(boot.std(ddof=1)),
            "sigma": float(ee.std(ddof=1)) if n > 1 else np.nan,
            "mu": float(ee.mean()),
            "effects": n,
        }
    return out


def analyse(
    method: Method,
    factors: list[Factor],
    design_rows: np.ndarray,
    outputs: np.ndarray,
    seed: int,
) -> list[Indices]:
    """Indices for each strategy (column of ``outputs``). Morris uses every computable
    effect; Sobol's estimators need whole base points, so those with a failed sample are
    left out."""
    out = []
    if method == "morris":
        for column in outputs.T:
            rng = np.random.default_rng(seed)
            out.append(Indices(morris_indices(factors, design_rows, column, rng)))
        return out
    _, _, _, sobol_analyze = salib()
    keep = complete_groups(method, len(factors), outputs)
    if not keep.any():
        raise UsageError(
            "no base point of the design could be calibrated in full: use more --samples "
            "or fewer --factors"
        )
    # SALib's Sobol analysis takes a seed of 0 as none (global randomness): shift by one.
    for column in outputs[keep].T:
        si = sobol_analyze.analyze(
            problem(factors),
            column,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONFIDENCE,
            seed=seed + 1,
        )
        out.append(
            Indices(
                {
                    f.name: {k: float(np.asarray(si[k])[i]) for k in SOBOL_KEYS}
                    for i, f in enumerate(factors)
                }
            )
        )
    return out


SOBOL_KEYS = ("S1", "S1_conf", "ST", "ST_conf")


# --- does the ranking hold --------------------------------------------------------------------


@dataclass(frozen=True)
class Ranking:
    """How the strategies rank by the metric: at the content's own values, and across
    the samples (the share in which the same order holds, and each strategy is best)."""

    nominal: tuple[str, ...]
    same_as_nominal: float
    best: dict[str, float]
    orders: list[tuple[tuple[str, ...], float]]  # most common first


def order_of(ids: tuple[str, ...], values: np.ndarray, better: int) -> tuple[str, ...]:
    """Best first: by value, higher first unless lower is better; ties keep the given order."""
    sign = -1 if better == -1 else 1
    ranks = sorted(range(len(ids)), key=lambda i: (-sign * values[i], i))
    return tuple(ids[i] for i in ranks)


def ranking(ids: tuple[str, ...], nominal: np.ndarray, outputs: np.ndarray, better: int) -> Ranking:
    played = outputs[~np.isnan(outputs).any(axis=1)]
    base = order_of(ids, nominal, better)
    orders = Counter(order_of(ids, row, better) for row in played)
    n = max(len(played), 1)
    best = Counter(order[0] for order in orders.elements())
    return Ranking(
        nominal=base,
        same_as_nominal=orders[base] / n,
        best={s: best[s] / n for s in ids},
        orders=[(order, count / n) for order, count in orders.most_common()],
    )


# --- the whole analysis -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sensitivity:
    method: Method
    metric: Metric
    factors: list[Factor]
    strategies: tuple[str, ...]
    size: int  # trajectories (Morris) or base points (Sobol)
    design: np.ndarray  # (samples, factors)
    outputs: np.ndarray  # (samples, strategies), NaN where not calibrated
    used: int  # samples the indices are computed from (Sobol: whole base points only)
    nominal: np.ndarray  # (strategies,) at the content's own values, medium balloon
    indices: list[Indices]
    ranking: Ranking

    @property
    def samples(self) -> int:
        return len(self.design)

    @property
    def failed(self) -> int:
        return int(np.isnan(self.outputs).any(axis=1).sum())


def run_sensitivity(
    job: Job,
    method: Method,
    size: int,
    seed: int,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Sensitivity:
    """Build the design, play every sample (``workers`` processes), analyse each strategy."""
    factors = list(job.factors)
    rows = design(method, factors, size, seed)
    nominal_row = np.array([f.nominal for f in factors])
    nominal = job.evaluate(nominal_row)
    if nominal is None:
        raise UsageError("the scenario cannot be calibrated with the content's own values")
    outputs = evaluate_all(job, rows, workers, progress)
    indices = analyse(method, factors, rows, outputs, seed)
    keep = complete_groups(method, len(factors), outputs)
    metric = METRICS[job.metric]
    return Sensitivity(
        method=method,
        metric=metric,
        factors=factors,
        strategies=tuple(s.id for s in job.strategies),
        size=size,
        design=rows,
        outputs=outputs,
        used=int(keep.sum()) if method == "sobol" else int((~np.isnan(outputs[:, 0])).sum()),
        nominal=nominal,
        indices=indices,
        ranking=ranking(tuple(s.id for s in job.strategies), nominal, outputs, metric.better),
    )
