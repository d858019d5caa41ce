"""Modbus TCP server for a profile's register layout.

The protocol side (MBAP framing, function codes 1–6, 15, 16) is written
here on plain asyncio streams rather than on pymodbus' server, whose
datastore API changed in 3.10, 3.13 and again in 3.16.  It is tested with
the pymodbus *client* of every supported version.  The register contents
come from :class:`RegisterMap` (the profile and the core codec).

The server answers unit ids ``device_id``, 0 and 255; other ids get no
answer, as from an absent device behind a gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
from collections.abc import Mapping

from custom_components.heatpump.core.profile.model import Profile, Table
from custom_components.heatpump.core.quantities import Quantity, Value

from .faults import Faults
from .register_map import (
    DEVICE_FAILURE,
    ILLEGAL_FUNCTION,
    ILLEGAL_VALUE,
    ModbusError,
    RegisterMap,
    Unit,
)

_LOGGER = logging.getLogger(__name__)

_READS = {1: Table.COIL, 2: Table.DISCRETE, 3: Table.HOLDING, 4: Table.INPUT}
_MAX_READ = {1: 2000, 2: 2000, 3: 125, 4: 125}


def _pack_bits(bits: list[int]) -> bytes:
    out = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        if bit:
            out[i // 8] |= 1 << (i % 8)
    return bytes(out)


def _unpack_bits(data: bytes, count: int) -> list[int]:
    return [(data[i // 8] >> (i % 8)) & 1 for i in range(count)]


class ModbusTcpServer:
    """Serves one unit on one TCP port."""

    def __init__(
        self,
        unit: Unit,
        profile: Profile,
        faults: Faults,
        *,
        host: str = "127.0.0.1",
        port: int = 5020,
        device_id: int | None = None,
        strict: bool = False,
    ) -> None:
        """Serve ``profile``'s layout of ``unit`` on ``host:port`` (0 = any port)."""
        self.unit = unit
        self.map = RegisterMap(profile, strict=strict)
        self.faults = faults
        self.host = host
        self.port = port
        settings = profile.modbus
        self.device_id = (
            device_id
            if device_id is not None
            else (settings.default_device_id if settings else 1)
        )
        self.requests = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._control: set[asyncio.Task[None]] = set()
        self._running = False
        faults.listeners.append(self._on_fault)

    @property
    def address(self) -> tuple[str, int]:
        """Host and (bound) port."""
        return self.host, self.port

    async def start(self) -> None:
        """Listen (the port is known after this, also when 0 was asked)."""
        self._running = True
        if not self.faults.drop:
            await self._listen()

    async def _listen(self) -> None:
        if self._server is not None:
            return
        self._server = await asyncio.start_server(
            self._handle, self.host, self.port, reuse_address=True
        )
        sock = self._server.sockets[0]
        self.port = int(sock.getsockname()[1])
        _LOGGER.info(
            "Modbus TCP on %s:%s, device id %s", self.host, self.port, self.device_id
        )

    async def _unlisten(self) -> None:
        server, self._server = self._server, None
        self._close_connections()
        if server is not None:
            server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2.0)

    def _close_connections(self) -> None:
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                # A clean close (FIN): the client sees the connection end.
                writer.close()
        self._writers.clear()
        for task in list(self._handlers):
            task.cancel()

    async def stop(self) -> None:
        """Close everything and wait for the handlers to end."""
        self._running = False
        with contextlib.suppress(ValueError):
            self.faults.listeners.remove(self._on_fault)
        await self._unlisten()
        tasks = [*self._handlers, *self._control]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        self._handlers.clear()
        self._control.clear()

    def _on_fault(self, what: str) -> None:
        if not self._running:
            return
        if what == "kick":
            self._close_connections()
        elif what == "drop":
            loop = asyncio.get_running_loop()
            coro = self._unlisten() if self.faults.drop else self._listen()
            task = loop.create_task(coro)
            self._control.add(task)
            task.add_done_callback(self._control.discard)

    # --- one connection ------------------------------------------------------
    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        if self.faults.drop or not self._running:
            writer.close()
            return
        if task is not None:
            self._handlers.add(task)
        self._writers.add(writer)
        try:
            while True:
                header = await reader.readexactly(7)
                tid, proto, length, unit_id = struct.unpack(">HHHB", header)
                if length < 2 or length > 254:
                    break
                pdu = await reader.readexactly(length - 1)
                if proto != 0 or not pdu:
                    continue
                answer = await self._answer(unit_id, pdu)
                if answer is None:
                    continue
                writer.write(
                    struct.pack(">HHHB", tid, 0, len(answer) + 1, unit_id) + answer
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()
            if task is not None:
                self._handlers.discard(task)

    async def _answer(self, unit_id: int, pdu: bytes) -> bytes | None:
        if unit_id not in (self.device_id, 0, 255):
            return None
        self.requests += 1
        faults = self.faults
        if faults.withhold:
            return None
        if faults.delay_s > 0.0:
            await asyncio.sleep(faults.delay_s)
        function = pdu[0]
        if faults.exception_code is not None:
            return bytes((function | 0x80, faults.exception_code & 0xFF))
        try:
            return self._execute(function, pdu[1:])
        except ModbusError as err:
            return bytes((function | 0x80, err.code))
        except Exception:
            _LOGGER.exception("Modbus request failed")
            return bytes((function | 0x80, DEVICE_FAILURE))

    def _execute(self, function: int, body: bytes) -> bytes:
        version, state = self.unit.snapshot()
        if function in _READS:
            if len(body) != 4:
                raise ModbusError(ILLEGAL_VALUE, "bad read request")
            address, count = struct.unpack(">HH", body)
            if not 1 <= count <= _MAX_READ[function]:
                raise ModbusError(ILLEGAL_VALUE, "bad count")
            table = _READS[function]
            values = self.map.read(table, address, count, version, state)
            if forced := self.faults.registers:
                values = [
                    forced.get((table, address + i), value)
                    for i, value in enumerate(values)
                ]
            if table.is_bits:
                data = _pack_bits(values)
            else:
                data = b"".join(struct.pack(">H", v & 0xFFFF) for v in values)
            return bytes((function, len(data))) + data
        if function in (5, 6):
            if len(body) != 4:
                raise ModbusError(ILLEGAL_VALUE, "bad write request")
            address, raw = struct.unpack(">HH", body)
            if function == 5:
                if raw not in (0x0000, 0xFF00):
                    raise ModbusError(ILLEGAL_VALUE, "coil value must be 0 or 0xFF00")
                self._write(Table.COIL, address, [1 if raw else 0], version, state)
            else:
                self._write(Table.HOLDING, address, [raw], version, state)
            return bytes((function,)) + body
        if function in (15, 16):
            if len(body) < 5:
                raise ModbusError(ILLEGAL_VALUE, "bad write request")
            address, count, size = struct.unpack(">HHB", body[:5])
            data = body[5:]
            if len(data) != size:
                raise ModbusError(ILLEGAL_VALUE, "byte count mismatch")
            if function == 15:
                if not 1 <= count <= 1968 or size != (count + 7) // 8:
                    raise ModbusError(ILLEGAL_VALUE, "bad coil count")
                self._write(
                    Table.COIL, address, _unpack_bits(data, count), version, state
                )
            else:
                if not 1 <= count <= 123 or size != 2 * count:
                    raise ModbusError(ILLEGAL_VALUE, "bad register count")
                values = list(struct.unpack(f">{count}H", data))
                self._write(Table.HOLDING, address, values, version, state)
            return bytes((function,)) + struct.pack(">HH", address, count)
        raise ModbusError(ILLEGAL_FUNCTION, f"function {function} not supported")

    def _write(
        self,
        table: Table,
        address: int,
        values: list[int],
        version: int,
        state: Mapping[Quantity, Value],
    ) -> None:
        writes = self.map.decode_write(
            table, address, values, version, state, self.unit.writable()
        )
        for quantity, value in writes:
            try:
                self.unit.write(quantity, value)
            except ValueError as err:
                raise ModbusError(ILLEGAL_VALUE, str(err)) from err
