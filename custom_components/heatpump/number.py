"""Numbers: writable setpoints and heating-curve points, bounded by the profile."""

from __future__ import annotations

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.profile.model import Point
from .core.quantities import ValueType
from .core.readings import to_quantity_value
from .entity import PointEntity
from .point_entities import point_unit, quantity_translation_key, writable_points

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One number per writable numeric point."""
    coordinator = entry.runtime_data
    async_add_entities(
        PointNumber(coordinator, point)
        for point in writable_points(coordinator.profile, ValueType.NUMBER)
    )


class PointNumber(PointEntity, NumberEntity):
    """A writable numeric point."""

    def __init__(self, coordinator: HeatPumpCoordinator, point: Point) -> None:
        """Bounds and step come from the profile, in the canonical unit."""
        unit = point_unit(point)
        writable = point.writable
        assert writable is not None
        assert coordinator.profile is not None
        super().__init__(
            coordinator,
            NumberEntityDescription(
                key=f"point_{point.key}",
                translation_key=quantity_translation_key(point, coordinator.profile),
                device_class=NumberDeviceClass.TEMPERATURE if unit == "°C" else None,
                native_unit_of_measurement=unit,
                native_min_value=_bound(point, writable.min, 0.0),
                native_max_value=_bound(point, writable.max, 100.0),
                native_step=writable.step or 1.0,
                mode=NumberMode.BOX,
                entity_category=EntityCategory.CONFIG,
            ),
            point,
        )

    @property
    def native_value(self) -> float | None:
        """The setpoint the unit reports now."""
        value = self.coordinator.data.points.get(self.point_key)
        if value is None or isinstance(value, bool | str):
            return None
        return float(to_quantity_value(self._point, value))

    async def async_set_native_value(self, value: float) -> None:
        """Write the setpoint; the unit's read-back is checked."""
        await self.coordinator.async_write_point(self._point, value)


def _bound(point: Point, bound: float | None, default: float) -> float:
    if bound is None:
        return default
    return float(to_quantity_value(point, bound))
