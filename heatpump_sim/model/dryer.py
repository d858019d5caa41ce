"""Heat pump clothes dryer: drying cycles with falling-rate drying.

A load of 6–9 kg dry cotton at 50–70 % residual moisture (physics notes'
example: 8 kg at 60 % holds 4.8 kg of water).  The compressor (550 W) and the
drum motor and fan (150 W) run while the drum air circulates through the
condenser and evaporator.  Water comes out at a constant rate of
``SMER_INST × electric power`` until 1 kg of water is left, then in
proportion to what is left; the cycle ends at 2 % residual moisture, cools
down for 10 min and reports DONE until the door is opened (30 min later).
The whole cycle reaches SMER ≈ 2 kg/kWh (physics notes: 1–4 kg/kWh for heat
pump dryers; about 2.3 kWh for the 8 kg example).

A new load starts on about two days of three at 18:00–20:00 (seeded), or
when ``mode_setting`` is written ``drying``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from custom_components.heatpump.core.quantities import (
    DryerState,
    Kind,
    Mode,
    Quantity,
    Value,
)

from ..weather import Weather
from .base import Bounds, HeatPumpModel, Options, StepResult
from .compressor import Compressor, CompressorParams
from .performance import CarnotFactor, heating_cop

DRYER_CARNOT_FACTOR = CarnotFactor(0.35, 0.35)


@dataclass(frozen=True, slots=True, kw_only=True)
class DryerParams:
    """Cycle and power figures."""

    compressor_w: float = 550.0
    drum_w: float = 150.0
    standby_w: float = 1.0
    smer_inst: float = 2.5
    """kg of water per kWh while the load is wet (constant-rate period)."""
    falling_kg: float = 1.0
    warmup_s: float = 600.0
    cooldown_s: float = 600.0
    done_s: float = 1800.0
    end_moisture: float = 0.02
    room_c: float = 20.0
    carnot_factor: CarnotFactor = DRYER_CARNOT_FACTOR
    auto_loads: bool = True


class Dryer(HeatPumpModel):
    """Runs drying cycles and counts the water it removes."""

    kind = Kind.DRYER
    modes: ClassVar[tuple[Mode, ...]] = (Mode.STANDBY, Mode.DRYING, Mode.OFF)

    def __init__(
        self, weather: Weather, *, seed: int = 1, params: DryerParams | None = None
    ) -> None:
        """An idle dryer."""
        super().__init__(weather, seed=seed)
        self.p = params or DryerParams()
        self.comp = Compressor(
            CompressorParams(min_modulation=1.0, max_frequency_hz=60.0, min_off_s=0.0)
        )
        self.dryer_state = DryerState.IDLE
        self.water_kg = 0.0
        self.load_water_kg = 0.0
        self.dry_mass_kg = 0.0
        self.removed_kg = 0.0
        self.phase_s = 0.0
        self.supply_c = self.p.room_c
        self.return_c = self.p.room_c
        self.return_rh = 50.0
        self.cycles = 0
        self._next_load = self._plan_load(0.0)

    def _plan_load(self, after_s: float) -> float:
        start = self.weather.start
        base = after_s - (start.hour * 3600 + start.minute * 60 + start.second)
        day = int(base // 86400) + 1
        while self.rng.random() > 0.66:
            day += 1
        return (
            day * 86400.0
            + self.rng.uniform(18.0, 20.0) * 3600.0
            - (start.hour * 3600 + start.minute * 60 + start.second)
        )

    def start_cycle(
        self, dry_mass_kg: float | None = None, moisture: float | None = None
    ) -> None:
        """Load the drum and start drying."""
        self.dry_mass_kg = dry_mass_kg or self.rng.uniform(6.0, 9.0)
        share = moisture if moisture is not None else self.rng.uniform(0.5, 0.7)
        self.load_water_kg = self.water_kg = self.dry_mass_kg * share
        self.removed_kg = 0.0
        self.phase_s = 0.0
        self.dryer_state = DryerState.DRYING
        self.mode_setting = Mode.DRYING
        self.cycles += 1

    def _advance(self, dt: float) -> StepResult:
        p = self.p
        comp = self.comp
        if (
            p.auto_loads
            and self.t >= self._next_load
            and self.dryer_state in (DryerState.IDLE, DryerState.DONE)
        ):
            if self.mode_setting is not Mode.OFF:
                self.start_cycle()
            self._next_load = self._plan_load(self.t + 3600.0)
        started = False
        removed = 0.0
        q = p_hp = cop = carnot = sink = 0.0
        drum = 0.0
        self.phase_s += dt
        state = self.dryer_state
        if state is DryerState.DRYING:
            if not comp.running:
                comp.start()
                started = True
            comp.modulation = 1.0
            warm = min(1.0, self.phase_s / p.warmup_s)
            elec_kw = (p.compressor_w + p.drum_w) / 1000.0
            rate = p.smer_inst * elec_kw * warm / 3600.0  # kg/s
            if self.water_kg < p.falling_kg:
                rate *= self.water_kg / p.falling_kg
            removed = min(self.water_kg, rate * dt)
            self.water_kg -= removed
            self.removed_kg += removed
            self.supply_c = p.room_c + (55.0 - p.room_c) * warm
            self.return_c = self.supply_c - 18.0 * warm
            self.return_rh = 95.0 * min(1.0, self.water_kg / p.falling_kg) + 40.0 * max(
                0.0, 1.0 - self.water_kg / p.falling_kg
            )
            sink = self.supply_c
            cop_ss, carnot = heating_cop(
                sink_c=sink,
                source_c=self.return_c - 10.0,
                carnot_factor=p.carnot_factor,
                modulation=1.0,
                slope=0.0,
            )
            p_hp = p.compressor_w
            cop = cop_ss
            q = p_hp * cop
            drum = p.drum_w
            if self.water_kg <= p.end_moisture * self.dry_mass_kg:
                comp.stop()
                self.dryer_state = DryerState.COOLING_DOWN
                self.phase_s = 0.0
        elif state is DryerState.COOLING_DOWN:
            drum = p.drum_w
            self.supply_c += (p.room_c - self.supply_c) * min(1.0, dt / 300.0)
            self.return_c += (p.room_c - self.return_c) * min(1.0, dt / 300.0)
            if self.phase_s >= p.cooldown_s:
                self.dryer_state = DryerState.DONE
                self.phase_s = 0.0
        elif state is DryerState.DONE:
            self.supply_c = self.return_c = p.room_c
            if self.phase_s >= p.done_s:
                self.dryer_state = DryerState.IDLE
                self.mode_setting = Mode.STANDBY
        comp.advance(dt)
        mode = (
            Mode.DRYING
            if self.dryer_state
            in (
                DryerState.DRYING,
                DryerState.COOLING_DOWN,
            )
            else (Mode.OFF if self.mode_setting is Mode.OFF else Mode.STANDBY)
        )
        return StepResult(
            dt=dt,
            mode=mode,
            heat_j=q * dt,
            hp_heat_j=q * dt,
            hp_elec_j=p_hp * dt,
            cop=cop,
            carnot_cop=carnot,
            aux_elec_j=(p.standby_w + drum) * dt,
            compressor_started=started,
            compressor_running=comp.running,
            sink_c=sink,
            water_removed_kg=removed,
        )

    def _state(self) -> dict[Quantity, Value]:
        r = self.last
        q = Quantity
        return {
            q.SUPPLY_AIR_TEMPERATURE: self.supply_c,
            q.RETURN_AIR_TEMPERATURE: self.return_c,
            q.RETURN_AIR_HUMIDITY: self.return_rh,
            q.COMPRESSOR_FREQUENCY: self.comp.frequency_hz,
            q.OPERATING_MODE: (r.mode if r else Mode.STANDBY).value,
            q.DRYER_STATE: self.dryer_state.value,
            q.WATER_REMOVED: self.removed_kg,
        }

    def writable(self) -> Mapping[Quantity, Bounds]:
        """Mode only: ``drying`` starts a cycle, ``off`` disables auto loads."""
        return {Quantity.MODE_SETTING: Options(tuple(m.value for m in self.modes))}

    def write(self, quantity: Quantity, value: Value) -> None:
        """Start a cycle on ``drying``; otherwise as any unit."""
        super().write(quantity, value)
        if (
            quantity is Quantity.MODE_SETTING
            and value == Mode.DRYING.value
            and self.dryer_state in (DryerState.IDLE, DryerState.DONE)
        ):
            self.start_cycle()
