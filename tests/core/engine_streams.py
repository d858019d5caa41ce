"""Deterministic sample streams of several kinds of unit, for restore tests.

Each stream is pure arithmetic of the sample index, so it comes out the same
on every run.  ``STREAMS`` names each one with its engine settings and the
index at which the stored state was taken: ``tests/core/fixtures/engine_state_v2``
holds what Home Assistant stored after the samples before that index (written
by the release whose engine state had ``schema_version`` 2), and what that
release then reported for the rest of the stream.  ``STREAMS_V1`` likewise
for ``fixtures/engine_state_v1`` (schema 1).  Changing a stream makes those
files useless: add a new stream instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from custom_components.heatpump.core.analytics import EngineConfig, Sample
from custom_components.heatpump.core.quantities import Kind, Quantity, Value

Q = Quantity
DAY = 86400.0


@dataclass(frozen=True)
class Stream:
    """One unit's stream: settings, samples, where the state was stored."""

    config: EngineConfig
    samples: Callable[[], Iterator[Sample]]
    stored_at: int
    """Samples fed before the state was stored."""


def _air_to_water(release_1: bool = False) -> Iterator[Sample]:
    """Berlin winter, 30 s: weather-compensated heating that cycles when mild,
    two DHW runs a day, unreported defrosts below 5 °C (inferred), an
    electricity counter and heat from flow rate × ΔT.

    ``release_1``: the stream as ``fixtures/engine_state_v1`` was written
    from, with one sample in 997 half answered and its power still there."""
    unanswered = (500,) if release_1 else (500, 501)
    start = 1_705_705_200.0  # 2024-01-20 00:00 Europe/Berlin
    step = 30.0
    elec_kwh = 1234.5
    phase = run_s = defrost_left = 0.0
    tank = 45.0
    on = False
    for i in range(16 * 2880):
        t = i * step
        t_day = t % DAY
        day = t // DAY
        outdoor = round(
            2.0
            + 5.0 * math.sin(day / 3.0)
            + 4.0 * math.sin(2 * math.pi * (t_day / DAY - 0.375)),
            1,
        )
        dhw = 6 * 3600 <= t_day < 6.75 * 3600 or 18 * 3600 <= t_day < 18.75 * 3600
        load = max(0.0, (16.0 - outdoor) * 350.0)
        mode = "heating"
        if dhw:
            heat, flow, mode, on = 5000.0, 48.0 + (tank - 45.0), "dhw", True
            tank = min(55.0, tank + 0.004 * step)
        else:
            tank = max(40.0, tank - 0.0002 * step)
            flow = 25.0 + max(0.0, 20.0 - outdoor) * 0.6
            if load >= 2500.0:
                on, heat = True, min(load, 9000.0)
            else:
                phase = (phase + step) % 3600.0
                on = phase < load / 2500.0 * 3600.0
                heat = 2500.0 if on else 0.0
        if on:
            run_s += step
            if outdoor < 5.0 and not dhw and run_s >= 3600.0:
                run_s, defrost_left = 0.0, 300.0
        if defrost_left > 0.0 and on:
            defrost_left -= step
            heat, elec, freq = -3000.0, 1500.0, 60.0
        elif on:
            cop = 0.48 * (flow + 275.15) / (flow + 8.0 - outdoor)
            elec, freq = heat / cop, 30.0 + heat / 100.0
        else:
            heat, elec, freq = 0.0, 12.0, 0.0
            flow = 22.0
        elec_kwh += elec * step / 3.6e6
        values: dict[Quantity, Value] = {
            Q.OUTDOOR_TEMPERATURE: outdoor,
            Q.FLOW_TEMPERATURE: round(flow, 1),
            Q.RETURN_TEMPERATURE: round(flow - heat / (14.0 * 69.4), 1),
            Q.FLOW_RATE: 14.0 if on or dhw else 0.0,
            Q.ELECTRICAL_POWER: float(round(elec)),
            Q.ELECTRICAL_ENERGY: round(elec_kwh, 2),
            Q.COMPRESSOR_FREQUENCY: float(round(freq)),
            Q.OPERATING_MODE: mode,
            Q.THREE_WAY_VALVE: "dhw" if dhw else "space",
            Q.DHW_TEMPERATURE: round(tank, 1),
        }
        if i % 997 in unanswered:  # samples the unit did not fully answer
            del values[Q.ELECTRICAL_ENERGY]
            if not release_1:
                del values[Q.ELECTRICAL_POWER]
            del values[Q.FLOW_RATE]
        if 5000 <= i % 20000 < 5030:  # the link drops for 15 minutes
            continue
        yield Sample(start + t, values)


def _ground_source() -> Iterator[Sample]:
    """New York across the DST change, 60 s: heating at night, cooling in the
    afternoon, a heat meter's counter and external electricity (power and a
    counter) from another integration."""
    start = 1_709_614_800.0  # 2024-03-05 00:00 America/New_York
    step = 60.0
    heat_kwh, meter_kwh = 50_000.0, 20_000.0
    for i in range(9 * 1440):
        t = i * step
        t_day = t % DAY
        outdoor = round(12.0 + 10.0 * math.sin(2 * math.pi * (t_day / DAY - 0.375)), 1)
        cooling = 13 * 3600 <= t_day < 17 * 3600
        running = cooling or (t_day % 5400.0) < 3000.0
        if cooling:
            mode, heat, flow = "cooling", -4000.0, 12.0
        elif running:
            mode, heat, flow = "heating", 6000.0, 38.0
        else:
            mode, heat, flow = "heating", 0.0, 30.0
        elec = abs(heat) / (3.5 + 0.05 * (outdoor - 10.0)) if running else 25.0
        if heat > 0.0:
            heat_kwh += heat * step / 3.6e6
        meter_kwh += elec * step / 3.6e6
        values: dict[Quantity, Value] = {
            Q.OUTDOOR_TEMPERATURE: outdoor,
            Q.SOURCE_IN_TEMPERATURE: 9.0,
            Q.FLOW_TEMPERATURE: flow,
            Q.RETURN_TEMPERATURE: flow - heat / 4000.0,
            Q.HEAT_POWER: heat,
            Q.HEAT_ENERGY: round(heat_kwh, 1),
            Q.COMPRESSOR_RUNNING: running,
            Q.OPERATING_MODE: mode,
        }
        yield Sample(
            start + t,
            values,
            external_electrical_power=round(elec, 1),
            external_electrical_energy=round(meter_kwh, 3),
        )


def _water_heater() -> Iterator[Sample]:
    """A 200 l heat pump water heater, 60 s: draws morning and evening, heat-up
    runs, idle cool-downs for the standing loss."""
    start = 1_717_192_800.0  # 2024-06-01 00:00 Europe/Paris
    step = 60.0
    tank, elec_kwh = 50.0, 800.0
    heating = False
    for i in range(6 * 1440):
        t = i * step
        t_day = t % DAY
        if 7 * 3600 <= t_day < 7.25 * 3600 or 20 * 3600 <= t_day < 20.2 * 3600:
            tank -= 1.2  # a shower
        if tank < 46.0:
            heating = True
        if heating:
            tank += 0.05
            if tank >= 55.0:
                heating = False
        else:
            tank -= 0.0015 * (tank - 19.0) / 30.0
        elec = 450.0 if heating else 3.0
        elec_kwh += elec * step / 3.6e6
        yield Sample(
            start + t,
            {
                Q.DHW_TEMPERATURE: round(tank, 2),
                Q.RETURN_AIR_TEMPERATURE: 19.0,
                Q.ELECTRICAL_POWER: elec,
                Q.ELECTRICAL_ENERGY: round(elec_kwh, 3),
                Q.COMPRESSOR_RUNNING: heating,
                Q.BACKUP_HEATER: False,
            },
        )


def _dryer() -> Iterator[Sample]:
    """A heat pump dryer, 60 s: two loads a day, water removed per load."""
    start = 1_717_192_800.0
    step = 60.0
    for i in range(5 * 1440):
        t = i * step
        t_day = t % DAY
        load = next(
            (s for s in (9 * 3600, 15 * 3600 + 1800) if s <= t_day < s + 2.5 * 3600),
            None,
        )
        if load is None:
            state, elec, water = "idle", 1.0, None
        else:
            into = t_day - load
            state = "drying" if into < 2.2 * 3600 else "cooling_down"
            elec = 650.0 if state == "drying" else 120.0
            water = round(min(into, 2.2 * 3600) / (2.2 * 3600) * 3.1, 2)
        values: dict[Quantity, Value] = {Q.DRYER_STATE: state, Q.ELECTRICAL_POWER: elec}
        if water is not None:
            values[Q.WATER_REMOVED] = water
        yield Sample(start + t, values)


def _pool() -> Iterator[Sample]:
    """A pool heat pump, 60 s: runs by day with a small ΔT."""
    start = 1_717_192_800.0
    step = 60.0
    for i in range(4 * 1440):
        t = i * step
        t_day = t % DAY
        running = 9 * 3600 <= t_day < 19 * 3600
        outdoor = round(20.0 + 6.0 * math.sin(2 * math.pi * (t_day / DAY - 0.375)), 1)
        delta = 1.5 + 0.8 * math.sin(t / 1800.0) if running else 0.0
        yield Sample(
            start + t,
            {
                Q.OUTDOOR_TEMPERATURE: outdoor,
                Q.POOL_TEMPERATURE: 26.0,
                Q.FLOW_TEMPERATURE: round(26.0 + delta, 1),
                Q.RETURN_TEMPERATURE: 26.0,
                Q.FLOW_RATE: 100.0 if running else 0.0,
                Q.ELECTRICAL_POWER: 1800.0 if running else 8.0,
                Q.COMPRESSOR_RUNNING: running,
            },
        )


STREAMS: dict[str, Stream] = {
    "air_to_water": Stream(
        EngineConfig(kind=Kind.AIR_TO_WATER, time_zone="Europe/Berlin"),
        _air_to_water,
        stored_at=13 * 2880 + 888,  # after two samples without power: held
    ),
    "ground_source": Stream(
        EngineConfig(
            kind=Kind.GROUND_SOURCE,
            time_zone="America/New_York",
            heating_season_start_month=10,
        ),
        _ground_source,
        stored_at=7 * 1440 + 800,
    ),
    "water_heater": Stream(
        EngineConfig(
            kind=Kind.WATER_HEATER, time_zone="Europe/Paris", tank_volume_l=200.0
        ),
        _water_heater,
        stored_at=4 * 1440 + 420,
    ),
    "dryer": Stream(
        EngineConfig(kind=Kind.DRYER, time_zone="Europe/Paris"),
        _dryer,
        stored_at=3 * 1440 + 600,
    ),
    "pool": Stream(
        EngineConfig(kind=Kind.POOL, time_zone="Europe/Paris"),
        _pool,
        stored_at=2 * 1440 + 700,
    ),
}


STREAMS_V1: dict[str, Stream] = {
    **STREAMS,
    "air_to_water": Stream(
        STREAMS["air_to_water"].config,
        lambda: _air_to_water(release_1=True),
        stored_at=13 * 2880 + 1234,
    ),
}
"""The streams ``fixtures/engine_state_v1`` was written from (schema 1)."""


def event_data(events: list[Any]) -> list[dict[str, Any]]:
    """Events as plain data, for comparison with what was recorded."""
    return [{"kind": str(e.kind), "ts": e.ts, "data": dict(e.data)} for e in events]
