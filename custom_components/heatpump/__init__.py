"""Heat Pump Monitor: live COP, defrost and safe control for every kind of heat pump."""

from __future__ import annotations

import asyncio

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError, ConfigEntryNotReady
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType
from homeassistant.util.hass_dict import HassKey

from .card import async_register_card
from .const import (
    CONF_DEVICE_ID,
    CONF_EXTERNAL_ENERGY,
    CONF_EXTERNAL_POWER,
    CONF_MODE_MAP,
    CONF_PARITY,
    CONF_PROFILE,
    CONF_SOURCE_ENTITIES,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator, engine_store
from .core.modbus.connection import ConnectionPool
from .core.modbus.endpoint import PARITY_LETTERS
from .core.profile.model import Profile
from .engine_config import engine_config_for
from .external import ExternalMeter
from .profiles import async_load_profiles
from .services import async_setup_services
from .sources.base import Source, SourceUnavailable

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CLIMATE,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.WATER_HEATER,
]

MODBUS_POOL: HassKey[ConnectionPool] = HassKey(f"{DOMAIN}_modbus_pool")
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions and serve the heatpump-card."""
    async_setup_services(hass)
    await async_register_card(hass)
    return True


async def _async_build_source(
    hass: HomeAssistant, entry: HeatPumpConfigEntry, profile: Profile | None
) -> Source:
    transport = TransportType(entry.data[CONF_TRANSPORT])
    if transport is TransportType.ENTITIES:
        from .sources.entities import EntitySource  # noqa: PLC0415

        return EntitySource(
            hass,
            entry.data[CONF_SOURCE_ENTITIES],
            entry.data.get(CONF_MODE_MAP, {}),
        )
    assert profile is not None
    if transport is TransportType.MQTT:
        from homeassistant.components import mqtt  # noqa: PLC0415

        from .sources.mqtt import MqttSource  # noqa: PLC0415

        if not await mqtt.async_wait_for_mqtt_client(hass):
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN, translation_key="mqtt_not_ready"
            )
        return MqttSource(hass, profile, entry.data[CONF_TOPIC_PREFIX])
    from .sources.modbus import ModbusSource, endpoint_from_config  # noqa: PLC0415

    pool = hass.data.setdefault(MODBUS_POOL, ConnectionPool())
    return ModbusSource(
        pool, endpoint_from_config(entry.data), int(entry.data[CONF_DEVICE_ID]), profile
    )


async def async_migrate_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> bool:
    """1.1 stored serial parity as pymodbus' letter; 1.2 stores its name."""
    if entry.version > 1:
        return False
    if entry.minor_version < 2:
        data = dict(entry.data)
        if (letter := data.get(CONF_PARITY)) is not None:
            names = {code: name for name, code in PARITY_LETTERS.items()}
            data[CONF_PARITY] = names.get(letter, letter)
        hass.config_entries.async_update_entry(entry, data=data, minor_version=2)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> bool:
    """Connect to the unit, restore the totals and create the entities."""
    profile: Profile | None = None
    if entry.data[CONF_TRANSPORT] != TransportType.ENTITIES:
        profiles = await async_load_profiles(hass)
        if (profile := profiles.get(entry.data[CONF_PROFILE])) is None:
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="profile_missing",
                translation_placeholders={"profile": entry.data[CONF_PROFILE]},
            )
    source = await _async_build_source(hass, entry, profile)
    external = ExternalMeter(
        hass,
        entry.options.get(CONF_EXTERNAL_POWER),
        entry.options.get(CONF_EXTERNAL_ENERGY),
    )
    coordinator = HeatPumpCoordinator(
        hass, entry, source, profile, engine_config_for(hass, entry, profile), external
    )
    await coordinator.async_restore()
    try:
        await source.async_start(coordinator.async_push, coordinator.async_availability)
    except SourceUnavailable as err:
        await source.async_stop()
        raise ConfigEntryNotReady(
            translation_domain=DOMAIN,
            translation_key=err.translation_key,
            translation_placeholders={"detail": err.detail},
        ) from err
    entry.runtime_data = coordinator
    coordinator.async_register_device()
    try:
        if source.polling:
            await coordinator.async_config_entry_first_refresh()
        await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    except (Exception, asyncio.CancelledError):
        # Not ready, or cancelled (HA stopping mid-setup): let go of the unit.
        await source.async_stop()
        raise
    entry.async_on_unload(coordinator.async_track_midnight())
    entry.async_on_unload(
        hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, coordinator.async_flush_held
        )
    )
    options = dict(entry.options)

    async def _async_reload(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> None:
        """Apply changed options; MQTT discovery noting the bridge again is none."""
        if dict(entry.options) != options:
            await hass.config_entries.async_reload(entry.entry_id)

    entry.async_on_unload(entry.add_update_listener(_async_reload))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> bool:
    """Save the totals and release the connection."""
    entry.runtime_data.async_flush_held()
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        coordinator = entry.runtime_data
        await coordinator.source.async_stop()
        await coordinator.async_save()
        pool = hass.data.get(MODBUS_POOL)
        if pool is not None and not len(pool):
            hass.data.pop(MODBUS_POOL)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: HeatPumpConfigEntry) -> None:
    """Delete the entry's stored totals: a new entry starts from zero."""
    await engine_store(hass, entry.entry_id).async_remove()
