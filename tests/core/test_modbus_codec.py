"""Decoding and encoding of every data type, sentinels, maps and bounds."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.modbus.codec import decode, encode
from custom_components.heatpump.core.modbus.errors import ModbusValueError
from custom_components.heatpump.core.profile.model import DataType, WordOrder
from custom_components.heatpump.core.quantities import Value

from .modbus_points import point, writable

WORD = st.integers(0, 0xFFFF)
INTEGER_TYPES = [DataType.INT16, DataType.UINT16, DataType.INT32, DataType.UINT32]
SCALES = [1.0, 0.1, 0.01, 0.5, 2.0, 10.0, 0.001]
OFFSETS = [0.0, -40.0, 0.5, 273.15, 100.0]


def words_for(data_type: DataType) -> st.SearchStrategy[list[int]]:
    """Register content of the type's size."""
    size = data_type.register_count
    return st.lists(WORD, min_size=size, max_size=size)


@pytest.mark.parametrize(
    ("data_type", "order", "words", "expected"),
    [
        (DataType.INT16, WordOrder.BIG, [0xFFFF], -1),
        (DataType.INT16, WordOrder.BIG, [0x7FFF], 32767),
        (DataType.INT16, WordOrder.BIG, [0x8000], -32768),
        (DataType.UINT16, WordOrder.BIG, [0xFFFF], 65535),
        (DataType.INT32, WordOrder.BIG, [0xFFFF, 0xFFFE], -2),
        (DataType.INT32, WordOrder.LITTLE, [0xFFFE, 0xFFFF], -2),
        (DataType.INT32, WordOrder.BIG, [0x0001, 0x0000], 65536),
        (DataType.INT32, WordOrder.LITTLE, [0x0000, 0x0001], 65536),
        (DataType.UINT32, WordOrder.BIG, [0xFFFF, 0xFFFF], 4294967295),
        (DataType.UINT32, WordOrder.LITTLE, [0x5678, 0x1234], 0x12345678),
        (DataType.FLOAT32, WordOrder.BIG, [0x41A4, 0x0000], 20.5),
        (DataType.FLOAT32, WordOrder.LITTLE, [0x0000, 0x41A4], 20.5),
        (DataType.FLOAT32, WordOrder.BIG, [0xC120, 0x0000], -10.0),
    ],
)
def test_decode_types_and_word_orders(
    data_type: DataType, order: WordOrder, words: list[int], expected: float
) -> None:
    """Signs and word orders come out right."""
    assert decode(point("p", 0, data_type, word_order=order), words) == expected


def test_scale_offset_and_rounding() -> None:
    """raw * scale + offset, without float noise."""
    assert decode(point("t", 0, scale=0.1), [214]) == 21.4
    assert decode(point("t", 0, scale=0.1), [0xFFCE]) == -5.0
    assert decode(point("t", 0, DataType.UINT16, scale=0.5, offset=-40), [130]) == 25
    assert decode(point("t", 0, scale=0.01, offset=0.05), [3]) == 0.08


def test_bool_and_bitfield() -> None:
    """Bits stay bools and ignore scale."""
    coil = point("c", 0, DataType.BOOL, scale=10)
    assert decode(coil, [1]) is True
    assert decode(coil, [0]) is False
    flags = [point(f"b{i}", 0, DataType.BITFIELD, bit=i) for i in range(16)]
    assert [decode(f, [0b1000_0000_0000_0101]) for f in flags] == [
        True,
        False,
        True,
        *([False] * 12),
        True,
    ]


def test_sentinels() -> None:
    """Sentinels match the raw value, signed or unsigned, before scaling."""
    temperature = point("t", 0, scale=0.1, sentinels=frozenset({-32768}))
    assert decode(temperature, [0x8000]) is None
    assert decode(temperature, [0x8001]) == -3276.7
    unsigned = point("u", 0, DataType.UINT16, sentinels=frozenset({-1}))
    assert decode(unsigned, [0xFFFF]) is None
    wide = point("w", 0, DataType.INT32, sentinels=frozenset({0x7FFFFFFF}))
    assert decode(wide, [0x7FFF, 0xFFFF]) is None
    flag = point("f", 0, DataType.BITFIELD, bit=0, sentinels=frozenset({0xFFFF}))
    assert decode(flag, [0xFFFF]) is None
    assert decode(flag, [0x0001]) is True


def test_float_sentinels_and_non_finite() -> None:
    """float32: raw pattern or integral value; NaN and inf are no reading."""
    by_value = point("f", 0, DataType.FLOAT32, sentinels=frozenset({-999}))
    assert decode(by_value, [0xC479, 0xC000]) is None  # -999.0
    assert decode(by_value, [0xC47A, 0x0000]) == -1000.0
    by_pattern = point("f", 0, DataType.FLOAT32, sentinels=frozenset({0x47C35000}))
    assert decode(by_pattern, [0x47C3, 0x5000]) is None  # 100000.0
    plain = point("f", 0, DataType.FLOAT32)
    assert decode(plain, [0x7FC0, 0x0000]) is None
    assert decode(plain, [0x7F80, 0x0000]) is None
    assert decode(plain, [0xFF80, 0x0000]) is None


def test_value_map() -> None:
    """Mapped raw values decode to options; others fall back to numbers."""
    mode = point("m", 0, value_map={"0": "off", "2": "dhw", "-1": "error"})
    assert decode(mode, [2]) == "dhw"
    assert decode(mode, [0xFFFF]) == "error"
    assert decode(mode, [7]) == 7
    assert encode(mode, "dhw") == [2]
    assert encode(mode, "error") == [0xFFFF]
    with pytest.raises(ModbusValueError, match="not one of"):
        encode(mode, "cooling")
    switch = point("s", 0, DataType.BOOL, value_map={"1": "on", "0": "off"})
    assert decode(switch, [1]) == "on"
    assert encode(switch, "off") == [0]


def test_encode_bounds_step_and_types() -> None:
    """Writes outside the profile's limits never reach the device."""
    setpoint = point("sp", 0, scale=0.1, writable=writable(20, 60, 0.5))
    assert encode(setpoint, 45.5) == [455]
    assert encode(setpoint, 20) == [200]
    cases: list[tuple[Value, str]] = [
        (60.5, "above the maximum"),
        (19.5, "below the minimum"),
        (45.3, "not a multiple"),
        (math.nan, "not a finite"),
        ("warm", "expects a number"),
    ]
    for bad, message in cases:
        with pytest.raises(ModbusValueError, match=message):
            encode(setpoint, bad)
    with pytest.raises(ModbusValueError, match="does not fit"):
        encode(point("x", 0, scale=0.1), 4000)
    with pytest.raises(ModbusValueError, match="does not fit"):
        encode(point("x", 0, DataType.UINT16), -1)
    with pytest.raises(ModbusValueError, match="overflows"):
        encode(point("x", 0, DataType.FLOAT32), 1e39)
    with pytest.raises(ModbusValueError, match="on/off"):
        encode(point("x", 0, DataType.BOOL), 2)
    with pytest.raises(ModbusValueError, match="needs the register"):
        encode(point("x", 0, DataType.BITFIELD, bit=3), True)
    assert isinstance(ModbusValueError("x"), ValueError)


def test_encode_write_word_order() -> None:
    """A device may take 32-bit writes in another word order than it reads."""
    energy = point(
        "e",
        0,
        DataType.UINT32,
        word_order=WordOrder.LITTLE,
        write_word_order=WordOrder.BIG,
    )
    assert decode(energy, [0x5678, 0x1234]) == 0x12345678
    assert encode(energy, 0x12345678) == [0x1234, 0x5678]
    assert encode(energy, 0x12345678, word_order=WordOrder.LITTLE) == [0x5678, 0x1234]


@given(
    data=st.data(),
    data_type=st.sampled_from(INTEGER_TYPES),
    order=st.sampled_from(WordOrder),
    scale=st.sampled_from(SCALES),
    offset=st.sampled_from(OFFSETS),
)
def test_integer_words_round_trip(
    data: st.DataObject,
    data_type: DataType,
    order: WordOrder,
    scale: float,
    offset: float,
) -> None:
    """encode(decode(words)) == words for every integer type and order."""
    p = point("p", 0, data_type, word_order=order, scale=scale, offset=offset)
    words = data.draw(words_for(data_type))
    value = decode(p, words)
    assert isinstance(value, float | int)
    assert encode(p, value) == words
    assert decode(p, encode(p, value)) == value


@given(words=words_for(DataType.FLOAT32), order=st.sampled_from(WordOrder))
def test_float_words_round_trip(words: list[int], order: WordOrder) -> None:
    """float32 round-trips bit for bit; NaN and inf decode to None."""
    p = point("f", 0, DataType.FLOAT32, word_order=order)
    value = decode(p, words)
    high, low = words if order is WordOrder.BIG else words[::-1]
    raw = struct.unpack(">f", struct.pack(">HH", high, low))[0]
    if not math.isfinite(raw):
        assert value is None
        return
    assert isinstance(value, float)
    assert encode(p, value) == words


@given(
    value=st.floats(-(2.0**100), 2.0**100, width=32),
    order=st.sampled_from(WordOrder),
    scale=st.sampled_from([1.0, 0.1, 10.0]),
    offset=st.sampled_from([0.0, -40.0]),
)
def test_float_values_round_trip(
    value: float, order: WordOrder, scale: float, offset: float
) -> None:
    """A float value survives encode/decode to float32 precision."""
    p = point("f", 0, DataType.FLOAT32, word_order=order, scale=scale, offset=offset)
    target = value * scale + offset
    back = decode(p, encode(p, target))
    assert isinstance(back, float)
    assert back == pytest.approx(target, rel=1e-6, abs=1e-30 + abs(offset) * 1e-6)


@given(word=WORD, bit=st.integers(0, 15), table_bool=st.booleans())
def test_bits_round_trip(word: int, bit: int, table_bool: bool) -> None:
    """A bit flips alone; a coil/discrete value encodes to 0 or 1."""
    flag = point("b", 0, DataType.BITFIELD, bit=bit)
    value = decode(flag, [word])
    assert value is bool(word >> bit & 1)
    assert encode(flag, value, current=[word]) == [word]
    assert encode(flag, not value, current=[word]) == [word ^ (1 << bit)]
    coil = point("c", 0, DataType.BOOL)
    assert decode(coil, encode(coil, table_bool)) is table_bool


@given(
    data=st.data(),
    data_type=st.sampled_from(INTEGER_TYPES),
    scale=st.sampled_from(SCALES),
    offset=st.sampled_from(OFFSETS),
)
def test_values_on_the_grid_round_trip(
    data: st.DataObject, data_type: DataType, scale: float, offset: float
) -> None:
    """Every representable value decodes back to itself after encoding."""
    bits = 16 * data_type.register_count
    low, high = (
        (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
        if data_type in (DataType.INT16, DataType.INT32)
        else (0, (1 << bits) - 1)
    )
    raw = data.draw(st.integers(low, high))
    p = point("p", 0, data_type, scale=scale, offset=offset)
    value = decode(p, encode(p, raw * scale + offset))
    assert value == pytest.approx(raw * scale + offset, abs=scale / 1000)
