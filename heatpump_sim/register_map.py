"""A profile's Modbus points laid out as tables of registers and bits.

Reads encode each point's quantity value with the core codec
(``core.modbus.codec.encode``, in the point's read word order, after the
core's unit conversion); writes decode with ``core.modbus.codec.decode``.
Nothing about the layout is duplicated here: it all comes from the profile.

Addresses no point covers answer exception 2 when a request reaches beyond
the table's first and last point; inside that span a gap reads as 0 unless
``strict`` (then every unmapped address answers exception 2).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from typing import Protocol

from custom_components.heatpump.core.modbus.codec import decode, encode
from custom_components.heatpump.core.modbus.errors import ModbusValueError
from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusPoint,
    Profile,
    Table,
    WordOrder,
)
from custom_components.heatpump.core.quantities import (
    QUANTITIES,
    Quantity,
    Value,
    ValueType,
)
from custom_components.heatpump.core.readings import (
    from_quantity_value,
    to_quantity_value,
)

ILLEGAL_FUNCTION = 1
ILLEGAL_ADDRESS = 2
ILLEGAL_VALUE = 3
DEVICE_FAILURE = 4


class Unit(Protocol):
    """What the protocol servers need from the simulator."""

    def snapshot(self) -> tuple[int, Mapping[Quantity, Value]]:
        """A version number and the values to serve."""
        ...

    def write(self, quantity: Quantity, value: Value) -> None:
        """Apply a write; raises ``WriteError`` (a ValueError) if refused."""
        ...

    def writable(self) -> Collection[Quantity]:
        """Quantities the unit accepts writes to."""
        ...


class ModbusError(Exception):
    """A request the device answers with an exception code."""

    def __init__(self, code: int, message: str = "") -> None:
        """Exception ``code`` (1 illegal function, 2 address, 3 value...)."""
        super().__init__(message or f"exception {code}")
        self.code = code


def _mask(point: ModbusPoint) -> int:
    return (1 << (16 * point.count)) - 1


def _sentinel_words(point: ModbusPoint) -> list[int]:
    """Words for 'no reading': the point's first sentinel, else zeros."""
    if point.data_type is DataType.BOOL:
        return [0]
    if point.sentinels:
        raw = min(point.sentinels) & _mask(point)
        if point.count == 1:
            return [raw]
        high, low = (raw >> 16) & 0xFFFF, raw & 0xFFFF
        return [high, low] if point.word_order is WordOrder.BIG else [low, high]
    return [0] * point.count


class RegisterMap:
    """Encodes a unit's values into a profile's tables and decodes writes."""

    def __init__(self, profile: Profile, *, strict: bool = False) -> None:
        """Lay out the profile's Modbus points."""
        self.profile = profile
        self.strict = strict
        self.points = profile.modbus_points
        # Points as read (no write bounds), so readings outside the writable
        # range still encode.
        self._read_view = {
            p.key: dataclasses.replace(p, writable=None, write_word_order=None)
            for p in self.points
        }
        self._cells: dict[Table, dict[int, list[tuple[ModbusPoint, int]]]] = {
            t: {} for t in Table
        }
        for point in self.points:
            for index in range(point.count):
                cells = self._cells[point.table].setdefault(point.address + index, [])
                cells.append((point, index))
        self.spans: dict[Table, tuple[int, int]] = {
            table: (min(cells), max(cells))
            for table, cells in self._cells.items()
            if cells
        }
        self._version = -1
        self._image: dict[Table, dict[int, int]] = {}

    # --- reads ---------------------------------------------------------------
    def _encode_point(self, point: ModbusPoint, value: Value | None) -> list[int]:
        if value is None:
            return _sentinel_words(point)
        info = QUANTITIES[point.quantity] if point.quantity is not None else None
        is_text = info is not None and info.value_type is ValueType.TEXT
        if isinstance(value, str) and not point.value_map and is_text:
            try:
                value = float(value or "0")
            except ValueError:
                return _sentinel_words(point)
        view = self._read_view[point.key]
        try:
            native = from_quantity_value(point, value)
            current = [0] if point.data_type is DataType.BITFIELD else None
            return encode(view, native, current=current, word_order=point.word_order)
        except (ModbusValueError, ValueError, OverflowError):
            return _sentinel_words(point)

    def image(
        self, version: int, state: Mapping[Quantity, Value]
    ) -> dict[Table, dict[int, int]]:
        """Every mapped register and bit for ``state`` (cached per version)."""
        if version == self._version:
            return self._image
        image: dict[Table, dict[int, int]] = {t: {} for t in Table}
        for point in self.points:
            value = state.get(point.quantity) if point.quantity is not None else None
            words = self._encode_point(point, value)
            table = image[point.table]
            for index, word in enumerate(words):
                address = point.address + index
                if point.data_type is DataType.BITFIELD:
                    table[address] = table.get(address, 0) | word
                else:
                    table[address] = word
        self._version = version
        self._image = image
        return image

    def check(self, table: Table, address: int, count: int) -> None:
        """Raise ModbusError(2) unless every address may be accessed."""
        cells = self._cells[table]
        span = self.spans.get(table)
        if span is None or address < span[0] or address + count - 1 > span[1]:
            raise ModbusError(ILLEGAL_ADDRESS, "outside the map")
        if self.strict:
            for a in range(address, address + count):
                if a not in cells:
                    raise ModbusError(ILLEGAL_ADDRESS, f"address {a} is not mapped")

    def read(
        self,
        table: Table,
        address: int,
        count: int,
        version: int,
        state: Mapping[Quantity, Value],
    ) -> list[int]:
        """Values of ``count`` registers (or bits) from ``address``."""
        self.check(table, address, count)
        values = self.image(version, state)[table]
        return [values.get(a, 0) for a in range(address, address + count)]

    # --- writes --------------------------------------------------------------
    def decode_write(
        self,
        table: Table,
        address: int,
        values: list[int],
        version: int,
        state: Mapping[Quantity, Value],
        writable: Collection[Quantity],
    ) -> list[tuple[Quantity, Value]]:
        """The writes a request asks for; ModbusError if any is refused."""
        cells = self._cells[table]
        touched: dict[str, ModbusPoint] = {}
        for a in range(address, address + len(values)):
            if a not in cells:
                raise ModbusError(ILLEGAL_ADDRESS, f"address {a} is not mapped")
            for point, _ in cells[a]:
                if (
                    not point.is_writable
                    or point.quantity is None
                    or point.quantity not in writable
                ):
                    raise ModbusError(ILLEGAL_ADDRESS, f"{point.key} is read-only")
                touched[point.key] = point
        current = self.image(version, state)[table]
        writes: list[tuple[Quantity, Value]] = []
        for point in touched.values():
            words = [current.get(point.address + i, 0) for i in range(point.count)]
            for i in range(point.count):
                a = point.address + i
                if address <= a < address + len(values):
                    words[i] = values[a - address]
            order = point.write_word_order or point.word_order
            view = dataclasses.replace(point, word_order=order)
            native = decode(view, words)
            if native is None:
                raise ModbusError(ILLEGAL_VALUE, f"{point.key}: sentinel written")
            if point.data_type is DataType.BITFIELD:
                old = decode(view, [current.get(point.address, 0)])
                if old == native:
                    continue
            try:
                encode(point, native, current=words)  # bounds and step check
            except ModbusValueError as err:
                raise ModbusError(ILLEGAL_VALUE, str(err)) from err
            assert point.quantity is not None
            writes.append((point.quantity, to_quantity_value(point, native)))
        return writes
