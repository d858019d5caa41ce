"""COP of the refrigerant circuit: Carnot × factor × part load × frost.

- Carnot COP with heatpumpmonitor's offsets (condensing = sink + 2 K,
  evaporating = source − 6 K) from the core (``core.physics.carnot``).
- Carnot factor: 0.45–0.5 for air, 0.5–0.55 for ground (physics notes; the
  models' defaults are calibrated against the heatpumpmonitor field regression).
- Carnot factor falling with the lift (sink − source): ``factor_low_lift`` at
  ≤ 20 K to ``factor_high_lift`` at ≥ 50 K.  Real compressors lose isentropic
  efficiency at high pressure ratios; the two ends stay inside the ranges
  asked for (air 0.45–0.5, ground 0.5–0.55) and are set by the calibration
  against heatpumpmonitor's field regression (see ``calibration``).
- Part load: an inverter is most efficient at low speed.  A Vaillant 5 kW unit
  gives COP 4.6 at 40 rps and 3.3 at 110 rps at equal temperatures (physics
  notes); with 25–100 % ↔ 20–110 Hz that ratio fixes the slope 0.53 of a
  linear factor that is 1 at full speed, where datasheet factors are quoted.
- Frost: Wetter & Afjei 1997, ``COP × (1 − f)``, from the core
  (``core.physics.frost``), for air-source units only.
"""

from __future__ import annotations

from dataclasses import dataclass

from custom_components.heatpump.core.physics.carnot import (
    carnot_cop_cooling,
    carnot_cop_heating,
)
from custom_components.heatpump.core.physics.frost import frost_cop_factor

INVERTER_PART_LOAD_SLOPE = 0.53
MAX_CARNOT = 40.0
"""Cap for tiny lifts (a pool unit at equal air and water temperature)."""


def part_load_factor(
    modulation: float, slope: float = INVERTER_PART_LOAD_SLOPE
) -> float:
    """COP multiplier for compressor modulation (1 at full speed; 0 = fixed speed)."""
    return 1.0 + slope * (1.0 - modulation)


@dataclass(frozen=True, slots=True)
class CarnotFactor:
    """Share of Carnot reached at full speed, by lift (sink − source)."""

    low_lift: float
    high_lift: float
    low_lift_k: float = 20.0
    high_lift_k: float = 50.0

    def at(self, lift_k: float) -> float:
        """Factor for a lift in K, linear between the two lifts."""
        if lift_k <= self.low_lift_k:
            return self.low_lift
        if lift_k >= self.high_lift_k:
            return self.high_lift
        share = (lift_k - self.low_lift_k) / (self.high_lift_k - self.low_lift_k)
        return self.low_lift + share * (self.high_lift - self.low_lift)


def heating_carnot(sink_c: float, source_c: float) -> float:
    """Carnot heating COP, capped for vanishing lifts."""
    carnot = carnot_cop_heating(sink_c, source_c)
    return MAX_CARNOT if carnot is None or carnot > MAX_CARNOT else carnot


def cooling_carnot(outdoor_c: float, cooled_c: float) -> float:
    """Carnot cooling COP (EER), capped for vanishing lifts."""
    carnot = carnot_cop_cooling(outdoor_c, cooled_c)
    return MAX_CARNOT if carnot is None or carnot > MAX_CARNOT else carnot


def heating_cop(
    *,
    sink_c: float,
    source_c: float,
    carnot_factor: CarnotFactor,
    modulation: float,
    slope: float = INVERTER_PART_LOAD_SLOPE,
    frost_outdoor_c: float | None = None,
) -> tuple[float, float]:
    """Steady heating COP and the Carnot COP it derives from.

    ``frost_outdoor_c`` applies the Wetter & Afjei frost correction (air
    source only).  The COP never drops below 1.
    """
    carnot = heating_carnot(sink_c, source_c)
    factor = carnot_factor.at(sink_c - source_c)
    cop = carnot * factor * part_load_factor(modulation, slope)
    if frost_outdoor_c is not None:
        cop *= frost_cop_factor(frost_outdoor_c)
    return (cop if cop > 1.0 else 1.0), carnot


def cooling_eer(
    *,
    outdoor_c: float,
    cooled_c: float,
    carnot_factor: CarnotFactor,
    modulation: float,
    slope: float = INVERTER_PART_LOAD_SLOPE,
) -> tuple[float, float]:
    """Steady cooling EER and the Carnot EER it derives from (EER ≥ 1)."""
    carnot = cooling_carnot(outdoor_c, cooled_c)
    factor = carnot_factor.at(outdoor_c - cooled_c)
    eer = carnot * factor * part_load_factor(modulation, slope)
    return (eer if eer > 1.0 else 1.0), carnot
