"""Shared fixtures: content is loaded and calibrated once per test session."""

from __future__ import annotations

import pytest

from game.loader import GameSetup, load_content, prepare_game


@pytest.fixture(autouse=True)
def _saves_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Autosaves and crash reports of every test go to a temporary folder, not saves/."""
    monkeypatch.setenv("BALLOON_SAVES_DIR", str(tmp_path_factory.mktemp("saves")))


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture(scope="session")
def setup(content) -> GameSetup:
    return prepare_game(content, "vraem-2022")
