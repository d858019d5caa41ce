"""Point fields shared by Modbus and MQTT points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..quantities import QUANTITIES, Quantity, Value, ValueType
from ..units import KNOWN_UNITS, can_convert
from .fields import KEY_PATTERN, Section, describe, is_integer, is_number
from .model import Bounds, Writable

COMMON_FIELDS = (
    "key",
    "name",
    "quantity",
    "unit",
    "scale",
    "offset",
    "values",
    "entity",
    "sum",
    "writable",
    "bounds",
)
WRITABLE_FIELDS = ("min", "max", "step", "values")
BOUNDS_FIELDS = ("min", "max")


@dataclass(slots=True, kw_only=True)
class Common:
    """The transport-independent fields of one point, already validated."""

    key: str
    name: str
    quantity: Quantity | None
    unit: str | None
    scale: float
    offset: float
    entity: bool
    sum: bool
    bounds: Bounds | None = None

    def point_fields(self) -> dict[str, Any]:
        """The fields every Point takes, for the transport's constructor."""
        return {
            "key": self.key,
            "name": self.name,
            "quantity": self.quantity,
            "unit": self.unit,
            "scale": self.scale,
            "offset": self.offset,
            "entity": self.entity,
            "sum": self.sum,
            "bounds": self.bounds,
        }

    @property
    def value_type(self) -> ValueType | None:
        """How the point's quantity is represented (None without a quantity)."""
        return None if self.quantity is None else QUANTITIES[self.quantity].value_type


def point_label(data: Mapping[object, object], index: int) -> str:
    """How messages name a point: its key, or ``#n`` (1-based) without one."""
    key = data.get("key")
    if isinstance(key, str) and key.strip():
        return key
    return f"#{index + 1}"


def parse_common(section: Section) -> Common | None:
    """Read key, name, quantity, unit, scale, offset and entity."""
    key = section.text("key", required=True, pattern=KEY_PATTERN)
    name = section.text("name", required=True)
    quantity = section.choice("quantity", Quantity)
    unit = parse_unit(section, quantity)
    scale = section.number("scale")
    if scale == 0:
        section.fault("scale", "must not be 0")
    offset = section.number("offset")
    entity = section.flag("entity", default=True)
    summed = section.flag("sum", default=False)
    if summed and (
        quantity is None or QUANTITIES[quantity].value_type is not ValueType.NUMBER
    ):
        section.fault("sum", "only points with a numeric quantity can be summed")
    bounds = parse_bounds(section, quantity)
    if key is None or name is None:
        return None
    return Common(
        key=key,
        name=name,
        quantity=quantity,
        unit=unit,
        scale=1.0 if scale is None else scale,
        offset=0.0 if offset is None else offset,
        entity=entity,
        sum=summed,
        bounds=bounds,
    )


def parse_bounds(section: Section, quantity: Quantity | None) -> Bounds | None:
    """Read ``bounds: {min, max}``: plausible readings, in the point's unit."""
    sub = section.section("bounds")
    if sub is None:
        return None
    sub.reject_unknown(BOUNDS_FIELDS)
    low, high = sub.number("min"), sub.number("max")
    if low is None and high is None:
        section.fault("bounds", "give 'min', 'max' or both")
    if low is not None and high is not None and low >= high:
        sub.fault("max", f"must be greater than min ({low:g}), got {high:g}")
    if quantity is not None and QUANTITIES[quantity].value_type is not ValueType.NUMBER:
        section.fault("bounds", "only numbers have bounds")
    return Bounds(min=low, max=high)


def parse_unit(section: Section, quantity: Quantity | None) -> str | None:
    """The point's unit; defaults to the quantity's unit when omitted."""
    target = None if quantity is None else QUANTITIES[quantity].unit
    unit = section.text("unit")
    if unit is None:
        return target
    if unit not in KNOWN_UNITS:
        known = ", ".join(sorted(KNOWN_UNITS))
        section.fault("unit", f"unknown unit {unit!r}; known units: {known}")
        return target
    if quantity is not None and target is None:
        section.fault("unit", f"quantity {quantity.value!r} has no unit; remove 'unit'")
    elif target is not None and not can_convert(unit, target):
        section.fault(
            "unit",
            f"cannot convert {unit!r} to {target!r}, "
            f"the unit of quantity {str(quantity)!r}",
        )
    return unit


def parse_values(
    section: Section,
    quantity: Quantity | None,
    *,
    text_keys: bool,
    raw_range: tuple[int, int] | None,
) -> Mapping[str, Value]:
    """Read the ``values`` map: raw value -> decoded value.

    Modbus keys are raw integers (within ``raw_range``); MQTT keys are the
    payload text.  Decoded values must suit the quantity: an option of an
    enum quantity, true/false for a bool, a number, or text.
    """
    if not section.has("values"):
        return MappingProxyType({})
    data = section.get("values")
    if not isinstance(data, Mapping) or not data:
        section.fault("values", f"expected a non-empty mapping, got {describe(data)}")
        return MappingProxyType({})
    result: dict[str, Value] = {}
    for raw, value in data.items():
        key = _value_key(section, raw, text_keys=text_keys, raw_range=raw_range)
        decoded = _mapped_value(section, f"values.{raw}", value, quantity)
        if key is not None and decoded is not None:
            result[key] = decoded
    return MappingProxyType(result)


def _value_key(
    section: Section, raw: object, *, text_keys: bool, raw_range: tuple[int, int] | None
) -> str | None:
    field = f"values.{raw}"
    if text_keys:
        if isinstance(raw, str):
            return raw
        hint = " (put it in quotes)" if is_number(raw) or isinstance(raw, bool) else ""
        section.fault(field, f"expected payload text as key, got {describe(raw)}{hint}")
        return None
    if not is_integer(raw):
        section.fault(field, f"expected a raw integer as key, got {describe(raw)}")
        return None
    assert isinstance(raw, int)
    if raw_range is not None and not raw_range[0] <= raw <= raw_range[1]:
        low, high = raw_range
        section.fault(field, f"raw value {raw} does not fit the type ({low}..{high})")
        return None
    return str(raw)


def _mapped_value(
    section: Section, field: str, value: object, quantity: Quantity | None
) -> Value | None:
    info = None if quantity is None else QUANTITIES[quantity]
    value_type = None if info is None else info.value_type
    if value_type is ValueType.ENUM:
        assert info is not None
        if isinstance(value, str) and value in info.options:
            return value
        hint = ""
        if isinstance(value, bool):
            hint = " (YAML reads unquoted on/off/yes/no as true/false; quote it)"
        section.fault(
            field,
            f"quantity {str(quantity)!r} takes one of {', '.join(info.options)}; "
            f"got {describe(value)}{hint}",
        )
        return None
    if value_type is ValueType.BOOL:
        if isinstance(value, bool):
            return value
        section.fault(field, f"expected true or false, got {describe(value)}")
        return None
    if value_type is ValueType.NUMBER:
        if is_number(value):
            assert isinstance(value, int | float)
            return float(value)
        section.fault(field, f"expected a number, got {describe(value)}")
        return None
    if value_type is ValueType.TEXT:
        if isinstance(value, str):
            return value
        section.fault(field, f"expected text, got {describe(value)}")
        return None
    if isinstance(value, str | bool):
        return value
    if is_number(value):
        assert isinstance(value, int | float)
        return float(value)
    section.fault(
        field, f"expected text, a number or true/false, got {describe(value)}"
    )
    return None


def parse_writable(
    section: Section, *, numeric: bool, values: Mapping[str, Value]
) -> Writable | None:
    """Read ``writable``: ``true``, ``false`` or ``{min, max, step}``.

    Numbers need both bounds; a value map must be one-to-one so that a value
    can be written back as exactly one raw value.
    """
    if not section.has("writable"):
        return None
    raw = section.get("writable")
    if raw is False:
        return None
    if raw is not True and not isinstance(raw, Mapping):
        section.fault(
            "writable",
            f"expected true, false or {{min, max, step}}, got {describe(raw)}",
        )
        return None
    sub = None if raw is True else section.section("writable")
    writable = Writable()
    if sub is not None:
        sub.reject_unknown(WRITABLE_FIELDS)
        low, high, step = sub.number("min"), sub.number("max"), sub.number("step")
        accepted = _writable_values(sub, values)
        if low is not None and high is not None and low >= high:
            sub.fault("max", f"must be greater than min ({low:g}), got {high:g}")
        if step is not None and step <= 0:
            sub.fault("step", f"must be greater than 0, got {step:g}")
        if not numeric and (low is not None or high is not None or step is not None):
            section.fault("writable", "min, max and step only apply to numbers")
        writable = Writable(min=low, max=high, step=step, values=accepted)
    if numeric and (writable.min is None or writable.max is None):
        section.fault("writable", "a writable number needs both 'min' and 'max'")
    _check_one_to_one(section, values)
    return writable


def _writable_values(
    sub: Section, values: Mapping[str, Value]
) -> frozenset[str] | None:
    """``writable.values``: the raw values of the map a command accepts."""
    items = sub.items("values")
    if items is None:
        return None
    if not values:
        sub.fault("values", "only points with a 'values' map take a list of values")
        return None
    accepted: set[str] = set()
    for item in items:
        raw = str(item) if is_integer(item) or isinstance(item, str) else None
        if raw is None or raw not in values:
            known = ", ".join(values)
            sub.fault("values", f"{describe(item)} is not a key of 'values' ({known})")
        else:
            accepted.add(raw)
    if not accepted:
        sub.fault("values", "list at least one value")
    return frozenset(accepted)


def _check_one_to_one(section: Section, values: Mapping[str, Value]) -> None:
    seen: dict[tuple[type, Value], str] = {}
    for raw, value in values.items():
        first = seen.setdefault((type(value), value), raw)
        if first != raw:
            section.fault(
                f"values.{raw}",
                f"maps to {describe(value)} like {first}; a writable point "
                "needs one raw value per value",
            )
