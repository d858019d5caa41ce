"""Config, options and reconfigure flows for Heat Pump Monitor.

The user picks how the unit is reached (a menu of transports), then the
connection and a profile.  Every path is tested before an entry is created:
Modbus reads a few of the profile's points, MQTT waits for a first message
under the topic prefix, and the entities path checks the entities exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.core import callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
)

from .backfill import TARGETS, async_import_history, default_sources
from .const import (
    CONF_COMPRESSOR_THRESHOLD,
    CONF_EXTERNAL_ENERGY,
    CONF_EXTERNAL_POWER,
    CONF_FLUID,
    CONF_GLYCOL_PERCENT,
    CONF_INFER_DEFROST,
    CONF_KIND,
    CONF_MIN_DWELL,
    CONF_PROFILE,
    CONF_SCAN_INTERVAL,
    CONF_SERIAL_NUMBER,
    CONF_TANK_VOLUME,
    CONF_TRANSPORT,
    CONF_VALVE_POLARITY,
    DEFAULT_COMPRESSOR_THRESHOLD,
    DEFAULT_MIN_DWELL,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    TransportType,
)
from .coordinator import HeatPumpConfigEntry
from .core.profile.model import Profile, Transport
from .core.quantities import Kind
from .discovery import MqttDiscoveryFlow
from .entities_flow import EntitiesFlow
from .profiles import async_load_profiles
from .transports import (
    CONNECTIONS,
    ENERGY_SENSOR,
    POWER_SENSOR,
    choice,
    int_field,
    serial_unique_id,
    title_for,
    unique_id_for,
)
from .validation import ValidationError

FLUIDS = ("water", "propylene_glycol", "ethylene_glycol")
DEFAULT_FLUID = "water"
DEFAULT_GLYCOL_PERCENT = 0
VALVE_POLARITIES = ("cooling", "heating")
DEFAULT_VALVE_POLARITY = "cooling"
DEFAULT_INFER_DEFROST = True


class HeatPumpConfigFlow(MqttDiscoveryFlow, EntitiesFlow, domain=DOMAIN):
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
        """Shipped and user profiles of one transport, meters included: a
        meter is its own entry, which heat pumps use through their options."""
        if self._profiles is None:
            self._profiles = await async_load_profiles(self.hass)
        return {
            profile_id: profile
            for profile_id, profile in self._profiles.items()
            if profile.transport is transport
        }

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask how the unit is reached."""
        return self.async_show_menu(
            step_id="user",
            menu_options=[spec.step_id for spec in CONNECTIONS.values()] + ["entities"],
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

    async def async_step_mqtt_manual(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """A unit whose bridge publishes on MQTT (HeishaMon, ESPAltherma...)."""
        return await self._async_step_connection(TransportType.MQTT, user_input)

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how an existing unit is reached, keeping its history."""
        transport = TransportType(self._get_reconfigure_entry().data[CONF_TRANSPORT])
        if transport is TransportType.ENTITIES:
            return await self.async_step_entities(user_input)
        return await self._async_step_connection(transport, user_input)

    def _reconfiguring(self) -> ConfigEntry | None:
        """The entry being changed, if this flow changes one."""
        if self.source == SOURCE_RECONFIGURE:
            return self._get_reconfigure_entry()
        return None

    async def _async_step_connection(
        self, transport: TransportType, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Ask for the connection (and profile), test it, save the entry."""
        spec = CONNECTIONS[transport]
        if reason := await spec.unusable(self.hass):
            return self.async_abort(reason=reason)
        entry = self._reconfiguring()
        profiles = await self._async_profiles(spec.profiles)
        if entry is not None and entry.data[CONF_PROFILE] not in profiles:
            return self.async_abort(
                reason="profile_not_found",
                description_placeholders={"profile": entry.data[CONF_PROFILE]},
            )
        if not profiles:
            return self.async_abort(reason="no_profiles")
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            profile = profiles[(entry.data if entry else user_input)[CONF_PROFILE]]
            data = spec.entry_data(user_input, profile)
            unique_id = await self._async_claim(data, entry)
            errors, placeholders, serial = await _async_test(
                spec.validate(self.hass, data, profile)
            )
            if not errors:
                if serial is not None:
                    data[CONF_SERIAL_NUMBER] = serial
                    unique_id = await self._async_claim_serial(
                        serial_unique_id(profile, serial), entry
                    )
                elif entry is not None and CONF_SERIAL_NUMBER in entry.data:
                    unique_id = entry.unique_id or unique_id  # serial unread: keep
                title = title_for(profile, data)
                if entry is not None and entry.title != title_for(profile, entry.data):
                    title = entry.title  # named by the user: keep it
                return self._finish(entry, unique_id, title, data)
        if user_input is None and entry is not None:
            user_input = spec.form_values(entry.data)
        return self.async_show_form(
            step_id=spec.step_id if entry is None else "reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                spec.schema(profiles if entry is None else None), user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_claim(
        self, data: Mapping[str, Any], entry: ConfigEntry | None
    ) -> str:
        """Take the unit's unique id, aborting if another entry has it."""
        unique_id = unique_id_for(data)
        if entry is None or unique_id != entry.unique_id:
            await self.async_set_unique_id(unique_id, raise_on_progress=entry is None)
            self._abort_if_unique_id_configured()
        return unique_id

    async def _async_claim_serial(
        self, unique_id: str, entry: ConfigEntry | None
    ) -> str:
        """Take the id the unit's serial number gives it.

        A reconfigure that reaches a unit with another serial number than the
        entry's aborts (``unique_id_mismatch``): that unit would inherit the
        entry's lifetime totals.
        """
        await self.async_set_unique_id(unique_id, raise_on_progress=False)
        if entry is not None and CONF_SERIAL_NUMBER in entry.data:
            self._abort_if_unique_id_mismatch()
        if entry is None or unique_id != entry.unique_id:
            self._abort_if_unique_id_configured()
        return unique_id

    def _finish(
        self,
        entry: ConfigEntry | None,
        unique_id: str,
        title: str,
        data: dict[str, Any],
        *,
        dropped: tuple[str, ...] = (),
    ) -> ConfigFlowResult:
        """Create the entry, or save the changed one (less ``dropped`` keys)
        and reload it."""
        if entry is None:
            return self.async_create_entry(title=title, data=data)
        kept = {k: v for k, v in entry.data.items() if k not in dropped}
        return self.async_update_reload_and_abort(
            entry, unique_id=unique_id, title=title, data={**kept, **data}
        )


async def _async_test(
    check: Awaitable[str | None],
) -> tuple[dict[str, str], dict[str, str], str | None]:
    """The form's errors and placeholders from a connection test, and the
    unit's serial number when the test read one."""
    try:
        serial = await check
    except ValidationError as err:
        return {"base": err.error}, err.placeholders, None
    return {}, {}, serial


IMPORT_HISTORY = "import_history"
"""Options form: go on to import existing energy sensors' history."""


class HeatPumpOptionsFlow(OptionsFlow):
    """Tuning that can change at any time: fluid, meters, thresholds."""

    _options: dict[str, Any]

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form with every option."""
        if user_input is not None:
            if user_input.pop(IMPORT_HISTORY, False):
                self._options = options_data(user_input)
                return await self.async_step_import_history()
            return self.async_create_entry(data=options_data(user_input))
        runtime = getattr(self.config_entry, "runtime_data", None)
        water_heater = (
            runtime is not None and runtime.engine_config.kind is Kind.WATER_HEATER
        ) or self.config_entry.data.get(CONF_KIND) == Kind.WATER_HEATER
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                options_schema(water_heater=water_heater),
                self.config_entry.options,
            ),
        )

    async def async_step_import_history(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Import existing energy sensors' history, then save the options."""
        errors: dict[str, str] = {}
        placeholders = {"error": ""}
        if user_input is not None:
            try:
                await async_import_history(self.hass, self.config_entry, user_input)
            except ServiceValidationError as err:
                errors["base"] = "import_failed"
                placeholders["error"] = str(err)
            else:
                return self.async_create_entry(data=self._options)
        defaults = default_sources(self.config_entry)
        schema = vol.Schema(
            {vol.Optional(key): EntitySelector(ENERGY_SENSOR) for key in TARGETS}
        )
        return self.async_show_form(
            step_id="import_history",
            data_schema=self.add_suggested_values_to_schema(
                schema, user_input or defaults
            ),
            errors=errors,
            description_placeholders=placeholders,
        )


def options_schema(*, water_heater: bool = False) -> vol.Schema:
    """Every option; the tank only for water heaters (empty: the profile's
    volume)."""
    fields: dict[vol.Marker, Any] = {
        # Modbus units are read at this interval; push units show their
        # latest reading at it (every reading counts).
        vol.Required(CONF_SCAN_INTERVAL, default=DEFAULT_SCAN_INTERVAL): int_field(
            2, 3600, "s"
        )
    }
    fields.update(
        {
            vol.Required(CONF_FLUID, default=DEFAULT_FLUID): choice(FLUIDS, "fluid"),
            vol.Required(
                CONF_GLYCOL_PERCENT, default=DEFAULT_GLYCOL_PERCENT
            ): int_field(0, 60, "%"),
            vol.Optional(CONF_EXTERNAL_POWER): EntitySelector(POWER_SENSOR),
            vol.Optional(CONF_EXTERNAL_ENERGY): EntitySelector(ENERGY_SENSOR),
            vol.Required(
                CONF_COMPRESSOR_THRESHOLD, default=DEFAULT_COMPRESSOR_THRESHOLD
            ): int_field(0, 10000, "W"),
            vol.Required(
                CONF_INFER_DEFROST, default=DEFAULT_INFER_DEFROST
            ): BooleanSelector(),
            vol.Required(CONF_VALVE_POLARITY, default=DEFAULT_VALVE_POLARITY): choice(
                VALVE_POLARITIES, "valve_polarity"
            ),
            vol.Required(CONF_MIN_DWELL, default=DEFAULT_MIN_DWELL): int_field(
                0, 120, "min"
            ),
            # Not an option: goes on to the import_history step.
            vol.Optional(IMPORT_HISTORY, default=False): BooleanSelector(),
        }
    )
    if water_heater:
        fields[vol.Optional(CONF_TANK_VOLUME)] = int_field(10, 5000, "L")
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
