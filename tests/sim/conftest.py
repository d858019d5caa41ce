"""Fixtures for the simulator tests: simulators, Modbus clients, brokers."""

from __future__ import annotations

import asyncio
import inspect
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.client.mixin import ModbusClientMixin

from heatpump_sim.simulator import SimConfig, Simulator
from tests.conftest import Broker, clear_retained, mosquitto_binary

UNIT_KW = (
    "device_id"
    if "device_id"
    in inspect.signature(ModbusClientMixin.read_holding_registers).parameters
    else "slave"
)
"""pymodbus renamed slave= to device_id= in 3.10."""


def unit(device_id: int = 1) -> dict[str, int]:
    """The unit keyword for this pymodbus version."""
    return {UNIT_KW: device_id}


@pytest.fixture
async def make_sim() -> AsyncIterator[Callable[..., Any]]:
    """Build and start simulators; all are stopped at teardown."""
    sims: list[Simulator] = []

    async def make(**overrides: Any) -> Simulator:
        config = SimConfig(speed=None, seed=1, **overrides)
        sim = Simulator(config)
        sims.append(sim)
        await sim.start()
        return sim

    yield make
    for sim in sims:
        await sim.stop()
        # Its availability topic is retained: leave the broker clean.
        if sim.mqtt is not None:
            await asyncio.to_thread(
                clear_retained, Broker(sim.mqtt.host, sim.mqtt.port), sim.mqtt.base
            )


@pytest.fixture
async def modbus_client() -> AsyncIterator[Callable[..., Any]]:
    """Connected pymodbus clients, closed at teardown."""
    clients: list[AsyncModbusTcpClient] = []

    async def connect(port: int, wait_s: float = 1.0) -> AsyncModbusTcpClient:
        client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=wait_s, retries=0)
        clients.append(client)
        assert await client.connect()
        return client

    yield connect
    for client in clients:
        client.close()


async def eventually(predicate: Callable[[], bool], within_s: float = 5.0) -> bool:
    """Poll ``predicate`` until true or ``within_s`` passes; its last result."""
    for _ in range(max(1, int(within_s / 0.02))):
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PrivateBroker:
    """A mosquitto of this test's own, which the test may stop and restart."""

    def __init__(self, directory: Path) -> None:
        """Pick a port and write the config."""
        binary = mosquitto_binary()
        if binary is None:
            pytest.fail("mosquitto is needed for the simulator's MQTT tests")
        self.binary = binary
        self.port = free_port()
        self.conf = directory / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        self.process = subprocess.Popen(
            [self.binary, "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            except OSError:
                time.sleep(0.05)
            else:
                return
        pytest.fail("private mosquitto did not start")

    def stop(self) -> None:
        """Stop it (its clients see the connection drop)."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(5)
            self.process = None


@pytest.fixture
def private_broker(tmp_path: Path, socket_enabled: None) -> Iterator[PrivateBroker]:
    """A restartable broker on 127.0.0.1."""
    broker = PrivateBroker(tmp_path)
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()
