"""Outdoor weather for the simulator: a seeded synthetic climate or a CSV file.

The synthetic climate is illustrative, not a record of any place: a seasonal
cosine (coldest in mid-January), a daily cosine (warmest at 15:00, coldest at
03:00) and slow random "weather systems" (a seeded AR(1) process on hourly
knots, interpolated linearly).  Relative humidity runs opposite to the daily
temperature swing and is higher in winter.  A given seed always gives the same
weather.
"""

from __future__ import annotations

import csv
import math
import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

_DAY_S = 86400.0
_YEAR_DAYS = 365.25
_HOUR_S = 3600.0


@dataclass(frozen=True, slots=True)
class WeatherSample:
    """Outdoor air at one instant."""

    outdoor_c: float
    rh: float
    """Relative humidity, %."""


class Weather(Protocol):
    """Anything that tells the outdoor air at a simulated instant."""

    @property
    def start(self) -> datetime:
        """The instant t = 0 s stands for."""
        ...

    def sample(self, t: float) -> WeatherSample:
        """Weather ``t`` seconds after ``start``."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Climate:
    """Parameters of the synthetic climate (defaults: a mild central-European one)."""

    annual_mean_c: float = 9.5
    seasonal_amplitude_k: float = 9.5
    coldest_day: int = 15
    """Day of the year with the lowest seasonal mean."""
    daily_amplitude_winter_k: float = 2.5
    daily_amplitude_summer_k: float = 5.0
    synoptic_sigma_k: float = 3.5
    """Standard deviation of the slow random part."""
    synoptic_hours: float = 72.0
    """Correlation time of the slow random part."""
    rh_winter: float = 84.0
    rh_summer: float = 68.0
    rh_daily_swing: float = 10.0
    rh_sigma: float = 4.0


COLD_CLIMATE = Climate(annual_mean_c=2.0, seasonal_amplitude_k=15.0)
"""A continental climate whose winters reach −25 °C."""


class SyntheticWeather:
    """Seeded seasonal + daily weather pattern."""

    def __init__(
        self, start: datetime, seed: int = 1, climate: Climate | None = None
    ) -> None:
        """Weather from ``start`` on; the same seed gives the same weather."""
        self._start = start if start.tzinfo else start.replace(tzinfo=UTC)
        self._climate = climate or Climate()
        self._rng = random.Random(seed)
        self._temp_knots: list[float] = [0.0]
        self._rh_knots: list[float] = [0.0]
        first = self._start.timetuple().tm_yday - 1
        self._day0 = (
            first
            + (self._start.hour * 3600 + self._start.minute * 60 + self._start.second)
            / _DAY_S
        )
        self._last_hour = -1
        self._last: WeatherSample | None = None
        self._last_t = math.nan

    @property
    def start(self) -> datetime:
        """The instant t = 0 s stands for."""
        return self._start

    @property
    def climate(self) -> Climate:
        """The climate parameters."""
        return self._climate

    def _extend(self, knots: int) -> None:
        c = self._climate
        phi = math.exp(-1.0 / c.synoptic_hours)
        noise = math.sqrt(1.0 - phi * phi)
        while len(self._temp_knots) < knots:
            temp = self._temp_knots[-1]
            rh = self._rh_knots[-1]
            self._temp_knots.append(
                phi * temp + noise * self._rng.gauss(0.0, c.synoptic_sigma_k)
            )
            self._rh_knots.append(phi * rh + noise * self._rng.gauss(0.0, c.rh_sigma))

    def sample(self, t: float) -> WeatherSample:
        """Weather ``t`` seconds after ``start``."""
        if t == self._last_t and self._last is not None:
            return self._last
        c = self._climate
        hours = max(0.0, t) / _HOUR_S
        knot = int(hours)
        self._extend(knot + 2)
        frac = hours - knot
        slow_t = self._temp_knots[knot] * (1 - frac) + self._temp_knots[knot + 1] * frac
        slow_rh = self._rh_knots[knot] * (1 - frac) + self._rh_knots[knot + 1] * frac
        day = self._day0 + t / _DAY_S
        season = math.cos(2 * math.pi * (day - c.coldest_day) / _YEAR_DAYS)
        winterness = 0.5 * (1.0 + season)  # 1 in mid-winter, 0 in mid-summer
        daily_amp = c.daily_amplitude_summer_k + winterness * (
            c.daily_amplitude_winter_k - c.daily_amplitude_summer_k
        )
        hour_of_day = (day % 1.0) * 24.0
        daily = math.cos(2 * math.pi * (hour_of_day - 15.0) / 24.0)
        outdoor = c.annual_mean_c - c.seasonal_amplitude_k * season + daily_amp * daily
        outdoor += slow_t
        rh_base = c.rh_summer + winterness * (c.rh_winter - c.rh_summer)
        rh = rh_base - c.rh_daily_swing * daily + slow_rh
        sample = WeatherSample(outdoor, min(100.0, max(25.0, rh)))
        self._last_t = t
        self._last = sample
        return sample


class CsvWeather:
    """Weather read from a CSV file: timestamp, outdoor temperature, RH.

    The first row may be a header.  Timestamps are ISO 8601 (naive ones are
    taken as UTC) or Unix seconds.  Values between rows are interpolated
    linearly; before the first and after the last row the edge row holds.
    """

    def __init__(self, path: str | Path, start: datetime | None = None) -> None:
        """Read the file; ``start`` defaults to its first timestamp."""
        rows = _read_csv(Path(path))
        if len(rows) < 1:
            raise ValueError(f"{path}: no weather rows")
        self._times = [r[0] for r in rows]
        self._temps = [r[1] for r in rows]
        self._rhs = [r[2] for r in rows]
        first = datetime.fromtimestamp(self._times[0], UTC)
        self._start = start if start is not None else first
        if self._start.tzinfo is None:
            self._start = self._start.replace(tzinfo=UTC)
        self._offset = self._start.timestamp()

    @property
    def start(self) -> datetime:
        """The instant t = 0 s stands for."""
        return self._start

    def sample(self, t: float) -> WeatherSample:
        """Weather ``t`` seconds after ``start``."""
        ts = self._offset + t
        times = self._times
        i = bisect_right(times, ts)
        if i <= 0:
            return WeatherSample(self._temps[0], self._rhs[0])
        if i >= len(times):
            return WeatherSample(self._temps[-1], self._rhs[-1])
        span = times[i] - times[i - 1]
        frac = (ts - times[i - 1]) / span if span > 0 else 1.0
        temp = self._temps[i - 1] + frac * (self._temps[i] - self._temps[i - 1])
        rh = self._rhs[i - 1] + frac * (self._rhs[i] - self._rhs[i - 1])
        return WeatherSample(temp, rh)


def _parse_time(text: str) -> float:
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _read_csv(path: Path) -> list[tuple[float, float, float]]:
    rows: list[tuple[float, float, float]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 3:
                raise ValueError(f"{path}:{number}: need timestamp, temperature, RH")
            try:
                rows.append((_parse_time(row[0]), float(row[1]), float(row[2])))
            except ValueError as err:
                if not rows and number == 1:
                    continue  # a header line
                raise ValueError(f"{path}:{number}: {err}") from err
    rows.sort(key=lambda r: r[0])
    return rows


class ConstantWeather:
    """Fixed outdoor conditions (for tests and rating points)."""

    def __init__(self, outdoor_c: float, rh: float, start: datetime) -> None:
        """Always ``outdoor_c`` at ``rh`` %."""
        self._sample = WeatherSample(outdoor_c, rh)
        self._start = start

    @property
    def start(self) -> datetime:
        """The instant t = 0 s stands for."""
        return self._start

    def sample(self, t: float) -> WeatherSample:
        """The same weather at every instant."""
        return self._sample
