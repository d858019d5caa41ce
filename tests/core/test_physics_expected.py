"""Reference COP models and datasheet interpolation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.physics import (
    CopModel,
    RatingCurve,
    expected_cop,
    model_for_kind,
    rating_cop,
)
from custom_components.heatpump.core.quantities import Kind

M = CopModel


@pytest.mark.parametrize(
    ("model", "dt", "cop"),
    [
        (M.STAFFELL_AIR, 30, 6.81 - 0.121 * 30 + 0.000630 * 900),  # 3.747
        (M.STAFFELL_AIR, 50, 6.81 - 0.121 * 50 + 0.000630 * 2500),  # 2.335
        (M.STAFFELL_GROUND, 40, 8.77 - 0.150 * 40 + 0.000734 * 1600),  # 3.944
        (M.WHEN2HEAT_AIR, 30, 6.08 - 0.0941 * 30 + 0.000464 * 900),  # 3.675
        (M.WHEN2HEAT_GROUND, 30, 10.29 - 0.2084 * 30 + 0.001322 * 900),  # 5.228
        (M.WHEN2HEAT_GROUNDWATER, 30, 9.99 - 0.2049 * 30 + 0.001249 * 900),  # 4.967
    ],
)
def test_published_curves(model: CopModel, dt: float, cop: float) -> None:
    """The published quadratics, at source 5 °C and sink 5 + dT."""
    assert expected_cop(model, 5.0 + dt, 5.0) == pytest.approx(cop, abs=1e-9)


def test_hand_values() -> None:
    """A few values worked out on paper."""
    assert expected_cop(M.STAFFELL_AIR, 35, 5) == pytest.approx(3.747)
    assert expected_cop(M.WHEN2HEAT_AIR, 35, 5) == pytest.approx(3.6746)
    assert expected_cop(M.WHEN2HEAT_GROUND, 35, 5) == pytest.approx(5.2278)


def test_low_lift_is_clipped() -> None:
    """when2heat clips dT ≥ 15 K; Staffell ground at its 20 K range start."""
    floor = 6.08 - 0.0941 * 15 + 0.000464 * 225  # 4.7729
    assert expected_cop(M.WHEN2HEAT_AIR, 30, 25) == pytest.approx(floor)
    assert expected_cop(M.WHEN2HEAT_AIR, 20, 25) == pytest.approx(floor)
    assert expected_cop(M.STAFFELL_GROUND, 30, 20) == pytest.approx(6.0636)


def test_high_lift_held_at_parabola_minimum() -> None:
    """when2heat ground bottoms out at dT = 78.8 K with COP 2.077."""
    bottom = 10.29 - 0.2084**2 / (4 * 0.001322)
    assert expected_cop(M.WHEN2HEAT_GROUND, 90, -10) == pytest.approx(bottom)
    assert bottom == pytest.approx(2.0769, abs=1e-4)


def test_field_correction() -> None:
    """when2heat's 0.85 field correction, off by default."""
    raw = expected_cop(M.WHEN2HEAT_AIR, 35, 5)
    assert expected_cop(M.WHEN2HEAT_AIR, 35, 5, field_correction=True) == (
        pytest.approx(0.85 * raw)
    )


@given(
    model=st.sampled_from(list(CopModel)),
    source=st.floats(-25.0, 15.0),
    sink=st.floats(20.0, 75.0),
    step=st.floats(0.0, 20.0),
)
def test_cop_never_rises_with_lift(
    model: CopModel, source: float, sink: float, step: float
) -> None:
    """More lift never gives a higher expected COP, and COP stays > 1."""
    cop = expected_cop(model, sink, source)
    assert expected_cop(model, sink + step, source) <= cop + 1e-12
    assert cop > 1.0


@pytest.mark.parametrize(
    ("kind", "model"),
    [
        (Kind.AIR_TO_WATER, M.WHEN2HEAT_AIR),
        (Kind.AIR_TO_AIR, M.WHEN2HEAT_AIR),
        (Kind.WATER_HEATER, M.WHEN2HEAT_AIR),
        (Kind.POOL, M.WHEN2HEAT_AIR),
        (Kind.DRYER, M.WHEN2HEAT_AIR),
        (Kind.GROUND_SOURCE, M.WHEN2HEAT_GROUND),
        (Kind.WATER_SOURCE, M.WHEN2HEAT_GROUNDWATER),
    ],
)
def test_model_for_kind(kind: Kind, model: CopModel) -> None:
    """Each heat pump kind maps to a when2heat model."""
    assert model_for_kind(kind) is model


def test_meter_has_no_model() -> None:
    """An electricity meter has no expected COP."""
    with pytest.raises(ValueError, match="meter"):
        model_for_kind(Kind.METER)


VAILLANT = [(-7.0, 35.0, 3.46), (2.0, 35.0, 4.00), (7.0, 35.0, 4.42)]


def test_rating_points_are_hit() -> None:
    """Datasheet points come back exactly (Vaillant VWL10-1, EN 14511)."""
    for source, sink, cop in VAILLANT:
        assert rating_cop(VAILLANT, sink, source) == cop


def test_rating_interpolates_in_source() -> None:
    """A−2/W35 lies 5/9 of the way from A−7 to A2."""
    assert rating_cop(VAILLANT, 35.0, -2.0) == pytest.approx(3.46 + 0.54 * 5 / 9)


def test_rating_scales_sink_by_carnot() -> None:
    """A7/W45 = 4.42 · Carnot(W45/A7) / Carnot(W35/A7)."""
    ratio = (320.15 / 46.0) / (310.15 / 36.0)
    assert rating_cop(VAILLANT, 45.0, 7.0) == pytest.approx(4.42 * ratio)


def test_rating_extrapolates_at_constant_share_of_carnot() -> None:
    """A−15/W35 from A−7: 3.46 · 50 K / 58 K lift (same Th)."""
    assert rating_cop(VAILLANT, 35.0, -15.0) == pytest.approx(3.46 * 50 / 58)


def test_single_brine_point() -> None:
    """Ochsner GMSW15plus B0/W35 4.39; B5/W35 scaled by Carnot."""
    points = [(0.0, 35.0, 4.39)]
    assert rating_cop(points, 35.0, 0.0) == 4.39
    assert rating_cop(points, 35.0, 5.0) == pytest.approx(4.39 * 43 / 38)


def test_nearest_sink_is_used() -> None:
    """With W35 and W55 points, W50 starts from the W55 curve."""
    points = [*VAILLANT, (7.0, 55.0, 2.9)]
    expected = 2.9 * (325.15 / 51.0) / (330.15 / 56.0)
    assert rating_cop(points, 50.0, 7.0) == pytest.approx(expected)


def test_rating_without_answer() -> None:
    """No points, NaN or no lift give None; a COP ≤ 0 is refused."""
    assert rating_cop([], 35.0, 7.0) is None
    assert rating_cop(VAILLANT, float("nan"), 7.0) is None
    assert rating_cop(VAILLANT, 20.0, 30.0) is None
    with pytest.raises(ValueError, match="COP"):
        RatingCurve([(7.0, 35.0, 0.0)])


@given(st.floats(-7.0, 7.0))
def test_rating_between_neighbours(source: float) -> None:
    """Inside the tabulated range the COP lies between the end points."""
    cop = RatingCurve(VAILLANT).cop(35.0, source)
    assert cop is not None
    assert 3.46 <= cop <= 4.42
