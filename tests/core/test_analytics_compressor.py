"""Compressor starts, run times and the short-cycling flag."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import Engine, EngineConfig, EventKind

from .test_analytics_support import T0, Q, Row, Values, feed


def on_off(
    *spans: tuple[int, bool], step: int = 10, extra: Values | None = None
) -> list[Row]:
    """Rows every ``step`` s with COMPRESSOR_RUNNING over (seconds, on) spans."""
    rows: list[Row] = []
    t = 0
    for seconds, on in spans:
        for _ in range(seconds // step):
            rows.append((T0 + t, {Q.COMPRESSOR_RUNNING: on, **(extra or {})}))
            t += step
    return rows


def test_starts_need_the_minimum_off_time() -> None:
    engine = Engine(EngineConfig(min_off_s=60))
    events = feed(
        engine,
        on_off(
            (100, False),
            (500, True),
            (30, False),
            (570, True),
            (300, False),
            (600, True),
        ),
    )
    kinds = [e.kind for e in events]
    assert kinds.count(EventKind.COMPRESSOR_STARTED) == 2  # at 100 and 1500
    stopped = [e for e in events if e.kind == EventKind.COMPRESSOR_STOPPED]
    assert [e.ts for e in stopped] == [T0 + 1200]
    assert stopped[0].data["run_time_s"] == 1100  # the 30 s pause is inside
    m = engine.metrics()
    assert m.compressor_cycles_today == 2
    # No electrical reading: no start in heatpumpmonitor's sense.
    assert m.compressor_starts_today == 0
    assert m.mean_run_time == pytest.approx(1100 / 60)
    assert m.compressor_running is True


def test_first_state_is_not_a_start() -> None:
    engine = Engine(EngineConfig())
    events = feed(engine, on_off((600, True), (120, False)))
    stopped = [e for e in events if e.kind == EventKind.COMPRESSOR_STOPPED]
    assert EventKind.COMPRESSOR_STARTED not in [e.kind for e in events]
    assert stopped[0].data["run_time_s"] is None
    assert engine.metrics().mean_run_time is None


def test_a_defrost_is_not_a_stop() -> None:
    engine = Engine(EngineConfig())
    rows = on_off((100, False), (600, True))
    rows += [
        (T0 + 700 + 10 * i, {Q.COMPRESSOR_RUNNING: False, Q.DEFROST_ACTIVE: True})
        for i in range(12)
    ]
    rows += [
        (T0 + 820 + 10 * i, {Q.COMPRESSOR_RUNNING: True, Q.DEFROST_ACTIVE: False})
        for i in range(30)
    ]
    events = feed(engine, rows)
    kinds = [e.kind for e in events]
    assert kinds.count(EventKind.COMPRESSOR_STARTED) == 1
    assert EventKind.COMPRESSOR_STOPPED not in kinds


def test_compressor_from_frequency_and_from_power_with_hysteresis() -> None:
    engine = Engine(EngineConfig())
    feed(engine, [(T0, {Q.COMPRESSOR_FREQUENCY: 0.0, Q.ELECTRICAL_POWER: 900.0})])
    assert engine.metrics().compressor_running is False
    engine = Engine(
        EngineConfig(compressor_threshold_w=100, compressor_hysteresis_w=20)
    )
    states = []
    for i, watts in enumerate([50.0, 120.0, 90.0, 79.0, 95.0, 100.0]):
        feed(engine, [(T0 + 10 * i, {Q.ELECTRICAL_POWER: watts})])
        states.append(engine.metrics().compressor_running)
    assert states == [False, True, True, False, False, True]


def cycles(on_s: int, off_s: int, hours: float) -> list[Row]:
    spans: list[tuple[int, bool]] = []
    for _ in range(int(hours * 3600 / (on_s + off_s))):
        spans += [(off_s, False), (on_s, True)]
    return on_off(*spans, step=30)


def test_short_cycling_by_start_rate() -> None:
    engine = Engine(EngineConfig())
    feed(engine, cycles(on_s=600, off_s=300, hours=3.5))  # 4 starts/h, 10 min runs
    m = engine.metrics()
    assert m.short_cycling is True
    assert m.compressor_cycles_today == 14


def test_short_cycling_by_median_run_time() -> None:
    engine = Engine(EngineConfig())
    feed(engine, cycles(on_s=300, off_s=1500, hours=2))  # 2 starts/h, 5 min runs
    m = engine.metrics()
    assert m.short_cycling is True
    assert m.mean_run_time == pytest.approx(5.0)


def test_healthy_cycling_is_not_flagged() -> None:
    engine = Engine(EngineConfig())
    feed(engine, cycles(on_s=3000, off_s=600, hours=6))
    m = engine.metrics()
    assert m.short_cycling is False
    assert m.compressor_cycles_today == 6
    assert m.mean_run_time == pytest.approx(50.0)


def test_rate_needs_the_whole_window() -> None:
    engine = Engine(EngineConfig())
    feed(engine, cycles(on_s=720, off_s=180, hours=1))  # 4/h but only 1 h seen
    m = engine.metrics()
    assert m.short_cycling is False  # runs of 12 min, window not yet full
