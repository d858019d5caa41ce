"""Ground truth files, weather sources and the clock."""

from __future__ import annotations

import asyncio
import csv
import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from heatpump_sim.model import AirToWater
from heatpump_sim.simulator import ConfigError, SimConfig, Simulator
from heatpump_sim.truth import Truth, run
from heatpump_sim.weather import CsvWeather, SyntheticWeather

WINTER = datetime(2025, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_truth_files_add_up(tmp_path: Path, suffix: str) -> None:
    """Intervals sum to the totals; events match the counters; files agree."""
    path = tmp_path / f"truth{suffix}"
    model = AirToWater(SyntheticWeather(WINTER, seed=1), seed=1)
    truth = run(model, 12 * 3600, 10.0, Truth(model, interval_s=300.0, path=path))
    truth.close()
    t = truth.totals
    assert len(truth.intervals) == 144
    assert sum(i.totals.heat_kwh for i in truth.intervals) == pytest.approx(t.heat_kwh)
    assert sum(i.totals.elec_kwh for i in truth.intervals) == pytest.approx(t.elec_kwh)
    assert truth.intervals[-1].cumulative.elec_kwh == pytest.approx(t.elec_kwh)
    assert len(truth.defrosts) == t.defrosts > 0
    assert sum(d.heat_kwh for d in truth.defrosts) == pytest.approx(t.defrost_heat_kwh)
    assert len(truth.start_times) == t.compressor_starts
    assert t.elec_kwh == pytest.approx(model.elec_counter_kwh)
    if suffix == ".json":
        data = json.loads(path.read_text())
        assert data["summary"]["cop"] == pytest.approx(t.cop)
        assert len(data["defrosts"]) == t.defrosts
    else:
        rows = list(csv.DictReader(path.open()))
        assert len(rows) == 144
        assert float(rows[-1]["cum_heat_kwh"]) == pytest.approx(t.heat_kwh, abs=1e-5)
        events = list(csv.DictReader(path.with_suffix(".defrosts.csv").open()))
        assert len(events) == t.defrosts
        summary = json.loads(path.with_suffix(".summary.json").read_text())
        assert summary["totals"]["defrosts"] == t.defrosts


def test_csv_weather(tmp_path: Path) -> None:
    """Header skipped, values interpolated, edges held, bad rows reported."""
    path = tmp_path / "w.csv"
    path.write_text(
        "timestamp,outdoor,rh\n"
        "2025-02-01T00:00:00,-4,90\n"
        "2025-02-01T02:00:00,0,80\n"
        "2025-02-01T04:00:00,2,70\n"
    )
    weather = CsvWeather(path)
    assert weather.start == datetime(2025, 2, 1, tzinfo=UTC)
    mid = weather.sample(3600.0)
    assert (mid.outdoor_c, mid.rh) == (pytest.approx(-2.0), pytest.approx(85.0))
    assert weather.sample(-100.0).outdoor_c == -4.0
    assert weather.sample(10 * 3600.0).rh == 70.0
    bad = tmp_path / "bad.csv"
    bad.write_text("2025-02-01T00:00:00,1,80\n2025-02-01T01:00:00,warm,80\n")
    with pytest.raises(ValueError, match=r"bad\.csv:2"):
        CsvWeather(bad)
    sim = Simulator(SimConfig(weather=f"csv:{path}", speed=None, duration_s=3600.0))
    sim.advance(7200.0)
    assert sim.model.t == 3600.0
    assert sim.model.wx.outdoor_c == pytest.approx(
        -2.0 + 10.0 / 3600.0 * 2.0 * 0, abs=0.1
    )


def test_synthetic_weather_seasons_and_seed() -> None:
    """Cold in January, warm in July; a seed repeats the weather."""
    january = SyntheticWeather(datetime(2025, 1, 1, tzinfo=UTC), seed=9)
    again = SyntheticWeather(datetime(2025, 1, 1, tzinfo=UTC), seed=9)
    other = SyntheticWeather(datetime(2025, 1, 1, tzinfo=UTC), seed=10)
    days = [january.sample(h * 3600.0).outdoor_c for h in range(0, 24 * 365, 6)]
    assert days == [again.sample(h * 3600.0).outdoor_c for h in range(0, 24 * 365, 6)]
    assert days != [other.sample(h * 3600.0).outdoor_c for h in range(0, 24 * 365, 6)]
    winter = sum(days[:120]) / 120
    summer = sum(days[720:840]) / 120
    assert winter < 4.0
    assert summer > 14.0
    assert all(25.0 <= january.sample(h * 3600.0).rh <= 100.0 for h in range(500))


async def test_speed_does_not_change_the_run() -> None:
    """The clock at full speed gives the same run as manual stepping."""
    fast = Simulator(SimConfig(speed=math.inf, duration_s=86400.0, seed=4))
    manual = Simulator(SimConfig(speed=None, duration_s=86400.0, seed=4))
    await fast.start()
    await asyncio.wait_for(fast.finished.wait(), 30)
    await fast.stop()
    manual.advance(2 * 86400.0)
    assert fast.model.t == manual.model.t == 86400.0
    assert fast.truth.totals == manual.truth.totals


async def test_accelerated_clock_follows_wall_time() -> None:
    """At 3600× half a second of wall time is about half an hour simulated."""
    sim = Simulator(SimConfig(speed=3600.0, seed=1))
    await sim.start()
    await asyncio.sleep(0.5)
    await sim.stop()
    assert 1200.0 <= sim.model.t <= 2600.0


def test_config_errors() -> None:
    """Impossible settings fail with a clear message."""
    with pytest.raises(ConfigError, match="unknown kind"):
        Simulator(SimConfig(kind="toaster"))
    with pytest.raises(ConfigError, match="meters"):
        Simulator(SimConfig(kind="meter"))
    with pytest.raises(ConfigError, match="no mqtt profile"):
        Simulator(SimConfig(kind="pool", mqtt=("127.0.0.1", 1)))
