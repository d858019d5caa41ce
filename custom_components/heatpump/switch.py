"""Switches: writable on/off points (e.g. the unit's main switch)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.profile.model import Point
from .core.quantities import ValueType
from .entity import PointEntity
from .point_entities import quantity_translation_key, writable_points

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One switch per writable flag point."""
    coordinator = entry.runtime_data
    async_add_entities(
        PointSwitch(coordinator, point)
        for point in writable_points(coordinator.profile, ValueType.BOOL)
    )


class PointSwitch(PointEntity, SwitchEntity):
    """A writable flag; its state is what the unit reports back."""

    def __init__(self, coordinator: HeatPumpCoordinator, point: Point) -> None:
        """Name it after its quantity, or the profile's name."""
        assert coordinator.profile is not None
        description = SwitchEntityDescription(
            key=f"point_{point.key}",
            translation_key=quantity_translation_key(point, coordinator.profile),
        )
        super().__init__(coordinator, description, point)

    @property
    def is_on(self) -> bool | None:
        """The flag the unit reports now."""
        value = self.coordinator.data.points.get(self.point_key)
        return value if isinstance(value, bool) else None

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Write on; the unit's read-back is checked."""
        await self.coordinator.async_write_point(self._point, True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Write off; the unit's read-back is checked."""
        await self.coordinator.async_write_point(self._point, False)
