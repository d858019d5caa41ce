"""Garbage on every numeric HeishaMon topic, through a real broker.

HA's MQTT integration connects to the mosquitto of the ``mqtt_broker``
fixture; the test publishes through it.  The unit runs steadily (3 kW heat,
1 kW electricity); between good readings every numeric topic gets one kind of
garbage.  The totals must be exactly what the steady powers give, and no
entity may ever show a value outside its bounds.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
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
from custom_components.heatpump.core.plausibility import point_range
from custom_components.heatpump.core.profile.loader import (
    load_profile,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import MqttPoint
from custom_components.heatpump.sources.mqtt import FLUSH_DELAY
from heatpump_sim.profiles import CLOCK_POINTS, write_simulator_profile
from tests.conftest import Broker

PROFILE = shipped_profiles_dir() / "units" / "heishamon_panasonic_aquarea.yaml"
STEP_S = 10.0
GOOD = {
    "main/Heat_Power_Production": "3000",
    "main/Heat_Power_Consumption": "1000",
    "main/DHW_Power_Production": "0",
    "main/DHW_Power_Consumption": "0",
    "main/Cool_Power_Consumption": "0",
    "main/Main_Outlet_Temp": "35",
    "main/Main_Inlet_Temp": "30",
    "main/Pump_Flow": "8.6",
    "main/Outside_Temp": "5",
    "main/Operations_Hours": "1000",
    "main/Operations_Counter": "500",
}
GARBAGE: dict[str, str | bytes] = {
    "empty": "",
    "nan": "nan",
    "inf": "inf",
    "-inf": "-inf",
    "1e308": "1e308",
    "-1e308": "-1e308",
    "negative": "-5000",
    "text": "sensor fault!",
    "bytes": b"\xff\xfe\x00\x81",
    "json": json.dumps({"value": 35, "unit": "C"}),
    "1 MB": "9" * 1_000_000,
}
_prefixes = itertools.count()


@pytest.fixture
async def mqtt_entry(
    hass: HomeAssistant,
    mqtt_broker: Broker,
    socket_enabled: None,
    mock_hass_config: None,
) -> AsyncIterator[MockConfigEntry]:
    """HA's MQTT integration, connected to the real broker."""
    entry = MockConfigEntry(
        domain=mqtt.DOMAIN,
        data={"broker": mqtt_broker.host, "port": mqtt_broker.port},
        options={"discovery": False, "birth_message": {}, "will_message": {}},
        version=1,
        minor_version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    async with asyncio.timeout(10):
        while not mqtt.is_connected(hass):
            await asyncio.sleep(0.02)
    yield entry
    if entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


@pytest.mark.usefixtures("enable_all_entities")  # the "Reported ..." points too
async def test_garbage_matrix_on_every_numeric_heishamon_topic(
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    profiles_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = load_profile(PROFILE)
    # The unit reports its own clock (the simulator profile's clock topic),
    # so samples are stamped with it however fast the test runs.
    clocked = load_profile(write_simulator_profile(profiles_dir, profile.id))
    numeric = [p for p in profile.points if isinstance(p, MqttPoint) and point_range(p)]
    prefix = f"hp_faults_{os.getpid()}_{next(_prefixes)}"
    clock = [1_700_000_000.0]
    clock_topic = f"{prefix}/{CLOCK_POINTS['mqtt']['topic']}"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Aquarea",
        data={
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_PROFILE: clocked.id,
            CONF_TOPIC_PREFIX: prefix,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: HeatPumpCoordinator = entry.runtime_data
    registry = er.async_get(hass)

    async def send_garbage(payload: str | bytes) -> None:
        """Publish garbage everywhere; HA's MQTT drops some (invalid UTF-8)."""
        clock[0] += STEP_S
        await mqtt.async_publish(hass, clock_topic, f"{clock[0]}")
        for point in numeric:
            await mqtt.async_publish(hass, f"{prefix}/{point.topic}", payload)
        await asyncio.sleep(FLUSH_DELAY + 0.5)
        await hass.async_block_till_done()

    async def send(payloads: dict[str, str | bytes], repeat: bool = False) -> None:
        """Publish one reading; ``repeat`` until HA's subscriptions are live."""
        clock[0] += STEP_S
        before = coordinator.data
        async with asyncio.timeout(10):
            while coordinator.data is before:
                await mqtt.async_publish(hass, clock_topic, f"{clock[0]}")
                for topic, payload in payloads.items():
                    await mqtt.async_publish(hass, f"{prefix}/{topic}", payload)
                for _ in range(50 if repeat else 500):
                    await asyncio.sleep(0.02)
                    if coordinator.data is not before:
                        break
        await hass.async_block_till_done()

    def number(key: str) -> float:
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_{key}"
        )
        assert entity_id is not None
        state = hass.states.get(entity_id)
        assert state is not None
        return float(state.state)

    def assert_all_within_bounds(what: str) -> None:
        for point in numeric:
            entity_id = registry.async_get_entity_id(
                "sensor", DOMAIN, f"{entry.entry_id}_point_{point.key}"
            )
            if entity_id is None:
                continue
            state = hass.states.get(entity_id)
            assert state is not None
            limits = point_range(point)
            assert limits is not None
            if state.state in ("unknown", "unavailable"):
                continue
            assert limits.admits(float(state.state)), (
                f"{what}: {entity_id}={state.state}"
            )
        for key in ("heat_energy", "electrical_energy", "cop_today"):
            value = number(key)
            assert 0.0 <= value < 15 if key.startswith("cop") else value >= 0.0, what

    await send(GOOD, repeat=True)
    await send(GOOD)
    t0 = clock[0]
    heat0, elec0 = number("heat_energy"), number("electrical_energy")
    for name, payload in GARBAGE.items():
        await send_garbage(payload)
        assert_all_within_bounds(name)
        await send(GOOD)
        assert_all_within_bounds(f"after {name}")
    hours = (clock[0] - t0) / 3600
    heat = number("heat_energy") - heat0
    elec = number("electrical_energy") - elec0
    with capsys.disabled():
        print(
            f"\nHeishaMon garbage matrix: {len(GARBAGE)} kinds x {len(numeric)} "
            f"topics; heat {heat:.6f} kWh (steady 3 kW: {3 * hours:.6f}), "
            f"electricity {elec:.6f} kWh (1 kW: {hours:.6f})"
        )
    # Garbage is no reading: the last good power is held, as for any gap.
    # Each total is shown to 1 Wh: a difference of two is within 1 Wh.
    assert heat == pytest.approx(3.0 * hours, abs=0.001 + 1e-9)
    assert elec == pytest.approx(1.0 * hours, abs=0.001 + 1e-9)
    assert await hass.config_entries.async_unload(entry.entry_id)
