"""A mixed hot-water tank with tapping draws and standing losses.

A 200 l tank loses about 1 kWh/day (physics notes), i.e. UA ≈ 1.2 W/K at
55 °C in a 20 °C room.  Draws follow a daily pattern (litres of tank water at
given hours) varied ±30 % per draw by the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .building import WATER_RHO_CP

DAILY_DRAWS: tuple[tuple[float, float], ...] = (
    (6.75, 45.0),
    (7.5, 10.0),
    (12.5, 10.0),
    (18.5, 15.0),
    (20.75, 50.0),
)
"""(hour of day, litres) — about 130 l/day, a household of three to four."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TankParams:
    """Size, losses and temperatures of the tank."""

    volume_l: float = 200.0
    ua_w_k: float = 1.2
    ambient_c: float = 20.0
    cold_c: float = 10.0
    target_c: float = 50.0
    hysteresis_k: float = 5.0
    draws: tuple[tuple[float, float], ...] = DAILY_DRAWS
    coil_ua_w_k: float = 1000.0
    """Heat exchanger of an indirect tank (hydronic units)."""


class Tank:
    """Temperature of a fully mixed tank."""

    __slots__ = ("_day", "_events", "capacity", "p", "rng", "target_c", "temp_c")

    def __init__(self, params: TankParams, rng: random.Random) -> None:
        """A tank just below its target."""
        self.p = params
        self.rng = rng
        self.capacity = params.volume_l * 1e-3 * WATER_RHO_CP
        self.target_c = params.target_c
        self.temp_c = params.target_c - 2.0
        self._day = -1
        self._events: list[tuple[float, float]] = []

    def _plan(self, day: int) -> None:
        self._day = day
        base = day * 86400.0
        self._events = [
            (base + hour * 3600.0, litres * self.rng.uniform(0.7, 1.3))
            for hour, litres in self.p.draws
        ]

    def draw_between(self, t0: float, t1: float) -> float:
        """Apply the draws falling in [t0, t1) of simulated time; return J drawn."""
        day = int(t0 // 86400.0)
        if day != self._day:
            self._plan(day)
        drawn = 0.0
        for when, litres in self._events:
            if t0 <= when < t1:
                drawn += self.draw(litres)
        if int(t1 // 86400.0) != day:
            self._plan(int(t1 // 86400.0))
            for when, litres in self._events:
                if when < t1:
                    drawn += self.draw(litres)
        return drawn

    def draw(self, litres: float) -> float:
        """Replace ``litres`` of tank water with cold water; return J taken."""
        share = min(1.0, litres / self.p.volume_l)
        drop = share * (self.temp_c - self.p.cold_c)
        self.temp_c -= drop
        return drop * self.capacity

    def advance(
        self, dt: float, heat_w: float, ambient_c: float | None = None
    ) -> float:
        """Add ``heat_w`` for ``dt`` s minus standing losses; return loss (J)."""
        ambient = self.p.ambient_c if ambient_c is None else ambient_c
        loss_w = self.p.ua_w_k * (self.temp_c - ambient)
        self.temp_c += (heat_w - loss_w) * dt / self.capacity
        return loss_w * dt

    @property
    def needs_heat(self) -> bool:
        """Below the restart threshold."""
        return self.temp_c < self.target_c - self.p.hysteresis_k
