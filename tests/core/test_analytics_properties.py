"""Properties of the analytics engine, checked with hypothesis."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custom_components.heatpump.core.analytics import Engine, EngineConfig, Sample
from custom_components.heatpump.core.quantities import Kind, Quantity, Value

from .test_analytics_support import BERLIN, Q, local_ts

MONOTONIC = (
    "heat_energy",
    "heat_energy_heating",
    "heat_energy_dhw",
    "heat_energy_pool",
    "cooling_energy",
    "electrical_energy",
    "defrost_count",
)
STARTS = (
    local_ts(2024, 3, 30, 23, 0),  # the night before DST starts
    local_ts(2024, 10, 26, 23, 30),  # the night before it ends
    local_ts(2024, 8, 31, 23, 50),  # a new month and heating season
    local_ts(2024, 1, 15, 12, 0),
)
STEPS = st.sampled_from([0.0, 5.0, 10.0, 10.0, 10.0, 10.0, 30.0, 61.0, 300.0, 950.0, -5.0])
TEMPS = st.floats(-5.0, 60.0, allow_nan=False).map(lambda t: round(t, 1))
POWER = st.floats(0.0, 8000.0, allow_nan=False)
SIGNED = st.floats(-4000.0, 9000.0, allow_nan=False)
MODES = st.sampled_from(["heating", "dhw", "cooling", "defrost", "standby", "auto", "pool"])
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def optional_values(heat: st.SearchStrategy[float]) -> st.SearchStrategy[dict[Quantity, Value]]:
    return st.fixed_dictionaries(
        {},
        optional={
            Q.HEAT_POWER: heat,
            Q.ELECTRICAL_POWER: POWER,
            Q.FLOW_RATE: st.floats(0.0, 30.0),
            Q.FLOW_TEMPERATURE: TEMPS,
            Q.RETURN_TEMPERATURE: TEMPS,
            Q.OUTDOOR_TEMPERATURE: TEMPS,
            Q.DHW_TEMPERATURE: TEMPS,
            Q.OPERATING_MODE: MODES,
            Q.THREE_WAY_VALVE: st.sampled_from(["space", "dhw"]),
            Q.DEFROST_ACTIVE: st.booleans(),
            Q.COMPRESSOR_RUNNING: st.booleans(),
            Q.COMPRESSOR_FREQUENCY: st.sampled_from([0.0, 35.0]),
            Q.DRYER_STATE: st.sampled_from(["idle", "drying", "done"]),
            Q.WATER_REMOVED: st.floats(0.0, 6.0),
        },
    )


@st.composite
def streams(draw: st.DrawFn, heat: st.SearchStrategy[float] = SIGNED) -> list[Sample]:
    """Samples with every kind of irregularity the engine must survive."""
    ts = draw(st.sampled_from(STARTS))
    heat_counter = draw(st.floats(0.0, 1e5))
    elec_counter = draw(st.floats(0.0, 1e5))
    samples = []
    for _ in range(draw(st.integers(1, 50))):
        ts += draw(STEPS)
        values = draw(optional_values(heat))
        step = draw(st.sampled_from([0.0, 0.0, 0.01, 0.02, 0.5, 3.0, -1.0]))
        if step < 0:  # a counter reset
            heat_counter = elec_counter = 0.0
        heat_counter += step * 4
        elec_counter += step
        if draw(st.booleans()):
            values[Q.HEAT_ENERGY] = heat_counter
        if draw(st.booleans()):
            values[Q.ELECTRICAL_ENERGY] = elec_counter
        external: dict[str, Any] = {}
        if draw(st.integers(0, 5)) == 0:
            external = {
                "external_electrical_power": draw(POWER),
                "external_electrical_energy": elec_counter * 1.01,
                "external_heat_power": draw(heat),
            }
        samples.append(Sample(ts, values, **external))
    return samples


KINDS = st.sampled_from(
    [Kind.AIR_TO_WATER, Kind.WATER_HEATER, Kind.DRYER, Kind.POOL, Kind.AIR_TO_AIR]
)


def config(kind: Kind) -> EngineConfig:
    return EngineConfig(kind=kind, time_zone=BERLIN, tank_volume_l=150.0,
                        standing_loss_min_s=300.0, dryer_end_idle_s=60.0)


@SETTINGS
@given(kind=KINDS, samples=streams(), data=st.data())
def test_restore_mid_stream_equals_an_uninterrupted_run(
    kind: Kind, samples: list[Sample], data: st.DataObject
) -> None:
    split = data.draw(st.integers(0, len(samples)))
    whole = Engine(config(kind))
    events_whole = [whole.update(s) for s in samples]

    first = Engine(config(kind))
    events = [first.update(s) for s in samples[:split]]
    saved = json.loads(json.dumps(first.to_dict()))
    resumed = Engine.from_dict(config(kind), saved)
    assert resumed.to_dict() == first.to_dict()
    events += [resumed.update(s) for s in samples[split:]]

    assert events == events_whole
    assert resumed.metrics() == whole.metrics()
    assert resumed.breakdown() == whole.breakdown()
    assert resumed.to_dict() == whole.to_dict()
    json.dumps(whole.metrics())


@SETTINGS
@given(kind=KINDS, samples=streams(heat=POWER))
def test_totals_never_decrease_with_non_negative_power(
    kind: Kind, samples: list[Sample]
) -> None:
    engine = Engine(config(kind))
    previous = engine.metrics()
    for sample in samples:
        engine.update(sample)
        now = engine.metrics()
        for key in MONOTONIC:
            assert now[key] >= previous[key], key  # type: ignore[operator]
        previous = now


@SETTINGS
@given(
    rows=st.lists(st.tuples(SIGNED, POWER), min_size=2, max_size=200),
    start=st.sampled_from(STARTS[3:]),
)
def test_period_cop_is_the_ratio_of_energy_sums(
    rows: list[tuple[float, float]], start: float
) -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN, infer_defrost=False))
    heat = elec = 0.0
    for i, (h, e) in enumerate(rows):
        engine.update(Sample(start + 10 * i, {
            Q.HEAT_POWER: h, Q.ELECTRICAL_POWER: e, Q.OPERATING_MODE: "heating"}))
        if i:
            h0, e0 = rows[i - 1]
            heat += (h0 + h) / 2 * 10 / 3.6e6
            elec += (e0 + e) / 2 * 10 / 3.6e6
    m = engine.metrics()
    if elec > 0:
        for key in ("cop_today", "cop_month", "cop_season", "cop_lifetime", "scop"):
            assert m[key] == pytest.approx(heat / elec, rel=1e-9, abs=1e-9), key
    else:
        assert m["cop_today"] is None
    assert m["electrical_energy"] == pytest.approx(elec, rel=1e-9, abs=1e-12)
