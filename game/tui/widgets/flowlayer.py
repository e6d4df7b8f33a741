"""The map's flows overlay: this quarter's growers moving along the routes (the balloon).

The flows are the engine's (``engine.why.grower_flows``, handed over by ``Game``); this
module only finds the drawn route joining each pair of regions and writes arrows along it
with the hectares at the route's label. It reads a route drawing as its points and label
position and a canvas as anything with ``put``, so it does not depend on how the map lays
itself out.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Protocol

from ...engine.why import GrowerFlow
from ...engine.world import World

#: Amber: read on every layer colour and every theme, and not a layer's ramp colour.
FLOW_STYLE = "bold #ffb000"
ARROWS = {(1, 0): "→", (-1, 0): "←", (0, 1): "↓", (0, -1): "↑"}


class Drawing(Protocol):
    points: tuple[tuple[int, int], ...]
    label: str
    label_at: tuple[int, int] | None


class Puts(Protocol):
    def put(self, x: int, y: int, text: str, style: str = "") -> None: ...


def route_flows(
    world: World, drawn: Mapping[str, Drawing], flows: Sequence[GrowerFlow]
) -> list[tuple[Drawing, bool, float]]:
    """(drawing, drawn from its start?, hectares) for each drawn route growers moved along.

    Moves both ways along one route are netted: the arrows show where the balloon went.
    """
    net: dict[str, float] = {}
    for flow in flows:
        for k, route_id in enumerate(world.route_ids):
            a, b = int(world.route_from[k]), int(world.route_to[k])
            if route_id in drawn and {a, b} == {flow.origin, flow.destination}:
                net[route_id] = net.get(route_id, 0.0) + (flow.ha if a == flow.origin else -flow.ha)
                break
    return [(drawn[rid], ha > 0, abs(ha)) for rid, ha in net.items() if abs(ha) >= 1.0]


def hectares(ha: float) -> str:
    return f"{ha / 1000:.1f}k" if ha >= 1000 else f"{ha:.0f}"


def draw_flows(
    canvas: Puts, world: World, drawn: Mapping[str, Drawing], flows: Sequence[GrowerFlow]
) -> None:
    """Arrows along each route growers took this quarter, and the hectares at its label."""
    for drawing, forward, ha in route_flows(world, drawn, flows):
        points = drawing.points if forward else drawing.points[::-1]
        for a, b in itertools.pairwise(points):
            step = ((b[0] > a[0]) - (b[0] < a[0]), (b[1] > a[1]) - (b[1] < a[1]))
            x, y = a
            while (x, y) != b:
                x, y = x + step[0], y + step[1]
                if (x, y) != points[-1]:
                    canvas.put(x, y, ARROWS[step], FLOW_STYLE)
        if drawing.label_at is not None:
            text = hectares(ha)
            if len(drawing.label) >= len(text) + 3:
                text += " ha"
            canvas.put(
                *drawing.label_at, text.center(max(len(drawing.label), len(text))), FLOW_STYLE
            )
