"""Throughput of the analytics engine over a synthetic year of 10 s samples.

Run from anywhere: ``python bench/bench_analytics.py [days]``.  The synthetic
unit is an air-to-water heat pump in a Central-European climate (Berlin
time): weather-compensated space heating that cycles in mild weather, two
DHW runs a day, reverse-cycle defrosts below 5 °C that the unit does not
report (so the engine infers them), a cumulative electricity counter and
heat computed from flow rate × ΔT.  Samples are generated a day at a time,
outside the timed sections; the same samples are then timed through the
engine and through a trivial loop that only reads one value from each, and
the ratio of the two is printed.
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from custom_components.heatpump.core.analytics import (
    Engine,
    EngineConfig,
    Sample,
)
from custom_components.heatpump.core.quantities import Kind, Quantity

STEP_S = 10.0
START = 1_704_063_600.0  # 2024-01-01 00:00 Europe/Berlin
Q = Quantity


class SyntheticUnit:
    """A deterministic air-to-water unit stepped every 10 s."""

    def __init__(self) -> None:
        """Start cold, off, with an empty electricity counter."""
        self.elec_kwh = 0.0
        self.on = False
        self.phase_s = 0.0
        self.run_s = 0.0
        self.defrost_left = 0.0
        self.tank = 45.0

    def day(self, day_index: int) -> list[Sample]:
        """The 8640 samples of one day."""
        samples = []
        seasonal = 6.0 - 9.0 * math.cos(2.0 * math.pi * (day_index - 20) / 365.0)
        for i in range(int(86400 / STEP_S)):
            t_day = i * STEP_S
            ts = START + day_index * 86400.0 + t_day
            outdoor = seasonal + 4.0 * math.sin(
                2.0 * math.pi * (t_day / 86400.0 - 0.375)
            )
            samples.append(self._step(ts, t_day, round(outdoor, 1)))
        return samples

    def _step(self, ts: float, t_day: float, outdoor: float) -> Sample:
        dhw = 6 * 3600 <= t_day < 6.75 * 3600 or 18 * 3600 <= t_day < 18.75 * 3600
        load = max(0.0, (16.0 - outdoor) * 350.0)
        flow_rate = 14.0
        mode = "heating"
        if dhw:
            heat, flow, mode = 5000.0, 48.0 + (self.tank - 45.0), "dhw"
            self.on = True
            self.tank = min(55.0, self.tank + 0.004 * STEP_S)
        else:
            self.tank = max(40.0, self.tank - 0.0002 * STEP_S)
            flow = 25.0 + max(0.0, 20.0 - outdoor) * 0.6
            if load >= 2500.0:
                self.on, heat = True, min(load, 9000.0)
            else:  # cycle at minimum output to match the load on average
                duty = load / 2500.0
                self.phase_s = (self.phase_s + STEP_S) % 3600.0
                self.on = self.phase_s < duty * 3600.0
                heat = 2500.0 if self.on else 0.0
        if self.on:
            self.run_s += STEP_S
            if outdoor < 5.0 and not dhw and self.run_s >= 3600.0:
                self.run_s, self.defrost_left = 0.0, 300.0
        if self.defrost_left > 0.0 and self.on:
            self.defrost_left -= STEP_S
            heat, elec, freq = -3000.0, 1500.0, 60.0
        elif self.on:
            lift = flow + 2.0 - outdoor + 6.0
            cop = 0.48 * (flow + 275.15) / lift
            elec, freq = heat / cop, 30.0 + heat / 100.0
        else:
            heat, elec, freq = 0.0, 12.0, 0.0
        if not self.on:
            flow = 22.0
        dt_k = heat / (flow_rate * 69.4)
        self.elec_kwh += elec * STEP_S / 3.6e6
        return Sample(
            ts,
            {
                Q.OUTDOOR_TEMPERATURE: outdoor,
                Q.FLOW_TEMPERATURE: round(flow, 1),
                Q.RETURN_TEMPERATURE: round(flow - dt_k, 1),
                Q.FLOW_RATE: flow_rate if self.on or dhw else 0.0,
                Q.ELECTRICAL_POWER: float(round(elec)),
                Q.ELECTRICAL_ENERGY: round(self.elec_kwh, 2),
                Q.COMPRESSOR_FREQUENCY: float(round(freq)),
                Q.OPERATING_MODE: mode,
                Q.THREE_WAY_VALVE: "dhw" if dhw else "space",
                Q.DHW_TEMPERATURE: round(self.tank, 1),
            },
        )


def baseline(samples: list[Sample]) -> float:
    """The cheapest meaningful loop: read one value of each sample."""
    key = Q.FLOW_TEMPERATURE
    total = 0.0
    for sample in samples:
        value = sample.values.get(key)
        if value is not None:
            total += value  # type: ignore[operator]
    return total


def main(days: int = 365) -> None:
    """Generate, time and report."""
    engine = Engine(EngineConfig(kind=Kind.AIR_TO_WATER, time_zone="Europe/Berlin"))
    unit = SyntheticUnit()
    update = engine.update
    engine_s = engine_cpu = base_s = gen_s = 0.0
    count = 0
    tally: Counter[str] = Counter()
    for day in range(days):
        t = time.perf_counter()
        samples = unit.day(day)
        gen_s += time.perf_counter() - t
        t, c = time.perf_counter(), time.process_time()
        for sample in samples:
            if happened := update(sample):
                for event in happened:
                    tally[event.kind] += 1
        engine_s += time.perf_counter() - t
        engine_cpu += time.process_time() - c
        t = time.perf_counter()
        baseline(samples)
        base_s += time.perf_counter() - t
        count += len(samples)
    t = time.perf_counter()
    metrics = engine.metrics()
    metrics_s = time.perf_counter() - t
    print(f"samples            {count:,} ({days} days of {STEP_S:.0f} s)")
    print(f"generation         {gen_s:.2f} s (not timed below)")
    print(f"engine             {engine_s:.2f} s  {count / engine_s:,.0f} samples/s")
    print(f"engine, CPU time   {engine_cpu:.2f} s  {count / engine_cpu:,.0f} samples/s")
    print(f"baseline loop      {base_s:.3f} s  {count / base_s:,.0f} samples/s")
    print(f"engine / baseline  {engine_s / base_s:.1f}x")
    print(f"metrics()          {metrics_s * 1e6:.0f} µs")
    print(
        "events             "
        + ", ".join(f"{k} {n:,}" for k, n in sorted(tally.items()))
    )
    for key in (
        "cop_lifetime",
        "scop",
        "heat_energy",
        "electrical_energy",
        "defrost_count",
        "compressor_starts_today",
        "carnot_efficiency",
        "performance_index",
    ):
        print(f"  {key:20s} {getattr(metrics, key)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 365)
