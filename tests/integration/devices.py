"""The device of an entry, the same way on every Home Assistant line."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr


def only_device(hass: HomeAssistant, entry: ConfigEntry) -> dr.DeviceEntry | None:
    """The one device of ``entry`` (newer cores deprecate lookups by identifier
    through ``async_get_device``)."""
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert len(devices) <= 1, devices
    return devices[0] if devices else None
