"""The schematic map: region boxes joined by their routes, coloured by a chosen layer.

The layout is drawn on a character canvas from coordinates (boxes and route polylines)
rather than from a fixed picture, so a route's kind and its interdiction can change how
it is drawn, and a click can be traced back to the box under it. The coordinates are
content (``content/maps``, ``game.maps``): a new region draws once its box is in a map
file. Scenarios without a map get boxes on a grid, with no lines.
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
from ...maps import BOX_HEIGHT, MapLayout
from ..view import LAYERS, RAMP, RAMP_TEXT, SHADES, layer_badness, layer_values, ramp_step
from .flowlayer import draw_flows

#: The fallback grid (a scenario without a map file): boxes in rows of four.
GRID_W, GRID_BOX_W = 19, 18


@dataclass(frozen=True)
class Box:
    """A box as drawn: cells on the canvas, after stretching to the widget's width."""

    x: int
    y: int
    w: int


@dataclass(frozen=True)
class RouteDraw:
    """A route's line as drawn."""

    points: tuple[tuple[int, int], ...]
    label: str = ""
    label_at: tuple[int, int] | None = None


def stretch(layout: MapLayout, width: int) -> tuple[dict[str, Box], dict[str, RouteDraw], int]:
    """The layout's boxes and routes widened to ``width`` columns (never narrowed).

    Every column ``c`` goes to ``floor(c × width / layout.width)``: one rule for box
    borders and route points, so a route that ends on a box's border still ends there,
    and a straight line stays straight. Rows are kept (a box is 3 rows whatever the
    height). Returns the boxes, the routes and the canvas width.
    """
    scale = max(width / layout.width, 1.0)

    def col(c: int) -> int:
        return int(c * scale)

    boxes = {
        rid: Box(col(b.x), b.y, col(b.x + b.w - 1) - col(b.x) + 1)
        for rid, b in layout.boxes.items()
    }
    routes = {
        rid: RouteDraw(
            tuple((col(x), y) for x, y in r.points),
            r.label,
            None if r.label_at is None else (col(r.label_at[0]), r.label_at[1]),
        )
        for rid, r in layout.routes.items()
    }
    return boxes, routes, max(col(layout.width - 1) + 1, width if scale > 1 else 0)


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
    return {
        rid: Box((i % 4) * GRID_W, (i // 4) * (BOX_HEIGHT + 1), GRID_BOX_W)
        for i, rid in enumerate(world.region_ids)
    }


class RegionMap(Widget, can_focus=True):
    """The map of regions and routes; click a box (or use the table) to select a region."""

    DEFAULT_CSS = """
    RegionMap { height: auto; width: 100%; }
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

    def __init__(self, world: World, layout: MapLayout | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.world = world
        #: the scenario's map (``maps.map_for``), or None: boxes on a grid, no lines
        self.map_layout = layout
        self.short_names = dict(layout.short_names) if layout is not None else {}
        self.boxes, self.routes, self.canvas_width = self.drawn(0)
        self.state: State | None = None
        self.interdiction: dict[str, float] = {}
        self.flows: list[GrowerFlow] = []

    def drawn(self, width: int) -> tuple[dict[str, Box], dict[str, RouteDraw], int]:
        """Boxes, routes and canvas width for a widget ``width`` columns wide."""
        if self.map_layout is None:
            boxes = grid_boxes(self.world)
            return boxes, {}, max(b.x + b.w for b in boxes.values())
        boxes, routes, canvas = stretch(self.map_layout, width)
        known = set(self.world.route_ids)  # a map may draw more routes than a scenario has
        return boxes, {k: v for k, v in routes.items() if k in known}, canvas

    def on_resize(self, event: events.Resize) -> None:
        """The map grows with the terminal: stretched to the width it is given."""
        self.boxes, self.routes, self.canvas_width = self.drawn(event.size.width)
        self.refresh()

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
        return self.map_layout.width if self.map_layout is not None else self.canvas_width

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if self.map_layout is not None:
            return self.map_layout.height
        return max(b.y + BOX_HEIGHT for b in self.boxes.values())

    def render(self) -> Text:
        layout = self.map_layout
        height = layout.height if layout is not None else self.get_content_height(0, 0, 0)
        canvas = Canvas(self.canvas_width, height)
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
        name = self.short_names.get(rid, self.world.region_names[index])[: box.w - 5]
        grows = bool(self.world.grows_coca[index])
        body_style = ""
        fill = " "
        if value is None or (self.map_layer == "coca_ha" and not grows):
            # a region without coca is not "good" on the coca layer: grey, and says why
            colour, body = "#555555", "no coca · ports" if not grows else ""
            body_style = "italic #d0d0d0 on #3a3a3a"
        else:
            step = ramp_step(layer_badness(self.map_layer, value))
            colour, body = RAMP[step], METRICS[self.map_layer].fmt.text(value)
            body_style = f"bold {RAMP_TEXT[step]} on {colour}"
            if self.app.no_color:
                # without colour the step is read from the shade around the value
                fill, body = SHADES[step], f" {body} "
        chosen = index == self.selected
        border = f"bold {colour}" + (" reverse" if chosen else "")
        inner = box.w - 2
        top = f"╭─ {name} " + "─" * (inner - len(name) - 3) + "╮"
        canvas.put(box.x, box.y, top, border)
        canvas.put(box.x, box.y + 1, "│", border)
        canvas.put(box.x + 1, box.y + 1, body.center(inner, fill), body_style)
        canvas.put(box.x + box.w - 1, box.y + 1, "│", border)
        canvas.put(box.x, box.y + 2, "╰" + "─" * inner + "╯", border)

    def region_at(self, x: int, y: int) -> int | None:
        for i, rid in enumerate(self.world.region_ids):
            b = self.boxes[rid]
            if b.x <= x < b.x + b.w and b.y <= y < b.y + BOX_HEIGHT:
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
