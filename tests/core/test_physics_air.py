"""Psychrometrics: ASHRAE formulas by hand, CoolProp HumidAir/Air as oracle."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.physics import (
    air_volumetric_heat_capacity,
    dry_air_density,
    humidity_ratio,
    moist_air_enthalpy,
    moist_air_specific_volume,
    saturation_pressure,
)


@pytest.mark.parametrize(
    ("temp", "per_m3h_k"), [(0.0, 0.361), (20.0, 0.337), (35.0, 0.320)]
)
def test_air_rho_cp_figures(temp: float, per_m3h_k: float) -> None:
    """rho·cp/3600 rounds to the physics notes' 0.361 / 0.337 / 0.320."""
    assert round(air_volumetric_heat_capacity(temp) / 3600, 3) == per_m3h_k


def test_air_rho_cp_scales_with_pressure() -> None:
    """Ideal gas: rho·cp is proportional to pressure."""
    low = air_volumetric_heat_capacity(20.0, 90000.0)
    assert low / air_volumetric_heat_capacity(20.0) == pytest.approx(90000 / 101325)


def test_enthalpy_by_hand() -> None:
    """ASHRAE eq. 30: h = 1.006·t + W·(2501 + 1.86·t)."""
    assert moist_air_enthalpy(20.0, 0.01) == pytest.approx(20.12 + 0.01 * 2538.2)
    assert moist_air_enthalpy(0.0, 0.0) == 0.0
    assert moist_air_enthalpy(-10.0, 0.001) == pytest.approx(-10.06 + 2.4824)


def test_humidity_ratio_by_hand() -> None:
    """W = 0.621945·p_w/(p − p_w) with p_w = RH·p_ws."""
    p_w = 0.5 * saturation_pressure(20.0)
    expected = 0.621945 * p_w / (101325 - p_w)
    assert humidity_ratio(20.0, 50.0) == pytest.approx(expected, rel=1e-12)
    assert humidity_ratio(20.0, 0.0) == 0.0
    # about 7.3 g/kg at 20 °C / 50 % (psychrometric chart)
    assert humidity_ratio(20.0, 50.0) == pytest.approx(0.0073, abs=0.0002)


def test_specific_volume_and_density_by_hand() -> None:
    """ASHRAE eq. 28: v = R_da·T·(1 + 1.607858·W)/p; dry air rho = p/(R_da·T)."""
    assert dry_air_density(20.0) == pytest.approx(101325 / (287.042 * 293.15))
    volume = moist_air_specific_volume(20.0, 0.01)
    assert volume == pytest.approx(287.042 * 293.15 * 1.01607858 / 101325)
    assert moist_air_specific_volume(20.0, 0.0) * dry_air_density(20.0) == (
        pytest.approx(1.0)
    )


@pytest.mark.parametrize(
    ("func", "args"),
    [
        (saturation_pressure, (-101.0,)),
        (saturation_pressure, (201.0,)),
        (saturation_pressure, (math.nan,)),
        (humidity_ratio, (20.0, 101.0)),
        (humidity_ratio, (20.0, -1.0)),
        (humidity_ratio, (90.0, 100.0, 50000.0)),
        (air_volumetric_heat_capacity, (250.0,)),
    ],
)
def test_rejects_out_of_range(
    func: Callable[..., float], args: tuple[float, ...]
) -> None:
    """Out-of-range inputs raise ValueError."""
    with pytest.raises(ValueError, match=r"\d"):
        func(*args)


@given(st.floats(-40.0, 59.0))
def test_saturation_pressure_rises(temp: float) -> None:
    """p_ws grows with temperature (and by ~6-7 %/K near room temperature)."""
    assert saturation_pressure(temp + 1.0) > saturation_pressure(temp)


def test_saturation_pressure_matches_coolprop() -> None:
    """Over water within 0.05 % of IAPWS-95; over ice within 0.6 % of HumidAir.

    HAPropsSI's vapour pressure at saturation includes the enhancement factor
    (≈ 1.004 at 1 atm), hence the looser bound below 0 °C.
    """
    cp_lib = pytest.importorskip("CoolProp.CoolProp")
    for temp in (0.5, 10.0, 20.0, 35.0, 60.0, 90.0):
        ref = cp_lib.PropsSI("P", "T", temp + 273.15, "Q", 0, "Water")
        assert saturation_pressure(temp) == pytest.approx(ref, rel=5e-4)
    for temp in (-30.0, -15.0, -5.0, -0.5):
        ref = cp_lib.HAPropsSI("P_w", "T", temp + 273.15, "P", 101325, "R", 1.0)
        assert saturation_pressure(temp) == pytest.approx(ref, rel=6e-3)


def test_humid_air_matches_coolprop() -> None:
    """W within 0.6 % and h within 0.1 kJ/kg of CoolProp HumidAir."""
    cp_lib = pytest.importorskip("CoolProp.CoolProp")
    for temp in (-10.0, 0.0, 10.0, 20.0, 27.0, 35.0):
        for rh in (20.0, 50.0, 90.0):
            kelvin = temp + 273.15
            w_ref = cp_lib.HAPropsSI("W", "T", kelvin, "P", 101325, "R", rh / 100)
            w = humidity_ratio(temp, rh)
            assert w == pytest.approx(w_ref, rel=6e-3)
            h_ref = cp_lib.HAPropsSI("H", "T", kelvin, "P", 101325, "W", w) / 1000
            assert moist_air_enthalpy(temp, w) == pytest.approx(h_ref, abs=0.1)


def test_dry_air_matches_coolprop() -> None:
    """Density within 0.2 % (ideal gas), rho·cp within 0.05 % of CoolProp 'Air'."""
    cp_lib = pytest.importorskip("CoolProp.CoolProp")
    for temp in (-30.0, -10.0, 0.0, 20.0, 35.0, 50.0):
        kelvin = temp + 273.15
        rho = cp_lib.PropsSI("D", "T", kelvin, "P", 101325, "Air")
        cp = cp_lib.PropsSI("C", "T", kelvin, "P", 101325, "Air")
        assert dry_air_density(temp) == pytest.approx(rho, rel=2e-3)
        assert air_volumetric_heat_capacity(temp) == pytest.approx(rho * cp, rel=5e-4)
