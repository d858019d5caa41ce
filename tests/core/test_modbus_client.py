"""ModbusDevice against real pymodbus servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from custom_components.heatpump.core.modbus import (
    ConnectionPool,
    Endpoint,
    LinkSettings,
    ModbusConnection,
    ModbusConnectionError,
    ModbusDevice,
    ModbusError,
    ModbusTimeoutError,
    ModbusValueError,
    ModbusVerifyError,
    ModbusWriteRefused,
)
from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusSettings,
    Table,
    WordOrder,
)

from .modbus_points import point, writable
from .modbus_server import DeviceData, ModbusTestServer, SilentServer, free_port

pytestmark = pytest.mark.usefixtures("modbus_sockets")


def tcp(port: int) -> Endpoint:
    """A Modbus TCP endpoint on loopback."""
    return Endpoint(kind="tcp", host="127.0.0.1", port=port)


@pytest.fixture
async def pool() -> AsyncIterator[ConnectionPool]:
    """A connection pool closed after the test."""
    pool = ConnectionPool(
        LinkSettings(request_timeout=1.0, retries=0, backoff_initial=0.05)
    )
    yield pool
    await pool.close()


def count_requests(connection: ModbusConnection) -> list[tuple[Table, int, int]]:
    """Record every read the connection sends."""
    sent: list[tuple[Table, int, int]] = []
    read = connection.read

    async def counting(unit: int, table: Table, start: int, count: int) -> list[int]:
        sent.append((table, start, count))
        return await read(unit, table, start, count)

    connection.read = counting  # type: ignore[method-assign]
    return sent


PROFILE = [
    point("flow", 0, scale=0.1),
    point("outdoor", 1, scale=0.1, sentinels=frozenset({-32768})),
    point("mode", 2, DataType.UINT16, value_map={"0": "off", "2": "dhw"}),
    point("energy", 3, DataType.UINT32, word_order=WordOrder.LITTLE, scale=0.1),
    point("cop", 10, DataType.FLOAT32),
    point("defrost", 12, DataType.BITFIELD, bit=3),
    point("missing", 13, sentinels=frozenset({0x8000})),
    point("power", 0, DataType.INT32, Table.INPUT),
    point("compressor", 1, DataType.BOOL, Table.COIL),
    point("alarm", 0, DataType.BOOL, Table.DISCRETE),
]
DATA = DeviceData(
    holding={
        0: 352,
        1: 0xFF9C,  # -10.0
        2: 2,
        3: 0x5678,
        4: 0x0012,  # 0x00125678 = 1201784 -> 120178.4
        **dict.fromkeys(range(5, 10), 0),  # unused, but served: may be bridged
        10: 0x4060,  # 3.5
        11: 0x0000,
        12: 0b1000,
        13: 0x8000,
    },
    input={0: 0xFFFF, 1: 0xFC18},  # -1000
    coils={0: False, 1: True, 2: False},
    discrete={0: True},
)
EXPECTED = {
    "flow": 35.2,
    "outdoor": -10.0,
    "mode": "dhw",
    "energy": 120178.4,
    "cop": 3.5,
    "defrost": True,
    "missing": None,
    "power": -1000.0,
    "compressor": True,
    "alarm": True,
}


async def test_reads_a_profile_in_few_requests(pool: ConnectionPool) -> None:
    """Every type decodes; one request per table."""
    async with ModbusTestServer({1: DATA}) as server:
        connection = await pool.acquire(tcp(server.port))
        sent = count_requests(connection)
        device = ModbusDevice(connection, 1)
        assert await device.read_points(PROFILE, 5) == EXPECTED
        assert sent == [
            (Table.HOLDING, 0, 14),
            (Table.INPUT, 0, 2),
            (Table.COIL, 1, 1),
            (Table.DISCRETE, 0, 1),
        ]
        assert device.refused_points == set()
        await server.set_values(1, Table.HOLDING, 0, [400])
        assert (await device.read_points(PROFILE[:1]))["flow"] == 40.0
        await pool.release(connection)


async def test_refused_address_is_found_and_the_rest_still_reads(
    pool: ConnectionPool,
) -> None:
    """Code 2 on a block: bisect, remember the bad address, read the rest."""
    holding = {a: 100 + a for a in range(20) if a != 7}
    points = [point(f"r{a}", a) for a in range(20)]
    async with ModbusTestServer({1: DeviceData(holding=holding)}) as server:
        connection = await pool.acquire(tcp(server.port))
        sent = count_requests(connection)
        device = ModbusDevice(connection, 1)
        values = await device.read_points(points)
        assert values == {f"r{a}": None if a == 7 else 100.0 + a for a in range(20)}
        assert device.refused == {(Table.HOLDING, 7)}
        assert device.refused_points == {"r7"}
        sent.clear()
        assert await device.read_points(points) == values
        assert sent == [(Table.HOLDING, 0, 7), (Table.HOLDING, 8, 12)]


async def test_refused_gap_is_learned(pool: ConnectionPool) -> None:
    """A bridged gap the device refuses is not bridged again."""
    holding = {0: 1, 1: 2, 5: 3}
    points = [point("a", 0), point("b", 1), point("c", 5)]
    async with ModbusTestServer({1: DeviceData(holding=holding)}) as server:
        connection = await pool.acquire(tcp(server.port))
        device = ModbusDevice(connection, 1)
        assert await device.read_points(points) == {"a": 1, "b": 2, "c": 3}
        assert device.refused == {(Table.HOLDING, a) for a in (2, 3, 4)}
        assert device.refused_points == set()
        sent = count_requests(connection)
        await device.read_points(points)
        assert sent == [(Table.HOLDING, 0, 2), (Table.HOLDING, 5, 1)]


async def test_poll_timeout_bounds_a_silent_device() -> None:
    """A device that never answers costs the poll timeout, not pymodbus's."""
    pool = ConnectionPool(LinkSettings(request_timeout=30, retries=3))
    async with SilentServer() as server:
        connection = await pool.acquire(tcp(server.port))
        device = ModbusDevice(connection, 1)
        started = time.monotonic()
        with pytest.raises(ModbusTimeoutError, match=r"within 0\.3 s"):
            await device.read_points([point("a", 0)], 0.3)
        assert time.monotonic() - started < 2
        assert not connection.connected  # a late answer can never be misread
        await pool.close()


async def test_devices_sharing_an_endpoint_never_interleave(
    pool: ConnectionPool,
) -> None:
    """Two unit ids behind one gateway, polled concurrently, stay apart."""
    units = {
        unit: DeviceData(holding={a: unit * 1000 + a for a in range(200)})
        for unit in (1, 2)
    }
    points = [point(f"p{a}", a) for a in range(0, 200, 3)]
    settings = ModbusSettings(max_registers=16)
    async with ModbusTestServer(units) as server:
        first = await pool.acquire(tcp(server.port))
        second = await pool.acquire(tcp(server.port))
        assert first is second
        assert len(pool) == 1
        devices = [ModbusDevice(first, 1, settings), ModbusDevice(second, 2, settings)]
        polls = [devices[i % 2].read_points(points) for i in range(16)]
        results = await asyncio.gather(*polls)
        for i, values in enumerate(results):
            unit = 1 + i % 2
            assert values == {f"p{a}": unit * 1000.0 + a for a in range(0, 200, 3)}
        await pool.release(first)
        assert first.users == 1
        await pool.release(second)
        assert len(pool) == 0
        assert not first.connected


async def test_write_then_read_back(pool: ConnectionPool) -> None:
    """Writes go through encode, land on the device and are verified."""
    setpoint = point("setpoint", 0, scale=0.1, writable=writable(20, 60, 0.5))
    energy = point("limit", 2, DataType.UINT32, writable=writable())
    flag = point("boost", 4, DataType.BITFIELD, bit=2, writable=writable())
    switch = point("pump", 0, DataType.BOOL, Table.COIL, writable=writable())
    data = DeviceData(holding={0: 400, 1: 0, 2: 0, 3: 0, 4: 0b1001}, coils={0: False})
    async with ModbusTestServer({1: data}) as server:
        device = ModbusDevice(await pool.acquire(tcp(server.port)), 1)
        await device.write_point(setpoint, 45.5)
        await device.write_point(energy, 123456)
        await device.write_point(flag, True)
        await device.write_point(switch, True)
        values = await device.read_points([setpoint, energy, flag, switch])
        assert values == {
            "setpoint": 45.5,
            "limit": 123456,
            "boost": True,
            "pump": True,
        }
        raw = await device.read_points([point("raw", 4, DataType.UINT16)])
        assert raw == {"raw": 0b1101}  # the other bits kept

        # A device that swaps words on write: this one does not, so verify fails.
        swapped = point(
            "swapped", 2, DataType.UINT32, write_word_order=WordOrder.LITTLE,
            writable=writable(),
        )  # fmt: skip
        with pytest.raises(ModbusVerifyError, match="device reports"):
            await device.write_point(swapped, 70000)


async def test_write_refused_outside_bounds(pool: ConnectionPool) -> None:
    """Bad values and read-only points never reach the device."""
    setpoint = point("setpoint", 0, scale=0.1, writable=writable(20, 60, 0.5))
    async with ModbusTestServer({1: DeviceData(holding={0: 400})}) as server:
        device = ModbusDevice(await pool.acquire(tcp(server.port)), 1)
        for bad in (60.5, 19.5, 45.3):
            with pytest.raises(ModbusValueError):
                await device.write_point(setpoint, bad)
        with pytest.raises(ModbusWriteRefused):
            await device.write_point(point("ro", 0), 1)
        with pytest.raises(ModbusWriteRefused):
            await device.write_point(
                point("in", 0, table=Table.INPUT, writable=writable()), 1
            )
        assert await device.read_points([setpoint]) == {"setpoint": 40.0}


async def _until(check: Callable[[], Awaitable[object]], seconds: float) -> object:
    """Retry ``check`` until it stops raising ModbusError."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return await check()
        except ModbusError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


async def test_reconnects_after_server_restart(pool: ConnectionPool) -> None:
    """Lost link: fail, back off, reconnect when the server is back."""
    port = free_port()
    server = ModbusTestServer({1: DeviceData(holding={0: 7})}, port=port)
    await server.start()
    device = ModbusDevice(await pool.acquire(tcp(port)), 1)
    try:
        assert await device.read_points([point("a", 0)], 3) == {"a": 7}
        await server.stop()
        with pytest.raises((ModbusConnectionError, ModbusTimeoutError)):
            await _until(lambda: device.read_points([point("a", 0)], 3), 0)
        await server.start()
        assert await _until(lambda: device.read_points([point("a", 0)], 3), 5) == {
            "a": 7
        }
    finally:
        await server.stop()


async def test_backoff_fails_fast_and_spares_other_endpoints() -> None:
    """A dead endpoint backs off without holding up a live one."""
    pool = ConnectionPool(
        LinkSettings(request_timeout=1, retries=0, backoff_initial=30)
    )
    dead = ModbusDevice(await pool.acquire(tcp(free_port())), 1)
    async with ModbusTestServer({1: DeviceData(holding={0: 5})}) as server:
        live = ModbusDevice(await pool.acquire(tcp(server.port)), 1)
        with pytest.raises(ModbusConnectionError, match="cannot connect"):
            await dead.read_points([point("a", 0)], 3)
        started = time.monotonic()
        with pytest.raises(ModbusConnectionError, match="next attempt in"):
            await dead.write_point(point("a", 0, writable=writable(0, 10)), 1)
        assert time.monotonic() - started < 0.1
        assert dead.connection.backoff_remaining > 25
        assert await live.read_points([point("a", 0)], 3) == {"a": 5}
        await pool.close()


async def test_backoff_never_skips_the_poll_that_finds_the_unit_back() -> None:
    """However long the backoff, the first poll after the return reads."""
    port = free_port()
    pool = ConnectionPool(
        LinkSettings(request_timeout=1, retries=0, backoff_initial=30)
    )
    device = ModbusDevice(await pool.acquire(tcp(port)), 1)
    for _ in range(3):
        with pytest.raises(ModbusConnectionError, match="cannot connect"):
            await device.read_points([point("a", 0)], 3)
    assert device.connection.backoff_remaining > 55  # doubled to the 60 s cap
    async with ModbusTestServer({1: DeviceData(holding={0: 5})}, port=port):
        assert await device.read_points([point("a", 0)], 3) == {"a": 5}
    await pool.close()
