"""Why a national figure moved: its change over a turn, split into named parts.

The report answers "why?" for the national figures as it does for a region's coca, and
the parts must add up to the change the player reads, or the answer is a story rather
than an account. Each figure is split where its mechanism says how it is made:

- approval and support are ledgered as they are: their entries are the parts;
- the armed remnant and the leaf price are averages over the regions (weighted by
  households and by coca): each ledger entry counts with the regions' new weights, and
  what is left is the weights themselves moving (people or coca changing region);
- cocaine made is a sum over the regions: the parts are the regions' changes;
- seizures are this quarter's tonnes: the parts are the routes they were seized on.

Growers who leave a region are shown by where they went (``grower_moves``), and the
turn's flows between regions are listed for the map (``grower_flows``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .arrays import add_along
from .metrics import METRICS, Aggregate
from .turn import TurnResult
from .world import World

#: National figures with a breakdown, in the order the report offers them.
NATIONAL_WHY: tuple[str, ...] = (
    "approval",
    "support",
    "insurgency",
    "cocaine_t",
    "seized_t",
    "leaf_price",
)
#: What moving weights are called in a weighted average's breakdown.
SHIFT_NAMES = {
    Aggregate.HOUSEHOLDS: "people moving between regions",
    Aggregate.COCA: "where the coca grows",
}
#: The eradication entry a region's coca breakdown splits by where its growers went.
ERADICATION = "eradication"


def ranked(parts: dict[str, float]) -> list[tuple[str, float]]:
    """Parts largest first, with zeros and rounding noise (a millionth of the largest) left
    out: a part that is not there is not drawn."""
    scale = max((abs(v) for v in parts.values()), default=0.0)
    rows = [(n, v) for n, v in parts.items() if abs(v) > max(1e-9, 1e-6 * scale)]
    return sorted(rows, key=lambda kv: -abs(kv[1]))


def national_parts(
    world: World, result: TurnResult, key: str, route_names: Sequence[str], run: int = 0
) -> dict[str, float]:
    """Named parts of the change of national figure ``key`` over the turn, for one run.

    They sum to the change of ``metrics.national_metric`` from the state the turn started
    from to ``result.state`` (``seized_t``: this quarter's seizures). ``route_names``
    name the routes, in the world's order.
    """
    ledger, flows = result.ledger, result.flows
    metric = METRICS[key]
    if key == "cocaine_t":
        change = flows.cocaine_t[run] - flows.cocaine_before[run]
        return {f"made in {world.region_names[r]}": float(change[r]) for r in range(world.regions)}
    if key == "seized_t":
        tonnes = flows.route_seized_t[run]
        return {f"on {route_names[k]}": float(tonnes[k]) for k in range(world.routes)}
    if metric.aggregate is Aggregate.NATIONAL:
        return {name: float(v[run]) for name, v in ledger.contributions(key).items()}
    weight = {Aggregate.HOUSEHOLDS: "households", Aggregate.COCA: "coca_ha"}[metric.aggregate]
    w0, w1 = ledger.before[weight][run], getattr(result.state, weight)[run]
    d0, d1 = max(float(add_along(w0)), 1.0), max(float(add_along(w1)), 1.0)
    parts = {
        name: float(add_along(w1 * v[run]) / d1) for name, v in ledger.contributions(key).items()
    }
    x0 = ledger.before[key][run]
    parts[SHIFT_NAMES[metric.aggregate]] = float(add_along(w1 * x0) / d1 - add_along(w0 * x0) / d0)
    return parts


def eradication_by_destination(
    world: World, result: TurnResult, region: int, run: int = 0
) -> dict[str, float]:
    """A region's eradication (mature and young), split by what its growers did next.

    Growers whose fields were eradicated and who did not replant or stay moved on; their
    hectares are shown by destination ("eradication → Huallaga"), the rest stays
    "eradication". The parts sum to the eradication entries of the ledger.
    """
    ledger, flows = result.ledger, result.flows
    entries = [ledger.contributions(var).get(ERADICATION) for var in ("coca_ha", "immature_ha")]
    total = sum(float(e[run, region]) for e in entries if e is not None)
    if total == 0.0 or flows.moves is None:
        return {ERADICATION: total} if total else {}
    out = float(flows.moved_out_ha[run, region])
    fled = float(flows.fled_ha[run, region])
    after = 1.0 - fled / out if out > 0 else 0.0  # the movers' share driven by eradication
    parts = {
        f"{ERADICATION} → {world.region_names[j]}": -float(flows.moves[run, region, j]) * after
        for j in range(world.regions)
    }
    parts[f"{ERADICATION} → abroad"] = -float(flows.abroad_ha[run, region]) * after
    parts[ERADICATION] = total - sum(parts.values())
    return parts


@dataclass(frozen=True)
class GrowerFlow:
    """Growers' hectares that left ``origin`` for ``destination`` this quarter."""

    origin: int
    destination: int
    ha: float


def grower_flows(result: TurnResult, run: int = 0, least_ha: float = 1.0) -> list[GrowerFlow]:
    """This quarter's moves between regions of at least ``least_ha``, largest first.

    Empty where the turn kept no book of who went where (a batch's ``record=False``).
    """
    moves = result.flows.moves
    if moves is None:
        return []
    here = moves[run]
    found = [
        GrowerFlow(int(i), int(j), float(here[i, j])) for i, j in np.argwhere(here >= least_ha)
    ]
    return sorted(found, key=lambda f: -f.ha)


def arrivals_by_origin(
    world: World, result: TurnResult, region: int, run: int = 0
) -> dict[str, float]:
    """Growers' hectares that reached ``region`` this quarter, by where they came from.

    They wait to plant (the settlers' pool), so they are not yet in the region's coca.
    """
    moves = result.flows.moves
    if moves is None:
        return {}
    return {
        f"← from {world.region_names[i]}": float(moves[run, i, region])
        for i in range(world.regions)
    }
