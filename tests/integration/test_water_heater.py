"""The hot water tank's operation is one of Home Assistant's own states."""

from __future__ import annotations

from pathlib import Path

import pytest
from homeassistant.components.water_heater import STATE_HEAT_PUMP
from homeassistant.const import STATE_OFF
from homeassistant.core import HomeAssistant

from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.quantities import Quantity
from tests.integration.simulated import modbus_entry, running_simulator

ENTITY = "water_heater.heat_pump_hot_water_tank"


@pytest.mark.usefixtures("socket_enabled")
async def test_operation_is_heat_pump_while_on_and_off_when_off(
    hass: HomeAssistant, profiles_dir: Path
) -> None:
    """heat_pump while the unit runs or waits, off once it is switched off."""
    async with running_simulator(profiles_dir, kind="water_heater", seed=4) as sim:
        sim.advance(1800)
        entry = modbus_entry(sim)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        state = hass.states.get(ENTITY)
        assert state is not None
        assert state.state == STATE_HEAT_PUMP

        coordinator: HeatPumpCoordinator = entry.runtime_data
        await coordinator.async_write(Quantity.MODE_SETTING, "off")
        sim.advance(600)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert coordinator.data.metrics is not None
        assert coordinator.data.metrics.operating_mode == "off"
        state = hass.states.get(ENTITY)
        assert state is not None
        assert state.state == STATE_OFF
        assert await hass.config_entries.async_unload(entry.entry_id)
