"""Diagnostics are redacted; a point the unit refuses raises a repair issue."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heatpump.const import (
    DOMAIN,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.loader import shipped_profiles_dir
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """A strict simulator: addresses outside the map answer exception 2."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", modbus_strict=True, seed=5
    ) as simulator:
        simulator.advance(600)
        yield simulator


async def _setup(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch, profile: str
) -> MockConfigEntry:
    assert sim.modbus is not None
    entry = modbus_entry(sim, profile, title=f"Heat pump at {sim.modbus.address[0]}")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_diagnostics_redact_the_endpoint(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Host, title and unique id never leave in diagnostics; figures do."""
    entry = await _setup(hass, sim, monkeypatch, "generic_air_to_water")
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    text = json.dumps(diagnostics)
    assert "127.0.0.1" not in text
    assert diagnostics["entry"]["data"][CONF_HOST] == "**REDACTED**"
    assert diagnostics["source"]["endpoint"] == "**REDACTED**"
    assert diagnostics["profile"]["id"] == "generic_air_to_water"
    assert diagnostics["quantities"]["flow_temperature"] == pytest.approx(
        float(sim.model.state()[Quantity.FLOW_TEMPERATURE]),
        abs=0.051,
    )
    assert "heat_energy" in diagnostics["metrics"]
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_refused_point_raises_a_repair_issue(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register that moved (exception 2) gets a repair issue; the rest reads."""
    source = shipped_profiles_dir() / "generic" / "generic_air_to_water.yaml"
    profile = yaml.safe_load(source.read_text())
    profile["id"] = "my_air_to_water"
    profile["points"].append(
        {
            "key": "sump_temperature",
            "name": "Sump temperature",
            "table": "input",
            "address": 700,
            "type": "int16",
            "scale": 0.1,
            "unit": "°C",
        }
    )
    folder = Path(hass.config.path("heatpump_profiles"))
    folder.mkdir(exist_ok=True)
    (folder / "my_air_to_water.yaml").write_text(yaml.safe_dump(profile))

    entry = await _setup(hass, sim, monkeypatch, "my_air_to_water")
    coordinator: HeatPumpCoordinator = entry.runtime_data
    await coordinator.async_refresh()
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"point_refused_{entry.entry_id}_sump_temperature"
    )
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["point"] == "Sump temperature"
    assert coordinator.last_update_success
    assert coordinator.data.points["flow_temperature"] is not None
    assert await hass.config_entries.async_unload(entry.entry_id)
