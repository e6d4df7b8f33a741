"""Step 11 — politics: approval at home, support abroad, the budget, and the headline gap.

Approval and international support reward what the press sees — tonnes seized,
hectares eradicated, a captured leader — and punish violence and harm to civilians;
neither can see coca acreage moving to the next valley. Support pays part of next
quarter's budget. The headline index (seizures and eradication) and the real index
(coca and cocaine) are both kept so that the gap between them can be shown and exposed.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along
from .flows import Flows
from .ledger import Ledger
from .metrics import national_metric
from .orders import Orders, derived
from .state import State
from .world import World


def diplomacy_support(world: World, orders: Orders) -> np.ndarray:
    """(n,) support won by this quarter's diplomacy (diminishing returns)."""
    return world.params.support_per_musd_diplomacy * np.sqrt(orders.diplomacy_musd)


def budget_from_support(world: World, turn: int, support: np.ndarray) -> np.ndarray:
    """Quarter ``turn``'s budget before answers to events: support above its usual level
    adds to the base budget, below it takes away. Money not spent is not part of it: each
    quarter's budget is set afresh, so what a quarter leaves unspent is lost."""
    p, rest = world.params, world.params.support_rest
    return world.budget_at(turn) * (1.0 + p.budget_from_support * (support - rest) / rest)


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    start = world.extras
    seized = add_along(flows.seized_t)
    eradicated_kha = add_along(flows.eradicated_ha) / 1000.0
    # The press reports news: seizures and eradication above the usual quarter.
    seized_news = seized - start["start_seized_t_q"]
    eradicated_news = eradicated_kha - start["start_eradicated_ha_q"] / 1000.0
    violence_now = national_metric(state, "violence")
    w = state.households
    violence_before = add_along(ledger.before["violence"] * w) / np.maximum(add_along(w), 1)
    harm = add_along(flows.harm)
    captured = flows.captured.astype(float)

    ledger.add(
        "approval", "return to the usual mood", p.approval_rate * (p.approval_rest - state.approval)
    )
    ledger.add("approval", "tonnes seized", p.approval_per_t_seized * seized_news)
    ledger.add("approval", "hectares eradicated", p.approval_per_kha_eradicated * eradicated_news)
    ledger.add("approval", "violence", -p.approval_per_violence * (violence_now - violence_before))
    ledger.add("approval", "harm to civilians", -p.approval_per_harm * harm)
    ledger.add("approval", "leader captured", p.approval_per_capture * captured)
    ledger.clip("approval", 0.0, 100.0)

    ledger.add(
        "support", "return to the usual mood", p.support_rate * (p.support_rest - state.support)
    )
    ledger.add("support", "tonnes seized", p.support_per_t_seized * seized_news)
    ledger.add("support", "hectares eradicated", p.support_per_kha_eradicated * eradicated_news)
    ledger.add("support", "diplomacy", derived(world, orders, diplomacy_support))
    ledger.add("support", "leader captured", p.capture_support_gain * captured)
    ledger.clip("support", 0.0, 100.0)

    budget = budget_from_support(world, state.turn + 1, state.support)
    ledger.set("budget_musd", "international support", budget)
    for name, delta in flows.budget_changes.items():
        ledger.add("budget_musd", name, delta)
    ledger.clip("budget_musd", 0.0, None)

    state.headline_index = 100.0 * (
        0.5 * seized / start["start_seized_t_q"]
        + 0.5 * eradicated_kha * 1000.0 / start["start_eradicated_ha_q"]
    )
    state.real_index = 100.0 * (
        0.5 * start["start_coca_ha"] / np.maximum(national_metric(state, "coca_ha"), 1.0)
        + 0.5 * start["start_cocaine_t_q"] / np.maximum(add_along(flows.cocaine_t), 1e-6)
    )
