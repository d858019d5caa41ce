"""Frosting of the outdoor coil of air-source heat pumps.

Sources (physics notes):
- Wetter & Afjei 1997 frost COP correction:
  ``f = max(0, 0.03 − 0.004·T) + 0.1534·exp(−(T − 0.8869)²/26.06)``,
  COP × (1 − f); about 18 % at 0–1 °C and 4 % at +7 °C.
- Zhu et al. 2015 frosting map: no frost at ≥ 6 °C; relative humidity above
  which frosting is severe / moderate / mild at +5, 0 and −5 °C; typical
  defrost intervals 30 / 60 / 165 min.
"""

from __future__ import annotations

from enum import StrEnum
from math import exp

_INV_WIDTH = 1.0 / 26.06


def frost_cop_factor(outdoor_c: float) -> float:
    """COP multiplier 1 − f for frosting and defrosting (Wetter & Afjei 1997)."""
    linear = 0.03 - 0.004 * outdoor_c
    d = outdoor_c - 0.8869
    f = (linear if linear > 0.0 else 0.0) + 0.1534 * exp(-d * d * _INV_WIDTH)
    return 1.0 - f


class FrostSeverity(StrEnum):
    """Frosting zone of Zhu et al. 2015."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


NO_FROST_ABOVE_C = 6.0
"""Zhu et al.: no frosting at or above this outdoor temperature."""

# Zhu et al. 2015 table, rows at −5, 0 and +5 °C: relative humidity (%) above
# which frosting is severe, moderate, mild.
_ROW_TEMPS = (-5.0, 0.0, 5.0)
_ROWS = ((95.0, 64.0, 48.0), (82.0, 58.0, 44.0), (76.0, 55.0, 41.0))

_INTERVALS_S = {
    FrostSeverity.SEVERE: 30 * 60.0,
    FrostSeverity.MODERATE: 60 * 60.0,
    FrostSeverity.MILD: 165 * 60.0,
}


def frost_thresholds(outdoor_c: float) -> tuple[float, float, float]:
    """RH thresholds (severe, moderate, mild) in %, linear between table rows.

    Below −5 °C the −5 °C row applies, above +5 °C the +5 °C row.
    """
    if outdoor_c <= _ROW_TEMPS[0]:
        return _ROWS[0]
    if outdoor_c >= _ROW_TEMPS[2]:
        return _ROWS[2]
    i = 0 if outdoor_c < _ROW_TEMPS[1] else 1
    lo, hi = _ROWS[i], _ROWS[i + 1]
    w = (outdoor_c - _ROW_TEMPS[i]) / (_ROW_TEMPS[i + 1] - _ROW_TEMPS[i])
    return (
        lo[0] + w * (hi[0] - lo[0]),
        lo[1] + w * (hi[1] - lo[1]),
        lo[2] + w * (hi[2] - lo[2]),
    )


def frost_severity(outdoor_c: float, rh_percent: float) -> FrostSeverity:
    """Frosting zone for outdoor temperature and relative humidity."""
    if not outdoor_c < NO_FROST_ABOVE_C:  # also NaN
        return FrostSeverity.NONE
    severe, moderate, mild = frost_thresholds(outdoor_c)
    if rh_percent > severe:
        return FrostSeverity.SEVERE
    if rh_percent > moderate:
        return FrostSeverity.MODERATE
    if rh_percent > mild:
        return FrostSeverity.MILD
    return FrostSeverity.NONE


def typical_defrost_interval_s(severity: FrostSeverity) -> float | None:
    """Typical time between defrosts in s (Zhu et al.), None without frost."""
    return _INTERVALS_S.get(severity)
