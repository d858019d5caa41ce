"""Turn decoded point values into canonical quantities, and back for writes."""

from __future__ import annotations

from collections.abc import Mapping

from .profile.model import Point, Profile
from .quantities import QUANTITIES, Quantity, Value, ValueType
from .units import convert


def serial_text(value: Value | None) -> str | None:
    """A serial number as text; None when the unit gives none (empty or 0)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return None if text in ("", "0") else text


def to_quantity_value(point: Point, value: Value) -> Value:
    """Express a decoded point value in its quantity's canonical unit."""
    if point.quantity is None or isinstance(value, bool | str):
        return value
    info = QUANTITIES[point.quantity]
    if info.value_type is ValueType.TEXT:
        # A code read as a number (Modbus registers are scaled to floats) is
        # shown as the unit shows it: 17, not 17.0.
        return str(int(value)) if float(value).is_integer() else str(value)
    target = info.unit
    if point.unit is None or target is None or point.unit == target:
        return value
    return convert(value, point.unit, target)


def from_quantity_value(point: Point, value: Value) -> Value:
    """Express a canonical quantity value in the point's own unit (for writes)."""
    if point.quantity is None or isinstance(value, bool | str):
        return value
    source = QUANTITIES[point.quantity].unit
    if point.unit is None or source is None or point.unit == source:
        return value
    return convert(value, source, point.unit)


def to_quantities(
    profile: Profile, values: Mapping[str, Value | None]
) -> dict[Quantity, Value]:
    """Collect the quantities a set of point values (by point key) carries.

    When two points feed one quantity, the first point in the profile that has
    a value wins, so a profile can list a precise point before a coarse one;
    ``sum`` points are added up instead (one figure per mode).
    """
    quantities: dict[Quantity, Value] = {}
    for point in profile.points:
        quantity = point.quantity
        if quantity is None:
            continue
        value = values.get(point.key)
        if value is None:
            continue
        if point.sum:
            total = quantities.get(quantity, 0.0)
            quantities[quantity] = float(total) + float(to_quantity_value(point, value))
        elif quantity not in quantities:
            quantities[quantity] = to_quantity_value(point, value)
    return quantities
