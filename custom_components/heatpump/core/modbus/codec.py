"""Registers <-> values for one Modbus point.

Decoding order: sentinel check on the raw value, NaN/inf check for floats,
``value_map`` lookup, then ``raw * scale + offset``.  No unit conversion.

Sentinels are integers compared with the raw value before scaling:

* integer types match either the signed or the unsigned reading of the
  register(s), so ``-1`` and ``65535`` both name 0xFFFF of a 16-bit point;
* ``float32`` matches either the raw 32-bit pattern (after word order, e.g.
  ``0x7FC00000``) or the decoded float itself when it is integral (e.g.
  ``-999``);
* ``bitfield`` compares the whole register (0xFFFF = "no data" for all bits);
* ``bool`` (a coil or discrete input) compares the bit, 0 or 1.

``value_map`` keys are the raw value as text (``"2"``).  A raw value missing
from a non-empty map falls back to ``raw * scale + offset``.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from ..profile.model import DataType, ModbusPoint, WordOrder
from ..quantities import Value
from .errors import ModbusValueError

_BITS = (DataType.BOOL, DataType.BITFIELD)
_RANGES: dict[DataType, tuple[int, int]] = {
    DataType.INT16: (-(1 << 15), (1 << 15) - 1),
    DataType.UINT16: (0, (1 << 16) - 1),
    DataType.INT32: (-(1 << 31), (1 << 31) - 1),
    DataType.UINT32: (0, (1 << 32) - 1),
    DataType.BOOL: (0, 1),
    DataType.BITFIELD: (0, 1),
}
_SIGNED = (DataType.INT16, DataType.INT32)
_EPS = 1e-9


@lru_cache(maxsize=256)
def _decimals(number: float) -> int:
    """Decimal places of a profile constant such as 0.1 or 0.25."""
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _unsigned(point: ModbusPoint, words: Sequence[int], order: WordOrder) -> int:
    """The register(s) as one unsigned integer, high word first."""
    if len(words) < point.count:
        raise ValueError(f"{point.key}: needs {point.count} words, got {len(words)}")
    if point.count == 1:
        return int(words[0]) & 0xFFFF
    high, low = (words[0], words[1]) if order is WordOrder.BIG else (words[1], words[0])
    return ((int(high) & 0xFFFF) << 16) | (int(low) & 0xFFFF)


def _signed(unsigned: int, bits: int) -> int:
    return unsigned - (1 << bits) if unsigned >> (bits - 1) else unsigned


def _key(raw: float) -> str:
    return str(int(raw)) if float(raw).is_integer() else repr(raw)


def decode(point: ModbusPoint, words: Sequence[int]) -> Value | None:
    """Decode the point's registers (or its bit) into a value, None = no reading."""
    unsigned = _unsigned(point, words, point.word_order)
    bits = 16 * point.count
    sentinels = point.sentinels
    raw: float
    if point.data_type is DataType.FLOAT32:
        raw = struct.unpack(">f", unsigned.to_bytes(4, "big"))[0]
        if unsigned in sentinels or not math.isfinite(raw):
            return None
        if raw.is_integer() and int(raw) in sentinels:
            return None
    else:
        if sentinels and (
            unsigned in sentinels or _signed(unsigned, bits) in sentinels
        ):
            return None
        if point.data_type is DataType.BITFIELD:
            raw = (unsigned >> (point.bit or 0)) & 1
        elif point.data_type is DataType.BOOL:
            raw = 1 if unsigned else 0
        elif point.data_type in _SIGNED:
            raw = _signed(unsigned, bits)
        else:
            raw = unsigned
    if point.value_map and (mapped := point.value_map.get(_key(raw))) is not None:
        return mapped
    if point.data_type in _BITS:
        return bool(raw)
    value = raw * point.scale + point.offset
    if point.data_type is DataType.FLOAT32:
        return value
    return round(value, max(_decimals(point.scale), _decimals(point.offset)))


def _same(option: Value, value: Value) -> bool:
    return option == value and isinstance(option, bool) == isinstance(value, bool)


def _check_bounds(point: ModbusPoint, value: float) -> None:
    if not math.isfinite(value):
        raise ModbusValueError(f"{point.key}: {value} is not a finite number")
    bounds = point.writable
    if bounds is None:
        return
    tolerance = _EPS * max(1.0, abs(value))
    if bounds.min is not None and value < bounds.min - tolerance:
        raise ModbusValueError(
            f"{point.key}: {value} is below the minimum {bounds.min}"
        )
    if bounds.max is not None and value > bounds.max + tolerance:
        raise ModbusValueError(
            f"{point.key}: {value} is above the maximum {bounds.max}"
        )
    if bounds.step:
        steps = (value - (bounds.min or 0.0)) / bounds.step
        if abs(steps - round(steps)) > 1e-6:
            raise ModbusValueError(
                f"{point.key}: {value} is not a multiple of the step {bounds.step}"
            )


def _raw(point: ModbusPoint, value: Value) -> float:
    """The raw value to write, after map, bounds and step checks."""
    for key, option in point.command_map.items():
        if _same(option, value):
            try:
                return float(key)
            except ValueError as err:
                raise ModbusValueError(f"{point.key}: bad map key {key!r}") from err
    if isinstance(value, str):
        options = ", ".join(repr(o) for o in point.command_map.values())
        raise ModbusValueError(
            f"{point.key}: {value!r} is not one of the options ({options})"
            if options
            else f"{point.key}: expects a number, got {value!r}"
        )
    if point.data_type in _BITS:
        if value not in (0, 1):
            raise ModbusValueError(f"{point.key}: expects on/off, got {value!r}")
        return float(value)
    number = float(value)
    _check_bounds(point, number)
    return (number - point.offset) / point.scale


def _to_words(unsigned: int, count: int, order: WordOrder) -> list[int]:
    if count == 1:
        return [unsigned & 0xFFFF]
    high, low = (unsigned >> 16) & 0xFFFF, unsigned & 0xFFFF
    return [high, low] if order is WordOrder.BIG else [low, high]


def encode(
    point: ModbusPoint,
    value: Value,
    *,
    current: Sequence[int] | None = None,
    word_order: WordOrder | None = None,
) -> list[int]:
    """Encode a value into the words (or the bit, 0/1) to write.

    ``current`` is the register's present content, needed by ``bitfield``
    points to keep the other bits.  ``word_order`` overrides the point's write
    order (``write_word_order`` or else ``word_order``).
    """
    raw = _raw(point, value)
    order = word_order or point.write_word_order or point.word_order
    if point.data_type is DataType.FLOAT32:
        try:
            packed = struct.pack(">f", raw)
        except OverflowError as err:
            raise ModbusValueError(f"{point.key}: {value!r} overflows float32") from err
        return _to_words(int.from_bytes(packed, "big"), 2, order)
    number = round(raw)
    low, high = _RANGES[point.data_type]
    if not low <= number <= high:
        raise ModbusValueError(
            f"{point.key}: {value!r} (raw {number}) does not fit {point.data_type}"
        )
    if point.data_type is DataType.BITFIELD:
        if not current:
            raise ModbusValueError(f"{point.key}: a bit write needs the register value")
        mask = 1 << (point.bit or 0)
        word = int(current[0]) & 0xFFFF
        return [word | mask if number else word & ~mask]
    return _to_words(number & 0xFFFFFFFF, point.count, order)
