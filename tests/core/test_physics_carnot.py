"""Carnot COP with heatpumpmonitor's +2 K / −6 K convention."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from custom_components.heatpump.core.physics import (
    CONDENSING_OFFSET_K,
    EVAPORATING_OFFSET_K,
    carnot_cop_cooling,
    carnot_cop_heating,
    carnot_efficiency,
    practical_cop,
)


@pytest.mark.parametrize(
    ("sink", "source", "carnot", "practical"),
    [(35, 7, 8.62, 4.05), (35, -7, 6.20, 2.92), (55, 7, 5.90, 2.77)],
)
def test_heatpumpmonitor_examples(
    sink: float, source: float, carnot: float, practical: float
) -> None:
    """W35/A7 8.62 (4.05), W35/A−7 6.20 (2.92), W55/A7 5.90 (2.77)."""
    cop = carnot_cop_heating(sink, source)
    assert cop is not None
    assert round(cop, 2) == carnot
    result = practical_cop(sink, source)
    assert result is not None
    assert round(result, 2) == practical


def test_offsets() -> None:
    """The convention's constants."""
    assert CONDENSING_OFFSET_K == 2.0
    assert EVAPORATING_OFFSET_K == 6.0


def test_cooling_by_hand() -> None:
    """Chilled water 7 °C, outdoor 35 °C: Tc = 274.15 K, Th = 310.15 K."""
    cop = carnot_cop_cooling(sink_c=35.0, source_c=7.0)
    assert cop == pytest.approx(274.15 / 36.0)


def test_no_lift_gives_none() -> None:
    """Lift ≤ 0 K (after offsets) has no Carnot COP."""
    assert carnot_cop_heating(20.0, 28.0) is None
    assert carnot_cop_heating(20.0, 40.0) is None
    assert carnot_cop_cooling(20.0, 28.0) is None
    assert practical_cop(20.0, 28.0) is None
    assert carnot_cop_heating(20.0, 27.9) is not None


def test_efficiency() -> None:
    """Share of Carnot; None when Carnot is undefined."""
    assert carnot_efficiency(4.05, 8.62) == pytest.approx(0.4698, abs=1e-4)
    assert carnot_efficiency(4.0, None) is None
    assert carnot_efficiency(4.0, 0.0) is None


@given(st.floats(-30.0, 70.0), st.floats(-30.0, 70.0))
def test_heating_is_cooling_plus_one(sink: float, source: float) -> None:
    """Th/(Th−Tc) − Tc/(Th−Tc) = 1."""
    assume(sink - source > -7.5)
    heating = carnot_cop_heating(sink, source)
    cooling = carnot_cop_cooling(sink, source)
    assert heating is not None
    assert cooling is not None
    assert heating - cooling == pytest.approx(1.0)


@given(st.floats(-25.0, 20.0), st.floats(25.0, 65.0), st.floats(0.1, 10.0))
def test_more_lift_less_cop(source: float, sink: float, step: float) -> None:
    """A hotter sink or a colder source lowers the Carnot COP."""
    base = carnot_cop_heating(sink, source)
    hotter = carnot_cop_heating(sink + step, source)
    colder = carnot_cop_heating(sink, source - step)
    assert base is not None
    assert hotter is not None
    assert colder is not None
    assert hotter < base
    assert colder < base
