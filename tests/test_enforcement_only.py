"""Enforcement alone never beats the integrated strategy on the medium balloon.

The evidence check ``no-dominant`` tests this for the one built-in ``enforcement-only``;
the claim is wider — *any* strategy that spends only on enforcement (teams, troops,
interdiction, precursors, intelligence, diplomacy; nothing on development, roads or
Indigenous land) scores below integrated. Here it is tested on a seeded sample of
random enforcement-only strategies, static and in phases, and on the strongest one a
search found (``fixtures/strategies/enforcement-strongest.toml``, whose header says how).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.schema import OrdersSpec, Setting, StrategySpec
from game.sim.evidence import Lab
from game.sim.strategy import load_strategy

STRONGEST = Path(__file__).parent / "fixtures" / "strategies" / "enforcement-strongest.toml"
SAMPLE = 16


@pytest.fixture(scope="module")
def lab(content) -> Lab:
    return Lab(content, runs=200)


def median_score(lab: Lab, strategy: str | StrategySpec) -> float:
    return float(np.median(lab.batch(strategy, "medium").score))


def random_orders(rng: np.random.Generator, lab: Lab) -> OrdersSpec:
    """Every team and troop split at random over the coca regions, and random money on
    the exit routes the start watches, precursors, intelligence and diplomacy."""
    setup = lab.setup("medium")
    world = setup.world
    regions = [r for i, r in enumerate(world.region_ids) if world.grows_coca[i] > 0]
    spend = setup.base_orders.interdiction_musd[0]
    exits = [r for k, r in enumerate(world.route_ids) if spend[k] > 0]

    def split(total: float, keys: list[str]) -> dict[str, float]:
        shares = rng.dirichlet(np.full(len(keys), rng.choice([0.3, 1.0, 3.0])))
        return {k: float(np.floor(total * s)) for k, s in zip(keys, shares, strict=True)}

    interdiction = rng.uniform(0, 60) * rng.dirichlet(np.ones(len(exits)))
    return OrdersSpec(
        eradication_teams=split(rng.integers(0, setup.scenario.teams + 1), regions),
        troops=split(rng.integers(0, setup.scenario.troops + 1), regions),
        interdiction_musd=dict(zip(exits, map(float, interdiction), strict=True)),
        precursor_musd=float(rng.uniform(0, 10)),
        intelligence_musd=float(rng.uniform(0, 10)),
        diplomacy_musd=float(rng.uniform(0, 5)),
    )


def random_enforcement_only(seed: int, lab: Lab) -> StrategySpec:
    rng = np.random.default_rng(seed)
    cuts = sorted(int(c) for c in rng.choice(np.arange(4, 36), rng.integers(0, 3), replace=False))
    starts, ends = [0, *cuts], [*cuts, None]
    settings = [
        Setting(from_turn=a, until_turn=b, orders=random_orders(rng, lab))
        for a, b in zip(starts, ends, strict=True)
    ]
    return StrategySpec(
        id=f"enforcement-{seed}",
        name=f"random enforcement {seed}",
        description="random enforcement-only orders",
        start_from="nothing",
        settings=settings,
    )


def test_no_random_enforcement_only_strategy_beats_integrated(lab):
    integrated = median_score(lab, "integrated")
    scores = {s: median_score(lab, random_enforcement_only(s, lab)) for s in range(SAMPLE)}
    best = max(scores, key=scores.get)
    assert scores[best] < integrated, (
        f"random enforcement-only strategy {best} scores {scores[best]:.1f}, "
        f"integrated {integrated:.1f}: {random_enforcement_only(best, lab).model_dump_json()}"
    )


def test_the_strongest_enforcement_only_strategy_found_stays_below_integrated(lab, content):
    spec = load_strategy(content, lab.setup("medium"), str(STRONGEST)).spec
    spends = [s.orders for s in spec.settings]
    assert all(
        not (o.development_musd or o.infrastructure_musd or o.indigenous_musd) for o in spends
    )
    assert median_score(lab, spec) < median_score(lab, "integrated")
