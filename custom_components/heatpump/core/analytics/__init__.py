"""Analytics: energy, COP per period, defrost, cycling and kind-specific figures.

HA-free.  Feed ``Sample``s in time order to ``Engine.update`` (it returns
``Event``s), read ``Engine.metrics()`` when needed, persist with
``Engine.to_dict`` / ``Engine.from_dict``.  The modules' docstrings hold the
definitions: ``engine`` (precedence, intervals, modes), ``metrics`` (every
COP), ``energy`` (counters), ``periods`` (time zone, season), ``defrost``,
``compressor``, ``efficiency``, ``kinds``, ``valve``, ``state`` (what the
engine remembers) and ``persistence`` (how that is stored).
"""

from __future__ import annotations

from .config import EngineConfig, RatingPoint
from .engine import Engine
from .metrics import (
    Breakdown,
    DryerMetrics,
    Metrics,
    PeriodFigures,
    PoolMetrics,
    WaterHeaterMetrics,
)
from .persistence import SCHEMA_VERSION
from .sample import Event, EventData, EventKind, Sample
from .state import EngineState

__all__ = [
    "SCHEMA_VERSION",
    "Breakdown",
    "DryerMetrics",
    "Engine",
    "EngineConfig",
    "EngineState",
    "Event",
    "EventData",
    "EventKind",
    "Metrics",
    "PeriodFigures",
    "PoolMetrics",
    "RatingPoint",
    "Sample",
    "WaterHeaterMetrics",
]
