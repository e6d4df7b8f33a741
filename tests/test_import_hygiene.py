"""The headless core does not pull in the terminal UI, and the engine stays numpy only.

Each check runs in a fresh interpreter, so modules other tests imported do not count.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = ("game.engine", "game.loader", "game.schema", "game.sim", "game.saves", "game.debrief")
UI = ("textual", "rich")

PROBE = """
import importlib, importlib.util, json, pkgutil, sys
wanted = json.loads(sys.argv[1])
imported = []
for name in wanted:
    if importlib.util.find_spec(name) is None:
        continue
    module = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
        if info.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(info.name)
            imported.append(info.name)
print(json.dumps({"imported": imported, "modules": sorted(sys.modules)}))
"""


def fresh_import(*names: str) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(names)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def top_level(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_headless_modules_do_not_import_the_ui():
    result = fresh_import(*HEADLESS)
    assert {"game.engine", "game.loader", "game.schema"} <= set(result["imported"])
    loaded = top_level(result["modules"])
    for ui in UI:
        assert ui not in loaded, f"{ui} imported by the headless modules"


def test_plotting_is_imported_only_to_draw_a_chart():
    """matplotlib (the ``report`` extra) costs most of a second to import: neither the
    command line, nor the game, nor the debrief's modules load it until a chart is drawn."""
    result = fresh_import("game.cli", "game.tui.app", "game.debrief", "game.commands")
    assert "game.debrief.html" in result["imported"]
    assert "matplotlib" not in top_level(result["modules"])


def test_engine_imports_nothing_of_the_project_outside_itself():
    result = fresh_import("game.engine")
    modules = result["modules"]
    outside = [m for m in modules if m.startswith("game.") and not m.startswith("game.engine")]
    assert not outside, f"the engine imports {outside}"
    assert "pydantic" not in top_level(modules), "the engine imports pydantic"


def test_the_subcommands_do_not_import_the_command_line():
    """``game/commands/`` names its errors from ``game.errors``: no cycle through ``cli``."""
    result = fresh_import("game.commands")
    assert any(name.startswith("game.commands.") for name in result["imported"])
    assert "game.cli" not in result["modules"]


def imports_of(path: Path) -> list[str]:
    """Every module a file imports, relative imports resolved, TYPE_CHECKING ones too."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            names.append(module)
            names += [f"{module}.{alias.name}" for alias in node.names]
    return names


def test_screens_and_widgets_do_not_import_the_app():
    """No app ↔ screens cycle: a screen reads the app through ``game.tui.host`` and asks
    it to act with messages, so nothing under screens/ or widgets/ imports ``game.tui.app``
    — not even for type checking."""
    tui = ROOT / "game" / "tui"
    files = sorted([*(tui / "screens").glob("*.py"), *(tui / "widgets").glob("*.py")])
    assert any(f.name == "main.py" for f in files)
    found = [
        f"{f.relative_to(ROOT)} imports {name}"
        for f in files
        for name in imports_of(f)
        if name == "game.tui.app" or name.startswith("game.tui.app.")
    ]
    assert not found, found
    screens = [f"game.tui.screens.{f.stem}" for f in files if f.parent.name == "screens"]
    result = fresh_import(*screens)
    assert "game.tui.screens.main" in result["imported"]
    assert "game.tui.app" not in result["modules"], "importing the screens loads the app"
