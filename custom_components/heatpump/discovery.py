"""MQTT discovery: which bridge publishes on a topic, and the flow's offer.

The manifest's ``mqtt`` key lists :data:`DISCOVERY_TOPICS`; Home Assistant's
MQTT integration subscribes to them and starts our ``mqtt`` flow step with
each message.  HeishaMon and ESPAltherma publish under a fixed base topic
(their defaults), Tasmota under ``tele/<device topic>/``; a Tasmota device
is a meter only when its telemetry carries an ``ENERGY`` object.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.helpers.service_info.mqtt import MqttServiceInfo

from .const import CONF_PROFILE, CONF_TOPIC_PREFIX, CONF_TRANSPORT, TransportType
from .core.profile.model import Profile, Transport
from .core.quantities import Kind
from .profiles import async_load_profiles
from .transports import CONNECTIONS, profile_selector, title_for, unique_id_for


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


class MqttDiscoveryFlow(ConfigFlow):
    """The ``mqtt`` step HA starts with a message on a manifest topic."""

    _found: Profile
    _found_profiles: dict[str, Profile]
    _discovered: dict[str, Any]

    async def async_step_mqtt(
        self, discovery_info: MqttServiceInfo
    ) -> ConfigFlowResult:
        """A bridge seen on one of the manifest's topics: offer it once."""
        bridge = bridge_for(discovery_info)
        if bridge is None:
            return self.async_abort(reason="not_a_bridge")
        profiles = await async_load_profiles(self.hass)
        found = profiles[bridge.profile]  # shipped (a test keeps it so)
        data = CONNECTIONS[TransportType.MQTT].entry_data(
            {CONF_TOPIC_PREFIX: bridge.prefix}, found
        )
        await self.async_set_unique_id(unique_id_for(data))
        self._abort_if_unique_id_configured()
        self._async_abort_entries_match(
            {CONF_TRANSPORT: TransportType.MQTT.value, CONF_TOPIC_PREFIX: bridge.prefix}
        )
        self._found, self._discovered = found, data
        self._found_profiles = {
            key: profile
            for key, profile in profiles.items()
            if profile.transport is Transport.MQTT
            and (profile.kind is Kind.METER) == (found.kind is Kind.METER)
        }
        self.context["title_placeholders"] = {"name": found.name}
        return await self.async_step_mqtt_confirm()

    async def async_step_mqtt_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show what was found; the user confirms (or picks another profile)."""
        if user_input is not None:
            profile = self._found_profiles[user_input[CONF_PROFILE]]
            data = {**self._discovered, CONF_PROFILE: profile.id}
            return self.async_create_entry(title=title_for(profile, data), data=data)
        selector = profile_selector(self._found_profiles)
        return self.async_show_form(
            step_id="mqtt_confirm",
            data_schema=vol.Schema(
                {vol.Required(CONF_PROFILE, default=self._found.id): selector}
            ),
            description_placeholders={
                "name": self._found.name,
                "prefix": self._discovered[CONF_TOPIC_PREFIX],
            },
        )
