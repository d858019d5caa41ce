"""ModbusConnection failure paths (fake and loopback clients) and Endpoint checks."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from pymodbus.exceptions import (
    ConnectionException,
    ModbusException,
    ModbusIOException,
)

from custom_components.heatpump.core.modbus import (
    ConnectionPool,
    Endpoint,
    LinkSettings,
    ModbusConnection,
    ModbusConnectionError,
    ModbusDevice,
    ModbusDeviceError,
    ModbusError,
    ModbusTimeoutError,
)
from custom_components.heatpump.core.modbus.compat import UNIT_KW
from custom_components.heatpump.core.profile.model import Table

from .modbus_points import point, writable
from .modbus_server import DeviceData, ModbusTestServer, SilentServer


def pm[E: ModbusException](cls: type[E], text: str) -> E:
    """A pymodbus exception (its constructors are untyped)."""
    error: E = cls(text)
    return error


def up(conn: ModbusConnection) -> bool:
    """Whether the link is up (a call, so that mypy does not narrow it)."""
    return conn.connected


HOST = Endpoint(kind="tcp", host="gw.local", port=502)
KEY = "tcp://gw.local:502"


# ----------------------------------------------------------------- fakes


@dataclass
class Response:
    """Just what ModbusConnection reads from a pymodbus PDU."""

    registers: list[int] = field(default_factory=list)
    bits: list[bool] = field(default_factory=list)
    exception_code: int | None = None

    def isError(self) -> bool:
        """Whether this is an exception response."""
        return self.exception_code is not None


Answer = Callable[["FakeClient", str, dict[str, Any]], Awaitable[Response]]


class FakeClient:
    """A pymodbus client stand-in whose connect and requests a test scripts."""

    def __init__(
        self, connect: bool | BaseException = True, answer: Answer | None = None
    ) -> None:
        """``connect``: the result of connect() or what it raises."""
        self._connect = connect
        self._answer = answer
        self.connected = False
        self.closed = 0
        self.sent: list[tuple[str, dict[str, Any]]] = []

    async def connect(self) -> bool:
        """Connect, fail, or raise as scripted."""
        await asyncio.sleep(0)
        if isinstance(self._connect, BaseException):
            raise self._connect
        self.connected = self._connect
        return self._connect

    def close(self) -> None:
        """Drop the link."""
        self.connected = False
        self.closed += 1

    async def _request(self, name: str, kwargs: dict[str, Any]) -> Response:
        self.sent.append((name, kwargs))
        if self._answer is None:
            return Response(registers=[0] * 4, bits=[False] * 8)
        return await self._answer(self, name, kwargs)

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Response]]:
        """read_* and write_* requests."""
        if not name.startswith(("read_", "write_")):
            raise AttributeError(name)

        async def request(**kwargs: Any) -> Response:
            return await self._request(name, kwargs)

        return request


class Factory:
    """A client_factory handing out scripted FakeClients, in order."""

    def __init__(self, *clients: FakeClient) -> None:
        """Clients for the successive connects."""
        self.clients = list(clients)
        self.made: list[FakeClient] = []
        self.calls: list[tuple[Endpoint, float, int]] = []

    def __call__(self, endpoint: Endpoint, *, timeout: float, retries: int) -> Any:
        """The next client."""
        self.calls.append((endpoint, timeout, retries))
        client = self.clients.pop(0)
        self.made.append(client)
        return client


def answering(result: Response | BaseException) -> Answer:
    """An answer function that returns or raises ``result``."""

    async def answer(client: FakeClient, name: str, kwargs: dict[str, Any]) -> Response:
        if isinstance(result, BaseException):
            raise result
        return result

    return answer


def connection(factory: Factory, **kwargs: Any) -> ModbusConnection:
    """A connection to HOST using ``factory``."""
    return ModbusConnection(HOST, LinkSettings(client_factory=factory, **kwargs))


async def read(conn: ModbusConnection, table: Table = Table.HOLDING) -> list[int]:
    """Read two values at 10 from unit 3, holding the lock."""
    async with conn.lock:
        return await conn.read(3, table, 10, 2)


WHAT = f"{KEY} {{'address': 10, 'count': 2, '{UNIT_KW}': 3}}"
"""How messages name the request ``read`` sends."""


# -------------------------------------------------------------- connecting


async def test_client_is_built_with_the_connection_settings() -> None:
    factory = Factory(FakeClient())
    conn = connection(factory, request_timeout=1.5, retries=2)
    assert not up(conn)
    assert await read(conn) == [0, 0]
    assert factory.calls == [(HOST, 1.5, 2)]
    assert up(conn)
    assert factory.made[0].sent == [
        ("read_holding_registers", {"address": 10, "count": 2, UNIT_KW: 3})
    ]
    # The link is reused while it stays up.
    await read(conn)
    assert len(factory.calls) == 1


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (OSError(113, "No route to host"), "[Errno 113] No route to host"),
        (pm(ConnectionException, "refused"), "Modbus Error: [Connection] refused"),
        (pm(ModbusException, "bad framer"), "Modbus Error: bad framer"),
    ],
)
async def test_connect_raising_becomes_connection_error(
    error: BaseException, shown: str
) -> None:
    factory = Factory(FakeClient(connect=error))
    conn = connection(factory, backoff_initial=5.0)
    with pytest.raises(ModbusConnectionError) as info:
        await read(conn)
    assert str(info.value) == f"cannot connect to {KEY} ({shown}), retry in 5 s"
    assert info.value.__cause__ is error
    assert factory.made[0].closed == 1
    assert not up(conn)
    assert 4.0 < conn.backoff_remaining <= 5.0


async def test_connect_refused_backs_off_and_fails_fast() -> None:
    factory = Factory(FakeClient(connect=False))
    conn = connection(factory, backoff_initial=5.0)
    with pytest.raises(ModbusConnectionError) as info:
        await read(conn)
    assert str(info.value) == f"cannot connect to {KEY}, retry in 5 s"
    # Inside the backoff no new client is even built.
    with pytest.raises(
        ModbusConnectionError, match=rf"^{KEY} unreachable, next attempt in [45]\.\d s$"
    ):
        await read(conn)
    assert len(factory.calls) == 1


async def test_backoff_doubles_up_to_the_max_and_resets_on_success() -> None:
    factory = Factory(
        FakeClient(connect=False),
        FakeClient(connect=OSError("down")),
        FakeClient(connect=False),
        FakeClient(connect=False),
        FakeClient(),
        FakeClient(connect=False),
    )
    conn = connection(factory, backoff_initial=0.01, backoff_max=0.03)
    delays = []
    for _ in range(4):
        with pytest.raises(ModbusConnectionError, match="cannot connect"):
            await read(conn)
        delays.append(conn.backoff_remaining)
        await asyncio.sleep(conn.backoff_remaining + 0.002)
    assert delays[0] <= 0.01
    assert 0.01 < delays[1] <= 0.02
    assert 0.02 < delays[2] <= 0.03
    assert 0.02 < delays[3] <= 0.03  # capped at backoff_max
    assert await read(conn) == [0, 0]
    # A success resets the backoff: the next failure waits the initial delay.
    factory.made[-1].connected = False
    with pytest.raises(ModbusConnectionError, match="cannot connect"):
        await read(conn)
    assert conn.backoff_remaining <= 0.01


async def test_cancelled_connect_backs_off_and_propagates() -> None:
    factory = Factory(FakeClient(connect=asyncio.CancelledError()))
    conn = connection(factory, backoff_initial=5.0)
    with pytest.raises(asyncio.CancelledError):
        await read(conn)
    assert factory.made[0].closed == 1
    assert not up(conn)
    assert conn.backoff_remaining > 4.0


async def test_requests_need_the_lock() -> None:
    conn = connection(Factory(FakeClient()))
    with pytest.raises(AssertionError, match=r"hold connection\.lock"):
        await conn.read(1, Table.HOLDING, 0, 1)


# ------------------------------------------------------- failing requests


async def test_io_error_with_the_link_down_is_link_lost() -> None:
    async def drop(client: FakeClient, name: str, kwargs: dict[str, Any]) -> Response:
        client.connected = False
        raise pm(ModbusIOException, "connection closed")

    client = FakeClient(answer=drop)
    conn = connection(Factory(client))
    with pytest.raises(ModbusConnectionError) as info:
        await read(conn)
    assert str(info.value) == f"link lost during {WHAT}"
    assert isinstance(info.value.__cause__, ModbusIOException)
    assert not up(conn)


async def test_io_error_with_the_link_up_is_a_timeout() -> None:
    client = FakeClient(answer=answering(pm(ModbusIOException, "no answer")))
    conn = connection(Factory(client, FakeClient()))
    with pytest.raises(ModbusTimeoutError) as info:
        await read(conn)
    assert str(info.value) == (
        f"no valid answer to {WHAT}: Modbus Error: [Input/Output] no answer"
    )
    # The link is dropped so that a late answer is never misread ...
    assert client.closed == 1
    assert not up(conn)
    # ... and the next request connects afresh (no backoff: connect worked).
    assert await read(conn) == [0, 0]


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (pm(ConnectionException, "reset"), "Modbus Error: [Connection] reset"),
        (ConnectionResetError(104, "Connection reset by peer"), "[Errno 104]"),
        (BrokenPipeError(32, "Broken pipe"), "[Errno 32] Broken pipe"),
    ],
)
async def test_connection_errors_during_a_request(
    error: BaseException, shown: str
) -> None:
    client = FakeClient(answer=answering(error))
    conn = connection(Factory(client))
    with pytest.raises(ModbusConnectionError) as info:
        await read(conn)
    assert str(info.value).startswith(f"link lost during {WHAT}: {shown}")
    assert info.value.__cause__ is error
    assert client.closed == 1
    assert not up(conn)


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (pm(ModbusException, "unexpected function code"), "Modbus Error: unexpected"),
        (ValueError("address out of range"), "address out of range"),
    ],
)
async def test_other_errors_are_modbus_errors(error: BaseException, shown: str) -> None:
    client = FakeClient(answer=answering(error))
    conn = connection(Factory(client))
    with pytest.raises(ModbusError) as info:
        await read(conn)
    assert type(info.value) is ModbusError
    assert str(info.value).startswith(f"{WHAT} failed: {shown}")
    assert info.value.__cause__ is error
    assert not up(conn)


async def test_cancel_during_a_request_drops_the_link() -> None:
    started = asyncio.Event()

    async def hang(client: FakeClient, name: str, kwargs: dict[str, Any]) -> Response:
        started.set()
        await asyncio.sleep(10)
        raise AssertionError("not reached")

    client = FakeClient(answer=hang)
    conn = connection(Factory(client))
    task = asyncio.create_task(read(conn))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert client.closed == 1
    assert not up(conn)
    assert not conn.lock.locked()


async def test_cancel_turned_into_io_error_stays_a_cancel() -> None:
    """pymodbus 3.10+ catches our cancellation and raises ModbusIOException."""
    started = asyncio.Event()

    async def swallow(
        client: FakeClient, name: str, kwargs: dict[str, Any]
    ) -> Response:
        started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            raise pm(ModbusIOException, "request cancelled") from None
        raise AssertionError("not reached")

    client = FakeClient(answer=swallow)
    conn = connection(Factory(client))
    task = asyncio.create_task(read(conn))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()
    assert client.closed == 1
    assert not up(conn)


async def test_exception_response_is_a_device_error() -> None:
    client = FakeClient(answer=answering(Response(exception_code=2)))
    conn = connection(Factory(client))
    with pytest.raises(ModbusDeviceError) as info:
        await read(conn)
    assert info.value.code == 2
    assert str(info.value) == f"device refused {WHAT}: exception code 2"
    # A refusal is an answer: the link stays up.
    assert up(conn)


async def test_short_answer_is_an_error_and_drops_the_link() -> None:
    client = FakeClient(answer=answering(Response(registers=[7])))
    conn = connection(Factory(client))
    with pytest.raises(ModbusError) as info:
        await read(conn)
    assert str(info.value) == f"short answer from {KEY}: [7]"
    assert not up(conn)


async def test_short_bit_answer_is_an_error() -> None:
    client = FakeClient(answer=answering(Response(bits=[True])))
    conn = connection(Factory(client))
    with pytest.raises(ModbusError, match=r"^short answer from .*: \[1\]$"):
        await read(conn, Table.COIL)


@pytest.mark.parametrize(
    ("table", "method"),
    [
        (Table.HOLDING, "read_holding_registers"),
        (Table.INPUT, "read_input_registers"),
        (Table.COIL, "read_coils"),
        (Table.DISCRETE, "read_discrete_inputs"),
    ],
)
async def test_reads_are_trimmed_to_the_count(table: Table, method: str) -> None:
    answer = Response(registers=[5, 6, 7, 8], bits=[True, False, True, True])
    client = FakeClient(answer=answering(answer))
    conn = connection(Factory(client))
    expected = [1, 0] if table.is_bits else [5, 6]
    assert await read(conn, table) == expected
    assert client.sent[0][0] == method


async def test_writes_use_the_right_function() -> None:
    client = FakeClient()
    conn = connection(Factory(client))
    async with conn.lock:
        await conn.write_registers(4, 100, [0x1234])
        await conn.write_registers(4, 200, [1, 0xFFFF])
        await conn.write_coil(4, 7, True)
    assert client.sent == [
        ("write_register", {"address": 100, UNIT_KW: 4, "value": 0x1234}),
        ("write_registers", {"address": 200, UNIT_KW: 4, "values": [1, 0xFFFF]}),
        ("write_coil", {"address": 7, "value": True, UNIT_KW: 4}),
    ]


async def test_refused_write_is_a_device_error() -> None:
    client = FakeClient(answer=answering(Response(exception_code=3)))
    conn = connection(Factory(client))
    async with conn.lock:
        with pytest.raises(ModbusDeviceError) as info:
            await conn.write_coil(1, 0, False)
    assert info.value.code == 3


# ------------------------------------------------------------------ device


async def test_device_failure_is_not_learned_as_a_refused_address() -> None:
    # Exception code 4 (device failure) is no "illegal address": no bisecting.
    client = FakeClient(answer=answering(Response(exception_code=4)))
    device = ModbusDevice(connection(Factory(client)), 1)
    with pytest.raises(ModbusDeviceError) as info:
        await device.read_points([point("a", 0), point("b", 1)])
    assert info.value.code == 4
    assert device.refused == set()
    assert len(client.sent) == 1


async def test_write_that_hangs_times_out() -> None:
    async def hang(client: FakeClient, name: str, kwargs: dict[str, Any]) -> Response:
        if name.startswith("write_"):
            await asyncio.sleep(10)
        return Response(registers=[0, 0])

    client = FakeClient(answer=hang)
    conn = connection(Factory(client))
    device = ModbusDevice(conn, 1)
    target = point("target", 5, writable=writable(0, 100))
    with pytest.raises(ModbusTimeoutError) as info:
        await device.write_point(target, 42.0, write_timeout=0.05)
    assert str(info.value) == "target: write did not finish within 0.05 s"
    assert isinstance(info.value.__cause__, TimeoutError)
    assert [name for name, _ in client.sent] == ["write_register"]
    # The cancelled write dropped the link and released the lock.
    assert not up(conn)
    assert not conn.lock.locked()


# ------------------------------------------------------------------- pool


async def test_pool_shares_counts_and_closes() -> None:
    factory = Factory(FakeClient(), FakeClient())
    pool = ConnectionPool(
        LinkSettings(client_factory=factory, request_timeout=0.7, retries=0)
    )
    other = Endpoint(kind="rtu_over_tcp", host="gw.local", port=502)
    first = await pool.acquire(HOST)
    again = await pool.acquire(Endpoint(host="gw.local"))
    third = await pool.acquire(other)
    assert first is again
    assert third is not first
    assert (first.users, third.users, len(pool)) == (2, 1, 2)
    await read(first)
    await read(third)
    assert [c[1:] for c in factory.calls] == [(0.7, 0), (0.7, 0)]

    await pool.release(first)
    assert up(first)
    assert len(pool) == 2
    await pool.release(first)
    assert not up(first)
    assert len(pool) == 1
    # An extra release never goes negative nor touches the pool.
    await pool.release(first)
    assert first.users == 0
    assert len(pool) == 1

    await pool.close()
    assert len(pool) == 0
    assert third.users == 0
    assert not up(third)
    # A new acquire after close makes a fresh connection.
    fresh = await pool.acquire(HOST)
    assert fresh is not first
    await pool.close()


# --------------------------------------------------------------- loopback


sockets = pytest.mark.usefixtures("modbus_sockets")


@sockets
async def test_loopback_link_dropped_mid_request() -> None:
    """A gateway that hangs up on a request: link lost, not a timeout."""

    async def hang_up(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        await reader.read(100)
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    conn = ModbusConnection(
        Endpoint(host="127.0.0.1", port=port),
        LinkSettings(request_timeout=0.3, retries=0),
    )
    try:
        async with conn.lock:
            with pytest.raises(
                ModbusConnectionError, match=r"^link lost during tcp://"
            ):
                await conn.read(1, Table.HOLDING, 0, 2)
        assert not up(conn)
    finally:
        conn.close()
        server.close()
        await server.wait_closed()


@sockets
async def test_loopback_silent_device_times_out() -> None:
    async with SilentServer() as server:
        conn = ModbusConnection(
            Endpoint(host="127.0.0.1", port=server.port),
            LinkSettings(request_timeout=0.2, retries=0),
        )
        async with conn.lock:
            with pytest.raises(ModbusTimeoutError, match=r"^no valid answer to tcp://"):
                await conn.read(1, Table.INPUT, 0, 1)
        assert not up(conn)
        conn.close()


@sockets
async def test_loopback_read_and_write() -> None:
    data = DeviceData(holding={0: 11, 1: 12}, coils={0: True, 1: False})
    async with ModbusTestServer({1: data}) as server:
        conn = ModbusConnection(
            Endpoint(host="127.0.0.1", port=server.port),
            LinkSettings(request_timeout=1.0),
        )
        async with conn.lock:
            assert await conn.read(1, Table.HOLDING, 0, 2) == [11, 12]
            assert await conn.read(1, Table.COIL, 0, 2) == [1, 0]
            await conn.write_registers(1, 0, [21, 22])
            await conn.write_coil(1, 1, True)
            assert await conn.read(1, Table.HOLDING, 0, 2) == [21, 22]
            assert await conn.read(1, Table.COIL, 0, 2) == [1, 1]
            with pytest.raises(ModbusDeviceError) as info:
                await conn.read(1, Table.HOLDING, 500, 1)
            assert info.value.code == 2
        assert up(conn)
        conn.close()
        assert not up(conn)


# --------------------------------------------------------------- endpoint


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "serial"}, "a serial endpoint needs serial_port"),
        ({"kind": "serial", "serial_port": ""}, "a serial endpoint needs serial_port"),
        ({}, "a tcp endpoint needs host"),
        ({"kind": "rtu_over_tcp", "host": ""}, "a rtu_over_tcp endpoint needs host"),
        ({"host": "h", "port": 0}, "port 0 is out of range"),
        ({"host": "h", "port": 65536}, "port 65536 is out of range"),
        ({"host": "h", "port": -1}, "port -1 is out of range"),
        ({"kind": "udp", "host": "h"}, "unknown endpoint kind 'udp'"),
    ],
)
def test_invalid_endpoints(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Endpoint(**kwargs)


def test_endpoint_keys() -> None:
    assert Endpoint(host="10.0.0.5").key == "tcp://10.0.0.5:502"
    assert Endpoint(host="h", port=1).key == "tcp://h:1"
    assert Endpoint(host="h", port=65535).key == "tcp://h:65535"
    assert Endpoint(kind="rtu_over_tcp", host="h", port=8899).key == (
        "rtu_over_tcp://h:8899"
    )
    # One serial port is one bus, whatever the line settings.
    assert (
        Endpoint(kind="serial", serial_port="/dev/ttyUSB0", baudrate=9600).key
        == Endpoint(kind="serial", serial_port="/dev/ttyUSB0", baudrate=19200).key
        == "serial:/dev/ttyUSB0"
    )
