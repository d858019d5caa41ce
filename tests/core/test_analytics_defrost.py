"""Defrost: reported and inferred, timing, energy, net and gross COP."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import Engine, EngineConfig, EventKind

from .test_analytics_support import T0, Q, Row, Values, feed

HEATING: Values = {
    Q.COMPRESSOR_FREQUENCY: 50.0,
    Q.OPERATING_MODE: "heating",
    Q.FLOW_TEMPERATURE: 35.0,
    Q.RETURN_TEMPERATURE: 30.0,
    Q.HEAT_POWER: 5000.0,
    Q.ELECTRICAL_POWER: 1250.0,
}
DEFROSTING: Values = {
    **HEATING,
    Q.FLOW_TEMPERATURE: 20.0,
    Q.RETURN_TEMPERATURE: 23.0,
    Q.HEAT_POWER: -3000.0,
}


def pattern(*spans: tuple[int, bool]) -> list[Row]:
    """Rows every 10 s: (seconds, defrosting?) spans one after the other."""
    rows: list[Row] = []
    t = 0
    for seconds, defrosting in spans:
        for _ in range(seconds // 10):
            rows.append((T0 + t, DEFROSTING if defrosting else HEATING))
            t += 10
    return rows


def test_inferred_defrost_timing_and_energy() -> None:
    engine = Engine(EngineConfig())
    events = feed(engine, pattern((100, False), (300, True), (200, False)))
    started = [e for e in events if e.kind == EventKind.DEFROST_STARTED]
    ended = [e for e in events if e.kind == EventKind.DEFROST_ENDED]
    assert [e.ts for e in started] == [T0 + 100]  # when the condition began
    assert started[0].data["inferred"] is True
    assert [e.ts for e in ended] == [T0 + 400]
    assert ended[0].data["duration_s"] == 300
    m = engine.metrics()
    assert m.defrost_count_today == 1
    assert m.defrost_count == 1
    assert m.defrost_duration_today == pytest.approx(5.0)
    # 30 intervals open at −3000 W (each takes its opening sample's power).
    loss = 30 * 10 * 3000 / 3.6e6
    assert m.defrost_energy_today == pytest.approx(loss)
    heat_pos = m.heat_energy_today
    assert isinstance(heat_pos, float)
    assert m.defrost_share_today == pytest.approx(100 * loss / heat_pos)
    net, gross = m.cop_today, m.gross_cop_today
    elec = m.electrical_energy_today
    assert isinstance(net, float)
    assert isinstance(gross, float)
    assert isinstance(elec, float)
    assert gross - net == pytest.approx(loss / elec)
    assert net == pytest.approx((heat_pos - loss) / elec)


def test_short_condition_is_not_a_defrost() -> None:
    engine = Engine(EngineConfig())
    events = feed(engine, pattern((100, False), (20, True), (200, False)))
    assert not [e for e in events if e.kind == EventKind.DEFROST_STARTED]
    m = engine.metrics()
    assert m.defrost_count == 0
    # Negative heat is defrost energy even when too short to be a defrost, as
    # heatpumpmonitor's process_defrosts counts it.
    assert m.defrost_energy_today == pytest.approx(2 * 10 * 3000 / 3.6e6)
    assert m.defrost_duration_today == 0.0


def test_exactly_30_s_counts() -> None:
    engine = Engine(EngineConfig())
    events = feed(engine, pattern((100, False), (40, True), (200, False)))
    assert [e.kind for e in events].count(EventKind.DEFROST_STARTED) == 1


def test_gap_under_60_s_is_merged() -> None:
    engine = Engine(EngineConfig())
    events = feed(
        engine,
        pattern((100, False), (200, True), (50, False), (150, True), (200, False)),
    )
    ended = [e for e in events if e.kind == EventKind.DEFROST_ENDED]
    assert engine.metrics().defrost_count == 1
    assert len(ended) == 1
    assert ended[0].data["duration_s"] == 400  # from 100 to 500
    assert engine.metrics().defrost_duration_today == pytest.approx(350 / 60)


def test_gap_of_60_s_is_two_defrosts() -> None:
    engine = Engine(EngineConfig())
    feed(
        engine,
        pattern((100, False), (200, True), (60, False), (150, True), (200, False)),
    )
    assert engine.metrics().defrost_count == 2


def test_no_inference_outside_heating_or_when_disabled() -> None:
    cooling: Values = {**DEFROSTING, Q.OPERATING_MODE: "cooling"}
    engine = Engine(EngineConfig())
    feed(engine, [(T0 + 10 * i, cooling) for i in range(60)])
    assert engine.metrics().defrost_count == 0
    engine = Engine(EngineConfig(infer_defrost=False))
    feed(engine, pattern((100, False), (300, True), (200, False)))
    assert engine.metrics().defrost_count == 0
    stopped: Values = {
        **DEFROSTING,
        Q.COMPRESSOR_FREQUENCY: 0.0,
        Q.ELECTRICAL_POWER: 10.0,
    }
    engine = Engine(EngineConfig())
    feed(engine, [(T0 + 10 * i, stopped) for i in range(60)])
    assert engine.metrics().defrost_count == 0


def test_reported_flag_starts_at_once_and_disables_inference() -> None:
    engine = Engine(EngineConfig())
    rows: list[Row] = [
        (T0, {**HEATING, Q.DEFROST_ACTIVE: False}),
        (T0 + 10, {**DEFROSTING, Q.DEFROST_ACTIVE: True}),
        (T0 + 20, {**DEFROSTING, Q.DEFROST_ACTIVE: False}),  # flag says no
        (T0 + 30, {**DEFROSTING, Q.DEFROST_ACTIVE: False}),
    ]
    rows += [
        (T0 + 40 + 10 * i, {**DEFROSTING, Q.DEFROST_ACTIVE: False}) for i in range(10)
    ]
    events = feed(engine, rows)
    started = [e for e in events if e.kind == EventKind.DEFROST_STARTED]
    assert [e.ts for e in started] == [T0 + 10]
    assert started[0].data["inferred"] is False
    m = engine.metrics()
    assert m.defrost_count == 1
    assert m.defrost_duration_today == pytest.approx(10 / 60)


def test_operating_mode_defrost_keeps_the_service() -> None:
    engine = Engine(EngineConfig())
    dhw: Values = {**HEATING, Q.OPERATING_MODE: "dhw"}
    events = feed(
        engine,
        [
            (T0, dhw),
            (T0 + 10, {**DEFROSTING, Q.OPERATING_MODE: "defrost"}),
            (T0 + 20, {**DEFROSTING, Q.OPERATING_MODE: "defrost"}),
        ],
    )
    m = engine.metrics()
    assert m.defrost_active is True
    assert m.operating_mode == "defrost"
    assert not [e for e in events if e.kind == EventKind.MODE_CHANGED]
    b = engine.breakdown().today
    assert b.defrost_energy == pytest.approx(10 * 3000 / 3.6e6)
    assert b.electrical_energy_dhw == pytest.approx(20 * 1250 / 3.6e6)
    assert m.cop is None  # no live COP while defrosting


CLAMPED_DEFROST: Values = {
    **HEATING,
    Q.FLOW_RATE: 17.0,
    Q.FLOW_TEMPERATURE: 27.0,
    Q.RETURN_TEMPERATURE: 30.0,
    Q.HEAT_POWER: 0.0,  # what a unit that cannot report negative heat says
}


def _flow_heat(values: Values) -> float:
    """flow × ΔT as the engine computes it (water at the return, l/min)."""
    from custom_components.heatpump.core.analytics.power import hydronic_factor
    from custom_components.heatpump.core.physics.fluids import Fluid

    factor = hydronic_factor(Fluid.WATER, 0.0, values[Q.RETURN_TEMPERATURE])
    return (
        factor
        * values[Q.FLOW_RATE]
        * (values[Q.FLOW_TEMPERATURE] - values[Q.RETURN_TEMPERATURE])
    )


def _clamped_rows(defrost_values: Values) -> list[Row]:
    heating = {**HEATING, Q.FLOW_RATE: 17.0}
    rows = [(T0 + 10 * i, heating) for i in range(10)]
    rows += [(T0 + 100 + 10 * i, defrost_values) for i in range(11)]
    rows += [(T0 + 210 + 10 * i, heating) for i in range(10)]
    return rows


@pytest.mark.parametrize(
    ("clamped", "flag"),
    [(True, None), (True, True), (False, True)],
    ids=["clamped unit, inferred", "clamped unit, reported", "reported defrost"],
)
def test_negative_flow_heat_replaces_a_clamped_zero(
    clamped: bool, flag: bool | None
) -> None:
    """Production reads 0 while outlet < inlet: flow × ΔT is the loss."""
    values = {**CLAMPED_DEFROST}
    if flag is not None:
        values[Q.DEFROST_ACTIVE] = flag
    engine = Engine(EngineConfig(heat_power_clamped=clamped))
    feed(engine, _clamped_rows(values))
    m = engine.metrics()
    # 11 intervals open on the defrost samples, each −flow × ΔT for 10 s.
    loss = 11 * 10 * -_flow_heat(values) / 3.6e6
    assert loss > 0.05
    assert m.defrost_energy_today == pytest.approx(loss)
    positive = 19 * 10 * 5000 / 3.6e6  # 30 intervals: 19 open on heating
    assert m.heat_energy_today == pytest.approx(positive)
    elec = 30 * 10 * 1250 / 3.6e6
    assert m.cop_today == pytest.approx((positive - loss) / elec)
    assert m.defrost_count_today == 1


def test_clamped_zero_without_a_defrost_or_the_flag_counts_nothing() -> None:
    """An unflagged unit, no defrost seen: the reported 0 stands."""
    engine = Engine(EngineConfig(infer_defrost=False))
    feed(engine, _clamped_rows(CLAMPED_DEFROST))
    m = engine.metrics()
    assert m.defrost_energy_today == 0.0


def test_defrost_losses_measured_only_with_a_heat_power_that_can_go_negative() -> None:
    """Flow and both temperatures, or an unclamped heat power, show losses."""
    from custom_components.heatpump.core.analytics.defrost import (
        defrost_losses_measured,
    )

    water = {Q.FLOW_RATE, Q.FLOW_TEMPERATURE, Q.RETURN_TEMPERATURE}
    assert defrost_losses_measured(water | {Q.HEAT_POWER}, heat_power_clamped=True)
    assert defrost_losses_measured({Q.HEAT_POWER}, heat_power_clamped=False)
    assert not defrost_losses_measured({Q.HEAT_POWER}, heat_power_clamped=True)
    assert not defrost_losses_measured(
        {Q.ELECTRICAL_POWER, Q.FLOW_TEMPERATURE, Q.RETURN_TEMPERATURE}, False
    )
