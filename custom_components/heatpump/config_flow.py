"""Config, options and reconfigure flows for Heat Pump Monitor.

The user picks how the unit is reached (a menu of transports), then the
connection and a profile.  Every path is tested before an entry is created:
Modbus reads a few of the profile's points, MQTT waits for a first message
under the topic prefix, and the entities path checks the entities exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
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
from homeassistant.helpers.service_info.mqtt import MqttServiceInfo

from .const import (
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_COMPRESSOR_THRESHOLD,
    CONF_DEVICE_ID,
    CONF_EXTERNAL_ENERGY,
    CONF_EXTERNAL_POWER,
    CONF_FLUID,
    CONF_GLYCOL_PERCENT,
    CONF_INFER_DEFROST,
    CONF_KIND,
    CONF_MIN_DWELL,
    CONF_PARITY,
    CONF_PROFILE,
    CONF_SCAN_INTERVAL,
    CONF_SERIAL_PORT,
    CONF_SOURCE_ENTITIES,
    CONF_STOPBITS,
    CONF_TANK_VOLUME,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    CONF_VALVE_POLARITY,
    DEFAULT_BAUDRATE,
    DEFAULT_COMPRESSOR_THRESHOLD,
    DEFAULT_DEVICE_ID,
    DEFAULT_MIN_DWELL,
    DEFAULT_PORT,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    TransportType,
)
from .coordinator import HeatPumpConfigEntry
from .core.modbus.endpoint import PARITY_LETTERS
from .core.profile.model import Profile, Transport
from .core.quantities import Kind, Quantity
from .validation import (
    ValidationError,
    async_load_profiles,
    async_mqtt_available,
    async_validate_modbus,
    async_validate_mqtt,
    missing_entities,
)

MODBUS_TRANSPORTS = frozenset(
    {
        TransportType.MODBUS_TCP,
        TransportType.MODBUS_RTU_OVER_TCP,
        TransportType.MODBUS_SERIAL,
    }
)
NETWORK_TRANSPORTS = frozenset(
    {TransportType.MODBUS_TCP, TransportType.MODBUS_RTU_OVER_TCP}
)

FLUIDS = ("water", "propylene_glycol", "ethylene_glycol")
DEFAULT_FLUID = "water"
DEFAULT_GLYCOL_PERCENT = 0
VALVE_POLARITIES = ("cooling", "heating")
DEFAULT_VALVE_POLARITY = "cooling"
DEFAULT_INFER_DEFROST = True

BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PARITIES = tuple(PARITY_LETTERS)
DEFAULT_PARITY = "none"
STOPBITS = (1, 2)
DEFAULT_STOPBITS = 1
BYTESIZES = (7, 8)
DEFAULT_BYTESIZE = 8
DEFAULT_ENTITIES_NAME = "Heat pump"

_TEMPERATURE = EntitySelectorConfig(domain="sensor", device_class="temperature")
_POWER = EntitySelectorConfig(domain="sensor", device_class="power")
_ENERGY = EntitySelectorConfig(domain="sensor", device_class="energy")
_SENSOR = EntitySelectorConfig(domain="sensor")
_BINARY = EntitySelectorConfig(domain="binary_sensor")

ENTITY_QUANTITIES: dict[Quantity, EntitySelectorConfig] = {
    Quantity.FLOW_TEMPERATURE: _TEMPERATURE,
    Quantity.RETURN_TEMPERATURE: _TEMPERATURE,
    Quantity.FLOW_RATE: _SENSOR,
    Quantity.ELECTRICAL_POWER: _POWER,
    Quantity.ELECTRICAL_ENERGY: _ENERGY,
    Quantity.HEAT_POWER: _POWER,
    Quantity.HEAT_ENERGY: _ENERGY,
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

ELECTRICAL_SOURCES = (Quantity.ELECTRICAL_POWER, Quantity.ELECTRICAL_ENERGY)
HEAT_SOURCES: tuple[tuple[Quantity, ...], ...] = (
    (Quantity.HEAT_POWER,),
    (Quantity.HEAT_ENERGY,),
    (Quantity.FLOW_RATE, Quantity.FLOW_TEMPERATURE, Quantity.RETURN_TEMPERATURE),
    (
        Quantity.AIRFLOW,
        Quantity.SUPPLY_AIR_TEMPERATURE,
        Quantity.RETURN_AIR_TEMPERATURE,
    ),
)
"""Any one complete group lets the integration know the heat output."""

UNIT_KINDS = tuple(kind.value for kind in Kind if kind is not Kind.METER)


def _int_field(
    minimum: int, maximum: int, unit: str | None = None, step: int = 1
) -> vol.All:
    """A number box that stores an int."""
    config = NumberSelectorConfig(
        min=minimum, max=maximum, step=step, mode=NumberSelectorMode.BOX
    )
    if unit is not None:
        config["unit_of_measurement"] = unit
    return vol.All(NumberSelector(config), vol.Coerce(int))


def _choice(
    options: tuple[Any, ...], translation_key: str | None = None
) -> SelectSelector:
    """A dropdown of fixed values (stored as text; callers convert)."""
    config = SelectSelectorConfig(
        options=[str(option) for option in options],
        mode=SelectSelectorMode.DROPDOWN,
    )
    if translation_key is not None:
        config["translation_key"] = translation_key
    return SelectSelector(config)


def _profile_selector(profiles: Mapping[str, Profile]) -> SelectSelector:
    """Profiles by name; the value stored is the profile id."""
    options = [
        SelectOptionDict(value=profile.id, label=profile.name)
        for profile in sorted(profiles.values(), key=lambda p: p.name.casefold())
    ]
    return SelectSelector(
        SelectSelectorConfig(options=options, mode=SelectSelectorMode.DROPDOWN)
    )


def connection_schema(
    transport: TransportType, profiles: Mapping[str, Profile] | None
) -> vol.Schema:
    """Fields of one transport; ``profiles`` adds the profile choice."""
    fields: dict[vol.Marker, Any]
    if transport in NETWORK_TRANSPORTS:
        fields = {
            vol.Required(CONF_HOST): TextSelector(),
            vol.Required(CONF_PORT, default=DEFAULT_PORT): _int_field(1, 65535),
            vol.Required(CONF_DEVICE_ID, default=DEFAULT_DEVICE_ID): _int_field(1, 247),
        }
    elif transport is TransportType.MODBUS_SERIAL:
        fields = {
            vol.Required(CONF_SERIAL_PORT): TextSelector(),
            vol.Required(CONF_BAUDRATE, default=str(DEFAULT_BAUDRATE)): _choice(
                BAUDRATES
            ),
            vol.Required(CONF_PARITY, default=DEFAULT_PARITY): _choice(
                PARITIES, "parity"
            ),
            vol.Required(CONF_STOPBITS, default=str(DEFAULT_STOPBITS)): _choice(
                STOPBITS
            ),
            vol.Required(CONF_BYTESIZE, default=str(DEFAULT_BYTESIZE)): _choice(
                BYTESIZES
            ),
            vol.Required(CONF_DEVICE_ID, default=DEFAULT_DEVICE_ID): _int_field(1, 247),
        }
    else:
        fields = {vol.Optional(CONF_TOPIC_PREFIX): TextSelector()}
    if profiles is not None:
        fields[vol.Required(CONF_PROFILE)] = _profile_selector(profiles)
    return vol.Schema(fields)


def connection_data(
    transport: TransportType, user_input: Mapping[str, Any]
) -> dict[str, Any]:
    """Entry data for one transport's form input, with proper types."""
    data: dict[str, Any] = {CONF_TRANSPORT: transport.value}
    if transport in NETWORK_TRANSPORTS:
        data[CONF_HOST] = str(user_input[CONF_HOST]).strip()
        data[CONF_PORT] = int(user_input[CONF_PORT])
        data[CONF_DEVICE_ID] = int(user_input[CONF_DEVICE_ID])
    elif transport is TransportType.MODBUS_SERIAL:
        data[CONF_SERIAL_PORT] = str(user_input[CONF_SERIAL_PORT]).strip()
        data[CONF_BAUDRATE] = int(user_input[CONF_BAUDRATE])
        data[CONF_PARITY] = str(user_input[CONF_PARITY])
        data[CONF_STOPBITS] = int(user_input[CONF_STOPBITS])
        data[CONF_BYTESIZE] = int(user_input[CONF_BYTESIZE])
        data[CONF_DEVICE_ID] = int(user_input[CONF_DEVICE_ID])
    else:
        data[CONF_TOPIC_PREFIX] = str(user_input.get(CONF_TOPIC_PREFIX, "")).strip(" /")
    return data


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
    if transport in NETWORK_TRANSPORTS:
        return f"{data[CONF_HOST]}:{data[CONF_PORT]}:{data[CONF_DEVICE_ID]}"
    if transport is TransportType.MODBUS_SERIAL:
        return f"{data[CONF_SERIAL_PORT]}:{data[CONF_DEVICE_ID]}"
    if transport is TransportType.MQTT:
        return f"mqtt:{data[CONF_TOPIC_PREFIX]}"
    return f"entities:{entities_primary(data[CONF_SOURCE_ENTITIES])}"


def title_for(profile: Profile, data: Mapping[str, Any]) -> str:
    """Entry title: the profile's name and where the unit is."""
    transport = TransportType(data[CONF_TRANSPORT])
    if transport in NETWORK_TRANSPORTS:
        where = f"{data[CONF_HOST]}:{data[CONF_PORT]}"
        if data[CONF_DEVICE_ID] != DEFAULT_DEVICE_ID:
            where += f", device {data[CONF_DEVICE_ID]}"
    elif transport is TransportType.MODBUS_SERIAL:
        where = f"{data[CONF_SERIAL_PORT]}"
        if data[CONF_DEVICE_ID] != DEFAULT_DEVICE_ID:
            where += f", device {data[CONF_DEVICE_ID]}"
    else:
        where = f"{data[CONF_TOPIC_PREFIX]}"
    return f"{profile.name} ({where})"


def entities_errors(source_entities: Mapping[str, str]) -> dict[str, str]:
    """Errors for an incomplete choice of entities, keyed by field."""
    errors: dict[str, str] = {}
    if not any(source_entities.get(q) for q in ELECTRICAL_SOURCES):
        errors[Quantity.ELECTRICAL_POWER] = "missing_electrical"
    if not any(all(source_entities.get(q) for q in group) for group in HEAT_SOURCES):
        errors[Quantity.HEAT_POWER] = "missing_heat"
    return errors


def entities_schema() -> vol.Schema:
    """Kind, a name and one entity field per supported quantity."""
    fields: dict[vol.Marker, Any] = {
        vol.Required(CONF_NAME, default=DEFAULT_ENTITIES_NAME): TextSelector(),
        vol.Required(CONF_KIND, default=Kind.AIR_TO_WATER.value): _choice(
            UNIT_KINDS, "kind"
        ),
    }
    for quantity, config in ENTITY_QUANTITIES.items():
        fields[vol.Optional(quantity.value)] = EntitySelector(config)
    return vol.Schema(fields)


class HeatPumpConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a heat pump, or change how it is reached."""

    VERSION = 1
    MINOR_VERSION = 2

    def __init__(self) -> None:
        """Start with no profiles loaded."""
        self._profiles: dict[str, Profile] | None = None

    @staticmethod
    @callback
    def async_get_options_flow(
        config_entry: HeatPumpConfigEntry,
    ) -> HeatPumpOptionsFlow:
        """Options of an existing entry."""
        return HeatPumpOptionsFlow()

    async def _async_profiles(self, transport: Transport) -> dict[str, Profile]:
        """Shipped and user profiles of one transport, without meters."""
        if self._profiles is None:
            self._profiles = await async_load_profiles(self.hass)
        return {
            profile_id: profile
            for profile_id, profile in self._profiles.items()
            if profile.transport is transport and profile.kind is not Kind.METER
        }

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how the unit is reached."""
        return self.async_show_menu(
            step_id="user",
            menu_options=[transport.value for transport in TransportType],
        )

    async def async_step_modbus_tcp(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A unit on Modbus TCP."""
        return await self._async_step_connection(TransportType.MODBUS_TCP, user_input)

    async def async_step_modbus_rtu_over_tcp(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A unit behind a transparent serial-to-TCP bridge (RTU framing)."""
        return await self._async_step_connection(
            TransportType.MODBUS_RTU_OVER_TCP, user_input
        )

    async def async_step_modbus_serial(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A unit on a local RS-485 adapter."""
        return await self._async_step_connection(
            TransportType.MODBUS_SERIAL, user_input
        )

    async def async_step_mqtt(
        self, discovery_info: MqttServiceInfo | dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A unit whose bridge publishes on MQTT (HeishaMon, ESPAltherma...).

        HA routes MQTT discovery to a step of the same name; the manifest
        declares no discovery topics, so a discovery here is refused.
        """
        if isinstance(discovery_info, MqttServiceInfo):
            return self.async_abort(reason="not_supported")
        user_input = discovery_info
        if not await async_mqtt_available(self.hass):
            return self.async_abort(reason="mqtt_not_configured")
        return await self._async_step_connection(TransportType.MQTT, user_input)

    async def _async_step_connection(
        self, transport: TransportType, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Ask for the connection and profile, test them, create the entry."""
        profile_transport = (
            Transport.MQTT if transport is TransportType.MQTT else Transport.MODBUS
        )
        profiles = await self._async_profiles(profile_transport)
        if not profiles:
            return self.async_abort(reason="no_profiles")
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            profile = profiles[user_input[CONF_PROFILE]]
            data = connection_data(transport, user_input)
            if transport is TransportType.MQTT and not data[CONF_TOPIC_PREFIX]:
                data[CONF_TOPIC_PREFIX] = _default_prefix(profile)
            data[CONF_PROFILE] = profile.id
            await self.async_set_unique_id(unique_id_for(data))
            self._abort_if_unique_id_configured()
            try:
                await self._async_test(data, profile)
            except ValidationError as err:
                errors["base"] = err.error
                placeholders = err.placeholders
            else:
                return self.async_create_entry(
                    title=title_for(profile, data), data=data
                )
        return self.async_show_form(
            step_id=transport.value,
            data_schema=self.add_suggested_values_to_schema(
                connection_schema(transport, profiles), user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_test(self, data: Mapping[str, Any], profile: Profile) -> None:
        """Raise ``ValidationError`` unless the unit answers as configured."""
        if TransportType(data[CONF_TRANSPORT]) is TransportType.MQTT:
            await async_validate_mqtt(self.hass, data[CONF_TOPIC_PREFIX])
        else:
            await async_validate_modbus(self.hass, data, profile)

    async def async_step_entities(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Build a unit from entities other integrations already provide."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            source_entities = _source_entities(user_input)
            errors, placeholders = self._check_entities(source_entities)
            if not errors:
                data = {
                    CONF_TRANSPORT: TransportType.ENTITIES.value,
                    CONF_KIND: user_input[CONF_KIND],
                    CONF_SOURCE_ENTITIES: source_entities,
                }
                await self.async_set_unique_id(unique_id_for(data))
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=str(user_input[CONF_NAME]).strip() or DEFAULT_ENTITIES_NAME,
                    data=data,
                )
        return self.async_show_form(
            step_id="entities",
            data_schema=self.add_suggested_values_to_schema(
                entities_schema(), user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _check_entities(
        self, source_entities: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Errors and placeholders for a choice of entities."""
        if errors := entities_errors(source_entities):
            return errors, {}
        missing = missing_entities(self.hass, source_entities)
        errors = dict.fromkeys(missing, "entity_not_found")
        return errors, {"entities": ", ".join(missing.values())}

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how an existing unit is reached, keeping its history."""
        entry = self._get_reconfigure_entry()
        transport = TransportType(entry.data[CONF_TRANSPORT])
        if transport is TransportType.ENTITIES:
            # Input posted to this step id (as HA infers it) is passed on.
            return await self.async_step_reconfigure_entities(user_input)
        if transport is TransportType.MQTT and not await async_mqtt_available(
            self.hass
        ):
            return self.async_abort(reason="mqtt_not_configured")
        profile_transport = (
            Transport.MQTT if transport is TransportType.MQTT else Transport.MODBUS
        )
        profiles = await self._async_profiles(profile_transport)
        if (profile := profiles.get(entry.data[CONF_PROFILE])) is None:
            return self.async_abort(
                reason="profile_not_found",
                description_placeholders={"profile": entry.data[CONF_PROFILE]},
            )
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            data = connection_data(transport, user_input)
            if transport is TransportType.MQTT and not data[CONF_TOPIC_PREFIX]:
                data[CONF_TOPIC_PREFIX] = _default_prefix(profile)
            data[CONF_PROFILE] = profile.id
            if (unique_id := unique_id_for(data)) != entry.unique_id:
                await self.async_set_unique_id(unique_id, raise_on_progress=False)
                self._abort_if_unique_id_configured()
            try:
                await self._async_test(data, profile)
            except ValidationError as err:
                errors["base"] = err.error
                placeholders = err.placeholders
            else:
                title = entry.title
                if title == title_for(profile, entry.data):
                    title = title_for(profile, data)
                return self.async_update_reload_and_abort(
                    entry, unique_id=unique_id, title=title, data_updates=data
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                connection_schema(transport, None),
                user_input if user_input is not None else _form_values(entry.data),
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure_entities(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose other entities for an entities-based unit."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            source_entities = _source_entities(user_input)
            errors, placeholders = self._check_entities(source_entities)
            if not errors:
                data = {
                    CONF_KIND: user_input[CONF_KIND],
                    CONF_SOURCE_ENTITIES: source_entities,
                }
                unique_id = unique_id_for({**entry.data, **data})
                if unique_id != entry.unique_id:
                    await self.async_set_unique_id(unique_id, raise_on_progress=False)
                    self._abort_if_unique_id_configured()
                return self.async_update_reload_and_abort(
                    entry,
                    unique_id=unique_id,
                    title=str(user_input[CONF_NAME]).strip() or entry.title,
                    data_updates=data,
                )
        suggested = user_input
        if suggested is None:
            suggested = {
                CONF_NAME: entry.title,
                CONF_KIND: entry.data[CONF_KIND],
                **entry.data[CONF_SOURCE_ENTITIES],
            }
        return self.async_show_form(
            step_id="reconfigure_entities",
            data_schema=self.add_suggested_values_to_schema(
                entities_schema(), suggested
            ),
            errors=errors,
            description_placeholders=placeholders,
        )


def _default_prefix(profile: Profile) -> str:
    """The base topic the profile's bridge publishes under by default."""
    return profile.mqtt.base_topic.strip("/") if profile.mqtt is not None else ""


def _source_entities(user_input: Mapping[str, Any]) -> dict[str, str]:
    """The chosen entities, by quantity key, in a stable order."""
    return {
        quantity.value: str(user_input[quantity.value])
        for quantity in ENTITY_QUANTITIES
        if user_input.get(quantity.value)
    }


def _form_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Entry data as the form shows it (selects hold text)."""
    return {
        key: str(value)
        if key in (CONF_BAUDRATE, CONF_STOPBITS, CONF_BYTESIZE)
        else value
        for key, value in data.items()
    }


class HeatPumpOptionsFlow(OptionsFlow):
    """Tuning that can change at any time: fluid, meters, thresholds."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form with every option."""
        if user_input is not None:
            return self.async_create_entry(data=options_data(user_input))
        transport = TransportType(self.config_entry.data[CONF_TRANSPORT])
        runtime = getattr(self.config_entry, "runtime_data", None)
        water_heater = (
            runtime is not None and runtime.engine_config.kind is Kind.WATER_HEATER
        ) or self.config_entry.data.get(CONF_KIND) == Kind.WATER_HEATER
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                options_schema(transport, water_heater=water_heater),
                self.config_entry.options,
            ),
        )


def options_schema(
    transport: TransportType, *, water_heater: bool = False
) -> vol.Schema:
    """Every option; the poll interval only for Modbus units, the tank only
    for water heaters (empty: the profile's volume)."""
    fields: dict[vol.Marker, Any] = {}
    if transport in MODBUS_TRANSPORTS:
        fields[vol.Required(CONF_SCAN_INTERVAL, default=DEFAULT_SCAN_INTERVAL)] = (
            _int_field(2, 3600, "s")
        )
    fields.update(
        {
            vol.Required(CONF_FLUID, default=DEFAULT_FLUID): _choice(FLUIDS, "fluid"),
            vol.Required(
                CONF_GLYCOL_PERCENT, default=DEFAULT_GLYCOL_PERCENT
            ): _int_field(0, 60, "%"),
            vol.Optional(CONF_EXTERNAL_POWER): EntitySelector(_POWER),
            vol.Optional(CONF_EXTERNAL_ENERGY): EntitySelector(_ENERGY),
            vol.Required(
                CONF_COMPRESSOR_THRESHOLD, default=DEFAULT_COMPRESSOR_THRESHOLD
            ): _int_field(0, 10000, "W"),
            vol.Required(
                CONF_INFER_DEFROST, default=DEFAULT_INFER_DEFROST
            ): BooleanSelector(),
            vol.Required(CONF_VALVE_POLARITY, default=DEFAULT_VALVE_POLARITY): _choice(
                VALVE_POLARITIES, "valve_polarity"
            ),
            vol.Required(CONF_MIN_DWELL, default=DEFAULT_MIN_DWELL): _int_field(
                0, 120, "min"
            ),
        }
    )
    if water_heater:
        fields[vol.Optional(CONF_TANK_VOLUME)] = _int_field(10, 5000, "L")
    return vol.Schema(fields)


def options_data(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Options as stored: ints for counts, absent external entities left out."""
    options: dict[str, Any] = {
        key: int(user_input[key])
        for key in (
            CONF_SCAN_INTERVAL,
            CONF_GLYCOL_PERCENT,
            CONF_COMPRESSOR_THRESHOLD,
            CONF_MIN_DWELL,
            CONF_TANK_VOLUME,
        )
        if user_input.get(key) is not None
    }
    options[CONF_FLUID] = str(user_input[CONF_FLUID])
    options[CONF_INFER_DEFROST] = bool(user_input[CONF_INFER_DEFROST])
    options[CONF_VALVE_POLARITY] = str(user_input[CONF_VALVE_POLARITY])
    for key in (CONF_EXTERNAL_POWER, CONF_EXTERNAL_ENERGY):
        if user_input.get(key):
            options[key] = str(user_input[key])
    return dict(sorted(options.items()))
