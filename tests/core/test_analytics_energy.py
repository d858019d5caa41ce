"""Power precedence, counters, gaps and integration of the analytics engine."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import Engine, EngineConfig, Sample
from custom_components.heatpump.core.physics.fluids import Fluid

from .test_analytics_support import T0, Q, feed, steady

HYDRONIC = {
    Q.FLOW_RATE: 12.0,
    Q.FLOW_TEMPERATURE: 35.0,
    Q.RETURN_TEMPERATURE: 30.0,
    Q.ELECTRICAL_POWER: 1000.0,
}


def test_hydronic_heat_12_l_min_5_k_is_about_4_17_kw() -> None:
    engine = Engine(EngineConfig())
    feed(engine, [(T0, HYDRONIC)])
    heat = engine.metrics().heat_power
    assert isinstance(heat, float)
    # 69.5 W per (l/min·K) × 12 × 5 = 4170 W; rho·cp at the 30 °C return: 4161 W.
    assert heat == pytest.approx(4170.0, rel=0.005)


def test_flow_meter_side_and_glycol_change_rho_cp() -> None:
    water = Engine(EngineConfig())
    glycol = Engine(EngineConfig(fluid=Fluid.PROPYLENE_GLYCOL, mass_fraction=0.3))
    on_flow = Engine(EngineConfig(flow_meter_side="flow"))
    for engine in (water, glycol, on_flow):
        feed(engine, [(T0, HYDRONIC)])
    w, g, f = (e.metrics().heat_power for e in (water, glycol, on_flow))
    assert isinstance(w, float)
    assert isinstance(g, float)
    assert isinstance(f, float)
    assert 0.90 < g / w < 0.96  # physics notes: plain water over-reads 6-8 %
    assert f < w  # water is lighter at 35 °C than at 30 °C


def test_one_hour_steady_integrates_to_kwh() -> None:
    engine = Engine(EngineConfig())
    feed(engine, steady(T0, 3600, 10, HYDRONIC))
    m = engine.metrics()
    heat = m.heat_power
    assert isinstance(heat, float)
    assert m.electrical_energy == pytest.approx(1.0)
    assert m.heat_energy == pytest.approx(heat / 1000.0)
    assert m.heat_energy_heating == m.heat_energy
    assert m.cop_today == pytest.approx(heat / 1000.0)
    assert m.cop == pytest.approx(heat / 1000.0)


def test_precedence_external_over_reported_over_computed() -> None:
    engine = Engine(EngineConfig())
    values = {**HYDRONIC, Q.HEAT_POWER: 5000.0}
    engine.update(Sample(T0, values))
    assert engine.metrics().heat_power == 5000.0
    engine.update(
        Sample(
            T0 + 10,
            values,
            external_heat_power=6000.0,
            external_electrical_power=1500.0,
        )
    )
    m = engine.metrics()
    assert (m.heat_power, m.electrical_power) == (6000.0, 1500.0)


def test_voltage_current_power_factor() -> None:
    engine = Engine(EngineConfig(assumed_power_factor=0.95))
    engine.update(Sample(T0, {Q.VOLTAGE: 230.0, Q.CURRENT: 5.0, Q.POWER_FACTOR: 0.9}))
    assert engine.metrics().electrical_power == pytest.approx(1035.0)
    engine.update(Sample(T0 + 10, {Q.VOLTAGE: 230.0, Q.CURRENT: 5.0}))
    assert engine.metrics().electrical_power == pytest.approx(1092.5)


def test_counter_reset_is_not_counted() -> None:
    engine = Engine(EngineConfig())
    feed(
        engine,
        [
            (T0, {Q.ELECTRICAL_ENERGY: 100.0}),
            (T0 + 60, {Q.ELECTRICAL_ENERGY: 100.5}),
            (T0 + 120, {Q.ELECTRICAL_ENERGY: 0.0}),  # a drop: in doubt
            (T0 + 180, {Q.ELECTRICAL_ENERGY: 0.5}),  # it persists: a reset
            (T0 + 240, {Q.ELECTRICAL_ENERGY: 0.4}),  # backwards for one poll
            (T0 + 300, {Q.ELECTRICAL_ENERGY: 0.6}),  # continues from 0.5
        ],
    )
    # 0.5 before the reset, 0.5 after it, 0.1 across the backwards glitch.
    assert engine.metrics().electrical_energy == pytest.approx(1.1)


def test_glitch_to_zero_and_back_is_not_counted() -> None:
    engine = Engine(EngineConfig())
    feed(
        engine,
        [
            (T0, {Q.ELECTRICAL_ENERGY: 1234.0}),
            (T0 + 10, {Q.ELECTRICAL_ENERGY: 0.0}),
            (T0 + 20, {Q.ELECTRICAL_ENERGY: 1234.0}),  # impossible jump
            (T0 + 30, {Q.ELECTRICAL_ENERGY: 1234.01}),
        ],
    )
    assert engine.metrics().electrical_energy == pytest.approx(0.01)


def test_impossible_jump_is_not_counted_but_coarse_steps_are() -> None:
    engine = Engine(EngineConfig(max_power_w=50_000.0))
    feed(
        engine,
        [
            (T0, {Q.HEAT_ENERGY: 100.0}),
            (T0 + 60, {Q.HEAT_ENERGY: 200.0}),  # 100 kWh in a minute: 6 MW
            (T0 + 120, {Q.HEAT_ENERGY: 200.1}),
        ]
        # A 1 kWh counter stepping once after 20 minutes flat: 3 kW, fine,
        # although 1 kWh in one 10 s interval alone would look like 360 kW.
        + [(T0 + 120 + i * 10, {Q.HEAT_ENERGY: 200.1}) for i in range(1, 120)]
        + [(T0 + 1320, {Q.HEAT_ENERGY: 201.1})],
    )
    assert engine.metrics().heat_energy == pytest.approx(1.1)


def test_gap_longer_than_max_gap_is_not_bridged() -> None:
    engine = Engine(EngineConfig(max_gap_s=900))
    power = {Q.ELECTRICAL_POWER: 3600.0, Q.ELECTRICAL_ENERGY: 10.0}
    feed(
        engine,
        [
            (T0, power),
            (T0 + 10, {**power, Q.ELECTRICAL_ENERGY: 10.01}),
            (T0 + 1000, {**power, Q.ELECTRICAL_ENERGY: 11.0}),  # 990 s gap
            (T0 + 1010, {**power, Q.ELECTRICAL_ENERGY: 11.01}),
        ],
    )
    assert engine.metrics().electrical_energy == pytest.approx(0.02)
    engine2 = Engine(EngineConfig(max_gap_s=900))
    feed(
        engine2,
        [
            (T0, {Q.ELECTRICAL_POWER: 3600.0}),
            (T0 + 10, {Q.ELECTRICAL_POWER: 3600.0}),
            (T0 + 1000, {Q.ELECTRICAL_POWER: 3600.0}),
            (T0 + 1010, {Q.ELECTRICAL_POWER: 3600.0}),
        ],
    )
    assert engine2.metrics().electrical_energy == pytest.approx(0.02)


def test_missing_power_is_held_within_max_gap() -> None:
    engine = Engine(EngineConfig())
    feed(
        engine,
        [
            (T0, {Q.ELECTRICAL_POWER: 3600.0}),
            (T0 + 10, {}),
            (T0 + 20, {Q.ELECTRICAL_POWER: 3600.0}),
        ],
    )
    m = engine.metrics()
    assert m.electrical_energy == pytest.approx(0.02)


def test_heat_counter_plus_negative_power_in_defrost() -> None:
    engine = Engine(EngineConfig())
    feed(
        engine,
        [
            (T0, {Q.HEAT_ENERGY: 50.0, Q.HEAT_POWER: -3600.0, Q.DEFROST_ACTIVE: True}),
            (
                T0 + 10,
                {Q.HEAT_ENERGY: 50.0, Q.HEAT_POWER: -3600.0, Q.DEFROST_ACTIVE: True},
            ),
            (
                T0 + 20,
                {Q.HEAT_ENERGY: 50.05, Q.HEAT_POWER: 3600.0, Q.DEFROST_ACTIVE: False},
            ),
        ],
    )
    m = engine.metrics()
    # Both intervals opened at −3600 W; the counter's step is the positive heat.
    assert m.defrost_energy_today == pytest.approx(0.02)
    assert m.heat_energy == pytest.approx(0.05)


def test_external_counter_beats_unit_counter() -> None:
    engine = Engine(EngineConfig())
    for i, (unit, meter) in enumerate([(10.0, 500.0), (10.5, 500.2), (11.0, 500.4)]):
        engine.update(
            Sample(
                T0 + 60 * i,
                {Q.ELECTRICAL_ENERGY: unit},
                external_electrical_energy=meter,
            )
        )
    assert engine.metrics().electrical_energy == pytest.approx(0.4)


def test_older_samples_are_ignored() -> None:
    engine = Engine(EngineConfig())
    feed(engine, steady(T0, 60, 10, {Q.ELECTRICAL_POWER: 3600.0}))
    before = engine.to_dict()
    assert engine.update(Sample(T0 + 30, {Q.ELECTRICAL_POWER: 99999.0})) == []
    assert engine.to_dict() == before


def test_nan_and_negative_power_are_safe() -> None:
    engine = Engine(EngineConfig())
    feed(
        engine,
        [
            (T0, {Q.ELECTRICAL_POWER: float("nan"), Q.HEAT_POWER: float("inf")}),
            (T0 + 10, {Q.ELECTRICAL_POWER: -5.0, Q.HEAT_POWER: 100.0}),
        ],
    )
    m = engine.metrics()
    assert m.electrical_power == 0.0
    assert m.electrical_energy == 0.0
    assert m.heat_power == 100.0
