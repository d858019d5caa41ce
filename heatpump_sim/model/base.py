"""What every heat pump model shares: stepping, counters, state and writes."""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from custom_components.heatpump.core.quantities import Kind, Mode, Quantity, Value

from ..weather import Weather, WeatherSample

J_PER_KWH = 3.6e6
MAINS_V = 230.0


class WriteError(ValueError):
    """The unit refuses a write (not writable, or out of its bounds)."""


@dataclass(frozen=True, slots=True)
class NumberBounds:
    """Accepted range of a numeric setting, in the quantity's unit."""

    min: float
    max: float


@dataclass(frozen=True, slots=True)
class Options:
    """Accepted options of an enum setting."""

    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Flag:
    """An on/off setting."""


Bounds = NumberBounds | Options | Flag


@dataclass(slots=True, kw_only=True)
class StepResult:
    """Exact energies of one step (joules) and what the unit did in it.

    Sign conventions: ``heat_j`` is heat delivered to the heating or hot-water
    side, negative while defrosting, and excludes cooling; ``cooling_j`` is heat
    removed while cooling (positive).  ``hp_heat_j`` is what the refrigerant
    circuit gave the water or air, signed, and always equals ``hp_elec_j * cop``.
    """

    dt: float
    mode: Mode
    heat_j: float = 0.0
    cooling_j: float = 0.0
    hp_heat_j: float = 0.0
    hp_elec_j: float = 0.0
    cop: float = 0.0
    """hp_heat_j / hp_elec_j: negative while defrosting or cooling, 0 when off."""
    carnot_cop: float = 0.0
    """Carnot COP (heatpumpmonitor offsets) at this step's temperatures, 0 if off."""
    aux_elec_j: float = 0.0
    """Controls, standby, pumps and indoor fans."""
    backup_elec_j: float = 0.0
    """Electric backup heater; its heat equals its electricity."""
    defrost: bool = False
    defrost_started: bool = False
    compressor_started: bool = False
    compressor_running: bool = False
    sink_c: float = 0.0
    """Condenser-side temperature used for COP (flow, supply air, tank...)."""
    source_c: float = 0.0
    """Evaporator-side temperature used for COP (outdoor air, brine...)."""
    water_removed_kg: float = 0.0

    @property
    def elec_j(self) -> float:
        """All electricity of the step."""
        return self.hp_elec_j + self.aux_elec_j + self.backup_elec_j


class HeatPumpModel(ABC):
    """A heat pump of one kind, advanced in steps of simulated time.

    Subclasses implement :meth:`_advance` (physics of one step) and
    :meth:`_state` (their quantities); this class keeps the clock, the device
    counters (heat and electricity in kWh, starts, hours), the electrical
    quantities and the write checks.
    """

    kind: ClassVar[Kind]
    modes: ClassVar[tuple[Mode, ...]] = (Mode.OFF,)
    """Mode settings the unit accepts."""

    def __init__(self, weather: Weather, *, seed: int = 1) -> None:
        """A unit under ``weather``; ``seed`` fixes every random choice."""
        self.weather = weather
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 17)
        self.t = 0.0
        self.mode_setting: Mode = self.modes[0]
        self.heat_counter_kwh = 0.0
        self.elec_counter_kwh = 0.0
        self._net_heat_kwh = 0.0
        self._net_heat_peak_kwh = 0.0
        self.net_heat_counter = False
        """True: the heat counter follows net heat (defrost deducted) and never
        falls, as some units count.  Default False: positive heat only, as MID
        heat meters count and as the analytics engine expects."""
        self.starts = 0
        self.run_hours = 0.0
        self.steps = 0
        self.last: StepResult | None = None
        self.wx: WeatherSample = weather.sample(0.0)
        self.error_code = "0"
        self._volts = MAINS_V

    # --- clock -----------------------------------------------------------
    @property
    def now(self) -> datetime:
        """The simulated instant."""
        return self.weather.start + timedelta(seconds=self.t)

    def step(self, dt: float) -> StepResult:
        """Advance ``dt`` simulated seconds; return that step's exact energies."""
        if not dt > 0.0:
            raise ValueError(f"step must be > 0 s, got {dt}")
        self.wx = self.weather.sample(self.t)
        result = self._advance(dt)
        self.t += dt
        self.steps += 1
        self._account(result)
        self.last = result
        return result

    def _account(self, r: StepResult) -> None:
        self.elec_counter_kwh += r.elec_j / J_PER_KWH
        if self.net_heat_counter:
            self._net_heat_kwh += r.heat_j / J_PER_KWH
            if self._net_heat_kwh > self._net_heat_peak_kwh:
                self.heat_counter_kwh += self._net_heat_kwh - self._net_heat_peak_kwh
                self._net_heat_peak_kwh = self._net_heat_kwh
        elif r.heat_j > 0.0:
            self.heat_counter_kwh += r.heat_j / J_PER_KWH
        if r.compressor_started:
            self.starts += 1
        if r.compressor_running:
            self.run_hours += r.dt / 3600.0
        if self.steps % 60 == 0:
            self._volts = MAINS_V + self.rng.uniform(-3.0, 3.0)

    def reset_counters(self) -> None:
        """Zero the energy counters, as a unit does after a reset."""
        self.heat_counter_kwh = 0.0
        self.elec_counter_kwh = 0.0
        self._net_heat_kwh = 0.0
        self._net_heat_peak_kwh = 0.0

    @abstractmethod
    def _advance(self, dt: float) -> StepResult:
        """Physics of one step starting at ``self.t`` under ``self.wx``."""

    # --- state -----------------------------------------------------------
    def state(self) -> dict[Quantity, Value]:
        """Everything the unit reports now, in the quantities' units."""
        r = self.last
        elec_w = r.elec_j / r.dt if r else 0.0
        heat_w = (r.heat_j - r.cooling_j) / r.dt if r else 0.0
        running = bool(r and r.compressor_running)
        pf = 0.97 if running else 0.6
        q = Quantity
        state: dict[Quantity, Value] = {
            q.ELECTRICAL_POWER: elec_w,
            q.ELECTRICAL_ENERGY: self.elec_counter_kwh,
            q.HEAT_POWER: heat_w,
            q.HEAT_ENERGY: self.heat_counter_kwh,
            q.COMPRESSOR_STARTS: float(self.starts),
            q.COMPRESSOR_HOURS: self.run_hours,
            q.COMPRESSOR_RUNNING: running,
            q.MODE_SETTING: self.mode_setting.value,
            q.ERROR_CODE: self.error_code,
            q.VOLTAGE: self._volts,
            q.CURRENT: elec_w / (self._volts * pf),
            q.POWER_FACTOR: pf,
            q.UNIT_TIME: self.now.timestamp(),
        }
        state.update(self._state())
        return state

    @abstractmethod
    def _state(self) -> dict[Quantity, Value]:
        """The kind's own quantities."""

    # --- writes ----------------------------------------------------------
    def writable(self) -> Mapping[Quantity, Bounds]:
        """Quantities the unit accepts writes to, with their bounds."""
        return {Quantity.MODE_SETTING: Options(tuple(m.value for m in self.modes))}

    def write(self, quantity: Quantity, value: Value) -> None:
        """Apply a setting; raise :class:`WriteError` if the unit refuses it."""
        bounds = self.writable().get(quantity)
        if bounds is None:
            raise WriteError(f"{quantity} is not writable on this unit")
        if isinstance(bounds, Flag):
            if not isinstance(value, bool):
                raise WriteError(f"{quantity}: expects on or off, got {value!r}")
            self._apply(quantity, value)
            return
        if isinstance(bounds, Options):
            if not isinstance(value, str) or value not in bounds.options:
                raise WriteError(f"{quantity}: {value!r} not in {bounds.options}")
            if quantity is Quantity.MODE_SETTING:
                self.mode_setting = Mode(value)
            else:
                self._apply(quantity, value)
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WriteError(f"{quantity}: expects a number, got {value!r}")
        number = float(value)
        if not bounds.min <= number <= bounds.max:
            raise WriteError(f"{quantity}: {number} outside {bounds.min}…{bounds.max}")
        self._apply(quantity, number)

    def _apply(self, quantity: Quantity, value: Value) -> None:
        """Store an already checked setting (kinds with settings override)."""
        raise WriteError(f"{quantity} is not writable on this unit")
