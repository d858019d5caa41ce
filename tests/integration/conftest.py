"""Fixtures for tests that run a real Home Assistant (PHCC)."""

from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/heatpump."""


@pytest.fixture
def enable_all_entities() -> Iterator[None]:
    """Entities that are disabled by default are created enabled too."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield
