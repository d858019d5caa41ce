"""Selects: the operating mode, the SG-Ready state and other enum settings."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .core.profile.model import Point
from .core.quantities import Quantity
from .point_entities import ControlEntity, async_add_controls

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One select per writable enum point (the mode setting above all)."""
    async_add_controls(entry, async_add_entities, PointSelect)


class PointSelect(ControlEntity, SelectEntity):
    """A writable enum point; options are the values the profile can write."""

    platform_kind = Platform.SELECT

    @classmethod
    def describe(
        cls, point: Point, translation_key: str | None
    ) -> SelectEntityDescription:
        """Offer exactly the profile's values."""
        if translation_key == f"point_{Quantity.MODE_SETTING}":
            translation_key = "mode_setting"
        return SelectEntityDescription(
            key=f"point_{point.key}",
            translation_key=translation_key,
            options=list(dict.fromkeys(str(v) for v in point.command_map.values())),
        )

    @property
    def current_option(self) -> str | None:
        """The value the unit reports now."""
        value = self.reported
        return str(value) if value is not None else None

    async def async_select_option(self, option: str) -> None:
        """Write the option (guarded against rapid heat/cool reversals)."""
        await self.async_write(option)
