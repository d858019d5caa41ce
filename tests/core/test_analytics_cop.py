"""COP per period and service, EER, live COP, efficiency, valve, kind figures."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import (
    Engine,
    EngineConfig,
    EventKind,
)
from custom_components.heatpump.core.physics.carnot import carnot_cop_heating
from custom_components.heatpump.core.physics.expected import (
    CopModel,
    expected_cop,
)
from custom_components.heatpump.core.quantities import Kind

from .test_analytics_support import T0, Q, Values, feed, steady


def test_only_a_kind_s_own_figures_are_reported() -> None:
    own = {Kind.WATER_HEATER: "water_heater", Kind.POOL: "pool", Kind.DRYER: "dryer"}
    for kind in Kind:
        engine = Engine(EngineConfig(kind=kind))
        feed(engine, [(T0, {Q.ELECTRICAL_POWER: 500.0})])
        m = engine.metrics()
        for group in ("water_heater", "pool", "dryer"):
            reported = getattr(m, group) is not None
            assert reported == (own.get(kind) == group), (kind, group)


def test_fresh_engine_has_metrics_of_nothing() -> None:
    m = Engine(EngineConfig()).metrics()
    assert m.cop_today is None
    assert m.heat_energy == 0.0
    assert m.compressor_running is None


def test_eer_in_cooling() -> None:
    engine = Engine(EngineConfig())
    cooling: Values = {
        Q.OPERATING_MODE: "cooling",
        Q.HEAT_POWER: -3500.0,
        Q.ELECTRICAL_POWER: 1000.0,
        Q.COMPRESSOR_RUNNING: True,
    }
    feed(engine, steady(T0, 3600, 10, cooling))
    m = engine.metrics()
    assert m.cooling_energy == pytest.approx(3.5)
    assert m.eer_today == pytest.approx(3.5)
    assert m.cop_today is None  # cooling is not in COP
    assert m.cop == pytest.approx(3.5)  # live: cooling delivered / power
    assert m.heat_energy == 0.0
    assert m.electrical_energy == pytest.approx(1.0)


def test_cop_leaves_cooling_out_deliberately() -> None:
    """Pins a deliberate difference (README): heatpumpmonitor.org's combined
    COP sums the heat feed signed, so cooling lowers it; ours leaves cooling
    (heat and electricity) out and reports it as EER."""
    engine = Engine(EngineConfig())
    heating: Values = {
        Q.OPERATING_MODE: "heating",
        Q.HEAT_POWER: 4000.0,
        Q.ELECTRICAL_POWER: 1000.0,
        Q.COMPRESSOR_RUNNING: True,
    }
    cooling: Values = {**heating, Q.OPERATING_MODE: "cooling", Q.HEAT_POWER: -3500.0}
    feed(engine, steady(T0, 3600, 10, heating) + steady(T0 + 3600, 3600, 10, cooling))
    m = engine.metrics()
    reference_combined = (4.0 - 3.5) / 2.0
    assert m.cop_today == pytest.approx(4.0)
    assert m.cop_today != pytest.approx(reference_combined)
    assert m.eer_today == pytest.approx(3.5, rel=0.01)
    assert m.electrical_energy == pytest.approx(2.0, rel=0.01)
    assert m.defrost_energy_today == 0.0  # cooling is not a defrost either


def test_combined_running_and_per_service_cop() -> None:
    engine = Engine(EngineConfig())
    heating: Values = {
        Q.HEAT_POWER: 4000.0,
        Q.ELECTRICAL_POWER: 1000.0,
        Q.OPERATING_MODE: "heating",
    }
    standby: Values = {
        Q.HEAT_POWER: 0.0,
        Q.ELECTRICAL_POWER: 20.0,
        Q.OPERATING_MODE: "standby",
    }
    # The unit says "heating" but its 3-way valve is on the tank: DHW.
    dhw: Values = {
        **heating,
        Q.HEAT_POWER: 3000.0,
        Q.ELECTRICAL_POWER: 1500.0,
        Q.THREE_WAY_VALVE: "dhw",
    }
    rows = (
        steady(T0, 3590, 10, heating)
        + steady(T0 + 3600, 3590, 10, standby)
        + steady(T0 + 7200, 3600, 10, dhw)
    )
    events = feed(engine, rows)
    changes = [e.data["to"] for e in events if e.kind == EventKind.MODE_CHANGED]
    assert changes == ["standby", "dhw"]
    b = engine.breakdown().today
    m = engine.metrics()
    heat = b.heat_energy
    elec = b.electrical_energy
    assert isinstance(heat, float)
    assert isinstance(elec, float)
    assert m.cop_today == pytest.approx(heat / elec)
    assert m.cop_month == m.cop_today == m.cop_lifetime
    assert b.cop_dhw == pytest.approx(2.0, rel=0.01)
    assert b.cop_heating == pytest.approx(4.0, rel=0.01)
    # Standby is in the combined COP, not in the running one.
    running = m.running_cop_today
    assert isinstance(running, float)
    assert running > m.cop_today  # type: ignore[operator]
    assert m.scop == pytest.approx(b.cop_heating)
    assert m.heat_energy_dhw == pytest.approx(3.0)


def test_live_cop_only_while_running_above_threshold() -> None:
    engine = Engine(EngineConfig(live_cop_min_power_w=200.0))
    feed(engine, [(T0, {Q.HEAT_POWER: 600.0, Q.ELECTRICAL_POWER: 150.0})])
    assert engine.metrics().cop is None
    feed(engine, [(T0 + 10, {Q.HEAT_POWER: 2000.0, Q.ELECTRICAL_POWER: 500.0})])
    assert engine.metrics().cop == pytest.approx(4.0)
    feed(
        engine,
        [
            (
                T0 + 20,
                {
                    Q.HEAT_POWER: 2000.0,
                    Q.ELECTRICAL_POWER: 500.0,
                    Q.COMPRESSOR_RUNNING: False,
                },
            )
        ],
    )
    assert engine.metrics().cop is None


def test_carnot_efficiency_and_performance_index() -> None:
    engine = Engine(EngineConfig(cop_model=CopModel.WHEN2HEAT_AIR))
    values: Values = {
        Q.FLOW_TEMPERATURE: 35.0,
        Q.OUTDOOR_TEMPERATURE: 7.0,
        Q.HEAT_POWER: 4000.0,
        Q.ELECTRICAL_POWER: 1000.0,
    }
    feed(engine, steady(T0, 3600, 10, values))
    m = engine.metrics()
    carnot = carnot_cop_heating(35.0, 7.0)
    assert carnot is not None
    assert carnot == pytest.approx(8.62, abs=0.01)  # physics notes: W35/A7
    assert m.carnot_cop == pytest.approx(carnot)
    assert m.carnot_efficiency == pytest.approx(100 * 4.0 / carnot)
    expected = expected_cop(CopModel.WHEN2HEAT_AIR, 35.0, 7.0)
    assert m.expected_cop == pytest.approx(expected)
    assert m.performance_index == pytest.approx(4.0 / expected)


def test_rating_points_take_precedence() -> None:
    engine = Engine(EngineConfig(rating_points=((7.0, 35.0, 4.42), (2.0, 35.0, 4.0))))
    feed(engine, [(T0, {Q.FLOW_TEMPERATURE: 35.0, Q.OUTDOOR_TEMPERATURE: 7.0})])
    assert engine.metrics().expected_cop == pytest.approx(4.42)


def test_reversing_valve_reported_or_inferred() -> None:
    o_wired = Engine(EngineConfig(reversing_valve_energized_in="cooling"))
    b_wired = Engine(EngineConfig(reversing_valve_energized_in="heating"))
    for engine in (o_wired, b_wired):
        feed(engine, [(T0, {Q.OPERATING_MODE: "heating"})])
    assert o_wired.metrics().reversing_valve is False
    assert b_wired.metrics().reversing_valve is True
    for engine in (o_wired, b_wired):
        feed(engine, [(T0 + 10, {Q.OPERATING_MODE: "cooling"})])
    assert o_wired.metrics().reversing_valve is True
    assert b_wired.metrics().reversing_valve is False
    feed(o_wired, [(T0 + 20, {Q.OPERATING_MODE: "defrost"})])
    assert o_wired.metrics().reversing_valve is True
    feed(o_wired, [(T0 + 30, {Q.OPERATING_MODE: "standby"})])
    assert o_wired.metrics().reversing_valve is False
    feed(o_wired, [(T0 + 40, {Q.REVERSING_VALVE: True})])
    assert o_wired.metrics().reversing_valve is True


def test_operating_mode_shown() -> None:
    engine = Engine(EngineConfig())
    feed(engine, [(T0, {Q.COMPRESSOR_RUNNING: False})])
    assert engine.metrics().operating_mode == "standby"
    feed(engine, [(T0 + 10, {Q.COMPRESSOR_RUNNING: True})])
    assert engine.metrics().operating_mode == "heating"
    feed(engine, [(T0 + 20, {Q.OPERATING_MODE: "off"})])
    assert engine.metrics().operating_mode == "off"
