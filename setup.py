"""Build hook: a wheel carries the game's content and fact sheet inside the package.

``content/`` and ``seeds/`` live beside ``game/`` in the repository, where designers edit
them; an installed command has nothing beside its package, so the build copies both into
``game/_data/`` (``game.locations`` looks there first). Everything else is in
``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA = ("content", "seeds")


class build_py_with_content(build_py):
    """``build_py``, then the content files copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own files
        target = Path(self.build_lib) / "game" / "_data"
        for name in DATA:
            skip = shutil.ignore_patterns("*.pyc", "__pycache__")
            shutil.copytree(HERE / name, target / name, dirs_exist_ok=True, ignore=skip)


setup(cmdclass={"build_py": build_py_with_content})
