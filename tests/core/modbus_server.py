"""Real Modbus servers on 127.0.0.1 (or a serial port) for tests.

Hides the pymodbus server API differences: 3.8-3.12 take a
``ModbusServerContext`` of sparse blocks (block address = protocol address + 1),
3.13+ take native ``SimDevice`` definitions and copy them when they start.
Only the register addresses given exist; every other one answers exception
code 2.  On 3.8-3.12 bits are served densely (that server does not check bit
addresses), so only 3.13+ refuse undefined coils and discrete inputs.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pymodbus import FramerType
from pymodbus.server import ModbusSerialServer, ModbusTcpServer

from custom_components.heatpump.core.profile.model import Table

NATIVE = "SimDevice" in str(
    inspect.signature(ModbusTcpServer.__init__).parameters["context"].annotation
)
_DUMMY = 60000
_BIT_PAD = 64
_FC = {Table.COIL: 1, Table.DISCRETE: 2, Table.HOLDING: 3, Table.INPUT: 4}


@dataclass
class DeviceData:
    """Initial content of one unit: address -> register value or bit."""

    holding: dict[int, int] = field(default_factory=dict)
    input: dict[int, int] = field(default_factory=dict)
    coils: dict[int, bool] = field(default_factory=dict)
    discrete: dict[int, bool] = field(default_factory=dict)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _runs(values: Mapping[int, Any]) -> list[tuple[int, list[Any]]]:
    runs: list[tuple[int, list[Any]]] = []
    for address in sorted(values):
        if runs and runs[-1][0] + len(runs[-1][1]) == address:
            runs[-1][1].append(values[address])
        else:
            runs.append((address, [values[address]]))
    return runs


def _native_context(devices: Mapping[int, DeviceData]) -> Any:
    simulator: Any = importlib.import_module("pymodbus.simulator")
    simutils: Any = importlib.import_module("pymodbus.simulator.simutils")
    DataType, SimData, SimDevice = (
        simulator.DataType,
        simulator.SimData,
        simulator.SimDevice,
    )
    # 3.13 packs REGISTERS values as signed 16-bit, 3.16 as unsigned.
    signed = simutils.SimUtils.DATATYPE_STRUCT[DataType.REGISTERS][1] == "h"

    def register(value: int) -> int:
        return value - 0x10000 if signed and value > 0x7FFF else value

    result = []
    for unit, data in devices.items():
        blocks = []
        for values, kind in (
            (data.coils, DataType.BITS),
            (data.discrete, DataType.BITS),
            ({a: register(v) for a, v in data.holding.items()}, DataType.REGISTERS),
            ({a: register(v) for a, v in data.input.items()}, DataType.REGISTERS),
        ):
            # A table needs at least one block: put a dummy far away.
            runs = _runs(values) or [(_DUMMY, [False if kind is DataType.BITS else 0])]
            blocks.append([SimData(a, values=v, datatype=kind) for a, v in runs])
        result.append(SimDevice(unit, simdata=tuple(blocks)))
    return result


def _legacy_context(devices: Mapping[int, DeviceData]) -> Any:
    datastore: Any = importlib.import_module("pymodbus.datastore")
    # Renamed in 3.10.
    device_class = getattr(datastore, "ModbusDeviceContext", None)
    device_class = device_class or datastore.ModbusSlaveContext

    def registers(values: Mapping[int, int]) -> Any:
        return datastore.ModbusSparseDataBlock({a + 1: v for a, v in values.items()})

    def bits(values: Mapping[int, bool]) -> Any:
        # 3.8 serves bit reads without checking addresses (and chokes on holes):
        # give bits a dense block, padded so over-reads stay inside it.
        size = max(values, default=-1) + 1 + _BIT_PAD
        return datastore.ModbusSequentialDataBlock(
            1, [values.get(a, False) for a in range(size)]
        )

    units = {
        unit: device_class(
            hr=registers(data.holding),
            ir=registers(data.input),
            co=bits(data.coils),
            di=bits(data.discrete),
        )
        for unit, data in devices.items()
    }
    params = inspect.signature(datastore.ModbusServerContext).parameters
    name = "devices" if "devices" in params else "slaves"
    return datastore.ModbusServerContext(**{name: units}, single=False)


class ModbusTestServer:
    """A pymodbus server for ``devices`` (unit id -> data), TCP or serial."""

    def __init__(
        self,
        devices: Mapping[int, DeviceData],
        *,
        port: int | None = None,
        serial_port: str | None = None,
    ) -> None:
        """Describe the server; ``start`` builds and runs it."""
        self.devices = dict(devices)
        self.port = 0 if serial_port else port or free_port()
        self.serial_port = serial_port
        self._server: Any = None
        self._context: Any = None

    async def start(self) -> None:
        """Build a fresh server from ``devices`` and listen."""
        self._context = (_native_context if NATIVE else _legacy_context)(self.devices)
        if self.serial_port:
            self._server = ModbusSerialServer(
                self._context,
                framer=FramerType.RTU,
                port=self.serial_port,
                baudrate=19200,
            )
        else:
            self._server = ModbusTcpServer(
                self._context, address=("127.0.0.1", self.port)
            )
        await self._server.serve_forever(background=True)

    async def stop(self) -> None:
        """Shut the server down and drop its connections."""
        if self._server is not None:
            server, self._server = self._server, None
            await server.shutdown()
            await asyncio.sleep(0)

    async def set_values(
        self, unit: int, table: Table, address: int, values: list[int] | list[bool]
    ) -> None:
        """Change live values (the device "measures" something new)."""
        if NATIVE:
            await self._server.async_setValues(unit, _FC[table], address, values)
        else:
            self._context[unit].setValues(_FC[table], address, values)

    async def __aenter__(self) -> ModbusTestServer:
        """Start on entry."""
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop on exit."""
        await self.stop()


class SilentServer:
    """Accepts TCP connections and never answers (a hung gateway)."""

    def __init__(self) -> None:
        """Not listening until ``start``."""
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._writers.append(writer)
        while await reader.read(1024):
            pass

    async def __aenter__(self) -> SilentServer:
        """Listen on a free port."""
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Close every connection and the listener."""
        assert self._server is not None
        self._server.close()
        for writer in self._writers:
            writer.close()
        await self._server.wait_closed()
