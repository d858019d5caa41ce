"""Heat power and stored energy from temperatures and flows.

Sources (physics notes):
- Hydronic: ``Q = rho·V̇·cp·(T_flow − T_return)``, rho and cp taken where the
  flow meter sits, usually the return line.
- Air, sensible: ``Q = rho_air·V̇·cp_air·dT``; total: ``Q = m_da·(h_in − h_out)``
  with ASHRAE 2017 ch. 1 eq. 30 (see ``air``).
- Tank: ``E = rho·V·cp·(T_end − T_start)`` and the idle cool-down
  ``UA = rho·V·cp·ln((T0 − Ta)/(T1 − Ta))/dt`` (EN 16147 style measurement).
"""

from __future__ import annotations

from math import log

from .air import (
    STANDARD_PRESSURE_PA,
    air_volumetric_heat_capacity,
    humidity_ratio,
    moist_air_enthalpy,
    moist_air_specific_volume,
)
from .fluids import WATER_PROPERTIES, Fluid, fluid_properties

_L_MIN_TO_M3_S = 1.0 / 60000.0
_M3_H_TO_M3_S = 1.0 / 3600.0
_J_PER_KWH = 3.6e6
_SECONDS_PER_DAY = 86400.0


def hydronic_heat_power(
    flow_l_min: float,
    flow_temp: float,
    return_temp: float,
    fluid: Fluid = Fluid.WATER,
    mass_fraction: float = 0.0,
    meter_temp: float | None = None,
) -> float:
    """Heat delivered by a water or brine loop in W (negative when flow < return).

    rho and cp are taken at ``meter_temp``, by default the return temperature,
    where flow meters usually sit.  ValueError if that temperature is outside the
    fluid's range (see ``fluids``).
    """
    props = fluid_properties(fluid, mass_fraction)
    rho_cp = props.volumetric_heat_capacity(
        return_temp if meter_temp is None else meter_temp
    )
    return rho_cp * flow_l_min * _L_MIN_TO_M3_S * (flow_temp - return_temp)


def air_sensible_heat_power(
    airflow_m3h: float, supply_temp: float, return_temp: float
) -> float:
    """Sensible heat given to the air in W (positive when supply is warmer).

    rho·cp of dry air at standard pressure is taken at the return (entering)
    air temperature, the state at which airflow is usually rated.
    """
    rho_cp = air_volumetric_heat_capacity(return_temp)
    return rho_cp * airflow_m3h * _M3_H_TO_M3_S * (supply_temp - return_temp)


def air_total_heat_power(
    airflow_m3h: float,
    supply_temp: float,
    supply_rh: float,
    return_temp: float,
    return_rh: float,
    pressure_pa: float = STANDARD_PRESSURE_PA,
) -> float:
    """Total (sensible + latent) heat given to the air in W, ``m_da·(h_s − h_r)``.

    The dry-air mass flow is the airflow divided by the specific volume of the
    return air (ASHRAE eq. 28).  In cooling the result is negative and includes
    the latent heat of the water condensed out; the condensate's own enthalpy
    (about 2 % of the latent part) is neglected.
    """
    w_return = humidity_ratio(return_temp, return_rh, pressure_pa)
    w_supply = humidity_ratio(supply_temp, supply_rh, pressure_pa)
    dry_air_kg_s = (
        airflow_m3h
        * _M3_H_TO_M3_S
        / moist_air_specific_volume(return_temp, w_return, pressure_pa)
    )
    dh_kj = moist_air_enthalpy(supply_temp, w_supply) - moist_air_enthalpy(
        return_temp, w_return
    )
    return dry_air_kg_s * dh_kj * 1000.0


def tank_heat_capacity(volume_l: float, temp_a: float, temp_b: float) -> float:
    """Heat capacity in J/K of a water tank moving between two temperatures.

    Convention: the water mass is the full tank at the colder temperature (it
    is filled cold; expansion water leaves and returns through the expansion
    vessel) and cp is taken at the mean temperature.  This keeps the energy
    antisymmetric and gives the physics notes' 9.3 kWh for 200 l, 15→55 °C.
    """
    props = WATER_PROPERTIES
    rho = props.density(min(temp_a, temp_b))
    return rho * volume_l * 0.001 * props.specific_heat(0.5 * (temp_a + temp_b))


def tank_energy_kwh(volume_l: float, start_temp: float, end_temp: float) -> float:
    """Energy in kWh to take a water tank from start to end temperature."""
    capacity = tank_heat_capacity(volume_l, start_temp, end_temp)
    return capacity * (end_temp - start_temp) / _J_PER_KWH


def standing_loss_ua(
    volume_l: float, t0: float, t1: float, ambient: float, seconds: float
) -> float:
    """Tank loss coefficient UA in W/K from an idle cool-down t0 → t1.

    ``UA = C·ln((t0 − Ta)/(t1 − Ta))/dt`` with C from ``tank_heat_capacity``.
    ValueError unless seconds > 0 and ambient < t1 ≤ t0.
    """
    if not seconds > 0.0:
        raise ValueError(f"cool-down must last > 0 s, got {seconds}")
    if not ambient < t1 <= t0:
        raise ValueError(f"need ambient < end ≤ start, got {ambient} < {t1} ≤ {t0} °C")
    capacity = tank_heat_capacity(volume_l, t0, t1)
    return capacity * log((t0 - ambient) / (t1 - ambient)) / seconds


def standing_loss_kwh_per_day(ua: float, tank_temp: float, ambient: float) -> float:
    """Daily standing loss in kWh of a tank held at tank_temp: UA·ΔT·24 h."""
    return ua * (tank_temp - ambient) * _SECONDS_PER_DAY / _J_PER_KWH
