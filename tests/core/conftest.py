"""Fixtures for the HA-free core tests; they also run in a venv without HA."""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from pathlib import Path

import pytest

_ROOT = Path(__file__).parents[2]


def _make_core_importable() -> None:
    """Import the core even when the integration package itself cannot load.

    ``custom_components/heatpump/__init__.py`` needs Home Assistant; the core
    does not.  Without HA (or while the integration is broken) register the
    package without running its ``__init__``, as tests/test_core_isolation.py
    does, so ``custom_components.heatpump.core`` still imports.
    """
    try:
        importlib.import_module("custom_components.heatpump")
    except Exception:  # any failure of the HA side
        for name, path in (
            ("custom_components", _ROOT / "custom_components"),
            ("custom_components.heatpump", _ROOT / "custom_components" / "heatpump"),
        ):
            if name not in sys.modules:
                module = types.ModuleType(name)
                module.__path__ = [str(path)]
                sys.modules[name] = module


_make_core_importable()


@pytest.fixture
def modbus_sockets(request: pytest.FixtureRequest) -> None:
    """Allow sockets to 127.0.0.1 when pytest-socket blocks them (HA's plugin)."""
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("socket_enabled")
