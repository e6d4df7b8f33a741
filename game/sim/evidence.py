"""The evidence the model must reproduce, measured by running the engine.

Each ``Check`` states a fact from the literature or the record, the range the model must
reach, what it measured and whether it holds. ``balloon evidence`` prints them for a
teacher; ``tests/test_evidence.py`` asserts them. Every figure comes from batches of
seeded, paired runs (the same seeds for every strategy), played headless.

Probes that are not built-in strategies (the same extra money on teams or on
interdiction; the pandemic's shock) are written here as strategy specs, so what they do
can be read in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from ..engine.world import BALLOON_STRENGTHS
from ..loader import Content, GameSetup, prepare_game
from ..schema import OrdersSpec, Setting, Shock, StrategySpec
from .batch import BatchResult, run_batch
from .record import Recorder, national_area
from .strategy import Strategy, load_strategy

SCENARIO = "vraem-2022"
RUNS = 200
SEED = 1000
TURNS = 40
#: The extra money a quarter the margin probes spend, on teams or on interdiction.
MARGIN_MUSD = 3.0
#: The pandemic's leaf-price shock (fact leaf-price-drop-2020-national: −46%).
PANDEMIC_PRICE = 0.54


@dataclass(frozen=True)
class Check:
    """One piece of evidence: the fact, the range the model must reach, and the measure."""

    key: str
    fact: str
    evidence: str
    target: str
    measured: str
    holds: bool
    values: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """Plain Python values: the checks compare numpy scalars, which JSON refuses."""
        return {
            **asdict(self),
            "holds": bool(self.holds),
            "values": {k: float(v) for k, v in self.values.items()},
        }


class Lab:
    """Batches of one scenario under each balloon setting, each played once and kept."""

    def __init__(self, content: Content, runs: int = RUNS, seed: int = SEED) -> None:
        self.content = content
        self.runs = runs
        self.seeds = np.arange(seed, seed + runs)
        self._setups: dict[str, GameSetup] = {}
        self._batches: dict[tuple[str, str, int], BatchResult] = {}
        self._records: dict[tuple[str, str], np.ndarray] = {}

    def setup(self, balloon: str) -> GameSetup:
        if balloon not in self._setups:
            self._setups[balloon] = prepare_game(self.content, SCENARIO, balloon=balloon)
        return self._setups[balloon]

    def strategy(self, name_or_spec: str | StrategySpec, balloon: str) -> Strategy:
        setup = self.setup(balloon)
        if isinstance(name_or_spec, StrategySpec):
            return Strategy(spec=name_or_spec, setup=setup)
        return load_strategy(self.content, setup, name_or_spec)

    def batch(
        self, name_or_spec: str | StrategySpec, balloon: str = "medium", turns: int = TURNS
    ) -> BatchResult:
        key_name = name_or_spec if isinstance(name_or_spec, str) else name_or_spec.id
        key = (key_name, balloon, turns)
        if key not in self._batches:
            strategy = self.strategy(name_or_spec, balloon)
            self._batches[key] = run_batch(
                self.setup(balloon), strategy, self.seeds, turns, bands=False
            )
        return self._batches[key]

    def at(
        self,
        strategy: str | StrategySpec,
        metric: str,
        turn: int,
        balloon: str = "medium",
        column: str = "national",
    ) -> float:
        return float(self.batch(strategy, balloon).series(metric, column)[turn])

    def built_ins(self) -> list[str]:
        return sorted(self.content.strategies)

    def record(self, strategy: str, balloon: str = "medium") -> np.ndarray:
        """(turns + 1, runs) every run's national area each quarter (the batch keeps means)."""
        key = (strategy, balloon)
        if key not in self._records:
            recorder = Recorder(self.strategy(strategy, balloon), national_area)
            result = run_batch(
                self.setup(balloon),
                recorder,
                self.seeds,
                TURNS,
                series=False,  # type: ignore[arg-type]
            )
            recorder.keep(result.final_state)
            self._records[key] = np.stack([recorder.kept[t] for t in range(TURNS + 1)])
        return self._records[key]


# --- probes --------------------------------------------------------------------------------


def more_teams(setup: GameSetup, musd: float = MARGIN_MUSD) -> StrategySpec:
    """The starting orders with ``musd`` a quarter more on teams, spread like the start's."""
    teams = setup.base_orders.eradication_teams[0]
    extra = musd / setup.world.params.team_cost_musd
    ids = setup.world.region_ids
    amounts = {ids[i]: float(t + extra * t / teams.sum()) for i, t in enumerate(teams) if t > 0}
    return StrategySpec(
        id="margin-teams",
        name=f"+${musd:g}M a quarter on eradication teams",
        description="The starting orders with more teams, spread as the start spreads them.",
        settings=[Setting(orders=OrdersSpec(eradication_teams=amounts))],
    )


def more_interdiction(setup: GameSetup, musd: float = MARGIN_MUSD) -> StrategySpec:
    """The starting orders with ``musd`` a quarter more on interdiction, spread like the start's."""
    spend = setup.base_orders.interdiction_musd[0]
    ids = setup.world.route_ids
    amounts = {ids[k]: float(s + musd * s / spend.sum()) for k, s in enumerate(spend) if s > 0}
    return StrategySpec(
        id="margin-interdiction",
        name=f"+${musd:g}M a quarter on interdiction",
        description="The starting orders with more interdiction, spread as the start spreads it.",
        settings=[Setting(orders=OrdersSpec(interdiction_musd=amounts))],
    )


def price_crash(stop_eradication: bool) -> StrategySpec:
    """The starting orders through the pandemic's shock: the leaf price ×0.54 for two
    quarters, and (if asked) no eradication for six."""
    settings = []
    if stop_eradication:
        settings = [Setting(from_turn=0, until_turn=6, multiply={"eradication_teams": 0.0})]
    return StrategySpec(
        id="pandemic" if stop_eradication else "price-shock",
        name="pandemic" if stop_eradication else "price shock",
        description="A leaf-price collapse for two quarters"
        + (", eradication stopped for six" if stop_eradication else ""),
        settings=settings,
        shocks=[Shock(from_turn=0, until_turn=2, leaf_price=PANDEMIC_PRICE)],
    )


# --- measures ------------------------------------------------------------------------------


def supply_kg(result: BatchResult, turns: int) -> float:
    """Cocaine supply (output − seizures) over ``turns`` quarters, mean over runs, in kg."""
    output = float(result.series("cocaine_t")[1 : turns + 1].sum())
    seized = float(result.series("seized_t")[turns])
    return 1000.0 * (output - seized)


def seizure_shares(result: BatchResult) -> np.ndarray:
    """Share of each quarter's output seized (mean over runs), quarters 1..T."""
    seized = np.diff(result.series("seized_t"))
    return seized / np.maximum(result.series("cocaine_t")[1:], 1e-9)


def fmt_pct(x: float) -> str:
    return f"{x:+.0%}"


# --- the checks ------------------------------------------------------------------------------


def cost_per_kg(lab: Lab, balloon: str) -> Check:
    setup = lab.setup(balloon)
    base = lab.batch("status-quo", balloon)
    spent = MARGIN_MUSD * 1e6 * TURNS
    costs = {}
    for label, spec in (("teams", more_teams(setup)), ("interdiction", more_interdiction(setup))):
        removed = supply_kg(base, TURNS) - supply_kg(lab.batch(spec, balloon), TURNS)
        costs[label] = spent / removed if removed > 0 else float("inf")
    ratio = costs["teams"] / costs["interdiction"]
    return Check(
        "cost-per-kg",
        "Cost per kg of cocaine supply removed: eradication ÷ interdiction",
        "5.4 (Mejía & Restrepo 2016: $940k against $175k a kilo)",
        "2.7–10.8",
        f"{ratio:.1f} (${costs['teams']:,.0f} against ${costs['interdiction']:,.0f}"
        f" a kilo, +${MARGIN_MUSD:g}M a quarter for 10 years)",
        2.7 <= ratio <= 10.8,
        {
            "ratio": ratio,
            "teams_usd_kg": costs["teams"],
            "interdiction_usd_kg": costs["interdiction"],
        },
    )


def net_cut(lab: Lab, balloon: str, turn: int) -> float:
    spec = more_teams(lab.setup(balloon))
    cut = lab.at("status-quo", "coca_ha", turn, balloon) - lab.at(spec, "coca_ha", turn, balloon)
    extra = lab.at(spec, "eradicated_ha", turn, balloon) - lab.at(
        "status-quo", "eradicated_ha", turn, balloon
    )
    return cut / extra


def net_cut_check(lab: Lab, balloon: str) -> Check:
    cuts = {t: net_cut(lab, balloon, t) for t in (4, 12)}
    by_balloon = [net_cut(lab, b, 12) for b in BALLOON_STRENGTHS]
    ordered = by_balloon[0] > by_balloon[1] > by_balloon[2]
    in_range = all(0.02 <= c <= 0.3 for c in cuts.values())
    return Check(
        "net-cut",
        "Net national cut per hectare eradicated (more teams than the start)",
        "Peru 2013–15 ≈ 0.2; Colombia 0.02–0.11 (Mejía, Restrepo & Rozo 2017)",
        "0.02–0.3 after 4 and 12 quarters; weak > medium > strong",
        f"{cuts[4]:.2f} after 4 q, {cuts[12]:.2f} after 12 q; at 12 q weak "
        f"{by_balloon[0]:.2f} · medium {by_balloon[1]:.2f} · strong {by_balloon[2]:.2f}",
        in_range and ordered,
        {
            "cut_4": cuts[4],
            "cut_12": cuts[12],
            **dict(zip(("weak", "medium", "strong"), by_balloon, strict=True)),
        },
    )


def interdiction_fades(lab: Lab, balloon: str) -> Check:
    def gap(turn: int) -> float:
        sq = lab.at("status-quo", "leaf_price", turn, balloon)
        return abs(lab.at("interdiction-first", "leaf_price", turn, balloon) / sq - 1.0)

    g2, g12 = gap(2), gap(12)
    shares = seizure_shares(lab.batch("interdiction-first", balloon))
    low, high = float(shares.min()), float(shares.max())
    holds = g12 <= 0.5 * g2 and low >= 0.05 and high <= 0.20
    return Check(
        "interdiction-fades",
        "Sustained interdiction: the leaf price recovers as traffickers adapt",
        "1990s air bridge: the price collapsed, then recovered in about four years",
        "gap to status quo at 12 q ≤ ½ the gap at 2 q; seizures 5–20% of output",
        f"gap {g2:.0%} at 2 q, {g12:.0%} at 12 q; seizures {low:.0%}–{high:.0%} of output",
        holds,
        {"gap_2": g2, "gap_12": g12, "seized_low": low, "seized_high": high},
    )


def price_crash_check(lab: Lab, balloon: str) -> Check:
    spec = price_crash(stop_eradication=False)
    moves = [
        lab.at(spec, "coca_ha", t, balloon) / lab.at("status-quo", "coca_ha", t, balloon) - 1.0
        for t in range(1, 5)
    ]
    worst = max(moves, key=abs)
    welfare = lab.at(spec, "welfare", 2, balloon) - lab.at("status-quo", "welfare", 2, balloon)
    holds = abs(worst) < 0.10 and welfare < 0
    return Check(
        "price-crash",
        f"A leaf-price crash alone (×{PANDEMIC_PRICE} for two quarters)",
        "2020: the price fell 46% and the area still rose",
        "national area moves < 10% within 4 quarters; welfare falls",
        f"area {fmt_pct(worst)} at most; welfare {welfare:+.1f} after 2 quarters",
        holds,
        {"area_move": worst, "welfare_change": welfare},
    )


def pandemic_check(lab: Lab, balloon: str) -> Check:
    spec = price_crash(stop_eradication=True)
    rise = lab.at(spec, "coca_ha", 8, balloon) / lab.at(spec, "coca_ha", 0, balloon) - 1.0
    return Check(
        "pandemic",
        "Eradication stopped for 6 quarters with the price crash (the pandemic)",
        "Peru 2020–22: 61,777 → 95,008 ha (+54%)",
        "national area +30% to +60% in 8 quarters",
        f"{fmt_pct(rise)} in 8 quarters",
        0.30 <= rise <= 0.60,
        {"rise_8": rise},
    )


def development_check(lab: Lab, balloon: str) -> Check:
    sq_coca = lab.at("status-quo", "coca_ha", TURNS, balloon)
    sq_welfare = lab.at("status-quo", "welfare", TURNS, balloon)
    coca = {s: lab.at(s, "coca_ha", TURNS, balloon) for s in policies(lab)}
    welfare = {s: lab.at(s, "welfare", TURNS, balloon) for s in policies(lab)}
    kinder = [s for s in coca if welfare[s] > sq_welfare]
    best = min(kinder, key=coca.get) if kinder else "none"
    dev = coca["development-first"] / sq_coca - 1.0
    integrated = coca["integrated"] / sq_coca - 1.0
    others = [coca[s] / sq_coca - 1.0 for s in kinder if s != "integrated"]
    best_other = min(others) if others else 0.0
    holds = best == "integrated" and dev < 0
    return Check(
        "development",
        "Development with security and roads gives the lasting cut",
        "San Martín: 28,600 ha (1992) → 378 ha (2009)",
        "integrated cuts most after 10 years of the built-ins with welfare above status quo; "
        "development-first below status quo",
        f"integrated {fmt_pct(integrated)}, development-first {fmt_pct(dev)} against status quo; "
        f"largest cut with welfare above status quo: {best}",
        holds,
        {"integrated": integrated, "development_first": dev, "best_other": best_other},
    )


# --- the six stylized facts of MODEL.md --------------------------------------------------

NEIGHBOURS_WITH_TEAMS = ("huallaga", "ucayali", "loreto", "inambari")


def balloon_fact(lab: Lab, balloon: str) -> Check:
    t = 12
    sq = {
        r: lab.at("status-quo", "coca_ha", t, balloon, r) for r in ("vraem", *NEIGHBOURS_WITH_TEAMS)
    }
    ev = {r: lab.at("eradicate-vraem", "coca_ha", t, balloon, r) for r in sq}
    vraem_fall = sq["vraem"] - ev["vraem"]
    national_fall = lab.at("status-quo", "coca_ha", t, balloon) - lab.at(
        "eradicate-vraem", "coca_ha", t, balloon
    )
    rises = {r: ev[r] / sq[r] - 1.0 for r in NEIGHBOURS_WITH_TEAMS}
    holds = (
        ev["vraem"] < 0.5 * sq["vraem"]
        and min(rises.values()) > 0.10
        and national_fall < 0.25 * vraem_fall
    )
    return Check(
        "balloon",
        "Balloon: all teams on the VRAEM, against the status quo after 3 years",
        "Peru 2011: zones with no eradication grew 40% while one zone took 59% of it",
        "VRAEM below half; each neighbour that lost its teams +10% or more; national fall "
        "under a quarter of the VRAEM's",
        f"VRAEM {fmt_pct(ev['vraem'] / sq['vraem'] - 1)}; neighbours "
        + ", ".join(f"{fmt_pct(v)}" for v in rises.values())
        + f"; national fall {national_fall / max(vraem_fall, 1):.0%} of the VRAEM's",
        holds,
        {
            "vraem": ev["vraem"] / sq["vraem"] - 1,
            "national_share": national_fall / max(vraem_fall, 1),
        },
    )


def rebound_fact(lab: Lab, balloon: str) -> Check:
    stop = lambda t: lab.at("stop-eradication", "coca_ha", t, balloon)  # noqa: E731
    rise = stop(8) / stop(0) - 1.0
    over_sq = stop(8) / lab.at("status-quo", "coca_ha", 8, balloon) - 1.0
    holds = rise > 0.12 and over_sq > 0.10 and stop(4) < stop(8)
    return Check(
        "rebound",
        "Rebound: eradication stopped",
        "Peru 2020–22: eradication collapsed, the area rose from 61,777 to 95,008 ha",
        "+12% or more in two years, and +10% over the status quo; still growing at 2 years",
        f"{fmt_pct(rise)} in two years, {fmt_pct(over_sq)} over the status quo",
        holds,
        {"rise_8": rise, "over_status_quo": over_sq},
    )


def eradication_hurts_fact(lab: Lab, balloon: str) -> Check:
    welfare = lab.at("eradicate-all", "welfare", 12, balloon) - lab.at(
        "status-quo", "welfare", 12, balloon
    )
    violence = lab.at("eradicate-all", "violence", 12, balloon) - lab.at(
        "status-quo", "violence", 12, balloon
    )
    sq40 = lambda m: lab.at("status-quo", m, TURNS, balloon)  # noqa: E731
    integ = lambda m, t=TURNS: lab.at("integrated", m, t, balloon)  # noqa: E731
    cut = integ("coca_ha") / sq40("coca_ha") - 1.0
    early = lab.at("status-quo", "coca_ha", 12, balloon) - integ("coca_ha", 12)
    late = sq40("coca_ha") - integ("coca_ha")
    others = [
        lab.at(s, "welfare", TURNS, balloon) < integ("welfare") - 1.0
        for s in ("eradicate-all", "interdiction-first")
    ]
    holds = (
        welfare < -1.0
        and violence > 1.0
        and cut < -0.05
        and integ("welfare") > sq40("welfare") - 1.0
        and late > early
        and all(others)
    )
    return Check(
        "eradication-hurts",
        "Eradication alone hurts; integrated development lasts",
        "Rozo 2014: +4 pp poverty per 1% of area sprayed; San Martín's lasting cut",
        "eradicate-all after 3 years: welfare −1 or worse, violence +1 or more; integrated "
        "after 10 years: coca −5% or more, welfare kept, the cut deepening",
        f"eradicate-all: welfare {welfare:+.1f}, violence {violence:+.1f}; integrated: coca "
        f"{fmt_pct(cut)}, welfare {integ('welfare') - sq40('welfare'):+.1f}",
        holds,
        {
            "welfare": welfare,
            "violence": violence,
            "integrated_cut": cut,
            "integrated_welfare": integ("welfare") - sq40("welfare"),
            "deepening": late - early,
            "others_welfare_gap": max(
                lab.at(s, "welfare", TURNS, balloon) - integ("welfare")
                for s in ("eradicate-all", "interdiction-first")
            ),
        },
    )


def cosmetic_fact(lab: Lab, balloon: str) -> Check:
    t = 4
    at = lambda s, m: lab.at(s, m, t, balloon)  # noqa: E731
    seized_rise = at("interdiction-first", "seized_t") / at("status-quo", "seized_t") - 1.0
    output_fall = 1.0 - at("interdiction-first", "cocaine_t") / at("status-quo", "cocaine_t")
    approval = at("interdiction-first", "approval") - at("status-quo", "approval")
    state = lab.batch("interdiction-first", balloon).final_state
    sq_state = lab.batch("status-quo", balloon).final_state
    gap = float((state.headline_index - state.real_index).mean())
    sq_gap = float((sq_state.headline_index - sq_state.real_index).mean())
    holds = (
        seized_rise > 1.0
        and output_fall < 0.25 * seized_rise
        and approval > 3.0
        and gap > sq_gap + 10
    )
    return Check(
        "cosmetic",
        "Cosmetic results: interdiction raises the headlines faster than it cuts output",
        'the source article: enforcement alone gives "cosmetic results"',
        "in a year seizures more than double while output falls by under a quarter of that; "
        "approval +3; the headline index runs 10 points further ahead of the real one",
        f"seizures {fmt_pct(seized_rise)}, output −{output_fall:.0%}, approval {approval:+.1f}; "
        f"headline gap {gap - sq_gap:+.0f} points",
        holds,
        {"seized_rise": seized_rise, "output_fall": output_fall, "approval": approval},
    )


def prices_fact(lab: Lab, balloon: str) -> Check:
    ratio = lambda s, m, t: lab.at(s, m, t, balloon) / lab.at("status-quo", m, t, balloon)  # noqa: E731
    price = ratio("interdiction-first", "leaf_price", 2) - 1.0
    early = 1.0 - ratio("interdiction-first", "coca_ha", 2)
    late = 1.0 - ratio("interdiction-first", "coca_ha", 12)
    shock = abs(ratio("price-crash", "leaf_price", 2) - 1.0)
    policies = [
        abs(ratio(s, "leaf_price", 2) - 1.0)
        for s in ("interdiction-first", "eradicate-all", "eradicate-vraem", "integrated")
    ]
    holds = price < -0.15 and late > 2 * early > 0 and shock > max(policies)
    return Check(
        "prices",
        "Prices: interdiction lowers the farm-gate price, then plantings; "
        "a demand shock moves it most",
        "the 1990s air bridge; the 2020 collapse (−46%)",
        "interdiction-first: price −15% or more in 2 quarters, coca's cut at 3 years over twice "
        "the cut at 2 quarters; the price-crash shock moves the price more than any policy",
        f"price {fmt_pct(price)}; coca −{early:.1%} then −{late:.1%}; shock {shock:.0%} against "
        f"at most {max(policies):.0%}",
        holds,
        {"price": price, "early": early, "late": late, "shock": shock},
    )


def threat_moves_fact(lab: Lab, balloon: str) -> Check:
    ins = lambda s, t: lab.at(s, "insurgency", t, balloon, "vraem")  # noqa: E731
    traf = lambda s, r: lab.at(s, "traffickers", TURNS, balloon, r)  # noqa: E731
    s, q = "military-surge-withdraw", "status-quo"
    holds = (
        ins(s, 12) < ins(q, 12)
        and ins(s, TURNS) > ins(s, 12) + 0.1
        and ins(s, TURNS) > ins(q, TURNS) + 0.1
        and traf(s, "vraem") > traf(q, "vraem") + 0.1
        and traf(s, "loreto") < traf(q, "loreto") - 0.05
    )
    return Check(
        "threat-moves",
        "The threat moves: troops surge in the VRAEM, then leave for the north",
        '"the apparatus moves where the threat is" (the source article)',
        "the remnant pressed down during the surge, then back above where it was and above the "
        "status quo (+0.1); traffickers back in the VRAEM, down where the troops went",
        f"VRAEM remnant {ins(s, 12):.2f} at 3 years (status quo {ins(q, 12):.2f}), "
        f"{ins(s, TURNS):.2f} at 10 (status quo {ins(q, TURNS):.2f}); traffickers VRAEM "
        f"{traf(s, 'vraem') - traf(q, 'vraem'):+.2f}, "
        f"Loreto {traf(s, 'loreto') - traf(q, 'loreto'):+.2f}",
        holds,
        {"surge": ins(s, 12), "after": ins(s, TURNS)},
    )


# --- chance and the score ---------------------------------------------------------------------


def chance_check(lab: Lab, balloon: str) -> Check:
    record = lab.record("status-quo", balloon)
    yearly = record[::4]  # (years + 1, runs) national area at the start of each year
    changes = yearly[1:] / yearly[:-1] - 1.0
    sd = float(np.median(changes.std(axis=0, ddof=1)))
    final = record[TURNS]
    low, median, high = np.quantile(final, [0.1, 0.5, 0.9])
    spread = (high - low) / median
    holds = 0.06 <= sd <= 0.15 and spread >= 0.15
    return Check(
        "chance",
        "Chance: how much the national area moves from year to year under the status quo",
        "Peru 2013–2023: yearly changes −14, −6, +9, +14, +8, +1, +13, +31, +18, −2% (SD 13%)",
        "yearly SD per run 6–15%; p10–p90 after 10 years at least 15% of the median",
        f"yearly SD {sd:.1%} (median over runs); p10–p90 after 10 years {low:,.0f}–{high:,.0f} ha "
        f"({spread:.0%} of the median)",
        holds,
        {"yearly_sd": sd, "spread": spread},
    )


def policies(lab: Lab) -> list[str]:
    """Built-in strategies that are policies: those that impose a shock on the world
    (price-crash) are what-ifs, not something a government can choose."""
    return [s for s in lab.built_ins() if not lab.content.strategies[s].shocks]


def best_by_score(lab: Lab, balloon: str) -> tuple[str, dict[str, float]]:
    scores = {s: float(np.median(lab.batch(s, balloon).score)) for s in policies(lab)}
    return max(scores, key=scores.get), scores


def no_dominant_check(lab: Lab, balloon: str) -> Check:
    best = {b: best_by_score(lab, b) for b in BALLOON_STRENGTHS}
    winners = {b: best[b][0] for b in BALLOON_STRENGTHS}
    flip = [
        best[b][1]["eradicate-all"] > best[b][1]["development-first"] for b in ("weak", "strong")
    ]
    medium = best["medium"][1]
    enforcement = medium.get("enforcement-only", float("-inf"))
    holds = (
        len(set(winners.values())) > 1 and flip[0] != flip[1] and enforcement < medium["integrated"]
    )
    return Check(
        "no-dominant",
        "No dominant strategy: what wins depends on how strong the balloon is",
        'the evidence on the balloon is contested; enforcement alone gives "cosmetic results"',
        "best built-in policy by median score differs across balloon settings; eradicate-all and "
        "development-first swap places between weak and strong; enforcement-only below "
        "integrated at medium",
        "best: "
        + ", ".join(f"{b} {w}" for b, w in winners.items())
        + "; eradicate-all vs development-first: "
        + ", ".join(
            f"{b} {best[b][1]['eradicate-all']:.1f}/{best[b][1]['development-first']:.1f}"
            for b in ("weak", "strong")
        )
        + f"; enforcement-only {enforcement:.1f} vs integrated "
        f"{medium['integrated']:.1f} at medium",
        holds,
        {f"best_{b}": 0.0 for b in BALLOON_STRENGTHS},
    )


CHECKS: tuple[Callable[[Lab, str], Check], ...] = (
    cost_per_kg,
    net_cut_check,
    interdiction_fades,
    price_crash_check,
    pandemic_check,
    development_check,
    chance_check,
    no_dominant_check,
    balloon_fact,
    rebound_fact,
    eradication_hurts_fact,
    cosmetic_fact,
    prices_fact,
    threat_moves_fact,
)


def run_evidence(
    lab: Lab, balloon: str = "medium", keys: tuple[str, ...] | None = None
) -> list[Check]:
    """Every check (or those named by ``keys``) under one balloon setting."""
    chosen = [c for c in CHECKS if keys is None or c.__name__ in keys]
    return [check(lab, balloon) for check in chosen]
