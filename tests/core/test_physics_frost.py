"""Frost COP correction and the Zhu et al. frosting map."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.physics import (
    FrostSeverity,
    frost_cop_factor,
    frost_severity,
    frost_thresholds,
    typical_defrost_interval_s,
)

S = FrostSeverity


@pytest.mark.parametrize("temp", [0.0, 0.5, 1.0])
def test_about_18_percent_near_freezing(temp: float) -> None:
    """Wetter & Afjei: about 18 % loss at 0–1 °C."""
    assert 1 - frost_cop_factor(temp) == pytest.approx(0.18, abs=0.005)


def test_about_4_percent_at_7() -> None:
    """About 4 % at +7 °C; by hand 0.002 + 0.1534·exp(−6.1131²/26.06)."""
    loss = 1 - frost_cop_factor(7.0)
    assert loss == pytest.approx(0.002 + 0.1534 * math.exp(-(6.1131**2) / 26.06))
    assert loss == pytest.approx(0.04, abs=0.003)


def test_far_from_freezing() -> None:
    """Warm: nothing; very cold: only the linear term, 0.03 + 0.08 at −20 °C."""
    assert frost_cop_factor(25.0) == pytest.approx(1.0, abs=1e-6)
    assert 1 - frost_cop_factor(-20.0) == pytest.approx(0.11, abs=1e-6)


@pytest.mark.parametrize(
    ("temp", "rh", "severity"),
    [
        (0.0, 83.0, S.SEVERE),
        (0.0, 82.0, S.MODERATE),
        (0.0, 59.0, S.MODERATE),
        (0.0, 58.0, S.MILD),
        (0.0, 45.0, S.MILD),
        (0.0, 44.0, S.NONE),
        (5.0, 77.0, S.SEVERE),
        (5.0, 56.0, S.MODERATE),
        (5.0, 42.0, S.MILD),
        (5.0, 41.0, S.NONE),
        (-5.0, 96.0, S.SEVERE),
        (-5.0, 95.0, S.MODERATE),
        (-5.0, 49.0, S.MILD),
        (-12.0, 90.0, S.MODERATE),  # the −5 °C row below −5 °C
        (5.5, 99.0, S.SEVERE),  # the +5 °C row up to 6 °C
        (6.0, 100.0, S.NONE),
        (12.0, 100.0, S.NONE),
        (math.nan, 100.0, S.NONE),
    ],
)
def test_zhu_table(temp: float, rh: float, severity: FrostSeverity) -> None:
    """The tabulated thresholds, 'above' meaning strictly above."""
    assert frost_severity(temp, rh) is severity


def test_interpolated_thresholds() -> None:
    """Halfway between 0 and +5 °C: 79 / 56.5 / 42.5 %."""
    assert frost_thresholds(2.5) == pytest.approx((79.0, 56.5, 42.5))
    assert frost_thresholds(-2.5) == pytest.approx((88.5, 61.0, 46.0))
    assert frost_severity(2.5, 79.5) is S.SEVERE
    assert frost_severity(2.5, 78.5) is S.MODERATE


def test_intervals() -> None:
    """30 / 60 / 165 min between defrosts; none without frost."""
    assert typical_defrost_interval_s(S.SEVERE) == 1800
    assert typical_defrost_interval_s(S.MODERATE) == 3600
    assert typical_defrost_interval_s(S.MILD) == 9900
    assert typical_defrost_interval_s(S.NONE) is None


_ORDER = [S.NONE, S.MILD, S.MODERATE, S.SEVERE]


@given(st.floats(-15.0, 8.0), st.floats(0.0, 100.0), st.floats(0.0, 30.0))
def test_more_humidity_never_less_frost(temp: float, rh: float, more: float) -> None:
    """Severity is monotonic in relative humidity."""
    low = _ORDER.index(frost_severity(temp, rh))
    assert _ORDER.index(frost_severity(temp, min(rh + more, 100.0))) >= low
