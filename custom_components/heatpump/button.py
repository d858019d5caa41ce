"""Buttons: one-off commands such as forced hot water."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .point_entities import ControlEntity, async_add_controls

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One button per one-off command point."""
    async_add_controls(entry, async_add_entities, PointButton)


class PointButton(ControlEntity, ButtonEntity):
    """Pressing writes the command; the unit's read-back confirms it started."""

    platform_kind = Platform.BUTTON

    async def async_press(self) -> None:
        """Send the command (the unit clears it itself when done)."""
        await self.async_write(True)
