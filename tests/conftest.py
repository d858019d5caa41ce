"""Fixtures shared by every layer of the suite."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
import pytest_socket
from paho.mqtt.enums import CallbackAPIVersion


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--reverse``: run the collected tests last to first."""
    parser.addoption(
        "--reverse",
        action="store_true",
        help="run the tests in reverse order (proves they do not depend on order)",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Reverse the order when asked to."""
    if config.getoption("--reverse"):
        items.reverse()


@dataclass(frozen=True)
class Broker:
    """A real MQTT broker on 127.0.0.1."""

    host: str
    port: int


def mosquitto_binary() -> str | None:
    """The mosquitto scripts/test chose (HEATPUMP_MOSQUITTO), else the system's."""
    if chosen := os.environ.get("HEATPUMP_MOSQUITTO"):
        return chosen
    return shutil.which("mosquitto") or (
        "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None
    )


def own_prefix(name: str) -> str:
    """A topic prefix no other test (or earlier run on the same broker) uses."""
    return f"{name}_{uuid.uuid4().hex[:12]}"


@contextlib.contextmanager
def _sockets_allowed() -> Iterator[None]:
    """Fixture code may run outside a test's socket_enabled: lift the block."""
    pytest_socket.enable_socket()
    try:
        yield
    finally:
        pytest_socket.disable_socket(allow_unix_socket=True)


def retained_messages(broker: Broker, topic_filter: str = "#") -> dict[str, bytes]:
    """The retained messages the broker holds under ``topic_filter``.

    The broker sends them right after the subscription; a message of our own
    that follows on the same connection marks the end of them.
    """
    marker = f"heatpump-test-marker/{uuid.uuid4().hex}"
    found: dict[str, bytes] = {}
    done = threading.Event()

    def on_message(_c: mqtt.Client, _u: object, msg: mqtt.MQTTMessage) -> None:
        if msg.topic == marker:
            done.set()
        elif msg.retain and msg.payload:
            found[msg.topic] = bytes(msg.payload)

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=marker[-23:])
    client.on_message = on_message
    with _sockets_allowed():
        client.connect(broker.host, broker.port)
        client.loop_start()
        try:
            client.subscribe([(topic_filter, 1), (marker, 1)])
            # One connection keeps order: the broker answers the subscription
            # (with the retained messages) before it routes the marker.
            client.publish(marker, b"end", qos=1).wait_for_publish(5)
            if not done.wait(5):
                pytest.fail(f"the broker did not echo {marker}")
        finally:
            client.disconnect()
            client.loop_stop()
    return found


def clear_retained(broker: Broker, prefix: str) -> list[str]:
    """Delete the retained messages under ``prefix``; their topics."""
    topics = sorted(retained_messages(broker, f"{prefix}/#"))
    _delete_retained(broker, topics)
    return topics


def _delete_retained(broker: Broker, topics: list[str]) -> None:
    """An empty retained message deletes the one the broker holds."""
    if not topics:
        return
    client = mqtt.Client(CallbackAPIVersion.VERSION2)
    with _sockets_allowed():
        client.connect(broker.host, broker.port)
        client.loop_start()
        try:
            for topic in topics:
                client.publish(topic, b"", qos=1, retain=True).wait_for_publish(5)
        finally:
            client.disconnect()
            client.loop_stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for_port(port: int, process: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
        except OSError:
            if process is not None and process.poll() is not None:
                break
            time.sleep(0.05)
        else:
            return
    pytest.fail(f"MQTT broker on 127.0.0.1:{port} did not come up")


@pytest.fixture(scope="session")
def mqtt_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """The broker scripts/test started, or a private mosquitto.

    Never skips: a test that needs a broker fails loudly without one.
    """
    if address := os.environ.get("HEATPUMP_TEST_BROKER"):
        host, _, port = address.rpartition(":")
        yield Broker(host, int(port))
        return
    mosquitto = mosquitto_binary()
    if mosquitto is None:
        pytest.fail(
            "No MQTT broker: run the suite through scripts/test, or install mosquitto"
        )
    # Session fixtures start before a test's socket_enabled: lift the block briefly.
    pytest_socket.enable_socket()
    try:
        port = _free_port()
    finally:
        pytest_socket.disable_socket(allow_unix_socket=True)
    conf = tmp_path_factory.mktemp("mosquitto") / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
    )
    process = subprocess.Popen(
        [mosquitto, "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        pytest_socket.enable_socket()
        try:
            _wait_for_port(port, process)
        finally:
            pytest_socket.disable_socket(allow_unix_socket=True)
        yield Broker("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(5)


@pytest.fixture(autouse=True)
def _no_retained_messages_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test on the shared broker leaves no retained message behind.

    Retained messages outlive the test that publishes them and would reach
    later tests: whoever publishes one clears it (see ``clear_retained``).
    """
    yield
    if "mqtt_broker" not in request.fixturenames:
        return
    broker: Broker = request.getfixturevalue("mqtt_broker")
    if left := sorted(retained_messages(broker)):
        _delete_retained(broker, left)  # so that later tests do not see them
        pytest.fail(f"retained messages left on the broker: {left}")
