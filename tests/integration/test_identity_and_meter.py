"""A unit's identity and the meter path, through the real flows and setup.

Simulators on 127.0.0.1 serve the Eastron SDM120 profile, whose manual gives
a serial number (holding register 0xFC00); each simulator serves its own
serial.  Everything goes through Home Assistant's config, options and
reconfigure flows, and the entries are really set up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntry
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er

from custom_components.heatpump.const import (
    CONF_DEVICE_ID,
    CONF_EXTERNAL_ENERGY,
    CONF_EXTERNAL_POWER,
    CONF_PROFILE,
    CONF_SERIAL_NUMBER,
    DOMAIN,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.model import Transport
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.devices import only_device
from tests.integration.simulated import running_simulator

METER = "eastron_sdm120"


class Units:
    """Simulators started on demand, all stopped at the end."""

    def __init__(self, stack: AsyncExitStack, profiles_dir: Path) -> None:
        self._stack, self._dir = stack, profiles_dir

    async def meter(self, seed: int, serial: str | None = None) -> Simulator:
        """An SDM120 measuring a simulated air-to-water unit."""
        sim = await self._stack.enter_async_context(
            running_simulator(
                self._dir,
                kind="air_to_water",
                profiles=(METER,),
                seed=seed,
                serial_number=serial,
            )
        )
        sim.advance(3600)
        return sim

    async def heat_pump(self, seed: int) -> Simulator:
        """The generic air-to-water unit (its simulator profile)."""
        sim = await self._stack.enter_async_context(
            running_simulator(self._dir, kind="air_to_water", seed=seed)
        )
        sim.advance(3600)
        return sim


@pytest.fixture
async def units(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Units]:
    """Start simulators as the test asks; stop them after its entries unload."""
    async with AsyncExitStack() as stack:
        yield Units(stack, profiles_dir)


def _form(sim: Simulator, profile: str | None = None) -> dict[str, Any]:
    assert sim.modbus is not None
    host, port = sim.modbus.address
    form: dict[str, Any] = {
        CONF_HOST: host,
        CONF_PORT: port,
        CONF_DEVICE_ID: sim.modbus.device_id,
    }
    if profile is not None:
        form[CONF_PROFILE] = profile
    return form


async def _add(hass: HomeAssistant, sim: Simulator, profile: str) -> dict[str, Any]:
    """Add a Modbus TCP unit through the user flow; the flow's last result."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "modbus_tcp"}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _form(sim, profile)
    )
    await hass.async_block_till_done()
    return dict(result)


async def _reconfigure(
    hass: HomeAssistant, entry: ConfigEntry, sim: Simulator
) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _form(sim)
    )
    await hass.async_block_till_done()
    return dict(result)


def _entity(hass: HomeAssistant, entry: ConfigEntry, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


def _number(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return float(state.state)


async def _unload_all(hass: HomeAssistant) -> None:
    for entry in hass.config_entries.async_entries(DOMAIN):
        assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def test_the_serial_number_is_the_unique_id(
    hass: HomeAssistant, units: Units
) -> None:
    """Read through the flow, kept in the entry and on the device."""
    sim = await units.meter(seed=11)
    result = await _add(hass, sim, METER)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert sim.serial_number == "1000011"
    assert entry.unique_id == "eastron:1000011"
    assert entry.data[CONF_SERIAL_NUMBER] == "1000011"
    device = only_device(hass, entry)
    assert device is not None
    assert device.serial_number == "1000011"

    # The same meter behind a second gateway (another address): same unit.
    again = await units.meter(seed=13, serial="1000011")
    result = await _add(hass, again, METER)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    await _unload_all(hass)


async def test_a_reconfigure_to_another_unit_is_refused(
    hass: HomeAssistant, units: Units
) -> None:
    """Another serial: abort, nothing changed.  The same serial moved: accepted."""
    first = await units.meter(seed=11)
    other = await units.meter(seed=12)
    moved = await units.meter(seed=14, serial=first.serial_number)
    entry = (await _add(hass, first, METER))["result"]
    data, unique_id = dict(entry.data), entry.unique_id

    result = await _reconfigure(hass, entry, other)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    assert dict(entry.data) == data
    assert entry.unique_id == unique_id

    result = await _reconfigure(hass, entry, moved)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert moved.modbus is not None
    assert entry.data[CONF_PORT] == moved.modbus.address[1]
    assert entry.unique_id == unique_id
    await hass.async_block_till_done()
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.last_update_success

    # The other meter is a unit of its own.
    result = await _add(hass, other, METER)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == "eastron:1000012"
    await _unload_all(hass)


async def test_a_unit_without_a_serial_keeps_its_address_id(
    hass: HomeAssistant, units: Units
) -> None:
    """The generic profile reads no serial: the id stays host:port:device."""
    sim = await units.heat_pump(seed=3)
    profile = sim.profiles[Transport.MODBUS].id
    entry = (await _add(hass, sim, profile))["result"]
    host, port = sim.modbus.address if sim.modbus else ("", 0)
    assert entry.unique_id == f"{host}:{port}:1"
    assert CONF_SERIAL_NUMBER not in entry.data
    await _unload_all(hass)


async def test_a_meter_entry_feeds_a_heat_pump_through_its_options(
    hass: HomeAssistant, units: Units
) -> None:
    """Flow -> meter entry -> the heat pump's options -> its figures."""
    meter_sim = await units.meter(seed=11)
    pump_sim = await units.heat_pump(seed=3)
    meter = (await _add(hass, meter_sim, METER))["result"]
    pump = (await _add(hass, pump_sim, pump_sim.profiles[Transport.MODBUS].id))[
        "result"
    ]
    # The meter shows its readings only: COP and defrost are the heat pump's.
    keys = {
        e.unique_id.removeprefix(f"{meter.entry_id}_")
        for e in er.async_entries_for_config_entry(er.async_get(hass), meter.entry_id)
    }
    assert {"point_active_power", "point_import_active_energy"} <= keys
    assert not {"cop", "heat_energy", "electrical_energy"} & keys
    meter_power = _entity(hass, meter, "point_active_power")
    meter_energy = _entity(hass, meter, "point_import_active_energy")

    result = await hass.config_entries.options.async_init(pump.entry_id)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {CONF_EXTERNAL_POWER: meter_power, CONF_EXTERNAL_ENERGY: meter_energy},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()  # the entry reloads with the meter

    pump_coordinator: HeatPumpCoordinator = pump.runtime_data
    meter_coordinator: HeatPumpCoordinator = meter.runtime_data
    assert pump_coordinator.external is not None
    assert pump_coordinator.external.power_entity == meter_power
    meter_sim.advance(10)
    await meter_coordinator.async_refresh()
    pump_sim.advance(10)
    await pump_coordinator.async_refresh()
    await hass.async_block_till_done()
    measured = _number(hass, meter_power)
    unit_claims = float(pump_sim.state()[Quantity.ELECTRICAL_POWER])
    assert measured > 0
    assert abs(measured - unit_claims) > 1.0, "the two simulators must differ"
    # The meter's figure replaces the unit's own.
    assert _number(hass, _entity(hass, pump, "electrical_power")) == pytest.approx(
        measured, abs=0.5
    )
    await _unload_all(hass)
