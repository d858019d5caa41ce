"""How each transport is configured: its form fields, entry data, id and title.

One :class:`ConnectionSpec` per transport that reads a profile (Modbus TCP,
RTU over TCP, serial, MQTT), in :data:`CONNECTIONS`; the entities transport's
fields follow.  The config flow shows and tests a unit through these alone;
the demo writes entries with them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import voluptuous as vol
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)
from homeassistant.util import slugify

from .const import (
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_DEVICE_ID,
    CONF_PARITY,
    CONF_PROFILE,
    CONF_SERIAL_PORT,
    CONF_SOURCE_ENTITIES,
    CONF_STOPBITS,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DEFAULT_BAUDRATE,
    DEFAULT_DEVICE_ID,
    DEFAULT_PORT,
    TransportType,
)
from .core.modbus.endpoint import PARITY_LETTERS
from .core.profile.model import Profile, Transport
from .core.quantities import Kind, Quantity
from .validation import async_mqtt_available, async_validate_modbus, async_validate_mqtt

BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PARITIES = tuple(PARITY_LETTERS)
DEFAULT_PARITY = "none"
STOPBITS = (1, 2)
DEFAULT_STOPBITS = 1
BYTESIZES = (7, 8)
DEFAULT_BYTESIZE = 8


def int_field(
    minimum: int, maximum: int, unit: str | None = None, step: int = 1
) -> vol.All:
    """A number box that stores an int."""
    config = NumberSelectorConfig(
        min=minimum, max=maximum, step=step, mode=NumberSelectorMode.BOX
    )
    if unit is not None:
        config["unit_of_measurement"] = unit
    return vol.All(NumberSelector(config), vol.Coerce(int))


def choice(
    options: tuple[Any, ...], translation_key: str | None = None
) -> SelectSelector:
    """A dropdown of fixed values (the form holds text; the field converts)."""
    config = SelectSelectorConfig(
        options=[str(option) for option in options],
        mode=SelectSelectorMode.DROPDOWN,
    )
    if translation_key is not None:
        config["translation_key"] = translation_key
    return SelectSelector(config)


def _text(value: Any) -> str:
    return str(value).strip()


def _topic(value: Any) -> str:
    return str(value).strip(" /")


@dataclass(frozen=True, slots=True)
class Field:
    """One form field and how its input is stored."""

    key: str
    selector: Any
    coerce: Callable[[Any], Any]
    default: Any = vol.UNDEFINED
    required: bool = True
    from_profile: Callable[[Profile], Any] | None = None
    """Where an empty input takes its value from."""

    @property
    def marker(self) -> vol.Marker:
        """The schema key; a dropdown's default is shown as its text."""
        default = self.default
        if default is not vol.UNDEFINED and isinstance(self.selector, SelectSelector):
            default = str(default)
        if self.required:
            return vol.Required(self.key, default=default)
        return vol.Optional(self.key, default=default)

    def shown(self, value: Any) -> Any:
        """A stored value as the form holds it (dropdowns hold text)."""
        return str(value) if isinstance(self.selector, SelectSelector) else value


DEVICE_ID = Field(CONF_DEVICE_ID, int_field(1, 247), int, DEFAULT_DEVICE_ID)
NETWORK_FIELDS = (
    Field(CONF_HOST, TextSelector(), _text),
    Field(CONF_PORT, int_field(1, 65535), int, DEFAULT_PORT),
    DEVICE_ID,
)
SERIAL_FIELDS = (
    Field(CONF_SERIAL_PORT, TextSelector(), _text),
    Field(CONF_BAUDRATE, choice(BAUDRATES), int, DEFAULT_BAUDRATE),
    Field(CONF_PARITY, choice(PARITIES, "parity"), str, DEFAULT_PARITY),
    Field(CONF_STOPBITS, choice(STOPBITS), int, DEFAULT_STOPBITS),
    Field(CONF_BYTESIZE, choice(BYTESIZES), int, DEFAULT_BYTESIZE),
    DEVICE_ID,
)


def default_prefix(profile: Profile) -> str:
    """The base topic the profile's bridge publishes under by default."""
    return profile.mqtt.base_topic.strip("/") if profile.mqtt is not None else ""


MQTT_FIELDS = (
    Field(
        CONF_TOPIC_PREFIX,
        TextSelector(),
        _topic,
        required=False,
        from_profile=default_prefix,
    ),
)

type Validator = Callable[
    [HomeAssistant, Mapping[str, Any], Profile], Awaitable[str | None]
]
"""Tests the connection; returns the unit's serial number when it gives one."""


async def _validate_mqtt(
    hass: HomeAssistant, data: Mapping[str, Any], profile: Profile
) -> str | None:
    await async_validate_mqtt(hass, data[CONF_TOPIC_PREFIX])
    return None


async def _always_usable(hass: HomeAssistant) -> str | None:
    return None


async def _mqtt_unusable(hass: HomeAssistant) -> str | None:
    return None if await async_mqtt_available(hass) else "mqtt_not_configured"


def _network_id(data: Mapping[str, Any]) -> str:
    return f"{data[CONF_HOST]}:{data[CONF_PORT]}:{data[CONF_DEVICE_ID]}"


def _network_where(data: Mapping[str, Any]) -> str:
    return _with_device(f"{data[CONF_HOST]}:{data[CONF_PORT]}", data)


def _serial_id(data: Mapping[str, Any]) -> str:
    return f"{data[CONF_SERIAL_PORT]}:{data[CONF_DEVICE_ID]}"


def _serial_where(data: Mapping[str, Any]) -> str:
    return _with_device(str(data[CONF_SERIAL_PORT]), data)


def _with_device(where: str, data: Mapping[str, Any]) -> str:
    if data[CONF_DEVICE_ID] != DEFAULT_DEVICE_ID:
        return f"{where}, device {data[CONF_DEVICE_ID]}"
    return where


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionSpec:
    """A transport that reaches a unit through one of its profiles."""

    transport: TransportType
    step_id: str
    """The config flow step (and menu option) of this transport."""
    fields: tuple[Field, ...]
    unique_id: Callable[[Mapping[str, Any]], str]
    where: Callable[[Mapping[str, Any]], str]
    """Where the unit is, for the entry's title."""
    profiles: Transport = Transport.MODBUS
    """The transport of the profiles it can use."""
    validate: Validator = async_validate_modbus
    """Raises ``ValidationError`` unless the unit answers as configured."""
    unusable: Callable[[HomeAssistant], Awaitable[str | None]] = _always_usable
    """Why Home Assistant cannot use the transport now (an abort reason), if so."""

    def schema(self, profiles: Mapping[str, Profile] | None) -> vol.Schema:
        """The form; ``profiles`` adds the profile choice (set up, not changed)."""
        fields: dict[vol.Marker, Any] = {f.marker: f.selector for f in self.fields}
        if profiles is not None:
            fields[vol.Required(CONF_PROFILE)] = profile_selector(profiles)
        return vol.Schema(fields)

    def entry_data(
        self, user_input: Mapping[str, Any], profile: Profile
    ) -> dict[str, Any]:
        """Entry data for the form's input, typed."""
        data: dict[str, Any] = {CONF_TRANSPORT: self.transport.value}
        for field in self.fields:
            value = field.coerce(user_input.get(field.key, ""))
            if not value and field.from_profile is not None:
                value = field.from_profile(profile)
            data[field.key] = value
        data[CONF_PROFILE] = profile.id
        return data

    def form_values(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Entry data as the form shows it."""
        return {f.key: f.shown(data[f.key]) for f in self.fields if f.key in data}


_MODBUS_TCP = ConnectionSpec(
    transport=TransportType.MODBUS_TCP,
    step_id="modbus_tcp",
    fields=NETWORK_FIELDS,
    unique_id=_network_id,
    where=_network_where,
)
CONNECTIONS: dict[TransportType, ConnectionSpec] = {
    spec.transport: spec
    for spec in (
        _MODBUS_TCP,
        replace(
            _MODBUS_TCP,
            transport=TransportType.MODBUS_RTU_OVER_TCP,
            step_id="modbus_rtu_over_tcp",
        ),
        ConnectionSpec(
            transport=TransportType.MODBUS_SERIAL,
            step_id="modbus_serial",
            fields=SERIAL_FIELDS,
            unique_id=_serial_id,
            where=_serial_where,
        ),
        ConnectionSpec(
            transport=TransportType.MQTT,
            step_id="mqtt_manual",
            profiles=Transport.MQTT,
            fields=MQTT_FIELDS,
            unique_id=lambda data: f"mqtt:{data[CONF_TOPIC_PREFIX]}",
            where=lambda data: str(data[CONF_TOPIC_PREFIX]),
            validate=_validate_mqtt,
            unusable=_mqtt_unusable,
        ),
    )
}
"""Every transport that reads a profile; the entities transport has its own step."""


def profile_selector(profiles: Mapping[str, Profile]) -> SelectSelector:
    """Profiles by name; the value stored is the profile id."""
    options = [
        SelectOptionDict(value=profile.id, label=profile.name)
        for profile in sorted(profiles.values(), key=lambda p: p.name.casefold())
    ]
    return SelectSelector(
        SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN)
    )


DEFAULT_ENTITIES_NAME = "Heat pump"

_TEMPERATURE = EntitySelectorConfig(domain="sensor", device_class="temperature")
POWER_SENSOR = EntitySelectorConfig(domain="sensor", device_class="power")
ENERGY_SENSOR = EntitySelectorConfig(domain="sensor", device_class="energy")
_SENSOR = EntitySelectorConfig(domain="sensor")
_BINARY = EntitySelectorConfig(domain="binary_sensor")

ENTITY_QUANTITIES: dict[Quantity, EntitySelectorConfig] = {
    Quantity.FLOW_TEMPERATURE: _TEMPERATURE,
    Quantity.RETURN_TEMPERATURE: _TEMPERATURE,
    Quantity.FLOW_RATE: _SENSOR,
    Quantity.ELECTRICAL_POWER: POWER_SENSOR,
    Quantity.ELECTRICAL_ENERGY: ENERGY_SENSOR,
    Quantity.HEAT_POWER: POWER_SENSOR,
    Quantity.HEAT_ENERGY: ENERGY_SENSOR,
    Quantity.OUTDOOR_TEMPERATURE: _TEMPERATURE,
    Quantity.DHW_TEMPERATURE: _TEMPERATURE,
    Quantity.ROOM_TEMPERATURE: _TEMPERATURE,
    Quantity.SUPPLY_AIR_TEMPERATURE: _TEMPERATURE,
    Quantity.RETURN_AIR_TEMPERATURE: _TEMPERATURE,
    Quantity.AIRFLOW: _SENSOR,
    Quantity.SOURCE_IN_TEMPERATURE: _TEMPERATURE,
    Quantity.SOURCE_OUT_TEMPERATURE: _TEMPERATURE,
    Quantity.DEFROST_ACTIVE: _BINARY,
    Quantity.OPERATING_MODE: EntitySelectorConfig(
        domain=["sensor", "select", "input_select", "climate", "water_heater"]
    ),
    Quantity.COMPRESSOR_RUNNING: _BINARY,
    Quantity.COMPRESSOR_FREQUENCY: _SENSOR,
}
"""Quantities the entities path can take from existing entities."""

UNIT_KINDS = tuple(kind.value for kind in Kind if kind is not Kind.METER)


def entities_primary(source_entities: Mapping[str, str]) -> str:
    """The entity that names an entities-based unit: flow, else power."""
    for quantity in (
        Quantity.FLOW_TEMPERATURE,
        Quantity.ELECTRICAL_POWER,
        Quantity.ELECTRICAL_ENERGY,
    ):
        if entity_id := source_entities.get(quantity):
            return entity_id
    return next(iter(source_entities.values()))


def unique_id_for(data: Mapping[str, Any]) -> str:
    """The unique id of a unit: its endpoint, topic or main entity."""
    transport = TransportType(data[CONF_TRANSPORT])
    if transport is TransportType.ENTITIES:
        return f"entities:{entities_primary(data[CONF_SOURCE_ENTITIES])}"
    return CONNECTIONS[transport].unique_id(data)


def serial_unique_id(profile: Profile, serial: str) -> str:
    """The unique id of a unit that reports its serial number.

    The maker scopes the serial (two makers may number alike); the address
    is left out, so a unit keeps its id when it moves.
    """
    return f"{slugify(profile.manufacturer or profile.id)}:{serial}"


def title_for(profile: Profile, data: Mapping[str, Any]) -> str:
    """Entry title: the profile's name and where the unit is."""
    where = CONNECTIONS[TransportType(data[CONF_TRANSPORT])].where(data)
    return f"{profile.name} ({where})"
