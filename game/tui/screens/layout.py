"""The main screen's two layouts: tabs at 80×24, everything at once from 120×40.

Both layouts yield the same widgets with the same ids, so the main screen's code that
fills them does not care which one is showing; only where they sit differs. Why a
recompose rather than CSS: the tabbed layout hides panes with inline styles that CSS
cannot undo, and a wide layout wants the panes in a different tree (columns), not just
shown.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from ...loader import GameSetup
from ...maps import MapLayout
from ..widgets.national import NationalPanel
from ..widgets.orders import OrdersTable
from ..widgets.regionmap import RegionMap

#: The smallest terminal that gets the everything-at-once layout.
WIDE = Size(120, 40)


def is_wide(size: Size) -> bool:
    return size.width >= WIDE.width and size.height >= WIDE.height


def regions_table() -> DataTable:
    """The table of regions; no padding of its own (the main screen's columns bring it)."""
    return DataTable(id="regions-table", cursor_type="row", zebra_stripes=True, cell_padding=0)


def compose_tabbed(setup: GameSetup, layout: MapLayout | None) -> ComposeResult:
    """One view per tab, each with the whole screen (80×24)."""
    with TabbedContent(initial="map", id="tabs"):
        with TabPane("Map", id="map"):
            yield Static(id="layer-line")
            yield RegionMap(setup.world, layout, id="region-map")
        with TabPane("Regions", id="regions"):
            yield regions_table()
        with TabPane("Orders", id="orders"):
            yield Static(id="orders-head")
            yield OrdersTable(setup, id="orders-table")
            yield Static(id="refusal")
        with TabPane("National", id="national"):
            yield NationalPanel(id="national-panel")
        with TabPane("Log", id="log"), VerticalScroll(id="log-scroll"):
            yield Static(id="log-text")


def compose_wide(setup: GameSetup, layout: MapLayout | None) -> ComposeResult:
    """GAME.md's sketch: map and regions on the left; national, orders, events on the right."""
    with Horizontal(id="wide"):
        with Vertical(id="wide-left"):
            with Vertical(id="map-panel", classes="panel") as panel:
                panel.border_title = "Map"
                yield Static(id="layer-line")
                yield RegionMap(setup.world, layout, id="region-map")
            with Vertical(id="regions-panel", classes="panel") as panel:
                panel.border_title = "Regions · enter or d: detail"
                yield regions_table()
            with VerticalScroll(id="log-scroll", classes="panel") as panel:
                panel.border_title = "Events"
                yield Static(id="log-text")
        with Vertical(id="wide-right"):
            with Vertical(id="national-box", classes="panel") as panel:
                panel.border_title = "National"
                yield NationalPanel(id="national-panel", compact=True)
            with Vertical(id="orders-panel", classes="panel") as panel:
                panel.border_title = "Orders"
                yield Static(id="orders-head")
                yield OrdersTable(setup, id="orders-table", compact=True)
                yield Static(id="refusal")
