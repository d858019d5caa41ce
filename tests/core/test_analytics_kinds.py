"""Water heater, pool and dryer figures."""

from __future__ import annotations

import math

import pytest

from custom_components.heatpump.core.analytics import Engine, EngineConfig, EventKind
from custom_components.heatpump.core.physics.heat import (
    standing_loss_kwh_per_day,
    standing_loss_ua,
    tank_energy_kwh,
    tank_heat_capacity,
)
from custom_components.heatpump.core.quantities import Kind

from .test_analytics_support import T0, Q, Row, feed


def test_dryer_smer_example_from_the_physics_notes() -> None:
    # 8 kg at 60 % residual moisture: 4.8 kg of water for about 2.3 kWh.
    engine = Engine(EngineConfig(kind=Kind.DRYER))
    rows: list[Row] = [
        (T0 + 10 * i, {Q.DRYER_STATE: "idle", Q.ELECTRICAL_POWER: 0.0})
        for i in range(10)
    ]
    start = T0 + 100
    for i in range(829):  # 8280 s of drying at 1 kW
        rows.append(
            (
                start + 10 * i,
                {
                    Q.DRYER_STATE: "drying",
                    Q.ELECTRICAL_POWER: 1000.0,
                    Q.WATER_REMOVED: round(4.8 * i / 828, 3),
                },
            )
        )
    for i in range(60):
        rows.append(
            (
                start + 8290 + 10 * i,
                {
                    Q.DRYER_STATE: "cooling_down",
                    Q.ELECTRICAL_POWER: 0.0,
                    Q.WATER_REMOVED: 4.8,
                },
            )
        )
    rows.append((start + 8890, {Q.DRYER_STATE: "done", Q.ELECTRICAL_POWER: 0.0}))
    events = feed(engine, rows)
    cycles = [e for e in events if e.kind == EventKind.CYCLE_COMPLETED]
    assert len(cycles) == 1
    m = engine.metrics()
    assert m.dryer.water_removed_last_cycle == pytest.approx(4.8)
    assert m.dryer.energy_per_cycle == pytest.approx(2.3, abs=0.01)
    assert m.dryer.smer == pytest.approx(2.1, abs=0.02)
    assert cycles[0].data["smer"] == m.dryer.smer


def test_dryer_cycle_from_power_alone() -> None:
    engine = Engine(EngineConfig(kind=Kind.DRYER, dryer_end_idle_s=300))
    rows: list[Row] = [(T0 + 10 * i, {Q.ELECTRICAL_POWER: 800.0}) for i in range(361)]
    rows += [(T0 + 3610 + 10 * i, {Q.ELECTRICAL_POWER: 2.0}) for i in range(40)]
    events = feed(engine, rows)
    cycles = [e for e in events if e.kind == EventKind.CYCLE_COMPLETED]
    assert len(cycles) == 1
    assert cycles[0].ts == T0 + 3910  # 300 s after the power dropped
    assert engine.metrics().dryer.energy_per_cycle == pytest.approx(0.8, abs=0.005)
    assert engine.metrics().dryer.smer is None


def test_water_heater_cycle_cop_and_standing_loss() -> None:
    volume, ambient, ua = 200.0, 20.0, 1.5
    engine = Engine(
        EngineConfig(
            kind=Kind.WATER_HEATER, tank_volume_l=volume, ambient_temp_c=ambient
        )
    )
    rows: list[Row] = []
    for i in range(60):  # 10 min idle at 15 °C
        rows.append(
            (
                T0 + 10 * i,
                {
                    Q.COMPRESSOR_RUNNING: False,
                    Q.DHW_TEMPERATURE: 15.0,
                    Q.ELECTRICAL_POWER: 0.0,
                },
            )
        )
    for i in range(1080):  # 3 h heating 15 → 55 °C at 1 kW
        rows.append(
            (
                T0 + 600 + 10 * i,
                {
                    Q.COMPRESSOR_RUNNING: True,
                    Q.DHW_TEMPERATURE: round(15.0 + 40.0 * (i + 1) / 1080, 2),
                    Q.ELECTRICAL_POWER: 1000.0,
                },
            )
        )
    stop = T0 + 11400
    capacity = tank_heat_capacity(volume, 55.0, 50.0)
    idle = []
    for i in range(8 * 360):  # 8 h cool-down
        ts = stop + 10 * i
        temp = ambient + 35.0 * math.exp(-(ts - stop) * ua / capacity)
        idle.append((ts, round(temp, 3)))
        rows.append(
            (
                ts,
                {
                    Q.COMPRESSOR_RUNNING: False,
                    Q.DHW_TEMPERATURE: round(temp, 3),
                    Q.ELECTRICAL_POWER: 0.0,
                },
            )
        )
    rows.append(
        (
            stop + 8 * 3600,
            {
                Q.COMPRESSOR_RUNNING: True,
                Q.DHW_TEMPERATURE: 50.0,
                Q.ELECTRICAL_POWER: 1000.0,
            },
        )
    )
    events = feed(engine, rows)
    cycles = [e for e in events if e.kind == EventKind.CYCLE_COMPLETED]
    assert len(cycles) == 1
    heat = tank_energy_kwh(volume, 15.0, 55.0)
    assert heat == pytest.approx(9.3, abs=0.05)
    m = engine.metrics()
    assert m.water_heater.cop_per_cycle == pytest.approx(heat / 3.0, rel=0.002)
    # The cool-down is measured from the first confirmed-idle sample (60 s
    # after the stop) to the last idle one.
    (t0, temp0), (t1, temp1) = idle[6], idle[-1]
    expected_ua = standing_loss_ua(volume, temp0, temp1, ambient, t1 - t0)
    assert expected_ua == pytest.approx(ua, rel=0.01)
    expected = standing_loss_kwh_per_day(expected_ua, (temp0 + temp1) / 2, ambient)
    assert m.water_heater.standing_loss == pytest.approx(expected)
    assert 1.0 < expected < 1.3  # physics notes: about 1 kWh/day for 200 l


def test_water_heater_draw_restarts_the_cool_down() -> None:
    engine = Engine(
        EngineConfig(
            kind=Kind.WATER_HEATER, tank_volume_l=200.0, standing_loss_min_s=3600
        )
    )
    rows: list[Row] = []
    temp = 55.0
    for i in range(3 * 360):
        if i == 360:
            temp -= 8.0  # a shower
        temp -= 0.0005
        rows.append(
            (T0 + 10 * i, {Q.COMPRESSOR_RUNNING: False, Q.DHW_TEMPERATURE: temp})
        )
    rows.append((T0 + 10800, {Q.COMPRESSOR_RUNNING: True, Q.DHW_TEMPERATURE: temp}))
    feed(engine, rows)
    loss = engine.metrics().water_heater.standing_loss
    assert isinstance(loss, float)
    # 0.0005 K per 10 s around 47 °C: about 0.97 kWh/day, not a shower's worth.
    assert loss == pytest.approx(
        0.0005 * 8640 * tank_heat_capacity(200, 48, 47) / 3.6e6, rel=0.03
    )


def test_pool_low_delta_t_flag() -> None:
    engine = Engine(EngineConfig(kind=Kind.POOL))
    base = {Q.COMPRESSOR_RUNNING: True, Q.FLOW_RATE: 100.0, Q.ELECTRICAL_POWER: 1500.0}
    feed(engine, [(T0, {**base, Q.FLOW_TEMPERATURE: 28.5, Q.RETURN_TEMPERATURE: 28.0})])
    m = engine.metrics()
    assert m.pool.pool_low_delta_t is True
    assert m.operating_mode == "pool"
    feed(
        engine,
        [(T0 + 10, {**base, Q.FLOW_TEMPERATURE: 30.0, Q.RETURN_TEMPERATURE: 28.0})],
    )
    assert engine.metrics().pool.pool_low_delta_t is False
    assert engine.metrics().heat_energy_pool == pytest.approx(
        engine.metrics().heat_energy
    )
    feed(
        engine,
        [
            (
                T0 + 20,
                {
                    **base,
                    Q.COMPRESSOR_RUNNING: False,
                    Q.FLOW_TEMPERATURE: 28.0,
                    Q.RETURN_TEMPERATURE: 28.0,
                },
            )
        ],
    )
    assert engine.metrics().pool.pool_low_delta_t is None
