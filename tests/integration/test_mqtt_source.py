"""MQTT units through HA's MQTT integration (mocked client; the real broker
round trip lives in test_mqtt_broker_e2e.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_mqtt_message,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import MqttMockHAClient

from custom_components.heatpump.const import (
    CONF_PROFILE,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.core.profile.loader import shipped_profiles_dir
from custom_components.heatpump.core.quantities import Quantity

PREFIX = "panasonic_heat_pump"
STATE = {
    "LWT": "Online",
    "main/Heatpump_State": "1",
    "main/Operating_Mode_State": "4",
    "main/Defrosting_State": "0",
    "main/ThreeWay_Valve_State": "0",
    "main/Main_Inlet_Temp": "30.0",
    "main/Main_Outlet_Temp": "35.0",
    "main/Outside_Temp": "-3",
    "main/DHW_Temp": "48",
    "main/DHW_Target_Temp": "50",
    "main/Pump_Flow": "15.2",
    "main/Compressor_Freq": "42",
    "main/Heat_Power_Production": "4000",
    "main/Heat_Power_Consumption": "1000",
    "main/DHW_Power_Production": "0",
    "main/DHW_Power_Consumption": "0",
    "main/Cool_Power_Consumption": "0",
    "main/Error": "No error",
}


def publish_state(hass: HomeAssistant, state: dict[str, str]) -> None:
    for topic, payload in state.items():
        async_fire_mqtt_message(hass, f"{PREFIX}/{topic}", payload)


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, s: float) -> None:
    freezer.tick(timedelta(seconds=s))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture
async def entry(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient, freezer: FrozenDateTimeFactory
) -> MockConfigEntry:
    """A HeishaMon entry, set up, with one round of state published."""
    return await _running(hass, freezer, "heishamon_panasonic_aquarea", STATE)


async def _running(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    profile: str,
    state: dict[str, str],
) -> MockConfigEntry:
    """An entry of ``profile`` on PREFIX, set up, with ``state`` published."""
    freezer.move_to("2026-01-15 10:00:00+00:00")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Aquarea",
        unique_id=f"mqtt:{PREFIX}",
        data={
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_PROFILE: profile,
            CONF_TOPIC_PREFIX: PREFIX,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    publish_state(hass, state)
    await _tick(hass, freezer, 1)
    return entry


def _entity(
    hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str
) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


def _published(mqtt_mock: MqttMockHAClient, topic: str, payload: str) -> bool:
    """Whether ``payload`` went out on ``topic`` (call shapes differ by HA line)."""
    return any(
        call.args[:2] == (topic, payload)
        for call in mqtt_mock.async_publish.call_args_list
    )


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


async def test_heishamon_values_and_summed_power(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Topics decode into entities; per-mode powers add up into the COP inputs."""
    assert (
        _state(hass, _entity(hass, entry, "sensor", "point_main_outlet_temp")) == "35.0"
    )
    assert _state(hass, _entity(hass, entry, "sensor", "point_outside_temp")) == "-3.0"
    mode = _entity(hass, entry, "select", "point_operating_mode_state")
    assert _state(hass, mode) == "Heat+DHW"
    publish_state(
        hass, {"main/DHW_Power_Production": "500", "main/DHW_Power_Consumption": "250"}
    )
    await _tick(hass, freezer, 1)
    assert float(_state(hass, _entity(hass, entry, "sensor", "heat_power"))) == 4500
    assert (
        float(_state(hass, _entity(hass, entry, "sensor", "electrical_power"))) == 1250
    )
    assert float(_state(hass, _entity(hass, entry, "sensor", "cop"))) == pytest.approx(
        3.6
    )
    assert _state(hass, _entity(hass, entry, "binary_sensor", "fault")) == "off"
    publish_state(hass, {"main/Error": "H62"})
    await _tick(hass, freezer, 1)
    assert _state(hass, _entity(hass, entry, "binary_sensor", "fault")) == "on"


async def test_lwt_offline_makes_entities_unavailable(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """The LWT going Offline marks everything unavailable; values come back."""
    flow = _entity(hass, entry, "sensor", "point_main_outlet_temp")
    cop = _entity(hass, entry, "sensor", "cop")
    publish_state(hass, {"LWT": "Offline"})
    await _tick(hass, freezer, 1)
    assert _state(hass, flow) == STATE_UNAVAILABLE
    assert _state(hass, cop) == STATE_UNAVAILABLE

    publish_state(hass, STATE)
    await _tick(hass, freezer, 1)
    assert _state(hass, flow) == "35.0"


async def test_silence_makes_entities_unavailable(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """No message for the availability timeout: unavailable, not stale."""
    flow = _entity(hass, entry, "sensor", "point_main_outlet_temp")
    await _tick(hass, freezer, 301)
    assert _state(hass, flow) == STATE_UNAVAILABLE


async def test_write_publishes_command_and_waits_for_state(
    hass: HomeAssistant, entry: MockConfigEntry, mqtt_mock: MqttMockHAClient
) -> None:
    """A DHW target write goes to the command topic; the unit's echo confirms it."""

    async def unit_obeys(topic: str, payload: Any, *_args: Any, **_kw: Any) -> None:
        if topic == f"{PREFIX}/commands/SetDHWTemp":
            async_fire_mqtt_message(hass, f"{PREFIX}/main/DHW_Target_Temp", payload)

    mqtt_mock.async_publish.side_effect = unit_obeys
    number = _entity(hass, entry, "number", "point_dhw_target_temp")
    await hass.services.async_call(
        "number", "set_value", {"entity_id": number, "value": 55}, blocking=True
    )
    assert _published(mqtt_mock, f"{PREFIX}/commands/SetDHWTemp", "55")

    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            "number", "set_value", {"entity_id": number, "value": 80}, blocking=True
        )


async def test_write_not_confirmed_is_an_error(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    mqtt_mock: MqttMockHAClient,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A unit that never echoes the new value makes the write fail loudly."""
    switch = _entity(hass, entry, "switch", "point_heatpump_state")
    call = hass.async_create_task(
        hass.services.async_call(
            "switch", "turn_off", {"entity_id": switch}, blocking=True
        )
    )
    for _ in range(5):
        await asyncio.sleep(0)
    freezer.tick(timedelta(seconds=31))  # past WRITE_CONFIRM_TIMEOUT
    with pytest.raises(HomeAssistantError, match="did not confirm"):
        await call
    assert _published(mqtt_mock, f"{PREFIX}/commands/SetHeatpump", "0")


async def test_a_round_decodes_only_the_payloads_that_changed(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A message is only kept; its topic is decoded at the flush, if it changed."""
    from custom_components.heatpump.sources import mqtt as source_module

    decoded: list[str] = []
    real_decode = source_module.decode_payload

    def counting(point: Any, payload: Any) -> Any:
        decoded.append(point.key)
        return real_decode(point, payload)

    monkeypatch.setattr(source_module, "decode_payload", counting)
    inlet = _entity(hass, entry, "sensor", "point_main_inlet_temp")
    publish_state(hass, STATE)
    await hass.async_block_till_done()
    assert decoded == []  # nothing until the flush
    await _tick(hass, freezer, 1)
    assert decoded == []  # the same round again: nothing changed
    assert _state(hass, inlet) == "30.0"

    publish_state(hass, {**STATE, "main/Main_Inlet_Temp": "29.5"})
    await _tick(hass, freezer, 1)
    assert decoded == ["main_inlet_temp"]
    assert _state(hass, inlet) == "29.5"


async def test_a_point_in_another_unit_is_converted_once(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient, freezer: FrozenDateTimeFactory
) -> None:
    """A user profile whose bridge publishes °F: shown and counted in °C."""
    source = shipped_profiles_dir() / "units" / "heishamon_panasonic_aquarea.yaml"
    profile = yaml.safe_load(source.read_text())
    profile["id"] = "my_heishamon_fahrenheit"
    for point in profile["points"]:
        if point["key"] == "outside_temp":
            point["unit"] = "°F"
    folder = Path(hass.config.path("heatpump_profiles"))
    folder.mkdir(exist_ok=True)
    (folder / "my_heishamon_fahrenheit.yaml").write_text(yaml.safe_dump(profile))
    fahrenheit = {**STATE, "main/Outside_Temp": "23"}
    entry = await _running(hass, freezer, "my_heishamon_fahrenheit", fahrenheit)

    outdoor = _entity(hass, entry, "sensor", "point_outside_temp")
    assert float(_state(hass, outdoor)) == pytest.approx(-5.0)
    quantities = entry.runtime_data.data.quantities
    assert quantities[Quantity.OUTDOOR_TEMPERATURE] == pytest.approx(-5.0)
