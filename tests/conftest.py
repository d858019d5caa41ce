"""Fixtures shared by every layer of the suite."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_socket


@dataclass(frozen=True)
class Broker:
    """A real MQTT broker on 127.0.0.1."""

    host: str
    port: int


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
    mosquitto = shutil.which("mosquitto") or (
        "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None
    )
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
