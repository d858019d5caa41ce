"""Properties of the analytics engine, checked with hypothesis."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
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
    local_ts(2024, 3, 30, 23, 50),  # the night before DST starts
    local_ts(2024, 10, 26, 23, 50),  # the night before it ends
    local_ts(2024, 8, 31, 23, 50),  # a new month and heating season
    local_ts(2024, 1, 15, 12, 0),
)
STEPS = (10.0,) * 12 + (0.0, 5.0, 30.0, 61.0, 300.0, 950.0, -5.0)
POWER = st.floats(0.0, 8000.0, allow_nan=False)
SIGNED = st.floats(-4000.0, 9000.0, allow_nan=False)
KINDS = st.sampled_from(
    [Kind.AIR_TO_WATER, Kind.WATER_HEATER, Kind.DRYER, Kind.POOL, Kind.AIR_TO_AIR]
)
REGIMES = ("heat", "dhw", "defrost", "cool", "dry", "heat_power", "standby")


def regime_values(regime: str, rnd: random.Random) -> dict[Quantity, Value]:
    """Coherent readings of one regime, slightly noisy."""
    noise = rnd.uniform(-0.3, 0.3)
    running: dict[Quantity, Value] = {
        Q.COMPRESSOR_FREQUENCY: 40.0,
        Q.OUTDOOR_TEMPERATURE: round(2 + noise, 1),
        Q.FLOW_RATE: 12.0 + noise,
    }
    if regime == "heat":
        return {
            **running,
            Q.OPERATING_MODE: "heating",
            Q.FLOW_TEMPERATURE: round(35 + noise, 1),
            Q.RETURN_TEMPERATURE: 30.0,
            Q.ELECTRICAL_POWER: 1200.0 + 100 * noise,
        }
    if regime == "dhw":
        return {
            **running,
            Q.OPERATING_MODE: "heating",
            Q.THREE_WAY_VALVE: "dhw",
            Q.FLOW_TEMPERATURE: 50.0,
            Q.RETURN_TEMPERATURE: round(45 + noise, 1),
            Q.DHW_TEMPERATURE: round(48 + noise, 1),
            Q.ELECTRICAL_POWER: 1800.0,
        }
    if regime == "defrost":
        return {
            **running,
            Q.OPERATING_MODE: "heating",
            Q.FLOW_TEMPERATURE: round(20 + noise, 1),
            Q.RETURN_TEMPERATURE: 24.0,
            Q.ELECTRICAL_POWER: 900.0,
        }
    if regime == "cool":
        return {
            **running,
            Q.OPERATING_MODE: "cooling",
            Q.FLOW_TEMPERATURE: 12.0,
            Q.RETURN_TEMPERATURE: round(17 + noise, 1),
            Q.SUPPLY_AIR_TEMPERATURE: 14.0,
            Q.RETURN_AIR_TEMPERATURE: 25.0,
            Q.AIRFLOW: 500.0,
            Q.ELECTRICAL_POWER: 1000.0,
        }
    if regime == "dry":
        return {
            Q.DRYER_STATE: "drying",
            Q.ELECTRICAL_POWER: 700.0 + noise,
            Q.WATER_REMOVED: round(rnd.uniform(0, 5), 2),
        }
    if regime == "heat_power":
        return {
            **running,
            Q.HEAT_POWER: 3000.0 * (1 + noise),
            Q.ELECTRICAL_POWER: 700.0,
            Q.OPERATING_MODE: rnd.choice(["heating", "dhw", "pool", "auto", "off"]),
        }
    return {
        Q.COMPRESSOR_FREQUENCY: 0.0,
        Q.ELECTRICAL_POWER: 15.0,
        Q.DRYER_STATE: "idle",
        Q.DHW_TEMPERATURE: round(47 + noise, 1),
        Q.FLOW_TEMPERATURE: 25.0,
        Q.RETURN_TEMPERATURE: 25.0,
    }


@st.composite
def streams(draw: st.DrawFn) -> list[Sample]:
    """Regimes that persist for a while, with every irregularity the engine
    must survive: dropped readings, empty samples, duplicate and older
    timestamps, gaps, counter resets and glitches, external meters coming and
    going, reported or inferred defrost, midnight, DST and season changes."""
    rnd = random.Random(draw(st.integers(0, 2**32)))
    ts = draw(st.sampled_from(STARTS))
    reports_defrost = rnd.random() < 0.3
    regime = rnd.choice(REGIMES)
    heat_counter = rnd.uniform(0, 1e4)
    elec_counter = heat_counter / 4
    samples = []
    for _ in range(draw(st.integers(1, 150))):
        ts += rnd.choice(STEPS)
        if rnd.random() < 0.08:
            regime = rnd.choice(REGIMES)
        values = regime_values(regime, rnd)
        if reports_defrost:
            values[Q.DEFROST_ACTIVE] = regime == "defrost"
            if regime == "defrost" and rnd.random() < 0.5:
                values[Q.OPERATING_MODE] = "defrost"
        elec_counter += rnd.choice((0.0, 0.0, 0.003, 0.005, 0.01))
        heat_counter += rnd.choice((0.0, 0.01, 0.02))
        glitch = rnd.random()
        if glitch < 0.02:
            heat_counter = elec_counter = 0.0
        if rnd.random() < 0.5:
            values[Q.ELECTRICAL_ENERGY] = elec_counter if glitch > 0.04 else 0.0
        if rnd.random() < 0.3:
            values[Q.HEAT_ENERGY] = heat_counter if glitch > 0.04 else 1e6
        for key in list(values):
            if rnd.random() < 0.08:
                del values[key]
        if rnd.random() < 0.03:
            values = {}
        external: dict[str, Any] = {}
        if rnd.random() < 0.1:
            external = {
                "external_electrical_power": rnd.uniform(0, 3000),
                "external_electrical_energy": elec_counter * 1.01,
            }
            if rnd.random() < 0.5:
                external["external_heat_power"] = rnd.uniform(-2000, 6000)
                external["external_heat_energy"] = heat_counter
        samples.append(Sample(ts, values, **external))
    return samples


def config(kind: Kind) -> EngineConfig:
    return EngineConfig(
        kind=kind,
        time_zone=BERLIN,
        tank_volume_l=150.0,
        standing_loss_min_s=300.0,
        dryer_end_idle_s=60.0,
        short_cycle_window_s=600.0,
    )


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
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
    assert resumed.to_dict() == whole.to_dict()
    assert resumed.metrics() == whole.metrics()
    assert resumed.breakdown() == whole.breakdown()
    json.dumps(asdict(whole.metrics()), allow_nan=False)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(kind=KINDS, samples=streams())
def test_totals_never_decrease(kind: Kind, samples: list[Sample]) -> None:
    """Energy totals and counts only grow, whatever the sign of the heat."""
    engine = Engine(config(kind))
    previous = engine.metrics()
    for sample in samples:
        engine.update(sample)
        now = engine.metrics()
        for key in MONOTONIC:
            assert getattr(now, key) >= getattr(previous, key), key
        previous = now


@settings(max_examples=40, deadline=None, database=None)
@given(
    rows=st.lists(st.tuples(POWER, POWER), min_size=2, max_size=100),
    start=st.sampled_from(STARTS),
)
def test_energy_is_each_interval_at_its_opening_power(
    rows: list[tuple[float, float]], start: float
) -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN))
    heat = elec = 0.0
    previous = 0.0
    for i, (h, e) in enumerate(rows):
        engine.update(Sample(start + 10 * i, {Q.HEAT_POWER: h, Q.ELECTRICAL_POWER: e}))
        if i:  # heatpumpmonitor's 10 s slots: power × 10 s, from the slot start
            heat += rows[i - 1][0] * 10 / 3.6e6
            elec += rows[i - 1][1] * 10 / 3.6e6
        total = engine.metrics().heat_energy
        assert isinstance(total, float)
        assert total >= previous
        previous = total
    m = engine.metrics()
    assert m.heat_energy == pytest.approx(heat, rel=1e-9, abs=1e-12)
    assert m.electrical_energy == pytest.approx(elec, rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None, database=None)
@given(rows=st.lists(st.tuples(SIGNED, POWER), min_size=2, max_size=200))
def test_period_cop_is_the_ratio_of_energy_sums(
    rows: list[tuple[float, float]],
) -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN, infer_defrost=False))
    start = STARTS[3]
    heat = elec = space_heat = space_elec = 0.0
    for i, (h, e) in enumerate(rows):
        engine.update(
            Sample(
                start + 10 * i,
                {Q.HEAT_POWER: h, Q.ELECTRICAL_POWER: e, Q.OPERATING_MODE: "heating"},
            )
        )
        if i:
            h0, e0 = rows[i - 1]
            heat += h0 * 10 / 3.6e6
            elec += e0 * 10 / 3.6e6
            if e0 >= 100.0:  # only running intervals are space heating
                space_heat += h0 * 10 / 3.6e6
                space_elec += e0 * 10 / 3.6e6
    m = engine.metrics()
    if elec > 0:
        for key in ("cop_today", "cop_month", "cop_season", "cop_lifetime"):
            assert getattr(m, key) == pytest.approx(heat / elec, rel=1e-9, abs=1e-9), (
                key
            )
    else:
        assert m.cop_today is None
    if space_elec > 0:
        assert m.scop == pytest.approx(space_heat / space_elec, rel=1e-9, abs=1e-9)
    assert m.electrical_energy == pytest.approx(elec, rel=1e-9, abs=1e-12)


HEAT_PARTS = ("heat_energy_heating", "heat_energy_dhw", "heat_energy_pool")
ELEC_PARTS = (
    "electrical_energy_heating",
    "electrical_energy_dhw",
    "electrical_energy_pool",
    "electrical_energy_other",
    "electrical_energy_cooling",
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(kind=KINDS, samples=streams())
def test_services_add_up_to_the_totals_exactly(
    kind: Kind, samples: list[Sample]
) -> None:
    """Every kWh lands in exactly one service or in "other" (issue 13)."""
    engine = Engine(config(kind))
    for sample in samples:
        engine.update(sample)
        m = engine.metrics()
        heat = m.heat_energy_heating + m.heat_energy_dhw
        heat = heat + m.heat_energy_pool + m.heat_energy_other
        assert heat == m.heat_energy
        elec = 0.0
        for key in ELEC_PARTS:
            elec = elec + getattr(m, key)
        assert elec == m.electrical_energy
        for name, day in asdict(engine.breakdown()).items():
            parts = (
                day["electrical_energy_heating"],
                day["electrical_energy_dhw"],
                day["electrical_energy_pool"],
                day["electrical_energy_other"],
                day["electrical_energy_cooling"],
            )
            total = 0.0
            for part in parts:
                assert part is not None
                total = total + part
            assert total == day["electrical_energy"], name
