"""Unit conversion."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.quantities import QUANTITIES
from custom_components.heatpump.core.units import (
    KNOWN_UNITS,
    UnitError,
    can_convert,
    convert,
)


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (21.5, "°C", "°C", 21.5),
        (212.0, "°F", "°C", 100.0),
        (32.0, "°F", "°C", 0.0),
        (-40.0, "°C", "°F", -40.0),
        # K is a temperature difference: offsets convert without 273.15
        (2.0, "°C", "K", 2.0),
        (9.0, "°F", "K", 5.0),
        (5.0, "K", "°F", 9.0),
        (1.0, "l/min", "l/h", 60.0),
        (1.0, "m³/h", "l/min", 1000.0 / 60.0),
        (0.06, "m³/h", "l/min", 1.0),
        (1.0, "L/min", "l/min", 1.0),
        (120.0, "m3/h", "m³/h", 120.0),
        (2.5, "kW", "W", 2500.0),
        (1234.0, "Wh", "kWh", 1.234),
        (1.5, "MWh", "kWh", 1500.0),
        (3.6, "MJ", "kWh", 1.0),
        (60.0, "rpm", "Hz", 1.0),
        (45.0, "rps", "Hz", 45.0),
        (150.0, "kPa", "bar", 1.5),
        (1500.0, "mbar", "bar", 1.5),
        (250.0, "g", "kg", 0.25),
        (90.0, "min", "h", 1.5),
        (7200.0, "s", "h", 2.0),
        (500.0, "mA", "A", 0.5),
        (230.0, "V", "V", 230.0),
        (55.0, "%", "%", 55.0),
    ],
)
def test_convert(value: float, from_unit: str, to_unit: str, expected: float) -> None:
    """Known conversions give the textbook result."""
    assert convert(value, from_unit, to_unit) == pytest.approx(expected)
    assert can_convert(from_unit, to_unit)


@pytest.mark.parametrize(
    ("from_unit", "to_unit"),
    [("°C", "W"), ("kWh", "kW"), ("l/min", "kg"), ("%", "Hz"), ("K", "bar")],
)
def test_incompatible_units(from_unit: str, to_unit: str) -> None:
    """Different dimensions cannot convert, and say which units clashed."""
    assert not can_convert(from_unit, to_unit)
    with pytest.raises(UnitError, match=f"cannot convert '{from_unit}' to '{to_unit}'"):
        convert(1.0, from_unit, to_unit)


def test_unknown_unit() -> None:
    """An unknown unit is named in the error, even when both sides are equal."""
    assert not can_convert("furlong", "furlong")
    with pytest.raises(UnitError, match="unknown unit 'furlong'"):
        convert(1.0, "furlong", "furlong")
    with pytest.raises(UnitError, match="unknown unit 'kw'"):
        convert(1.0, "kw", "W")


def test_every_quantity_unit_is_known() -> None:
    """Every canonical unit of core/quantities.py converts to itself."""
    for info in QUANTITIES.values():
        if info.unit is not None:
            assert info.unit in KNOWN_UNITS
            assert convert(3.0, info.unit, info.unit) == 3.0


_units = st.sampled_from(sorted(KNOWN_UNITS))
_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(_units, _units, _values)
def test_round_trip(from_unit: str, to_unit: str, value: float) -> None:
    """Converting there and back returns the value (for linear units)."""
    if not can_convert(from_unit, to_unit):
        return
    back = convert(convert(value, from_unit, to_unit), to_unit, from_unit)
    assert math.isclose(back, value, rel_tol=1e-9, abs_tol=1e-6)
