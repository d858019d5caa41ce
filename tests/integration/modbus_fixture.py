"""Real Modbus peers on 127.0.0.1 for the config flow tests.

* ``ModbusTestServer``: a pymodbus TCP server (socket or RTU framing) that
  answers zeros for every address ("full"), or refuses every address the
  tests read with exception code 2 ("strict": the map does not match).
* ``SilentServer``: accepts TCP connections and never answers.
* ``GatewayServer``: a gateway whose target device never answers (code 11).
* ``unused_port``: a port nothing listens on (connection refused).

Works with the pymodbus lines HA pins (3.8 and 3.13): the datastore classes
were renamed in 3.10, and 3.16 refuses blocks that start at address 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from typing import Any, Self

from pymodbus import FramerType, datastore
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.server import ModbusTcpServer

from custom_components.heatpump.core.modbus.compat import UNIT_KW

# pymodbus is typed unevenly across versions: call its datastore through Any.
_Block: Any = datastore.ModbusSequentialDataBlock
_ServerContext: Any = datastore.ModbusServerContext
if hasattr(datastore, "ModbusDeviceContext"):  # pymodbus >= 3.10
    _UnitContext: Any = datastore.ModbusDeviceContext
    _UNITS_KW = "devices"
else:  # pymodbus 3.8 / 3.9
    _UnitContext = datastore.ModbusSlaveContext
    _UNITS_KW = "slaves"

HOST = "127.0.0.1"
GATEWAY_TARGET_NO_ANSWER = 11
_FULL_SIZE = 65535
_FAR_AWAY = 60000
"""The only address a strict server serves: no test profile uses it."""


def unused_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
    return port


def _blocks(full: bool) -> dict[str, Any]:
    def block() -> Any:
        if full:
            return _Block(1, [0] * _FULL_SIZE)
        return _Block(_FAR_AWAY, [0])

    return {"di": block(), "co": block(), "hr": block(), "ir": block()}


class ModbusTestServer:
    """A pymodbus server on 127.0.0.1 that answers every unit id."""

    def __init__(
        self, *, full: bool = True, framer: FramerType = FramerType.SOCKET
    ) -> None:
        """``full``: zeros everywhere; otherwise exception 2 for every address."""
        self.port = unused_port()
        self.full = full
        self.framer = framer
        self._server: Any = None

    async def start(self) -> ModbusTestServer:
        """Listen; returns once connections are accepted."""
        context = _ServerContext(
            **{_UNITS_KW: _UnitContext(**_blocks(self.full))}, single=True
        )
        server = ModbusTcpServer(context, framer=self.framer, address=(HOST, self.port))
        await server.serve_forever(background=True)
        self._server = server
        return self

    async def set_holding(self, address: int, value: int) -> None:
        """Serve ``value`` at holding register ``address`` from now on.

        Written over Modbus itself: pymodbus 3.13 serves from a copy of the
        datastore blocks, so there is no datastore call common to every line.
        """
        client = AsyncModbusTcpClient(HOST, port=self.port, framer=self.framer)
        await client.connect()
        try:
            response = await client.write_register(address, value, **{UNIT_KW: 1})
            assert not response.isError(), response
        finally:
            client.close()

    async def stop(self) -> None:
        """Stop listening and drop every client."""
        if self._server is not None:
            await self._server.shutdown()
            self._server = None
            await asyncio.sleep(0)


class _RawServer:
    """A TCP listener on 127.0.0.1 whose clients ``_serve`` handles."""

    def __init__(self) -> None:
        """Pick a port; ``start`` listens."""
        self.port = unused_port()
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def _client(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._writers.append(writer)
        with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
            await self._serve(reader, writer)

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        raise NotImplementedError

    async def start(self) -> Self:
        """Listen on 127.0.0.1."""
        self._server = await asyncio.start_server(self._client, HOST, self.port)
        return self

    async def stop(self) -> None:
        """Close every client and the listener."""
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None


class SilentServer(_RawServer):
    """Accepts TCP connections, reads what it is sent, never answers."""

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while await reader.read(256):
            pass


class GatewayServer(_RawServer):
    """A Modbus TCP gateway whose target device never answers.

    Every request gets exception 11 (gateway target device failed to
    respond), as a gateway answers for a device id that is not on its bus.
    """

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        while True:
            header = await reader.readexactly(7)
            transaction, _protocol, length, unit = struct.unpack(">HHHB", header)
            pdu = await reader.readexactly(length - 1)
            answer = struct.pack(">BB", pdu[0] | 0x80, GATEWAY_TARGET_NO_ANSWER)
            writer.write(struct.pack(">HHHB", transaction, 0, 3, unit) + answer)
            await writer.drain()
