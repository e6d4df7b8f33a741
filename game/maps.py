"""The schematic map's layout as content: where each region's box and each route's line go.

A map file (``content/maps/*.toml``) places one scenario's regions and routes on a grid
of character cells; the TUI's map widget draws whichever map has exactly the scenario's
regions, so a designer who adds a region (or a scenario on new regions) adds its box to
a map file and it draws, with no code. Without a map, the widget puts the boxes on a
grid. Validated by pydantic like every content file: a box off the grid, a route with a
diagonal step or two routes with one label are refused naming the file and the field.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from .content_errors import read_toml, validate
from .schema import FieldProblem, Strict

#: A point on the map: column, row (0, 0 is the top left).
Point = tuple[int, int]
#: The height of a region's box: its top border with the name, its value, its bottom.
BOX_HEIGHT = 3


class BoxSpec(Strict):
    """A region's box: its top-left cell and its width (the name must fit in it)."""

    x: int = Field(ge=0)
    y: int = Field(ge=0)
    w: int = Field(ge=8, le=60)


class RouteSpec(Strict):
    """A route's line, from one box's edge to the other's, in straight steps.

    ``label`` is written at ``label_at``; a label starting with ► marks a route that
    leaves the country (its far end is an arrow, not a box).
    """

    points: list[Point] = Field(min_length=2)
    label: str = ""
    label_at: Point | None = None

    @field_validator("points")
    @classmethod
    def _straight_steps(cls, points: list[Point]) -> list[Point]:
        for n, (a, b) in enumerate(itertools.pairwise(points)):
            if a == b or (a[0] != b[0] and a[1] != b[1]):
                raise ValueError(
                    f"points {n} and {n + 1} ({list(a)} → {list(b)}) are not one straight "
                    "step across or down"
                )
        return points

    @model_validator(mode="after")
    def _label_has_a_place(self) -> RouteSpec:
        if self.label and self.label_at is None:
            raise FieldProblem("label_at", "a label needs label_at, where it is written")
        return self


class MapLayout(Strict):
    """One map: its size in cells, a box per region, a line per route (by id)."""

    width: int = Field(ge=20, le=400)
    height: int = Field(ge=BOX_HEIGHT, le=200)
    boxes: dict[str, BoxSpec] = Field(min_length=1)
    routes: dict[str, RouteSpec] = Field(default_factory=dict)
    #: names shorter than the scenario's, where the box is narrow
    short_names: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _on_the_grid(self) -> MapLayout:
        for rid, box in self.boxes.items():
            if box.x + box.w > self.width or box.y + BOX_HEIGHT > self.height:
                raise FieldProblem(
                    f"boxes.{rid}",
                    f"reaches ({box.x + box.w}, {box.y + BOX_HEIGHT}), past the map's "
                    f"{self.width}×{self.height}",
                )
        labels: dict[str, str] = {}
        for route_id, route in self.routes.items():
            for x, y in route.points:
                if not (0 <= x < self.width and 0 <= y < self.height):
                    raise FieldProblem(f"routes.{route_id}.points", f"({x}, {y}) is off the map")
            if route.label:
                if route.label in labels:
                    raise FieldProblem(
                        f"routes.{route_id}.label",
                        f"{route.label!r} is also the label of {labels[route.label]}: "
                        "two routes never share a label",
                    )
                labels[route.label] = route_id
        for rid in self.short_names:
            if rid not in self.boxes:
                raise FieldProblem(f"short_names.{rid}", "no box of that region")
        return self


def load_maps(content_dir: Path) -> dict[str, MapLayout]:
    """Every map file in ``content_dir/maps``, by file name (no folder: no maps)."""
    folder = content_dir / "maps"
    if not folder.is_dir():
        return {}
    maps = {}
    for path in sorted(folder.glob("*.toml")):
        maps[path.stem] = validate(MapLayout, read_toml(path), path)
    return maps


def map_for(maps: dict[str, MapLayout], region_ids: Collection[str]) -> MapLayout | None:
    """The map of exactly these regions, if there is one."""
    for layout in maps.values():
        if set(layout.boxes) == set(region_ids):
            return layout
    return None


__all__ = ["BOX_HEIGHT", "BoxSpec", "MapLayout", "RouteSpec", "load_maps", "map_for"]
