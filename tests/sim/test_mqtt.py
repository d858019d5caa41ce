"""MQTT over a real mosquitto: topics, values, commands, will, faults, restarts."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from custom_components.heatpump.core.mqtt.payload import PayloadError, decode_payload
from custom_components.heatpump.core.profile.model import MqttPoint, Transport
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.conftest import Broker, own_prefix

from .conftest import PrivateBroker, eventually

pytestmark = pytest.mark.usefixtures("socket_enabled")

_IDS = itertools.count()


class Subscriber:
    """A paho client that keeps every message it receives."""

    def __init__(self, host: str, port: int, topic: str) -> None:
        """Connect and subscribe to ``topic``."""
        self.messages: list[tuple[float, str, bytes, bool]] = []
        self.lock = threading.Lock()
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"sim-test-{next(_IDS)}"
        )
        self.subscribed = threading.Event()
        self.client.on_message = self._on_message
        self.client.on_connect = lambda c, *_: c.subscribe(topic, qos=1)
        self.client.on_subscribe = lambda *_: self.subscribed.set()
        self.client.reconnect_delay_set(1, 2)
        self.client.connect(host, port)
        self.client.loop_start()
        assert self.subscribed.wait(5), "no SUBACK"

    def _on_message(self, _c: Any, _u: Any, msg: mqtt.MQTTMessage) -> None:
        with self.lock:
            self.messages.append(
                (time.monotonic(), msg.topic, bytes(msg.payload), msg.retain)
            )

    def latest(self, topic: str, since: float = 0.0) -> bytes | None:
        """The newest payload on ``topic`` received after ``since``."""
        with self.lock:
            for when, name, payload, _ in reversed(self.messages):
                if name == topic and when >= since:
                    return payload
        return None

    async def wait(
        self, topic: str, since: float = 0.0, within_s: float = 5.0
    ) -> bytes:
        """Wait for a payload on ``topic`` newer than ``since``."""
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            payload = self.latest(topic, since)
            if payload is not None:
                return payload
            await asyncio.sleep(0.02)
        raise AssertionError(f"nothing on {topic} within {within_s} s")

    def publish(self, topic: str, payload: str) -> None:
        """Publish and wait until sent."""
        self.client.publish(topic, payload, qos=1).wait_for_publish(5)

    def close(self) -> None:
        """Disconnect and end the network thread."""
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def subscribers() -> Iterator[Callable[..., Subscriber]]:
    """Subscribers, closed at teardown."""
    made: list[Subscriber] = []

    def make(host: str, port: int, topic: str) -> Subscriber:
        sub = Subscriber(host, port, topic)
        made.append(sub)
        return sub

    yield make
    for sub in made:
        sub.close()


def _decodes(point: MqttPoint, payload: bytes) -> bool:
    """Whether the payload gives the point a reading."""
    try:
        return decode_payload(point, payload) is not None
    except PayloadError:
        return False


def _base() -> str:
    return own_prefix("hpsim-test")


async def _mqtt_sim(make_sim: Any, host: str, port: int, **extra: Any) -> Simulator:
    options: dict[str, Any] = {"mqtt_interval_s": 0.2, **extra}
    sim: Simulator = await make_sim(
        mqtt=(host, port), mqtt_base_topic=_base(), **options
    )
    assert sim.mqtt is not None
    await asyncio.wait_for(sim.mqtt.connected.wait(), 10)
    return sim


async def test_topics_and_values(
    make_sim: Any, subscribers: Any, mqtt_broker: Broker
) -> None:
    """The profile's topics arrive, JSON grouped, and decode to the model's values."""
    sim = await _mqtt_sim(make_sim, mqtt_broker.host, mqtt_broker.port)
    pub = sim.mqtt
    assert pub is not None
    sub = subscribers(mqtt_broker.host, mqtt_broker.port, f"{pub.base}/#")
    sim.advance(3 * 3600)
    await asyncio.sleep(0.4)  # payloads built before the advance land first
    since = time.monotonic()
    pub.publish_now()
    profile = sim.profiles[Transport.MQTT]
    state = sim.state()
    assert await sub.wait(f"{pub.base}/status") == b"online"
    for point in profile.mqtt_points:
        payload = await sub.wait(f"{pub.base}/{point.topic}", since)
        value = decode_payload(point, payload)
        assert point.quantity is not None
        expected = state[point.quantity]
        if isinstance(expected, float) and not isinstance(expected, bool):
            assert value == pytest.approx(expected, abs=2e-3), point.key
        elif point.quantity is Quantity.ERROR_CODE:
            assert str(value) == expected
        else:
            assert value == expected, point.key


async def test_commands_are_obeyed(
    make_sim: Any, subscribers: Any, mqtt_broker: Broker
) -> None:
    """Commands change the model; bad ones are refused."""
    sim = await _mqtt_sim(make_sim, mqtt_broker.host, mqtt_broker.port)
    pub = sim.mqtt
    assert pub is not None
    sub = subscribers(mqtt_broker.host, mqtt_broker.port, f"{pub.base}/#")
    sub.publish(f"{pub.base}/set/dhw_target_temperature", "52.5")
    sub.publish(f"{pub.base}/set/mode_setting", "cooling")
    sub.publish(f"{pub.base}/set/dhw_target_temperature", "99")
    sub.publish(f"{pub.base}/set/target_temperature", "warm")
    await eventually(lambda: pub.commands_applied + pub.commands_rejected >= 4)
    assert (pub.commands_applied, pub.commands_rejected) == (2, 2)
    assert sim.state()[Quantity.DHW_TARGET_TEMPERATURE] == 52.5
    assert sim.state()[Quantity.MODE_SETTING] == "cooling"
    topic = f"{pub.base}/mode_setting"
    assert await eventually(lambda: sub.latest(topic) == b"cooling")


async def test_drop_fires_the_will_and_restore_comes_online(
    make_sim: Any, subscribers: Any, mqtt_broker: Broker
) -> None:
    """A dropped connection leaves the retained offline will; restoring says online."""
    sim = await _mqtt_sim(make_sim, mqtt_broker.host, mqtt_broker.port)
    pub = sim.mqtt
    assert pub is not None
    sub = subscribers(mqtt_broker.host, mqtt_broker.port, f"{pub.base}/status")
    assert await sub.wait(f"{pub.base}/status") == b"online"
    since = time.monotonic()
    sim.faults.set_drop(True)
    assert await sub.wait(f"{pub.base}/status", since, within_s=10) == b"offline"
    since = time.monotonic()
    sim.faults.set_drop(False)
    assert await sub.wait(f"{pub.base}/status", since, within_s=10) == b"online"


async def test_delay_holds_publications_back(
    make_sim: Any, subscribers: Any, mqtt_broker: Broker
) -> None:
    """With a delay, a publication lands that much later."""
    sim = await _mqtt_sim(
        make_sim, mqtt_broker.host, mqtt_broker.port, mqtt_interval_s=60.0
    )
    pub = sim.mqtt
    assert pub is not None
    topic = f"{pub.base}/state"
    sub = subscribers(mqtt_broker.host, mqtt_broker.port, topic)
    pub.publish_now()
    await sub.wait(topic)
    sim.faults.set_delay(0.6)
    since = time.monotonic()
    pub.publish_now()
    await asyncio.sleep(0.4)
    assert sub.latest(topic, since) is None
    await sub.wait(topic, since, within_s=2)
    assert time.monotonic() - since >= 0.6


async def test_garbage_withhold_freeze(
    make_sim: Any, subscribers: Any, mqtt_broker: Broker
) -> None:
    """Garbage does not decode; withheld means silence; frozen values stay."""
    sim = await _mqtt_sim(make_sim, mqtt_broker.host, mqtt_broker.port)
    pub = sim.mqtt
    assert pub is not None
    profile = sim.profiles[Transport.MQTT]
    outdoor = next(
        p for p in profile.mqtt_points if p.quantity is Quantity.OUTDOOR_TEMPERATURE
    )
    topic = f"{pub.base}/state"
    sub = subscribers(mqtt_broker.host, mqtt_broker.port, topic)
    await sub.wait(topic)

    sim.faults.set_garbage()
    await asyncio.sleep(0.3)  # let clean payloads already in flight land
    since = time.monotonic()
    for _ in range(5):
        payload = await sub.wait(topic, since)
        since = time.monotonic()
        assert not _decodes(outdoor, payload)
    sim.faults.clear()

    sim.faults.set_withhold()
    await asyncio.sleep(0.3)
    since = time.monotonic()
    await asyncio.sleep(0.6)
    assert sub.latest(topic, since) is None
    sim.faults.clear()
    await sub.wait(topic, time.monotonic())

    sim.faults.freeze()
    frozen = decode_payload(outdoor, await sub.wait(topic, time.monotonic()))
    sim.advance(6 * 3600)
    assert decode_payload(outdoor, await sub.wait(topic, time.monotonic())) == frozen
    sim.faults.freeze(False)

    def thawed() -> bool:
        payload = sub.latest(topic)
        return payload is not None and decode_payload(outdoor, payload) != frozen

    assert await eventually(thawed)


async def test_reconnects_after_broker_restart(
    private_broker: PrivateBroker, make_sim: Any, subscribers: Any
) -> None:
    """After the broker restarts, the publisher reconnects and is online again."""
    sim = await _mqtt_sim(make_sim, "127.0.0.1", private_broker.port)
    pub = sim.mqtt
    assert pub is not None
    private_broker.stop()
    assert await eventually(lambda: not pub.connected.is_set(), 10)
    private_broker.start()
    await asyncio.wait_for(pub.connected.wait(), 15)
    sub = subscribers("127.0.0.1", private_broker.port, f"{pub.base}/#")
    assert await sub.wait(f"{pub.base}/status", within_s=5) == b"online"
    await sub.wait(f"{pub.base}/state", time.monotonic(), within_s=5)
