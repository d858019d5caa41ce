"""How precisely a sensor's native value is kept: what a person could see.

A state that changes in its seventh decimal is still a state change: a new
recorder row and work for every listener.  Values are rounded once, before
they are compared and written: energies to 1 Wh, power to 1 W, temperatures
to 0.1 °C, flow to 0.1 (L/min), COP-like ratios to 0.01, other ratios as they are shown.
"""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorEntityDescription
from homeassistant.const import PERCENTAGE, UnitOfEnergy, UnitOfPower
from homeassistant.helpers.typing import StateType

_ENERGY_DECIMALS: dict[str, int] = {
    UnitOfEnergy.WATT_HOUR: 0,
    UnitOfEnergy.KILO_WATT_HOUR: 3,
    UnitOfEnergy.MEGA_WATT_HOUR: 6,
}
_POWER_DECIMALS: dict[str, int] = {UnitOfPower.WATT: 0, UnitOfPower.KILO_WATT: 3}
_FLOW_DECIMALS: dict[str, int] = {"L/min": 1, "L/h": 0, "m³/h": 3}


def native_decimals(description: SensorEntityDescription) -> int | None:
    """Decimals kept of a numeric native value (None: kept as it is)."""
    unit = description.native_unit_of_measurement
    device_class = description.device_class
    if device_class is SensorDeviceClass.ENERGY:
        return _ENERGY_DECIMALS.get(unit or "")
    if device_class is SensorDeviceClass.POWER:
        return _POWER_DECIMALS.get(unit or "")
    if device_class is SensorDeviceClass.TEMPERATURE:
        return 1
    if device_class is SensorDeviceClass.DURATION:
        return 1
    if device_class is SensorDeviceClass.VOLUME_FLOW_RATE:
        # 0.1 L/min: a flow meter's noise is in the next decimal.
        return _FLOW_DECIMALS.get(unit or "")
    if device_class is None and description.state_class and unit in (None, PERCENTAGE):
        # COP, EER, performance index (0.01), starts per hour (0.1), shares
        # and % of Carnot (1 %): as precise as they are shown.
        precision = description.suggested_display_precision
        return (2 if unit is None else 1) if precision is None else precision
    return None


def rounded(value: StateType, decimals: int | None) -> StateType:
    """``value`` rounded to ``decimals`` (integers for 0), others unchanged."""
    if decimals is None or not isinstance(value, float):
        return value
    if decimals == 0:
        return round(value)
    return round(value, decimals)
