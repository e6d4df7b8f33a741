"""Shared fixtures: content is loaded and calibrated once per test session."""

from __future__ import annotations

import pytest

from game.loader import GameSetup, load_content, prepare_game


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture(scope="session")
def setup(content) -> GameSetup:
    return prepare_game(content, "vraem-2022")
