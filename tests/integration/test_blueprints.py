"""The shipped automation blueprints, loaded by a real Home Assistant.

Each test copies ``blueprints/`` into the config directory, creates an
automation from one blueprint, drives the entities it watches and checks the
service calls it makes: against the simulator over Modbus where the blueprint
controls the unit, and through a recording ``notify`` service for alerts.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.heatpump.core.quantities import Quantity
from tests.integration.test_modbus_e2e import POLL, Harness, harness, sim

__all__ = ["harness", "sim"]  # fixtures, by name

BLUEPRINTS = Path(__file__).parents[2] / "blueprints"
NOTIFY = [{"action": "notify.test", "data": {"message": "{{ alert_message }}"}}]
NO_WAIT = {"hours": 0, "minutes": 0, "seconds": 0}


@pytest.fixture
def notifications(hass: HomeAssistant, profiles_dir: Path) -> list[ServiceCall]:
    """The blueprints in the (private) config directory, and a recording
    notify service."""
    shutil.copytree(BLUEPRINTS, Path(hass.config.path("blueprints")))
    return async_mock_service(hass, "notify", "test")


async def _automation(
    hass: HomeAssistant, blueprint: str, inputs: dict[str, Any]
) -> str:
    """An automation made from ``blueprint``; its entity id."""
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": "from_blueprint",
                "alias": "From blueprint",
                "use_blueprint": {"path": f"heatpump/{blueprint}", "input": inputs},
            }
        },
    )
    await hass.async_block_till_done()
    state = hass.states.get("automation.from_blueprint")
    assert state is not None
    assert state.state == "on", state.attributes
    return "automation.from_blueprint"


def _temperature(hass: HomeAssistant, value: float) -> None:
    hass.states.async_set(
        "sensor.room",
        str(value),
        {"device_class": "temperature", "unit_of_measurement": "°C"},
    )


async def test_heating_cooling_switch_reports_a_refusal_once(
    hass: HomeAssistant, harness: Harness, notifications: list[ServiceCall]
) -> None:
    """Cool above 24 °C, heat below 18 °C; a reversal the guard refuses is
    reported once and not retried until the temperature crosses again."""
    await harness.run(POLL)
    climate = harness.entity_id("climate", "climate")
    assert harness.state("climate", "climate") == "heat"
    _temperature(hass, 21.0)
    await _automation(
        hass,
        "heating_cooling_switch.yaml",
        {
            "climate_entity": climate,
            "temperature_sensor": "sensor.room",
            "cool_above": 24,
            "heat_below": 18,
            "hold_time": NO_WAIT,
            "refusal_action": [
                {"action": "notify.test", "data": {"message": "{{ refusal_message }}"}}
            ],
        },
    )
    _temperature(hass, 25.0)
    await hass.async_block_till_done()
    assert harness.sim.model.state()[Quantity.MODE_SETTING] == "cooling"
    assert harness.state("climate", "climate") == "cool"
    assert notifications == []

    _temperature(hass, 17.0)  # inside the 10 min dwell: refused
    await hass.async_block_till_done()
    assert harness.sim.model.state()[Quantity.MODE_SETTING] == "cooling"
    assert len(notifications) == 1
    assert "did not switch to heat" in notifications[0].data["message"]

    _temperature(hass, 16.0)  # still below: no new crossing, no retry
    await hass.async_block_till_done()
    assert len(notifications) == 1

    await harness.run(11 * 60)  # past the dwell
    _temperature(hass, 19.0)
    _temperature(hass, 17.5)
    await hass.async_block_till_done()
    assert harness.sim.model.state()[Quantity.MODE_SETTING] == "heating"
    assert len(notifications) == 1


async def test_short_cycling_and_defrost_storm_notify(
    hass: HomeAssistant, notifications: list[ServiceCall]
) -> None:
    """Short cycling notifies; four defrosts within an hour (more than 3) do,
    three do not."""
    hass.states.async_set("binary_sensor.hp_short_cycling", "off")
    hass.states.async_set("event.hp_defrost", "unknown", {"event_type": None})
    await _automation(
        hass,
        "cycling_defrost_alert.yaml",
        {
            "short_cycling_sensor": "binary_sensor.hp_short_cycling",
            "defrost_event": "event.hp_defrost",
            "max_defrosts_per_hour": 3,
            "short_cycling_for": NO_WAIT,
            "notify_action": NOTIFY,
        },
    )
    hass.states.async_set("binary_sensor.hp_short_cycling", "on")
    await hass.async_block_till_done()
    assert len(notifications) == 1
    assert "short cycling" in notifications[0].data["message"]

    async def defrost(n: int) -> None:
        for event_type in ("started", "ended"):
            hass.states.async_set(
                "event.hp_defrost",
                f"2025-01-10T0{n}:00:00+00:00",
                {"event_type": event_type},
            )
            # Not async_block_till_done: the automation's run waits for the
            # next defrosts on purpose, and that would wait for it.
            for _ in range(20):
                await asyncio.sleep(0)

    for n in range(3):
        await defrost(n)
    assert len(notifications) == 1  # three: not more than three
    await defrost(3)
    assert len(notifications) == 2
    assert "more than 3 defrosts" in notifications[1].data["message"]


async def test_performance_alert_below_threshold(
    hass: HomeAssistant,
    notifications: list[ServiceCall],
    freezer: FrozenDateTimeFactory,
) -> None:
    """At 21:00 a performance index of 0.7 (< 0.8) notifies; 0.9 does not."""
    await hass.config.async_set_time_zone("UTC")
    freezer.move_to(datetime.fromisoformat("2025-01-10T20:59:00+00:00"))
    hass.states.async_set("sensor.hp_performance_index", "0.7")
    automation = await _automation(
        hass,
        "performance_alert.yaml",
        {
            "performance_index_sensor": "sensor.hp_performance_index",
            "threshold": 0.8,
            "check_time": "21:00:00",
            "notify_action": NOTIFY,
        },
    )
    freezer.move_to(datetime.fromisoformat("2025-01-10T21:00:00+00:00"))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(notifications) == 1
    assert "70 %" in notifications[0].data["message"]

    hass.states.async_set("sensor.hp_performance_index", "0.9")
    freezer.move_to(datetime.fromisoformat("2025-01-11T21:00:00+00:00"))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(notifications) == 1
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": automation}, blocking=True
    )


async def test_dhw_boost_raises_the_target_and_sg_ready(
    hass: HomeAssistant, harness: Harness, notifications: list[ServiceCall]
) -> None:
    """Surplus on: tank target 60 °C and SG-Ready "recommended" reach the unit;
    off: 50 °C and "normal"."""
    await harness.run(POLL)
    hass.states.async_set("binary_sensor.surplus", "off")
    await _automation(
        hass,
        "dhw_boost.yaml",
        {
            "signal": "binary_sensor.surplus",
            "water_heater_entity": harness.entity_id("water_heater", "water_heater"),
            "boost_temperature": 60,
            "normal_temperature": 50,
            "sg_ready_entity": harness.entity_id("select", "point_sg_ready"),
        },
    )
    hass.states.async_set("binary_sensor.surplus", "on")
    await hass.async_block_till_done()
    state = harness.sim.model.state()
    assert state[Quantity.DHW_TARGET_TEMPERATURE] == pytest.approx(60)
    assert state[Quantity.SG_READY] == "recommended"
    assert harness.state("select", "point_sg_ready") == "recommended"

    hass.states.async_set("binary_sensor.surplus", "off")
    await hass.async_block_till_done()
    state = harness.sim.model.state()
    assert state[Quantity.DHW_TARGET_TEMPERATURE] == pytest.approx(50)
    assert state[Quantity.SG_READY] == "normal"
