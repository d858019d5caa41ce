"""Home Assistant loads the integration's manifest."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration

from custom_components.heatpump.const import DOMAIN

MANIFEST = Path(__file__).parents[2] / "custom_components/heatpump/manifest.json"


async def test_manifest_loads(hass: HomeAssistant) -> None:
    """HA finds the custom integration and reads its manifest."""
    integration = await async_get_integration(hass, DOMAIN)

    assert integration.domain == DOMAIN
    assert integration.name == "Heat Pump Monitor"
    assert integration.is_built_in is False
    assert integration.config_flow is True
    assert "mqtt" in integration.after_dependencies
    assert "mqtt" not in integration.dependencies
    assert str(integration.version) == "0.1.0"


def test_manifest_key_order() -> None:
    """hassfest wants domain, name, then the other keys alphabetically."""
    keys = list(json.loads(MANIFEST.read_text()))
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    for required in ("codeowners", "documentation", "iot_class", "issue_tracker"):
        assert required in keys
    assert {"version", "integration_type", "requirements"} <= set(keys)


def test_requirements_accept_each_line_pymodbus() -> None:
    """The pymodbus requirement admits the version each HA line pins."""
    from packaging.requirements import Requirement

    (requirement,) = json.loads(MANIFEST.read_text())["requirements"]
    spec = Requirement(requirement).specifier
    for pinned in ("3.8.3", "3.13.1", "3.16.1"):
        assert spec.contains(pinned), pinned
