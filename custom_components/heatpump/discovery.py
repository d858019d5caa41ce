"""MQTT discovery: which bridge publishes on a topic, under which prefix.

The manifest's ``mqtt`` key lists :data:`DISCOVERY_TOPICS`; Home Assistant's
MQTT integration subscribes to them and starts our ``mqtt`` flow step with
each message.  HeishaMon and ESPAltherma publish under a fixed base topic
(their defaults), Tasmota under ``tele/<device topic>/``; a Tasmota device
is a meter only when its telemetry carries an ``ENERGY`` object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from homeassistant.helpers.service_info.mqtt import MqttServiceInfo


@dataclass(frozen=True, slots=True)
class Bridge:
    """A bridge found by one of its topics."""

    profile: str
    """The shipped profile offered for it."""
    prefix: str
    """The base topic it publishes under."""


@dataclass(frozen=True, slots=True)
class _Rule:
    profile: str
    suffix: str
    """The topic minus this is the prefix."""
    needs_json_key: str | None = None


_RULES: dict[str, _Rule] = {
    # HeishaMon MQTT-Topics.md: LWT (retained Online/Offline), TOP0.
    "panasonic_heat_pump/LWT": _Rule("heishamon_panasonic_aquarea", "/LWT"),
    "panasonic_heat_pump/main/Heatpump_State": _Rule(
        "heishamon_panasonic_aquarea", "/main/Heatpump_State"
    ),
    # ESPAltherma src/main.cpp: espaltherma/LWT and the espaltherma/ATTR object.
    "espaltherma/LWT": _Rule("espaltherma_erga_e", "/LWT"),
    "espaltherma/ATTR": _Rule("espaltherma_erga_e", "/ATTR"),
    # Tasmota MQTT.md: telemetry on tele/<topic>/SENSOR; meters carry ENERGY.
    "tele/+/SENSOR": _Rule("tasmota_energy", "/SENSOR", needs_json_key="ENERGY"),
}

DISCOVERY_TOPICS: tuple[str, ...] = tuple(_RULES)
"""The manifest's ``mqtt`` list (a test keeps the two equal)."""


def _has_key(payload: str | bytes | bytearray, key: str) -> bool:
    try:
        data = json.loads(payload)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get(key), dict)


def bridge_for(info: MqttServiceInfo) -> Bridge | None:
    """The bridge a discovery message comes from, if it is one we read."""
    rule = _RULES.get(info.subscribed_topic)
    if rule is None or not info.topic.endswith(rule.suffix):
        return None
    if rule.needs_json_key and not _has_key(info.payload, rule.needs_json_key):
        return None
    prefix = info.topic[: -len(rule.suffix)].strip("/")
    return Bridge(rule.profile, prefix) if prefix else None
