"""A snapshot per platform: every entity's description and state.

The unit is the simulator on a manual clock, so values are deterministic.
Only what is ours is snapshotted (not HA's registry internals, which change
between the two supported HA lines).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from syrupy.assertion import SnapshotAssertion

from custom_components.heatpump.coordinator import HeatPumpCoordinator
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    follow_simulator_clock,
    modbus_entry,
    running_simulator,
)

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.CLIMATE,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.WATER_HEATER,
]


@pytest.fixture
async def sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A winter air-to-water unit after two simulated hours."""
    async with running_simulator(kind="air_to_water", seed=7) as simulator:
        simulator.advance(7200)
        yield simulator


def _ours(hass: HomeAssistant, entry_id: str) -> dict[str, Any]:
    registry = er.async_get(hass)
    result: dict[str, Any] = {}
    for entity in sorted(
        er.async_entries_for_config_entry(registry, entry_id), key=lambda e: e.unique_id
    ):
        state = hass.states.get(entity.entity_id)
        assert state is not None, entity.entity_id
        result[entity.unique_id.removeprefix(f"{entry_id}_")] = {
            "entity_id": entity.entity_id,
            "translation_key": entity.translation_key,
            "device_class": entity.original_device_class,
            "entity_category": entity.entity_category,
            "unit": entity.unit_of_measurement,
            "state": state.state,
            "attributes": dict(state.attributes),
        }
    # Plain strings: newer HA lines key attributes with StrEnums.
    plain: dict[str, Any] = json.loads(json.dumps(result, default=str))
    return plain


@pytest.mark.usefixtures("enable_all_entities")
@pytest.mark.parametrize("platform", PLATFORMS)
async def test_platform_snapshot(
    hass: HomeAssistant,
    sim: Simulator,
    snapshot: SnapshotAssertion,
    monkeypatch: pytest.MonkeyPatch,
    platform: Platform,
) -> None:
    """Names, classes, units and states of one platform's entities."""
    await hass.config.async_set_time_zone("UTC")
    follow_simulator_clock(monkeypatch, sim)
    entry = modbus_entry(sim, entry_id="01SNAPSHOTENTRY", unique_id="snapshot")
    entry.add_to_hass(hass)
    with patch("custom_components.heatpump.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        coordinator: HeatPumpCoordinator = entry.runtime_data
        for _ in range(30):  # five minutes of polls
            sim.advance(10)
            await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert _ours(hass, entry.entry_id) == snapshot
        assert await hass.config_entries.async_unload(entry.entry_id)
