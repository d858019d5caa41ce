"""Actions: ``heatpump.import_history``."""

from __future__ import annotations

from typing import Final

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from .backfill import async_import_history
from .const import DOMAIN
from .coordinator import HeatPumpConfigEntry

SERVICE_IMPORT_HISTORY: Final = "import_history"
ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_HEAT_ENERGY: Final = "heat_energy_entity"
ATTR_ELECTRICAL_ENERGY: Final = "electrical_energy_entity"

IMPORT_HISTORY_SCHEMA: Final = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Optional(ATTR_HEAT_ENERGY): cv.entity_id,
        vol.Optional(ATTR_ELECTRICAL_ENERGY): cv.entity_id,
    }
)


def _loaded_entry(hass: HomeAssistant, entry_id: str) -> HeatPumpConfigEntry:
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="import_unknown_entry",
            translation_placeholders={"entry": entry_id},
        )
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="import_entry_not_loaded",
            translation_placeholders={"entry": entry.title},
        )
    return entry


async def _async_import_history(call: ServiceCall) -> ServiceResponse:
    entry = _loaded_entry(call.hass, call.data[ATTR_CONFIG_ENTRY_ID])
    results = await async_import_history(
        call.hass,
        entry,
        {
            "heat_energy": call.data.get(ATTR_HEAT_ENERGY, ""),
            "electrical_energy": call.data.get(ATTR_ELECTRICAL_ENERGY, ""),
        },
    )
    return {
        "imported": [
            {
                "statistic_id": result.statistic_id,
                "source": result.source,
                "hours": result.hours,
                "first": result.first.isoformat() if result.first else None,
                "last": result.last.isoformat() if result.last else None,
            }
            for result in results
        ]
    }


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions (once, in async_setup)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_IMPORT_HISTORY,
        _async_import_history,
        schema=IMPORT_HISTORY_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
