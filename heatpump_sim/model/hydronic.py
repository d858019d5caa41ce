"""Heat pumps that heat a house through water: air, ground or groundwater source.

One compressor serves space heating, hot water (a 3-way valve switches the
flow to the tank coil, hot water has priority) and cooling.  Subclasses
supply the source side: its temperature, whether the coil frosts, and what
happens to the source when heat is taken from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import ClassVar

from custom_components.heatpump.core.physics.fluids import WATER_PROPERTIES
from custom_components.heatpump.core.quantities import Mode, Quantity, Value, ValveState

from ..weather import Weather
from .base import Bounds, HeatPumpModel, NumberBounds, StepResult
from .building import Building, BuildingParams
from .compressor import Compressor, CompressorParams
from .controls import CONTROL_BOUNDS, OwnerControls
from .defrost import Defrost, DefrostParams
from .performance import CarnotFactor, cooling_eer, heating_cop
from .tank import Tank, TankParams

_L_MIN_TO_M3_S = 1.0 / 60000.0
HYDRONIC_CARNOT_FACTOR = CarnotFactor(0.5, 0.45)
"""Default for the base class; each source kind sets its own."""
COOLING_CARNOT_FACTOR = CarnotFactor(0.4, 0.4)
_DEFROST_MODULATION = 0.6


class Duty(Enum):
    """What the compressor works for."""

    IDLE = 0
    SPACE = 1
    DHW = 2
    COOL = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class HydronicParams:
    """A hydronic heat pump and the house it serves.

    Capacity: ``rated_heat_w`` at full speed at the rating point (source
    ``rating_source_c``, flow 35 °C), changing by ``capacity_per_k`` per K of
    source temperature and ``sink_capacity_per_k`` per K of flow above 35 °C.
    Below ``min_source_c`` the compressor locks out and the backup heater
    carries the load.
    """

    rated_heat_w: float = 9000.0
    rating_source_c: float = 7.0
    capacity_per_k: float = 0.02
    sink_capacity_per_k: float = 0.008
    min_capacity_share: float = 0.2
    min_source_c: float = -20.0
    max_flow_c: float = 60.0
    carnot_factor: CarnotFactor = HYDRONIC_CARNOT_FACTOR
    cooling_carnot_factor: CarnotFactor = COOLING_CARNOT_FACTOR
    part_load_slope: float = 0.53
    frosting: bool = True
    flow_rate_l_min: float = 20.0
    pump_w: float = 25.0
    standby_w: float = 12.0
    backup_w: float = 3000.0
    control_time_s: float = 900.0
    hysteresis_k: float = 2.0
    cooling_limit_c: float = 22.0
    """24 h mean outdoor temperature above which AUTO cools."""
    valve_energised_in_heating: bool = False
    """Reversing valve polarity: most O-wired units energise it in cooling."""
    compressor: CompressorParams = field(default_factory=CompressorParams)
    defrost: DefrostParams = field(default_factory=DefrostParams)
    building: BuildingParams = field(default_factory=BuildingParams)
    tank: TankParams | None = field(default_factory=TankParams)


class HydronicHeatPump(HeatPumpModel):
    """Space heating, hot water and cooling through water."""

    modes: ClassVar[tuple[Mode, ...]] = (
        Mode.HEATING,
        Mode.OFF,
        Mode.COOLING,
        Mode.DHW,
        Mode.AUTO,
    )

    def __init__(
        self, weather: Weather, *, seed: int = 1, params: HydronicParams | None = None
    ) -> None:
        """A unit in steady state with the weather at t = 0."""
        super().__init__(weather, seed=seed)
        p = params or HydronicParams()
        self.p = p
        self.comp = Compressor(p.compressor)
        self.defrost = Defrost(self.rng, p.defrost)
        self.building = Building(p.building, self.wx.outdoor_c)
        self.tank = Tank(p.tank, self.rng) if p.tank is not None else None
        self.duty = Duty.IDLE
        self.controls = OwnerControls()
        self.fixed_flow_c: float | None = None
        self.curve_offset_k = 0.0
        self.cooling_target_c = 18.0
        # The day's mean, so that a unit started in a heat wave knows it.
        self.avg_outdoor_c = (
            sum(weather.sample(hour * 3600.0).outdoor_c for hour in range(24)) / 24.0
        )
        self.room_satisfied = False
        self.backup_on = False
        self._backup_wait_s = 0.0
        self.pump_on = False
        self.flow_c = self.building.loop_c
        self.return_c = self.building.loop_c
        self.flow_target_c = self.building.loop_c
        self._source_c = self.wx.outdoor_c

    # --- source side (subclasses) -----------------------------------------
    def source_c(self) -> float:
        """Evaporator-side temperature for capacity and COP."""
        return self.wx.outdoor_c

    def source_after(self, dt: float, extracted_w: float) -> None:
        """The source gave ``extracted_w`` for ``dt`` s (negative: took heat)."""

    def source_state(self) -> dict[Quantity, Value]:
        """Source-side quantities."""
        return {}

    def source_aux_w(self, running: bool) -> float:
        """Source pump power (brine or well pump) while the compressor runs."""
        return 0.0

    # --- helpers -----------------------------------------------------------
    def capacity_w(self, source_c: float, sink_c: float) -> float:
        """Heat at full speed."""
        p = self.p
        share = (1.0 + p.capacity_per_k * (source_c - p.rating_source_c)) * (
            1.0 - p.sink_capacity_per_k * max(0.0, sink_c - 35.0)
        )
        return p.rated_heat_w * max(p.min_capacity_share, share)

    def cooling_capacity_w(self, outdoor_c: float) -> float:
        """Cooling at full speed."""
        share = 0.9 * (1.0 - 0.01 * (outdoor_c - 35.0))
        return self.p.rated_heat_w * max(0.3, share)

    def flow_target(self, outdoor_c: float) -> float:
        """Heating flow setpoint: fixed if written, else the heating curve,
        shifted by the owner's controls."""
        shift = self.controls.flow_shift_k()
        if self.fixed_flow_c is not None:
            return min(self.p.max_flow_c, self.fixed_flow_c + shift)
        return self.building.curve_flow_c(outdoor_c, self.curve_offset_k + shift)

    def _wants_dhw(self) -> bool:
        tank = self.tank
        controls = self.controls
        if self.mode_setting is Mode.OFF or tank is None:
            return False
        target = controls.dhw_target(tank.target_c)
        if controls.force_dhw and tank.temp_c >= target:
            controls.force_dhw = False
        if controls.force_dhw:
            return True
        if controls.holiday:
            return False
        return tank.temp_c < target - tank.p.hysteresis_k or (
            self.duty is Duty.DHW and tank.temp_c < target
        )

    def _choose_duty(self, heat_demand: bool, cool_demand: bool) -> Duty:
        if self.controls.blocked:
            return Duty.IDLE
        if self._wants_dhw():
            return Duty.DHW
        if heat_demand:
            return Duty.SPACE
        if cool_demand:
            return Duty.COOL
        return Duty.IDLE

    def _demands(self, outdoor_c: float) -> tuple[bool, bool]:
        b = self.building
        setting = self.mode_setting
        room_over = b.room_c - b.room_target_c
        if room_over > 1.0:
            self.room_satisfied = True
        elif room_over < 0.5:
            self.room_satisfied = False
        heat = (
            setting in (Mode.HEATING, Mode.AUTO)
            and self.avg_outdoor_c < b.p.heating_limit_c
            and not self.room_satisfied
        )
        cool_season = setting is Mode.COOLING or (
            setting is Mode.AUTO and self.avg_outdoor_c > self.p.cooling_limit_c
        )
        cool = cool_season and (
            room_over > 3.0 or (self.duty is Duty.COOL and room_over > 2.0)
        )
        return heat, cool

    # --- one step ----------------------------------------------------------
    def _advance(self, dt: float) -> StepResult:
        p = self.p
        wx = self.wx
        t_out = wx.outdoor_c
        comp = self.comp
        tank = self.tank
        b = self.building
        self.avg_outdoor_c += (t_out - self.avg_outdoor_c) * min(1.0, dt / 86400.0)
        self.controls.advance(dt)
        if tank is not None:
            tank.draw_between(self.t, self.t + dt)
        src = self.source_c()
        self._source_c = src
        heat_demand, cool_demand = self._demands(t_out)
        started = False
        defrost_started = False
        mdc = WATER_PROPERTIES.volumetric_heat_capacity(
            max(1.0, min(95.0, b.loop_c))
        ) * (p.flow_rate_l_min * _L_MIN_TO_M3_S)

        # Duty, keeping the circuit a defrost draws from.
        if self.defrost.active and comp.running:
            duty = self.duty
        else:
            duty = self._choose_duty(heat_demand, cool_demand)
            if comp.running:
                reversing = (duty is Duty.COOL) != (self.duty is Duty.COOL)
                if self.mode_setting is Mode.OFF or (
                    src < p.min_source_c and duty is not Duty.COOL
                ):
                    comp.stop()
                elif (duty is Duty.IDLE or reversing) and not comp.can_stop():
                    duty = self.duty  # anti-short-cycle: run on at minimum
                elif duty is Duty.IDLE or reversing:
                    comp.stop()
                    duty = Duty.IDLE if reversing else duty
        self.duty = duty
        locked = src < p.min_source_c and duty is not Duty.COOL

        # Compressor control.
        modulation = 0.0
        q_limit_dhw = 0.0
        err = 0.0
        target = self.flow_target(t_out)
        self.flow_target_c = target
        emitted = b.emitted_w()
        if duty is Duty.SPACE:
            flow_est = b.loop_c + max(0.0, emitted) / (2.0 * mdc)
            err = target - flow_est
            modulation, started = self._modulate(
                err,
                q_cmd=emitted + b.c_loop / p.control_time_s * err,
                qmax=self.capacity_w(src, target),
                may_start=not locked,
            )
        elif duty is Duty.DHW and tank is not None:
            q_limit_dhw = (p.max_flow_c - tank.temp_c) / (
                1.0 / tank.p.coil_ua_w_k + 1.0 / (2.0 * mdc)
            )
            qmax = self.capacity_w(src, tank.temp_c + 8.0)
            hp_can = not locked and q_limit_dhw >= comp.p.min_modulation * qmax
            if not comp.running and hp_can and comp.can_start():
                comp.start()
                started = True
            if comp.running and not hp_can and comp.can_stop():
                comp.stop()
            if comp.running:
                modulation = (
                    comp.clamp(q_limit_dhw / qmax) if hp_can else comp.p.min_modulation
                )
        elif duty is Duty.COOL:
            target = self.cooling_target_c
            flow_est = b.loop_c + min(0.0, emitted) / (2.0 * mdc)
            err = flow_est - target
            modulation, started = self._modulate(
                err,
                q_cmd=-emitted + b.c_loop / p.control_time_s * err,
                qmax=self.cooling_capacity_w(t_out),
                may_start=True,
            )
        elif comp.running:
            modulation = comp.p.min_modulation
        if comp.running:
            cap = max(comp.p.min_modulation, self.controls.max_modulation())
            comp.modulation = modulation = min(modulation, cap)

        # Defrost.
        heating_now = comp.running and duty in (Duty.SPACE, Duty.DHW)
        in_defrost = False
        if p.frosting:
            if not self.defrost.active:
                self.defrost.build(dt, t_out, wx.rh, heating_now)
                if heating_now and self.defrost.due(comp.run_s):
                    self.defrost.start(t_out)
                    defrost_started = True
            in_defrost = self.defrost.active and comp.running

        # Refrigerant circuit.
        q_hp = 0.0
        p_hp = 0.0
        cop = 0.0
        carnot = 0.0
        sink = 0.0
        if in_defrost:
            comp.modulation = _DEFROST_MODULATION
            p_hp = p.defrost.electric_fraction * p.rated_heat_w
            q_hp = -p.defrost.pull_ratio * p_hp
            cop = q_hp / p_hp
            sink = self.return_c
            self.defrost.advance(dt)
        elif comp.running and duty is Duty.COOL:
            q_full = modulation * self.cooling_capacity_w(t_out)
            q_cool = q_full * comp.ramp
            sink = b.loop_c - q_cool / (2.0 * mdc)
            eer, carnot = cooling_eer(
                outdoor_c=t_out,
                cooled_c=sink,
                carnot_factor=p.cooling_carnot_factor,
                modulation=modulation,
                slope=p.part_load_slope,
            )
            p_hp = q_full / eer
            cop = -eer * comp.ramp
            q_hp = p_hp * cop
        elif comp.running:
            coil_c = tank.temp_c if duty is Duty.DHW and tank is not None else b.loop_c
            qmax = self.capacity_w(src, target if duty is Duty.SPACE else coil_c + 8.0)
            q_full = modulation * qmax
            q = q_full * comp.ramp
            if duty is Duty.DHW and tank is not None:
                sink = tank.temp_c + q / tank.p.coil_ua_w_k + q / (2.0 * mdc)
            else:
                sink = b.loop_c + q / (2.0 * mdc)
            cop_ss, carnot = heating_cop(
                sink_c=sink,
                source_c=src,
                carnot_factor=p.carnot_factor,
                modulation=modulation,
                slope=p.part_load_slope,
                frost_outdoor_c=t_out if p.frosting else None,
            )
            p_hp = q_full / cop_ss
            cop = cop_ss * comp.ramp
            q_hp = p_hp * cop

        # Backup heater.
        self._control_backup(dt, duty, locked, modulation, err, q_limit_dhw)
        q_backup = p.backup_w if self.backup_on else 0.0

        # Heat into the loop or the tank.
        space_in = q_hp if duty in (Duty.SPACE, Duty.COOL, Duty.IDLE) else 0.0
        tank_in = q_hp if duty is Duty.DHW else 0.0
        if self.backup_on:
            if duty is Duty.DHW:
                tank_in += q_backup
            else:
                space_in += q_backup
        b.advance(dt, t_out, space_in)
        if tank is not None:
            tank.advance(dt, tank_in)
        self.source_after(dt, q_hp - p_hp if comp.running else 0.0)

        # Pump and the temperatures its sensors see.
        self.pump_on = comp.running or self.backup_on
        self._set_loop_temperatures(duty, q_hp + q_backup, mdc)

        comp.advance(dt)
        aux = (
            p.standby_w
            + (p.pump_w if self.pump_on else 0.0)
            + self.source_aux_w(comp.running)
        )
        if duty is Duty.COOL and comp.running and not in_defrost:
            heat_j = q_backup * dt
            cooling_j = -q_hp * dt
        else:
            heat_j = (q_hp + q_backup) * dt
            cooling_j = 0.0
        return StepResult(
            dt=dt,
            mode=self._mode(duty, in_defrost),
            heat_j=heat_j,
            cooling_j=cooling_j,
            hp_heat_j=q_hp * dt,
            hp_elec_j=p_hp * dt,
            cop=cop,
            carnot_cop=carnot,
            aux_elec_j=aux * dt,
            backup_elec_j=q_backup * dt,
            defrost=in_defrost,
            defrost_started=defrost_started,
            compressor_started=started,
            compressor_running=comp.running or in_defrost,
            sink_c=sink,
            source_c=src,
        )

    def _modulate(
        self, err: float, *, q_cmd: float, qmax: float, may_start: bool
    ) -> tuple[float, bool]:
        """Start above the hysteresis, follow ``q_cmd``, stop when well past it.

        ``err`` is how far the loop is from its target in the direction the
        duty works (positive: more heating or cooling needed).  Returns the
        modulation and whether the compressor started.
        """
        comp = self.comp
        hysteresis = self.p.hysteresis_k
        started = False
        if not comp.running and may_start and err > hysteresis and comp.can_start():
            comp.start()
            started = True
        if not comp.running:
            return 0.0, started
        modulation = q_cmd / qmax
        if modulation < comp.p.min_modulation and err < -hysteresis and comp.can_stop():
            comp.stop()
            return 0.0, started
        return comp.clamp(modulation), started

    def _control_backup(
        self,
        dt: float,
        duty: Duty,
        locked: bool,
        modulation: float,
        err: float,
        q_limit_dhw: float,
    ) -> None:
        p = self.p
        tank = self.tank
        if p.backup_w <= 0.0 or self.mode_setting is Mode.OFF:
            self.backup_on = False
            return
        if duty is Duty.SPACE:
            if locked:
                self.backup_on = err > 1.0 or (self.backup_on and err > -1.0)
            elif self.backup_on:
                self.backup_on = err > 0.5
            else:
                short = modulation >= 0.999 and err > 3.0
                self._backup_wait_s = self._backup_wait_s + dt if short else 0.0
                self.backup_on = self._backup_wait_s >= 1200.0
        elif duty is Duty.DHW and tank is not None:
            qmax = self.capacity_w(self.source_c(), tank.temp_c + 8.0)
            hp_can = not locked and q_limit_dhw >= self.comp.p.min_modulation * qmax
            self.backup_on = not hp_can and tank.temp_c < tank.target_c
        else:
            self.backup_on = False
        if not self.backup_on and duty is not Duty.SPACE:
            self._backup_wait_s = 0.0

    def _set_loop_temperatures(self, duty: Duty, q_w: float, mdc: float) -> None:
        b = self.building
        tank = self.tank
        if not self.pump_on:
            self.flow_c = self.return_c = b.loop_c
            return
        if duty is Duty.DHW and tank is not None:
            mean = tank.temp_c + q_w / tank.p.coil_ua_w_k
        else:
            mean = b.loop_c
        flow_m3_s = self.p.flow_rate_l_min * _L_MIN_TO_M3_S
        # rho·cp where the flow meter sits (the return), as the core's
        # hydronic_heat_power assumes, so flow/return/flow rate give q_w.
        guess = mean - q_w / (2.0 * mdc)
        rho_cp = WATER_PROPERTIES.volumetric_heat_capacity(max(1.0, min(95.0, guess)))
        spread = q_w / (rho_cp * flow_m3_s)
        self.return_c = mean - 0.5 * spread
        rho_cp = WATER_PROPERTIES.volumetric_heat_capacity(
            max(1.0, min(95.0, self.return_c))
        )
        spread = q_w / (rho_cp * flow_m3_s)
        self.flow_c = self.return_c + spread

    def _mode(self, duty: Duty, in_defrost: bool) -> Mode:
        if in_defrost:
            return Mode.DEFROST
        active = self.comp.running or self.backup_on
        if active and duty is Duty.DHW:
            return Mode.DHW
        if active and duty is Duty.SPACE:
            return Mode.HEATING
        if self.comp.running and duty is Duty.COOL:
            return Mode.COOLING
        if self.mode_setting is Mode.OFF:
            return Mode.OFF
        return Mode.STANDBY

    # --- state and writes --------------------------------------------------
    def _state(self) -> dict[Quantity, Value]:
        b = self.building
        r = self.last
        in_defrost = bool(r and r.defrost)
        cooling_valve = in_defrost or (self.duty is Duty.COOL and self.comp.running)
        q = Quantity
        state: dict[Quantity, Value] = {
            q.OUTDOOR_TEMPERATURE: self.wx.outdoor_c,
            q.OUTDOOR_HUMIDITY: self.wx.rh,
            q.FLOW_TEMPERATURE: self.flow_c,
            q.RETURN_TEMPERATURE: self.return_c,
            q.ROOM_TEMPERATURE: b.room_c,
            q.ROOM_TARGET_TEMPERATURE: b.room_target_c,
            q.TARGET_TEMPERATURE: self.flow_target_c,
            q.COOLING_TARGET_TEMPERATURE: self.cooling_target_c,
            q.HEATING_CURVE_OFFSET: self.curve_offset_k,
            q.FLOW_RATE: self.p.flow_rate_l_min if self.pump_on else 0.0,
            q.WATER_PRESSURE: 1.5 + 0.004 * (b.loop_c - 20.0),
            q.COMPRESSOR_FREQUENCY: self.comp.frequency_hz,
            q.COMPRESSOR_MODULATION: self.comp.modulation * 100.0,
            q.OPERATING_MODE: (r.mode if r else Mode.STANDBY).value,
            q.DEFROST_ACTIVE: in_defrost,
            q.REVERSING_VALVE: cooling_valve != self.p.valve_energised_in_heating,
            q.THREE_WAY_VALVE: (
                ValveState.DHW if self.duty is Duty.DHW else ValveState.SPACE
            ).value,
            q.BACKUP_HEATER: self.backup_on,
            q.CIRCULATION_PUMP: self.pump_on,
        }
        if self.tank is not None:
            state[q.DHW_TEMPERATURE] = self.tank.temp_c
            state[q.DHW_TARGET_TEMPERATURE] = self.tank.target_c
        state.update(self.source_state())
        state.update(self.controls.state())
        return state

    def writable(self) -> Mapping[Quantity, Bounds]:
        """Mode, setpoints, curve offset, cooling and DHW targets, owner controls."""
        bounds: dict[Quantity, Bounds] = dict(super().writable())
        q = Quantity
        bounds[q.TARGET_TEMPERATURE] = NumberBounds(20.0, 65.0)
        bounds[q.ROOM_TARGET_TEMPERATURE] = NumberBounds(10.0, 30.0)
        bounds[q.COOLING_TARGET_TEMPERATURE] = NumberBounds(7.0, 25.0)
        bounds[q.HEATING_CURVE_OFFSET] = NumberBounds(-10.0, 10.0)
        if self.tank is not None:
            bounds[q.DHW_TARGET_TEMPERATURE] = NumberBounds(30.0, 65.0)
        bounds.update(CONTROL_BOUNDS)
        if self.tank is None:
            del bounds[q.FORCE_DHW]
        return bounds

    def _apply(self, quantity: Quantity, value: Value) -> None:
        q = Quantity
        if quantity in CONTROL_BOUNDS:
            self.controls.apply(quantity, value)
            return
        assert isinstance(value, float)
        if quantity is q.TARGET_TEMPERATURE:
            self.fixed_flow_c = value
            self.flow_target_c = value
        elif quantity is q.ROOM_TARGET_TEMPERATURE:
            self.building.room_target_c = value
        elif quantity is q.COOLING_TARGET_TEMPERATURE:
            self.cooling_target_c = value
        elif quantity is q.HEATING_CURVE_OFFSET:
            self.curve_offset_k = value
            if self.fixed_flow_c is None:
                self.flow_target_c = self.flow_target(self.wx.outdoor_c)
        elif quantity is q.DHW_TARGET_TEMPERATURE and self.tank is not None:
            self.tank.target_c = value
        else:
            super()._apply(quantity, value)
