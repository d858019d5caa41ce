"""The core and the simulator never import Home Assistant."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[1]

# Runs in a fresh interpreter: homeassistant is made unimportable, and the
# integration's __init__ (which is allowed to use HA) is bypassed by
# registering its package without executing it.
_PROBE = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys, types

    class BlockHomeAssistant(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "homeassistant" or name.startswith("homeassistant."):
                raise ImportError(f"core imported {name}")
            return None

    sys.meta_path.insert(0, BlockHomeAssistant())
    for name, path in (
        ("custom_components", "custom_components"),
        ("custom_components.heatpump", "custom_components/heatpump"),
    ):
        module = types.ModuleType(name)
        module.__path__ = [path]
        sys.modules[name] = module

    core = importlib.import_module("custom_components.heatpump.core")
    names = ["custom_components.heatpump.core"]
    prefix = "custom_components.heatpump.core."
    for info in pkgutil.walk_packages(core.__path__, prefix):
        importlib.import_module(info.name)
        names.append(info.name)
    print(len(names))
    print("\\n".join(names))
    """
)


def test_core_imports_without_home_assistant() -> None:
    """Every core module imports with homeassistant unimportable."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    count, *modules = result.stdout.split()
    assert int(count) == len(modules)
    assert "custom_components.heatpump.core.quantities" in modules
    assert "custom_components.heatpump.core.profile.model" in modules


def test_probe_detects_a_home_assistant_import(tmp_path: Path) -> None:
    """The probe itself fails when a core module imports homeassistant."""
    tree = tmp_path / "custom_components/heatpump/core"
    tree.mkdir(parents=True)
    (tree / "__init__.py").write_text("")
    (tree / "leaky.py").write_text("import homeassistant.core\n")
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "core imported homeassistant" in result.stderr
