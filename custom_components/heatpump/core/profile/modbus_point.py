"""Fields of a Modbus point: table, address, type, bits, word order, sentinels."""

from __future__ import annotations

from typing import Final

from ..quantities import ValueType
from .common import Common, parse_values, parse_writable
from .fields import Section, describe
from .model import DataType, ModbusPoint, Table, WordOrder, Writable

MODBUS_FIELDS = (
    "table",
    "address",
    "type",
    "word_order",
    "write_word_order",
    "bit",
    "sentinels",
    "no_merge",
)

RAW_RANGE: Final[dict[DataType, tuple[int, int] | None]] = {
    DataType.INT16: (-(2**15), 2**15 - 1),
    DataType.UINT16: (0, 2**16 - 1),
    DataType.INT32: (-(2**31), 2**31 - 1),
    DataType.UINT32: (0, 2**32 - 1),
    DataType.FLOAT32: None,
    DataType.BOOL: (0, 1),
    DataType.BITFIELD: (0, 1),
}
"""Raw integers each type can carry (None: not an integer type)."""

_SINGLE_BIT: Final = (DataType.BOOL, DataType.BITFIELD)
_WRITABLE_TABLES: Final = (Table.HOLDING, Table.COIL)


def build_modbus_point(section: Section, common: Common) -> ModbusPoint | None:
    """Read the Modbus fields of a point; None when a required one is bad."""
    table = section.choice("table", Table, required=True)
    data_type = _data_type(section, table)
    address = section.integer("address", low=0, high=65535, required=True)
    if address is not None and data_type is not None:
        end = address + data_type.register_count - 1
        if end > 65535:
            section.fault(
                "address",
                f"{address} + {data_type.register_count} registers "
                f"ends at {end}, past the last address 65535",
            )
    word_order = _word_order(section, "word_order", data_type) or WordOrder.BIG
    write_word_order = _word_order(section, "write_word_order", data_type)
    bit = _bit(section, data_type)
    raw_range = None if data_type is None else RAW_RANGE[data_type]
    sentinels = _sentinels(section, data_type, raw_range)
    no_merge = section.flag("no_merge", default=False)
    if data_type in _SINGLE_BIT:
        for name in ("scale", "offset"):
            if section.has(name):
                section.fault(name, f"not used by type {data_type!s} (a single bit)")
    values = parse_values(
        section, common.quantity, text_keys=False, raw_range=raw_range
    )
    if common.value_type is ValueType.ENUM and not section.has("values"):
        section.fault(
            "values",
            f"quantity {str(common.quantity)!r} needs a 'values' map from raw numbers "
            "to its options",
        )
    numeric = (
        not values
        and common.value_type in (None, ValueType.NUMBER)
        and data_type not in _SINGLE_BIT
    )
    writable = parse_writable(section, numeric=numeric, values=values)
    if writable is not None:
        _check_writable(section, common, table, data_type, writable)
    elif write_word_order is not None:
        section.fault("write_word_order", "only applies to writable points")
    if table is None or data_type is None or address is None:
        return None
    if data_type is DataType.BITFIELD and bit is None:
        return None
    return ModbusPoint(
        **common.point_fields(),
        value_map=values,
        writable=writable,
        table=table,
        address=address,
        data_type=data_type,
        word_order=word_order,
        write_word_order=write_word_order,
        bit=bit,
        sentinels=sentinels,
        no_merge=no_merge,
    )


def _data_type(section: Section, table: Table | None) -> DataType | None:
    if not section.has("type"):
        return DataType.BOOL if table is not None and table.is_bits else DataType.INT16
    data_type = section.choice("type", DataType)
    if data_type is None or table is None:
        return data_type
    if table.is_bits and data_type is not DataType.BOOL:
        section.fault("type", f"the {table} table holds single bits; use type 'bool'")
        return None
    if not table.is_bits and data_type is DataType.BOOL:
        section.fault(
            "type",
            "type 'bool' is for coil and discrete tables; use 'bitfield' "
            "with 'bit' for one bit of a register",
        )
        return None
    return data_type


def _word_order(
    section: Section, name: str, data_type: DataType | None
) -> WordOrder | None:
    if not section.has(name):
        return None
    if data_type is not None and data_type.register_count == 1:
        section.fault(name, "only applies to 32-bit types (int32, uint32, float32)")
        return None
    return section.choice(name, WordOrder)


def _bit(section: Section, data_type: DataType | None) -> int | None:
    if data_type is DataType.BITFIELD:
        return section.integer("bit", low=0, high=15, required=True)
    if section.has("bit"):
        section.fault("bit", "only allowed with type 'bitfield'")
    return None


def _sentinels(
    section: Section, data_type: DataType | None, raw_range: tuple[int, int] | None
) -> frozenset[int]:
    items = section.items("sentinels")
    if items is None:
        return frozenset()
    if data_type in _SINGLE_BIT:
        section.fault("sentinels", "a single bit has no sentinel values")
        return frozenset()
    result: set[int] = set()
    for item in items:
        if not isinstance(item, int) or isinstance(item, bool):
            section.fault("sentinels", f"expected raw integers, got {describe(item)}")
        elif raw_range is not None and not raw_range[0] <= item <= raw_range[1]:
            low, high = raw_range
            section.fault(
                "sentinels", f"{item} does not fit type {data_type!s} ({low}..{high})"
            )
        else:
            result.add(item)
    return frozenset(result)


def _check_writable(
    section: Section,
    common: Common,
    table: Table | None,
    data_type: DataType | None,
    writable: Writable,
) -> None:
    if table is not None and table not in _WRITABLE_TABLES:
        section.fault(
            "writable",
            f"only holding registers and coils can be written; this point is in "
            f"the {table} table",
        )
    if data_type is DataType.BITFIELD:
        section.fault(
            "writable",
            "writing one bit of a register is not supported; use a coil or a "
            "whole register",
        )
    raw_range = None if data_type is None else RAW_RANGE[data_type]
    if raw_range is None or data_type in _SINGLE_BIT:
        return
    low, high = raw_range
    for name, bound in (("min", writable.min), ("max", writable.max)):
        if bound is None:
            continue
        raw = (bound - common.offset) / common.scale
        if not low <= raw <= high:
            section.fault(
                f"writable.{name}",
                f"{bound:g} is raw {raw:g}, outside type {data_type!s} ({low}..{high})",
            )
