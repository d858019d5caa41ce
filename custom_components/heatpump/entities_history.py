"""What the recorder and the current states say about chosen entities.

The entities step lists the states a numeric mode sensor has reported, and
checks the COP of the first samples while the unit runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from functools import partial
from typing import Any

from homeassistant.core import HomeAssistant, State
from homeassistant.util import dt as dt_util

from .core.quantities import Quantity
from .sources.entities import state_to_value

RUNNING_W = 100.0
"""Electrical power above which the unit counts as running for the check."""
FIRST_SAMPLES = 10
HISTORY = timedelta(days=7)


async def async_recorded(
    hass: HomeAssistant, entity_ids: list[str]
) -> dict[str, list[State]]:
    """What the recorder kept of these entities (oldest first); none without it."""
    if "recorder" not in hass.config.components:
        return {}
    from homeassistant.components.recorder.history import (  # noqa: PLC0415
        get_significant_states,
    )
    from homeassistant.helpers.recorder import get_instance  # noqa: PLC0415

    end = dt_util.utcnow()
    found = await get_instance(hass).async_add_executor_job(
        partial(
            get_significant_states,
            hass,
            end - HISTORY,
            end,
            entity_ids,
            significant_changes_only=False,
        )
    )
    return {
        entity_id: [s for s in states if isinstance(s, State)]
        for entity_id, states in found.items()
    }


async def async_first_cops(
    hass: HomeAssistant, chosen: Mapping[str, str]
) -> list[float]:
    """COP of the first samples (recorded, then current) while running."""
    heat_id = chosen.get(Quantity.HEAT_POWER)
    elec_id = chosen.get(Quantity.ELECTRICAL_POWER)
    if not heat_id or not elec_id:
        return []
    recorded = await async_recorded(hass, [heat_id, elec_id])
    pairs = _paired_history(recorded, heat_id, elec_id)
    heat_now = state_to_value(Quantity.HEAT_POWER, hass.states.get(heat_id))
    elec_now = state_to_value(Quantity.ELECTRICAL_POWER, hass.states.get(elec_id))
    pairs.append((heat_now, elec_now))
    cops = [
        float(heat) / float(elec)
        for heat, elec in pairs
        if isinstance(heat, float) and isinstance(elec, float) and elec > RUNNING_W
    ]
    return cops[:FIRST_SAMPLES]


def _paired_history(
    found: Mapping[str, list[State]], heat_id: str, elec_id: str
) -> list[tuple[Any, Any]]:
    """(heat, electrical) at each recorded change of either, in order."""
    changes = sorted(
        (
            (key, state)
            for key, entity_id in (("heat", heat_id), ("elec", elec_id))
            for state in found.get(entity_id, [])
        ),
        key=lambda change: change[1].last_updated,
    )
    latest: dict[str, Any] = {}
    pairs = []
    for key, state in changes:
        quantity = Quantity.HEAT_POWER if key == "heat" else Quantity.ELECTRICAL_POWER
        latest[key] = state_to_value(quantity, state)
        pairs.append((latest.get("heat"), latest.get("elec")))
    return pairs
