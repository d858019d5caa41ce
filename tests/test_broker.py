"""The broker fixture gives a real MQTT broker: a round trip through it."""

from __future__ import annotations

import queue

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from tests.conftest import Broker


@pytest.mark.usefixtures("socket_enabled")
def test_publish_subscribe_round_trip(mqtt_broker: Broker) -> None:
    """A retained message published by one client reaches another."""
    received: queue.Queue[tuple[str, bytes]] = queue.Queue()
    publisher = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="hp-pub")
    subscriber = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="hp-sub")
    subscriber.on_message = lambda _c, _u, msg: received.put((msg.topic, msg.payload))
    try:
        publisher.connect(mqtt_broker.host, mqtt_broker.port)
        publisher.loop_start()
        publisher.publish(
            "heatpump-test/flow", b"35.5", qos=1, retain=True
        ).wait_for_publish(5)

        subscriber.connect(mqtt_broker.host, mqtt_broker.port)
        subscriber.subscribe("heatpump-test/#", qos=1)
        subscriber.loop_start()
        assert received.get(timeout=5) == ("heatpump-test/flow", b"35.5")
    finally:
        publisher.publish("heatpump-test/flow", b"", retain=True).wait_for_publish(5)
        for client in (publisher, subscriber):
            client.disconnect()
            client.loop_stop()
