"""The plausibility gate: a reading outside physical bounds is no reading.

Every numeric quantity has bounds in its canonical unit (below); a profile
may narrow them per point (``bounds: {min, max}`` in the point's unit, e.g.
HeishaMon's production and consumption topics are never negative).  A point
without a quantity is bounded by its unit's dimension.  What fails the gate
becomes unknown: it is neither shown nor counted, so a garbage payload such
as ``1e308`` or ``-5000`` W can never reach a total.

The first implausible value of a point is logged at warning; the point then
stays quiet until it reads plausibly again.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .profile.model import Point, Profile
from .quantities import QUANTITIES, Quantity, Value, ValueType
from .readings import to_quantities, to_quantity_value
from .units import can_convert, convert

_LOGGER = logging.getLogger(__name__)

MAX_POWER_W = 100_000.0
"""The largest power (heat or electrical) a unit we cover can report."""
MAX_ENERGY_KWH = 1e9
MAX_COUNT = 1e9


@dataclass(frozen=True, slots=True)
class Range:
    """Closed interval of plausible values, in the quantity's unit."""

    low: float = -math.inf
    high: float = math.inf

    def admits(self, value: float) -> bool:
        """Whether ``value`` is finite and inside the interval."""
        return math.isfinite(value) and self.low <= value <= self.high

    def narrowed(self, low: float | None, high: float | None) -> Range:
        """The intersection with ``[low, high]`` (None: no limit that side)."""
        return Range(
            self.low if low is None else max(self.low, low),
            self.high if high is None else min(self.high, high),
        )


TEMPERATURE = Range(-60.0, 150.0)
PERCENT = Range(0.0, 100.0)
POWER = Range(0.0, MAX_POWER_W)
ENERGY = Range(0.0, MAX_ENERGY_KWH)
COP = Range(0.0, 15.0)
"""Bounds of a COP point (profiles give COP points ``bounds: {min: 0, max: 15}``)."""

DEFAULT_BOUNDS: dict[Quantity, Range] = {
    **{
        q: TEMPERATURE
        for q, info in QUANTITIES.items()
        if info.unit == "°C" and info.value_type is ValueType.NUMBER
    },
    Quantity.HEATING_CURVE_OFFSET: Range(-30.0, 30.0),
    Quantity.ZONE2_HEATING_CURVE_OFFSET: Range(-30.0, 30.0),
    Quantity.QUIET_MODE: Range(0.0, 10.0),
    Quantity.POWERFUL_MODE: Range(0.0, 24 * 60.0),
    Quantity.RETURN_AIR_HUMIDITY: PERCENT,
    Quantity.SUPPLY_AIR_HUMIDITY: PERCENT,
    Quantity.OUTDOOR_HUMIDITY: PERCENT,
    Quantity.FLOW_RATE: Range(0.0, 3000.0),
    Quantity.AIRFLOW: Range(0.0, 100_000.0),
    Quantity.ELECTRICAL_POWER: POWER,
    Quantity.HEAT_POWER: Range(-MAX_POWER_W, MAX_POWER_W),
    Quantity.ELECTRICAL_ENERGY: ENERGY,
    Quantity.HEAT_ENERGY: ENERGY,
    Quantity.COMPRESSOR_FREQUENCY: Range(0.0, 500.0),
    Quantity.COMPRESSOR_MODULATION: PERCENT,
    Quantity.COMPRESSOR_STARTS: Range(0.0, MAX_COUNT),
    Quantity.COMPRESSOR_HOURS: Range(0.0, 1e6),
    Quantity.VOLTAGE: Range(0.0, 1000.0),
    Quantity.CURRENT: Range(0.0, 1000.0),
    Quantity.POWER_FACTOR: Range(-1.0, 1.0),
    Quantity.WATER_PRESSURE: Range(-1.0, 30.0),
    Quantity.WATER_REMOVED: Range(0.0, 100.0),
    Quantity.UNIT_TIME: Range(0.0, 1e11),
}
"""Physical bounds of each numeric quantity, in its canonical unit.

Heat power may be negative: units that report flow × ΔT show the heat a
defrost takes from the house as negative heat."""

_BY_UNIT: dict[str, Range] = {
    "°C": TEMPERATURE,
    "K": Range(-100.0, 100.0),
    "W": Range(-MAX_POWER_W, MAX_POWER_W),
    "kWh": ENERGY,
    "l/min": DEFAULT_BOUNDS[Quantity.FLOW_RATE],
    "Hz": DEFAULT_BOUNDS[Quantity.COMPRESSOR_FREQUENCY],
    "%": PERCENT,
    "V": DEFAULT_BOUNDS[Quantity.VOLTAGE],
    "A": DEFAULT_BOUNDS[Quantity.CURRENT],
    "bar": DEFAULT_BOUNDS[Quantity.WATER_PRESSURE],
    "h": DEFAULT_BOUNDS[Quantity.COMPRESSOR_HOURS],
}
"""Bounds of points without a quantity, by the canonical unit of their
dimension (a point in kW is checked in W)."""

_ANY_NUMBER = Range()


def _canonical_unit(unit: str) -> str | None:
    for canonical in _BY_UNIT:
        if can_convert(unit, canonical):
            return canonical
    return None


def point_range(point: Point) -> Range | None:
    """The bounds of a numeric point, in the unit its values are shown in.

    That is the quantity's unit when it has a quantity (as entities and the
    engine see it), else the point's own unit.  None for non-numeric points.
    """
    quantity = point.quantity
    if point.value_map or (
        quantity is None and point.unit is None and not point.bounds
    ):
        return None  # mapped values, or text for all we know
    if quantity is not None:
        if QUANTITIES[quantity].value_type is not ValueType.NUMBER:
            return None
        base = DEFAULT_BOUNDS.get(quantity, _ANY_NUMBER)
        shown = QUANTITIES[quantity].unit
    else:
        shown = point.unit
        canonical = None if shown is None else _canonical_unit(shown)
        base = _ANY_NUMBER
        if canonical is not None and shown is not None:
            limits = _BY_UNIT[canonical]
            base = Range(
                convert(limits.low, canonical, shown)
                if math.isfinite(limits.low)
                else limits.low,
                convert(limits.high, canonical, shown)
                if math.isfinite(limits.high)
                else limits.high,
            )
    bounds = point.bounds
    if bounds is None:
        return base
    low = None if bounds.min is None else float(to_quantity_value(point, bounds.min))
    high = None if bounds.max is None else float(to_quantity_value(point, bounds.max))
    return base.narrowed(low, high)


class PlausibilityGate:
    """Drops implausible point values and quantities; logs each point once."""

    def __init__(self, profile: Profile | None, name: str = "") -> None:
        """Precompute every numeric point's bounds."""
        self.profile = profile
        self.name = name
        self._ranges: dict[str, Range] = {}
        self._points: dict[str, Point] = {}
        if profile is not None:
            for point in profile.points:
                if (limits := point_range(point)) is not None:
                    self._ranges[point.key] = limits
                    self._points[point.key] = point
        self.rejected: set[str] = set()
        """Point keys (or quantity names) whose latest value was implausible."""

    def admits_point(self, key: str, value: Value | None) -> bool:
        """Whether a decoded point value is plausible (None always is)."""
        limits = self._ranges.get(key)
        if limits is None or value is None:
            return True
        if isinstance(value, str | bool):
            return False  # text where the point holds a number
        point = self._points[key]
        return limits.admits(float(to_quantity_value(point, value)))

    def points(self, values: Mapping[str, Value | None]) -> dict[str, Value | None]:
        """The point values with every implausible one replaced by None."""
        out = dict(values)
        for key, value in values.items():
            if self.admits_point(key, value):
                self._recovered(key, value)
            else:
                self.reject(key, value)
                out[key] = None
        return out

    def quantities(self, quantities: Mapping[Quantity, Value]) -> dict[Quantity, Value]:
        """The quantities without implausible numbers (sums, entity sources)."""
        out: dict[Quantity, Value] = {}
        for quantity, value in quantities.items():
            if self.admits(quantity, value):
                out[quantity] = value
                self._recovered(quantity.value, value)
            else:
                self.reject(quantity.value, value)
        return out

    def value(self, quantity: Quantity, value: float | None, what: str) -> float | None:
        """One number (e.g. an external meter's), or None if implausible."""
        if value is None or self.admits(quantity, value):
            self._recovered(what, value)
            return value
        self.reject(what, value)
        return None

    def reading(
        self,
        points: Mapping[str, Value | None],
        quantities: Mapping[Quantity, Value],
    ) -> tuple[dict[str, Value | None], dict[Quantity, Value]]:
        """Gate a source's reading; quantities are rebuilt from gated points."""
        gated = self.points(points)
        if self.profile is not None:
            if gated != points:
                quantities = to_quantities(self.profile, gated)
            # A sum with a part missing would read low: the whole is unknown.
            partial = {
                p.quantity
                for p in self.profile.points
                if p.sum and p.key in gated and gated[p.key] is None
            }
            if partial:
                quantities = {q: v for q, v in quantities.items() if q not in partial}
        return gated, self.quantities(quantities)

    @staticmethod
    def admits(quantity: Quantity, value: Value) -> bool:
        """Whether a quantity's value (canonical unit) is plausible."""
        if QUANTITIES[quantity].value_type is not ValueType.NUMBER:
            return True
        if isinstance(value, str | bool):
            return False
        return DEFAULT_BOUNDS.get(quantity, _ANY_NUMBER).admits(float(value))

    def reject(self, key: str, value: object) -> None:
        """Note an implausible value; warn the first time in a row."""
        if key in self.rejected:
            return
        self.rejected.add(key)
        shown = repr(value)
        if len(shown) > 40:
            shown = f"{shown[:37]}..."
        _LOGGER.warning(
            "%s: ignoring implausible %s = %s until it reads plausibly again",
            self.name,
            key,
            shown,
        )

    def _recovered(self, key: str, value: object) -> None:
        if value is not None and key in self.rejected:
            self.rejected.discard(key)
            _LOGGER.info("%s: %s reads plausibly again", self.name, key)
