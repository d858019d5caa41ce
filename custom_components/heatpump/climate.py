"""Climate: space heating and cooling, limited to what the profile can write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.climate import ClimateEntity, ClimateEntityDescription
from homeassistant.components.climate.const import (
    DEFAULT_MAX_TEMP,
    DEFAULT_MIN_TEMP,
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
from .core.profile.model import Point, Profile
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


@dataclass(frozen=True, slots=True)
class Setpoints:
    """What the climate entity controls: the temperature it shows as current
    and the point it writes as target in each HVAC mode."""

    translation_key: str
    current: tuple[Quantity, ...]
    heat: Point | None
    cool: Point | None


def _writable(profile: Profile, quantity: Quantity) -> Point | None:
    point = profile.point_for(quantity)
    return point if point is not None and point.is_writable else None


def setpoints(profile: Profile) -> Setpoints:
    """Room temperatures where the unit takes a room setpoint, else the flow.

    A flow setpoint is never shown next to a room reading: without a room
    setpoint the current temperature is the flow temperature.  A unit with
    only a heating-curve offset gets no setpoint here (its number sets it).
    """
    room = _writable(profile, Quantity.ROOM_TARGET_TEMPERATURE)
    if room is not None:
        return Setpoints(
            "room",
            (Quantity.ROOM_TEMPERATURE, Quantity.RETURN_AIR_TEMPERATURE),
            room,
            room,
        )
    return Setpoints(
        "flow",
        (Quantity.FLOW_TEMPERATURE,),
        _writable(profile, Quantity.TARGET_TEMPERATURE),
        _writable(profile, Quantity.COOLING_TARGET_TEMPERATURE),
    )


def _range(point: Point) -> tuple[float, float]:
    """The setpoint's documented range in °C (HA's defaults where open)."""
    bounds = point.writable
    low = bounds.min if bounds is not None and bounds.min is not None else None
    high = bounds.max if bounds is not None and bounds.max is not None else None
    return (
        float(to_quantity_value(point, low)) if low is not None else DEFAULT_MIN_TEMP,
        float(to_quantity_value(point, high)) if high is not None else DEFAULT_MAX_TEMP,
    )


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
    mode_point = _writable(profile, Quantity.MODE_SETTING)
    targets = setpoints(profile)
    if mode_point is None and targets.heat is None and targets.cool is None:
        return
    async_add_entities([HeatPumpClimate(coordinator, mode_point, targets)])


class HeatPumpClimate(HeatPumpEntity, ClimateEntity):
    """Mode and setpoint of the space heating/cooling circuit."""

    _attr_temperature_unit = UnitOfTemperature.CELSIUS

    def __init__(
        self,
        coordinator: HeatPumpCoordinator,
        mode_point: Point | None,
        targets: Setpoints,
    ) -> None:
        """Offer only the HVAC modes and setpoints the profile can write."""
        super().__init__(
            coordinator,
            ClimateEntityDescription(
                key="climate", translation_key=targets.translation_key
            ),
        )
        self._mode_point = mode_point
        self._targets = targets
        self._mode_by_hvac: dict[HVACMode, str] = {}
        if mode_point is not None:
            for value in mode_point.command_map.values():
                if (hvac := HVAC_BY_MODE.get(str(value))) is not None:
                    self._mode_by_hvac.setdefault(hvac, str(value))
        self._attr_hvac_modes = list(self._mode_by_hvac) or [
            HVACMode.HEAT if targets.heat is not None else HVACMode.COOL
        ]
        features = ClimateEntityFeature(0)
        points = [p for p in (targets.heat, targets.cool) if p is not None]
        if points:
            features |= ClimateEntityFeature.TARGET_TEMPERATURE
            lows, highs = zip(*(_range(p) for p in points), strict=True)
            self._attr_min_temp = min(lows)
            self._attr_max_temp = max(highs)
            step = points[0].writable.step if points[0].writable else None
            self._attr_target_temperature_step = step or 0.5
        if HVACMode.OFF in self._mode_by_hvac and len(self._mode_by_hvac) > 1:
            features |= ClimateEntityFeature.TURN_OFF | ClimateEntityFeature.TURN_ON
        self._attr_supported_features = features

    def _target_point(self) -> Point | None:
        """The setpoint of the mode the unit is in (cooling's while cooling)."""
        mode = self.hvac_mode
        metrics = self.coordinator.data.metrics
        cooling = mode is HVACMode.COOL or (
            mode is HVACMode.HEAT_COOL
            and metrics is not None
            and metrics.operating_mode == Mode.COOLING
        )
        if cooling and self._targets.cool is not None:
            return self._targets.cool
        return self._targets.heat or self._targets.cool

    @property
    def hvac_mode(self) -> HVACMode | None:
        """The mode the unit is set to."""
        quantities = self.coordinator.data.quantities
        setting = quantities.get(Quantity.MODE_SETTING)
        if setting == Mode.DHW:
            return HVACMode.OFF  # hot water only: the water heater shows it
        if setting is not None:
            return HVAC_BY_MODE.get(str(setting))
        return self._attr_hvac_modes[0] if len(self._attr_hvac_modes) == 1 else None

    @property
    def hvac_action(self) -> HVACAction | None:
        """What the unit is doing, defrost included."""
        metrics = self.coordinator.data.metrics
        if metrics is None:
            return None
        if metrics.defrost_active:
            return HVACAction.DEFROSTING
        mode = metrics.operating_mode
        return ACTION_BY_MODE.get(mode) if mode is not None else None

    @property
    def current_temperature(self) -> float | None:
        """The temperature the setpoint is about: the room's or the flow's."""
        quantities = self.coordinator.data.quantities
        for quantity in self._targets.current:
            if isinstance(value := quantities.get(quantity), int | float):
                return float(value)
        return None

    @property
    def target_temperature(self) -> float | None:
        """The setpoint of the current mode, as the unit reports it."""
        point = self._target_point()
        if point is None or point.quantity is None:
            return None
        value = self.coordinator.data.quantities.get(point.quantity)
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
        if (point := self._target_point()) is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="setpoint_not_writable"
            )
        await self.coordinator.async_write_point(point, float(temperature))

    async def async_turn_off(self) -> None:
        """Switch the unit off."""
        await self.async_set_hvac_mode(HVACMode.OFF)

    async def async_turn_on(self) -> None:
        """Switch to the first mode that is not off."""
        mode = next(m for m in self._mode_by_hvac if m is not HVACMode.OFF)
        await self.async_set_hvac_mode(mode)
