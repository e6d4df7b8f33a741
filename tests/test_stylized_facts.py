"""MODEL.md's six stylized facts, checked by running the engine.

Every test plays 200 seeded games of built-in strategies (the same seeds for each, so the
comparisons are paired) and checks direction and rough size against the evidence. The
ranges are stated in each test; the figures measured are in the closing notes and the
README.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.loader import prepare_game
from game.schema import Setting, StrategySpec
from game.sim.batch import BatchResult, run_batch
from game.sim.strategy import Strategy, load_strategy

RUNS = 200
SEEDS = np.arange(1000, 1000 + RUNS)
TURNS = 40
NEIGHBOURS_WITH_TEAMS = ("huallaga", "ucayali", "loreto", "inambari")


@pytest.fixture(scope="module")
def batches(content):
    """Batches of the built-in strategies under each balloon strength, played once."""
    cache: dict[tuple[str, str], BatchResult] = {}

    def get(strategy: str, balloon: str = "medium") -> BatchResult:
        key = (strategy, balloon)
        if key not in cache:
            setup = prepare_game(content, "vraem-2022", balloon=balloon)
            cache[key] = run_batch(setup, load_strategy(content, setup, strategy), SEEDS, TURNS)
        return cache[key]

    return get


def at(result: BatchResult, metric: str, turn: int, column: str = "national") -> float:
    return float(result.series(metric, column)[turn])


def net_cut_per_ha(batches, strategy: str, turn: int, balloon: str = "medium") -> float:
    """National coca avoided per hectare eradicated, against no eradication at all."""
    none = at(batches("stop-eradication", balloon), "coca_ha", turn)
    done = batches(strategy, balloon)
    return (none - at(done, "coca_ha", turn)) / at(done, "eradicated_ha", turn)


# 1. Balloon -------------------------------------------------------------------------------


def test_balloon_concentrated_eradication_pushes_coca_to_the_neighbours(batches):
    sq, vraem = batches("status-quo"), batches("eradicate-vraem")
    turn = 12
    # VRAEM falls by more than half against the status quo ...
    assert at(vraem, "coca_ha", turn, "vraem") < 0.5 * at(sq, "coca_ha", turn, "vraem")
    # ... its neighbours that lost their teams rise, each by at least 10% ...
    for region in NEIGHBOURS_WITH_TEAMS:
        assert at(vraem, "coca_ha", turn, region) > 1.1 * at(sq, "coca_ha", turn, region), region
    # ... so the national fall is a small fraction of the VRAEM's (Peru 2011: zones with
    # no eradication grew 40% while one zone took 59% of it).
    vraem_fall = at(sq, "coca_ha", turn, "vraem") - at(vraem, "coca_ha", turn, "vraem")
    national_fall = at(sq, "coca_ha", turn) - at(vraem, "coca_ha", turn)
    assert national_fall < 0.25 * vraem_fall


def test_balloon_net_national_cut_per_hectare_is_well_below_one(batches):
    # Spread eradication over ten years: near Colombia's 0.02–0.11 (an upper bound).
    assert 0.02 <= net_cut_per_ha(batches, "status-quo", 40) <= 0.2
    # Concentrated on the VRAEM: more per hectare, still well below one.
    assert 0.1 <= net_cut_per_ha(batches, "eradicate-vraem", 40) <= 0.6
    assert net_cut_per_ha(batches, "eradicate-vraem", 12) < 0.8


def test_balloon_strength_setting_orders_the_outcome(batches):
    """A stronger balloon gives a smaller net cut: the contested evidence is playable."""
    cuts = [net_cut_per_ha(batches, "eradicate-vraem", 12, b) for b in ("weak", "medium", "strong")]
    assert cuts[0] > cuts[1] > cuts[2]
    abroad = [at(batches("status-quo", b), "displaced_abroad_ha", 12) for b in ("weak", "strong")]
    assert abroad[1] > 2 * abroad[0]


# 2. Rebound -------------------------------------------------------------------------------


def test_rebound_when_eradication_stops(batches):
    stop, sq = batches("stop-eradication"), batches("status-quo")
    # Peru 2020–22: eradication collapsed and the national area rose by half in two years.
    assert at(stop, "coca_ha", 8) > 1.12 * at(stop, "coca_ha", 0)
    assert at(stop, "coca_ha", 8) > 1.1 * at(sq, "coca_ha", 8)
    assert at(stop, "coca_ha", 4) < at(stop, "coca_ha", 8)  # it takes time to grow back


# 3. Eradication alone hurts; integrated development gives lasting cuts ----------------------


def test_eradication_without_alternatives_lowers_welfare_and_raises_violence(batches):
    sq, alone = batches("status-quo"), batches("eradicate-all")
    assert at(alone, "welfare", 12) < at(sq, "welfare", 12) - 1.0
    assert at(alone, "violence", 12) > at(sq, "violence", 12) + 1.0


def test_integrated_development_cuts_coca_without_hurting_welfare(batches):
    sq, integrated = batches("status-quo"), batches("integrated")
    assert at(integrated, "coca_ha", 40) < 0.95 * at(sq, "coca_ha", 40)
    assert at(integrated, "welfare", 40) > at(sq, "welfare", 40) - 1.0
    # the cut deepens over time instead of fading
    early = at(sq, "coca_ha", 12) - at(integrated, "coca_ha", 12)
    late = at(sq, "coca_ha", 40) - at(integrated, "coca_ha", 40)
    assert late > early
    # the policies that cut coca by force or by price leave communities worse off
    for other in ("eradicate-all", "interdiction-first"):
        assert at(batches(other), "welfare", 40) < at(integrated, "welfare", 40) - 1.0, other


# 4. Cosmetic results ------------------------------------------------------------------------


def test_interdiction_raises_headlines_faster_than_it_cuts_output(batches):
    sq, interdiction = batches("status-quo"), batches("interdiction-first")
    turn = 4
    seized_rise = at(interdiction, "seized_t", turn) / at(sq, "seized_t", turn) - 1.0
    output_fall = 1.0 - at(interdiction, "cocaine_t", turn) / at(sq, "cocaine_t", turn)
    assert seized_rise > 1.0  # seizures more than double ...
    assert output_fall < 0.25 * seized_rise  # ... while real output barely moves
    assert at(interdiction, "approval", turn) > at(sq, "approval", turn) + 3.0
    state = interdiction.final_state
    gap = (state.headline_index - state.real_index).mean()
    sq_gap = (sq.final_state.headline_index - sq.final_state.real_index).mean()
    assert gap > sq_gap + 10.0  # the report shows the headline running ahead of reality


# 5. Prices --------------------------------------------------------------------------------


def test_interdiction_lowers_farm_gate_prices_then_plantings(batches):
    sq, interdiction = batches("status-quo"), batches("interdiction-first")
    assert at(interdiction, "leaf_price", 2) < 0.85 * at(sq, "leaf_price", 2)
    early = 1.0 - at(interdiction, "coca_ha", 2) / at(sq, "coca_ha", 2)
    late = 1.0 - at(interdiction, "coca_ha", 12) / at(sq, "coca_ha", 12)
    assert late > 2 * early > 0  # plantings follow the price with a lag


def test_a_demand_shock_moves_prices_more_than_any_single_policy(batches):
    def price_move(strategy: str) -> float:
        return abs(
            at(batches(strategy), "leaf_price", 2) / at(batches("status-quo"), "leaf_price", 2) - 1
        )

    shock = price_move("price-crash")
    for policy in ("interdiction-first", "eradicate-all", "eradicate-vraem", "integrated"):
        assert shock > price_move(policy), policy


# 6. The threat moves ----------------------------------------------------------------------


def test_withdrawing_troops_lets_the_remnant_and_traffickers_recover(batches):
    sq, surge = batches("status-quo"), batches("military-surge-withdraw")
    # during the surge the remnant is pressed below the status quo ...
    assert at(surge, "insurgency", 12, "vraem") < at(sq, "insurgency", 12, "vraem")
    # ... after the troops leave it recovers, above where it was and above the status quo
    assert at(surge, "insurgency", 40, "vraem") > at(surge, "insurgency", 12, "vraem") + 0.1
    assert at(surge, "insurgency", 40, "vraem") > at(sq, "insurgency", 40, "vraem") + 0.1
    assert at(surge, "traffickers", 40, "vraem") > at(sq, "traffickers", 40, "vraem") + 0.1
    # and where the troops went, traffickers lose ground
    assert at(surge, "traffickers", 40, "loreto") < at(sq, "traffickers", 40, "loreto") - 0.05


def test_phased_strategy_built_in_code_matches_the_file_format(content, setup):
    """Strategies are data: one built from the schema behaves like a file's."""
    spec = StrategySpec(
        id="surge-test",
        name="surge",
        description="troops to the VRAEM for two quarters",
        settings=[Setting(from_turn=0, until_turn=2, all_troops_to="vraem")],
    )
    strategy = Strategy(spec=spec, setup=setup)
    result = run_batch(setup, strategy, SEEDS[:4], 3)
    troops = strategy.orders(result.final_state).troops
    assert troops.sum() == setup.start_orders.troops.sum()  # turn 3: back to the start
    first = Strategy(spec=spec, setup=setup).orders(
        run_batch(setup, strategy, SEEDS[:4], 0).final_state
    )
    assert first.troops[0, setup.world.region_index("vraem")] == setup.world.troops_available
