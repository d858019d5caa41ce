"""What goes into the analytics engine (samples) and what comes out (events)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ..quantities import Quantity, Value


@dataclass(frozen=True, slots=True)
class Sample:
    """The quantities known at one moment; a missing quantity is unknown.

    ``values`` is read, never copied or changed; the engine keeps a reference
    to the latest one for ``metrics()``, so do not mutate it afterwards.

    The ``external_*`` fields carry a second source, e.g. a MID heat meter or
    an electricity meter owned by another integration.  Each one overrides the
    unit's own reading of the same thing (see ``engine`` for the precedence):

    - ``external_heat_power`` (W) and ``external_heat_energy`` (kWh counter),
    - ``external_electrical_power`` (W) and ``external_electrical_energy``
      (kWh counter).
    """

    ts: float
    """Unix seconds."""
    values: Mapping[Quantity, Value]
    external_heat_power: float | None = None
    external_heat_energy: float | None = None
    external_electrical_power: float | None = None
    external_electrical_energy: float | None = None


class EventKind(StrEnum):
    """What an event reports."""

    DEFROST_STARTED = "defrost_started"
    DEFROST_ENDED = "defrost_ended"
    MODE_CHANGED = "mode_changed"
    COMPRESSOR_STARTED = "compressor_started"
    COMPRESSOR_STOPPED = "compressor_stopped"
    CYCLE_COMPLETED = "cycle_completed"


type EventData = Mapping[str, float | str | bool | None]


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at ``ts`` (it may be reported a little later).

    A compressor stop is only known once the compressor has stayed off for the
    minimum off time, and an inferred defrost once its condition has held for
    the minimum duration, so ``ts`` is when it happened, not when it was seen.
    """

    kind: EventKind
    ts: float
    data: EventData = field(default_factory=dict)
