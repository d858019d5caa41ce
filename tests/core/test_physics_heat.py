"""Heat power and tank energy: physics-notes examples and properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.physics import (
    Fluid,
    air_sensible_heat_power,
    air_total_heat_power,
    humidity_ratio,
    hydronic_heat_power,
    saturation_pressure,
    standing_loss_kwh_per_day,
    standing_loss_ua,
    tank_energy_kwh,
    tank_heat_capacity,
)

PG = Fluid.PROPYLENE_GLYCOL


def test_hydronic_table_value() -> None:
    """10 l/min, 40/35 °C, meter on the 35 °C return: 69.2 W/(l/min·K) · 50."""
    assert hydronic_heat_power(10.0, 40.0, 35.0) == pytest.approx(3460, abs=3)


def test_hydronic_shortcuts() -> None:
    """Q[kW] ≈ 1.16·V[m³/h]·dT and Q[W] ≈ 69.5·V[l/min]·dT."""
    one_m3h = 1000.0 / 60.0
    assert hydronic_heat_power(one_m3h, 25.0, 20.0) / 1000 == pytest.approx(
        1.16 * 5, rel=0.01
    )
    assert hydronic_heat_power(12.0, 35.0, 30.0) == pytest.approx(69.5 * 60, rel=0.01)


def test_meter_temperature() -> None:
    """Properties at the return by default, at meter_temp when given."""
    at_return = hydronic_heat_power(10.0, 55.0, 45.0)
    assert hydronic_heat_power(10.0, 55.0, 45.0, meter_temp=45.0) == at_return
    at_flow = hydronic_heat_power(10.0, 55.0, 45.0, meter_temp=55.0)
    # water is lighter at 55 °C than at 45 °C (985.7 vs 990.2 kg/m³)
    assert at_flow < at_return
    assert at_flow / at_return == pytest.approx(0.9957, abs=0.001)


@pytest.mark.parametrize(("fraction", "ratio"), [(0.25, 0.94), (0.30, 0.93)])
def test_glycol_loop(fraction: float, ratio: float) -> None:
    """Reading a glycol loop as water over-reads by 6–8 % (PG table, 0 °C)."""
    brine = hydronic_heat_power(20.0, 3.0, 0.0, PG, fraction, meter_temp=0.0)
    water = hydronic_heat_power(20.0, 3.0, 0.0, meter_temp=0.0)
    assert brine / water == pytest.approx(ratio, abs=0.0051)


def test_hydronic_rejects_frozen_meter() -> None:
    """A meter temperature below freezing is refused."""
    with pytest.raises(ValueError, match="outside"):
        hydronic_heat_power(10.0, 5.0, -2.0)


@given(
    flow=st.floats(0.5, 100.0),
    return_temp=st.floats(5.0, 70.0),
    delta=st.floats(-15.0, 15.0),
)
def test_hydronic_sign_and_linearity(
    flow: float, return_temp: float, delta: float
) -> None:
    """Sign follows flow − return; power is linear in flow rate."""
    flow_temp = return_temp + delta
    delta = flow_temp - return_temp  # what survives the rounding
    power = hydronic_heat_power(flow, flow_temp, return_temp)
    assert (power > 0) == (delta > 0)
    assert (power < 0) == (delta < 0)
    double = hydronic_heat_power(2 * flow, flow_temp, return_temp)
    assert double == pytest.approx(2 * power, rel=1e-12, abs=1e-9)


def test_air_sensible_by_hand() -> None:
    """1000 m³/h heated 20 → 30 °C: 0.337 W/(m³/h·K) · 1000 · 10."""
    assert air_sensible_heat_power(1000.0, 30.0, 20.0) == pytest.approx(3370, abs=5)
    assert air_sensible_heat_power(1000.0, 12.0, 20.0) == pytest.approx(-2696, abs=5)


@given(
    airflow=st.floats(50.0, 3000.0),
    return_temp=st.floats(-10.0, 35.0),
    delta=st.floats(-20.0, 30.0),
)
def test_air_sensible_sign(airflow: float, return_temp: float, delta: float) -> None:
    """Positive when the supply is warmer (heating), negative in cooling."""
    supply = return_temp + delta
    delta = supply - return_temp  # what survives the rounding
    power = air_sensible_heat_power(airflow, supply, return_temp)
    assert (power > 0) == (delta > 0)
    assert (power < 0) == (delta < 0)


def _rh_for(temp: float, w: float) -> float:
    p_w = w * 101325 / (0.621945 + w)
    return 100 * p_w / saturation_pressure(temp)


@given(
    airflow=st.floats(100.0, 2000.0),
    return_temp=st.floats(15.0, 25.0),
    return_rh=st.floats(20.0, 70.0),
    delta=st.floats(-8.0, 25.0),
)
def test_total_equals_sensible_without_moisture_change(
    airflow: float, return_temp: float, return_rh: float, delta: float
) -> None:
    """Same humidity ratio on both sides: total heat ≈ sensible (±1.5 %)."""
    w = humidity_ratio(return_temp, return_rh)
    supply = return_temp + delta
    supply_rh = _rh_for(supply, w)
    if supply_rh > 100.0:
        return
    total = air_total_heat_power(airflow, supply, supply_rh, return_temp, return_rh)
    sensible = air_sensible_heat_power(airflow, supply, return_temp)
    assert total == pytest.approx(sensible, rel=0.015, abs=1.0)


def test_cooling_with_dehumidification() -> None:
    """Cooling 27 °C/50 % to 13 °C/90 % removes latent heat as well."""
    total = air_total_heat_power(1000.0, 13.0, 90.0, 27.0, 50.0)
    sensible = air_sensible_heat_power(1000.0, 13.0, 27.0)
    assert total < sensible < 0
    # hand calc with ASHRAE eq. 20, 28, 30
    w_r, w_s = humidity_ratio(27.0, 50.0), humidity_ratio(13.0, 90.0)
    h_r = 1.006 * 27 + w_r * (2501 + 1.86 * 27)
    h_s = 1.006 * 13 + w_s * (2501 + 1.86 * 13)
    volume = 287.042 * 300.15 * (1 + 1.607858 * w_r) / 101325
    assert total == pytest.approx(1000 / 3600 / volume * (h_s - h_r) * 1000)


def test_total_heat_matches_coolprop() -> None:
    """Total heat within 1 % of CoolProp HumidAir (enthalpy and volume)."""
    cp_lib = pytest.importorskip("CoolProp.CoolProp")
    for supply, supply_rh, ret, ret_rh in (
        (13.0, 90.0, 27.0, 50.0),
        (40.0, 15.0, 20.0, 45.0),
        (18.0, 80.0, 24.0, 60.0),
    ):
        kelvin_s, kelvin_r = supply + 273.15, ret + 273.15
        h_s = cp_lib.HAPropsSI("H", "T", kelvin_s, "P", 101325, "R", supply_rh / 100)
        h_r = cp_lib.HAPropsSI("H", "T", kelvin_r, "P", 101325, "R", ret_rh / 100)
        v_r = cp_lib.HAPropsSI("Vda", "T", kelvin_r, "P", 101325, "R", ret_rh / 100)
        expected = 800.0 / 3600 / v_r * (h_s - h_r)
        total = air_total_heat_power(800.0, supply, supply_rh, ret, ret_rh)
        assert total == pytest.approx(expected, rel=0.01)


def test_tank_example() -> None:
    """Heating 200 l from 15 to 55 °C stores 9.3 kWh."""
    assert tank_energy_kwh(200.0, 15.0, 55.0) == pytest.approx(9.3, abs=0.05)
    assert tank_energy_kwh(200.0, 55.0, 15.0) == -tank_energy_kwh(200.0, 15.0, 55.0)
    assert tank_energy_kwh(200.0, 40.0, 40.0) == 0.0


def test_standing_loss_example() -> None:
    """200 l at 55 °C in 20 °C losing 1.43 K in 8 h is ~1.2 W/K, ~1 kWh/day."""
    ua = standing_loss_ua(200.0, 55.0, 53.57, 20.0, 8 * 3600)
    # rho(53.57 °C) ≈ 986.7 kg/m³, cp(54.3 °C) ≈ 4182 J/(kg·K)
    assert ua == pytest.approx(
        986.7 * 0.2 * 4182 * math.log(35 / 33.57) / 28800, rel=1e-3
    )
    assert standing_loss_kwh_per_day(ua, 55.0, 20.0) == pytest.approx(1.0, abs=0.05)
    assert standing_loss_kwh_per_day(1.0, 55.0, 20.0) == pytest.approx(0.84)


@given(
    ua=st.floats(0.3, 5.0),
    volume=st.floats(50.0, 500.0),
    t0=st.floats(40.0, 70.0),
    ambient=st.floats(5.0, 25.0),
    hours=st.floats(1.0, 24.0),
)
def test_standing_loss_round_trip(
    ua: float, volume: float, t0: float, ambient: float, hours: float
) -> None:
    """UA is recovered from the exponential cool-down it produces."""
    seconds = hours * 3600
    t1 = t0
    for _ in range(4):  # the heat capacity depends weakly on t1
        capacity = tank_heat_capacity(volume, t0, t1)
        t1 = ambient + (t0 - ambient) * math.exp(-ua * seconds / capacity)
    assert standing_loss_ua(volume, t0, t1, ambient, seconds) == pytest.approx(
        ua, rel=1e-6
    )


@pytest.mark.parametrize(
    ("t0", "t1", "ambient", "seconds"),
    [(55.0, 56.0, 20.0, 3600.0), (55.0, 20.0, 20.0, 3600.0), (55.0, 50.0, 20.0, 0.0)],
)
def test_standing_loss_rejects(
    t0: float, t1: float, ambient: float, seconds: float
) -> None:
    """Warming, reaching ambient or zero time cannot give a UA."""
    with pytest.raises(ValueError, match=r"\d"):
        standing_loss_ua(200.0, t0, t1, ambient, seconds)
