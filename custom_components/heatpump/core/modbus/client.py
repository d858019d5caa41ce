"""A Modbus device (one unit id on a shared connection): poll and write points."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from ..profile.model import DataType, ModbusPoint, ModbusSettings, Table
from ..quantities import Value
from .codec import decode, encode
from .connection import ModbusConnection
from .errors import (
    ModbusDeviceError,
    ModbusTimeoutError,
    ModbusVerifyError,
    ModbusWriteRefused,
)
from .planner import Address, ReadBlock, plan_reads, refused_points, split_block

ILLEGAL_ADDRESS = 2
"""Modbus exception code for an address the device does not serve."""


class ModbusDevice:
    """One unit id behind a connection, with the addresses it refused so far.

    ``refused`` is learned: when the device answers exception code 2 to a
    block, the block is bisected until the offending point (or the bridged
    gap) is found, and later plans leave those addresses out.  Clear it to
    probe again (e.g. after a firmware update).
    """

    def __init__(
        self,
        connection: ModbusConnection,
        device_id: int,
        settings: ModbusSettings | None = None,
    ) -> None:
        """Bind a unit id to a shared connection."""
        self.connection = connection
        self.device_id = device_id
        self.settings = settings or ModbusSettings()
        self.refused: set[Address] = set()
        self._seen: dict[str, ModbusPoint] = {}

    @property
    def refused_points(self) -> set[str]:
        """Keys of the points polled so far that the device refuses to serve."""
        return {p.key for p in refused_points(self._seen.values(), self.refused)}

    async def read_points(
        self, points: Iterable[ModbusPoint], poll_timeout: float = 10.0
    ) -> dict[str, Value | None]:
        """Read and decode every point; refused or "no data" points are None.

        ``poll_timeout`` bounds the whole poll, whatever pymodbus retries.
        """
        wanted = tuple(points)
        self._seen.update((p.key, p) for p in wanted)
        values: dict[str, Value | None] = {p.key: None for p in wanted}
        self.connection.allow_attempt()
        try:
            async with asyncio.timeout(poll_timeout):
                for block in plan_reads(wanted, self.settings, self.refused):
                    for part, words in await self._read_bisecting(block):
                        for point in part.points:
                            offset = point.address - part.start
                            chunk = words[offset : offset + point.count]
                            values[point.key] = decode(point, chunk)
        except TimeoutError as err:
            raise ModbusTimeoutError(
                f"unit {self.device_id} on {self.connection.endpoint.key}: "
                f"poll did not finish within {poll_timeout} s"
            ) from err
        return values

    async def _read(self, table: Table, start: int, count: int) -> list[int]:
        async with self.connection.lock:
            return await self.connection.read(self.device_id, table, start, count)

    async def _read_bisecting(
        self, block: ReadBlock
    ) -> list[tuple[ReadBlock, list[int]]]:
        """Read a block; on code 2 bisect it and learn the refused addresses."""
        try:
            return [(block, await self._read(block.table, block.start, block.count))]
        except ModbusDeviceError as err:
            if err.code != ILLEGAL_ADDRESS:
                raise
        parts = split_block(block)
        if len(parts) == 1:
            self.refused.update((block.table, a) for a in block.addresses())
            return []
        results: list[tuple[ReadBlock, list[int]]] = []
        for part in parts:
            results.extend(await self._read_bisecting(part))
        if sum(len(part.points) for part, _ in results) == len(block.points):
            # Every point reads alone: the device refuses the bridged gap.
            gap = range(parts[0].end, parts[1].start)
            self.refused.update((block.table, a) for a in gap)
        return results

    async def write_point(
        self, point: ModbusPoint, value: Value, *, write_timeout: float = 10.0
    ) -> None:
        """Check, encode, write, read back; raise unless the device took it."""
        if not point.is_writable or point.table not in (Table.HOLDING, Table.COIL):
            raise ModbusWriteRefused(f"{point.key} is not writable")
        bitfield = point.data_type is DataType.BITFIELD
        words = encode(point, value, current=[0] if bitfield else None)
        connection, unit = self.connection, self.device_id
        try:
            async with asyncio.timeout(write_timeout), connection.lock:
                current = None
                if bitfield:
                    current = await connection.read(unit, point.table, point.address, 1)
                    words = encode(point, value, current=current)
                if point.table is Table.COIL:
                    await connection.write_coil(unit, point.address, bool(words[0]))
                else:
                    await connection.write_registers(unit, point.address, words)
                back = await connection.read(
                    unit, point.table, point.address, point.count
                )
        except TimeoutError as err:
            raise ModbusTimeoutError(
                f"{point.key}: write did not finish within {write_timeout} s"
            ) from err
        expected = encode(point, value, current=current, word_order=point.word_order)
        if decode(point, back) != decode(point, expected):
            raise ModbusVerifyError(
                f"{point.key}: wrote {value!r} but the device reports "
                f"{decode(point, back)!r} (registers {back})"
            )
