"""Every shipped MQTT profile, published by the simulator through a real broker.

HeishaMon has its own, deeper test (test_mqtt_broker_e2e.py); here each
profile's numeric quantity points must arrive in HA with the simulator's
values and the quantity's unit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.const import (
    CONF_PROFILE,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import Point, Profile
from custom_components.heatpump.core.quantities import Kind
from heatpump_sim.simulator import Simulator
from tests.conftest import Broker, clear_retained, own_prefix
from tests.integration.simulated import assert_points_show_truth
from tests.integration.test_mqtt_broker_e2e import _until, mqtt_entry

__all__ = ["mqtt_entry"]  # the fixture, used by name

PROFILES, _ = load_profiles(shipped_profiles_dir())
MQTT_PROFILES = sorted(
    profile_id
    for profile_id, profile in PROFILES.items()
    if profile.mqtt_points and profile_id != "heishamon_panasonic_aquarea"
)


def _raw_step(point: Point) -> float:
    """What the simulator's payload rounding can hide, in the point's unit."""
    return 0.01 * abs(point.scale)


@pytest.fixture
async def published(
    request: pytest.FixtureRequest,
    hass: HomeAssistant,
    mqtt_entry: MockConfigEntry,
    mqtt_broker: Broker,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[tuple[Profile, Simulator, MockConfigEntry]]:
    """The simulator publishing one profile, and its heatpump entry set up."""
    profile = PROFILES[request.param]
    prefix = own_prefix("hp_profiles")
    sim = Simulator(
        kind=Kind.AIR_TO_WATER if profile.kind is Kind.METER else profile.kind,
        profiles=(profile.id,),
        mqtt=(mqtt_broker.host, mqtt_broker.port),
        mqtt_base_topic=prefix,
        mqtt_interval_s=3600.0,
        speed=None,
        seed=9,
    )
    sim.advance(3600)
    await sim.start()
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=profile.name,
        unique_id=f"mqtt:{prefix}",
        data={
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_TOPIC_PREFIX: prefix,
            CONF_PROFILE: profile.id,
        },
    )
    entry.add_to_hass(hass)
    try:
        assert sim.mqtt is not None
        await _until(sim.mqtt.connected.is_set, "the simulator to connect")
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        yield profile, sim, entry
    finally:
        await sim.stop()
        await asyncio.to_thread(clear_retained, mqtt_broker, prefix)
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


@pytest.mark.usefixtures("enable_all_entities")  # "Reported ..." points too
@pytest.mark.parametrize("published", MQTT_PROFILES, indirect=True)
async def test_mqtt_profile_end_to_end(
    hass: HomeAssistant, published: tuple[Profile, Simulator, MockConfigEntry]
) -> None:
    """Numeric quantity points show the simulator's values in the right unit."""
    profile, sim, entry = published
    coordinator: HeatPumpCoordinator = entry.runtime_data
    before = coordinator.data
    assert sim.mqtt is not None
    # Publish until HA's subscriptions (sent after a short debounce) catch one.
    await _until(
        lambda: coordinator.data is not before,
        "a reading from the broker",
        nudge=sim.mqtt.publish_now,
    )
    await hass.async_block_till_done()

    assert_points_show_truth(
        hass, entry.entry_id, profile.mqtt_points, sim.model.state(), _raw_step, 1e-4
    )
