"""Pool heat pump: a 40 m³ pool heated through a high-flow, small-ΔT loop.

The pool loses heat to the air (evaporation and convection lumped into
500 W/K) and gains sun by day.  The unit runs while the filter pump runs
(08:00–20:00) and the pool is below target; 150 l/min through the condenser
gives a ΔT of only 1–2 K (physics notes: 1–3 K).  COP at 27 °C air / 27 °C
water: about 5.7 at full speed and 8 at minimum, around the published 3–7
(energysavers.gov) and 4–5.5 fixed-speed figures; that fixes the low Carnot
factor (large approach temperatures of pool units).  The filter pump is not
part of the unit's electricity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from custom_components.heatpump.core.physics.fluids import WATER_PROPERTIES
from custom_components.heatpump.core.quantities import Kind, Mode, Quantity, Value

from ..weather import Weather
from .base import Bounds, HeatPumpModel, NumberBounds, StepResult
from .compressor import Compressor, CompressorParams
from .defrost import Defrost, DefrostParams
from .performance import CarnotFactor, cooling_eer, heating_cop

_L_MIN_TO_M3_S = 1.0 / 60000.0
POOL_CARNOT_FACTOR = CarnotFactor(0.15, 0.15)


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolParams:
    """Pool, loop and unit."""

    volume_m3: float = 40.0
    loss_w_k: float = 500.0
    solar_peak_w: float = 8000.0
    rated_heat_w: float = 12000.0
    rating_air_c: float = 27.0
    capacity_per_k: float = 0.025
    min_air_c: float = -5.0
    carnot_factor: CarnotFactor = POOL_CARNOT_FACTOR
    flow_l_min: float = 150.0
    standby_w: float = 10.0
    fan_w: float = 120.0
    pump_hours: tuple[float, float] = (8.0, 20.0)
    compressor: CompressorParams = field(default_factory=CompressorParams)
    defrost: DefrostParams = field(default_factory=DefrostParams)


class Pool(HeatPumpModel):
    """Keeps a pool at its target (or cools it)."""

    kind = Kind.POOL
    modes: ClassVar[tuple[Mode, ...]] = (
        Mode.HEATING,
        Mode.OFF,
        Mode.COOLING,
        Mode.AUTO,
    )

    def __init__(
        self, weather: Weather, *, seed: int = 1, params: PoolParams | None = None
    ) -> None:
        """A pool half a kelvin below its target."""
        super().__init__(weather, seed=seed)
        p = params or PoolParams()
        self.p = p
        self.comp = Compressor(p.compressor)
        self.defrost = Defrost(self.rng, p.defrost)
        self.target_c = 28.0
        self.pool_c = self.target_c - 0.5
        self.capacity_j_k = p.volume_m3 * WATER_PROPERTIES.volumetric_heat_capacity(
            27.0
        )
        self.pump_on = False
        self.cooling = False
        self.flow_c = self.pool_c
        self.return_c = self.pool_c
        self._start_day = weather.start.timetuple().tm_yday
        self._start_hour = weather.start.hour + weather.start.minute / 60.0

    def capacity_w(self, air_c: float) -> float:
        """Heat at full speed."""
        p = self.p
        return p.rated_heat_w * max(
            0.3, 1.0 + p.capacity_per_k * (air_c - p.rating_air_c)
        )

    def _solar_w(self) -> float:
        hours = self._start_hour + self.t / 3600.0
        hour = hours % 24.0
        day = self._start_day + hours / 24.0
        season = 0.55 + 0.45 * math.cos(2 * math.pi * (day - 172) / 365.0)
        if not 6.0 <= hour <= 20.0:
            return 0.0
        return self.p.solar_peak_w * season * math.sin(math.pi * (hour - 6.0) / 14.0)

    def _advance(self, dt: float) -> StepResult:
        p = self.p
        comp = self.comp
        air = self.wx.outdoor_c
        hour = (self._start_hour + self.t / 3600.0) % 24.0
        self.pump_on = self.mode_setting is not Mode.OFF and (
            p.pump_hours[0] <= hour < p.pump_hours[1]
        )
        setting = self.mode_setting
        if setting is Mode.AUTO:
            want_cool = self.pool_c > self.target_c + 1.0
        else:
            want_cool = setting is Mode.COOLING
        error = (
            self.pool_c - self.target_c if want_cool else self.target_c - self.pool_c
        )
        started = defrost_started = False
        in_defrost = self.defrost.active and comp.running
        if not in_defrost:
            stop_now = not self.pump_on or (not want_cool and air < p.min_air_c)
            if comp.running and (stop_now or want_cool != self.cooling):
                comp.stop()
            if not comp.running:
                self.cooling = want_cool
            if (
                not comp.running
                and self.pump_on
                and error > 0.5
                and comp.can_start()
                and (self.cooling or air >= p.min_air_c)
            ):
                comp.start()
                started = True
            if comp.running:
                modulation = 0.3 + error
                if error < -0.3 and comp.can_stop():
                    comp.stop()
                else:
                    comp.modulation = comp.clamp(modulation)
        heating_now = comp.running and not self.cooling
        if not self.defrost.active:
            self.defrost.build(dt, air, self.wx.rh, heating_now)
            if heating_now and self.defrost.due(comp.run_s):
                self.defrost.start(air)
                defrost_started = True
        in_defrost = self.defrost.active and comp.running
        q = p_hp = cop = carnot = sink = 0.0
        mdc = WATER_PROPERTIES.volumetric_heat_capacity(self.pool_c) * (
            p.flow_l_min * _L_MIN_TO_M3_S
        )
        if in_defrost:
            p_hp = p.defrost.electric_fraction * p.rated_heat_w
            q = -p.defrost.pull_ratio * p_hp
            cop = q / p_hp
            self.defrost.advance(dt)
        elif comp.running:
            m = comp.modulation
            q_full = m * self.capacity_w(air)
            q_now = q_full * comp.ramp
            if self.cooling:
                sink = self.pool_c - q_now / mdc
                eer, carnot = cooling_eer(
                    outdoor_c=air,
                    cooled_c=sink,
                    carnot_factor=p.carnot_factor,
                    modulation=m,
                )
                p_hp = q_full / eer
                cop = -eer * comp.ramp
            else:
                sink = self.pool_c + q_now / mdc
                cop_ss, carnot = heating_cop(
                    sink_c=sink,
                    source_c=air,
                    carnot_factor=p.carnot_factor,
                    modulation=m,
                    frost_outdoor_c=air,
                )
                p_hp = q_full / cop_ss
                cop = cop_ss * comp.ramp
            q = p_hp * cop
        loss = p.loss_w_k * (self.pool_c - air) - self._solar_w()
        self.pool_c += (q - loss) * dt / self.capacity_j_k
        if self.pump_on:
            self.return_c = self.pool_c
            self.flow_c = self.pool_c + q / mdc
        else:
            self.flow_c = self.return_c = self.pool_c
        comp.advance(dt)
        mode = Mode.STANDBY
        if in_defrost:
            mode = Mode.DEFROST
        elif comp.running:
            mode = Mode.COOLING if self.cooling else Mode.HEATING
        elif setting is Mode.OFF:
            mode = Mode.OFF
        cooling_now = self.cooling and comp.running and not in_defrost
        return StepResult(
            dt=dt,
            mode=mode,
            heat_j=0.0 if cooling_now else q * dt,
            cooling_j=-q * dt if cooling_now else 0.0,
            hp_heat_j=q * dt,
            hp_elec_j=p_hp * dt,
            cop=cop,
            carnot_cop=carnot,
            aux_elec_j=(
                p.standby_w + (p.fan_w if comp.running and not in_defrost else 0.0)
            )
            * dt,
            defrost=in_defrost,
            defrost_started=defrost_started,
            compressor_started=started,
            compressor_running=comp.running,
            sink_c=sink,
            source_c=air,
        )

    def _state(self) -> dict[Quantity, Value]:
        r = self.last
        q = Quantity
        in_defrost = bool(r and r.defrost)
        return {
            q.OUTDOOR_TEMPERATURE: self.wx.outdoor_c,
            q.OUTDOOR_HUMIDITY: self.wx.rh,
            q.POOL_TEMPERATURE: self.pool_c,
            q.TARGET_TEMPERATURE: self.target_c,
            q.FLOW_TEMPERATURE: self.flow_c,
            q.RETURN_TEMPERATURE: self.return_c,
            q.FLOW_RATE: self.p.flow_l_min if self.pump_on else 0.0,
            q.COMPRESSOR_FREQUENCY: self.comp.frequency_hz,
            q.COMPRESSOR_MODULATION: self.comp.modulation * 100.0,
            q.OPERATING_MODE: (r.mode if r else Mode.STANDBY).value,
            q.DEFROST_ACTIVE: in_defrost,
            q.REVERSING_VALVE: in_defrost or (self.cooling and self.comp.running),
            q.CIRCULATION_PUMP: self.pump_on,
        }

    def writable(self) -> Mapping[Quantity, Bounds]:
        """Mode and pool target."""
        bounds: dict[Quantity, Bounds] = dict(super().writable())
        bounds[Quantity.TARGET_TEMPERATURE] = NumberBounds(10.0, 40.0)
        return bounds

    def _apply(self, quantity: Quantity, value: Value) -> None:
        assert isinstance(value, float)
        if quantity is Quantity.TARGET_TEMPERATURE:
            self.target_c = value
        else:
            super()._apply(quantity, value)
