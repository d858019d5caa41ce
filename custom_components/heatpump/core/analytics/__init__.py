"""Analytics: energy, COP per period, defrost, cycling and kind-specific figures.

HA-free.  Feed ``Sample``s in time order to ``Engine.update`` (it returns
``Event``s), read ``Engine.metrics()`` when needed, persist with
``Engine.to_dict`` / ``Engine.from_dict``.  The modules' docstrings hold the
definitions: ``engine`` (precedence, intervals, modes), ``metrics`` (every
COP), ``energy`` (counters), ``periods`` (time zone, season), ``defrost``,
``compressor``, ``efficiency``, ``kinds``, ``valve`` and ``state``.
"""

from __future__ import annotations

from .config import EngineConfig, RatingPoint
from .engine import Engine
from .metrics import KIND_KEYS, METRIC_KEYS, Metrics
from .sample import Event, EventData, EventKind, Sample
from .state import SCHEMA_VERSION

__all__ = [
    "KIND_KEYS",
    "METRIC_KEYS",
    "SCHEMA_VERSION",
    "Engine",
    "EngineConfig",
    "Event",
    "EventData",
    "EventKind",
    "Metrics",
    "RatingPoint",
    "Sample",
]
