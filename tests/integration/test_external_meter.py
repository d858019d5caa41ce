"""An external electricity meter from the options overrides the unit's figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.heatpump.const import (
    CONF_EXTERNAL_ENERGY,
    CONF_EXTERNAL_POWER,
    CONF_KIND,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator

UNIT_POWER = 1000.0  # W, what the unit claims
METER_POWER = 1.5  # kW, what the meter measures


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, s: float) -> None:
    await hass.async_block_till_done()
    freezer.tick(timedelta(seconds=s))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _unit_power(hass: HomeAssistant, watts: float) -> None:
    hass.states.async_set(
        "sensor.hp_power", str(watts), {ATTR_UNIT_OF_MEASUREMENT: "W"}
    )


def _meter(hass: HomeAssistant, power_kw: str, energy_kwh: str) -> None:
    hass.states.async_set(
        "sensor.meter_power", power_kw, {ATTR_UNIT_OF_MEASUREMENT: "kW"}
    )
    hass.states.async_set(
        "sensor.meter_energy", energy_kwh, {ATTR_UNIT_OF_MEASUREMENT: "kWh"}
    )


async def _setup(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, options: dict[str, str]
) -> MockConfigEntry:
    await hass.config.async_set_time_zone("UTC")
    freezer.move_to("2026-01-15 10:00:00+00:00")
    _unit_power(hass, UNIT_POWER)
    hass.states.async_set("sensor.hp_flow", "35", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    # A heat source: without one an entities unit is unavailable (no COP).
    hass.states.async_set("sensor.hp_heat", "3", {ATTR_UNIT_OF_MEASUREMENT: "kW"})
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Metered heat pump",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: {
                "electrical_power": "sensor.hp_power",
                "heat_power": "sensor.hp_heat",
                "flow_temperature": "sensor.hp_flow",
            },
        },
        options=options,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _tick(hass, freezer, 1)  # the first reading
    return entry


def _number(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> float:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


async def test_meter_power_overrides_the_unit_and_falls_back(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The meter's power (in kW) wins; when it goes away, the unit's counts again."""
    _meter(hass, str(METER_POWER), STATE_UNAVAILABLE)
    entry = await _setup(
        hass,
        freezer,
        {
            CONF_EXTERNAL_POWER: "sensor.meter_power",
            CONF_EXTERNAL_ENERGY: "sensor.meter_energy",
        },
    )
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.external is not None
    assert coordinator.external.read() == (1500.0, None)
    assert _number(hass, entry, "electrical_power") == 1500.0

    _meter(hass, STATE_UNAVAILABLE, STATE_UNAVAILABLE)
    _unit_power(hass, UNIT_POWER + 1)  # the next reading from the unit
    await _tick(hass, freezer, 1)
    assert coordinator.external.read() == (None, None)
    assert _number(hass, entry, "electrical_power") == UNIT_POWER + 1
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_meter_energy_counter_beats_integrated_power(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """An hour in which the meter counts 2 kWh: 2 kWh, not the 1 kWh of 1 kW."""
    _meter(hass, STATE_UNAVAILABLE, "100.0")
    entry = await _setup(hass, freezer, {CONF_EXTERNAL_ENERGY: "sensor.meter_energy"})
    start = _number(hass, entry, "electrical_energy")
    for minute in range(1, 61):
        _meter(hass, STATE_UNAVAILABLE, f"{100.0 + 2.0 * minute / 60:.4f}")
        _unit_power(hass, UNIT_POWER + minute % 2)  # makes the unit report
        await _tick(hass, freezer, 60)
    assert _number(hass, entry, "electrical_energy") - start == pytest.approx(
        2.0, abs=0.01
    )
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_adding_a_meter_in_the_options_reloads_the_entry(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Changed options take effect at once: the entry reloads with the meter."""
    _meter(hass, str(METER_POWER), STATE_UNAVAILABLE)
    entry = await _setup(hass, freezer, {})
    before: HeatPumpCoordinator = entry.runtime_data
    assert before.external is not None
    assert before.external.read() == (None, None)
    assert _number(hass, entry, "electrical_power") == UNIT_POWER

    hass.config_entries.async_update_entry(
        entry, options={CONF_EXTERNAL_POWER: "sensor.meter_power"}
    )
    await _tick(hass, freezer, 1)  # reloaded, then the first reading
    assert entry.state is ConfigEntryState.LOADED
    after: HeatPumpCoordinator = entry.runtime_data
    assert after is not before
    assert after.external is not None
    assert after.external.power_entity == "sensor.meter_power"
    assert _number(hass, entry, "electrical_power") == 1500.0
    assert await hass.config_entries.async_unload(entry.entry_id)
