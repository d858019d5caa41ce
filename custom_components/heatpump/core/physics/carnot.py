"""Carnot COP with heatpumpmonitor.org's temperature offsets.

Source (physics notes): Carnot COP in kelvin is ``Th/(Th − Tc)`` for heating
and ``Tc/(Th − Tc)`` for cooling; heatpumpmonitor takes the condensing
temperature as the flow + 2 K and the evaporating temperature as the source
(outside air) − 6 K, with a practical factor of 0.47.  W35/A7 gives 8.62,
W35/A−7 6.20 and W55/A7 5.90.

Argument convention, the same for heating and cooling: ``sink_c`` is the warm
side that takes the heat (heating: the flow water; cooling: the outdoor air)
and ``source_c`` the cold side that gives it (heating: the outdoor air or
brine; cooling: the water or air being cooled).  The condenser sits on the
sink (+2 K), the evaporator on the source (−6 K).
"""

from __future__ import annotations

CONDENSING_OFFSET_K = 2.0
EVAPORATING_OFFSET_K = 6.0
PRACTICAL_FACTOR = 0.47
"""heatpumpmonitor's default share of Carnot for a practical heat pump."""

_HOT_OFFSET = 273.15 + CONDENSING_OFFSET_K
_COLD_OFFSET = 273.15 - EVAPORATING_OFFSET_K
_LIFT_OFFSET = CONDENSING_OFFSET_K + EVAPORATING_OFFSET_K


def carnot_cop_heating(sink_c: float, source_c: float) -> float | None:
    """Ideal heating COP ``Th/(Th − Tc)``; None when the lift is ≤ 0 K."""
    lift = sink_c - source_c + _LIFT_OFFSET
    if not lift > 0.0:
        return None
    return (sink_c + _HOT_OFFSET) / lift


def carnot_cop_cooling(sink_c: float, source_c: float) -> float | None:
    """Ideal cooling COP (EER) ``Tc/(Th − Tc)``; None when the lift is ≤ 0 K.

    sink_c is the outdoor (heat rejection) side, source_c the water or air
    being cooled.
    """
    lift = sink_c - source_c + _LIFT_OFFSET
    if not lift > 0.0:
        return None
    return (source_c + _COLD_OFFSET) / lift


def carnot_efficiency(cop: float, carnot: float | None) -> float | None:
    """Share of Carnot reached (measured COP / Carnot COP), None if undefined."""
    if carnot is None or not carnot > 0.0:
        return None
    return cop / carnot


def practical_cop(
    sink_c: float, source_c: float, factor: float = PRACTICAL_FACTOR
) -> float | None:
    """Heating COP of a practical heat pump: factor × Carnot (default 0.47)."""
    carnot = carnot_cop_heating(sink_c, source_c)
    return None if carnot is None else carnot * factor
