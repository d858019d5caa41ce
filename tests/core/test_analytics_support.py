"""Helpers for the analytics tests (no tests here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from custom_components.heatpump.core.analytics import Engine, Event, Sample
from custom_components.heatpump.core.quantities import Quantity, Value

Q = Quantity
BERLIN = "Europe/Berlin"
type Values = dict[Quantity, Value]
type Row = tuple[float, Mapping[Quantity, Value]]


def local_ts(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    tz: str = BERLIN,
) -> float:
    """Unix time of a local wall-clock time."""
    return datetime(
        year, month, day, hour, minute, second, tzinfo=ZoneInfo(tz)
    ).timestamp()


T0 = local_ts(2024, 1, 15, 12, 0)
"""A winter noon, far from any midnight."""


def feed(engine: Engine, rows: Iterable[Row]) -> list[Event]:
    """Update with (ts, values) rows; all events in order."""
    events: list[Event] = []
    for ts, values in rows:
        events.extend(engine.update(Sample(ts, values)))
    return events


def steady(
    start: float, seconds: float, step: float, values: Mapping[Quantity, Value]
) -> list[Row]:
    """Rows with the same values every ``step`` s over [start, start + seconds]."""
    count = round(seconds / step)
    return [(start + i * step, values) for i in range(count + 1)]


def kinds(events: Iterable[Event]) -> list[str]:
    """Event kinds as plain strings."""
    return [str(e.kind) for e in events]
