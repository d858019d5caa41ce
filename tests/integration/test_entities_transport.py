"""A unit built from plain template entities gets the full analytics."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
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
    freezer.tick(timedelta(seconds=s))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_cop_from_template_entities(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Flow x dT heat and a power sensor give live and daily COP."""
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
            CONF_SOURCE_ENTITIES: {
                "flow_temperature": "sensor.hp_flow",
                "return_temperature": "sensor.hp_return",
                "flow_rate": "sensor.hp_flow_rate",
                "electrical_power": "sensor.hp_power",
                "outdoor_temperature": "sensor.hp_outdoor",
            },
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    await _tick(hass, freezer, 1)  # the first reading
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

    # The power sensor going away leaves live COP unknown, never stale, and
    # no energy is integrated across the 1000 s without it (max gap 900 s).
    hass.states.async_set("sensor.hp_power", STATE_UNAVAILABLE)
    await _tick(hass, freezer, 1)
    assert state("cop") == "unknown"
    before_gap = float(state("electrical_energy"))
    assert before_gap - elec_kwh < 0.001  # at most 1 s of held power
    await _tick(hass, freezer, 1000)
    await _set(hass, "outdoor", 6.0)
    await _tick(hass, freezer, 1)
    assert float(state("electrical_energy")) == before_gap

    assert await hass.config_entries.async_unload(entry.entry_id)
