"""Entity descriptions for profile points, derived from their quantity and unit."""

from __future__ import annotations

from typing import ClassVar

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.components.sensor.const import DEVICE_CLASS_UNITS
from homeassistant.const import EntityCategory, Platform
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.profile.model import DataType, ModbusPoint, Point, Profile
from .core.quantities import QUANTITIES, Quantity, Value, ValueType
from .entity import PointEntity

# Unit (as HA spells it) -> device class; the quantity decides where units are
# shared.  A unit the running HA line does not list for the class gets none.
_DEVICE_CLASS_BY_UNIT: dict[str, SensorDeviceClass] = {
    "°C": SensorDeviceClass.TEMPERATURE,
    "°F": SensorDeviceClass.TEMPERATURE,
    "W": SensorDeviceClass.POWER,
    "kW": SensorDeviceClass.POWER,
    "kWh": SensorDeviceClass.ENERGY,
    "Wh": SensorDeviceClass.ENERGY,
    "Hz": SensorDeviceClass.FREQUENCY,
    "V": SensorDeviceClass.VOLTAGE,
    "A": SensorDeviceClass.CURRENT,
    "bar": SensorDeviceClass.PRESSURE,
    "L/min": SensorDeviceClass.VOLUME_FLOW_RATE,
    "L/h": SensorDeviceClass.VOLUME_FLOW_RATE,
    "m³/h": SensorDeviceClass.VOLUME_FLOW_RATE,
    "h": SensorDeviceClass.DURATION,
    "min": SensorDeviceClass.DURATION,
    "s": SensorDeviceClass.DURATION,
    "kg": SensorDeviceClass.WEIGHT,
}
_HUMIDITY = {
    Quantity.RETURN_AIR_HUMIDITY,
    Quantity.SUPPLY_AIR_HUMIDITY,
    Quantity.OUTDOOR_HUMIDITY,
}
_COUNTERS = {
    Quantity.ELECTRICAL_ENERGY,
    Quantity.HEAT_ENERGY,
    Quantity.COMPRESSOR_STARTS,
    Quantity.COMPRESSOR_HOURS,
}
_DIAGNOSTIC = {
    Quantity.VOLTAGE,
    Quantity.CURRENT,
    Quantity.POWER_FACTOR,
    Quantity.WATER_PRESSURE,
    Quantity.ERROR_CODE,
    Quantity.COMPRESSOR_HOURS,
    Quantity.COMPRESSOR_STARTS,
    Quantity.ELECTRICAL_ENERGY,
    Quantity.HEAT_ENERGY,
}
"""The unit's own counters and electrical details: the computed totals and
the fault sensor are what a homeowner watches."""


def quantity_translation_key(point: Point, profile: Profile) -> str | None:
    """``point_<quantity>`` when the point alone names its quantity, else None.

    A summed point, or a second point of the same quantity, keeps the name
    the profile gives it, so that two entities never share one name.
    """
    quantity = point.quantity
    if quantity is None or point.sum or profile.point_for(quantity) is not point:
        return None
    return f"point_{quantity.value}"


_HA_UNITS = {"l/min": "L/min", "l/h": "L/h"}
"""Core unit spellings that Home Assistant spells differently."""


def point_unit(point: Point) -> str | None:
    """The unit the entity shows: the quantity's canonical unit, else the point's."""
    unit = QUANTITIES[point.quantity].unit if point.quantity is not None else point.unit
    return _HA_UNITS.get(unit, unit) if unit else None


def value_type(point: Point) -> ValueType:
    """How the point's value is represented."""
    if point.quantity is not None:
        return QUANTITIES[point.quantity].value_type
    if point.value_map:
        values = set(point.value_map.values())
        if values <= {True, False}:
            return ValueType.BOOL
        return ValueType.ENUM
    return ValueType.NUMBER


BUTTON_QUANTITIES = frozenset({Quantity.FORCE_DHW})
"""One-off commands: pressed, not switched (the unit clears them itself)."""


def control_points(profile: Profile | None, platform: Platform) -> list[Point]:
    """The profile's writable points that want an entity on ``platform``."""
    if profile is None:
        return []
    return [
        point
        for point in profile.points
        if point.entity and point.is_writable and _control_platform(point) is platform
    ]


def _control_platform(point: Point) -> Platform:
    kind = value_type(point)
    if kind is ValueType.ENUM:
        return Platform.SELECT
    if kind is ValueType.BOOL:
        if point.quantity in BUTTON_QUANTITIES:
            return Platform.BUTTON
        return Platform.SWITCH
    return Platform.NUMBER


class ControlEntity(PointEntity):
    """A writable point's entity, named after its quantity where it can be."""

    platform_kind: ClassVar[Platform]

    def __init__(self, coordinator: HeatPumpCoordinator, point: Point) -> None:
        """The description comes from the point (see :meth:`describe`)."""
        assert coordinator.profile is not None
        translation_key = quantity_translation_key(point, coordinator.profile)
        super().__init__(coordinator, self.describe(point, translation_key), point)

    @classmethod
    def describe(cls, point: Point, translation_key: str | None) -> EntityDescription:
        """The entity description of ``point`` (platforms add their fields)."""
        return EntityDescription(
            key=f"point_{point.key}", translation_key=translation_key
        )

    @property
    def reported(self) -> Value | None:
        """The point's value as the unit reports it now."""
        return self.coordinator.data.points.get(self.point_key)

    async def async_write(self, value: Value) -> None:
        """Write the point: bounded, guarded and read back by the coordinator."""
        await self.coordinator.async_write_point(self._point, value)


def async_add_controls(
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entity_class: type[ControlEntity],
) -> None:
    """One ``entity_class`` entity per writable point of its platform."""
    coordinator = entry.runtime_data
    async_add_entities(
        entity_class(coordinator, point)
        for point in control_points(coordinator.profile, entity_class.platform_kind)
    )


def is_sensor_point(point: Point) -> bool:
    """Read-only points that are not flags become sensors."""
    return (
        point.entity
        and not point.is_writable
        and value_type(point) is not ValueType.BOOL
    )


def is_binary_point(point: Point) -> bool:
    """Read-only flags become binary sensors."""
    return (
        point.entity and not point.is_writable and value_type(point) is ValueType.BOOL
    )


def point_sensor_description(
    point: Point, translation_key: str | None
) -> SensorEntityDescription:
    """Device class, state class and precision from the quantity and unit."""
    unit = point_unit(point)
    kind = value_type(point)
    quantity = point.quantity
    if kind is ValueType.ENUM:
        options = (
            list(QUANTITIES[quantity].options)
            if quantity is not None
            else sorted({str(v) for v in point.value_map.values()})
        )
        return SensorEntityDescription(
            key=f"point_{point.key}",
            translation_key=translation_key,
            device_class=SensorDeviceClass.ENUM,
            options=options,
        )
    if kind is ValueType.TEXT:
        return SensorEntityDescription(
            key=f"point_{point.key}",
            translation_key=translation_key,
            entity_category=EntityCategory.DIAGNOSTIC,
        )
    if quantity is None and unit is None and not isinstance(point, ModbusPoint):
        # An MQTT value of no quantity and no unit may be text ("Heating"):
        # HA refuses text in a sensor that has a state class or a precision.
        return SensorEntityDescription(
            key=f"point_{point.key}", translation_key=translation_key
        )
    device_class = _DEVICE_CLASS_BY_UNIT.get(unit or "")
    if quantity in _HUMIDITY:
        device_class = SensorDeviceClass.HUMIDITY
    if device_class is not None and unit not in DEVICE_CLASS_UNITS.get(
        device_class, {unit}
    ):
        device_class = None
    state_class: SensorStateClass | None = SensorStateClass.MEASUREMENT
    raw_energy = device_class is SensorDeviceClass.ENERGY
    if raw_energy:
        # The unit's own kWh counters pass its glitches (a one-poll 0, a jump
        # of 10⁶ kWh) straight through: no statistics, so the Energy
        # dashboard only ever sees the guarded computed totals.
        state_class = None
    elif quantity in _COUNTERS:
        state_class = SensorStateClass.TOTAL_INCREASING
    return SensorEntityDescription(
        key=f"point_{point.key}",
        translation_key=translation_key,
        device_class=device_class,
        native_unit_of_measurement=unit,
        state_class=state_class,
        suggested_display_precision=_precision(point),
        entity_category=(
            EntityCategory.DIAGNOSTIC if quantity in _DIAGNOSTIC or raw_energy else None
        ),
    )


_REPORTED_DECIMALS: dict[str | None, int] = {
    "°C": 1,
    "°F": 1,
    "K": 1,
    "W": 0,
    "kW": 2,
    "kWh": 2,
    "Wh": 0,
    "Hz": 0,
    "V": 0,
    "A": 1,
    "bar": 2,
    "L/min": 1,
    "L/h": 0,
    "m³/h": 0,
    "%": 0,
    "h": 0,
    "min": 0,
    "s": 0,
    "kg": 2,
}
"""Decimals a unit's own display shows, for values whose resolution the wire
does not tell (MQTT text, float32 registers): 39.318 °C reads 39.3 °C."""


def _precision(point: Point) -> int:
    """Decimals the raw resolution supports (a 0.1 scale shows one decimal)."""
    if not isinstance(point, ModbusPoint) or point.data_type is DataType.FLOAT32:
        if point.quantity is Quantity.COMPRESSOR_STARTS:
            return 0
        return _REPORTED_DECIMALS.get(point_unit(point), 2)
    scale = abs(point.scale)
    decimals = 0
    while scale and scale < 1 and decimals < 3:
        scale *= 10
        decimals += 1
    return decimals
