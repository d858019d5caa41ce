"""Engine.after_restart: the first interval after a restart is a gap.

The stored state's last powers say nothing about the time Home Assistant was
down.  Integrating a line (or a held value) from them to the first new
sample invents energy when the unit went idle meanwhile, and double counts
when it did not; the unit's counters, guarded as ever, still bridge the gap.
"""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import Engine, EngineConfig

from .test_analytics_support import T0, Q, feed, steady

BUSY = {Q.ELECTRICAL_POWER: 6000.0, Q.HEAT_POWER: 18000.0}
IDLE = {Q.ELECTRICAL_POWER: 0.0, Q.HEAT_POWER: 0.0}
DOWN_S = 50.0
"""Seconds Home Assistant was down: well inside the 15-minute max gap."""


def _busy_then_stored() -> tuple[Engine, dict[str, object]]:
    engine = Engine(EngineConfig())
    feed(engine, steady(T0, 600, 10, BUSY))
    return engine, engine.to_dict()


def _restored(state: dict[str, object], *, after_restart: bool) -> Engine:
    engine = Engine.from_dict(EngineConfig(), state)
    if after_restart:
        engine.after_restart()
    return engine


def _totals(engine: Engine) -> tuple[float, float]:
    metrics = engine.metrics()
    heat, elec = metrics.heat_energy, metrics.electrical_energy
    assert isinstance(heat, float)
    assert isinstance(elec, float)
    return heat, elec


def test_a_busy_unit_stored_and_idle_after_the_restart_invents_nothing() -> None:
    before, state = _busy_then_stored()
    heat0, elec0 = _totals(before)
    assert elec0 == pytest.approx(1.0)  # 6 kW for 10 minutes
    engine = _restored(state, after_restart=True)
    start = T0 + 600 + DOWN_S
    feed(engine, steady(start, 60, 10, IDLE))
    assert _totals(engine) == (heat0, elec0)

    # Without it, the stored 6 kW reaches across the downtime: invented.
    naive = _restored(state, after_restart=False)
    feed(naive, steady(start, 60, 10, IDLE))
    assert _totals(naive)[1] > elec0 + 0.04


def test_only_the_first_interval_is_a_gap() -> None:
    before, state = _busy_then_stored()
    _, elec0 = _totals(before)
    engine = _restored(state, after_restart=True)
    start = T0 + 600 + DOWN_S
    feed(engine, steady(start, 600, 10, BUSY))
    # 10 minutes at 6 kW after the restart, nothing for the downtime.
    assert _totals(engine)[1] == pytest.approx(elec0 + 1.0)


def test_counters_still_bridge_the_downtime() -> None:
    engine = Engine(EngineConfig())
    rows = [
        (T0 + i * 10.0, {**BUSY, Q.ELECTRICAL_ENERGY: 100.0 + i * 10 * 6000 / 3.6e6})
        for i in range(61)
    ]
    feed(engine, rows)
    _, elec0 = _totals(engine)
    restored = _restored(engine.to_dict(), after_restart=True)
    counter = 100.0 + 600 * 6000 / 3.6e6
    after = counter + DOWN_S * 6000 / 3.6e6  # the unit counted the downtime
    feed(
        restored,
        [
            (T0 + 600 + DOWN_S, {**IDLE, Q.ELECTRICAL_ENERGY: after}),
            (T0 + 610 + DOWN_S, {**IDLE, Q.ELECTRICAL_ENERGY: after}),
        ],
    )
    assert _totals(restored)[1] == pytest.approx(elec0 + DOWN_S * 6000 / 3.6e6)


def test_a_restored_engine_keeps_its_totals_exactly() -> None:
    before, state = _busy_then_stored()
    engine = _restored(state, after_restart=True)
    assert _totals(engine) == _totals(before)
    assert engine.metrics().cop == before.metrics().cop
