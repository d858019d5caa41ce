"""The climate entity says what it controls: room or flow, never mixed."""

from __future__ import annotations

import pytest
from homeassistant.components.climate import HVACMode

from custom_components.heatpump.core.quantities import Quantity
from tests.integration.test_modbus_e2e import POLL, Harness, harness, sim

__all__ = ["harness", "sim"]  # fixtures, by name


async def test_flow_setpoint_unit_shows_flow_temperatures(harness: Harness) -> None:
    """Generic air-to-water (flow setpoints only): current is the flow, the
    target is the heating flow setpoint, then the cooling one in cool mode."""
    hass, sim = harness.hass, harness.sim
    await harness.run(POLL)
    climate = harness.entity_id("climate", "climate")
    state = hass.states.get(climate)
    assert state is not None
    truth = sim.model.state()
    assert state.attributes["friendly_name"].endswith("Flow temperature control")
    assert state.attributes["current_temperature"] == pytest.approx(
        float(truth[Quantity.FLOW_TEMPERATURE]), abs=0.051
    )
    assert state.attributes["current_temperature"] != pytest.approx(
        float(truth[Quantity.ROOM_TEMPERATURE]), abs=0.5
    )
    assert state.attributes["temperature"] == pytest.approx(
        float(truth[Quantity.TARGET_TEMPERATURE]), abs=0.051
    )
    await hass.services.async_call(
        "climate",
        "set_hvac_mode",
        {"entity_id": climate, "hvac_mode": HVACMode.COOL},
        blocking=True,
    )
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": climate, "temperature": 17},
        blocking=True,
    )
    assert sim.model.state()[Quantity.COOLING_TARGET_TEMPERATURE] == pytest.approx(17)
    state = hass.states.get(climate)
    assert state is not None
    assert state.attributes["temperature"] == 17


async def test_hot_water_only_is_off_on_climate(harness: Harness) -> None:
    """Mode set to hot water only: climate is off (not unknown); the water
    heater shows the operation while the unit heats the tank."""
    hass, sim = harness.hass, harness.sim
    await harness.run(POLL)
    await hass.services.async_call(
        "select",
        "select_option",
        {
            "entity_id": harness.entity_id("select", "point_mode_setting"),
            "option": "dhw",
        },
        blocking=True,
    )
    assert harness.state("climate", "climate") == HVACMode.OFF
    assert sim.model.tank is not None
    sim.model.tank.temp_c = 35.0  # a big draw: the unit heats the tank
    await harness.run(3 * POLL)
    assert harness.state("sensor", "operating_mode") == "dhw"
    assert harness.state("climate", "climate") == HVACMode.OFF
    water_heater = hass.states.get(harness.entity_id("water_heater", "water_heater"))
    assert water_heater is not None
    assert water_heater.state == "heat_pump"  # its operation: on, by heat pump
