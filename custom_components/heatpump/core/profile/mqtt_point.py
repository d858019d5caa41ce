"""Fields of an MQTT point: topics, JSON path, sentinels, command format."""

from __future__ import annotations

from string import Formatter

from ..quantities import ValueType
from .common import Common, parse_values, parse_writable
from .fields import Section, describe
from .model import MqttPoint

MQTT_FIELDS = ("topic", "json", "sentinels", "command_topic", "command_format")
DEFAULT_COMMAND_FORMAT = "{value}"


def check_topic(topic: str) -> str | None:
    """Why a relative topic is unusable, or None when it is fine."""
    if "+" in topic or "#" in topic:
        return "must not contain the MQTT wildcards '+' or '#'"
    if topic.startswith("/") or topic.endswith("/"):
        return "is relative to the base topic: no leading or trailing '/'"
    if "\x00" in topic:
        return "must not contain a NUL character"
    return None


def build_mqtt_point(section: Section, common: Common) -> MqttPoint | None:
    """Read the MQTT fields of a point; None when a required one is bad."""
    topic = _topic(section, "topic", required=True)
    json_path = _json_path(section)
    sentinels = _sentinels(section)
    command_topic = _topic(section, "command_topic")
    command_format = _command_format(section)
    values = parse_values(section, common.quantity, text_keys=True, raw_range=None)
    numeric = not values and common.value_type in (None, ValueType.NUMBER)
    writable = parse_writable(section, numeric=numeric, values=values)
    if writable is not None and not section.has("command_topic"):
        section.fault(
            "writable", "an mqtt point needs a 'command_topic' to be writable"
        )
    if writable is None and section.has("command_topic"):
        section.fault(
            "command_topic",
            "the point is not writable; add 'writable' or remove 'command_topic'",
        )
    if section.has("command_format") and not section.has("command_topic"):
        section.fault("command_format", "only used with 'command_topic'")
    if topic is None:
        return None
    return MqttPoint(
        **common.point_fields(),
        value_map=values,
        writable=writable,
        topic=topic,
        json_path=json_path,
        sentinels=sentinels,
        command_topic=command_topic,
        command_format=command_format or DEFAULT_COMMAND_FORMAT,
    )


def _topic(section: Section, name: str, *, required: bool = False) -> str | None:
    topic = section.text(name, required=required)
    if topic is None:
        return None
    problem = check_topic(topic)
    if problem is not None:
        section.fault(name, problem)
        return None
    return topic


def _json_path(section: Section) -> tuple[str, ...]:
    if not section.has("json"):
        return ()
    raw = section.get("json")
    keys = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(keys, list)
        or not keys
        or not all(isinstance(key, str) and key for key in keys)
    ):
        section.fault(
            "json", f"expected a key or a list of keys (text), got {describe(raw)}"
        )
        return ()
    return tuple(str(key) for key in keys)


def _sentinels(section: Section) -> frozenset[str]:
    items = section.items("sentinels")
    if items is None:
        return frozenset()
    result: set[str] = set()
    for item in items:
        if isinstance(item, str):
            result.add(item)
        else:
            section.fault(
                "sentinels",
                f"expected payload text, got {describe(item)} (put it in quotes)",
            )
    return frozenset(result)


def _command_format(section: Section) -> str | None:
    text = section.text("command_format")
    if text is None:
        return None
    try:
        fields = [name for _, name, _, _ in Formatter().parse(text) if name is not None]
    except ValueError as err:
        section.fault("command_format", f"is not a valid format: {err}")
        return None
    if not fields or any(name != "value" for name in fields):
        section.fault(
            "command_format", "must contain '{value}' and no other placeholder"
        )
        return None
    return text
