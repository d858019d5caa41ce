"""Air-to-air heat pump (ductless mini-split or ducted) heating a room's air.

The indoor coil heats the room air directly: supply air = return (room) air
+ ``Q / (rho·cp·V̇)`` with rho·cp of air at the return temperature from the
core, so the core's ``air_sensible_heat_power`` reproduces the heat.  The
indoor fan's airflow follows the compressor.  Dry mode cools at minimum speed
with a slow fan to take moisture out.  The outdoor coil frosts and defrosts
like an air-to-water unit's; during defrost the indoor coil turns cold and
the supply air drops below the return air (negative heat).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from custom_components.heatpump.core.physics.air import (
    STANDARD_PRESSURE_PA,
    air_volumetric_heat_capacity,
    humidity_ratio,
    saturation_pressure,
)
from custom_components.heatpump.core.quantities import Kind, Mode, Quantity, Value

from ..weather import Weather
from .air_to_water import AIR_CARNOT_FACTOR
from .base import Bounds, HeatPumpModel, NumberBounds, StepResult
from .building import Building, BuildingParams
from .compressor import Compressor, CompressorParams
from .defrost import Defrost, DefrostParams
from .performance import (
    INVERTER_PART_LOAD_SLOPE,
    CarnotFactor,
    cooling_eer,
    heating_cop,
)

_MOLAR_RATIO = 0.621945
_COOLING_FACTOR = CarnotFactor(0.42, 0.42)
AUTO_COOL_ABOVE_K = 5.0
"""In auto, with one setpoint, cooling starts this far above it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AirToAirParams:
    """A 5 kW (A7, full speed) mini-split; ``ducted`` moves more air."""

    rated_heat_w: float = 5000.0
    rating_source_c: float = 7.0
    capacity_per_k: float = 0.02
    min_source_c: float = -20.0
    carnot_factor: CarnotFactor = AIR_CARNOT_FACTOR
    cooling_carnot_factor: CarnotFactor = _COOLING_FACTOR
    ducted: bool = False
    standby_w: float = 12.0
    room_gain_w_k: float = 1500.0
    """Heat asked per K of room below target."""
    compressor: CompressorParams = field(default_factory=CompressorParams)
    defrost: DefrostParams = field(default_factory=DefrostParams)
    building: BuildingParams = field(
        default_factory=lambda: BuildingParams(design_load_w=3500.0)
    )

    @property
    def airflow_range(self) -> tuple[float, float]:
        """Indoor fan airflow, m³/h, at minimum and full speed."""
        return (400.0, 1200.0) if self.ducted else (250.0, 750.0)

    @property
    def fan_w(self) -> tuple[float, float]:
        """Indoor fan power at minimum and full airflow."""
        return (60.0, 220.0) if self.ducted else (10.0, 40.0)


class AirToAir(HeatPumpModel):
    """Heats and cools one zone's air."""

    kind = Kind.AIR_TO_AIR
    modes: ClassVar[tuple[Mode, ...]] = (
        Mode.AUTO,
        Mode.OFF,
        Mode.HEATING,
        Mode.COOLING,
        Mode.DRYING,
    )

    def __init__(
        self,
        weather: Weather,
        *,
        seed: int = 1,
        params: AirToAirParams | None = None,
        cold_climate: bool = False,
    ) -> None:
        """A unit with the room at its target."""
        super().__init__(weather, seed=seed)
        p = params or AirToAirParams()
        if cold_climate and params is None:
            p = AirToAirParams(capacity_per_k=0.01, min_source_c=-25.0)
        self.p = p
        self.comp = Compressor(p.compressor)
        self.defrost = Defrost(self.rng, p.defrost)
        self.building = Building(p.building, self.wx.outdoor_c)
        self.cooling_target_c: float | None = None
        """A separate cooling setpoint, if one was written; else the room one."""
        self.cooling = False
        self.airflow = 0.0
        self.supply_c = self.building.room_c
        self.room_rh = 45.0
        self.supply_rh = 45.0
        self.avg_outdoor_c = self.wx.outdoor_c

    def capacity_w(self, source_c: float) -> float:
        """Heat at full speed."""
        p = self.p
        share = 1.0 + p.capacity_per_k * (source_c - p.rating_source_c)
        return p.rated_heat_w * max(0.2, share)

    @property
    def cool_setpoint_c(self) -> float:
        """What cooling aims for: a mini-split's one setpoint in cool mode."""
        if self.cooling_target_c is not None:
            return self.cooling_target_c
        room_target = self.building.room_target_c
        if self.mode_setting is Mode.AUTO:
            return room_target + AUTO_COOL_ABOVE_K
        return room_target

    def _wants(self) -> tuple[bool, bool]:
        b = self.building
        setting = self.mode_setting
        over = b.room_c - b.room_target_c
        if setting is Mode.AUTO:
            heat = self.avg_outdoor_c < b.p.heating_limit_c and over < 0.5
            cool = b.room_c > self.cool_setpoint_c
            return heat, cool
        if setting is Mode.HEATING:
            return over < 0.5, False
        if setting is Mode.COOLING:
            return False, b.room_c > self.cool_setpoint_c - 0.5
        if setting is Mode.DRYING:
            return False, self.room_rh > 50.0
        return False, False

    def _advance(self, dt: float) -> StepResult:
        p = self.p
        b = self.building
        comp = self.comp
        t_out = self.wx.outdoor_c
        self.avg_outdoor_c += (t_out - self.avg_outdoor_c) * min(1.0, dt / 86400.0)
        heat, cool = self._wants()
        started = False
        defrost_started = False
        in_defrost = self.defrost.active and comp.running
        if not in_defrost:
            if (
                comp.running
                and (
                    self.mode_setting is Mode.OFF
                    or (not self.cooling and t_out < p.min_source_c)
                )
            ) or (
                comp.running
                and self.cooling != cool
                and (heat or cool)
                and comp.can_stop()
            ):
                comp.stop()
            if not comp.running:
                self.cooling = cool and not heat
        error = b.room_target_c - b.room_c
        if self.cooling:
            error = b.room_c - self.cool_setpoint_c
        demand = heat or cool
        if (
            not comp.running
            and demand
            and error > 0.3
            and comp.can_start()
            and (self.cooling or t_out >= p.min_source_c)
        ):
            comp.start()
            started = True
        modulation = 0.0
        if comp.running and not in_defrost:
            if self.mode_setting is Mode.DRYING:
                modulation = comp.p.min_modulation
                if not demand and comp.can_stop():
                    comp.stop()
            else:
                need = b.load_w(t_out) if not self.cooling else -b.load_w(t_out)
                q_cmd = need + p.room_gain_w_k * error
                full = (
                    self.cooling_capacity_w()
                    if self.cooling
                    else self.capacity_w(t_out)
                )
                modulation = q_cmd / full
                if (
                    modulation < comp.p.min_modulation
                    and error < -0.5
                    and comp.can_stop()
                ):
                    comp.stop()
                    modulation = 0.0
                else:
                    modulation = comp.clamp(modulation)
            if comp.running:
                comp.modulation = modulation

        heating_now = comp.running and not self.cooling
        if not self.defrost.active:
            self.defrost.build(dt, t_out, self.wx.rh, heating_now)
            if heating_now and self.defrost.due(comp.run_s):
                self.defrost.start(t_out)
                defrost_started = True
        in_defrost = self.defrost.active and comp.running

        lo, hi = p.airflow_range
        fan_lo, fan_hi = p.fan_w
        room = b.room_c
        q = p_hp = cop = carnot = sink = 0.0
        cooling_j = 0.0
        latent = 0.0
        if in_defrost:
            comp.modulation = 0.6
            self.airflow = lo
            p_hp = p.defrost.electric_fraction * p.rated_heat_w
            q = -p.defrost.pull_ratio * p_hp
            cop = q / p_hp
            self.defrost.advance(dt)
        elif comp.running:
            span = (comp.modulation - comp.p.min_modulation) / max(
                1e-9, 1.0 - comp.p.min_modulation
            )
            self.airflow = lo + span * (hi - lo)
            if self.mode_setting is Mode.DRYING:
                self.airflow = lo
            rho_cp = air_volumetric_heat_capacity(room) * self.airflow / 3600.0
            if self.cooling:
                q_full = comp.modulation * self.cooling_capacity_w()
                sensible = (
                    q_full
                    * comp.ramp
                    * (0.6 if self.mode_setting is Mode.DRYING else 0.8)
                )
                latent = q_full * comp.ramp - sensible
                sink = room - sensible / rho_cp
                eer, carnot = cooling_eer(
                    outdoor_c=t_out,
                    cooled_c=sink,
                    carnot_factor=p.cooling_carnot_factor,
                    modulation=comp.modulation,
                    slope=comp_slope(comp),
                )
                p_hp = q_full / eer
                cop = -eer * comp.ramp
                q = p_hp * cop
                cooling_j = -q * dt
            else:
                q_full = comp.modulation * self.capacity_w(t_out)
                q_now = q_full * comp.ramp
                sink = room + q_now / rho_cp
                cop_ss, carnot = heating_cop(
                    sink_c=sink,
                    source_c=t_out,
                    carnot_factor=p.carnot_factor,
                    modulation=comp.modulation,
                    slope=comp_slope(comp),
                    frost_outdoor_c=t_out,
                )
                p_hp = q_full / cop_ss
                cop = cop_ss * comp.ramp
                q = p_hp * cop
        else:
            self.airflow = 0.0

        # Sensible heat reaches the room; latent heat dries it.
        sensible_w = q if not self.cooling or in_defrost else q + latent
        b.advance_room(dt, t_out, sensible_w)
        self._humidity(dt, latent)
        if self.airflow > 0.0:
            rho_cp = air_volumetric_heat_capacity(room) * self.airflow / 3600.0
            self.supply_c = room + sensible_w / rho_cp
        else:
            self.supply_c = b.room_c
        self.supply_rh = self._supply_rh()
        fan = 0.0
        if self.airflow > 0.0:
            fan = fan_lo + (self.airflow - lo) / (hi - lo) * (fan_hi - fan_lo)
        comp.advance(dt)
        mode = Mode.STANDBY
        if in_defrost:
            mode = Mode.DEFROST
        elif comp.running:
            if self.mode_setting is Mode.DRYING:
                mode = Mode.DRYING
            else:
                mode = Mode.COOLING if self.cooling else Mode.HEATING
        elif self.mode_setting is Mode.OFF:
            mode = Mode.OFF
        cooling_now = self.cooling and comp.running and not in_defrost
        return StepResult(
            dt=dt,
            mode=mode,
            heat_j=0.0 if cooling_now else q * dt,
            cooling_j=cooling_j,
            hp_heat_j=q * dt,
            hp_elec_j=p_hp * dt,
            cop=cop,
            carnot_cop=carnot,
            aux_elec_j=(p.standby_w + fan) * dt,
            defrost=in_defrost,
            defrost_started=defrost_started,
            compressor_started=started,
            compressor_running=comp.running,
            sink_c=sink,
            source_c=t_out,
        )

    def cooling_capacity_w(self) -> float:
        """Cooling at full speed."""
        return 0.95 * self.p.rated_heat_w

    def _humidity(self, dt: float, latent_w: float) -> None:
        # The room's humidity drifts to 40 % (winter) … 55 % (summer) over a
        # few hours; latent cooling takes it down.
        season = 40.0 + 15.0 * min(1.0, max(0.0, (self.avg_outdoor_c - 5.0) / 15.0))
        self.room_rh += (season - self.room_rh) * min(1.0, dt / 10800.0)
        self.room_rh -= latent_w * dt / 2.5e6 * 4.0
        self.room_rh = min(90.0, max(20.0, self.room_rh))

    def _supply_rh(self) -> float:
        room = self.building.room_c
        w = humidity_ratio(room, self.room_rh, STANDARD_PRESSURE_PA)
        p_w = w * STANDARD_PRESSURE_PA / (_MOLAR_RATIO + w)
        rh = 100.0 * p_w / saturation_pressure(self.supply_c)
        if self.cooling and self.comp.running:
            rh = max(rh, 88.0)
        return min(100.0, rh)

    def _state(self) -> dict[Quantity, Value]:
        b = self.building
        r = self.last
        in_defrost = bool(r and r.defrost)
        q = Quantity
        return {
            q.OUTDOOR_TEMPERATURE: self.wx.outdoor_c,
            q.OUTDOOR_HUMIDITY: self.wx.rh,
            q.ROOM_TEMPERATURE: b.room_c,
            q.ROOM_TARGET_TEMPERATURE: b.room_target_c,
            q.COOLING_TARGET_TEMPERATURE: self.cool_setpoint_c,
            q.RETURN_AIR_TEMPERATURE: b.room_c,
            q.SUPPLY_AIR_TEMPERATURE: self.supply_c,
            q.RETURN_AIR_HUMIDITY: self.room_rh,
            q.SUPPLY_AIR_HUMIDITY: self.supply_rh,
            q.AIRFLOW: self.airflow,
            q.COMPRESSOR_FREQUENCY: self.comp.frequency_hz,
            q.COMPRESSOR_MODULATION: self.comp.modulation * 100.0,
            q.OPERATING_MODE: (r.mode if r else Mode.STANDBY).value,
            q.DEFROST_ACTIVE: in_defrost,
            q.REVERSING_VALVE: in_defrost or (self.cooling and self.comp.running),
        }

    def writable(self) -> Mapping[Quantity, Bounds]:
        """Mode, room and cooling setpoints."""
        bounds: dict[Quantity, Bounds] = dict(super().writable())
        bounds[Quantity.ROOM_TARGET_TEMPERATURE] = NumberBounds(10.0, 30.0)
        bounds[Quantity.COOLING_TARGET_TEMPERATURE] = NumberBounds(16.0, 32.0)
        return bounds

    def _apply(self, quantity: Quantity, value: Value) -> None:
        assert isinstance(value, float)
        if quantity is Quantity.ROOM_TARGET_TEMPERATURE:
            self.building.room_target_c = value
        elif quantity is Quantity.COOLING_TARGET_TEMPERATURE:
            self.cooling_target_c = value
        else:
            super()._apply(quantity, value)


def comp_slope(comp: Compressor) -> float:
    """Part-load slope: the inverter's, or 0 for a fixed-speed compressor."""
    return 0.0 if comp.p.min_modulation >= 1.0 else INVERTER_PART_LOAD_SLOPE
