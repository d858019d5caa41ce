"""State payloads and command parsing in a profile's MQTT conventions.

The inverse of the core's ``decode_payload``: a value in the quantity's unit
is converted to the point's unit (core ``readings``), then
``raw = (value − offset) / scale``, or the value map is read backwards.
Points that share a topic and have a JSON path go into one (nested) object;
a plain point gets its topic to itself.  Commands are parsed by matching the
point's ``command_format`` and decoding the raw value with the core.
"""

from __future__ import annotations

import dataclasses
import json
import math
import random
import re
from collections.abc import Mapping
from typing import Any

from custom_components.heatpump.core.mqtt.payload import (
    CommandError,
    PayloadError,
    decode_payload,
    encode_command,
)
from custom_components.heatpump.core.profile.model import MqttPoint, Profile
from custom_components.heatpump.core.quantities import Quantity, Value
from custom_components.heatpump.core.readings import from_quantity_value

JsonLeaf = str | int | float | bool | None


def _number(value: float) -> int | float:
    rounded = round(value, 3)
    return int(rounded) if float(rounded).is_integer() else rounded


def raw_value(point: MqttPoint, value: Value | None, *, json_leaf: bool) -> JsonLeaf:
    """The raw value to publish for ``value`` (None: no reading)."""
    if value is None:
        return None if json_leaf else next(iter(sorted(point.sentinels)), "")
    for raw, mapped in point.value_map.items():
        if mapped == value and isinstance(mapped, bool) == isinstance(value, bool):
            if json_leaf:
                try:
                    return int(raw)
                except ValueError:
                    return raw
            return raw
    if isinstance(value, bool):
        return value if json_leaf else ("1" if value else "0")
    if isinstance(value, str):
        return value
    native = from_quantity_value(point, value)
    assert isinstance(native, int | float)
    if not math.isfinite(native):
        return None
    number = _number((native - point.offset) / point.scale)
    return number if json_leaf else str(number)


def _set_path(tree: dict[str, Any], path: tuple[str, ...], leaf: JsonLeaf) -> None:
    node = tree
    for key in path[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[path[-1]] = leaf


def state_payloads(profile: Profile, state: Mapping[Quantity, Value]) -> dict[str, str]:
    """Relative topic → payload for every state topic of the profile."""
    trees: dict[str, dict[str, Any]] = {}
    plain: dict[str, str] = {}
    summed: set[Quantity] = set()
    for point in profile.mqtt_points:
        value = state.get(point.quantity) if point.quantity is not None else None
        if point.sum and point.quantity is not None and value is not None:
            # Summed points split one figure (per mode): the first carries it.
            value = 0.0 if point.quantity in summed else value
            summed.add(point.quantity)
        if point.json_path:
            leaf = raw_value(point, value, json_leaf=True)
            _set_path(trees.setdefault(point.topic, {}), point.json_path, leaf)
        elif point.topic not in plain:
            leaf = raw_value(point, value, json_leaf=False)
            plain[point.topic] = "" if leaf is None else str(leaf)
    payloads = {
        topic: json.dumps(tree, separators=(",", ":")) for topic, tree in trees.items()
    }
    payloads.update(plain)
    return payloads


_GARBAGE = (
    b"\xff\xfe\x00garbage",
    b"{not json",
    b"NaN",
    b"",
    b"--",
    b'{"unexpected": [1, 2, {"deep": null}]}',
    b"1e999",
    b"\x00\x01\x02",
)


def garbage_payload(rng: random.Random) -> bytes:
    """A payload no decoder should accept as a reading."""
    return rng.choice(_GARBAGE)


def command_points(profile: Profile) -> dict[str, MqttPoint]:
    """Relative command topic → its writable point."""
    return {
        p.command_topic: p
        for p in profile.mqtt_points
        if p.command_topic is not None and p.writable is not None
    }


def _format_pattern(command_format: str) -> re.Pattern[str]:
    parts = re.split(r"(\{value(?:![rsa])?(?::[^}]*)?\})", command_format)
    regex = "".join(
        "(?P<value>.*?)"
        if part.startswith("{value")
        else re.escape(part.replace("{{", "{").replace("}}", "}"))
        for part in parts
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def parse_command(point: MqttPoint, payload: bytes) -> Value:
    """The value a command payload asks for; ValueError if it is not one.

    The raw value is cut out of the payload with the point's
    ``command_format``, decoded by the core (value map, scale, unit), then
    checked against the point's writable bounds by encoding it back.
    """
    try:
        text = payload.decode("utf-8").strip()
    except UnicodeDecodeError as err:
        raise ValueError("command is not UTF-8") from err
    match = _format_pattern(point.command_format).match(text)
    if match is None:
        raise ValueError(f"{text!r} does not match {point.command_format!r}")
    raw = match.group("value").strip().strip('"')
    plain = dataclasses.replace(point, json_path=())
    try:
        value = decode_payload(plain, raw)
    except PayloadError as err:
        raise ValueError(str(err)) from err
    if value is None:
        raise ValueError(f"{raw!r} is not a value")
    try:
        encode_command(point, value)
    except CommandError as err:
        raise ValueError(str(err)) from err
    return value
