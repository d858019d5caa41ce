"""Power from what the unit reports when it reports no power itself.

See ``engine`` for the precedence.  All functions return W, or None (NaN for
the hydronic factor) when the inputs do not allow a value, e.g. a meter
temperature outside the fluid's range; they never raise.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..physics.fluids import Fluid
from ..physics.heat import (
    air_sensible_heat_power,
    air_total_heat_power,
    hydronic_heat_power,
)
from ..quantities import Quantity, Value

NAN = float("nan")


def hydronic_factor(fluid: Fluid, mass_fraction: float, meter_temp: float) -> float:
    """W per (l/min·K) with rho·cp at the meter; NaN outside the fluid's range.

    Heat is this factor × flow rate × (flow − return): the physics formula is
    linear in both, so the engine caches the factor per meter temperature.
    """
    try:
        return hydronic_heat_power(1.0, 1.0, 0.0, fluid, mass_fraction, meter_temp)
    except ValueError:
        return NAN


def electrical_from_vi(
    vals: Mapping[Quantity, Value], assumed_power_factor: float
) -> float | None:
    """V × I × PF; the assumed PF when the unit reports none."""
    volts = vals.get(Quantity.VOLTAGE)
    amps = vals.get(Quantity.CURRENT)
    if volts is None or amps is None:
        return None
    pf = vals.get(Quantity.POWER_FACTOR)
    factor = assumed_power_factor if pf is None else float(pf)
    return float(volts) * float(amps) * factor


def air_side(vals: Mapping[Quantity, Value], supply: float, ret: float) -> float | None:
    """Heat given to the air: total (with humidity) when both RH are known."""
    airflow = vals.get(Quantity.AIRFLOW)
    if airflow is None:
        return None
    rh_s = vals.get(Quantity.SUPPLY_AIR_HUMIDITY)
    rh_r = vals.get(Quantity.RETURN_AIR_HUMIDITY)
    try:
        if rh_s is not None and rh_r is not None:
            return air_total_heat_power(
                float(airflow), supply, float(rh_s), ret, float(rh_r)
            )
        return air_sensible_heat_power(float(airflow), supply, ret)
    except ValueError:
        return None
