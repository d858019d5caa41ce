"""Psychrometrics of moist air for air-side heat measurement.

Sources:
- ASHRAE Handbook Fundamentals 2017, ch. 1: saturation pressure over ice
  (eq. 5) and over liquid water (eq. 6) after Hyland & Wexler (1983); humidity
  ratio ``W = 0.621945·p_w/(p − p_w)`` (eq. 20/22); specific volume
  ``v = R_da·T·(1 + 1.607858·W)/p`` (eq. 28, R_da = 287.042 J/(kg·K),
  1.607858 = 1/0.621945); enthalpy ``h = 1.006·t + W·(2501 + 1.86·t)`` (eq. 30).
- Dry-air rho·cp: our fit to CoolProp ``Air`` (see ``_coefficients``).

Relative humidity is taken, as in ASHRAE, against saturation over ice below
0 °C (many electronic sensors report it against liquid water instead; the
difference in enthalpy is negligible at those temperatures).
"""

from __future__ import annotations

from math import exp, log

from ._coefficients import AIR_RHO_CP_T

STANDARD_PRESSURE_PA = 101325.0
KELVIN = 273.15
R_DA = 287.042
"""Gas constant of dry air, J/(kg·K) (ASHRAE 2017 ch. 1)."""
MOLAR_MASS_RATIO = 0.621945
"""M_water / M_dry_air (ASHRAE 2017 ch. 1 eq. 20)."""
_VAPOUR_VOLUME = 1.0 / MOLAR_MASS_RATIO

# Hyland-Wexler coefficients, ASHRAE 2017 ch. 1 eq. 5 (ice, −100…0 °C) and eq. 6
# (liquid water, 0…200 °C): ln(p_ws/Pa) as a function of T in kelvin.
_ICE = (
    -5.6745359e3,
    6.3925247,
    -9.6778430e-3,
    6.2215701e-7,
    2.0747825e-9,
    -9.4840240e-13,
    4.1635019,
)
_WATER = (
    -5.8002206e3,
    1.3914993,
    -4.8640239e-2,
    4.1764768e-5,
    -1.4452093e-8,
    6.5459673,
)


def saturation_pressure(temp_c: float) -> float:
    """Saturation vapour pressure in Pa, over ice below 0 °C (ASHRAE eq. 5/6)."""
    t = temp_c + KELVIN
    if 0.0 <= temp_c <= 200.0:
        c8, c9, c10, c11, c12, c13 = _WATER
        return exp(c8 / t + c9 + t * (c10 + t * (c11 + t * c12)) + c13 * log(t))
    if -100.0 <= temp_c < 0.0:
        c1, c2, c3, c4, c5, c6, c7 = _ICE
        return exp(c1 / t + c2 + t * (c3 + t * (c4 + t * (c5 + t * c6))) + c7 * log(t))
    raise ValueError(f"saturation pressure needs −100…200 °C, got {temp_c}")


def humidity_ratio(
    temp_c: float, rh_percent: float, pressure_pa: float = STANDARD_PRESSURE_PA
) -> float:
    """Humidity ratio W in kg water per kg dry air (ASHRAE eq. 20/22)."""
    if not 0.0 <= rh_percent <= 100.0:
        raise ValueError(f"relative humidity must be 0…100 %, got {rh_percent}")
    p_w = rh_percent * 0.01 * saturation_pressure(temp_c)
    if p_w >= pressure_pa:
        raise ValueError(f"vapour pressure {p_w:.0f} Pa ≥ total {pressure_pa} Pa")
    return MOLAR_MASS_RATIO * p_w / (pressure_pa - p_w)


def moist_air_enthalpy(temp_c: float, humidity_ratio: float) -> float:
    """Enthalpy in kJ per kg dry air, ``1.006·t + W·(2501 + 1.86·t)`` (eq. 30)."""
    return 1.006 * temp_c + humidity_ratio * (2501.0 + 1.86 * temp_c)


def moist_air_specific_volume(
    temp_c: float, humidity_ratio: float, pressure_pa: float = STANDARD_PRESSURE_PA
) -> float:
    """m³ of moist air per kg of dry air (ASHRAE eq. 28)."""
    return (
        R_DA * (temp_c + KELVIN) * (1.0 + _VAPOUR_VOLUME * humidity_ratio) / pressure_pa
    )


def dry_air_density(temp_c: float, pressure_pa: float = STANDARD_PRESSURE_PA) -> float:
    """Dry air density in kg/m³, ideal gas ``p/(R_da·T)`` (eq. 28 with W = 0)."""
    return pressure_pa / (R_DA * (temp_c + KELVIN))


_A0, _A1, _A2 = AIR_RHO_CP_T
_PRESSURE_SCALE = 1.0 / STANDARD_PRESSURE_PA


def air_volumetric_heat_capacity(
    temp_c: float, pressure_pa: float = STANDARD_PRESSURE_PA
) -> float:
    """Dry air rho·cp in J/(m³·K) (CoolProp ``Air`` fit, ideal-gas in pressure).

    Divide by 3600 for W per (m³/h·K): 0.361 at 0 °C, 0.337 at 20 °C and
    0.320 at 35 °C (physics notes).  Within 0.2 % of CoolProp over −100…200 °C;
    ValueError outside that range.
    """
    if not -100.0 <= temp_c <= 200.0:
        raise ValueError(f"air rho·cp needs −100…200 °C, got {temp_c}")
    tau = temp_c * 0.01
    scale = pressure_pa * _PRESSURE_SCALE / (temp_c + KELVIN)
    return (_A0 + tau * (_A1 + tau * _A2)) * scale
