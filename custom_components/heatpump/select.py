"""Select: the operating mode the unit is set to."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.profile.model import Point
from .core.quantities import Quantity, ValueType
from .entity import PointEntity
from .point_entities import quantity_translation_key, writable_points

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One select per writable enum point (the mode setting above all)."""
    coordinator = entry.runtime_data
    async_add_entities(
        PointSelect(coordinator, point)
        for point in writable_points(coordinator.profile, ValueType.ENUM)
    )


class PointSelect(PointEntity, SelectEntity):
    """A writable enum point; options are the values the profile can write."""

    def __init__(self, coordinator: HeatPumpCoordinator, point: Point) -> None:
        """Offer exactly the profile's values."""
        assert coordinator.profile is not None
        key = quantity_translation_key(point, coordinator.profile)
        super().__init__(
            coordinator,
            SelectEntityDescription(
                key=f"point_{point.key}",
                translation_key=(
                    "mode_setting" if key == f"point_{Quantity.MODE_SETTING}" else key
                ),
                options=list(dict.fromkeys(str(v) for v in point.command_map.values())),
            ),
            point,
        )

    @property
    def current_option(self) -> str | None:
        """The value the unit reports now."""
        value = self.coordinator.data.points.get(self.point_key)
        return str(value) if value is not None else None

    async def async_select_option(self, option: str) -> None:
        """Write the option (guarded against rapid heat/cool reversals)."""
        await self.coordinator.async_write_point(self._point, option)
