"""The schematic map: region boxes joined by their routes, coloured by a chosen layer.

The layout is drawn on a character canvas from coordinates (boxes and route polylines)
rather than from a fixed picture, so a route's kind and its interdiction can change how
it is drawn, and a click can be traced back to the box under it. Scenarios without a
hand-made layout get boxes on a grid, with no lines.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ...engine import State
from ...engine.metrics import METRICS
from ...engine.why import GrowerFlow
from ...engine.world import ROUTE_KINDS, World
from ..view import LAYERS, layer_badness, layer_values, ramp_colour
from .flowlayer import draw_flows

WIDTH, HEIGHT, BOX_H = 78, 18, 3


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int


@dataclass(frozen=True)
class RouteDraw:
    points: tuple[tuple[int, int], ...]
    label: str = ""
    label_at: tuple[int, int] | None = None


#: The map of vraem-2022 (peru-2013 shares it): roughly north at the top, the coast west.
VRAEM_BOXES = {
    "loreto": Box(46, 0, 18),
    "huallaga": Box(18, 3, 19),
    "ucayali": Box(46, 6, 18),
    "coast": Box(0, 10, 19),  # 19 wide: its name and the road from Huallaga both fit
    "vraem": Box(24, 10, 18),
    "la-convencion": Box(14, 14, 20),
    "inambari": Box(46, 14, 18),
}
VRAEM_ROUTES = {
    "huallaga-loreto": RouteDraw(((35, 3), (35, 1), (46, 1)), "river", (38, 1)),
    "huallaga-ucayali": RouteDraw(((36, 4), (47, 4), (47, 6)), "road", (39, 4)),
    "ucayali-loreto": RouteDraw(((58, 2), (58, 6)), "river", (60, 4)),
    "huallaga-coast": RouteDraw(((18, 4), (17, 4), (17, 10)), "road", (12, 7)),
    "vraem-huallaga": RouteDraw(((34, 10), (34, 5)), "road", (36, 7)),
    "vraem-ucayali": RouteDraw(((41, 11), (52, 11), (52, 8)), "river", (44, 11)),
    "vraem-coast": RouteDraw(((24, 11), (18, 11)), "road", (19, 11)),
    "vraem-la-convencion": RouteDraw(((31, 12), (31, 14)), "road", (33, 13)),
    "la-convencion-inambari": RouteDraw(((33, 15), (46, 15)), "road", (37, 15)),
    "inambari-coast": RouteDraw(
        ((55, 16), (55, 17), (4, 17), (4, 12)), "Interoceanic road", (20, 17)
    ),
    "ports-sea": RouteDraw(((10, 12), (10, 13), (12, 13)), "► by container", (13, 13)),
    "vraem-air": RouteDraw(((39, 12), (39, 13), (41, 13)), "► air: Bolivia", (42, 13)),
    "amazon-river": RouteDraw(((63, 1), (65, 1)), "► Col·Brazil", (66, 1)),
    "inambari-air": RouteDraw(((63, 15), (65, 15)), "► Bolivia", (66, 15)),
    "inambari-brazil": RouteDraw(((60, 14), (60, 13), (62, 13)), "► Brazil", (63, 13)),
}
SHORT_NAMES = {"inambari": "Inambari"}

U, D, L, R = (0, -1), (0, 1), (-1, 0), (1, 0)
SINGLE = {
    frozenset((L, R)): "─",
    frozenset((U, D)): "│",
    frozenset((R, D)): "╭",
    frozenset((L, D)): "╮",
    frozenset((R, U)): "╰",
    frozenset((L, U)): "╯",
}
DOUBLE = {
    frozenset((L, R)): "═",
    frozenset((U, D)): "║",
    frozenset((R, D)): "╔",
    frozenset((L, D)): "╗",
    frozenset((R, U)): "╚",
    frozenset((L, U)): "╝",
}
#: a box border cell joined by a route leaving in a direction
TEE = {U: ("┴", "╨"), D: ("┬", "╥"), L: ("┤", "╡"), R: ("├", "╞")}
KIND_STYLE = {"river": "#4f9fd8", "road": "#9a9a9a", "air": "#c678dd", "sea": "#c678dd"}


def direction(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return ((b[0] > a[0]) - (b[0] < a[0]), (b[1] > a[1]) - (b[1] < a[1]))


class Canvas:
    """A grid of characters, each with an optional Rich style."""

    def __init__(self, width: int, height: int) -> None:
        self.chars = [[" "] * width for _ in range(height)]
        self.styles: list[list[str]] = [[""] * width for _ in range(height)]

    def put(self, x: int, y: int, text: str, style: str = "") -> None:
        row = self.chars[y]
        for i, ch in enumerate(text):
            if 0 <= x + i < len(row):
                row[x + i] = ch
                self.styles[y][x + i] = style

    def text(self) -> Text:
        """The canvas as Rich text, one span per run of a style (not one per cell)."""
        out = Text(no_wrap=True, overflow="crop")
        for y, row in enumerate(self.chars):
            if y:
                out.append("\n")
            for style, run in itertools.groupby(zip(self.styles[y], row, strict=True), key=first):
                out.append("".join(ch for _, ch in run), style or None)
        return out


def first(pair: tuple[str, str]) -> str:
    return pair[0]


def grid_boxes(world: World) -> dict[str, Box]:
    """A fallback layout: boxes in rows of four."""
    return {rid: Box((i % 4) * 19, (i // 4) * 4, 18) for i, rid in enumerate(world.region_ids)}


class RegionMap(Widget, can_focus=True):
    """The map of regions and routes; click a box (or use the table) to select a region."""

    DEFAULT_CSS = """
    RegionMap { height: auto; width: auto; }
    """

    map_layer: reactive[str] = reactive(LAYERS[0])
    selected: reactive[int] = reactive(0)
    #: draw this quarter's grower flows along the routes (``g``)
    show_flows: reactive[bool] = reactive(False)

    class RegionClicked(Message):
        """A region's box was clicked on the map."""

        def __init__(self, region: int) -> None:
            self.region = region
            super().__init__()

    def __init__(self, world: World, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.world = world
        # the hand-made map serves every scenario on its map (vraem-2022, peru-2013): the
        # same regions joined by the same routes
        hand_made = set(VRAEM_BOXES) == set(world.region_ids) and set(VRAEM_ROUTES) == set(
            world.route_ids
        )
        self.boxes = VRAEM_BOXES if hand_made else grid_boxes(world)
        self.routes = VRAEM_ROUTES if hand_made else {}
        self.state: State | None = None
        self.interdiction: dict[str, float] = {}
        self.flows: list[GrowerFlow] = []

    def show(
        self, state: State, interdiction: dict[str, float], flows: list[GrowerFlow] | None = None
    ) -> None:
        """Draw a new state (and the routes' interdiction from the draft orders, and the
        last quarter's grower flows)."""
        self.state = state
        self.interdiction = interdiction
        self.flows = flows or []
        self.refresh(layout=True)

    def get_content_width(self, container: object, viewport: object) -> int:
        return WIDTH if self.routes else max(b.x + b.w for b in self.boxes.values())

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(b.y + BOX_H for b in self.boxes.values()) + (1 if self.routes else 0)

    def render(self) -> Text:
        canvas = Canvas(WIDTH, HEIGHT)
        kinds = dict(zip(self.world.route_ids, self.world.route_kind, strict=True))
        for route_id, draw in self.routes.items():
            kind = ROUTE_KINDS[int(kinds.get(route_id, 1))]
            self._draw_route(canvas, draw, kind, self.interdiction.get(route_id, 0.0))
        values = layer_values(self.state, self.map_layer) if self.state is not None else None
        for i, rid in enumerate(self.world.region_ids):
            self._draw_box(canvas, i, rid, None if values is None else float(values[i]))
        # tees where routes meet boxes are drawn after the boxes
        for route_id, draw in self.routes.items():
            kind = ROUTE_KINDS[int(kinds.get(route_id, 1))]
            self._draw_ends(canvas, draw, kind)
        if self.show_flows:
            draw_flows(canvas, self.world, self.routes, self.flows)
        return canvas.text()

    def _draw_route(self, canvas: Canvas, draw: RouteDraw, kind: str, musd: float) -> None:
        chars = DOUBLE if kind in ("air", "sea") else SINGLE
        style = KIND_STYLE[kind] + (" bold" if musd > 0 else " dim" if kind == "road" else "")
        pts = draw.points
        for a, b in itertools.pairwise(pts):
            d = direction(a, b)
            x, y = a
            while (x, y) != b:
                x, y = x + d[0], y + d[1]
                if (x, y) != pts[-1]:
                    canvas.put(x, y, chars[frozenset((d, (-d[0], -d[1])))], style)
        for prev, here, nxt in zip(pts, pts[1:], pts[2:], strict=False):
            back = direction(here, prev)
            canvas.put(*here, chars[frozenset((back, direction(here, nxt)))], style)
        if draw.label and draw.label_at:
            canvas.put(*draw.label_at, draw.label, style)  # bold when interdicted

    def _draw_ends(self, canvas: Canvas, draw: RouteDraw, kind: str) -> None:
        double = kind in ("air", "sea")
        pts = draw.points
        ends = [(pts[0], direction(pts[0], pts[1]))]
        if draw.label_at is None or not draw.label.startswith("►"):
            ends.append((pts[-1], direction(pts[-1], pts[-2])))
        for point, leaving in ends:
            x, y = point
            canvas.chars[y][x] = TEE[leaving][1 if double else 0]

    def _draw_box(self, canvas: Canvas, index: int, rid: str, value: float | None) -> None:
        box = self.boxes[rid]
        name = SHORT_NAMES.get(rid, self.world.region_names[index])[: box.w - 5]
        grows = bool(self.world.grows_coca[index])
        body_style = ""
        if value is None or (self.map_layer == "coca_ha" and not grows):
            # a region without coca is not "good" on the coca layer: grey, and says why
            colour, body = "#555555", "no coca · ports" if not grows else ""
            body_style = "italic #d0d0d0 on #3a3a3a"
        else:
            colour, body = (
                ramp_colour(layer_badness(self.map_layer, value)),
                METRICS[self.map_layer].fmt.text(value),
            )
        chosen = index == self.selected
        border = f"bold {colour}" + (" reverse" if chosen else "")
        inner = box.w - 2
        top = f"╭─ {name} " + "─" * (inner - len(name) - 3) + "╮"
        canvas.put(box.x, box.y, top, border)
        canvas.put(box.x, box.y + 1, "│", border)
        canvas.put(
            box.x + 1, box.y + 1, body.center(inner), body_style or f"bold white on {colour}"
        )
        canvas.put(box.x + box.w - 1, box.y + 1, "│", border)
        canvas.put(box.x, box.y + 2, "╰" + "─" * inner + "╯", border)

    def region_at(self, x: int, y: int) -> int | None:
        for i, rid in enumerate(self.world.region_ids):
            b = self.boxes[rid]
            if b.x <= x < b.x + b.w and b.y <= y < b.y + BOX_H:
                return i
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        region = self.region_at(offset.x, offset.y)
        if region is not None:
            self.post_message(self.RegionClicked(region))

    def watch_map_layer(self) -> None:
        self.refresh()

    def watch_selected(self) -> None:
        self.refresh()

    def watch_show_flows(self) -> None:
        self.refresh()
