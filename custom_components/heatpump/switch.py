"""Switches: writable on/off points (the unit's main switch, holiday mode...)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
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
    """One switch per writable flag point (one-off commands are buttons)."""
    async_add_controls(entry, async_add_entities, PointSwitch)


class PointSwitch(ControlEntity, SwitchEntity):
    """A writable flag; its state is what the unit reports back."""

    platform_kind = Platform.SWITCH

    @property
    def is_on(self) -> bool | None:
        """The flag the unit reports now."""
        value = self.reported
        return value if isinstance(value, bool) else None

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Write on; the unit's read-back is checked."""
        await self.async_write(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Write off; the unit's read-back is checked."""
        await self.async_write(False)
