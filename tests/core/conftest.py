"""Fixtures for the HA-free core tests; they also run in a venv without HA."""

from __future__ import annotations

import contextlib

import pytest

from heatpump_sim._core import ensure_core

# Without Home Assistant (or while the integration's glue is broken) the core
# still imports: its parent packages are registered without running them.
ensure_core()


@pytest.fixture
def modbus_sockets(request: pytest.FixtureRequest) -> None:
    """Allow sockets to 127.0.0.1 when pytest-socket blocks them (HA's plugin)."""
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("socket_enabled")
