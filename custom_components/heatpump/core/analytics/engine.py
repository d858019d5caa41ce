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
    known) for air-to-air units.
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
from typing import Any, Self

from ..physics.fluids import Fluid
from ..quantities import Kind, Quantity, Value
from . import compressor as cmp
from . import defrost as dfr
from .config import EngineConfig
from .defrost import ACTIVE, IDLE, PENDING
from .efficiency import Efficiency, first
from .energy import (
    BACKUP_E,
    CARNOT_E,
    CARNOT_U,
    COOLING,
    DATA_SEC,
    DEF_LOSS,
    DEF_SEC,
    E_RUN,
    EXP_E,
    EXP_U,
    H_RUN,
    HEAT_SERVICES,
    HEATING,
    KWH_PER_WS,
    OTHER,
    POOL,
    SLOT_OF_MODE,
    STARTS,
    Counter,
    zeros,
)
from .kinds import DryerTracker, WaterHeaterTracker
from .metrics import build_breakdown, build_metrics
from .periods import Periods
from .power import air_side, electrical_from_vi, hydronic_factor
from .sample import Event, EventKind, Sample
from .state import SCHEMA_VERSION, dump_engine, load_engine

Q = Quantity
_EP = Q.ELECTRICAL_POWER
_EE = Q.ELECTRICAL_ENERGY
_HP = Q.HEAT_POWER
_HE = Q.HEAT_ENERGY
_FR = Q.FLOW_RATE
_CR = Q.COMPRESSOR_RUNNING
_CF = Q.COMPRESSOR_FREQUENCY
_OM = Q.OPERATING_MODE
_V3 = Q.THREE_WAY_VALVE
_DA = Q.DEFROST_ACTIVE
_BH = Q.BACKUP_HEATER

_DEFAULT_MODE: dict[Kind, str] = {
    Kind.WATER_HEATER: "dhw",
    Kind.POOL: "pool",
    Kind.DRYER: "drying",
}
_AT_REST = frozenset({"off", "standby"})
UNSEEN = object()
"""Nothing reported yet: forces the first mode derivation."""
_HYD_CACHE_MAX = 4096


class Engine:
    """Turns a stream of samples into totals, COPs, events and flags."""

    __slots__ = (
        "_air",
        "_backup",
        "_c_e",
        "_c_h",
        "_c_xe",
        "_c_xh",
        "_carnot",
        "_cfg",
        "_comp",
        "_comp_raw",
        "_comp_rep",
        "_crun",
        "_csign",
        "_day",
        "_def",
        "_def_c",
        "_def_day",
        "_def_min",
        "_def_reported",
        "_def_total",
        "_default_mode",
        "_dry",
        "_dt_k",
        "_eff",
        "_expect",
        "_first_ts",
        "_heating_like",
        "_held",
        "_hold",
        "_hyd_cache",
        "_hyd_get",
        "_infer",
        "_k_sink",
        "_k_src",
        "_kc",
        "_ke",
        "_max_gap",
        "_meter_return",
        "_mode",
        "_nb",
        "_om",
        "_om_ts",
        "_pe",
        "_pe_ext",
        "_pe_int",
        "_pe_ts",
        "_pend_sec",
        "_periods",
        "_pf",
        "_ph",
        "_ph_ext",
        "_ph_int",
        "_ph_ts",
        "_pool",
        "_q_tf",
        "_q_tr",
        "_ref_on",
        "_run",
        "_slot",
        "_starts_day",
        "_starts_total",
        "_thr",
        "_thr_off",
        "_ts",
        "_v3",
        "_v3_ts",
        "_vals",
        "_wh",
        "_x_base",
    )

    def __init__(self, config: EngineConfig) -> None:
        """A fresh engine: no samples, all totals zero."""
        self._cfg = config
        kind = config.kind
        self._max_gap = config.max_gap_s
        self._thr = config.compressor_threshold_w
        self._thr_off = config.compressor_threshold_w - config.compressor_hysteresis_w
        self._meter_return = config.flow_meter_side == "return"
        self._pf = config.assumed_power_factor
        self._air = kind == Kind.AIR_TO_AIR
        self._pool = kind == Kind.POOL
        if self._air:
            self._q_tf, self._q_tr = Q.SUPPLY_AIR_TEMPERATURE, Q.RETURN_AIR_TEMPERATURE
        else:
            self._q_tf, self._q_tr = Q.FLOW_TEMPERATURE, Q.RETURN_TEMPERATURE
        self._hyd_cache: dict[float, float] = {}
        self._hyd_get = self._hyd_cache.get
        self._infer = config.infer_defrost
        self._dt_k = config.defrost_delta_t_k
        self._def_min = config.defrost_min_s
        self._default_mode = _DEFAULT_MODE.get(kind, "heating")
        self._eff = Efficiency.for_config(config)
        self._wh = (
            WaterHeaterTracker(
                config.tank_volume_l, config.ambient_temp_c, config.standing_loss_min_s
            )
            if kind == Kind.WATER_HEATER
            else None
        )
        self._dry = (
            DryerTracker(config.dryer_end_idle_s) if kind == Kind.DRYER else None
        )
        self._periods = Periods(config.time_zone, config.heating_season_start_month)
        self._c_xh = Counter(config.max_gap_s, config.max_power_w)
        self._c_h = Counter(config.max_gap_s, config.max_power_w)
        self._c_xe = Counter(config.max_gap_s, config.max_power_w)
        self._c_e = Counter(config.max_gap_s, config.max_power_w)
        self._def = dfr.DefrostTracker(config.defrost_merge_s)
        self._comp = cmp.CompressorTracker(
            config.min_off_s, config.short_cycle_window_s, config.run_time_window_s
        )
        self._k_src: float | None = None
        self._kc: float | None = None
        self._ke: float | None = None
        self._reset_state()

    def _reset_state(self) -> None:
        self._ts: float | None = None
        self._first_ts = 0.0
        self._vals: Mapping[Quantity, Value] = {}
        self._ph: float | None = None
        self._pe: float | None = None
        self._ph_int: float | None = None
        self._pe_int: float | None = None
        self._ph_ts = 0.0
        self._pe_ts = 0.0
        self._ph_ext: float | None = None
        self._pe_ext: float | None = None
        self._held = False
        """The latest sample's heat or electricity is a held value."""
        self._hold: list[float] | None = None
        """Sums of held intervals, waiting for a reading to settle them."""
        self._x_base = False
        self._day = zeros()
        self._nb = 0.0
        self._om: object = UNSEEN
        self._v3: object = UNSEEN
        self._om_ts = 0.0
        self._v3_ts = 0.0
        self._mode: str | None = None
        self._slot = OTHER
        self._heating_like = False
        self._k_sink: float | None = None
        self._set_mode(None)
        self._run = False
        self._crun = False
        """Running and the compressor not reported off: compressor figures."""
        self._comp_rep: bool | None = None
        self._ref_on: bool | None = None
        self._csign = 1.0
        self._backup = False
        self._comp_raw: bool | None = None
        self._def_c = False
        self._def_reported = False
        self._pend_sec = 0.0
        self._carnot: float | None = None
        self._expect: float | None = None
        self._starts_day = 0
        self._starts_total = 0
        self._def_day = 0
        self._def_total = 0

    @property
    def config(self) -> EngineConfig:
        """The settings this engine runs with."""
        return self._cfg

    # ------------------------------------------------------------------ hot path

    def update(self, sample: Sample) -> list[Event]:
        """Take one sample; return what happened.  Older samples are ignored."""
        ts = sample.ts
        t0 = self._ts
        max_gap = self._max_gap
        if t0 is None:
            self._start(ts)
            t0 = ts
            dt = 0.0
            ok = False
        elif ts < t0:
            return []
        else:
            dt = ts - t0
            ok = dt < max_gap
        vals = sample.values
        g = vals.get
        dtr = self._def
        ds = dtr.state

        # Electrical power (W): external meter > reported > V×I×PF.
        x_pe = sample.external_electrical_power
        if x_pe is None:
            pe: Any = g(_EP)
            if pe is None:
                pe = electrical_from_vi(vals, self._pf)
        else:
            pe = x_pe
        if pe is not None:
            if pe - pe != 0.0:
                pe = None
            elif pe < 0.0:
                pe = 0.0

        # Heat power (W): external > reported > computed.
        tf: Any = g(self._q_tf)
        tr: Any = g(self._q_tr)
        x_ph = sample.external_heat_power
        if x_ph is None:
            ph: Any = g(_HP)
            if ph is None and tf is not None and tr is not None:
                if self._air:
                    ph = air_side(vals, tf, tr)
                else:
                    fr: Any = g(_FR)
                    if fr is not None:
                        tm = tr if self._meter_return else tf
                        k = self._hyd_get(tm)
                        if k is None:
                            k = self._hyd_new(tm)
                        ph = k * fr * (tf - tr)
        else:
            ph = x_ph
        if ph is not None and ph - ph != 0.0:
            ph = None

        # Values used for integration: held while the hole is under max_gap.
        held = False
        fill_bad = False
        if ph is not None:
            h_now = ph
            if self._held and ts - self._ph_ts >= max_gap:
                fill_bad = True
            self._ph_ts = ts
        elif self._ph_int is not None and ts - self._ph_ts < max_gap:
            h_now = self._ph_int
            held = True
        else:
            h_now = None
            fill_bad = self._ph_int is not None
        if pe is not None:
            e_now = pe
            if self._held and ts - self._pe_ts >= max_gap:
                fill_bad = True
            self._pe_ts = ts
        elif self._pe_int is not None and ts - self._pe_ts < max_gap:
            e_now = self._pe_int
            held = True
        else:
            e_now = None
            fill_bad = fill_bad or self._pe_int is not None

        # Counters; a missing reading drops the baseline.
        xh = sample.external_heat_energy
        xe = sample.external_electrical_energy
        if xh is None and xe is None:
            dxh = dxe = None
            if self._x_base:
                self._external_counters(None, None, ts, dt)
        else:
            dxh, dxe = self._external_counters(xh, xe, ts, dt)
        v: Any = g(_HE)
        if v is not None:
            counter = self._c_h
            dh = 0.0 if ok and v == counter.last else counter.step(v, ts, dt)
        else:
            dh = None
            if self._c_h.last is not None:
                self._c_h.last = None
        v = g(_EE)
        if v is not None:
            counter = self._c_e
            de = 0.0 if ok and v == counter.last else counter.step(v, ts, dt)
        else:
            de = None
            if self._c_e.last is not None:
                self._c_e.last = None

        # The interval (t0, ts] with the state of t0.
        nb = self._nb
        before = None
        if ok:
            if self._held:
                d = self._hold
                if d is None:
                    d = self._hold = zeros()
            else:
                d = self._day
                if ts >= nb:
                    before = d[:]
            h0 = self._ph_int
            th = h0 * dt * KWH_PER_WS if h0 is not None else None
            e0 = self._pe_int
            te = e0 * dt * KWH_PER_WS if e0 is not None else None
            # A counter gives the positive heat; negative power adds its own.
            eh: float | None
            ee: float | None
            neg = -th if th is not None and th < 0.0 else 0.0
            if dxh is not None:
                eh = dxh
            elif x_ph is not None and self._ph_ext is not None and th is not None:
                eh, neg = (th, 0.0) if th >= 0.0 else (0.0, neg)
            elif dh is not None:
                eh = dh
            elif th is not None:
                eh, neg = (th, 0.0) if th >= 0.0 else (0.0, neg)
            else:
                eh = None
            if dxe is not None:
                ee = dxe
            elif x_pe is not None and self._pe_ext is not None and te is not None:
                ee = te
            elif de is not None:
                ee = de
            else:
                ee = te
            if eh is not None or ee is not None:
                if eh is None:
                    eh = 0.0
                if ee is None:
                    ee = 0.0
                s = self._slot if self._run else OTHER
                d[s] += eh
                if neg:
                    d[s + 1] += neg
                    if s != COOLING:
                        d[DEF_LOSS] += neg
                    eh -= neg
                d[s + 2] += ee
                if te is not None:
                    d[DATA_SEC] += dt
                if s != COOLING and self._crun:
                    d[H_RUN] += eh
                    d[E_RUN] += ee
                    c = self._carnot
                    if c is not None:
                        d[CARNOT_U] += eh
                        d[CARNOT_E] += ee * c * self._csign
                        c = self._expect
                        if c is not None:
                            d[EXP_U] += eh / c
                            d[EXP_E] += ee
                elif self._backup and not self._crun:
                    d[BACKUP_E] += ee
            if ds:
                if ds == ACTIVE:
                    d[DEF_SEC] += dt
                elif ds == PENDING:
                    self._pend_sec += dt
        if ts >= nb:
            self._roll(before, t0, ts)
        hold = self._hold
        if hold is not None:
            if not ok or fill_bad:
                self._hold = None
            elif not held:
                day = self._day
                for i, x in enumerate(hold):
                    day[i] += x
                self._hold = None

        # Compressor: reported > frequency > power with hysteresis.
        on: Any = g(_CR)
        if on is None:
            v = g(_CF)
            if v is not None:
                on = v > 0.0
                self._comp_rep = on
            else:
                self._comp_rep = None
                if pe is not None:
                    on = pe >= (self._thr_off if self._comp_raw else self._thr)
        else:
            if on is not True and on is not False:
                on = bool(on)
            self._comp_rep = on
        self._comp_raw = on
        events: list[Event] | None = None
        comp = self._comp
        eff_on = True if on is False and ds != IDLE else on
        if eff_on is not None and eff_on is not comp.expect:
            r = comp.step(ts, eff_on)
            if r:
                events = self._on_compressor(r, ts, vals, events)

        # Mode: only re-derived when the reported values change.
        om: Any = g(_OM)
        if om is not None:
            self._om_ts = ts
        elif self._om is not UNSEEN and ts - self._om_ts < max_gap:
            om = self._om
        v = g(_V3)
        if v is not None:
            self._v3_ts = ts
        elif self._v3 is not UNSEEN and ts - self._v3_ts < max_gap:
            v = self._v3
        if om is not self._om or v is not self._v3:
            events = self._mode_step(ts, om, v, events)

        # Defrost: reported > inferred.
        v = g(_DA)
        if v is not None:
            cond = bool(v)
            reported = True
            if not self._def_reported:
                self._def_reported = True
        elif om is not None and om == "defrost":
            cond = reported = True
            if not self._def_reported:
                self._def_reported = True
        elif self._def_reported:
            cond = False if om is not None else self._def_c
            reported = True
        elif self._infer:
            cond = (
                tf is not None
                and tr is not None
                and tr - tf > self._dt_k
                and on is True
                and self._heating_like
            )
            reported = False
        else:
            cond = False
            reported = True
        if cond is not dtr.expect:
            r = dtr.step(ts, cond, 0.0 if reported else self._def_min)
            if r:
                events = self._on_defrost(r, ts, events)
        self._def_c = cond

        # State for the next interval.
        run = e_now is not None and e_now >= self._thr
        self._run = run
        crun = run and self._comp_rep is not False
        self._crun = crun
        if e_now is not None:
            if crun and self._ref_on is False:
                self._day[STARTS] += 1.0
            self._ref_on = crun
        v = g(_BH)
        if v is not None:
            self._backup = bool(v)
        elif not held:
            self._backup = False
        if tf is not None and tr is not None:
            self._csign = -1.0 if tf - tr < -0.2 else 1.0
        eff = self._eff
        if run and eff is not None:
            sink: Any = g(eff.sinks[0])
            if sink is None:
                sink = first(g, eff.sinks)
            src: Any = g(eff.sources[0])
            if src is None:
                src = first(g, eff.sources)
            if sink is not None and src is not None:
                if sink != self._k_sink or src != self._k_src:
                    self._eff_step(sink, src)
                self._carnot = self._kc
                self._expect = self._ke
            elif not held:
                self._carnot = self._expect = None

        if self._wh is not None:
            self._water_heater_step(ts, vals)
        if self._dry is not None:
            events = self._dryer_step(ts, vals, run, events)

        self._ts = ts
        self._vals = vals
        self._ph = ph
        self._pe = pe
        self._ph_int = h_now
        self._pe_int = e_now
        self._held = held
        self._ph_ext = x_ph
        self._pe_ext = x_pe
        return events if events is not None else []

    # ------------------------------------------------------- rare transitions

    def _external_counters(
        self, heat: float | None, elec: float | None, ts: float, dt: float
    ) -> tuple[float | None, float | None]:
        """Step the external counters (a None reading drops its baseline)."""
        out: list[float | None] = []
        for counter, value in ((self._c_xh, heat), (self._c_xe, elec)):
            if value is None:
                counter.last = None
                out.append(None)
            else:
                out.append(counter.step(value, ts, dt))
        self._x_base = self._c_xh.last is not None or self._c_xe.last is not None
        return out[0], out[1]

    def _mode_step(
        self,
        ts: float,
        om: Value | None,
        valve: Value | None,
        events: list[Event] | None,
    ) -> list[Event] | None:
        """Derive the service from OPERATING_MODE and THREE_WAY_VALVE."""
        self._om = om
        self._v3 = valve
        m: Value | None
        if om is None or om == "auto":
            m = None
        elif om == "defrost":
            m = self._mode
        else:
            m = om
        if valve is not None and valve == "dhw" and m not in _AT_REST:
            m = "dhw"
        mode = self._default_mode if m is None else str(m)
        if mode == self._mode:
            return events
        old = self._mode
        self._set_mode(mode)
        if old is None:
            return events
        out = [] if events is None else events
        out.append(Event(EventKind.MODE_CHANGED, ts, {"from": old, "to": mode}))
        return out

    def _set_mode(self, mode: str | None) -> None:
        self._mode = mode
        slot = SLOT_OF_MODE.get(mode or self._default_mode, OTHER)
        if slot == HEATING and self._pool:
            slot = POOL
        self._slot = slot
        self._heating_like = slot not in (COOLING, OTHER)
        self._k_sink = None  # Carnot switches between heating and cooling

    def _eff_step(self, sink: float, src: float) -> None:
        eff = self._eff
        assert eff is not None
        cool = self._slot == COOLING
        self._k_sink, self._k_src = sink, src
        self._kc = eff.carnot(sink, src, cool)
        self._ke = eff.expected(sink, src, cool)

    def _start(self, ts: float) -> None:
        self._periods.start(ts)
        self._nb = self._periods.next_boundary
        self._first_ts = ts

    def _hyd_new(self, meter_temp: float) -> float:
        cache = self._hyd_cache
        if len(cache) >= _HYD_CACHE_MAX:
            cache.clear()
        cfg = self._cfg
        k = cache[meter_temp] = hydronic_factor(
            Fluid(cfg.fluid), cfg.mass_fraction, meter_temp
        )
        return k

    def _roll(self, before: list[float] | None, t0: float, ts: float) -> None:
        """Local midnight passed: split the interval, close the day."""
        day = self._day
        if before is not None and ts > t0:
            f = (self._nb - t0) / (ts - t0)
            f = 0.0 if f < 0.0 else min(f, 1.0)
            old: list[float] = []
            new: list[float] = []
            for x, b in zip(day, before, strict=True):
                inc = x - b
                part = f * inc
                old.append(b + part)
                new.append(inc - part)
        else:
            old, new = day, zeros()
        self._periods.rollover(ts, old)
        self._day = new
        self._nb = self._periods.next_boundary
        self._starts_day = 0
        self._def_day = 0

    def totals(self) -> tuple[float, float]:
        """Lifetime (net heat, electricity) in kWh, heat services only."""
        life, day = self._periods.lifetime, self._day
        heat = elec = 0.0
        for s in HEAT_SERVICES:
            heat += life[s] + day[s] - life[s + 1] - day[s + 1]
            elec += life[s + 2] + day[s + 2]
        return heat, elec + life[COOLING + 2] + day[COOLING + 2]

    def _on_compressor(
        self,
        r: int,
        ts: float,
        vals: Mapping[Quantity, Value],
        events: list[Event] | None,
    ) -> list[Event]:
        out = [] if events is None else events
        comp = self._comp
        wh = self._wh
        if r & cmp.STOPPED:
            run_s = comp.stopped_at - comp.run_start
            out.append(
                Event(
                    EventKind.COMPRESSOR_STOPPED,
                    comp.stopped_at,
                    {"run_time_s": run_s if comp.known_start else None},
                )
            )
            if wh is not None:
                heat, elec = self.totals()
                tank = first(vals.get, (Q.DHW_TEMPERATURE,))
                data = wh.cycle_end(ts, tank, heat, elec)
                if data is not None:
                    out.append(Event(EventKind.CYCLE_COMPLETED, ts, data))
        if r & cmp.STARTED:
            self._starts_day += 1
            self._starts_total += 1
            out.append(Event(EventKind.COMPRESSOR_STARTED, ts, {}))
            if wh is not None:
                heat, elec = self.totals()
                wh.cycle_start(ts, first(vals.get, (Q.DHW_TEMPERATURE,)), heat, elec)
        return out

    def _on_defrost(self, r: int, ts: float, events: list[Event] | None) -> list[Event]:
        out = [] if events is None else events
        dtr = self._def
        if r & dfr.ENDED:
            out.append(
                Event(
                    EventKind.DEFROST_ENDED,
                    dtr.end,
                    {"start": dtr.start, "duration_s": dtr.end - dtr.start},
                )
            )
        if r & dfr.STARTED:
            day = self._day
            day[DEF_SEC] += self._pend_sec
            self._def_day += 1
            self._def_total += 1
            out.append(
                Event(
                    EventKind.DEFROST_STARTED,
                    dtr.start,
                    {"inferred": not self._def_reported},
                )
            )
        if r & (dfr.STARTED | dfr.DISCARDED):
            self._pend_sec = 0.0
        return out

    def _water_heater_step(self, ts: float, vals: Mapping[Quantity, Value]) -> None:
        wh = self._wh
        assert wh is not None
        idle = self._comp.state == cmp.OFF and not vals.get(Q.BACKUP_HEATER)
        wh.idle_step(ts, first(vals.get, (Q.DHW_TEMPERATURE,)), idle, vals)

    def _dryer_step(
        self,
        ts: float,
        vals: Mapping[Quantity, Value],
        run: bool,
        events: list[Event] | None,
    ) -> list[Event] | None:
        dry = self._dry
        assert dry is not None
        data = dry.step(
            ts,
            vals.get(Q.DRYER_STATE),
            run,
            vals.get(Q.WATER_REMOVED),
            lambda: self.totals()[1],
        )
        if data is None:
            return events
        out = [] if events is None else events
        out.append(Event(EventKind.CYCLE_COMPLETED, ts, data))
        return out

    # ------------------------------------------------------------- read side

    def metrics(self) -> dict[str, float | bool | str | None]:
        """Every figure, computed now from the sums (see ``metrics``)."""
        return build_metrics(self)

    def breakdown(self) -> dict[str, dict[str, float | None]]:
        """COP, EER and energy per service for each period (see ``metrics``)."""
        return build_breakdown(self)

    # ---------------------------------------------------------- persistence

    def to_dict(self) -> dict[str, Any]:
        """The whole state as JSON-serialisable data (see ``state``)."""
        return dump_engine(self)

    @classmethod
    def from_dict(cls, config: EngineConfig, data: Mapping[str, Any]) -> Self:
        """An engine that continues exactly where ``to_dict`` left off.

        ValueError (or KeyError/TypeError for malformed data) when the data
        cannot be used, e.g. another schema version.
        """
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ValueError(f"engine state schema {version!r}, need {SCHEMA_VERSION}")
        engine = cls(config)
        load_engine(engine, data)
        return engine

    def after_restart(self) -> None:
        """Start a restored engine with a gap, never a line from stored power.

        The powers of the last stored sample say nothing about the time the
        integration was down, so the first interval integrates no power; the
        unit's counters still count it (they are guarded as ever).
        """
        self._ph_int = self._pe_int = None

    def counters(self) -> tuple[Counter, Counter, Counter, Counter]:
        """External heat, unit heat, external electricity, unit electricity."""
        return self._c_xh, self._c_h, self._c_xe, self._c_e
