"""Serial RTU end to end: a pymodbus serial server and our client over ptys."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import tty
from collections.abc import AsyncIterator

import pytest

from custom_components.heatpump.core.modbus import (
    ConnectionPool,
    Endpoint,
    LinkSettings,
    ModbusDevice,
)
from custom_components.heatpump.core.modbus.compat import make_client
from custom_components.heatpump.core.profile.model import DataType

from .modbus_points import point, writable
from .modbus_server import DeviceData, ModbusTestServer

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="needs Linux ptys"
)


@contextlib.asynccontextmanager
async def serial_line() -> AsyncIterator[tuple[str, str]]:
    """Two pty slave paths joined like a null-modem cable.

    Bytes written on one side come out on the other: the masters are pumped
    into each other on the event loop.
    """
    loop = asyncio.get_running_loop()
    pairs = [os.openpty(), os.openpty()]
    for _, slave in pairs:
        tty.setraw(slave)

    def pump(source: int, target: int) -> None:
        with contextlib.suppress(OSError):
            os.write(target, os.read(source, 4096))

    (master_a, slave_a), (master_b, slave_b) = pairs
    loop.add_reader(master_a, pump, master_a, master_b)
    loop.add_reader(master_b, pump, master_b, master_a)
    try:
        yield os.ttyname(slave_a), os.ttyname(slave_b)
    finally:
        loop.remove_reader(master_a)
        loop.remove_reader(master_b)
        for fd in (master_a, slave_a, master_b, slave_b):
            os.close(fd)


async def test_rtu_over_a_serial_line() -> None:
    """Read and write through pymodbus's serial client and server."""
    data = DeviceData(holding={0: 215, 1: 0x0001, 2: 0x86A0, 3: 40})
    points = [
        point("flow", 0, scale=0.1),
        point("energy", 1, DataType.UINT32),
        point("setpoint", 3, writable=writable(0, 60)),
    ]
    pool = ConnectionPool(LinkSettings(request_timeout=1, retries=1))
    async with serial_line() as (server_port, client_port):
        server = ModbusTestServer({3: data}, serial_port=server_port)
        await server.start()
        try:
            endpoint = Endpoint(kind="serial", serial_port=client_port, baudrate=19200)
            device = ModbusDevice(await pool.acquire(endpoint), 3)
            values = await device.read_points(points, 5)
            assert values == {"flow": 21.5, "energy": 100000, "setpoint": 40}
            await device.write_point(points[2], 55)
            assert (await device.read_points(points[2:], 5)) == {"setpoint": 55}
            assert device.refused == set()
        finally:
            await pool.close()
            await server.stop()


@pytest.mark.parametrize(
    ("parity", "letter"), [("none", "N"), ("even", "E"), ("odd", "O")]
)
async def test_parity_reaches_pymodbus_as_its_letter(parity: str, letter: str) -> None:
    """The stored parity name becomes the letter pyserial takes, in one place."""
    endpoint = Endpoint(kind="serial", serial_port="/dev/ttyUSB0", parity=parity)  # type: ignore[arg-type]
    client = make_client(endpoint, timeout=1, retries=0)
    assert client.comm_params.parity == letter


def test_unknown_parity_is_refused() -> None:
    """A parity letter (the old stored form) is not a parity name."""
    with pytest.raises(ValueError, match=r"^unknown parity 'E'$"):
        Endpoint(kind="serial", serial_port="/dev/ttyUSB0", parity="E")  # type: ignore[arg-type]
