"""Balloon Effect."""
