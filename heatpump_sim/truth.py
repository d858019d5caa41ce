"""Ground truth: exact heat, electricity, defrosts and starts of a run.

Every step's exact energies (from the model, not from rounded registers) are
summed per interval and in total, defrost events and compressor starts are
listed, and the lot is kept in memory for tests and written as CSV (one row
per interval, plus ``<name>.defrosts.csv``) or JSON (everything).
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from custom_components.heatpump.core.quantities import Mode, Quantity

from .model.base import J_PER_KWH, HeatPumpModel, StepResult


@dataclass(slots=True)
class Totals:
    """Sums over a span of simulated time (kWh, s, counts)."""

    seconds: float = 0.0
    heat_kwh: float = 0.0
    """Net heat to heating and hot water: defrost deducted, backup included."""
    positive_heat_kwh: float = 0.0
    defrost_heat_kwh: float = 0.0
    """Heat pulled from the loop while defrosting (a positive number)."""
    cooling_kwh: float = 0.0
    cooling_elec_kwh: float = 0.0
    """Electricity of the steps the unit spent cooling (EER's denominator)."""
    elec_kwh: float = 0.0
    compressor_elec_kwh: float = 0.0
    aux_elec_kwh: float = 0.0
    backup_elec_kwh: float = 0.0
    defrost_elec_kwh: float = 0.0
    defrost_s: float = 0.0
    defrosts: int = 0
    compressor_starts: int = 0
    compressor_run_s: float = 0.0
    water_removed_kg: float = 0.0

    def add(self, r: StepResult) -> None:
        """Add one step."""
        self.seconds += r.dt
        heat = r.heat_j / J_PER_KWH
        self.heat_kwh += heat
        if heat > 0.0:
            self.positive_heat_kwh += heat
        self.cooling_kwh += r.cooling_j / J_PER_KWH
        self.elec_kwh += r.elec_j / J_PER_KWH
        if r.mode is Mode.COOLING:
            self.cooling_elec_kwh += r.elec_j / J_PER_KWH
        self.compressor_elec_kwh += r.hp_elec_j / J_PER_KWH
        self.aux_elec_kwh += r.aux_elec_j / J_PER_KWH
        self.backup_elec_kwh += r.backup_elec_j / J_PER_KWH
        if r.defrost:
            self.defrost_heat_kwh -= r.hp_heat_j / J_PER_KWH
            self.defrost_elec_kwh += r.hp_elec_j / J_PER_KWH
            self.defrost_s += r.dt
        self.defrosts += r.defrost_started
        self.compressor_starts += r.compressor_started
        if r.compressor_running:
            self.compressor_run_s += r.dt
        self.water_removed_kg += r.water_removed_kg

    @property
    def cop(self) -> float:
        """True COP, Σ net heat / Σ electricity (0 without electricity)."""
        return self.heat_kwh / self.elec_kwh if self.elec_kwh > 0.0 else 0.0

    @property
    def defrost_share(self) -> float:
        """Defrost heat as a share of positive heat (heatpumpmonitor's way)."""
        if self.positive_heat_kwh <= 0.0:
            return 0.0
        return self.defrost_heat_kwh / self.positive_heat_kwh

    @property
    def starts_per_hour(self) -> float:
        """Compressor starts per hour of simulated time."""
        return self.compressor_starts * 3600.0 / self.seconds if self.seconds else 0.0


@dataclass(slots=True)
class Interval:
    """One row of ground truth."""

    start: str
    mode: str
    outdoor_c: float
    rh: float
    flow_c: float | None
    return_c: float | None
    totals: Totals
    cumulative: Totals


@dataclass(frozen=True, slots=True)
class DefrostEvent:
    """One defrost, from start to end."""

    start: str
    t_s: float
    duration_s: float
    heat_kwh: float
    """Heat pulled from the loop (positive)."""
    elec_kwh: float
    outdoor_c: float
    rh: float
    run_before_s: float
    """Compressor running time since the previous defrost ended."""


@dataclass(slots=True)
class _Open:
    t_s: float
    start: datetime
    outdoor_c: float
    rh: float
    run_before_s: float
    duration_s: float = 0.0
    heat_kwh: float = 0.0
    elec_kwh: float = 0.0


_TOTAL_FIELDS = [f.name for f in fields(Totals)]


def _cell(value: float) -> float | int:
    return value if isinstance(value, int) else round(value, 7)


class Truth:
    """Collects the ground truth of one model, step by step."""

    def __init__(
        self,
        model: HeatPumpModel,
        *,
        interval_s: float = 60.0,
        path: str | Path | None = None,
    ) -> None:
        """Record ``model``; write CSV or JSON to ``path`` (by its suffix)."""
        self.model = model
        self.interval_s = interval_s
        self.path = Path(path) if path is not None else None
        self.totals = Totals()
        self.intervals: list[Interval] = []
        self.defrosts: list[DefrostEvent] = []
        self.start_times: list[float] = []
        self._current = Totals()
        self._mode_s: dict[Mode, float] = {}
        self._outdoor_sum = 0.0
        self._rh_sum = 0.0
        self._interval_start = model.t
        self._open: _Open | None = None
        self._run_since_defrost = 0.0
        self._csv: IO[str] | None = None
        self._writer: Any = None

    def record(self, r: StepResult, t_start: float) -> None:
        """Add the step that began at ``t_start`` (model already advanced)."""
        model = self.model
        self.totals.add(r)
        self._current.add(r)
        self._mode_s[r.mode] = self._mode_s.get(r.mode, 0.0) + r.dt
        wx = model.wx
        self._outdoor_sum += wx.outdoor_c * r.dt
        self._rh_sum += wx.rh * r.dt
        if r.compressor_started:
            self.start_times.append(t_start)
        self._track_defrost(r, t_start)
        if model.t - self._interval_start >= self.interval_s - 1e-9:
            self._close_interval()

    def _track_defrost(self, r: StepResult, t_start: float) -> None:
        if r.defrost_started or (r.defrost and self._open is None):
            wx = self.model.wx
            self._open = _Open(
                t_s=t_start,
                start=self.model.weather.start + timedelta(seconds=t_start),
                outdoor_c=wx.outdoor_c,
                rh=wx.rh,
                run_before_s=self._run_since_defrost,
            )
        if r.defrost and self._open is not None:
            self._open.duration_s += r.dt
            self._open.heat_kwh -= r.hp_heat_j / J_PER_KWH
            self._open.elec_kwh += r.hp_elec_j / J_PER_KWH
            return
        if self._open is not None:
            self._finish_defrost()
        if r.compressor_running:
            self._run_since_defrost += r.dt

    def _finish_defrost(self) -> None:
        o = self._open
        if o is None:
            return
        self.defrosts.append(
            DefrostEvent(
                start=o.start.isoformat(),
                t_s=o.t_s,
                duration_s=o.duration_s,
                heat_kwh=o.heat_kwh,
                elec_kwh=o.elec_kwh,
                outdoor_c=o.outdoor_c,
                rh=o.rh,
                run_before_s=o.run_before_s,
            )
        )
        self._open = None
        self._run_since_defrost = 0.0
        if self.path is not None and self.path.suffix.lower() != ".json":
            events = self.path.with_suffix(".defrosts.csv")
            new = not events.exists() or len(self.defrosts) == 1
            with events.open("w" if new else "a", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                if new:
                    writer.writerow([x.name for x in fields(DefrostEvent)])
                writer.writerow(list(asdict(self.defrosts[-1]).values()))

    def _close_interval(self) -> None:
        model = self.model
        seconds = self._current.seconds or 1.0
        mode = max(self._mode_s.items(), key=lambda kv: kv[1])[0]
        state = model.state()
        flow = state.get(Quantity.FLOW_TEMPERATURE)
        ret = state.get(Quantity.RETURN_TEMPERATURE)
        interval = Interval(
            start=(
                model.weather.start + timedelta(seconds=self._interval_start)
            ).isoformat(),
            mode=mode.value,
            outdoor_c=self._outdoor_sum / seconds,
            rh=self._rh_sum / seconds,
            flow_c=flow if isinstance(flow, float) else None,
            return_c=ret if isinstance(ret, float) else None,
            totals=self._current,
            cumulative=Totals(**asdict(self.totals)),
        )
        self.intervals.append(interval)
        self._write_row(interval)
        self._current = Totals()
        self._mode_s = {}
        self._outdoor_sum = self._rh_sum = 0.0
        self._interval_start = model.t

    # --- files ---------------------------------------------------------------
    def _write_row(self, interval: Interval) -> None:
        if self.path is None or self.path.suffix.lower() == ".json":
            return
        if self._csv is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._csv = self.path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._csv)
            self._writer.writerow(
                ["start", "mode", "outdoor_c", "rh", "flow_c", "return_c", "cop"]
                + _TOTAL_FIELDS
                + [f"cum_{name}" for name in _TOTAL_FIELDS]
            )
        t, c = interval.totals, interval.cumulative
        self._writer.writerow(
            [
                interval.start,
                interval.mode,
                round(interval.outdoor_c, 3),
                round(interval.rh, 2),
                "" if interval.flow_c is None else round(interval.flow_c, 3),
                "" if interval.return_c is None else round(interval.return_c, 3),
                round(t.cop, 4),
            ]
            + [_cell(getattr(t, name)) for name in _TOTAL_FIELDS]
            + [_cell(getattr(c, name)) for name in _TOTAL_FIELDS]
        )
        if len(self.intervals) % 60 == 0:
            self._csv.flush()

    def summary(self) -> dict[str, Any]:
        """Totals and headline figures as plain data."""
        t = self.totals
        return {
            "kind": self.model.kind.value,
            "start": self.model.weather.start.isoformat(),
            "end": self.model.now.isoformat(),
            "totals": asdict(t),
            "cop": t.cop,
            "defrost_share": t.defrost_share,
            "starts_per_hour": t.starts_per_hour,
        }

    def to_json(self) -> dict[str, Any]:
        """Everything: summary, intervals, defrost events, start times."""
        return {
            "summary": self.summary(),
            "interval_s": self.interval_s,
            "intervals": [asdict(i) for i in self.intervals],
            "defrosts": [asdict(d) for d in self.defrosts],
            "compressor_start_times_s": self.start_times,
        }

    def close(self) -> None:
        """Finish an open defrost and write the files."""
        if self._open is not None:
            self._finish_defrost()
        if self._csv is not None:
            self._csv.close()
            self._csv = None
        if self.path is None:
            return
        if self.path.suffix.lower() == ".json":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.to_json(), indent=1), encoding="utf-8")
        else:
            self.path.with_suffix(".summary.json").write_text(
                json.dumps(self.summary(), indent=1), encoding="utf-8"
            )


def run(
    model: HeatPumpModel,
    seconds: float,
    step_s: float = 10.0,
    truth: Truth | None = None,
) -> Truth:
    """Step ``model`` for ``seconds`` of simulated time, recording the truth."""
    truth = truth or Truth(model)
    steps = round(seconds / step_s)
    for _ in range(steps):
        t0 = model.t
        truth.record(model.step(step_s), t0)
    return truth
