"""Screens of the Balloon Effect TUI."""
