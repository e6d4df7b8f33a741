"""The installed game: a wheel built from the repository runs outside it.

Why: in a checkout the loader finds ``content/`` and ``seeds/`` beside ``game/``; an
installed command (``pipx install``, ``uv tool install``, ``pip install .``) has only
its package, so the wheel must carry them (``setup.py``) and ``game.locations`` must
find them there. The test builds the real wheel, unpacks it where nothing else of the
repository is, and plays from another folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from game.locations import game_version

ROOT = Path(__file__).resolve().parents[1]
#: What a build reads from the repository (pyproject's readme included).
SOURCES = ("game", "content", "seeds", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def build_wheel(tmp_path: Path) -> Path:
    """The wheel of a copy of the repository (a build writes ``build/`` where it runs)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path / "wheel"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = out.glob("balloon_effect-*.whl")
    return wheel


def test_the_installed_game_finds_its_content_and_saves_outside_the_repository(tmp_path):
    wheel = build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "game/_data/content/models/peru.toml" in names
    assert "game/_data/seeds/facts.toml" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("BALLOON_SAVES_DIR", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, cwd=elsewhere, env=env
        )

    where = run("-c", "import game.locations as l; print(l.INSTALLED, l.CONTENT_DIR)")
    assert where.stdout.split() == ["True", str(site / "game" / "_data" / "content")]
    played = run("-m", "game", "simulate", "--runs", "2", "--quiet")
    assert played.returncode == 0, played.stderr
    saved = run("-m", "game", "simulate", "--save", "first", "--turns", "2", "--quiet")
    assert saved.returncode == 0, saved.stderr
    assert (tmp_path / "data" / "balloon-effect" / "saves" / "first.json").is_file()
    assert list(elsewhere.iterdir()) == []  # nothing written where it was run


def test_version_is_the_package_metadata():
    done = subprocess.run(
        [sys.executable, "-m", "game", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"balloon {game_version()}"
    assert game_version() != "unknown"  # the editable install's metadata
