"""Compact constructors for Modbus points in tests."""

from __future__ import annotations

from typing import Any

from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusPoint,
    Table,
    Writable,
)


def point(
    key: str,
    address: int,
    data_type: DataType = DataType.INT16,
    table: Table = Table.HOLDING,
    **kwargs: Any,
) -> ModbusPoint:
    """A point named ``key`` at ``address``; kwargs go to ModbusPoint."""
    return ModbusPoint(
        key=key,
        name=key,
        table=table,
        address=address,
        data_type=data_type,
        **kwargs,
    )


def writable(
    min: float | None = None,
    max: float | None = None,
    step: float | None = None,
) -> Writable:
    """Bounds of a writable point."""
    return Writable(min=min, max=max, step=step)
