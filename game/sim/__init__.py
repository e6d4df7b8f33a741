"""Headless play: strategies, batch runs and their summaries. No Textual here."""
