"""End to end over a real MQTT broker: HA's MQTT integration <-> the simulator.

Home Assistant's own MQTT integration connects to the mosquitto of the
``mqtt_broker`` fixture; the simulator runs in this event loop with a manual
clock (speed None) and publishes the HeishaMon topic layout with paho-mqtt,
only when told to (``publish_now``; its interval is set far away).  Each test
uses a topic prefix of its own and clears the simulator's retained LWT when it
ends, so retained messages of one test never reach another.  The coordinator's
clock is the simulator's, as in the Modbus end-to-end tests.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from homeassistant import config_entries
from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfVolumeFlowRate,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.const import (
    CONF_PROFILE,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.loader import load_profile
from custom_components.heatpump.core.profile.model import Profile
from custom_components.heatpump.core.quantities import Mode, Quantity
from custom_components.heatpump.sources.mqtt import FLUSH_DELAY
from heatpump_sim.mqtt_publisher import MqttPublisher
from heatpump_sim.profiles import simulator_profile_id, write_simulator_profile
from heatpump_sim.simulator import Simulator
from tests.conftest import Broker, clear_retained, own_prefix

SHIPPED = "heishamon_panasonic_aquarea"
PROFILE = simulator_profile_id(SHIPPED)
"""HA reads the shipped profile plus the simulator's clock, as the demo does."""
TIMEOUT = 10.0
"""Seconds any one broker round trip may take before the test fails."""
SETTLE = FLUSH_DELAY + 0.25
"""Long enough for a reading already on its way to land."""


def _sim_profile(profiles_dir: Path) -> Profile:
    """The shipped profile, with the unit's main switch wired to the model.

    The simulator has no on/off quantity, and the shipped profile gives
    ``Heatpump_State`` none, so the simulator would publish ``-1`` there and
    ignore ``SetHeatpump``.  For the simulator only (HA uses the shipped
    profile unchanged), the point maps to the model's mode setting:
    0 = off, 1 = heating, the same payloads HeishaMon uses.
    """
    profile = load_profile(write_simulator_profile(profiles_dir, SHIPPED))
    points = tuple(
        dataclasses.replace(
            point,
            quantity=Quantity.MODE_SETTING,
            value_map={"0": Mode.OFF.value, "1": Mode.HEATING.value},
        )
        if point.key == "heatpump_state"
        else point
        for point in profile.points
    )
    return dataclasses.replace(profile, points=points)


async def _until(
    predicate: Callable[[], bool],
    what: str,
    nudge: Callable[[], None] | None = None,
) -> None:
    """Wait (on the real clock) until ``predicate()``; ``nudge`` every 0.25 s."""
    try:
        async with asyncio.timeout(TIMEOUT):
            while not predicate():
                if nudge is not None:
                    nudge()
                await asyncio.sleep(0.25 if nudge is not None else 0.02)
    except TimeoutError:
        pytest.fail(f"timed out after {TIMEOUT} s waiting for {what}")


class Harness:
    """HA with the MQTT and heatpump entries, and the publishing simulator."""

    def __init__(
        self, hass: HomeAssistant, sim: Simulator, prefix: str, entry_id: str
    ) -> None:
        self.hass, self.sim, self.prefix, self.entry_id = hass, sim, prefix, entry_id
        self.wire: dict[str, str] = {}
        """Last payload seen on the broker per ``main/...`` topic (HA's view)."""

    @callback
    def on_wire(self, message: mqtt.ReceiveMessage) -> None:
        payload = message.payload
        text = payload if isinstance(payload, str) else bytes(payload).decode()
        self.wire[message.topic[len(self.prefix) + 1 :]] = text

    @property
    def publisher(self) -> MqttPublisher:
        assert self.sim.mqtt is not None
        return self.sim.mqtt

    @property
    def coordinator(self) -> HeatPumpCoordinator:
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        assert entry is not None
        coordinator: HeatPumpCoordinator = entry.runtime_data
        return coordinator

    async def publish(self, seconds: float) -> None:
        """Simulate ``seconds``, publish, and wait until HA took that reading."""
        # A reading still on its way (a command's echo, a reconnect's first
        # publish) must not pass for this one.
        await asyncio.sleep(SETTLE)
        await self.hass.async_block_till_done()
        self.sim.advance(seconds)
        before = self.coordinator.data
        self.publisher.publish_now()
        await _until(
            lambda: self.coordinator.data is not before, "the published reading"
        )
        await self.hass.async_block_till_done()

    def entity_id(self, platform: str, key: str) -> str:
        entity_id = er.async_get(self.hass).async_get_entity_id(
            platform, DOMAIN, f"{self.entry_id}_{key}"
        )
        assert entity_id is not None, key
        return entity_id

    def state(self, platform: str, key: str) -> str:
        state = self.hass.states.get(self.entity_id(platform, key))
        assert state is not None, key
        return state.state

    def unit(self, key: str) -> str | None:
        state = self.hass.states.get(self.entity_id("sensor", key))
        assert state is not None, key
        return state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)

    def number(self, key: str, platform: str = "sensor") -> float:
        return float(self.state(platform, key))

    async def wait_state(
        self, platform: str, key: str, check: Callable[[str], bool], what: str
    ) -> None:
        """Wait until the entity's state passes ``check`` (no publishing)."""
        entity_id = self.entity_id(platform, key)

        def _ok() -> bool:
            state = self.hass.states.get(entity_id)
            return state is not None and check(state.state)

        await _until(_ok, f"{entity_id} {what}")


@pytest.fixture
async def mqtt_entry(
    hass: HomeAssistant,
    mqtt_broker: Broker,
    socket_enabled: None,
    mock_hass_config: None,  # MQTT reads configuration.yaml: an empty one
) -> AsyncIterator[MockConfigEntry]:
    """HA's MQTT integration, connected to the real broker."""
    entry = MockConfigEntry(
        domain=mqtt.DOMAIN,
        title="MQTT",
        data={"broker": mqtt_broker.host, "port": mqtt_broker.port},
        # No discovery and no birth message: nothing else to wait for.
        options={"discovery": False, "birth_message": {}, "will_message": {}},
        version=1,
        minor_version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await _until(lambda: mqtt.is_connected(hass), "HA's MQTT client to connect")
    yield entry
    if entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


@pytest.fixture
async def harness(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    mqtt_broker: Broker,
    profiles_dir: Path,
) -> AsyncIterator[Harness]:
    """The simulator publishing, and the heatpump entry made through the flow."""
    prefix = own_prefix("hp_e2e")
    sim = Simulator(
        kind="air_to_water",
        profiles=(_sim_profile(profiles_dir),),
        mqtt=(mqtt_broker.host, mqtt_broker.port),
        mqtt_base_topic=prefix,
        mqtt_interval_s=3600.0,  # publish only on publish_now()
        speed=None,
        seed=3,
    )
    sim.advance(3600)  # one warm-up hour: compressor running, heating
    await sim.start()
    unsubscribe_wire: Callable[[], None] | None = None
    try:
        assert sim.mqtt is not None
        # The flow's check waits for any message under the prefix: the
        # simulator's retained LWT "Online" is one.
        await _until(sim.mqtt.connected.is_set, "the simulator to connect")
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": config_entries.SOURCE_USER}
        )
        assert result["type"] is FlowResultType.MENU
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "mqtt_manual"}
        )
        assert result["type"] is FlowResultType.FORM
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_TOPIC_PREFIX: prefix, CONF_PROFILE: PROFILE}
        )
        assert result["type"] is FlowResultType.CREATE_ENTRY, result
        entry = result["result"]
        assert entry.data == {
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_TOPIC_PREFIX: prefix,
            CONF_PROFILE: PROFILE,
        }
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        harness = Harness(hass, sim, prefix, entry.entry_id)
        unsubscribe_wire = await mqtt.async_subscribe(
            hass, f"{prefix}/main/+", harness.on_wire
        )
        # HA subscribes after a short cooldown: publish until a reading lands.
        await _until(
            lambda: bool(harness.coordinator.data.points and harness.wire),
            "the first reading",
            nudge=sim.mqtt.publish_now,
        )
        await hass.async_block_till_done()
        yield harness
    finally:
        await sim.stop()  # ends paho's network thread
        await asyncio.to_thread(clear_retained, mqtt_broker, prefix)
        if unsubscribe_wire is not None:
            unsubscribe_wire()
        for entry in hass.config_entries.async_entries(DOMAIN):
            if entry.state is ConfigEntryState.LOADED:
                assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


async def test_entities_show_the_simulators_values(harness: Harness) -> None:
    """Temperatures, flow, summed per-mode power and COP, with their units."""
    await harness.publish(60)
    truth = harness.sim.state()
    assert truth[Quantity.OPERATING_MODE] == Mode.HEATING  # not defrosting
    for key, quantity in (
        ("point_main_outlet_temp", Quantity.FLOW_TEMPERATURE),
        ("point_main_inlet_temp", Quantity.RETURN_TEMPERATURE),
        ("point_outside_temp", Quantity.OUTDOOR_TEMPERATURE),
        ("point_dhw_temp", Quantity.DHW_TEMPERATURE),
    ):
        # Shown to 0.1 °C, what a person could see.
        assert harness.number(key) == pytest.approx(float(truth[quantity]), abs=0.051)
        assert harness.unit(key) == UnitOfTemperature.CELSIUS, key
    assert harness.number("point_pump_flow") == pytest.approx(
        float(truth[Quantity.FLOW_RATE]), abs=0.01
    )

    # HeishaMon splits power by mode; the integration adds up what the broker
    # carried on the per-mode topics.
    wire = harness.wire
    heat = sum(float(wire[f"main/{mode}_Power_Production"]) for mode in ("Heat", "DHW"))
    elec = sum(
        float(wire[f"main/{mode}_Power_Consumption"])
        for mode in ("Heat", "DHW", "Cool")
    )
    assert heat > 0
    assert elec > 0
    # Shown to 1 W.
    assert harness.number("heat_power") == pytest.approx(heat, abs=0.5)
    assert harness.number("electrical_power") == pytest.approx(elec, abs=0.5)
    assert harness.unit("heat_power") == UnitOfPower.WATT
    assert harness.unit("electrical_power") == UnitOfPower.WATT
    assert harness.number("cop") == pytest.approx(heat / elec, rel=0.01)

    # The next publish carries the next state, not a stale one.
    await harness.publish(120)
    assert harness.number("point_main_outlet_temp") == pytest.approx(
        float(harness.sim.state()[Quantity.FLOW_TEMPERATURE]), abs=0.051
    )


async def test_flow_rate_has_home_assistants_unit(harness: Harness) -> None:
    """The flow rate entity carries HA's litres-per-minute unit."""
    assert harness.unit("point_pump_flow") == UnitOfVolumeFlowRate.LITERS_PER_MINUTE


async def test_summed_power_and_cop_match_the_model(harness: Harness) -> None:
    """Per-mode topics add up to the unit's real heat and electrical power."""
    await harness.publish(60)
    truth = harness.sim.state()
    heat = float(truth[Quantity.HEAT_POWER])
    elec = float(truth[Quantity.ELECTRICAL_POWER])
    # Shown to 1 W.
    assert harness.number("heat_power") == pytest.approx(heat, abs=0.5)
    assert harness.number("electrical_power") == pytest.approx(elec, abs=0.5)
    assert harness.number("cop") == pytest.approx(heat / elec, rel=0.01)


async def test_commands_reach_the_simulator_and_are_confirmed(
    harness: Harness,
) -> None:
    """DHW target and main switch: published, obeyed by the model, echoed back."""
    await harness.publish(60)
    applied = harness.publisher.commands_applied

    await harness.hass.services.async_call(
        "number",
        "set_value",
        {
            "entity_id": harness.entity_id("number", "point_dhw_target_temp"),
            "value": 55,
        },
        blocking=True,  # returns once the unit's echo confirmed the write
    )
    assert harness.sim.state()[Quantity.DHW_TARGET_TEMPERATURE] == pytest.approx(55)
    assert harness.number("point_dhw_target_temp", "number") == 55

    switch = harness.entity_id("switch", "point_heatpump_state")
    assert harness.state("switch", "point_heatpump_state") == STATE_ON
    await harness.hass.services.async_call(
        "switch", "turn_off", {"entity_id": switch}, blocking=True
    )
    assert harness.sim.state()[Quantity.MODE_SETTING] == Mode.OFF
    assert harness.state("switch", "point_heatpump_state") == STATE_OFF
    await harness.publish(1800)  # the model really stopped heating
    assert harness.number("heat_power") == 0

    await harness.hass.services.async_call(
        "switch", "turn_on", {"entity_id": switch}, blocking=True
    )
    assert harness.sim.state()[Quantity.MODE_SETTING] == Mode.HEATING
    assert harness.state("switch", "point_heatpump_state") == STATE_ON
    assert harness.publisher.commands_applied == applied + 3
    assert harness.publisher.commands_rejected == 0


async def test_publisher_stop_and_lost_connection_make_entities_unavailable(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """LWT Offline (clean stop or the broker's will) -> unavailable; back after."""
    flow, cop = "point_main_outlet_temp", "cop"
    await harness.publish(60)
    assert harness.state("sensor", flow) != STATE_UNAVAILABLE

    # A clean stop: the simulator publishes "Offline" itself, then disconnects.
    await harness.publisher.stop()
    await harness.wait_state("sensor", flow, STATE_UNAVAILABLE.__eq__, "unavailable")
    assert harness.state("sensor", cop) == STATE_UNAVAILABLE
    assert harness.state("switch", "point_heatpump_state") == STATE_UNAVAILABLE

    await harness.publisher.start()  # publishes "Online" and the state at once
    await harness.wait_state("sensor", flow, STATE_UNAVAILABLE.__ne__, "back")
    await harness.publish(60)
    assert harness.number(flow) == pytest.approx(
        float(harness.sim.state()[Quantity.FLOW_TEMPERATURE]), abs=0.051
    )
    assert harness.state("sensor", cop) != STATE_UNAVAILABLE

    # The connection dies without a DISCONNECT: the broker publishes the will.
    harness.sim.faults.set_drop(True)
    await harness.wait_state("sensor", flow, STATE_UNAVAILABLE.__eq__, "unavailable")
    harness.sim.faults.set_drop(False)
    await harness.wait_state("sensor", flow, STATE_UNAVAILABLE.__ne__, "back")
    await harness.publish(60)
    assert harness.number(flow) == pytest.approx(
        float(harness.sim.state()[Quantity.FLOW_TEMPERATURE]), abs=0.051
    )
    assert caplog.text.count("Error requesting") == 2  # once per outage
    assert not [
        r for r in caplog.records if r.exc_info and r.levelno >= logging.WARNING
    ]
