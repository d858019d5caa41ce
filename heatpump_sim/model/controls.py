"""Controls owners ask for on hydronic units, and what each does to the model.

- quiet mode 0-3: caps the compressor's modulation (each level 15 % less);
- powerful mode, minutes: the heating flow runs 3 K warmer until it expires;
- forced DHW: one heat-up of the tank to its target, whatever the hysteresis;
- holiday mode: hot water is not reheated and the heating curve drops 5 K;
- zone 2 setpoint or curve offset: kept and reported (one heated zone here);
- SG-Ready: blocked stops the compressor; recommended raises the DHW target
  by 5 K and the flow by 2 K; forced heats the tank to its maximum and the
  flow 5 K warmer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from custom_components.heatpump.core.quantities import Quantity, SgReadyState, Value

from .base import Bounds, Flag, NumberBounds, Options

QUIET_STEP = 0.15
POWERFUL_BOOST_K = 3.0
HOLIDAY_SETBACK_K = 5.0
_SG_FLOW_K = {SgReadyState.RECOMMENDED: 2.0, SgReadyState.FORCED: 5.0}
_SG_RECOMMENDED_DHW_K = 5.0
DHW_MAX_C = 65.0


CONTROL_BOUNDS: Mapping[Quantity, Bounds] = {
    Quantity.QUIET_MODE: NumberBounds(0.0, 3.0),
    Quantity.POWERFUL_MODE: NumberBounds(0.0, 90.0),
    Quantity.FORCE_DHW: Flag(),
    Quantity.HOLIDAY_MODE: Flag(),
    Quantity.ZONE2_TARGET_TEMPERATURE: NumberBounds(20.0, 60.0),
    Quantity.ZONE2_HEATING_CURVE_OFFSET: NumberBounds(-5.0, 5.0),
    Quantity.SG_READY: Options(tuple(s.value for s in SgReadyState)),
}


@dataclass(slots=True)
class OwnerControls:
    """The owner's settings, as the unit keeps them."""

    quiet_level: int = 0
    powerful_s: float = 0.0
    force_dhw: bool = False
    holiday: bool = False
    zone2_target_c: float = 30.0
    zone2_offset_k: float = 0.0
    sg_ready: SgReadyState = SgReadyState.NORMAL

    def apply(self, quantity: Quantity, value: Value) -> None:
        """Store a checked setting."""
        q = Quantity
        if quantity is q.QUIET_MODE:
            self.quiet_level = round(float(value))
        elif quantity is q.POWERFUL_MODE:
            self.powerful_s = float(value) * 60.0
        elif quantity is q.FORCE_DHW:
            self.force_dhw = bool(value)
        elif quantity is q.HOLIDAY_MODE:
            self.holiday = bool(value)
        elif quantity is q.ZONE2_TARGET_TEMPERATURE:
            self.zone2_target_c = float(value)
        elif quantity is q.ZONE2_HEATING_CURVE_OFFSET:
            self.zone2_offset_k = float(value)
        elif quantity is q.SG_READY:
            self.sg_ready = SgReadyState(str(value))

    def state(self) -> dict[Quantity, Value]:
        """What the unit reports back."""
        q = Quantity
        return {
            q.QUIET_MODE: float(self.quiet_level),
            q.POWERFUL_MODE: 30.0 * -(-self.powerful_s // 1800.0),
            q.FORCE_DHW: self.force_dhw,
            q.HOLIDAY_MODE: self.holiday,
            q.ZONE2_TARGET_TEMPERATURE: self.zone2_target_c,
            q.ZONE2_HEATING_CURVE_OFFSET: self.zone2_offset_k,
            q.SG_READY: self.sg_ready.value,
        }

    def advance(self, dt: float) -> None:
        """Timers run down."""
        self.powerful_s = max(0.0, self.powerful_s - dt)

    @property
    def blocked(self) -> bool:
        """SG-Ready state 1: the compressor may not run."""
        return self.sg_ready is SgReadyState.BLOCKED

    def max_modulation(self) -> float:
        """Modulation cap of the quiet level."""
        return 1.0 - QUIET_STEP * self.quiet_level

    def flow_shift_k(self) -> float:
        """How much warmer (or cooler) the heating flow runs."""
        shift = _SG_FLOW_K.get(self.sg_ready, 0.0)
        if self.powerful_s > 0.0:
            shift += POWERFUL_BOOST_K
        if self.holiday:
            shift -= HOLIDAY_SETBACK_K
        return shift

    def dhw_target(self, target_c: float) -> float:
        """The tank target after SG-Ready's raise."""
        if self.sg_ready is SgReadyState.FORCED:
            return max(target_c, DHW_MAX_C)
        if self.sg_ready is SgReadyState.RECOMMENDED:
            return min(DHW_MAX_C, target_c + _SG_RECOMMENDED_DHW_K)
        return target_c
