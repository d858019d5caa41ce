"""Calendar periods in the configured time zone.

Only the day is accumulated per sample.  At local midnight the day's sums are
folded into the open month, year, heating season and lifetime, and any of
those whose calendar key changed is started afresh; so a period total is
always ``closed + today``.  zoneinfo is consulted once per rollover, never
per sample: the engine compares each timestamp with ``next_boundary``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .energy import sums_from_dict, sums_to_dict, zeros

_DAY = timedelta(days=1)


class Periods:
    """Closed sums of the open month, year, season and lifetime, and the keys."""

    __slots__ = (
        "day_key",
        "lifetime",
        "month",
        "month_key",
        "next_boundary",
        "season",
        "season_key",
        "season_start",
        "tz",
        "year",
        "year_key",
    )

    def __init__(self, time_zone: str, season_start_month: int) -> None:
        """Empty sums; keys are set by ``start``."""
        self.tz = ZoneInfo(time_zone)
        self.season_start = season_start_month
        self.month = zeros()
        self.year = zeros()
        self.season = zeros()
        self.lifetime = zeros()
        self.day_key = 0
        """Local date as an ordinal."""
        self.month_key = 0
        """year·12 + month − 1."""
        self.year_key = 0
        self.season_key = 0
        """Year the heating season started in."""
        self.next_boundary = 0.0
        """Unix time of the next local midnight."""

    def local_date(self, ts: float) -> date:
        """The calendar date at ts in the configured zone."""
        return datetime.fromtimestamp(ts, self.tz).date()

    def midnight_after(self, day: date) -> float:
        """Unix time of the local midnight that ends ``day``.

        A midnight that falls in a DST gap resolves as zoneinfo does (fold=0).
        """
        nxt = datetime.combine(day + _DAY, time(0), tzinfo=self.tz)
        return nxt.timestamp()

    def _keys(self, day: date) -> tuple[int, int, int, int]:
        season = day.year if day.month >= self.season_start else day.year - 1
        return day.toordinal(), day.year * 12 + day.month - 1, day.year, season

    def start(self, ts: float) -> None:
        """Set the keys from the first sample."""
        day = self.local_date(ts)
        self.day_key, self.month_key, self.year_key, self.season_key = self._keys(day)
        self.next_boundary = self.midnight_after(day)

    def rollover(self, ts: float, day_sums: list[float]) -> None:
        """Close the day with ``day_sums`` and open the one that holds ts."""
        for closed in (self.month, self.year, self.season, self.lifetime):
            for i, value in enumerate(day_sums):
                closed[i] += value
        day = self.local_date(ts)
        day_key, month_key, year_key, season_key = self._keys(day)
        if month_key != self.month_key:
            self.month = zeros()
        if year_key != self.year_key:
            self.year = zeros()
        if season_key != self.season_key:
            self.season = zeros()
        self.day_key, self.month_key = day_key, month_key
        self.year_key, self.season_key = year_key, season_key
        boundary = self.midnight_after(day)
        if boundary <= ts:  # cannot happen in real zones; never loop forever
            boundary = ts + 86400.0
        self.next_boundary = boundary

    def to_dict(self) -> dict[str, Any]:
        """State for storage, the sums with their elements named."""
        return {
            "keys": [self.day_key, self.month_key, self.year_key, self.season_key],
            "next_boundary": self.next_boundary,
            "month": sums_to_dict(self.month),
            "year": sums_to_dict(self.year),
            "season": sums_to_dict(self.season),
            "lifetime": sums_to_dict(self.lifetime),
        }

    def load(self, data: dict[str, Any]) -> None:
        """Inverse of ``to_dict``."""
        self.day_key, self.month_key, self.year_key, self.season_key = data["keys"]
        self.next_boundary = data["next_boundary"]
        self.month = sums_from_dict(data["month"])
        self.year = sums_from_dict(data["year"])
        self.season = sums_from_dict(data["season"])
        self.lifetime = sums_from_dict(data["lifetime"])
