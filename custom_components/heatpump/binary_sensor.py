"""Binary sensors: compressor, defrost, reversing valve, short cycling, fault,
a pool's low ΔT."""

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

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.analytics.metrics import Metrics
from .core.profile.model import Point
from .core.quantities import Kind, Quantity
from .entity import HeatPumpEntity, PointEntity
from .features import Feature, remove_unused, unit_features
from .point_entities import is_binary_point, quantity_translation_key

PARALLEL_UPDATES = 0

_NO_FAULT = {"", "0", "none", "no error", "ok", "h00", "0.0"}


@dataclass(frozen=True, kw_only=True)
class HeatPumpBinarySensorEntityDescription(BinarySensorEntityDescription):
    """A flag the engine computes."""

    value_fn: Callable[[Metrics], bool | None]
    kinds: frozenset[Kind] | None = None
    """Only for these kinds of unit (None: every kind)."""
    needs: Feature | None = None
    """Only for units with this feature (see ``features``)."""


BINARY_SENSORS: tuple[HeatPumpBinarySensorEntityDescription, ...] = (
    HeatPumpBinarySensorEntityDescription(
        key="compressor_running",
        translation_key="compressor_running",
        device_class=BinarySensorDeviceClass.RUNNING,
        value_fn=lambda metrics: metrics.compressor_running,
    ),
    HeatPumpBinarySensorEntityDescription(
        key="defrost",
        translation_key="defrost",
        value_fn=lambda metrics: metrics.defrost_active,
        needs=Feature.DEFROST,
    ),
    HeatPumpBinarySensorEntityDescription(
        key="reversing_valve",
        translation_key="reversing_valve",
        value_fn=lambda metrics: metrics.reversing_valve,
        needs=Feature.REVERSING_VALVE,
    ),
    HeatPumpBinarySensorEntityDescription(
        key="short_cycling",
        translation_key="short_cycling",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda metrics: metrics.short_cycling,
    ),
    HeatPumpBinarySensorEntityDescription(
        key="pool_low_delta_t",
        translation_key="pool_low_delta_t",
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda metrics: (
            metrics.pool.pool_low_delta_t if metrics.pool else None
        ),
        kinds=frozenset({Kind.POOL}),
    ),
)
FAULT = BinarySensorEntityDescription(
    key="fault",
    translation_key="fault",
    device_class=BinarySensorDeviceClass.PROBLEM,
    entity_category=EntityCategory.DIAGNOSTIC,
)
"""The unit's error code, when its profile reads one."""


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Computed flags, plus one per read-only flag point of the profile."""
    coordinator = entry.runtime_data
    profile = coordinator.profile
    entities: list[BinarySensorEntity] = []
    kind = coordinator.engine_config.kind
    if kind is not Kind.METER:
        features = unit_features(coordinator)
        applies = [
            description
            for description in BINARY_SENSORS
            if (description.kinds is None or kind in description.kinds)
            and (description.needs is None or description.needs in features)
        ]
        remove_unused(
            coordinator,
            "binary_sensor",
            {d.key for d in BINARY_SENSORS} - {d.key for d in applies},
        )
        entities.extend(
            HeatPumpBinarySensor(coordinator, description) for description in applies
        )
        if profile is None or profile.point_for(Quantity.ERROR_CODE) is not None:
            entities.append(FaultBinarySensor(coordinator, FAULT))
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
        """The engine's latest state (unknown before the first reading)."""
        metrics = self.coordinator.data.metrics
        return None if metrics is None else self.entity_description.value_fn(metrics)

    def shown(self) -> bool | None:
        """On, off or unknown."""
        return self.is_on


class FaultBinarySensor(HeatPumpEntity, BinarySensorEntity):
    """On while the unit reports an error code other than "no error"."""

    @property
    def is_on(self) -> bool | None:
        """From the latest error code."""
        code = self.coordinator.data.quantities.get(Quantity.ERROR_CODE)
        if code is None:
            return None
        return str(code).strip().lower() not in _NO_FAULT

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
