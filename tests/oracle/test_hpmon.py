"""The oracle itself, on series small enough to work out by hand.

Each expectation below is derived from the published method (see ``hpmon``),
not from running the oracle.
"""

from __future__ import annotations

import pytest

from .hpmon import (
    Feeds,
    compressor_starts,
    daily_figures,
    negative_heat_kwh,
    php_round,
    prc_carnot,
    remove_null_values,
    window_cops,
)

KWH = 10 / 3.6e6


def test_holes_under_900_s_are_filled_longer_ones_stay_empty() -> None:
    short = [1.0] + [None] * 88 + [2.0]  # 89 slots from value to value: 890 s
    assert remove_null_values(short) == [1.0] * 89 + [2.0]
    long = [1.0] + [None] * 89 + [2.0]  # 900 s: not filled, none of it
    assert remove_null_values(long) == long
    assert remove_null_values([None, None, 3.0]) == [None, None, 3.0]


def test_categories_and_standby() -> None:
    feeds = Feeds(
        elec=[1000.0, 1000.0, 15.0, 2000.0],
        heat=[4000.0, 3000.0, 0.0, 5000.0],
        flow=[35.0] * 4,
        ret=[30.0] * 4,
        outside=[5.0] * 4,
        dhw=[0.0, 0.0, 0.0, 1.0],
    )
    cops = window_cops(feeds)
    assert cops["combined"]["elec_kwh"] == pytest.approx(4015 * KWH)
    assert cops["combined"]["heat_kwh"] == pytest.approx(12000 * KWH)
    assert cops["running"]["elec_kwh"] == pytest.approx(4000 * KWH)
    assert cops["space"]["heat_kwh"] == pytest.approx(7000 * KWH)
    assert cops["space"]["cop"] == pytest.approx(3.5)
    assert cops["water"]["cop"] == pytest.approx(2.5)


def test_carnot_flips_the_ideal_heat_while_flow_is_below_return() -> None:
    carnot = (37 + 273) / ((37 + 273) - (-1 + 273))  # flow 35, outside 5
    feeds = Feeds(
        elec=[1000.0, 1000.0, 50.0],
        heat=[4000.0, -2000.0, 100.0],
        flow=[35.0, 35.0, 35.0],
        ret=[30.0, 36.0, 34.0],
        outside=[5.0, None, None],  # held from the first slot
    )
    ideal_combined = php_round((1000 * carnot - 1000 * carnot + 0) / 3)
    assert ideal_combined == 0
    assert prc_carnot(feeds)["combined"] is None  # ideal mean not > 0
    flow_ok = Feeds(
        elec=[1000.0, 1000.0],
        heat=[4000.0, -2000.0],
        flow=[35.0, 35.0],
        ret=[30.0, 30.1],
        outside=[5.0, 5.0],
    )
    assert prc_carnot(flow_ok)["running"] == pytest.approx(
        100 * 1000.0 / php_round(1000 * carnot)
    )


def test_negative_heat_and_starts() -> None:
    feeds = Feeds(
        elec=[50.0, 1000.0, None, 60.0, 1000.0, 20.0],
        heat=[0.0, -3600.0, None, -360.0, 100.0, 0.0],
        flow=[30.0] * 6,
        ret=[30.0] * 6,
        outside=[0.0] * 6,
    )
    assert negative_heat_kwh(feeds) == pytest.approx(3960 * KWH)
    starts, per_hour = compressor_starts(feeds)
    assert starts == 2
    assert per_hour == pytest.approx(2 / (50 / 3600))


def test_daily_figures_fill_before_counting() -> None:
    feeds = Feeds(
        elec=[1000.0, None, None, 1000.0],
        heat=[3000.0, None, None, 3000.0],
        flow=[35.0] * 4,
        ret=[32.6] * 4,
        outside=[5.0] * 4,
    )
    fig = daily_figures(feeds)
    assert fig["combined_elec_kwh"] == pytest.approx(4000 * KWH)
    assert fig["running_cop"] == pytest.approx(3.0)
    assert fig["starts"] == 0
