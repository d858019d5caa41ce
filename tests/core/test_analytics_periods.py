"""Day, month and season boundaries in the configured time zone."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import Engine, EngineConfig, Sample

from .test_analytics_support import BERLIN, Q, local_ts

KW = {Q.ELECTRICAL_POWER: 1000.0, Q.HEAT_POWER: 4000.0}
"""1 kWh of electricity and 4 kWh of heat per hour."""


def run_until(engine: Engine, start: float, end: float, step: float) -> None:
    ts = start
    while ts <= end:
        engine.update(Sample(ts, KW))
        ts += step


def test_day_rolls_over_at_local_midnight() -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN))
    start = local_ts(2024, 1, 15, 22, 0)
    run_until(engine, start, local_ts(2024, 1, 15, 23, 59, 50), 10)
    assert engine.metrics().electrical_energy_today == pytest.approx(2 - 10 / 3600)
    run_until(engine, local_ts(2024, 1, 16, 0, 0), local_ts(2024, 1, 16, 1, 0), 10)
    m = engine.metrics()
    assert m.electrical_energy_today == pytest.approx(1.0)
    assert m.electrical_energy == pytest.approx(3.0)
    assert m.heat_energy_today == pytest.approx(4.0)
    assert m.cop_today == pytest.approx(4.0)


def test_interval_across_midnight_is_split_in_proportion() -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN))
    midnight = local_ts(2024, 1, 16, 0, 0)
    engine.update(Sample(midnight - 30, KW))
    engine.update(Sample(midnight + 90, KW))  # 30 s before, 90 s after
    breakdown = engine.breakdown()
    assert breakdown.today.electrical_energy == pytest.approx(90 / 3600)
    assert breakdown.lifetime.electrical_energy == pytest.approx(120 / 3600)


@pytest.mark.parametrize(
    ("day", "hours"),
    [((2024, 3, 31), 23), ((2024, 10, 27), 25), ((2024, 6, 1), 24)],
)
def test_dst_days_have_their_true_length(day: tuple[int, int, int], hours: int) -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN))
    start = local_ts(*day, 0, 0)
    end = local_ts(*day, 23, 59, 50)
    run_until(engine, start - 3600, end, 10)
    today = engine.metrics().electrical_energy_today
    assert today == pytest.approx(hours - 10 / 3600)
    engine.update(Sample(end + 10, KW))  # the next local midnight
    assert engine.metrics().electrical_energy_today == 0.0
    assert engine.breakdown().lifetime.electrical_energy == pytest.approx(hours + 1)


def test_utc_engine_rolls_at_utc_midnight() -> None:
    engine = Engine(EngineConfig(time_zone="UTC"))
    start = local_ts(2024, 1, 15, 23, 0, tz="UTC")
    run_until(engine, start, start + 7200, 60)
    assert engine.metrics().electrical_energy_today == pytest.approx(1.0)


def test_month_year_and_season_boundaries() -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN, heating_season_start_month=9))
    # 1 h on 31 Aug, 1 h on 1 Sept: a new month and a new heating season.
    run_until(engine, local_ts(2024, 8, 31, 12), local_ts(2024, 8, 31, 13), 60)
    run_until(engine, local_ts(2024, 9, 1, 12), local_ts(2024, 9, 1, 13), 60)
    b = engine.breakdown()
    assert b.month.electrical_energy == pytest.approx(1.0)
    assert b.season.electrical_energy == pytest.approx(1.0)
    assert b.year.electrical_energy == pytest.approx(2.0)
    # 31 Dec → 1 Jan: new year, same season and month resets.
    run_until(engine, local_ts(2024, 12, 31, 12), local_ts(2024, 12, 31, 13), 60)
    run_until(engine, local_ts(2025, 1, 1, 12), local_ts(2025, 1, 1, 13), 60)
    b = engine.breakdown()
    assert b.month.electrical_energy == pytest.approx(1.0)
    assert b.year.electrical_energy == pytest.approx(1.0)
    assert b.season.electrical_energy == pytest.approx(3.0)
    assert b.lifetime.electrical_energy == pytest.approx(4.0)
    m = engine.metrics()
    assert m.scop == pytest.approx(4.0)
    assert m.cop_season == pytest.approx(4.0)
    assert m.cop_lifetime == pytest.approx(4.0)


def test_several_days_without_samples() -> None:
    engine = Engine(EngineConfig(time_zone=BERLIN))
    run_until(engine, local_ts(2024, 1, 15, 12), local_ts(2024, 1, 15, 13), 60)
    run_until(engine, local_ts(2024, 3, 20, 12), local_ts(2024, 3, 20, 12, 30), 60)
    b = engine.breakdown()
    assert b.today.electrical_energy == pytest.approx(0.5)
    assert b.month.electrical_energy == pytest.approx(0.5)
    assert b.year.electrical_energy == pytest.approx(1.5)


def test_bad_time_zone_is_rejected() -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 - zoneinfo's own error
        EngineConfig(time_zone="Mars/Olympus_Mons")
