"""Water and glycol properties: physics-notes tables and CoolProp as oracle."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.physics import (
    Fluid,
    density,
    fluid_properties,
    freezing_point,
    specific_heat,
    volumetric_heat_capacity,
)

PG = Fluid.PROPYLENE_GLYCOL
EG = Fluid.ETHYLENE_GLYCOL


@pytest.mark.parametrize(
    ("temp", "cp", "rho", "w_per_l_min_k"),
    [
        (10, 4195, 999.7, 69.9),
        (20, 4184, 998.3, 69.6),
        (35, 4179, 994.1, 69.2),
        (50, 4181, 988.1, 68.9),
        (60, 4185, 983.2, 68.6),
    ],
)
def test_water_table(temp: float, cp: float, rho: float, w_per_l_min_k: float) -> None:
    """The physics notes' water table (values rounded to the last digit shown)."""
    assert specific_heat(Fluid.WATER, temp) == pytest.approx(cp, abs=1.0)
    assert density(Fluid.WATER, temp) == pytest.approx(rho, abs=0.1)
    per_l_min = volumetric_heat_capacity(Fluid.WATER, temp) / 60000
    assert per_l_min == pytest.approx(w_per_l_min_k, abs=0.051)


# fraction: (freezes at, cp 0 °C, rho 0 °C, cp 20 °C, rho 20 °C, rho·cp vs water)
PG_TABLE = {
    0.25: (-9.8, 3872, 1026, 3921, 1019, 0.94),
    0.30: (-12.8, 3803, 1032, 3857, 1024, 0.93),
    0.35: (-16.3, 3726, 1037, 3786, 1028, 0.92),
}


@pytest.mark.parametrize("fraction", list(PG_TABLE))
def test_propylene_glycol_table(fraction: float) -> None:
    """The physics notes' propylene glycol table."""
    freezes, cp0, rho0, cp20, rho20, ratio = PG_TABLE[fraction]
    assert freezing_point(PG, fraction) == pytest.approx(freezes, abs=0.051)
    assert specific_heat(PG, 0, fraction) == pytest.approx(cp0, abs=1.0)
    assert density(PG, 0, fraction) == pytest.approx(rho0, abs=1.0)
    assert specific_heat(PG, 20, fraction) == pytest.approx(cp20, abs=1.0)
    assert density(PG, 20, fraction) == pytest.approx(rho20, abs=1.0)
    water = volumetric_heat_capacity(Fluid.WATER, 0)
    assert volumetric_heat_capacity(PG, 0, fraction) / water == pytest.approx(
        ratio, abs=0.0051
    )


def test_ethylene_glycol_30_percent() -> None:
    """Ethylene glycol 30 % at 0 °C: cp 3658, rho 1045."""
    assert specific_heat(EG, 0, 0.3) == pytest.approx(3658, abs=1.0)
    assert density(EG, 0, 0.3) == pytest.approx(1045, abs=1.0)


def test_accepts_plain_strings_and_caches() -> None:
    """A str fluid works; the same fraction gives the same property set."""
    assert density("propylene_glycol", 20, 0.3) == density(PG, 20, 0.3)  # type: ignore[arg-type]
    assert fluid_properties(PG, 0.3) is fluid_properties(PG, 0.3)
    assert fluid_properties(Fluid.WATER) is fluid_properties(Fluid.WATER, 0.0)


@pytest.mark.parametrize(
    ("fluid", "temp", "fraction", "match"),
    [
        (Fluid.WATER, 20, 0.1, "no mass fraction"),
        (PG, 20, 0.55, "outside 0…0.5"),
        (EG, 20, -0.1, "outside 0…0.5"),
        (PG, 20, math.nan, "outside 0…0.5"),
        (Fluid.WATER, -0.5, 0.0, "outside"),
        (Fluid.WATER, 100.5, 0.0, "outside"),
        (Fluid.WATER, math.nan, 0.0, "outside"),
        (PG, -13.5, 0.3, "outside"),
        (EG, 101, 0.3, "outside"),
        ("brine", 20, 0.0, "brine"),
    ],
)
def test_rejects_unsupported(
    fluid: Fluid, temp: float, fraction: float, match: str
) -> None:
    """Fractions and temperatures outside the fits raise ValueError."""
    with pytest.raises(ValueError, match=match):
        density(fluid, temp, fraction)
    with pytest.raises(ValueError, match=match):
        volumetric_heat_capacity(fluid, temp, fraction)


@given(
    fluid=st.sampled_from([PG, EG]),
    fraction=st.floats(0.1, 0.5),
    temp=st.floats(0.0, 80.0),
)
def test_glycol_holds_less_heat_than_water(
    fluid: Fluid, fraction: float, temp: float
) -> None:
    """Any real glycol share lowers rho·cp (why plain water over-reads)."""
    glycol = volumetric_heat_capacity(fluid, temp, fraction)
    assert glycol < volumetric_heat_capacity(Fluid.WATER, temp)
    rho_cp = density(fluid, temp, fraction) * specific_heat(fluid, temp, fraction)
    assert glycol == pytest.approx(rho_cp, rel=1e-12)


# CoolProp as oracle on a modest grid (≈ 200 points, well under a second).
_TOLERANCE = 0.002  # the brief asks for 1 %; the fits reach under 0.1 %
_FRACTIONS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
_TEMPS = (-10.0, -5.0, 0.5, 5.0, 10.0, 20.0, 35.0, 50.0, 65.0, 80.0)


def _oracle_points(
    cp_lib: Any, fluid: Fluid
) -> list[tuple[float, float, float, float]]:
    """(fraction, temp, rho, cp) from CoolProp at 2 bar, above freezing."""
    points = []
    for fraction in (0.0,) if fluid is Fluid.WATER else _FRACTIONS:
        if fluid is Fluid.WATER:
            name, lowest = "Water", 0.5
        else:
            name = f"INCOMP::{'MPG' if fluid is PG else 'MEG'}[{fraction}]"
            freezing = cp_lib.PropsSI("T_freeze", "T", 300, "P", 2e5, name)
            lowest = freezing - 273.15 + 0.01
        for temp in _TEMPS:
            if temp >= lowest:
                kelvin = temp + 273.15
                rho = cp_lib.PropsSI("D", "T", kelvin, "P", 2e5, name)
                cp = cp_lib.PropsSI("C", "T", kelvin, "P", 2e5, name)
                points.append((fraction, temp, rho, cp))
    return points


@pytest.mark.parametrize("fluid", list(Fluid))
def test_matches_coolprop(fluid: Fluid) -> None:
    """Density and cp within 0.2 % of CoolProp above the freezing point."""
    cp_lib = pytest.importorskip("CoolProp.CoolProp")
    points = _oracle_points(cp_lib, fluid)
    assert len(points) >= (8 if fluid is Fluid.WATER else 50)
    for fraction, temp, rho, cp in points:
        assert density(fluid, temp, fraction) == pytest.approx(rho, rel=_TOLERANCE)
        assert specific_heat(fluid, temp, fraction) == pytest.approx(cp, rel=_TOLERANCE)
