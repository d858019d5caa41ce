"""Make the HA-free core importable without running the integration's glue.

``custom_components/heatpump/__init__.py`` imports Home Assistant.  When
Home Assistant is already loaded (a test session with the PHCC plugin), the
real package is imported, so that the integration's tests that follow see
it whole.  Otherwise (the CLI, scripts, benchmarks), or if the glue does not
import, the two parent packages are registered as bare namespaces and only
``custom_components.heatpump.core`` runs — the trick the core isolation test
uses — which also saves a second or two of start-up.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
_PACKAGES = (
    ("custom_components", _ROOT / "custom_components"),
    ("custom_components.heatpump", _ROOT / "custom_components" / "heatpump"),
)


def isolate_core() -> None:
    """Register the parent packages without executing them (if not yet loaded)."""
    if str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))
    for name, path in _PACKAGES:
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)]
            sys.modules[name] = module


def ensure_core() -> None:
    """Import the integration package if it imports; otherwise isolate the core."""
    if "custom_components.heatpump" in sys.modules:
        return
    if "homeassistant" not in sys.modules:
        isolate_core()
        return
    if str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))
    try:
        importlib.import_module("custom_components.heatpump")
    except ImportError:
        for name, _ in reversed(_PACKAGES):
            if name in sys.modules and name.startswith("custom_components.heatpump"):
                del sys.modules[name]
        isolate_core()
