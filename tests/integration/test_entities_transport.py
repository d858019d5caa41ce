"""The entities transport: other integrations' entities read as quantities.

A unit built from plain template entities gets the full analytics; states
in other units are converted, unusable ones dropped, and nothing is written.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.heatpump.const import (
    CONF_KIND,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.quantities import Quantity
from custom_components.heatpump.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.heatpump.sources.base import WriteFailed
from custom_components.heatpump.sources.entities import EntitySource, state_to_value

FLOW_RATE = 12.0  # l/min
FLOW, RETURN = 35.0, 30.0
ELECTRICAL = 1000.0  # W


async def _setup_templates(hass: HomeAssistant) -> None:
    """Template sensors that read input_numbers a test can change."""
    numbers = {
        "flow": (FLOW, "°C"),
        "return": (RETURN, "°C"),
        "flow_rate": (FLOW_RATE, "L/min"),
        "power": (ELECTRICAL, "W"),
        "outdoor": (7.0, "°C"),
    }
    assert await async_setup_component(
        hass,
        "input_number",
        {
            "input_number": {
                name: {"min": -50, "max": 10000, "initial": value}
                for name, (value, _unit) in numbers.items()
            }
        },
    )
    assert await async_setup_component(
        hass,
        "template",
        {
            "template": [
                {
                    "sensor": [
                        {
                            "name": f"hp {name}",
                            "unique_id": f"hp_{name}",
                            "state": f"{{{{ states('input_number.{name}') }}}}",
                            "unit_of_measurement": unit,
                        }
                        for name, (_value, unit) in numbers.items()
                    ]
                }
            ]
        },
    )
    await hass.async_block_till_done()


async def _set(hass: HomeAssistant, name: str, value: float) -> None:
    await hass.services.async_call(
        "input_number",
        "set_value",
        {"entity_id": f"input_number.{name}", "value": value},
        blocking=True,
    )


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, s: float) -> None:
    await hass.async_block_till_done()  # state changes seen: the flush is armed
    freezer.tick(timedelta(seconds=s))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


TEMPLATE_SOURCES = {
    "flow_temperature": "sensor.hp_flow",
    "return_temperature": "sensor.hp_return",
    "flow_rate": "sensor.hp_flow_rate",
    "electrical_power": "sensor.hp_power",
    "outdoor_temperature": "sensor.hp_outdoor",
}


async def setup_template_unit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sources: dict[str, str] = TEMPLATE_SOURCES,
) -> MockConfigEntry:
    """An air-to-water unit built from template entities, its first reading taken."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to("2026-01-15 10:00:00+00:00")
    await _setup_templates(hass)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Template heat pump",
        unique_id="entities:sensor.hp_flow",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: sources,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _tick(hass, freezer, 1)  # the first reading
    return entry


async def test_cop_from_template_entities(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Flow x dT heat and a power sensor give live and daily COP."""
    entry = await setup_template_unit(hass, freezer)
    # An hour of steady running, one state change a minute.
    for minute in range(60):
        await _set(hass, "power", ELECTRICAL + (minute % 2))
        await _tick(hass, freezer, 60)

    registry = er.async_get(hass)

    def state(key: str) -> str:
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_{key}"
        )
        assert entity_id is not None, key
        current = hass.states.get(entity_id)
        assert current is not None
        return current.state

    # Water at 30 °C: rho*cp = 995.6 * 4180 -> 12 l/min * 5 K = 4.16 kW.
    heat = float(state("heat_power"))
    assert 4100 < heat < 4200
    cop = float(state("cop"))
    assert abs(cop - heat / ELECTRICAL) < 0.02
    heat_kwh = float(state("heat_energy"))
    elec_kwh = float(state("electrical_energy"))
    assert 0.99 < elec_kwh < 1.01  # one hour at 1 kW
    assert abs(heat_kwh - heat / 1000) < 0.05
    assert abs(float(state("cop_today")) - heat_kwh / elec_kwh) < 0.01

    # Carnot: sink 35+2 K, source 7-6 K -> 310.15 / 36 = 8.615
    assert abs(float(state("carnot_cop")) - 8.615) < 0.01

    # The power sensor going away makes the unit unavailable at once (COP
    # needs it: another sensor with a value does not keep stale figures), and
    # no energy is integrated across the 1000 s without it (max gap 900 s).
    hass.states.async_set("sensor.hp_power", STATE_UNAVAILABLE)
    await _tick(hass, freezer, 1)
    assert state("cop") == STATE_UNAVAILABLE
    await _tick(hass, freezer, 1000)
    await _set(hass, "outdoor", 6.0)
    await _tick(hass, freezer, 1)
    assert state("cop") == STATE_UNAVAILABLE
    await _set(hass, "power", ELECTRICAL)
    await _tick(hass, freezer, 1)
    assert float(state("electrical_energy")) - elec_kwh < 0.001  # at most 1 s

    assert await hass.config_entries.async_unload(entry.entry_id)


def _state(value: str, unit: str | None = None) -> State:
    attributes = {ATTR_UNIT_OF_MEASUREMENT: unit} if unit else {}
    return State("sensor.other", value, attributes)


@pytest.mark.parametrize(
    ("quantity", "raw", "expected"),
    [
        # Flags: on/off, true/1 and a running mode count as on.
        (Quantity.COMPRESSOR_RUNNING, STATE_ON, True),
        (Quantity.COMPRESSOR_RUNNING, STATE_OFF, False),
        (Quantity.COMPRESSOR_RUNNING, "True", True),
        (Quantity.COMPRESSOR_RUNNING, "1", True),
        (Quantity.COMPRESSOR_RUNNING, "0", False),
        (Quantity.COMPRESSOR_RUNNING, "heating", True),
        (Quantity.COMPRESSOR_RUNNING, "cooling", True),
        (Quantity.COMPRESSOR_RUNNING, "idle", False),
        (Quantity.DEFROST_ACTIVE, STATE_ON, True),
        # Modes: our own names, or what other integrations call them.
        (Quantity.OPERATING_MODE, "defrost", "defrost"),
        (Quantity.OPERATING_MODE, "heat", "heating"),
        (Quantity.OPERATING_MODE, "Heating", "heating"),
        (Quantity.OPERATING_MODE, "defrosting", "defrost"),
        (Quantity.OPERATING_MODE, "Hot Water", "dhw"),
        (Quantity.OPERATING_MODE, "idle", "standby"),
        (Quantity.OPERATING_MODE, "dry", "drying"),
        (Quantity.OPERATING_MODE, "fan_only", None),
        (Quantity.MODE_SETTING, "cool", "cooling"),
        # An alias only counts where it is one of the quantity's options.
        (Quantity.THREE_WAY_VALVE, "hot_water", "dhw"),
        (Quantity.THREE_WAY_VALVE, "space", "space"),
        (Quantity.THREE_WAY_VALVE, "heat", None),
        # Text is taken as it is.
        (Quantity.ERROR_CODE, "E 12", "E 12"),
        # Numbers; no reading at all is None.
        (Quantity.FLOW_TEMPERATURE, "35.5", 35.5),
        (Quantity.FLOW_TEMPERATURE, "n/a", None),
        (Quantity.FLOW_TEMPERATURE, STATE_UNAVAILABLE, None),
        (Quantity.FLOW_TEMPERATURE, STATE_UNKNOWN, None),
        (Quantity.FLOW_TEMPERATURE, "", None),
        (Quantity.OPERATING_MODE, STATE_UNAVAILABLE, None),
    ],
)
async def test_state_without_unit(
    quantity: Quantity, raw: str, expected: float | bool | str | None
) -> None:
    """Each value type is read from a state the way other integrations write it."""
    value = state_to_value(quantity, _state(raw))
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("quantity", "raw", "unit", "expected"),
    [
        (Quantity.ELECTRICAL_POWER, "1.2", "kW", 1200.0),
        (Quantity.ELECTRICAL_POWER, "850", "W", 850.0),
        (Quantity.ELECTRICAL_ENERGY, "3600", "Wh", 3.6),
        (Quantity.HEAT_ENERGY, "36", "MJ", 10.0),
        (Quantity.FLOW_TEMPERATURE, "95", "°F", 35.0),
        (Quantity.FLOW_RATE, "0.9", "m³/h", 15.0),
    ],
)
async def test_state_in_another_unit_is_converted(
    quantity: Quantity, raw: str, unit: str, expected: float
) -> None:
    """A reading in another unit of the same dimension arrives in ours."""
    assert state_to_value(quantity, _state(raw, unit)) == pytest.approx(expected)


async def test_state_in_an_unrelated_unit_is_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A temperature entity picked as the power: no value, and a warning why."""
    with caplog.at_level(logging.WARNING):
        assert state_to_value(Quantity.ELECTRICAL_POWER, _state("21", "°C")) is None
    assert "sensor.other reports °C, which cannot be read as W" in caplog.text
    assert state_to_value(Quantity.ELECTRICAL_POWER, None) is None


SOURCES = {
    "electrical_power": "sensor.hp_power",
    "heat_power": "sensor.hp_heat",
    "flow_temperature": "sensor.hp_flow",
    "return_temperature": "sensor.hp_return",
    "operating_mode": "climate.hp",
    "defrost_active": "binary_sensor.hp_defrost",
    "compressor_running": "binary_sensor.hp_compressor",
    "error_code": "sensor.hp_error",
}


@pytest.fixture
async def entry(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> MockConfigEntry:
    """A unit from plain states, set up, its first reading taken."""
    freezer.move_to("2026-01-15 10:00:00+00:00")
    hass.states.async_set("sensor.hp_power", "1.2", {ATTR_UNIT_OF_MEASUREMENT: "kW"})
    hass.states.async_set("sensor.hp_heat", "4.2", {ATTR_UNIT_OF_MEASUREMENT: "kW"})
    hass.states.async_set("sensor.hp_flow", "35.0", {ATTR_UNIT_OF_MEASUREMENT: "°C"})
    # A badly picked entity: a power where the return temperature belongs.
    hass.states.async_set("sensor.hp_return", "800", {ATTR_UNIT_OF_MEASUREMENT: "W"})
    hass.states.async_set("climate.hp", "heat")
    hass.states.async_set("binary_sensor.hp_defrost", STATE_OFF)
    hass.states.async_set("binary_sensor.hp_compressor", STATE_ON)
    hass.states.async_set("sensor.hp_error", "E 12")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Borrowed heat pump",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: SOURCES,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _tick(hass, freezer, 1)
    return entry


def _sensor(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


async def test_states_become_quantities(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every kind of state arrives as its quantity; unreadable ones stay out."""
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.data.quantities == {
        Quantity.ELECTRICAL_POWER: 1200.0,
        Quantity.HEAT_POWER: 4200.0,
        Quantity.FLOW_TEMPERATURE: 35.0,
        Quantity.OPERATING_MODE: "heating",
        Quantity.DEFROST_ACTIVE: False,
        Quantity.COMPRESSOR_RUNNING: True,
        Quantity.ERROR_CODE: "E 12",
    }
    assert float(_sensor(hass, entry, "electrical_power")) == 1200.0

    # The climate entity reports a defrost in its own words.
    hass.states.async_set("climate.hp", "defrosting")
    hass.states.async_set("binary_sensor.hp_defrost", STATE_ON)
    hass.states.async_set("sensor.hp_flow", "not a number")
    await _tick(hass, freezer, 1)
    quantities = coordinator.data.quantities
    assert quantities[Quantity.OPERATING_MODE] == "defrost"
    assert quantities[Quantity.DEFROST_ACTIVE] is True
    assert Quantity.FLOW_TEMPERATURE not in quantities
    assert coordinator.last_update_success
    # Warned once (at the first reading, during setup), not on every change.
    warning = "sensor.hp_return reports W, which cannot be read as °C"
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert [r.getMessage() for r in records].count(warning) == 1
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_entities_cannot_be_written(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Control belongs to the entities' own integration: every write is refused."""
    coordinator: HeatPumpCoordinator = entry.runtime_data
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(Quantity.TARGET_TEMPERATURE, 40.0)
    assert err.value.translation_key == "not_writable"
    assert str(err.value).startswith("target_temperature cannot be written")

    source = coordinator.source
    assert isinstance(source, EntitySource)
    profiles, _ = load_profiles(shipped_profiles_dir())
    setpoint = profiles["generic_air_to_water"].point("target_temperature")
    assert setpoint.is_writable
    with pytest.raises(WriteFailed) as failed:
        await source.async_write(setpoint, 40.0)
    assert failed.value.translation_key == "write_refused"
    assert failed.value.point is setpoint
    assert hass.states.get("sensor.hp_flow") is not None
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_unload_drops_a_pending_reading(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A change just before unload is not pushed into the unloaded coordinator."""
    coordinator: HeatPumpCoordinator = entry.runtime_data
    data = coordinator.data
    hass.states.async_set("sensor.hp_power", "2.0", {ATTR_UNIT_OF_MEASUREMENT: "kW"})
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await _tick(hass, freezer, 1)
    assert coordinator.data is data
    assert coordinator.data.quantities[Quantity.ELECTRICAL_POWER] == 1200.0
    # Nothing follows the entities any more either.
    hass.states.async_set("sensor.hp_power", "3.0", {ATTR_UNIT_OF_MEASUREMENT: "kW"})
    await _tick(hass, freezer, 1)
    assert coordinator.data is data


async def test_diagnostics_name_the_source_entities(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """Diagnostics say which entity feeds which quantity."""
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["source"] == {"entities": SOURCES}
    assert diagnostics["profile"] is None
    assert diagnostics["quantities"]["electrical_power"] == 1200.0
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize(
    ("sources", "measured"),
    [
        (
            {
                "flow_temperature": "sensor.hp_flow",
                "return_temperature": "sensor.hp_return",
                "flow_rate": "sensor.hp_flow_rate",
            },
            True,
        ),
        (
            {"heat_energy": "sensor.hp_heat_meter"},
            False,
        ),
    ],
    ids=["flow and temperatures", "a heat meter only"],
)
async def test_unmeasured_defrost_losses_are_named_in_a_static_attribute(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sources: dict[str, str],
    measured: bool,
) -> None:
    """No heat power that can go negative: the defrost figures say so."""
    await _setup_templates(hass)
    # A heat meter's counter only ever counts up: no loss can show in it.
    hass.states.async_set(
        "sensor.hp_heat_meter",
        "1000.0",
        {"unit_of_measurement": "kWh", "device_class": "energy"},
    )
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Template heat pump",
        unique_id="entities:defrost_losses",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: {**sources, "electrical_power": "sensor.hp_power"},
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await _tick(hass, freezer, 1)
    registry = er.async_get(hass)
    for key in ("defrost_energy_today", "defrost_share_today"):
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_{key}"
        )
        assert entity_id is not None
        first = hass.states.get(entity_id)
        assert first is not None
        expected = None if measured else "not_measured"
        assert first.attributes.get("defrost_losses") == expected
        await _set(hass, "power", ELECTRICAL + 7)
        await _tick(hass, freezer, 60)
        later = hass.states.get(entity_id)
        assert later is not None
        assert later.attributes == first.attributes  # static, not per update


async def test_a_steady_power_is_counted_although_nothing_changes(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Twenty minutes at a constant 1 kW send no state change; they are still
    20 minutes of energy, not a gap longer than the 15 the analytics bridge."""
    sources = dict(TEMPLATE_SOURCES)
    del sources["outdoor_temperature"]  # changed below, read by nobody
    entry = await setup_template_unit(hass, freezer, sources)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.data.metrics is not None
    start = coordinator.data.metrics.electrical_energy

    for _ in range(20):
        await _tick(hass, freezer, 60)  # nothing changes
    await _set(hass, "outdoor", 6.0)  # an unmapped entity: still no reading
    await _tick(hass, freezer, 1)

    assert coordinator.data.metrics.electrical_energy - start == pytest.approx(
        ELECTRICAL * 1200 / 3_600_000, rel=0.01
    )
    assert await hass.config_entries.async_unload(entry.entry_id)
