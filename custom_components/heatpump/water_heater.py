"""Water heater: the domestic hot water tank."""

from __future__ import annotations

from typing import Any

from homeassistant.components.water_heater import (
    STATE_HEAT_PUMP,
    WaterHeaterEntity,
    WaterHeaterEntityDescription,
    WaterHeaterEntityFeature,
)
from homeassistant.const import ATTR_TEMPERATURE, STATE_OFF, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.profile.model import Point
from .core.quantities import Mode, Quantity
from .core.readings import to_quantity_value
from .entity import HeatPumpEntity

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A water heater for units with a DHW tank sensor."""
    coordinator = entry.runtime_data
    profile = coordinator.profile
    if profile is None or profile.point_for(Quantity.DHW_TEMPERATURE) is None:
        return
    target = profile.point_for(Quantity.DHW_TARGET_TEMPERATURE)
    async_add_entities(
        [
            HeatPumpWaterHeater(
                coordinator, target if target and target.is_writable else None
            )
        ]
    )


class HeatPumpWaterHeater(HeatPumpEntity, WaterHeaterEntity):
    """Tank temperature and its target."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS

    def __init__(self, coordinator: HeatPumpCoordinator, target: Point | None) -> None:
        """Writable target only when the profile declares it."""
        super().__init__(
            coordinator,
            WaterHeaterEntityDescription(
                key="water_heater", translation_key="dhw_tank"
            ),
        )
        self._target = target
        if target is not None and target.writable is not None:
            self._attr_supported_features = WaterHeaterEntityFeature.TARGET_TEMPERATURE
            if target.writable.min is not None:
                self._attr_min_temp = float(
                    to_quantity_value(target, target.writable.min)
                )
            if target.writable.max is not None:
                self._attr_max_temp = float(
                    to_quantity_value(target, target.writable.max)
                )

    def _number(self, quantity: Quantity) -> float | None:
        value = self.coordinator.data.quantities.get(quantity)
        return (
            float(value)
            if isinstance(value, int | float) and not isinstance(value, bool)
            else None
        )

    @property
    def current_temperature(self) -> float | None:
        """Tank temperature."""
        return self._number(Quantity.DHW_TEMPERATURE)

    @property
    def target_temperature(self) -> float | None:
        """Tank target."""
        return self._number(Quantity.DHW_TARGET_TEMPERATURE)

    @property
    def current_operation(self) -> str | None:
        """One of HA's operation states: heat pump while the unit is on."""
        metrics = self.coordinator.data.metrics
        if metrics is None or (mode := metrics.operating_mode) is None:
            return None
        return STATE_OFF if mode == Mode.OFF else STATE_HEAT_PUMP

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Write the tank target within the profile's bounds."""
        if (
            temperature := kwargs.get(ATTR_TEMPERATURE)
        ) is None or self._target is None:
            return
        await self.coordinator.async_write_point(self._target, float(temperature))
