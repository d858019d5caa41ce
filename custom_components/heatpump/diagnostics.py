"""Diagnostics, with hosts, topics, serial ports and credentials redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import CONF_SERIAL_PORT, CONF_TOPIC_PREFIX
from .coordinator import HeatPumpConfigEntry

TO_REDACT = {
    CONF_HOST,
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_SERIAL_PORT,
    CONF_TOPIC_PREFIX,
    "endpoint",
    "serial_number",
    "unique_id",
    "title",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: HeatPumpConfigEntry
) -> dict[str, Any]:
    """What a maintainer needs to understand a report, nothing that locates the unit."""
    coordinator = entry.runtime_data
    profile = coordinator.profile
    data = coordinator.data
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "profile": (
                {"id": profile.id, "name": profile.name, "kind": profile.kind.value}
                if profile
                else None
            ),
            "source": coordinator.source.diagnostics(),
            "last_update_success": coordinator.last_update_success,
            "points": {
                key: value
                for key, value in data.points.items()
                if key != "serial_number"
            },
            "quantities": {q.value: v for q, v in data.quantities.items()},
            "metrics": None if data.metrics is None else asdict(data.metrics),
            "engine": coordinator.engine.to_dict(),
        },
        TO_REDACT,
    )
