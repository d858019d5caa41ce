"""Numbers: writable setpoints and heating-curve points, bounded by the profile."""

from __future__ import annotations

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .core.profile.model import Point
from .core.quantities import Quantity
from .core.readings import to_quantity_value
from .point_entities import ControlEntity, async_add_controls, point_unit

PARALLEL_UPDATES = 1

OWNER_CONTROLS = frozenset(
    {
        Quantity.QUIET_MODE,
        Quantity.POWERFUL_MODE,
        Quantity.ZONE2_TARGET_TEMPERATURE,
        Quantity.ZONE2_HEATING_CURVE_OFFSET,
    }
)
"""Controls an owner uses day to day: not tucked away as configuration."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One number per writable numeric point."""
    async_add_controls(entry, async_add_entities, PointNumber)


class PointNumber(ControlEntity, NumberEntity):
    """A writable numeric point."""

    platform_kind = Platform.NUMBER

    @classmethod
    def describe(
        cls, point: Point, translation_key: str | None
    ) -> NumberEntityDescription:
        """Bounds and step come from the profile, in the canonical unit."""
        unit = point_unit(point)
        writable = point.writable
        assert writable is not None
        return NumberEntityDescription(
            key=f"point_{point.key}",
            translation_key=translation_key,
            device_class=NumberDeviceClass.TEMPERATURE if unit == "°C" else None,
            native_unit_of_measurement=unit,
            native_min_value=_bound(point, writable.min, 0.0),
            native_max_value=_bound(point, writable.max, 100.0),
            native_step=writable.step or 1.0,
            mode=NumberMode.BOX,
            entity_category=(
                None if point.quantity in OWNER_CONTROLS else EntityCategory.CONFIG
            ),
        )

    @property
    def native_value(self) -> float | None:
        """The setpoint the unit reports now."""
        value = self.reported
        if value is None or isinstance(value, bool | str):
            return None
        return float(to_quantity_value(self._point, value))

    async def async_set_native_value(self, value: float) -> None:
        """Write the setpoint; the unit's read-back is checked."""
        await self.async_write(value)


def _bound(point: Point, bound: float | None, default: float) -> float:
    if bound is None:
        return default
    return float(to_quantity_value(point, bound))
