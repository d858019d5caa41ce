"""A heat pump built from what another integration made: HA's own ``modbus``.

The most common real start: a user with a hand-written modbus YAML for a
Lambda EU-L.  Home Assistant's ``modbus`` integration polls the simulator's
real Modbus server; our ``entities`` step guesses every quantity from those
sensors, the numeric operating state gets its value map from what the
recorder saw, and the unit's COP and kWh match the simulator's truth.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_NAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.heatpump.const import CONF_KIND, CONF_MODE_MAP, DOMAIN
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import running_simulator

POLL = 30
"""Seconds between polls of HA's modbus sensors (HA's clock = the model's)."""

# The user's YAML: Lambda "Modbus-Beschreibung" registers of heat pump 1.
SENSORS: list[dict[str, Any]] = [
    {"name": "Lambda ambient temperature", "address": 2, "scale": 0.1,
     "precision": 1, "unit_of_measurement": "°C", "device_class": "temperature"},
    {"name": "Lambda operating state", "address": 1003, "data_type": "uint16"},
    {"name": "Lambda flow line temperature", "address": 1004, "scale": 0.01,
     "precision": 2, "unit_of_measurement": "°C", "device_class": "temperature"},
    {"name": "Lambda return line temperature", "address": 1005, "scale": 0.01,
     "precision": 2, "unit_of_measurement": "°C", "device_class": "temperature"},
    {"name": "Lambda heating capacity", "address": 1011, "scale": 0.1,
     "precision": 1, "unit_of_measurement": "kW", "device_class": "power"},
    {"name": "Lambda inverter power consumption", "address": 1012,
     "unit_of_measurement": "W", "device_class": "power"},
    {"name": "Lambda compressor electrical energy", "address": 1020,
     "data_type": "int32", "unit_of_measurement": "Wh", "device_class": "energy",
     "state_class": "total_increasing"},
    {"name": "Lambda compressor thermal energy output", "address": 1022,
     "data_type": "int32", "unit_of_measurement": "Wh", "device_class": "energy",
     "state_class": "total_increasing"},
]  # fmt: skip
EXPECTED_GUESS = {
    "outdoor_temperature": "sensor.lambda_ambient_temperature",
    "operating_mode": "sensor.lambda_operating_state",
    "flow_temperature": "sensor.lambda_flow_line_temperature",
    "return_temperature": "sensor.lambda_return_line_temperature",
    "heat_power": "sensor.lambda_heating_capacity",
    "electrical_power": "sensor.lambda_inverter_power_consumption",
    "electrical_energy": "sensor.lambda_compressor_electrical_energy",
    "heat_energy": "sensor.lambda_compressor_thermal_energy_output",
}
ENTITY_IDS = [f"sensor.{s['name'].lower().replace(' ', '_')}" for s in SENSORS]
LAMBDA_MODES = {
    "0": "standby",
    "1": "heating",
    "2": "dhw",
    "3": "cooling",
    "5": "defrost",
}
"""What the Lambda document says hp_operating_state means (lambda_eu_l.yaml)."""


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder first (before hass), then the integration."""


@pytest.fixture
def expected_lingering_timers() -> bool:
    """HA's modbus leaves its sensors' poll timers behind when HA stops."""
    return True


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """The simulator serving the Lambda register map, a warm-up hour done."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", profiles=("lambda_eu_l",), seed=11
    ) as simulator:
        simulator.advance(3600)
        yield simulator


async def _poll(
    hass: HomeAssistant, sim: Simulator, freezer: FrozenDateTimeFactory, s: int
) -> None:
    """Run the model and HA's clock together, reading the sensors each step.

    freezegun moves the event loop's clock too, so the clock only moves while
    no Modbus request is on its way: the sensors are read (on the real
    socket) between the steps, as their own poll would read them.
    """
    for _ in range(s // POLL):
        sim.advance(POLL)
        freezer.tick(POLL)
        await hass.async_block_till_done()  # the entities source's flush
        await hass.services.async_call(
            "homeassistant",
            "update_entity",
            {"entity_id": ENTITY_IDS},
            blocking=True,
        )
    freezer.tick(1)
    await hass.async_block_till_done()
    await asyncio.sleep(0)
    await hass.async_block_till_done()


async def test_unit_from_ha_modbus_entities(
    hass: HomeAssistant,
    sim: Simulator,
    freezer: FrozenDateTimeFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """modbus YAML → entities step (guessed, value map) → COP and kWh vs truth."""
    await hass.config.async_set_time_zone("UTC")
    assert await async_setup_component(hass, "homeassistant", {})
    freezer.move_to("2025-01-15 00:00:00+00:00")
    assert sim.modbus is not None
    host, port = sim.modbus.address
    assert await async_setup_component(
        hass,
        "modbus",
        {
            "modbus": [
                {
                    "name": "lambda",
                    "type": "tcp",
                    "host": host,
                    "port": port,
                    "sensors": [
                        # Read by the test in step with the model (see _poll).
                        {"input_type": "holding", "scan_interval": 86400, **sensor}
                        for sensor in SENSORS
                    ],
                }
            ]
        },
    )
    await hass.async_block_till_done()
    await _poll(hass, sim, freezer, 3 * 3600)  # history for the recorder
    await async_wait_recording_done(hass)

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "entities"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Lambda",
            CONF_KIND: "air_to_water",
            "entities": ENTITY_IDS,
        },
    )
    assert result["step_id"] == "entities_map"
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and key.description.get("suggested_value")
    }
    assert suggested == EXPECTED_GUESS
    # Only what an air-to-water unit uses is asked.
    fields = {str(key) for key in result["data_schema"].schema}
    assert not fields & {"airflow", "supply_air_temperature", "source_in_temperature"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], suggested
    )
    assert result["step_id"] == "entities_modes", result
    seen = [str(key) for key in result["data_schema"].schema]
    assert "1" in seen, seen  # heating
    assert len(seen) >= 2, seen  # and at least one more state the recorder kept
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {value: LAMBDA_MODES[value] for value in seen}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    entry = result["result"]
    assert entry.data[CONF_MODE_MAP] == {v: LAMBDA_MODES[v] for v in seen}
    await hass.async_block_till_done()

    coordinator: HeatPumpCoordinator = entry.runtime_data
    registry = er.async_get(hass)

    def number(key: str) -> float:
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_{key}"
        )
        assert entity_id is not None, key
        state = hass.states.get(entity_id)
        assert state is not None
        return float(state.state)

    await _poll(hass, sim, freezer, POLL)
    totals = sim.truth.totals
    heat0, elec0 = number("heat_energy"), number("electrical_energy")
    true_heat0, true_elec0 = totals.positive_heat_kwh, totals.elec_kwh
    net0 = totals.heat_kwh
    await _poll(hass, sim, freezer, 6 * 3600)

    heat = number("heat_energy") - heat0
    elec = number("electrical_energy") - elec0
    true_heat = totals.positive_heat_kwh - true_heat0
    true_elec = totals.elec_kwh - true_elec0
    true_cop = (totals.heat_kwh - net0) / true_elec
    cop = number("cop_today")
    with capsys.disabled():
        print(
            f"\nHA modbus → entities, 6 h: heat {heat:.3f} vs true {true_heat:.3f} kWh;"
            f" electricity {elec:.3f} vs true {true_elec:.3f} kWh;"
            f" cop_today {cop:.3f} vs true {true_cop:.3f}"
        )
    assert heat > 5.0
    assert heat == pytest.approx(true_heat, rel=0.02)
    assert elec == pytest.approx(true_elec, rel=0.02)
    assert cop == pytest.approx(true_cop, rel=0.02)
    mode = coordinator.data.quantities.get(Quantity.OPERATING_MODE)
    assert mode in LAMBDA_MODES.values()
    assert await hass.config_entries.async_unload(entry.entry_id)
