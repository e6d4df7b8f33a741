"""The headless core does not pull in the terminal UI, and the engine stays numpy only.

Each check runs in a fresh interpreter, so modules other tests imported do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEADLESS = ("game.engine", "game.loader", "game.schema", "game.sim", "game.saves")
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
