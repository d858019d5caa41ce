"""Owner controls against the simulator over real Modbus TCP and a real broker.

Each control: the write reaches the unit, the unit obeys it, HA shows the
read-back value, and a value outside the documented range is refused before
anything is sent (the unit keeps its setting).
"""

from __future__ import annotations

import pytest
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.exceptions import ServiceValidationError

from custom_components.heatpump.core.quantities import Quantity, SgReadyState, Value
from heatpump_sim.model.base import WriteError
from heatpump_sim.model.hydronic import HydronicHeatPump
from tests.integration.test_modbus_e2e import POLL, Harness, harness, sim
from tests.integration.test_mqtt_broker_e2e import Harness as MqttHarness
from tests.integration.test_mqtt_broker_e2e import harness as mqtt_harness
from tests.integration.test_mqtt_broker_e2e import mqtt_entry

__all__ = ["harness", "mqtt_entry", "mqtt_harness", "sim"]  # fixtures, by name


def _model(harness: Harness) -> HydronicHeatPump:
    model = harness.sim.model
    assert isinstance(model, HydronicHeatPump)
    return model


async def _set_number(harness: Harness, key: str, value: float) -> None:
    await harness.hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": harness.entity_id("number", key), "value": value},
        blocking=True,
    )


async def _refused_by_the_write_path(harness: Harness, key: str, value: Value) -> None:
    """The coordinator refuses what the profile does not allow: nothing is sent."""
    profile = harness.coordinator.profile
    assert profile is not None
    point = next(p for p in profile.points if p.key == key)
    assert point.quantity is not None
    before = harness.sim.state()[point.quantity]
    with pytest.raises(ServiceValidationError):
        await harness.coordinator.async_write_point(point, value)
    assert harness.sim.state()[point.quantity] == before


async def test_quiet_mode_caps_the_compressor(harness: Harness) -> None:
    """Level 3 (of 0-3): the compressor runs at most 55 %; 4 is refused."""
    await harness.run(POLL)
    await _set_number(harness, "point_quiet_mode", 3)
    model = _model(harness)
    assert model.controls.quiet_level == 3
    assert float(harness.state("number", "point_quiet_mode")) == 3
    speeds = []
    for _ in range(60):
        await harness.run(POLL)
        if model.comp.running and not model.defrost.active:
            speeds.append(model.comp.modulation)
    assert speeds, "the compressor never ran"
    assert max(speeds) <= 0.55 + 1e-9
    with pytest.raises(ServiceValidationError):
        await _set_number(harness, "point_quiet_mode", 4)
    await _refused_by_the_write_path(harness, "quiet_mode", 4.0)
    assert model.controls.quiet_level == 3


async def test_powerful_mode_runs_warmer_then_expires(harness: Harness) -> None:
    """30 minutes of boost: the flow target rises 3 K, then it ends by itself."""
    await harness.run(POLL)
    model = _model(harness)
    outdoor = model.wx.outdoor_c
    normal = model.flow_target(outdoor)
    await _set_number(harness, "point_powerful_mode", 30)
    assert float(harness.state("number", "point_powerful_mode")) == 30
    assert model.flow_target(outdoor) == pytest.approx(normal + 3.0)
    await harness.run(31 * 60)
    assert float(harness.state("number", "point_powerful_mode")) == 0
    assert model.controls.powerful_s == 0.0
    await _refused_by_the_write_path(harness, "powerful_mode", 120.0)
    await _refused_by_the_write_path(harness, "powerful_mode", 45.0)  # off-step


@pytest.mark.usefixtures("enable_all_entities")  # the unit's own mode
async def test_holiday_mode_lowers_the_curve(harness: Harness) -> None:
    """Holiday on: the curve drops 5 K and hot water is not reheated."""
    await harness.run(POLL)
    model = _model(harness)
    outdoor = model.wx.outdoor_c
    normal = model.flow_target(outdoor)
    switch = harness.entity_id("switch", "point_holiday_mode")
    await harness.hass.services.async_call(
        "switch", "turn_on", {"entity_id": switch}, blocking=True
    )
    assert harness.state("switch", "point_holiday_mode") == STATE_ON
    assert model.controls.holiday
    assert model.flow_target(outdoor) == pytest.approx(normal - 5.0)
    assert model.tank is not None
    model.tank.temp_c = model.tank.target_c - 10.0  # a big draw
    await harness.run(30 * 60)
    assert harness.state("sensor", "point_operating_mode") != "dhw"
    await harness.hass.services.async_call(
        "switch", "turn_off", {"entity_id": switch}, blocking=True
    )
    assert harness.state("switch", "point_holiday_mode") == STATE_OFF
    assert not model.controls.holiday


@pytest.mark.usefixtures("enable_all_entities")  # the unit's own mode
async def test_force_dhw_button_heats_the_tank_once(harness: Harness) -> None:
    """Pressed with the tank just below target: the unit heats it, then clears."""
    await harness.run(POLL)
    model = _model(harness)
    assert model.tank is not None
    model.tank.temp_c = model.tank.target_c - 1.0  # inside the hysteresis
    await harness.run(POLL)
    assert harness.state("sensor", "point_operating_mode") != "dhw"
    await harness.hass.services.async_call(
        "button",
        "press",
        {"entity_id": harness.entity_id("button", "point_force_dhw")},
        blocking=True,
    )
    assert model.controls.force_dhw
    await harness.run(3 * POLL)
    assert harness.state("sensor", "point_operating_mode") in ("dhw", "defrost")
    await harness.run(60 * 60)
    assert not model.controls.force_dhw  # cleared once the tank reached target
    assert model.tank.temp_c >= model.tank.target_c - 1.0


async def test_zone2_setpoint(harness: Harness) -> None:
    """Zone 2's setpoint is written, read back, and bounded to 20-60 °C."""
    await harness.run(POLL)
    await _set_number(harness, "point_zone2_target_temperature", 35.5)
    assert _model(harness).controls.zone2_target_c == pytest.approx(35.5)
    assert float(harness.state("number", "point_zone2_target_temperature")) == 35.5
    with pytest.raises(ServiceValidationError):
        await _set_number(harness, "point_zone2_target_temperature", 70)
    await _refused_by_the_write_path(harness, "zone2_target_temperature", 19.5)


async def test_sg_ready_four_states(harness: Harness) -> None:
    """Blocked stops the compressor; forced heats the tank to its maximum."""
    hass = harness.hass
    await harness.run(600)
    model = _model(harness)
    select = harness.entity_id("select", "point_sg_ready")
    state = hass.states.get(select)
    assert state is not None
    assert state.attributes["options"] == [s.value for s in SgReadyState]
    assert state.state == "normal"

    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": select, "option": "blocked"},
        blocking=True,
    )
    assert model.controls.sg_ready is SgReadyState.BLOCKED
    assert harness.state("select", "point_sg_ready") == "blocked"
    await harness.run(20 * 60)  # past the minimum run time
    assert not model.comp.running
    assert harness.number("point_compressor_frequency") == 0

    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": select, "option": "forced"},
        blocking=True,
    )
    assert harness.state("select", "point_sg_ready") == "forced"
    assert model.tank is not None
    await harness.run(3 * 3600)
    assert model.tank.temp_c > model.tank.target_c + 5.0  # stored heat
    assert (
        float(harness.state("number", "point_dhw_target_temperature")) == 50
    )  # owner's

    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            "select",
            "select_option",
            {"entity_id": select, "option": "bogus"},
            blocking=True,
        )
    await _refused_by_the_write_path(harness, "sg_ready", "bogus")


async def test_the_simulator_refuses_out_of_range_writes(harness: Harness) -> None:
    """Over the wire too: a raw out-of-range value is an exception, not applied."""
    model = _model(harness)
    for quantity, value in (
        (Quantity.QUIET_MODE, 5.0),
        (Quantity.POWERFUL_MODE, 100.0),
        (Quantity.ZONE2_TARGET_TEMPERATURE, 80.0),
        (Quantity.SG_READY, "maybe"),
    ):
        with pytest.raises(WriteError):
            model.write(quantity, value)
    assert model.controls.quiet_level == 0


# --- HeishaMon over the broker ----------------------------------------------------


async def _mqtt_number(harness: MqttHarness, key: str, value: float) -> None:
    await harness.hass.services.async_call(
        "number",
        "set_value",
        {"entity_id": harness.entity_id("number", key), "value": value},
        blocking=True,  # returns once HeishaMon's state topic echoed it
    )


async def test_heishamon_controls_are_confirmed_by_their_state_topics(
    mqtt_harness: MqttHarness,
) -> None:
    """SetQuietMode, SetPowerfulMode, SetZ2HeatRequestTemperature, SetForceDHW."""
    harness = mqtt_harness
    await harness.publish(60)
    model = harness.sim.model
    assert isinstance(model, HydronicHeatPump)
    applied = harness.publisher.commands_applied

    await _mqtt_number(harness, "point_quiet_mode_level", 2)
    assert model.controls.quiet_level == 2
    assert harness.number("point_quiet_mode_level", "number") == 2

    await _mqtt_number(harness, "point_powerful_mode_time", 60)  # payload "2"
    assert model.controls.powerful_s == 3600.0
    assert harness.number("point_powerful_mode_time", "number") == 60

    await _mqtt_number(harness, "point_z2_heat_request_temp", -3)
    assert model.controls.zone2_offset_k == -3.0
    assert harness.number("point_z2_heat_request_temp", "number") == -3

    assert model.tank is not None
    model.tank.temp_c = model.tank.target_c - 1.0
    await harness.hass.services.async_call(
        "button",
        "press",
        {"entity_id": harness.entity_id("button", "point_force_dhw_state")},
        blocking=True,
    )
    assert model.controls.force_dhw
    assert harness.publisher.commands_applied == applied + 4

    for key, value in (
        ("point_quiet_mode_level", 4),  # SET3: 0-3
        ("point_powerful_mode_time", 120),  # SET4: 0-3 x 30 min
        ("point_z2_heat_request_temp", 6),  # SET7 shift: -5..5
    ):
        with pytest.raises(ServiceValidationError):
            await _mqtt_number(harness, key, value)
    assert harness.publisher.commands_applied == applied + 4
    assert model.controls.quiet_level == 2
