"""Sensors: computed performance, energy for the Energy dashboard, profile points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfPower,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.analytics.metrics import Metrics
from .core.profile.model import Point
from .core.quantities import Kind, Mode
from .core.readings import to_quantity_value
from .entity import HeatPumpEntity, PointEntity
from .features import Feature, remove_unused, unit_features
from .point_entities import (
    is_sensor_point,
    point_sensor_description,
    quantity_translation_key,
)
from .precision import native_decimals, rounded

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HeatPumpSensorEntityDescription(SensorEntityDescription):
    """A sensor computed by the analytics engine."""

    value_fn: Callable[[Metrics], StateType]
    kinds: frozenset[Kind] | None = None
    """Only for these kinds of unit (None: every kind)."""
    needs: Feature | None = None
    """Only for units with this feature (see ``features``)."""
    enabled_for: frozenset[Kind] = frozenset()
    """Kinds for which a figure disabled by default is enabled."""
    paced: bool = False
    """A figure over a period, written at most every ``PERIOD_FIGURES_EVERY``."""


def _cop(
    key: str, value_fn: Callable[[Metrics], StateType], **kwargs: object
) -> HeatPumpSensorEntityDescription:
    kwargs.setdefault("kinds", _HEATS)
    kwargs.setdefault("paced", True)
    return HeatPumpSensorEntityDescription(
        key=key,
        translation_key=key,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=value_fn,
        **kwargs,  # type: ignore[arg-type]
    )


def _energy(
    key: str, value_fn: Callable[[Metrics], StateType], **kwargs: object
) -> HeatPumpSensorEntityDescription:
    return HeatPumpSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=2,
        value_fn=value_fn,
        paced=True,
        **kwargs,  # type: ignore[arg-type]
    )


_HEATS = frozenset(Kind) - {Kind.DRYER, Kind.METER}
"""Units that deliver heat: a dryer has SMER and kWh per cycle, not COP."""
_HYDRONIC = frozenset(
    {Kind.AIR_TO_WATER, Kind.GROUND_SOURCE, Kind.WATER_SOURCE, Kind.WATER_HEATER}
)
_COOLING = frozenset(
    {
        Kind.AIR_TO_WATER,
        Kind.AIR_TO_AIR,
        Kind.GROUND_SOURCE,
        Kind.WATER_SOURCE,
        Kind.POOL,
    }
)
_SPACE = frozenset(
    {Kind.AIR_TO_WATER, Kind.AIR_TO_AIR, Kind.GROUND_SOURCE, Kind.WATER_SOURCE}
)

_DEFROST_LOSS_FIGURES = frozenset({"defrost_energy_today", "defrost_share_today"})
"""Figures that leave out what a defrost takes from the house when the unit
reports no heat power that can go negative."""

SENSORS: tuple[HeatPumpSensorEntityDescription, ...] = (
    HeatPumpSensorEntityDescription(
        key="heat_power",
        translation_key="heat_power",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda metrics: metrics.heat_power,
        kinds=_HEATS,
    ),
    HeatPumpSensorEntityDescription(
        key="electrical_power",
        translation_key="electrical_power",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda metrics: metrics.electrical_power,
    ),
    _cop("cop", lambda metrics: metrics.cop, paced=False),
    _cop("cop_today", lambda metrics: metrics.cop_today),
    # Equal to today's early in the month; the card's history shows each
    # month's COP from the energy statistics.
    _cop(
        "cop_month",
        lambda metrics: metrics.cop_month,
        entity_registry_enabled_default=False,
    ),
    # Calendar year: SCOP (the heating season) is the yearly figure owners
    # compare, and lifetime covers the rest.
    _cop(
        "cop_year",
        lambda metrics: metrics.cop_year,
        entity_registry_enabled_default=False,
    ),
    _cop("cop_lifetime", lambda metrics: metrics.cop_lifetime),
    _cop("scop", lambda metrics: metrics.scop, kinds=_SPACE),
    # COP today without the standby hours: a variant of COP today.
    _cop(
        "running_cop_today",
        lambda metrics: metrics.running_cop_today,
        entity_registry_enabled_default=False,
    ),
    _cop(
        "gross_cop_today",
        lambda metrics: metrics.gross_cop_today,
        needs=Feature.DEFROST,
        entity_registry_enabled_default=False,
    ),
    _cop("eer_today", lambda metrics: metrics.eer_today, kinds=_COOLING),
    _energy("heat_energy", lambda metrics: metrics.heat_energy, kinds=_HEATS),
    # Per-service energies add up to the totals above: for owners who
    # split the bill by service (an air-to-air unit's card needs heating's).
    _energy(
        "heat_energy_heating",
        lambda metrics: metrics.heat_energy_heating,
        kinds=_SPACE,
        entity_registry_enabled_default=False,
        enabled_for=frozenset({Kind.AIR_TO_AIR}),
    ),
    _energy(
        "heat_energy_dhw",
        lambda metrics: metrics.heat_energy_dhw,
        kinds=_HYDRONIC,
        entity_registry_enabled_default=False,
    ),
    # A pool's one service (the card recognises a pool by its heat).
    _energy(
        "heat_energy_pool",
        lambda metrics: metrics.heat_energy_pool,
        kinds=frozenset({Kind.POOL}),
    ),
    _energy(
        "heat_energy_other",
        lambda metrics: metrics.heat_energy_other,
        kinds=_HEATS,
        entity_registry_enabled_default=False,
    ),
    _energy("cooling_energy", lambda metrics: metrics.cooling_energy, kinds=_COOLING),
    _energy("electrical_energy", lambda metrics: metrics.electrical_energy),
    _energy(
        "electrical_energy_heating",
        lambda metrics: metrics.electrical_energy_heating,
        kinds=_SPACE,
        entity_registry_enabled_default=False,
    ),
    _energy(
        "electrical_energy_dhw",
        lambda metrics: metrics.electrical_energy_dhw,
        kinds=_HYDRONIC,
        entity_registry_enabled_default=False,
    ),
    _energy(
        "electrical_energy_pool",
        lambda metrics: metrics.electrical_energy_pool,
        kinds=frozenset({Kind.POOL}),
    ),
    _energy(
        "electrical_energy_cooling",
        lambda metrics: metrics.electrical_energy_cooling,
        kinds=_COOLING,
        entity_registry_enabled_default=False,
    ),
    _energy(
        "electrical_energy_other",
        lambda metrics: metrics.electrical_energy_other,
        kinds=_HEATS,
        entity_registry_enabled_default=False,
    ),
    _energy(
        "backup_heater_energy",
        lambda metrics: metrics.backup_heater_energy,
        needs=Feature.BACKUP_HEATER,
    ),
    HeatPumpSensorEntityDescription(
        key="defrost_count_today",
        translation_key="defrost_count_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        value_fn=lambda metrics: metrics.defrost_count_today,
        needs=Feature.DEFROST,
    ),
    HeatPumpSensorEntityDescription(
        key="defrost_count",
        translation_key="defrost_count",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        value_fn=lambda metrics: metrics.defrost_count,
        needs=Feature.DEFROST,
    ),
    HeatPumpSensorEntityDescription(
        key="defrost_duration_today",
        translation_key="defrost_duration_today",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=1,
        paced=True,
        value_fn=lambda metrics: metrics.defrost_duration_today,
        needs=Feature.DEFROST,
    ),
    HeatPumpSensorEntityDescription(
        key="defrost_energy_today",
        translation_key="defrost_energy_today",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=2,
        paced=True,
        value_fn=lambda metrics: metrics.defrost_energy_today,
        needs=Feature.DEFROST,
    ),
    HeatPumpSensorEntityDescription(
        key="defrost_share_today",
        translation_key="defrost_share_today",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        paced=True,
        value_fn=lambda metrics: metrics.defrost_share_today,
        needs=Feature.DEFROST,
    ),
    HeatPumpSensorEntityDescription(
        key="compressor_starts_today",
        translation_key="compressor_starts_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        value_fn=lambda metrics: metrics.compressor_starts_today,
    ),
    HeatPumpSensorEntityDescription(
        key="compressor_starts_per_hour",
        translation_key="compressor_starts_per_hour",
        state_class=SensorStateClass.MEASUREMENT,
        # Whole starts: today's rate falls a little every round between
        # starts, so tenths made a state a round; whole starts per hour are
        # what an owner acts on (short cycling begins above 3).
        suggested_display_precision=0,
        paced=True,
        value_fn=lambda metrics: metrics.compressor_starts_per_hour,
    ),
    HeatPumpSensorEntityDescription(
        key="compressor_cycles_today",
        translation_key="compressor_cycles_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        suggested_display_precision=0,
        # Completed cycles: starts today, less the running one.
        entity_registry_enabled_default=False,
        value_fn=lambda metrics: metrics.compressor_cycles_today,
    ),
    HeatPumpSensorEntityDescription(
        key="mean_run_time",
        translation_key="mean_run_time",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        paced=True,
        value_fn=lambda metrics: metrics.mean_run_time,
    ),
    _cop(
        "carnot_cop",
        lambda metrics: metrics.carnot_cop,
        entity_category=EntityCategory.DIAGNOSTIC,
        paced=False,
    ),
    HeatPumpSensorEntityDescription(
        key="carnot_efficiency",
        translation_key="carnot_efficiency",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=lambda metrics: metrics.carnot_efficiency,
        kinds=_HEATS,
        # Live COP over Carnot COP, both shown: for owners tuning a unit.
        entity_registry_enabled_default=False,
    ),
    # What the unit should reach at these temperatures, and live COP over it:
    # for owners tuning a unit.
    _cop(
        "expected_cop",
        lambda metrics: metrics.expected_cop,
        entity_registry_enabled_default=False,
        paced=False,
    ),
    _cop(
        "performance_index",
        lambda metrics: metrics.performance_index,
        entity_registry_enabled_default=False,
        paced=False,
    ),
    HeatPumpSensorEntityDescription(
        key="operating_mode",
        translation_key="operating_mode",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in Mode if mode is not Mode.AUTO],
        value_fn=lambda metrics: metrics.operating_mode,
    ),
    _cop(
        "cop_per_cycle",
        lambda metrics: (
            metrics.water_heater.cop_per_cycle if metrics.water_heater else None
        ),
        kinds=frozenset({Kind.WATER_HEATER}),
    ),
    HeatPumpSensorEntityDescription(
        key="standing_loss",
        translation_key="standing_loss",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        # A figure per day, not a meter: HA allows energy only as total or
        # total_increasing, and neither fits, so no state class.
        suggested_display_precision=2,
        value_fn=lambda metrics: (
            metrics.water_heater.standing_loss if metrics.water_heater else None
        ),
        kinds=frozenset({Kind.WATER_HEATER}),
    ),
    HeatPumpSensorEntityDescription(
        key="smer",
        translation_key="smer",
        native_unit_of_measurement="kg/kWh",
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=2,
        value_fn=lambda metrics: metrics.dryer.smer if metrics.dryer else None,
        kinds=frozenset({Kind.DRYER}),
    ),
    HeatPumpSensorEntityDescription(
        key="energy_per_cycle",
        translation_key="energy_per_cycle",
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        # A figure per cycle, not a meter: HA allows energy only as total or
        # total_increasing, and neither fits, so no state class.
        suggested_display_precision=2,
        value_fn=lambda metrics: (
            metrics.dryer.energy_per_cycle if metrics.dryer else None
        ),
        kinds=frozenset({Kind.DRYER}),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Computed sensors for the unit's kind, plus one per readable profile point."""
    coordinator = entry.runtime_data
    kind = coordinator.engine_config.kind
    features = unit_features(coordinator)
    # A meter only supplies readings; a heat pump uses them (see README).
    applies = [
        description
        for description in SENSORS
        if kind is not Kind.METER
        and (description.kinds is None or kind in description.kinds)
        and (description.needs is None or description.needs in features)
    ]
    remove_unused(
        coordinator, "sensor", {d.key for d in SENSORS} - {d.key for d in applies}
    )
    entities: list[SensorEntity] = [
        HeatPumpSensor(coordinator, description) for description in applies
    ]
    if coordinator.profile is not None:
        entities.extend(
            PointSensor(coordinator, point)
            for point in coordinator.profile.points
            if is_sensor_point(point)
        )
    async_add_entities(entities)


class HeatPumpSensor(HeatPumpEntity, SensorEntity):
    """A value the analytics engine computes."""

    entity_description: HeatPumpSensorEntityDescription

    def __init__(
        self,
        coordinator: HeatPumpCoordinator,
        description: HeatPumpSensorEntityDescription,
    ) -> None:
        """Keep the figure as precisely as a person could see it."""
        super().__init__(coordinator, description)
        self._decimals = native_decimals(description)
        self.paced = description.paced
        if coordinator.engine_config.kind in description.enabled_for:
            self._attr_entity_registry_enabled_default = True
        if (
            description.key in _DEFROST_LOSS_FIGURES
            and not coordinator.defrost_losses_measured
        ):
            # Static: known at setup, never a per-update attribute.
            self._attr_extra_state_attributes = {"defrost_losses": "not_measured"}

    @property
    def native_value(self) -> StateType:
        """The engine's latest figure (unknown before the first reading)."""
        metrics = self.coordinator.data.metrics
        if metrics is None:
            return None
        return rounded(self.entity_description.value_fn(metrics), self._decimals)

    def shown(self) -> StateType:
        """The rounded figure."""
        return self.native_value


class PointSensor(PointEntity, SensorEntity):
    """A profile point, as the unit reports it, in its quantity's unit."""

    def __init__(self, coordinator: HeatPumpCoordinator, point: Point) -> None:
        """Describe the point from its quantity, unit and values."""
        assert coordinator.profile is not None
        key = quantity_translation_key(point, coordinator.profile)
        description = point_sensor_description(point, key)
        super().__init__(coordinator, description, point)
        self._decimals = native_decimals(description)

    @property
    def native_value(self) -> StateType:
        """The point's latest value."""
        value = self.coordinator.data.points.get(self.point_key)
        if value is None or isinstance(value, bool):
            return None
        return rounded(to_quantity_value(self._point, value), self._decimals)

    def shown(self) -> StateType:
        """The rounded value."""
        return self.native_value
