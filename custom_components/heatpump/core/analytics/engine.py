"""The analytics engine: one pass over the samples, figures on demand.

``update`` is the hot path.  It does only what cannot wait: resolve the two
powers, integrate the interval since the previous sample into today's sums,
and step the small state machines (compressor, mode, defrost) when their
input differs from what they expect.  Everything derived is left to
``metrics()``.

Precedence
    Heat power: ``Sample.external_heat_power`` > ``HEAT_POWER`` > computed,
    from ``FLOW_RATE`` × (``FLOW_TEMPERATURE`` − ``RETURN_TEMPERATURE``) for
    water and brine (rho·cp of the configured fluid at the flow meter), or
    from ``AIRFLOW`` and the supply/return air (with humidity when both RH are
    known) for air-to-air units.  Heat taken from the house shows only as a
    negative computed power: it replaces a reported one that is larger
    whenever the unit's reported power is clamped at 0
    (``heat_power_clamped``) or a defrost is under way (reported or
    inferred), so that it counts in the net heat and the defrost energy.
    Electrical power: ``Sample.external_electrical_power`` >
    ``ELECTRICAL_POWER`` > ``VOLTAGE`` × ``CURRENT`` × ``POWER_FACTOR`` (the
    configured ``assumed_power_factor`` when the unit gives none).
    Energy of an interval, for heat and for electricity alike: external
    counter > external power (integrated) > the unit's counter > the unit's
    power (integrated).  Counters only count positive heat, so in intervals
    where the integrated heat power is negative (defrost) that negative part
    is added to a heat counter's step.
Intervals
    An interval (previous sample, this sample] of ``max_gap_s`` or longer is
    never integrated and counters re-baseline across it.  An interval takes
    the power and the state (mode, defrost, running, Carnot) of the sample
    that opens it, as heatpumpmonitor's 10 s slots do.  A power missing from
    a sample is held at its last value, but, as heatpumpmonitor's
    ``remove_null_values``, only when the whole hole, from the last reading
    to the next one, is shorter than ``max_gap_s``: intervals opened on a
    held value wait aside until a reading settles it, then count (held
    intervals count as running when the held power is) or are dropped
    whole.  An interval that spans local midnight is split between the two
    days in proportion to time (a held stretch counts on the day that
    settles it).
Modes
    A missing ``OPERATING_MODE`` or ``THREE_WAY_VALVE`` keeps its last value
    for up to ``max_gap_s``. ``OPERATING_MODE`` gives the service; a 3-way
    valve on DHW makes it DHW unless the unit is off or in standby; ``auto``
    or nothing at all means the kind's usual service (heating; DHW for water
    heaters; pool; drying); a pool unit's heating is pool service. In a
    reported defrost the service stays the one before it. Only intervals at or
    above the starting power count in a service; the rest (standby, pump
    overrun) is "other", so the services add up to the totals. Cooling
    intervals are left out of every COP and go into EER. The mode is only re-
    derived when the reported mode or valve value changes.
Starts
    ``STARTS`` counts what heatpumpmonitor's ``compressor_starts`` does: a
    sample at or above the starting power after one below it (both with an
    electrical reading), the compressor not reported off.  The compressor
    tracker's starts (``_starts_day``) ignore pauses under ``min_off_s`` and
    defrosts: they are the "compressor cycles".
State machines across gaps
    The compressor and defrost machines keep their state across a gap; a
    run or defrost that spans one is measured to the first sample after it.
Events
    Returned by ``update`` in the order they were detected.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import isfinite
from typing import Any, Self

from ..physics.fluids import Fluid
from ..quantities import Kind, Quantity, Value
from .compressor import OFF as COMPRESSOR_OFF
from .compressor import STARTED as COMPRESSOR_STARTED
from .compressor import STOPPED as COMPRESSOR_STOPPED
from .config import EngineConfig
from .defrost import ACTIVE, DISCARDED, ENDED, IDLE, PENDING
from .defrost import STARTED as DEFROST_STARTED
from .efficiency import Efficiency, first
from .energy import (
    BACKUP_ELECTRICITY,
    CARNOT_HEAT,
    CARNOT_IDEAL_HEAT,
    COOLING,
    DEFROST_LOSS,
    DEFROST_SECONDS,
    ELECTRICITY,
    EXPECTED_ELECTRICITY,
    EXPECTED_HEAT,
    HEAT,
    HEAT_SERVICES,
    HEATING,
    KWH_PER_WS,
    NEGATIVE_HEAT,
    OTHER,
    POOL,
    READING_SECONDS,
    RUNNING_ELECTRICITY,
    RUNNING_HEAT,
    SLOT_OF_MODE,
    STARTS,
    zeros,
)
from .metrics import Breakdown, Metrics, build_breakdown, build_metrics
from .persistence import dump_state, load_state
from .power import air_side, electrical_from_vi, hydronic_factor
from .sample import Event, EventKind, Sample
from .state import UNSEEN, EngineState

Q = Quantity
_ELECTRICAL_POWER = Q.ELECTRICAL_POWER
_ELECTRICAL_ENERGY = Q.ELECTRICAL_ENERGY
_HEAT_POWER = Q.HEAT_POWER
_HEAT_ENERGY = Q.HEAT_ENERGY
_FLOW_RATE = Q.FLOW_RATE
_COMPRESSOR_RUNNING = Q.COMPRESSOR_RUNNING
_COMPRESSOR_FREQUENCY = Q.COMPRESSOR_FREQUENCY
_OPERATING_MODE = Q.OPERATING_MODE
_THREE_WAY_VALVE = Q.THREE_WAY_VALVE
_DEFROST_ACTIVE = Q.DEFROST_ACTIVE
_BACKUP_HEATER = Q.BACKUP_HEATER

_DEFAULT_MODE: dict[Kind, str] = {
    Kind.WATER_HEATER: "dhw",
    Kind.POOL: "pool",
    Kind.DRYER: "drying",
}
_AT_REST = frozenset({"off", "standby"})
_FLUID_CACHE_MAX = 4096


class Engine:
    """Turns a stream of samples into totals, COPs, events and flags.

    ``state`` is everything it remembers (see ``state``); the rest of its
    attributes are settings and caches derived from the config and the state.
    """

    __slots__ = (
        "_air",
        "_carnot_memo",
        "_carnot_sink",
        "_carnot_source",
        "_config",
        "_default_mode",
        "_defrost_delta_t",
        "_defrost_min_s",
        "_efficiency",
        "_expected_memo",
        "_external_baseline",
        "_flow_quantity",
        "_fluid_factor_cached",
        "_fluid_factors",
        "_heat_clamped",
        "_heating_like",
        "_infer_defrost",
        "_max_gap",
        "_meter_on_return",
        "_next_midnight",
        "_pool",
        "_power_factor",
        "_return_quantity",
        "_slot",
        "_start_threshold",
        "_stop_threshold",
        "state",
    )

    def __init__(self, config: EngineConfig, state: EngineState | None = None) -> None:
        """An engine that continues from ``state`` (default: no samples yet)."""
        self._config = config
        kind = config.kind
        self._max_gap = config.max_gap_s
        self._start_threshold = config.compressor_threshold_w
        self._stop_threshold = (
            config.compressor_threshold_w - config.compressor_hysteresis_w
        )
        self._meter_on_return = config.flow_meter_side == "return"
        self._power_factor = config.assumed_power_factor
        self._air = kind == Kind.AIR_TO_AIR
        self._heat_clamped = config.heat_power_clamped
        self._pool = kind == Kind.POOL
        if self._air:
            self._flow_quantity = Q.SUPPLY_AIR_TEMPERATURE
            self._return_quantity = Q.RETURN_AIR_TEMPERATURE
        else:
            self._flow_quantity = Q.FLOW_TEMPERATURE
            self._return_quantity = Q.RETURN_TEMPERATURE
        self._fluid_factors: dict[float, float] = {}
        self._fluid_factor_cached = self._fluid_factors.get
        self._infer_defrost = config.infer_defrost
        self._defrost_delta_t = config.defrost_delta_t_k
        self._defrost_min_s = config.defrost_min_s
        self._default_mode = _DEFAULT_MODE.get(kind, "heating")
        self._efficiency = Efficiency.for_config(config)
        self._carnot_source: float | None = None
        self._carnot_memo: float | None = None
        self._expected_memo: float | None = None
        self.state = state = EngineState.fresh(config) if state is None else state
        self._next_midnight = state.periods.next_boundary
        self._external_baseline = (
            state.external_heat_counter.last is not None
            or state.external_electricity_counter.last is not None
        )
        self._set_mode(state.mode)

    @property
    def config(self) -> EngineConfig:
        """The settings this engine runs with."""
        return self._config

    # ------------------------------------------------------------------ hot path

    def update(self, sample: Sample) -> list[Event]:
        """Take one sample; return what happened.  Older samples are ignored."""
        state = self.state
        ts = sample.ts
        t0 = state.last_ts
        max_gap = self._max_gap
        if t0 is None:
            self._start(ts)
            t0 = ts
            dt = 0.0
            integrate = False
        elif ts < t0:
            return []
        else:
            dt = ts - t0
            integrate = dt < max_gap
        values = sample.values
        value_of = values.get
        defrost = state.defrost
        defrost_state = defrost.state

        # Electrical power (W): external meter > reported > V×I×PF.
        external_elec = sample.external_electrical_power
        if external_elec is None:
            elec: Any = value_of(_ELECTRICAL_POWER)
            if elec is None:
                elec = electrical_from_vi(values, self._power_factor)
        else:
            elec = external_elec
        if elec is not None:
            if not isfinite(elec):
                elec = None
            elif elec < 0.0:
                elec = 0.0

        # Heat power (W): external > reported > computed.
        flow_temp: Any = value_of(self._flow_quantity)
        return_temp: Any = value_of(self._return_quantity)
        external_heat = sample.external_heat_power
        if external_heat is None:
            heat: Any = value_of(_HEAT_POWER)
            if (
                flow_temp is not None
                and return_temp is not None
                and (
                    heat is None
                    or (
                        # Heat taken from the house: a reported power that cannot
                        # go negative hides it; flow × ΔT shows it.
                        return_temp > flow_temp
                        and (
                            self._heat_clamped
                            or defrost_state != IDLE
                            or value_of(_DEFROST_ACTIVE) is True
                        )
                    )
                )
            ):
                computed = self._computed_heat(values, flow_temp, return_temp)
                if heat is None or (computed is not None and computed < heat):
                    heat = computed
        else:
            heat = external_heat
        if heat is not None and not isfinite(heat):
            heat = None

        # Powers the next interval opens with: a missing one is held while
        # the hole is under max_gap; a hole that turns out longer drops the
        # intervals held aside.
        held = False
        hole_too_long = False
        if heat is not None:
            heat_now = heat
            if state.power_held and ts - state.heat_power_seen_at >= max_gap:
                hole_too_long = True
            state.heat_power_seen_at = ts
        elif (
            state.heat_power_held is not None
            and ts - state.heat_power_seen_at < max_gap
        ):
            heat_now = state.heat_power_held
            held = True
        else:
            heat_now = None
            hole_too_long = state.heat_power_held is not None
        if elec is not None:
            elec_now = elec
            if state.power_held and ts - state.electrical_power_seen_at >= max_gap:
                hole_too_long = True
            state.electrical_power_seen_at = ts
        elif (
            state.electrical_power_held is not None
            and ts - state.electrical_power_seen_at < max_gap
        ):
            elec_now = state.electrical_power_held
            held = True
        else:
            elec_now = None
            hole_too_long = hole_too_long or state.electrical_power_held is not None

        # Counters (kWh since the previous reading); a missing reading drops
        # the baseline.
        external_heat_kwh = sample.external_heat_energy
        external_elec_kwh = sample.external_electrical_energy
        if external_heat_kwh is None and external_elec_kwh is None:
            external_heat_step = external_elec_step = None
            if self._external_baseline:
                self._external_counters(None, None, ts, dt)
        else:
            external_heat_step, external_elec_step = self._external_counters(
                external_heat_kwh, external_elec_kwh, ts, dt
            )
        reading: Any = value_of(_HEAT_ENERGY)
        counter = state.heat_counter
        if reading is not None:
            heat_step = (
                0.0
                if integrate and reading == counter.last and counter.doubt is None
                else counter.step(reading, ts, dt)
            )
        else:
            heat_step = None
            if counter.last is not None:
                counter.last = None
        reading = value_of(_ELECTRICAL_ENERGY)
        counter = state.electricity_counter
        if reading is not None:
            elec_step = (
                0.0
                if integrate and reading == counter.last and counter.doubt is None
                else counter.step(reading, ts, dt)
            )
        else:
            elec_step = None
            if counter.last is not None:
                counter.last = None

        # The interval (t0, ts] with the power and state of t0.
        next_midnight = self._next_midnight
        day_before = None
        if integrate:
            if state.power_held:  # opened on a held value: wait aside
                day = state.held_sums
                if day is None:
                    day = state.held_sums = zeros()
            else:
                day = state.today
                if ts >= next_midnight:
                    day_before = day[:]
            opening = state.heat_power_held
            heat_by_power = opening * dt * KWH_PER_WS if opening is not None else None
            opening = state.electrical_power_held
            elec_by_power = opening * dt * KWH_PER_WS if opening is not None else None
            # A counter gives the positive heat; negative power adds its own.
            heat_kwh: float | None
            elec_kwh: float | None
            negative_kwh = (
                -heat_by_power
                if heat_by_power is not None and heat_by_power < 0.0
                else 0.0
            )
            if external_heat_step is not None:
                heat_kwh = external_heat_step
            elif (
                external_heat is not None
                and state.external_heat_power is not None
                and heat_by_power is not None
            ):
                heat_kwh, negative_kwh = (
                    (heat_by_power, 0.0)
                    if heat_by_power >= 0.0
                    else (0.0, negative_kwh)
                )
            elif heat_step is not None:
                heat_kwh = heat_step
            elif heat_by_power is not None:
                heat_kwh, negative_kwh = (
                    (heat_by_power, 0.0)
                    if heat_by_power >= 0.0
                    else (0.0, negative_kwh)
                )
            else:
                heat_kwh = None
            if external_elec_step is not None:
                elec_kwh = external_elec_step
            elif (
                external_elec is not None
                and state.external_electrical_power is not None
                and elec_by_power is not None
            ):
                elec_kwh = elec_by_power
            elif elec_step is not None:
                elec_kwh = elec_step
            else:
                elec_kwh = elec_by_power
            # A counter in doubt learns what counted instead (see Counter).
            if heat_step is None and state.heat_counter.doubt is not None:
                state.heat_counter.bridge(heat_kwh, state.power_held)
            if elec_step is None and state.electricity_counter.doubt is not None:
                state.electricity_counter.bridge(elec_kwh, state.power_held)
            if self._external_baseline:
                self._bridge_external(
                    external_heat_step, heat_kwh, external_elec_step, elec_kwh
                )
            if heat_kwh is not None or elec_kwh is not None:
                if heat_kwh is None:
                    heat_kwh = 0.0
                if elec_kwh is None:
                    elec_kwh = 0.0
                # Below the starting power (standby, pump overrun) is "other".
                slot = self._slot if state.running else OTHER
                day[slot + HEAT] += heat_kwh
                if negative_kwh:
                    day[slot + NEGATIVE_HEAT] += negative_kwh
                    if slot != COOLING:
                        day[DEFROST_LOSS] += negative_kwh
                    heat_kwh -= negative_kwh
                day[slot + ELECTRICITY] += elec_kwh
                if elec_by_power is not None:
                    day[READING_SECONDS] += dt
                if slot != COOLING and state.compressor_counted:
                    day[RUNNING_HEAT] += heat_kwh
                    day[RUNNING_ELECTRICITY] += elec_kwh
                    carnot = state.carnot_cop
                    if carnot is not None:
                        day[CARNOT_HEAT] += heat_kwh
                        day[CARNOT_IDEAL_HEAT] += elec_kwh * carnot * state.carnot_sign
                        expected = state.expected_cop
                        if expected is not None:
                            day[EXPECTED_HEAT] += heat_kwh / expected
                            day[EXPECTED_ELECTRICITY] += elec_kwh
                elif state.backup_heater_on and not state.compressor_counted:
                    day[BACKUP_ELECTRICITY] += elec_kwh
            if defrost_state:  # not IDLE
                if defrost_state == ACTIVE:
                    day[DEFROST_SECONDS] += dt
                elif defrost_state == PENDING:
                    state.pending_defrost_s += dt
        if ts >= next_midnight:
            self._roll(day_before, t0, ts)
        held_sums = state.held_sums
        if held_sums is not None:
            if not integrate or hole_too_long:
                state.held_sums = None
            elif not held:  # a reading settles what waited aside
                today = state.today
                for index, value in enumerate(held_sums):
                    today[index] += value
                state.held_sums = None

        # Compressor: reported > frequency > power with hysteresis.
        on: Any = value_of(_COMPRESSOR_RUNNING)
        if on is None:
            frequency: Any = value_of(_COMPRESSOR_FREQUENCY)
            if frequency is not None:
                on = frequency > 0.0
                state.compressor_reported = on
            else:
                state.compressor_reported = None
                if elec is not None:
                    on = elec >= (
                        self._stop_threshold
                        if state.compressor_on
                        else self._start_threshold
                    )
        else:
            if on is not True and on is not False:
                on = bool(on)
            state.compressor_reported = on
        state.compressor_on = on
        events: list[Event] | None = None
        compressor = state.compressor
        # A defrost is not a stop: the compressor counts as on through it.
        counted_on = True if on is False and defrost_state != IDLE else on
        if counted_on is not None and counted_on is not compressor.expect:
            change = compressor.step(ts, counted_on)
            if change:
                events = self._on_compressor(change, ts, values, events)

        # Mode: a missing input is held up to max_gap; the mode is only
        # re-derived when an input changes.
        mode_reading: Any = value_of(_OPERATING_MODE)
        if mode_reading is not None:
            state.mode_reported_at = ts
        elif state.mode_reading is not UNSEEN and ts - state.mode_reported_at < max_gap:
            mode_reading = state.mode_reading
        valve_reading: Any = value_of(_THREE_WAY_VALVE)
        if valve_reading is not None:
            state.valve_reported_at = ts
        elif (
            state.valve_reading is not UNSEEN and ts - state.valve_reported_at < max_gap
        ):
            valve_reading = state.valve_reading
        if (
            mode_reading is not state.mode_reading
            or valve_reading is not state.valve_reading
        ):
            events = self._mode_step(ts, mode_reading, valve_reading, events)

        # Defrost: reported > inferred.
        reported_defrost = value_of(_DEFROST_ACTIVE)
        if reported_defrost is not None:
            condition = bool(reported_defrost)
            reported = True
            if not state.defrost_reported:
                state.defrost_reported = True
        elif mode_reading is not None and mode_reading == "defrost":
            condition = reported = True
            if not state.defrost_reported:
                state.defrost_reported = True
        elif state.defrost_reported:
            condition = False if mode_reading is not None else state.defrost_condition
            reported = True
        elif self._infer_defrost:
            condition = (
                flow_temp is not None
                and return_temp is not None
                and return_temp - flow_temp > self._defrost_delta_t
                and on is True
                and self._heating_like
            )
            reported = False
        else:
            condition = False
            reported = True
        if condition is not defrost.expect:
            change = defrost.step(
                ts, condition, 0.0 if reported else self._defrost_min_s
            )
            if change:
                events = self._on_defrost(change, ts, events)
        state.defrost_condition = condition

        # State for the next interval.
        running = elec_now is not None and elec_now >= self._start_threshold
        state.running = running
        counted = running and state.compressor_reported is not False
        state.compressor_counted = counted
        if elec_now is not None:
            if counted and state.start_reference_on is False:
                state.today[STARTS] += 1.0
            state.start_reference_on = counted
        backup = value_of(_BACKUP_HEATER)
        if backup is not None:
            state.backup_heater_on = bool(backup)
        elif not held:
            state.backup_heater_on = False
        if flow_temp is not None and return_temp is not None:
            state.carnot_sign = -1.0 if flow_temp - return_temp < -0.2 else 1.0
        efficiency = self._efficiency
        if running and efficiency is not None:
            sink: Any = value_of(efficiency.sinks[0])
            if sink is None:
                sink = first(value_of, efficiency.sinks)
            source: Any = value_of(efficiency.sources[0])
            if source is None:
                source = first(value_of, efficiency.sources)
            if sink is not None and source is not None:
                if sink != self._carnot_sink or source != self._carnot_source:
                    self._evaluate_efficiency(sink, source)
                state.carnot_cop = self._carnot_memo
                state.expected_cop = self._expected_memo
            elif not held:
                state.carnot_cop = state.expected_cop = None

        if state.water_heater is not None:
            self._water_heater_step(ts, values)
        if state.dryer is not None:
            events = self._dryer_step(ts, values, running, events)

        state.last_ts = ts
        state.values = values
        state.heat_power = heat
        state.electrical_power = elec
        state.heat_power_held = heat_now
        state.electrical_power_held = elec_now
        state.power_held = held
        state.external_heat_power = external_heat
        state.external_electrical_power = external_elec
        return events if events is not None else []

    # ------------------------------------------------------- rare transitions

    def _external_counters(
        self, heat: float | None, elec: float | None, ts: float, dt: float
    ) -> tuple[float | None, float | None]:
        """Step the external counters (a None reading drops its baseline)."""
        state = self.state
        steps: list[float | None] = []
        for counter, value in (
            (state.external_heat_counter, heat),
            (state.external_electricity_counter, elec),
        ):
            if value is None:
                counter.last = None
                steps.append(None)
            else:
                steps.append(counter.step(value, ts, dt))
        self._external_baseline = (
            state.external_heat_counter.last is not None
            or state.external_electricity_counter.last is not None
        )
        return steps[0], steps[1]

    def _bridge_external(
        self,
        heat_step: float | None,
        heat_kwh: float | None,
        elec_step: float | None,
        elec_kwh: float | None,
    ) -> None:
        """``Counter.bridge`` for the external counters."""
        state = self.state
        if heat_step is None:
            state.external_heat_counter.bridge(heat_kwh, state.power_held)
        if elec_step is None:
            state.external_electricity_counter.bridge(elec_kwh, state.power_held)

    def _mode_step(
        self,
        ts: float,
        reported_mode: Value | None,
        valve: Value | None,
        events: list[Event] | None,
    ) -> list[Event] | None:
        """Derive the service from OPERATING_MODE and THREE_WAY_VALVE."""
        state = self.state
        state.mode_reading = reported_mode
        state.valve_reading = valve
        current = state.mode
        service: Value | None
        if reported_mode is None or reported_mode == "auto":
            service = None
        elif reported_mode == "defrost":
            service = current
        else:
            service = reported_mode
        if valve is not None and valve == "dhw" and service not in _AT_REST:
            service = "dhw"
        mode = self._default_mode if service is None else str(service)
        if mode == current:
            return events
        self._set_mode(mode)
        if current is None:
            return events
        out = [] if events is None else events
        out.append(Event(EventKind.MODE_CHANGED, ts, {"from": current, "to": mode}))
        return out

    def _set_mode(self, mode: str | None) -> None:
        self.state.mode = mode
        slot = SLOT_OF_MODE.get(mode or self._default_mode, OTHER)
        if slot == HEATING and self._pool:
            slot = POOL
        self._slot = slot
        self._heating_like = slot not in (COOLING, OTHER)
        self._carnot_sink: float | None = None  # heating and cooling differ

    def _evaluate_efficiency(self, sink: float, source: float) -> None:
        efficiency = self._efficiency
        assert efficiency is not None
        cooling = self._slot == COOLING
        self._carnot_sink, self._carnot_source = sink, source
        self._carnot_memo = efficiency.carnot(sink, source, cooling)
        self._expected_memo = efficiency.expected(sink, source, cooling)

    def _start(self, ts: float) -> None:
        periods = self.state.periods
        periods.start(ts)
        self._next_midnight = periods.next_boundary
        self.state.first_ts = ts

    def _computed_heat(
        self, values: Mapping[Quantity, Any], flow_temp: float, return_temp: float
    ) -> float | None:
        """Heat power from the water (flow × ΔT) or air side, if read."""
        if self._air:
            return air_side(values, flow_temp, return_temp)
        flow_rate: Any = values.get(_FLOW_RATE)
        if flow_rate is None:
            return None
        meter_temp = return_temp if self._meter_on_return else flow_temp
        factor = self._fluid_factor_cached(meter_temp)
        if factor is None:
            factor = self._fluid_factor(meter_temp)
        result: float = factor * flow_rate * (flow_temp - return_temp)
        return result

    def _fluid_factor(self, meter_temp: float) -> float:
        """rho·cp of the fluid at the meter, computed and cached."""
        cache = self._fluid_factors
        if len(cache) >= _FLUID_CACHE_MAX:
            cache.clear()
        config = self._config
        factor = cache[meter_temp] = hydronic_factor(
            Fluid(config.fluid), config.mass_fraction, meter_temp
        )
        return factor

    def _roll(self, day_before: list[float] | None, t0: float, ts: float) -> None:
        """Local midnight passed: split the interval, close the day."""
        state = self.state
        day = state.today
        if day_before is not None and ts > t0:
            share = (self._next_midnight - t0) / (ts - t0)
            share = 0.0 if share < 0.0 else min(share, 1.0)
            closing: list[float] = []
            opening: list[float] = []
            for total, before in zip(day, day_before, strict=True):
                added = total - before
                part = share * added
                closing.append(before + part)
                opening.append(added - part)
        else:
            closing, opening = day, zeros()
        state.periods.rollover(ts, closing)
        state.today = opening
        self._next_midnight = state.periods.next_boundary
        state.cycles_today = 0
        state.defrosts_today = 0

    def totals(self) -> tuple[float, float]:
        """Lifetime (net heat, electricity) in kWh, heat services only."""
        life, day = self.state.periods.lifetime, self.state.today
        heat = elec = 0.0
        for s in HEAT_SERVICES:
            heat += (
                life[s + HEAT]
                + day[s + HEAT]
                - life[s + NEGATIVE_HEAT]
                - day[s + NEGATIVE_HEAT]
            )
            elec += life[s + ELECTRICITY] + day[s + ELECTRICITY]
        return heat, elec + life[COOLING + ELECTRICITY] + day[COOLING + ELECTRICITY]

    def _on_compressor(
        self,
        change: int,
        ts: float,
        values: Mapping[Quantity, Value],
        events: list[Event] | None,
    ) -> list[Event]:
        out = [] if events is None else events
        state = self.state
        compressor = state.compressor
        water_heater = state.water_heater
        if change & COMPRESSOR_STOPPED:
            run_s = compressor.stopped_at - compressor.run_start
            out.append(
                Event(
                    EventKind.COMPRESSOR_STOPPED,
                    compressor.stopped_at,
                    {"run_time_s": run_s if compressor.known_start else None},
                )
            )
            if water_heater is not None:
                heat, elec = self.totals()
                tank = first(values.get, (Q.DHW_TEMPERATURE,))
                data = water_heater.cycle_end(ts, tank, heat, elec)
                if data is not None:
                    out.append(Event(EventKind.CYCLE_COMPLETED, ts, data))
        if change & COMPRESSOR_STARTED:
            state.cycles_today += 1
            state.cycles_total += 1
            out.append(Event(EventKind.COMPRESSOR_STARTED, ts, {}))
            if water_heater is not None:
                heat, elec = self.totals()
                tank = first(values.get, (Q.DHW_TEMPERATURE,))
                water_heater.cycle_start(ts, tank, heat, elec)
        return out

    def _on_defrost(
        self, change: int, ts: float, events: list[Event] | None
    ) -> list[Event]:
        out = [] if events is None else events
        state = self.state
        defrost = state.defrost
        if change & ENDED:
            out.append(
                Event(
                    EventKind.DEFROST_ENDED,
                    defrost.end,
                    {"start": defrost.start, "duration_s": defrost.end - defrost.start},
                )
            )
        if change & DEFROST_STARTED:
            state.today[DEFROST_SECONDS] += state.pending_defrost_s
            state.defrosts_today += 1
            state.defrosts_total += 1
            out.append(
                Event(
                    EventKind.DEFROST_STARTED,
                    defrost.start,
                    {"inferred": not state.defrost_reported},
                )
            )
        if change & (DEFROST_STARTED | DISCARDED):
            state.pending_defrost_s = 0.0
        return out

    def _water_heater_step(self, ts: float, values: Mapping[Quantity, Value]) -> None:
        state = self.state
        water_heater = state.water_heater
        assert water_heater is not None
        idle = state.compressor.state == COMPRESSOR_OFF and not values.get(
            Q.BACKUP_HEATER
        )
        tank = first(values.get, (Q.DHW_TEMPERATURE,))
        water_heater.idle_step(ts, tank, idle, values)

    def _dryer_step(
        self,
        ts: float,
        values: Mapping[Quantity, Value],
        running: bool,
        events: list[Event] | None,
    ) -> list[Event] | None:
        dryer = self.state.dryer
        assert dryer is not None
        data = dryer.step(
            ts,
            values.get(Q.DRYER_STATE),
            running,
            values.get(Q.WATER_REMOVED),
            lambda: self.totals()[1],
        )
        if data is None:
            return events
        out = [] if events is None else events
        out.append(Event(EventKind.CYCLE_COMPLETED, ts, data))
        return out

    # ------------------------------------------------------------- read side

    def metrics(self) -> Metrics:
        """Every figure, computed now from the sums (see ``metrics``)."""
        return build_metrics(self.state, self._config, self._efficiency)

    def breakdown(self) -> Breakdown:
        """COP, EER and energy per service for each period (see ``metrics``)."""
        return build_breakdown(self.state)

    # ---------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """The whole state as JSON-serialisable data (see ``persistence``)."""
        return dump_state(self.state)

    def after_restart(self) -> None:
        """Start a restored engine with a gap, never a line from stored power.

        The powers of the last stored sample say nothing about the time the
        integration was down, so the first interval integrates no power; the
        unit's counters still count it (they are guarded as ever).
        """
        self.state.heat_power_held = self.state.electrical_power_held = None

    @classmethod
    def from_dict(cls, config: EngineConfig, data: Mapping[str, Any]) -> Self:
        """An engine that continues exactly where ``to_dict`` left off.

        Older stored layouts are migrated.  ValueError (or KeyError/TypeError
        for malformed data) when the data cannot be used, e.g. an unknown
        schema version.
        """
        return cls(config, load_state(config, data))
