"""Unit conversion for the units profiles use.

Every unit belongs to one dimension and converts linearly to that dimension's
base unit.  Temperatures are the one special case:

* ``°C`` and ``°F`` are *temperatures* (``°F`` → ``°C`` subtracts 32 first).
* ``K`` is a *temperature difference* (a heating curve offset, a spread).
  Heat pumps never report absolute kelvin, so converting between ``K`` and
  ``°C`` or ``°F`` treats the value as a difference: 1 °C of offset is 1 K,
  1 °F of offset is 5/9 K.
"""

from __future__ import annotations

from typing import Final

TEMPERATURE_DIFFERENCE: Final = "K"

# unit -> (dimension, factor to the dimension's base unit)
_LINEAR: Final[dict[str, tuple[str, float]]] = {
    # Volume flow (water and air), base l/min
    "l/min": ("flow", 1.0),
    "L/min": ("flow", 1.0),
    "l/h": ("flow", 1.0 / 60.0),
    "L/h": ("flow", 1.0 / 60.0),
    "l/s": ("flow", 60.0),
    "L/s": ("flow", 60.0),
    "m³/h": ("flow", 1000.0 / 60.0),
    "m3/h": ("flow", 1000.0 / 60.0),
    # Power, base W
    "W": ("power", 1.0),
    "kW": ("power", 1000.0),
    "MW": ("power", 1_000_000.0),
    # Energy, base kWh
    "Wh": ("energy", 0.001),
    "kWh": ("energy", 1.0),
    "MWh": ("energy", 1000.0),
    "MJ": ("energy", 1.0 / 3.6),
    "GJ": ("energy", 1000.0 / 3.6),
    # Frequency, base Hz (rps: the compressor speed that manuals quote as Hz)
    "Hz": ("frequency", 1.0),
    "rps": ("frequency", 1.0),
    "rpm": ("frequency", 1.0 / 60.0),
    # Ratio, base %
    "%": ("ratio", 1.0),
    # Electrical
    "V": ("voltage", 1.0),
    "A": ("current", 1.0),
    "mA": ("current", 0.001),
    # Pressure, base bar
    "bar": ("pressure", 1.0),
    "mbar": ("pressure", 0.001),
    "kPa": ("pressure", 0.01),
    "MPa": ("pressure", 10.0),
    "Pa": ("pressure", 0.00001),
    "psi": ("pressure", 0.0689475729),
    # Mass, base kg
    "kg": ("mass", 1.0),
    "g": ("mass", 0.001),
    "lb": ("mass", 0.45359237),
    # Time, base h
    "h": ("time", 1.0),
    "min": ("time", 1.0 / 60.0),
    "s": ("time", 1.0 / 3600.0),
    "d": ("time", 24.0),
}

_TEMPERATURES: Final = frozenset({"°C", "°F"})
_DIFFERENCE_FACTOR: Final[dict[str, float]] = {"K": 1.0, "°C": 1.0, "°F": 5.0 / 9.0}

KNOWN_UNITS: Final[frozenset[str]] = frozenset(
    (*_LINEAR, *_TEMPERATURES, TEMPERATURE_DIFFERENCE)
)
"""Every unit :func:`convert` understands."""


class UnitError(ValueError):
    """A unit is unknown, or two units measure different things."""


def can_convert(from_unit: str, to_unit: str) -> bool:
    """Return whether :func:`convert` can turn ``from_unit`` into ``to_unit``."""
    if from_unit == to_unit:
        return from_unit in KNOWN_UNITS
    if TEMPERATURE_DIFFERENCE in (from_unit, to_unit):
        return from_unit in _DIFFERENCE_FACTOR and to_unit in _DIFFERENCE_FACTOR
    if from_unit in _TEMPERATURES or to_unit in _TEMPERATURES:
        return from_unit in _TEMPERATURES and to_unit in _TEMPERATURES
    source = _LINEAR.get(from_unit)
    target = _LINEAR.get(to_unit)
    return source is not None and target is not None and source[0] == target[0]


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit``.

    Raises :class:`UnitError` when either unit is unknown or they measure
    different things.
    """
    if from_unit == to_unit:
        if from_unit not in KNOWN_UNITS:
            raise UnitError(f"unknown unit {from_unit!r}")
        return value
    if not can_convert(from_unit, to_unit):
        for unit in (from_unit, to_unit):
            if unit not in KNOWN_UNITS:
                raise UnitError(f"unknown unit {unit!r}")
        raise UnitError(f"cannot convert {from_unit!r} to {to_unit!r}")
    if TEMPERATURE_DIFFERENCE in (from_unit, to_unit):
        return value * _DIFFERENCE_FACTOR[from_unit] / _DIFFERENCE_FACTOR[to_unit]
    if from_unit in _TEMPERATURES:
        # Only °C <-> °F remain.
        if from_unit == "°F":
            return (value - 32.0) * 5.0 / 9.0
        return value * 9.0 / 5.0 + 32.0
    return value * _LINEAR[from_unit][1] / _LINEAR[to_unit][1]
