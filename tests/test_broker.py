"""The broker fixture gives a real MQTT broker: a round trip through it."""

from __future__ import annotations

import queue

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from tests.conftest import Broker, clear_retained, own_prefix, retained_messages


@pytest.mark.usefixtures("socket_enabled")
def test_publish_subscribe_round_trip(mqtt_broker: Broker) -> None:
    """A retained message published by one client reaches another, and only it."""
    prefix = own_prefix("heatpump-test")
    received: queue.Queue[tuple[str, bytes]] = queue.Queue()
    publisher = mqtt.Client(CallbackAPIVersion.VERSION2)
    subscriber = mqtt.Client(CallbackAPIVersion.VERSION2)
    subscriber.on_message = lambda _c, _u, msg: received.put((msg.topic, msg.payload))
    try:
        publisher.connect(mqtt_broker.host, mqtt_broker.port)
        publisher.loop_start()
        publisher.publish(
            f"{prefix}/flow", b"35.5", qos=1, retain=True
        ).wait_for_publish(5)

        subscriber.connect(mqtt_broker.host, mqtt_broker.port)
        subscriber.subscribe(f"{prefix}/#", qos=1)
        subscriber.loop_start()
        assert received.get(timeout=5) == (f"{prefix}/flow", b"35.5")
    finally:
        for client in (publisher, subscriber):
            client.disconnect()
            client.loop_stop()
    assert received.empty()
    assert clear_retained(mqtt_broker, prefix) == [f"{prefix}/flow"]
    assert retained_messages(mqtt_broker, f"{prefix}/#") == {}
