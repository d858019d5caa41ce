"""Fixtures for tests that run a real Home Assistant (PHCC)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant

from custom_components.heatpump import coordinator
from custom_components.heatpump.const import USER_PROFILES_DIR


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/heatpump."""


@pytest.fixture(autouse=True)
def figures_written_at_once(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pushed reading is shown, and figures over a period are written
    on every change.

    Most tests compare a figure with the truth right after a reading; the
    pacing that holds those writes back is tested where a test is marked
    ``paced`` (it then runs as Home Assistant does).
    """
    if request.node.get_closest_marker("paced") is None:
        monkeypatch.setattr(coordinator, "PERIOD_FIGURES_EVERY", 0.0)
        monkeypatch.setattr(coordinator, "DEFAULT_PUSH_SHOWN_EVERY", 0.0)


@pytest.fixture
def profiles_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """The user-profile folder of a private config dir (created on first write)."""
    hass.config.config_dir = str(tmp_path)
    return tmp_path / USER_PROFILES_DIR


@pytest.fixture
def enable_all_entities() -> Iterator[None]:
    """Entities that are disabled by default are created enabled too."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield
