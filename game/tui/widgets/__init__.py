"""Widgets of the Balloon Effect TUI: they render state and post messages, nothing more."""
