"""Heat pump water heater: a 200 l tank with its own small heat pump.

The condenser wraps the tank (sink = tank + 3 K); the evaporator takes air
from the room it stands in (``indoor``: 12–18 °C over the year) or from
outdoors (then it frosts and defrosts).  A fixed-speed compressor of 1.6 kW
heat; a 1.5 kW element backs it up in AUTO (hybrid) mode when the tank is far
below target or the air is too cold.  Standing loss about 1 kWh/day (physics
notes); the test standard is EN 16147.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from custom_components.heatpump.core.physics.air import air_volumetric_heat_capacity
from custom_components.heatpump.core.quantities import Kind, Mode, Quantity, Value

from ..weather import Weather
from .base import Bounds, HeatPumpModel, NumberBounds, StepResult
from .compressor import Compressor, CompressorParams
from .defrost import Defrost, DefrostParams
from .performance import CarnotFactor, heating_cop
from .tank import Tank, TankParams

HPWH_CARNOT_FACTOR = CarnotFactor(0.45, 0.38, 25.0, 55.0)


@dataclass(frozen=True, slots=True, kw_only=True)
class WaterHeaterParams:
    """Tank, heat pump and element."""

    heat_w: float = 1600.0
    carnot_factor: CarnotFactor = HPWH_CARNOT_FACTOR
    outdoor_air: bool = False
    min_air_c: float = -5.0
    airflow_m3h: float = 400.0
    fan_w: float = 30.0
    element_w: float = 1500.0
    standby_w: float = 10.0
    tank: TankParams = field(
        default_factory=lambda: TankParams(target_c=55.0, hysteresis_k=7.0)
    )
    compressor: CompressorParams = field(
        default_factory=lambda: CompressorParams(
            min_modulation=1.0, max_frequency_hz=50.0, min_run_s=600.0
        )
    )
    defrost: DefrostParams = field(default_factory=DefrostParams)


class WaterHeater(HeatPumpModel):
    """Keeps a tank hot against draws and standing losses."""

    kind = Kind.WATER_HEATER
    modes: ClassVar[tuple[Mode, ...]] = (Mode.DHW, Mode.OFF, Mode.AUTO)

    def __init__(
        self,
        weather: Weather,
        *,
        seed: int = 1,
        params: WaterHeaterParams | None = None,
    ) -> None:
        """A tank just below its target."""
        super().__init__(weather, seed=seed)
        p = params or WaterHeaterParams()
        self.p = p
        self.comp = Compressor(p.compressor)
        self.defrost = Defrost(self.rng, p.defrost)
        self.tank = Tank(p.tank, self.rng)
        self.element_on = False
        self.heating = False
        self.air_in_c = self._air()
        self.air_out_c = self.air_in_c
        self._day0 = weather.start.timetuple().tm_yday

    def _air(self) -> float:
        if self.p.outdoor_air:
            return self.wx.outdoor_c
        day = self.weather.start.timetuple().tm_yday + self.t / 86400.0
        return 15.0 - 3.0 * math.cos(2 * math.pi * (day - 15) / 365.0)

    def _advance(self, dt: float) -> StepResult:
        p = self.p
        comp = self.comp
        tank = self.tank
        tank.draw_between(self.t, self.t + dt)
        air = self._air()
        self.air_in_c = air
        setting = self.mode_setting
        if setting is Mode.OFF:
            self.heating = False
        elif tank.needs_heat:
            self.heating = True
        elif tank.temp_c >= tank.target_c:
            self.heating = False
        started = defrost_started = False
        hp_ok = air >= p.min_air_c and tank.temp_c < 62.0
        in_defrost = self.defrost.active and comp.running
        if not in_defrost:
            must_stop = setting is Mode.OFF or not hp_ok
            if comp.running and (must_stop or (not self.heating and comp.can_stop())):
                comp.stop()
            elif not comp.running and self.heating and hp_ok and comp.can_start():
                comp.start()
                started = True
        far_below = tank.temp_c < tank.target_c - 20.0
        self.element_on = (
            setting is Mode.AUTO
            and self.heating
            and (far_below or not hp_ok)
            and p.element_w > 0.0
        ) or (setting is not Mode.OFF and self.heating and not hp_ok)
        if p.outdoor_air and not self.defrost.active:
            self.defrost.build(dt, air, self.wx.rh, comp.running)
            if comp.running and self.defrost.due(comp.run_s):
                self.defrost.start(air)
                defrost_started = True
        in_defrost = self.defrost.active and comp.running
        q = p_hp = cop = carnot = sink = 0.0
        if in_defrost:
            p_hp = p.defrost.electric_fraction * p.heat_w * 3.0
            q = -p.defrost.pull_ratio * p_hp * 0.5
            cop = q / p_hp
            self.defrost.advance(dt)
        elif comp.running:
            comp.modulation = 1.0
            q_full = p.heat_w * max(0.5, 1.0 + 0.015 * (air - 15.0))
            sink = tank.temp_c + 3.0
            cop_ss, carnot = heating_cop(
                sink_c=sink,
                source_c=air,
                carnot_factor=p.carnot_factor,
                modulation=1.0,
                slope=0.0,
                frost_outdoor_c=air if p.outdoor_air else None,
            )
            p_hp = q_full / cop_ss
            cop = cop_ss * comp.ramp
            q = p_hp * cop
        element = p.element_w if self.element_on else 0.0
        tank.advance(dt, q + element)
        if comp.running and not in_defrost:
            rho_cp = air_volumetric_heat_capacity(air) * p.airflow_m3h / 3600.0
            self.air_out_c = air - (q - p_hp) / rho_cp
        else:
            self.air_out_c = air
        comp.advance(dt)
        mode = Mode.STANDBY
        if in_defrost:
            mode = Mode.DEFROST
        elif comp.running or self.element_on:
            mode = Mode.DHW
        elif setting is Mode.OFF:
            mode = Mode.OFF
        aux = p.standby_w + (p.fan_w if comp.running else 0.0)
        return StepResult(
            dt=dt,
            mode=mode,
            heat_j=(q + element) * dt,
            hp_heat_j=q * dt,
            hp_elec_j=p_hp * dt,
            cop=cop,
            carnot_cop=carnot,
            aux_elec_j=aux * dt,
            backup_elec_j=element * dt,
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
        return {
            q.OUTDOOR_TEMPERATURE: self.wx.outdoor_c,
            q.RETURN_AIR_TEMPERATURE: self.air_in_c,
            q.SUPPLY_AIR_TEMPERATURE: self.air_out_c,
            q.DHW_TEMPERATURE: self.tank.temp_c,
            q.DHW_TARGET_TEMPERATURE: self.tank.target_c,
            q.COMPRESSOR_FREQUENCY: self.comp.frequency_hz,
            q.COMPRESSOR_MODULATION: self.comp.modulation * 100.0,
            q.OPERATING_MODE: (r.mode if r else Mode.STANDBY).value,
            q.DEFROST_ACTIVE: bool(r and r.defrost),
            q.BACKUP_HEATER: self.element_on,
        }

    def writable(self) -> Mapping[Quantity, Bounds]:
        """Mode and tank target."""
        bounds: dict[Quantity, Bounds] = dict(super().writable())
        bounds[Quantity.DHW_TARGET_TEMPERATURE] = NumberBounds(30.0, 65.0)
        return bounds

    def _apply(self, quantity: Quantity, value: Value) -> None:
        assert isinstance(value, float)
        if quantity is Quantity.DHW_TARGET_TEMPERATURE:
            self.tank.target_c = value
        else:
            super()._apply(quantity, value)
