"""Binary sensors: compressor, defrost, reversing valve, short cycling, fault."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator, HeatPumpData
from .core.profile.model import Point
from .core.quantities import Kind, Quantity
from .entity import HeatPumpEntity, PointEntity
from .point_entities import is_binary_point, quantity_translation_key

PARALLEL_UPDATES = 0

_NO_FAULT = {"", "0", "none", "no error", "ok", "h00", "0.0"}


@dataclass(frozen=True, kw_only=True)
class HeatPumpBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A flag the engine or the unit reports."""

    value_fn: Callable[[HeatPumpData], bool | None]


def _metric(key: str) -> Callable[[HeatPumpData], bool | None]:
    def value(data: HeatPumpData) -> bool | None:
        result = data.metrics.get(key)
        return result if isinstance(result, bool) else None

    return value


def _fault(data: HeatPumpData) -> bool | None:
    code = data.quantities.get(Quantity.ERROR_CODE)
    if code is None:
        return None
    return str(code).strip().lower() not in _NO_FAULT


BINARY_SENSORS: tuple[HeatPumpBinarySensorEntityDescription, ...] = (
    HeatPumpBinarySensorEntityDescription(
        key="compressor_running",
        translation_key="compressor_running",
        device_class=BinarySensorDeviceClass.RUNNING,
        value_fn=_metric("compressor_running"),
    ),
    HeatPumpBinarySensorEntityDescription(
        key="defrost",
        translation_key="defrost",
        value_fn=_metric("defrost_active"),
    ),
    HeatPumpBinarySensorEntityDescription(
        key="reversing_valve",
        translation_key="reversing_valve",
        value_fn=_metric("reversing_valve"),
    ),
    HeatPumpBinarySensorEntityDescription(
        key="short_cycling",
        translation_key="short_cycling",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=_metric("short_cycling"),
    ),
    HeatPumpBinarySensorEntityDescription(
        key="fault",
        translation_key="fault",
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_fault,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Computed flags, plus one per read-only flag point of the profile."""
    coordinator = entry.runtime_data
    profile = coordinator.profile
    entities: list[BinarySensorEntity] = []
    if coordinator.engine_config.kind is not Kind.METER:
        entities.extend(
            HeatPumpBinarySensor(coordinator, description)
            for description in BINARY_SENSORS
            if description.key != "fault"
            or profile is None
            or profile.point_for(Quantity.ERROR_CODE) is not None
        )
    if profile is not None:
        entities.extend(
            PointBinarySensor(coordinator, point)
            for point in profile.points
            if is_binary_point(point)
        )
    async_add_entities(entities)


class HeatPumpBinarySensor(HeatPumpEntity, BinarySensorEntity):
    """A computed flag."""

    entity_description: HeatPumpBinarySensorEntityDescription

    @property
    def is_on(self) -> bool | None:
        """The engine's latest state."""
        return self.entity_description.value_fn(self.coordinator.data)

    def shown(self) -> bool | None:
        """On, off or unknown."""
        return self.is_on


class PointBinarySensor(PointEntity, BinarySensorEntity):
    """A read-only flag point of the profile."""

    def __init__(self, coordinator: HeatPumpCoordinator, point: Point) -> None:
        """Name the flag after its quantity or the profile's name."""
        assert coordinator.profile is not None
        key = quantity_translation_key(point, coordinator.profile)
        description = BinarySensorEntityDescription(
            key=f"point_{point.key}", translation_key=key
        )
        super().__init__(coordinator, description, point)

    @property
    def is_on(self) -> bool | None:
        """The point's latest value."""
        value = self.coordinator.data.points.get(self.point_key)
        return value if isinstance(value, bool) else None
