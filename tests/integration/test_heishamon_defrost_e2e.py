"""A HeishaMon defrost that publishes production as 0, over the real broker.

The stream is the bench's HeishaMon emulator (bench/heishamon_emulator.py,
written from HeishaMon's MQTT-Topics.md, independent of the integration
and its simulator): 560 s of winter with a 110 s defrost during which
``Heat_Power_Production`` reads 0 while the outlet is below the inlet at
full flow.  Each 2 s round is published to the real mosquitto with the
clock frozen at the round's time, so the integration stamps every reading
honestly.  The shipped HeishaMon profile declares its heat power clamped
at 0; COP today must be the net truth (defrost counted as a loss) and the
defrost energy the heat taken from the house, both integrated from the
published flow, inlet and outlet temperatures and consumption.

HeishaMon publishes no clock, so readings are stamped with Home Assistant's
``utcnow``; the coordinator's view of it follows the scenario (a frozen
clock for all of HA would also freeze paho's keep-alive and the test's own
timeouts), and each round's flush is fired at once instead of waited for.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import paho.mqtt.client as paho
import pytest
from homeassistant.components import mqtt
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from paho.mqtt.enums import CallbackAPIVersion
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from bench.heishamon_emulator import ROUND_S, TOPICS, rounds, truth
from custom_components.heatpump import coordinator as coordinator_module
from custom_components.heatpump.const import (
    CONF_PROFILE,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import (
    DEFAULT_PUSH_SHOWN_EVERY,
    PERIOD_FIGURES_EVERY,
    HeatPumpCoordinator,
)
from custom_components.heatpump.sources.mqtt import FLUSH_DELAY
from tests.conftest import Broker
from tests.integration.test_mqtt_broker_e2e import _until, mqtt_entry

__all__ = ["mqtt_entry"]  # the fixture, used by name

PROFILE = "heishamon_panasonic_aquarea"


@pytest.fixture
def publisher(mqtt_broker: Broker, socket_enabled: None) -> Iterator[paho.Client]:
    """The emulator's MQTT client."""
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id=f"emu-{os.getpid()}")
    client.connect(mqtt_broker.host, mqtt_broker.port)
    client.loop_start()
    try:
        yield client
    finally:
        client.loop_stop()
        client.disconnect()


@pytest.mark.paced
async def test_defrost_published_as_zero_is_counted_as_a_loss(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    publisher: paho.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """COP today within 2 % of the net truth, defrost energy within 5 %."""
    clock = [datetime(2026, 1, 15, 19, 0, tzinfo=UTC)]  # midday in HA's zone
    real = coordinator_module.dt_util
    monkeypatch.setattr(
        coordinator_module,
        "dt_util",
        SimpleNamespace(utcnow=lambda: clock[0], as_local=real.as_local, UTC=real.UTC),
    )
    prefix = f"hm_defrost_{os.getpid()}"
    received: list[str] = []

    @callback
    def on_wire(message: mqtt.ReceiveMessage) -> None:
        received.append(message.topic)

    await mqtt.async_subscribe(hass, f"{prefix}/main/#", on_wire)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Aquarea",
        unique_id=f"mqtt:{prefix}",
        data={
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_TOPIC_PREFIX: prefix,
            CONF_PROFILE: PROFILE,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.engine_config.heat_power_clamped

    # HA's subscriptions go out after a short debounce: publish the first
    # round until one arrives.
    published = list(rounds())
    first = published[0].payloads

    def publish(payloads: dict[str, str]) -> None:
        for topic, payload in payloads.items():
            publisher.publish(f"{prefix}/{topic}", payload)

    await _until(lambda: bool(received), "the broker", nudge=lambda: publish(first))
    async with asyncio.timeout(5):
        while coordinator.data.metrics is None:
            await asyncio.sleep(FLUSH_DELAY)
    registry = er.async_get(hass)

    def entity_id(key: str) -> str:
        found = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_{key}"
        )
        assert found is not None, key
        return found

    energy_writes: list[str] = []
    energy_id = entity_id("heat_energy")

    @callback
    def on_state(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == energy_id and event.data["new_state"]:
            energy_writes.append(event.data["new_state"].state)

    hass.bus.async_listen(EVENT_STATE_CHANGED, on_state)
    started = hass.loop.time()

    for scenario_round in published[1:]:
        clock[0] += timedelta(seconds=ROUND_S)
        received.clear()
        before = coordinator.latest
        publish(scenario_round.payloads)
        await _until(lambda: len(received) >= len(TOPICS), "a round on the wire")
        await hass.async_block_till_done()
        # The flush, due FLUSH_DELAY after the round's first message.
        async_fire_time_changed(hass, real.utcnow() + timedelta(seconds=FLUSH_DELAY))
        await _until(lambda b=before: coordinator.latest is not b, "its reading")
    await hass.async_block_till_done()
    # The latest reading is shown within an update interval of HA's clock.
    async_fire_time_changed(
        hass, real.utcnow() + timedelta(seconds=DEFAULT_PUSH_SHOWN_EVERY + 1)
    )
    await hass.async_block_till_done()
    assert coordinator.data is coordinator.latest
    # Energy totals are paced: one write per interval of HA's clock (the
    # scenario's 280 rounds pass faster than that here), the latest when due.
    elapsed = hass.loop.time() - started
    assert len(energy_writes) <= 2 + elapsed / PERIOD_FIGURES_EVERY, energy_writes
    async_fire_time_changed(
        hass, real.utcnow() + timedelta(seconds=PERIOD_FIGURES_EVERY + 1)
    )
    await hass.async_block_till_done()

    true = truth(published)
    assert true.defrost_kwh > 0.05  # the scenario has a real loss to find

    def shown(key: str) -> float:
        state = hass.states.get(entity_id(key))
        assert state is not None, key
        return float(state.state)

    metrics = coordinator.data.metrics
    assert metrics is not None
    assert shown("heat_energy") == round(metrics.heat_energy, 3)

    assert shown("cop_today") == pytest.approx(true.cop, rel=0.02)
    assert shown("defrost_energy_today") == pytest.approx(true.defrost_kwh, rel=0.05)
    # The loss is real heat: net heat is what the house kept.
    assert shown("heat_energy") - shown("defrost_energy_today") == pytest.approx(
        true.heat_kwh, rel=0.02
    )
    await hass.config_entries.async_unload(entry.entry_id)
