"""The guided entities step, and what a unit built from entities does.

Device first (any integration's), the kind's fields only, pre-filled; a
swap of heat and electrical power is caught; the unit is available only
while what COP needs reports; the day closes at midnight without a sample.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.const import CONF_NAME, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.heatpump.const import (
    CONF_KIND,
    CONF_MODE_MAP,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    DOMAIN,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.quantities import Kind, Quantity
from custom_components.heatpump.entity_guess import Candidate, guess

# An "other integration" device: (object id, name, device class, unit, state).
DEVICE_ENTITIES = [
    ("flow", "Heat pump flow temperature", "temperature", "°C", "35"),
    ("target", "Heat pump flow target temperature", "temperature", "°C", "38"),
    ("ret", "Heat pump return temperature", "temperature", "°C", "30"),
    ("outdoor", "Outside temperature", "temperature", "°C", "5"),
    ("thermal", "Heat pump thermal output", "power", "W", "3500"),
    ("electric", "Heat pump power consumption", "power", "W", "1000"),
    ("meter", "Heat pump energy consumed", "energy", "kWh", "1234.5"),
]


def _device(hass: HomeAssistant) -> str:
    other = MockConfigEntry(domain="other_brand")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id,
        identifiers={("other_brand", "unit1")},
        name="Garden heat pump",
    )
    registry = er.async_get(hass)
    for object_id, name, device_class, unit, state in DEVICE_ENTITIES:
        registry.async_get_or_create(
            "sensor",
            "other_brand",
            object_id,
            suggested_object_id=object_id,
            config_entry=other,
            device_id=device.id,
        )
        hass.states.async_set(
            f"sensor.{object_id}",
            state,
            {
                "friendly_name": name,
                "device_class": device_class,
                "unit_of_measurement": unit,
            },
        )
    return device.id


async def _start(hass: HomeAssistant, answer: dict[str, Any]) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "entities"}
    )
    return dict(
        await hass.config_entries.flow.async_configure(result["flow_id"], answer)
    )


def _suggested(result: dict[str, Any]) -> dict[str, str]:
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and key.description.get("suggested_value")
    }


async def test_device_first_prefills_the_kinds_fields(hass: HomeAssistant) -> None:
    """Every quantity the device has is guessed; a setpoint is not a reading."""
    device_id = _device(hass)
    result = await _start(hass, {CONF_KIND: "air_to_water", "device": device_id})
    assert result["step_id"] == "entities_map"
    assert _suggested(result) == {
        "flow_temperature": "sensor.flow",
        "return_temperature": "sensor.ret",
        "outdoor_temperature": "sensor.outdoor",
        "heat_power": "sensor.thermal",
        "electrical_power": "sensor.electric",
        "electrical_energy": "sensor.meter",
    }
    fields = {str(key) for key in result["data_schema"].schema}
    assert "supply_air_temperature" not in fields
    assert "source_in_temperature" not in fields
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], _suggested(result)
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Garden heat pump"  # the device's name


async def test_air_to_air_shows_air_fields_only(hass: HomeAssistant) -> None:
    """The kind decides the form: no water loop for an air-to-air unit."""
    result = await _start(hass, {CONF_NAME: "Split", CONF_KIND: "air_to_air"})
    fields = {str(key) for key in result["data_schema"].schema}
    assert {"supply_air_temperature", "airflow"} <= fields
    assert not fields & {"flow_temperature", "flow_rate", "dhw_temperature"}


async def test_swapped_powers_warn_and_can_be_swapped(hass: HomeAssistant) -> None:
    """Heat below electrical power while running (COP 0.29) is flagged."""
    _device(hass)
    result = await _start(hass, {CONF_NAME: "HP", CONF_KIND: "air_to_water"})
    swapped = {
        "heat_power": "sensor.electric",
        "electrical_power": "sensor.thermal",
        "flow_temperature": "sensor.flow",
    }
    result = dict(
        await hass.config_entries.flow.async_configure(result["flow_id"], swapped)
    )
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "entities_check"
    assert result["description_placeholders"]["cop"] == "0.29"
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "entities_swap"}
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    chosen = result["data"][CONF_SOURCE_ENTITIES]
    assert chosen["heat_power"] == "sensor.thermal"
    assert chosen["electrical_power"] == "sensor.electric"


async def test_back_from_the_check_shows_the_chosen_entities(
    hass: HomeAssistant,
) -> None:
    """The check's "change" option returns to the map, filled as it was sent."""
    _device(hass)
    result = await _start(hass, {CONF_NAME: "HP", CONF_KIND: "air_to_water"})
    swapped = {
        "heat_power": "sensor.electric",
        "electrical_power": "sensor.thermal",
    }
    flow_id = result["flow_id"]
    result = dict(await hass.config_entries.flow.async_configure(flow_id, swapped))
    assert result["step_id"] == "entities_check"
    # An answer naming no option (the REST API allows it) shows the check again.
    result = dict(await hass.config_entries.flow.async_configure(flow_id, {}))
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "entities_check"
    assert result["description_placeholders"]["cop"] == "0.29"
    result = dict(
        await hass.config_entries.flow.async_configure(
            flow_id, {"next_step_id": "entities_map"}
        )
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "entities_map"
    assert _suggested(result) == swapped


async def test_listed_entities_without_a_state_are_not_guessed(
    hass: HomeAssistant,
) -> None:
    """An entity of the device whose integration is not loaded has no state."""
    device_id = _device(hass)
    other = hass.config_entries.async_entries("other_brand")[0]
    er.async_get(hass).async_get_or_create(
        "sensor",
        "other_brand",
        "offline",
        suggested_object_id="offline_flow",
        config_entry=other,
        device_id=device_id,
    )
    result = await _start(
        hass,
        {
            CONF_KIND: "air_to_water",
            "entities": ["sensor.not_there"],
            "device": device_id,
        },
    )
    assert result["step_id"] == "entities_map"
    suggested = _suggested(result)
    assert suggested["flow_temperature"] == "sensor.flow"
    assert not {"sensor.offline_flow", "sensor.not_there"} & set(suggested.values())


MEASURED = {"heat_power": "sensor.thermal", "electrical_power": "sensor.electric"}


@pytest.mark.parametrize("state", ["heating", "unknown"])
async def test_a_text_mode_sensor_needs_no_value_map(
    hass: HomeAssistant, state: str
) -> None:
    """Mode names (or no state yet) are read as they are: no value step."""
    _device(hass)
    hass.states.async_set("sensor.mode", state, {"friendly_name": "Mode"})
    result = await _start(hass, {CONF_NAME: "HP", CONF_KIND: "air_to_water"})
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {**MEASURED, "operating_mode": "sensor.mode"}
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_SOURCE_ENTITIES]["operating_mode"] == "sensor.mode"
    assert CONF_MODE_MAP not in result["data"]


async def test_a_numeric_mode_map_is_saved_and_kept_on_reconfigure(
    hass: HomeAssistant,
) -> None:
    """Each number is asked once; a reconfigure keeps it while the sensor stays."""
    _device(hass)
    hass.states.async_set("sensor.mode", "3", {"friendly_name": "Mode"})
    result = await _start(hass, {CONF_NAME: "HP", CONF_KIND: "air_to_water"})
    chosen = {**MEASURED, "operating_mode": "sensor.mode"}
    result = dict(
        await hass.config_entries.flow.async_configure(result["flow_id"], chosen)
    )
    assert result["step_id"] == "entities_modes"
    assert result["description_placeholders"] == {"entity": "sensor.mode"}
    assert [str(key) for key in result["data_schema"].schema] == ["3"]
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {"3": "cooling"}
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.data[CONF_MODE_MAP] == {"3": "cooling"}
    await hass.async_block_till_done()

    result = dict(
        await hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id},
        )
    )
    assert result["step_id"] == "reconfigure"
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_NAME: "Renamed", **chosen}
        )
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Renamed"
    assert entry.data[CONF_MODE_MAP] == {"3": "cooling"}
    await hass.async_block_till_done()

    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_another_mode_sensor_drops_the_old_value_map(
    hass: HomeAssistant,
) -> None:
    """The old sensor's numbers mean nothing for a new mode sensor."""
    _device(hass)
    hass.states.async_set("sensor.mode", "3", {"friendly_name": "Mode"})
    hass.states.async_set("sensor.mode2", "heating", {"friendly_name": "Mode 2"})
    result = await _start(hass, {CONF_NAME: "HP", CONF_KIND: "air_to_water"})
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {**MEASURED, "operating_mode": "sensor.mode"}
        )
    )
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {"3": "cooling"}
        )
    )
    entry = result["result"]
    assert entry.data[CONF_MODE_MAP] == {"3": "cooling"}
    await hass.async_block_till_done()

    result = dict(
        await hass.config_entries.flow.async_init(
            DOMAIN,
            context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id},
        )
    )
    result = dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"],
            {CONF_NAME: "Renamed", **MEASURED, "operating_mode": "sensor.mode2"},
        )
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_SOURCE_ENTITIES]["operating_mode"] == "sensor.mode2"
    assert CONF_MODE_MAP not in entry.data
    await hass.async_block_till_done()


def test_guess_keeps_heat_and_electricity_apart() -> None:
    """ "Heat pump" in a name says nothing; each entity fills one quantity."""
    candidates = [
        Candidate("sensor.a", "power", "W", "Heat pump electrical power"),
        Candidate("sensor.b", "power", "kW", "Heat pump heat output"),
        Candidate("sensor.c", "power", "W", "Circulation pump power"),
    ]
    chosen = guess((Quantity.HEAT_POWER, Quantity.ELECTRICAL_POWER), candidates)
    assert chosen == {
        Quantity.HEAT_POWER: "sensor.b",
        Quantity.ELECTRICAL_POWER: "sensor.a",
    }
    # A numeric sensor with a unit is no mode sensor.
    assert not guess(
        (Quantity.OPERATING_MODE,),
        [Candidate("sensor.m", "power", "W", "Mode power")],
    )


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    await hass.async_block_till_done()  # state changes seen: the flush is armed
    freezer.tick(1)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _entities_unit(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> MockConfigEntry:
    _device(hass)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="HP",
        unique_id="entities:sensor.flow",
        data={
            CONF_TRANSPORT: "entities",
            CONF_KIND: Kind.AIR_TO_WATER.value,
            CONF_SOURCE_ENTITIES: {
                "outdoor_temperature": "sensor.outdoor",
                "heat_power": "sensor.thermal",
                "electrical_power": "sensor.electric",
            },
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _tick(hass, freezer)
    return entry


async def test_availability_follows_required_quantities(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Outdoor temperature alone does not keep the unit (and its COP) alive."""
    entry = await _entities_unit(hass, freezer)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.last_update_success
    hass.states.async_set("sensor.electric", STATE_UNAVAILABLE)
    await _tick(hass, freezer)
    assert not coordinator.last_update_success
    error = coordinator.last_exception
    assert error is not None
    assert error.translation_key == "entities_unavailable"  # type: ignore[attr-defined]
    assert "sensor.electric" in error.translation_placeholders["detail"]  # type: ignore[attr-defined]
    hass.states.async_set("sensor.electric", "1000", {"unit_of_measurement": "W"})
    await _tick(hass, freezer)
    assert coordinator.last_update_success


async def test_today_rolls_over_at_midnight_without_a_sample(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """No source change after 23:55: "today" still starts afresh at midnight."""
    await hass.config.async_set_time_zone("UTC")
    freezer.move_to("2025-01-15 23:00:00+00:00")
    entry = await _entities_unit(hass, freezer)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    for minute in range(5, 60, 5):  # 1 kW with small changes, every 5 min
        freezer.move_to(f"2025-01-15 23:{minute:02d}:00+00:00")
        hass.states.async_set(
            "sensor.electric", str(1000 + minute), {"unit_of_measurement": "W"}
        )
        await _tick(hass, freezer)
    before = coordinator.data.metrics.electrical_energy_today
    assert before is not None
    assert before > 0.8  # about 55 min at 1 kW
    freezer.move_to("2025-01-16 00:00:00+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    after = coordinator.data.metrics.electrical_energy_today
    assert after is not None
    assert after < 0.01, (before, after)
