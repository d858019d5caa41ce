"""The unit's device, and which points are polled, against a real Modbus peer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.const import (
    CONF_DEVICE_ID,
    CONF_PROFILE,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator

from .devices import only_device
from .modbus_fixture import HOST, ModbusTestServer

PROFILE = """
id: firmware_test
name: Firmware test unit
manufacturer: Test
model: T-1
kind: air_to_water
transport: modbus
source: {document: device tests}
points:
  - {key: flow_temperature, name: Flow, quantity: flow_temperature,
     table: holding, address: 10, type: int16, scale: 0.1, unit: "°C"}
  - {key: electrical_power, name: Power, quantity: electrical_power,
     table: input, address: 20, type: uint16, unit: W}
  - {key: firmware_version, name: Firmware, table: holding, address: 30,
     type: uint16, entity: false}
  - {key: pump_speed, name: Pump speed, table: holding, address: 40,
     type: uint16}
  - {key: fan_speed, name: Fan speed, table: holding, address: 50,
     type: uint16}
"""


@pytest.fixture
async def server(socket_enabled: None) -> AsyncIterator[ModbusTestServer]:
    """A peer serving firmware 100 and some speeds."""
    peer = await ModbusTestServer().start()
    for address, value in ((10, 215), (30, 100), (40, 7), (50, 3)):
        await peer.set_holding(address, value)
    yield peer
    await peer.stop()


@pytest.fixture
def entry(
    hass: HomeAssistant, profiles_dir: Path, server: ModbusTestServer
) -> MockConfigEntry:
    """An entry for the peer, its profile among the user's."""
    profiles_dir.mkdir()
    (profiles_dir / "firmware_test.yaml").write_text(PROFILE, encoding="utf-8")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Cellar pump",
        data={
            CONF_TRANSPORT: TransportType.MODBUS_TCP,
            CONF_HOST: HOST,
            CONF_PORT: server.port,
            CONF_DEVICE_ID: 1,
            CONF_PROFILE: "firmware_test",
        },
    )
    entry.add_to_hass(hass)
    return entry


def _device(hass: HomeAssistant, entry: MockConfigEntry) -> dr.DeviceEntry:
    device = only_device(hass, entry)
    assert device is not None
    return device


async def test_device_follows_the_firmware_point(
    hass: HomeAssistant, entry: MockConfigEntry, server: ModbusTestServer
) -> None:
    """One device from setup; its software version changes with the firmware."""
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    device = _device(hass, entry)
    assert (device.name, device.manufacturer, device.model) == (
        "Cellar pump",
        "Test",
        "T-1",
    )
    assert device.sw_version == "100"
    assert (
        len(dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)) == 1
    )

    await server.set_holding(30, 101)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    await coordinator.async_refresh()
    assert _device(hass, entry).sw_version == "101"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_points_are_polled_while_their_entity_listens(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """An enabled point sensor is polled; a disabled one is not."""
    registry = er.async_get(hass)
    registry.async_get_or_create(
        "sensor",
        DOMAIN,
        f"{entry.entry_id}_point_fan_speed",
        config_entry=entry,
        disabled_by=er.RegistryEntryDisabler.USER,
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: HeatPumpCoordinator = entry.runtime_data
    # The first poll ran before any entity listened: no optional point then.
    assert "pump_speed" not in coordinator.data.points
    await coordinator.async_refresh()
    points = coordinator.data.points
    assert points["pump_speed"] == 7
    assert "fan_speed" not in points
    assert points["firmware_version"] == 100  # polled for the device, no entity
    assert await hass.config_entries.async_unload(entry.entry_id)
