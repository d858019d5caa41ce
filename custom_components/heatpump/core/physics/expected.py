"""Reference ("expected") COP models and datasheet interpolation.

Sources (physics notes), all ``COP = a + b·dT + c·dT²`` with dT = sink − source:
- Staffell et al. 2012, Energy Environ. Sci., doi 10.1039/C2EE22653G:
  air 6.81/−0.121/0.000630 (valid 15–60 K), ground 8.77/−0.150/0.000734
  (valid 20–60 K).
- when2heat, Ruhnau et al. 2019, Sci. Data, doi 10.1038/s41597-019-0199-y:
  air 6.08/−0.0941/0.000464, ground 10.29/−0.2084/0.001322, groundwater
  9.99/−0.2049/0.001249, dT clipped ≥ 15 K; their final COP is multiplied by
  0.85 as a field correction.

Clipping: dT is raised to the low end of each model's range (15 K; 20 K for
Staffell ground) as when2heat does, so a tiny lift cannot give a runaway COP.
Above, the quadratic is used as is up to its minimum (79–102 K) and held there,
so the COP never rises with lift.  ``field_correction=True`` applies when2heat's
0.85 to every model (the raw curves are datasheet-like); it is off by default.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from enum import StrEnum
from math import isnan

from ..quantities import Kind
from .carnot import carnot_cop_heating

FIELD_CORRECTION = 0.85
"""when2heat's factor from datasheet to field COP."""


class CopModel(StrEnum):
    """Published COP-versus-lift regressions."""

    STAFFELL_AIR = "staffell_air"
    STAFFELL_GROUND = "staffell_ground"
    WHEN2HEAT_AIR = "when2heat_air"
    WHEN2HEAT_GROUND = "when2heat_ground"
    WHEN2HEAT_GROUNDWATER = "when2heat_groundwater"


type _Quadratic = tuple[float, float, float, float, float]
"""a, b, c, lowest dT, dT of the parabola's minimum."""


def _model(a: float, b: float, c: float, min_dt: float) -> _Quadratic:
    return (a, b, c, min_dt, -b / (2.0 * c))


_MODELS: dict[str, _Quadratic] = {
    CopModel.STAFFELL_AIR: _model(6.81, -0.121, 0.000630, 15.0),
    CopModel.STAFFELL_GROUND: _model(8.77, -0.150, 0.000734, 20.0),
    CopModel.WHEN2HEAT_AIR: _model(6.08, -0.0941, 0.000464, 15.0),
    CopModel.WHEN2HEAT_GROUND: _model(10.29, -0.2084, 0.001322, 15.0),
    CopModel.WHEN2HEAT_GROUNDWATER: _model(9.99, -0.2049, 0.001249, 15.0),
}

_KIND_MODELS: dict[Kind, CopModel] = {
    Kind.GROUND_SOURCE: CopModel.WHEN2HEAT_GROUND,
    Kind.WATER_SOURCE: CopModel.WHEN2HEAT_GROUNDWATER,
}


def expected_cop(
    model: CopModel, sink_c: float, source_c: float, field_correction: bool = False
) -> float:
    """COP the model expects at this sink and source temperature (°C)."""
    a, b, c, min_dt, max_dt = _MODELS[model]
    dt = sink_c - source_c
    if dt < min_dt:
        dt = min_dt
    elif dt > max_dt:
        dt = max_dt
    cop = a + dt * (b + dt * c)
    return cop * FIELD_CORRECTION if field_correction else cop


def model_for_kind(kind: Kind) -> CopModel:
    """The when2heat model for a kind: ground, groundwater (water source) or air.

    Air-source kinds (air-to-water, air-to-air, water heaters, pools, dryers)
    get the air model.  ValueError for a meter, which has no COP of its own.
    """
    if kind == Kind.METER:
        raise ValueError("an electricity meter has no expected COP")
    return _KIND_MODELS.get(kind, CopModel.WHEN2HEAT_AIR)


class RatingCurve:
    """A datasheet's COP points, interpolated and Carnot-scaled.

    At the tabulated sink nearest the query, COP is linear in source
    temperature between points.  Beyond the first or last point, and for any
    sink that differs from the tabulated one, the share of Carnot
    (``carnot_cop_heating``) of the reference point is held constant:
    ``COP = COP_ref · Carnot(sink, source) / Carnot(sink_ref, source_ref)``.
    """

    __slots__ = ("_curves",)

    _curves: tuple[tuple[float, tuple[float, ...], tuple[float, ...]], ...]
    """(sink, sources ascending, COPs) per tabulated sink."""

    def __init__(self, points: Sequence[tuple[float, float, float]]) -> None:
        """Take (source °C, sink °C, COP) points, e.g. EN 14511 A7/W35."""
        curves: dict[float, list[tuple[float, float]]] = {}
        for source, sink, cop in points:
            if not cop > 0.0:
                raise ValueError(f"rating COP must be > 0, got {cop}")
            curves.setdefault(sink, []).append((source, cop))
        self._curves = tuple(
            (sink, tuple(s for s, _ in pts), tuple(c for _, c in pts))
            for sink, pts in ((k, sorted(v)) for k, v in sorted(curves.items()))
        )

    def cop(self, sink_c: float, source_c: float) -> float | None:
        """Interpolated COP, or None without points or with a lift ≤ 0."""
        if not self._curves or isnan(sink_c) or isnan(source_c):
            return None
        sink_ref, sources, cops = min(self._curves, key=lambda c: abs(c[0] - sink_c))
        if source_c <= sources[0]:
            source_ref, cop_ref = sources[0], cops[0]
        elif source_c >= sources[-1]:
            source_ref, cop_ref = sources[-1], cops[-1]
        else:  # sources[i - 1] < source_c <= sources[i]
            i = bisect_left(sources, source_c)
            s0, s1, c0 = sources[i - 1], sources[i], cops[i - 1]
            source_ref = source_c
            cop_ref = c0 + (cops[i] - c0) * (source_c - s0) / (s1 - s0)
        if sink_ref == sink_c and source_ref == source_c:
            return cop_ref
        target = carnot_cop_heating(sink_c, source_c)
        ref = carnot_cop_heating(sink_ref, source_ref)
        if target is None or ref is None:
            return None
        return cop_ref * target / ref


def rating_cop(
    points: Sequence[tuple[float, float, float]], sink_c: float, source_c: float
) -> float | None:
    """COP from datasheet points (source, sink, COP); see ``RatingCurve``."""
    return RatingCurve(points).cop(sink_c, source_c)
