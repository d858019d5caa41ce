"""Decode MQTT payloads into values, and encode commands, for one point.

Decoding, in order: take the payload text (or the value at the point's JSON
path; JSON ``null`` is no reading), sentinels give ``None``, the value map
gives its value as is, then the quantity's type decides: numbers are scaled
(``raw * scale + offset``) and converted to the quantity's unit, flags accept
``0/1/true/false/on/off``, enum payloads must be one of the options.
An empty payload is no reading (for a text quantity: the empty text).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from ..profile.model import MqttPoint, Profile
from ..quantities import QUANTITIES, QuantityInfo, Value, ValueType
from ..units import convert

_TRUE = frozenset({"1", "true", "on"})
_FALSE = frozenset({"0", "false", "off"})
_EXPECTED = {
    ValueType.NUMBER: "a number",
    ValueType.BOOL: "true or false",
    ValueType.TEXT: "text",
}


class PayloadError(ValueError):
    """A payload does not hold a value the point can decode."""


class CommandError(ValueError):
    """A value cannot be sent to a point: not writable, out of bounds, unknown."""


def topic_index(profile: Profile) -> dict[str, list[MqttPoint]]:
    """Map each relative topic to the points read from it, in profile order."""
    index: dict[str, list[MqttPoint]] = {}
    for point in profile.mqtt_points:
        index.setdefault(point.topic, []).append(point)
    return index


def decode_payload(point: MqttPoint, payload: str | bytes | bytearray) -> Value | None:
    """Decode one message for ``point``; ``None`` means no reading.

    Raises :class:`PayloadError` for payloads that are not a value.
    """
    text = _text(payload)
    if point.json_path:
        leaf = _json_leaf(point, text)
        if leaf is None:
            return None
        raw = _leaf_text(leaf)
    else:
        raw = text.strip()
    if any(_same(raw, sentinel) for sentinel in point.sentinels):
        return None
    mapped = _lookup(point.value_map, raw)
    if mapped is not None:
        return mapped[0]
    return _decode_raw(point, raw)


def _text(payload: str | bytes | bytearray) -> str:
    if isinstance(payload, str):
        return payload
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as err:
        raise PayloadError(f"payload is not UTF-8 text: {err}") from err


def _json_leaf(point: MqttPoint, text: str) -> object:
    try:
        node: object = json.loads(text)
    except ValueError as err:
        raise PayloadError(f"payload is not valid JSON: {err}") from err
    for depth, key in enumerate(point.json_path):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            path = "/".join(point.json_path[: depth + 1])
            raise PayloadError(f"JSON payload has no {path!r}")
    if isinstance(node, dict | list):
        path = "/".join(point.json_path)
        raise PayloadError(f"JSON value at {path!r} is not a single value")
    return node


def _leaf_text(leaf: object) -> str:
    if isinstance(leaf, bool):
        return "true" if leaf else "false"
    if isinstance(leaf, float) and leaf.is_integer():
        return str(int(leaf))
    return str(leaf).strip()


def _as_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _same(raw: str, candidate: str) -> bool:
    """Equal as text, or as numbers ("-1" and "-1.0")."""
    if raw == candidate:
        return True
    left, right = _as_number(raw), _as_number(candidate)
    return left is not None and left == right


def _lookup(value_map: Mapping[str, Value], raw: str) -> tuple[Value] | None:
    """The mapped value (in a 1-tuple, since it may be false), or None."""
    if raw in value_map:
        return (value_map[raw],)
    if _as_number(raw) is not None:
        for key, value in value_map.items():
            if _same(raw, key):
                return (value,)
    return None


def _decode_raw(point: MqttPoint, raw: str) -> Value | None:
    info = None if point.quantity is None else QUANTITIES[point.quantity]
    value_type = None if info is None else info.value_type
    if raw == "":
        return "" if value_type is ValueType.TEXT else None
    if value_type is ValueType.BOOL:
        return _flag(raw)
    if value_type is ValueType.ENUM:
        assert info is not None
        if raw in info.options:
            return raw
        raise PayloadError(f"{raw!r} is not one of {', '.join(info.options)}")
    if value_type is ValueType.TEXT:
        return raw
    number = _as_number(raw)
    if number is None:
        if value_type is None:
            return raw
        raise PayloadError(f"expected a number, got {raw!r}")
    return _to_quantity_unit(point, info, number * point.scale + point.offset)


def _flag(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise PayloadError(f"expected 0/1, true/false or on/off, got {raw!r}")


def _to_quantity_unit(
    point: MqttPoint, info: QuantityInfo | None, value: float
) -> float:
    if info is None or info.unit is None or point.unit is None:
        return value
    return convert(value, point.unit, info.unit)


def encode_command(point: MqttPoint, value: Value) -> tuple[str, str]:
    """The relative command topic and payload that set ``point`` to ``value``.

    ``value`` is in the quantity's unit (as decoded).  Raises
    :class:`CommandError` when the point is not writable, the value is not
    in its value map, or a number is outside ``writable``'s bounds or step.
    """
    if point.writable is None:
        raise CommandError(f"point {point.key!r} is not writable")
    if point.command_topic is None:
        raise CommandError(f"point {point.key!r} has no command topic")
    raw = _raw_for(point, value)
    try:
        payload = point.command_format.format(value=raw)
    except (ValueError, KeyError, IndexError) as err:
        raise CommandError(
            f"point {point.key!r}: command_format "
            f"{point.command_format!r} cannot format {raw!r}: {err}"
        ) from err
    return point.command_topic, payload


def _raw_for(point: MqttPoint, value: Value) -> str | int | float:
    if point.value_map:
        for raw, mapped in point.command_map.items():
            if _equal_values(mapped, value):
                return raw
        accepted = ", ".join(repr(v) for v in point.command_map.values())
        raise CommandError(f"point {point.key!r} accepts {accepted}; got {value!r}")
    info = None if point.quantity is None else QUANTITIES[point.quantity]
    value_type = None if info is None else info.value_type
    if isinstance(value, bool):
        if value_type not in (ValueType.BOOL, None):
            raise _wrong_kind(point, info, value)
        return 1 if value else 0
    if isinstance(value, str):
        if value_type is ValueType.ENUM:
            assert info is not None
            if value not in info.options:
                raise _wrong_kind(point, info, value)
        elif value_type not in (ValueType.TEXT, None):
            raise _wrong_kind(point, info, value)
        return value
    if value_type not in (ValueType.NUMBER, None):
        raise _wrong_kind(point, info, value)
    return _raw_number(point, info, float(value))


def _wrong_kind(
    point: MqttPoint, info: QuantityInfo | None, value: Value
) -> CommandError:
    assert info is not None
    if info.value_type is ValueType.ENUM:
        expected = f"one of {', '.join(info.options)}"
    else:
        expected = _EXPECTED[info.value_type]
    return CommandError(f"point {point.key!r} takes {expected}; got {value!r}")


def _equal_values(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if isinstance(left, str) or isinstance(right, str):
        return left == right
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)


def _raw_number(
    point: MqttPoint, info: QuantityInfo | None, value: float
) -> int | float:
    if not math.isfinite(value):
        raise CommandError(f"point {point.key!r}: {value!r} is not a finite number")
    if info is not None and info.unit is not None and point.unit is not None:
        value = convert(value, info.unit, point.unit)
    _check_bounds(point, value)
    raw = round((value - point.offset) / point.scale, 9)
    return int(raw) if raw.is_integer() else raw


def _check_bounds(point: MqttPoint, value: float) -> None:
    writable = point.writable
    assert writable is not None
    unit = f" {point.unit}" if point.unit else ""
    tolerance = 1e-9 * max(1.0, abs(value))
    if writable.min is not None and value < writable.min - tolerance:
        raise CommandError(
            f"point {point.key!r}: {value:g}{unit} is below the minimum "
            f"{writable.min:g}{unit}"
        )
    if writable.max is not None and value > writable.max + tolerance:
        raise CommandError(
            f"point {point.key!r}: {value:g}{unit} is above the maximum "
            f"{writable.max:g}{unit}"
        )
    if writable.step:
        base = writable.min if writable.min is not None else 0.0
        steps = (value - base) / writable.step
        if abs(steps - round(steps)) > 1e-6:
            raise CommandError(
                f"point {point.key!r}: {value:g}{unit} is not on the "
                f"{writable.step:g}{unit} step from {base:g}{unit}"
            )
