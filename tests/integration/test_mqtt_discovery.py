"""MQTT discovery through HA's own MQTT integration on the real broker.

A bridge's retained message sits on the broker before Home Assistant's MQTT
client connects; HA subscribes to the topics of our manifest, hands the
message to the ``mqtt`` step, and the user confirms the offer.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from homeassistant import config_entries
from homeassistant.components import mqtt
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.mqtt import MqttServiceInfo
from paho.mqtt import publish
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.const import (
    CONF_PROFILE,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import Transport
from custom_components.heatpump.discovery import DISCOVERY_TOPICS, bridge_for
from tests.conftest import Broker

MANIFEST = Path(__file__).parents[2] / "custom_components/heatpump/manifest.json"
TIMEOUT = 10.0


def test_manifest_declares_the_discovery_topics() -> None:
    """HA subscribes to the manifest's list; the flow knows each topic."""
    assert json.loads(MANIFEST.read_text())["mqtt"] == list(DISCOVERY_TOPICS)


def test_every_discovered_bridge_has_a_shipped_mqtt_profile() -> None:
    """The flow offers the bridge's shipped profile, so each must exist."""
    profiles, issues = load_profiles(shipped_profiles_dir())
    assert not issues
    for subscribed in DISCOVERY_TOPICS:
        topic = subscribed.replace("+", "pump")
        bridge = bridge_for(_info(subscribed, topic, json.dumps({"ENERGY": {}})))
        assert bridge is not None, subscribed
        assert profiles[bridge.profile].transport is Transport.MQTT, subscribed


def _info(subscribed: str, topic: str, payload: str) -> MqttServiceInfo:
    return MqttServiceInfo(
        topic=topic,
        payload=payload,
        qos=0,
        retain=True,
        subscribed_topic=subscribed,
        timestamp=0.0,
    )


def test_bridge_from_topic() -> None:
    """The prefix is the topic minus the bridge's fixed suffix."""
    heisha = bridge_for(
        _info("panasonic_heat_pump/LWT", "panasonic_heat_pump/LWT", "Online")
    )
    assert heisha is not None
    assert (heisha.profile, heisha.prefix) == (
        "heishamon_panasonic_aquarea",
        "panasonic_heat_pump",
    )
    meter = bridge_for(
        _info("tele/+/SENSOR", "tele/plug_1/SENSOR", '{"ENERGY": {"Power": 3}}')
    )
    assert meter is not None
    assert (meter.profile, meter.prefix) == ("tasmota_energy", "tele/plug_1")
    # A Tasmota device without an energy monitor is no meter.
    assert bridge_for(_info("tele/+/SENSOR", "tele/t/SENSOR", '{"AM2301": {}}')) is None
    assert bridge_for(_info("tele/+/SENSOR", "tele/t/SENSOR", "garbage")) is None
    assert bridge_for(_info("other/#", "other/x", "1")) is None


@pytest.fixture
def retained(mqtt_broker: Broker, socket_enabled: None) -> Iterator[Any]:
    """Publish retained messages on the real broker; cleared afterwards."""
    topics: list[str] = []

    def _publish(topic: str, payload: str) -> None:
        topics.append(topic)
        publish.single(
            topic,
            payload,
            retain=True,
            hostname=mqtt_broker.host,
            port=mqtt_broker.port,
        )

    yield _publish
    for topic in topics:
        publish.single(
            topic, None, retain=True, hostname=mqtt_broker.host, port=mqtt_broker.port
        )


@pytest.fixture
async def mqtt_with_discovery(
    hass: HomeAssistant,
    mqtt_broker: Broker,
    socket_enabled: None,
    mock_hass_config: None,
) -> AsyncIterator[MockConfigEntry]:
    """HA's MQTT integration with discovery on, connected to the real broker."""
    entry = MockConfigEntry(
        domain=mqtt.DOMAIN,
        title="MQTT",
        data={"broker": mqtt_broker.host, "port": mqtt_broker.port},
        options={"discovery": True, "birth_message": {}, "will_message": {}},
        version=1,
        minor_version=2,
    )
    entry.add_to_hass(hass)
    yield entry
    if entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


async def _start_mqtt(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def _offered(hass: HomeAssistant, unique_id: str) -> dict[str, Any]:
    """The discovery flow in progress for ``unique_id`` (waits for it)."""
    async with asyncio.timeout(TIMEOUT):
        while True:
            await hass.async_block_till_done()
            for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN):
                if flow["context"].get("unique_id") == unique_id:
                    return dict(flow)
            await asyncio.sleep(0.05)


@pytest.mark.parametrize(
    ("topic", "payload", "prefix", "profile"),
    [
        (
            "panasonic_heat_pump/LWT",
            "Online",
            "panasonic_heat_pump",
            "heishamon_panasonic_aquarea",
        ),
        (
            "espaltherma/ATTR",
            json.dumps({"Operation Mode": "Heating", "Outdoor air temp.(R1T)": 4.5}),
            "espaltherma",
            "espaltherma_erga_e",
        ),
    ],
    ids=["heishamon", "espaltherma"],
)
async def test_retained_message_offers_the_bridge(
    hass: HomeAssistant,
    mqtt_with_discovery: MockConfigEntry,
    retained: Any,
    topic: str,
    payload: str,
    prefix: str,
    profile: str,
) -> None:
    """Retained message → flow offered with profile and prefix → confirmed."""
    retained(topic, payload)
    await _start_mqtt(hass, mqtt_with_discovery)
    flow = await _offered(hass, f"mqtt:{prefix}")
    assert flow["context"]["source"] == config_entries.SOURCE_MQTT
    assert flow["step_id"] == "mqtt_confirm"
    brand = {"heishamon_panasonic_aquarea": "Panasonic", "espaltherma_erga_e": "Daikin"}
    assert flow["context"]["title_placeholders"]["name"].startswith(brand[profile])
    # The form offers the found profile; the user only confirms.
    form = await hass.config_entries.flow.async_configure(flow["flow_id"])
    assert form["type"] is FlowResultType.FORM
    assert form["description_placeholders"]["prefix"] == prefix
    defaults = {str(key): key.default() for key in form["data_schema"].schema}
    assert defaults[CONF_PROFILE] == profile
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_PROFILE: profile}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    entry = result["result"]
    assert entry.data == {
        CONF_TRANSPORT: TransportType.MQTT,
        CONF_TOPIC_PREFIX: prefix,
        CONF_PROFILE: profile,
    }
    assert entry.unique_id == f"mqtt:{prefix}"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    # The next message of the same bridge offers nothing more.
    retained(topic, payload + " ")
    await asyncio.sleep(0.5)
    await hass.async_block_till_done()
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_configured_prefix_is_not_offered(
    hass: HomeAssistant, mqtt_with_discovery: MockConfigEntry, retained: Any
) -> None:
    """A prefix already set up by hand aborts the discovery."""
    MockConfigEntry(
        domain=DOMAIN,
        unique_id="something-else",  # e.g. a serial number as the id
        data={
            CONF_TRANSPORT: "mqtt",
            CONF_TOPIC_PREFIX: "panasonic_heat_pump",
            CONF_PROFILE: "heishamon_panasonic_aquarea",
        },
    ).add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": config_entries.SOURCE_MQTT},
        data=_info(
            "panasonic_heat_pump/main/Heatpump_State",
            "panasonic_heat_pump/main/Heatpump_State",
            "1",
        ),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_one_offer_per_prefix(
    hass: HomeAssistant, mqtt_with_discovery: MockConfigEntry, retained: Any
) -> None:
    """Two topics of one bridge offer it once; a plain Tasmota is ignored."""
    retained("panasonic_heat_pump/LWT", "Online")
    retained("panasonic_heat_pump/main/Heatpump_State", "1")
    retained("tele/hp_test_plain/SENSOR", json.dumps({"AM2301": {"Temperature": 20}}))
    retained("tele/hp_test_plug/SENSOR", json.dumps({"ENERGY": {"Total": 1.5}}))
    await _start_mqtt(hass, mqtt_with_discovery)
    await _offered(hass, "mqtt:panasonic_heat_pump")
    meter = await _offered(hass, "mqtt:tele/hp_test_plug")
    await asyncio.sleep(0.5)
    await hass.async_block_till_done()
    ids = sorted(
        flow["context"]["unique_id"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    )
    assert ids == ["mqtt:panasonic_heat_pump", "mqtt:tele/hp_test_plug"]
    form = await hass.config_entries.flow.async_configure(meter["flow_id"])
    defaults = {str(key): key.default() for key in form["data_schema"].schema}
    assert defaults[CONF_PROFILE] == "tasmota_energy"
