"""Climate: space heating and cooling, limited to what the profile can write."""

from __future__ import annotations

from typing import Any

from homeassistant.components.climate import ClimateEntity, ClimateEntityDescription
from homeassistant.components.climate.const import (
    ClimateEntityFeature,
    HVACAction,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import HeatPumpConfigEntry, HeatPumpCoordinator
from .core.profile.model import Point
from .core.quantities import Kind, Mode, Quantity
from .core.readings import to_quantity_value
from .entity import HeatPumpEntity

PARALLEL_UPDATES = 1

SPACE_KINDS = {
    Kind.AIR_TO_WATER,
    Kind.AIR_TO_AIR,
    Kind.GROUND_SOURCE,
    Kind.WATER_SOURCE,
}

HVAC_BY_MODE: dict[str, HVACMode] = {
    Mode.OFF: HVACMode.OFF,
    Mode.HEATING: HVACMode.HEAT,
    Mode.COOLING: HVACMode.COOL,
    Mode.AUTO: HVACMode.HEAT_COOL,
    Mode.DRYING: HVACMode.DRY,
}
ACTION_BY_MODE: dict[str, HVACAction] = {
    Mode.OFF: HVACAction.OFF,
    Mode.STANDBY: HVACAction.IDLE,
    Mode.HEATING: HVACAction.HEATING,
    Mode.COOLING: HVACAction.COOLING,
    Mode.DEFROST: HVACAction.DEFROSTING,
    Mode.DHW: HVACAction.IDLE,
    Mode.POOL: HVACAction.IDLE,
    Mode.DRYING: HVACAction.DRYING,
}


def _target_point(coordinator: HeatPumpCoordinator) -> Point | None:
    profile = coordinator.profile
    assert profile is not None
    for quantity in (Quantity.ROOM_TARGET_TEMPERATURE, Quantity.TARGET_TEMPERATURE):
        point = profile.point_for(quantity)
        if point is not None and point.is_writable:
            return point
    return None


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A climate entity for space heating/cooling units that accept commands."""
    coordinator = entry.runtime_data
    profile = coordinator.profile
    if profile is None or profile.kind not in SPACE_KINDS:
        return
    mode = profile.point_for(Quantity.MODE_SETTING)
    mode_point = mode if mode is not None and mode.is_writable else None
    target = _target_point(coordinator)
    if mode_point is None and target is None:
        return
    async_add_entities([HeatPumpClimate(coordinator, mode_point, target)])


class HeatPumpClimate(HeatPumpEntity, ClimateEntity):
    """Mode and setpoint of the space heating/cooling circuit."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_name = None
    _enable_turn_on_off_backwards_compatibility = False

    def __init__(
        self,
        coordinator: HeatPumpCoordinator,
        mode_point: Point | None,
        target_point: Point | None,
    ) -> None:
        """Offer only the HVAC modes and setpoint the profile can write."""
        super().__init__(
            coordinator,
            ClimateEntityDescription(key="climate", translation_key="heat_pump"),
        )
        self._mode_point = mode_point
        self._target_point = target_point
        self._mode_by_hvac: dict[HVACMode, str] = {}
        if mode_point is not None:
            for value in mode_point.command_map.values():
                if (hvac := HVAC_BY_MODE.get(str(value))) is not None:
                    self._mode_by_hvac.setdefault(hvac, str(value))
        self._attr_hvac_modes = list(self._mode_by_hvac) or [HVACMode.HEAT]
        features = ClimateEntityFeature(0)
        if target_point is not None and target_point.writable is not None:
            features |= ClimateEntityFeature.TARGET_TEMPERATURE
            bounds = target_point.writable
            if bounds.min is not None:
                self._attr_min_temp = float(to_quantity_value(target_point, bounds.min))
            if bounds.max is not None:
                self._attr_max_temp = float(to_quantity_value(target_point, bounds.max))
            self._attr_target_temperature_step = bounds.step or 0.5
        if HVACMode.OFF in self._mode_by_hvac and len(self._mode_by_hvac) > 1:
            features |= ClimateEntityFeature.TURN_OFF | ClimateEntityFeature.TURN_ON
        self._attr_supported_features = features

    @property
    def hvac_mode(self) -> HVACMode | None:
        """The mode the unit is set to."""
        quantities = self.coordinator.data.quantities
        setting = quantities.get(Quantity.MODE_SETTING)
        if setting is not None:
            return HVAC_BY_MODE.get(str(setting))
        return self._attr_hvac_modes[0] if len(self._attr_hvac_modes) == 1 else None

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the unit is doing, defrost included."""
        metrics = self.coordinator.data.metrics
        if metrics.get("defrost_active"):
            return HVACAction.DEFROSTING
        mode = metrics.get("operating_mode")
        return ACTION_BY_MODE.get(str(mode)) if mode is not None else None

    @property
    def current_temperature(self) -> float | None:
        """Room temperature, or the flow temperature for a flow setpoint."""
        quantities = self.coordinator.data.quantities
        for quantity in (Quantity.ROOM_TEMPERATURE, Quantity.FLOW_TEMPERATURE):
            if isinstance(value := quantities.get(quantity), int | float):
                return float(value)
        return None

    @property
    def target_temperature(self) -> float | None:
        """The setpoint the unit reports."""
        if self._target_point is None or self._target_point.quantity is None:
            return None
        value = self.coordinator.data.quantities.get(self._target_point.quantity)
        return float(value) if isinstance(value, int | float) else None

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch mode; a heat/cool reversal inside the dwell time is refused."""
        if self._mode_point is None or hvac_mode not in self._mode_by_hvac:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="hvac_mode_not_supported",
                translation_placeholders={"mode": str(hvac_mode)},
            )
        await self.coordinator.async_write_point(
            self._mode_point, self._mode_by_hvac[hvac_mode]
        )

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Write the setpoint within the profile's bounds."""
        if (temperature := kwargs.get(ATTR_TEMPERATURE)) is None:
            return
        if self._target_point is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="setpoint_not_writable"
            )
        await self.coordinator.async_write_point(self._target_point, float(temperature))

    async def async_turn_off(self) -> None:
        """Switch the unit off."""
        await self.async_set_hvac_mode(HVACMode.OFF)

    async def async_turn_on(self) -> None:
        """Switch to the first mode that is not off."""
        mode = next(m for m in self._mode_by_hvac if m is not HVACMode.OFF)
        await self.async_set_hvac_mode(mode)
