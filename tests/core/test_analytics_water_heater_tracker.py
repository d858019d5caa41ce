"""WaterHeaterTracker on its own: heat-up cycles and standing loss."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics.kinds import WaterHeaterTracker
from custom_components.heatpump.core.physics.heat import (
    standing_loss_kwh_per_day,
    standing_loss_ua,
    tank_energy_kwh,
)
from custom_components.heatpump.core.quantities import Quantity, Value

Q = Quantity
HOUR = 3600.0


def tracker(volume_l: float | None = 200.0) -> WaterHeaterTracker:
    """A 200 l tank in a 15 °C room, cool-downs measured after 2 h."""
    return WaterHeaterTracker(volume_l, 15.0, 2 * HOUR)


# ---------------------------------------------------------------- cycles


def test_cycle_with_measured_heat() -> None:
    wh = tracker()
    wh.cycle_start(1000.0, 40.0, 100.0, 50.0)
    data = wh.cycle_end(4600.0, 50.0, 106.0, 52.0)
    assert data == {
        "unit": "water_heater",
        "start": 1000.0,
        "duration_s": 3600.0,
        "heat_kwh": pytest.approx(6.0),
        "electrical_kwh": pytest.approx(2.0),
        "cop": pytest.approx(3.0),
        "temperature_rise": pytest.approx(10.0),
    }
    assert wh.cop == pytest.approx(3.0)
    assert wh.cycle is None


def test_cycle_heat_from_the_tank_without_a_heat_source() -> None:
    wh = tracker(200.0)
    wh.cycle_start(0.0, 15.0, 0.0, 10.0)
    data = wh.cycle_end(HOUR, 55.0, 0.0, 13.0)
    assert data is not None
    # The physics notes' 200 l, 15 -> 55 °C is about 9.3 kWh.
    assert data["heat_kwh"] == pytest.approx(tank_energy_kwh(200.0, 15.0, 55.0))
    assert data["heat_kwh"] == pytest.approx(9.3, abs=0.05)
    assert data["cop"] == pytest.approx(tank_energy_kwh(200.0, 15.0, 55.0) / 3.0)


def test_cycle_without_a_start_is_nothing() -> None:
    assert tracker().cycle_end(10.0, 50.0, 5.0, 1.0) is None


def test_cycle_that_barely_warmed_the_tank_is_not_a_heat_up() -> None:
    wh = tracker()
    wh.cop = 2.5
    wh.cycle_start(0.0, 50.0, 10.0, 5.0)
    assert wh.cycle_end(600.0, 50.4, 10.5, 5.2) is None
    assert wh.cop == 2.5  # unchanged
    assert wh.cycle is None


@pytest.mark.parametrize(
    ("volume", "start_tank", "end_tank"),
    [
        (None, 40.0, 50.0),  # no tank volume
        (200.0, None, 50.0),  # no tank temperature at the start
        (200.0, 40.0, None),  # none at the end
    ],
)
def test_cycle_without_heat_or_tank_data_is_nothing(
    volume: float | None, start_tank: float | None, end_tank: float | None
) -> None:
    wh = tracker(volume)
    wh.cycle_start(0.0, start_tank, 10.0, 5.0)
    assert wh.cycle_end(HOUR, end_tank, 10.0, 6.0) is None
    assert wh.cop is None


def test_cycle_without_electricity_is_nothing() -> None:
    wh = tracker()
    wh.cycle_start(0.0, 40.0, 10.0, 5.0)
    assert wh.cycle_end(HOUR, 50.0, 12.0, 5.0) is None
    assert wh.cop is None


# --------------------------------------------------------- standing loss


def cool_down(
    wh: WaterHeaterTracker,
    temps: list[float],
    step: float = 1800.0,
    values: dict[Quantity, Value] | None = None,
) -> None:
    """Idle samples every ``step`` s, then the compressor starts."""
    vals = values or {}
    for i, temp in enumerate(temps):
        wh.idle_step(i * step, temp, True, vals)
    wh.idle_step(len(temps) * step, temps[-1], False, vals)


def test_standing_loss_from_a_long_cool_down() -> None:
    wh = tracker()
    cool_down(wh, [55.0, 54.8, 54.6, 54.4, 54.2])  # 2 h, 0.8 K
    ua = standing_loss_ua(200.0, 55.0, 54.2, 15.0, 2 * HOUR)
    expected = standing_loss_kwh_per_day(ua, 54.6, 15.0)
    assert wh.loss_kwh_day == pytest.approx(expected)
    assert 0.5 < expected < 5.0  # a plausible tank
    assert wh.segment is None
    assert wh.prev is None


def test_room_temperature_is_the_ambient() -> None:
    wh = tracker()
    # The room beats the return air (the indoor unit may sit elsewhere).
    room: dict[Quantity, Value] = {
        Q.RETURN_AIR_TEMPERATURE: 10.0,
        Q.ROOM_TEMPERATURE: 25.0,
    }
    cool_down(wh, [55.0, 54.8, 54.6, 54.4, 54.2], values=room)
    ua = standing_loss_ua(200.0, 55.0, 54.2, 25.0, 2 * HOUR)
    assert wh.loss_kwh_day == pytest.approx(standing_loss_kwh_per_day(ua, 54.6, 25.0))


def test_return_air_is_the_ambient_and_flags_are_ignored() -> None:
    wh = tracker()
    values: dict[Quantity, Value] = {
        Q.ROOM_TEMPERATURE: True,  # not a temperature
        Q.RETURN_AIR_TEMPERATURE: 10.0,
    }
    cool_down(wh, [55.0, 54.8, 54.6, 54.4, 54.2], values=values)
    ua = standing_loss_ua(200.0, 55.0, 54.2, 10.0, 2 * HOUR)
    assert wh.loss_kwh_day == pytest.approx(standing_loss_kwh_per_day(ua, 54.6, 10.0))


def test_ambient_warmer_than_the_tank_measures_nothing() -> None:
    wh = tracker()
    cool_down(wh, [30.0, 29.8, 29.6, 29.4, 29.2], values={Q.ROOM_TEMPERATURE: 35.0})
    assert wh.loss_kwh_day is None


@pytest.mark.parametrize(
    ("volume", "temps"),
    [
        (None, [55.0, 54.8, 54.6, 54.4, 54.2]),  # no tank volume
        (200.0, [55.0, 54.8, 54.6, 54.4]),  # only 1.5 h
        (200.0, [55.0, 55.0, 54.9, 54.9, 54.8]),  # 0.2 K: below resolution
    ],
)
def test_short_or_unmeasurable_cool_downs_are_skipped(
    volume: float | None, temps: list[float]
) -> None:
    wh = tracker(volume)
    cool_down(wh, temps)
    assert wh.loss_kwh_day is None


def test_draw_restarts_the_cool_down() -> None:
    wh = tracker()
    # 1.5 h of cool-down, a 3 K draw, then 2 h from the lower temperature.
    temps = [55.0, 54.8, 54.6, 54.4, 51.4, 51.2, 51.0, 50.8, 50.6]
    cool_down(wh, temps)
    ua = standing_loss_ua(200.0, 51.4, 50.6, 15.0, 2 * HOUR)
    assert wh.loss_kwh_day == pytest.approx(standing_loss_kwh_per_day(ua, 51.0, 15.0))


def test_missing_tank_temperature_ends_the_cool_down() -> None:
    wh = tracker()
    for i, temp in enumerate([55.0, 54.8, 54.6, 54.4, 54.2]):
        wh.idle_step(i * 1800.0, temp, True, {})
    wh.idle_step(5 * 1800.0, None, True, {})
    assert wh.loss_kwh_day is not None
    assert wh.segment is None
    # Without an open cool-down a busy sample does nothing.
    wh.idle_step(6 * 1800.0, 50.0, False, {})
    assert wh.segment is None


def test_state_round_trip() -> None:
    wh = tracker()
    wh.cycle_start(0.0, 40.0, 1.0, 2.0)
    wh.idle_step(0.0, 40.0, True, {})
    copy = tracker()
    copy.load(wh.to_dict())
    assert copy.to_dict() == wh.to_dict()
    assert copy.to_dict()["cycle"] == [0.0, 40.0, 1.0, 2.0]
