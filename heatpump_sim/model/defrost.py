"""Frost build-up on the outdoor coil and reverse-cycle defrost.

Frost builds only in the frosting zone of Zhu et al. 2015 (core
``frost_severity``) and only while the compressor heats.  A full coil takes
the zone's typical interval of running (30 min severe, 60 min moderate,
165 min mild, core ``typical_defrost_interval_s``); mixed weather blends the
rates.  At or above 6 °C (no frost zone) frost melts off within 30 min.

A defrost lasts 2–10 min (physics notes): 2.5 / 3.5 / 4.5 min for a mild /
moderate / severe coil, + 0.15 min per K below 0 °C, ±0.5 min of jitter.
While it runs, the reversing valve switches, the outdoor fan stops and the
circuit pulls heat from the water (or indoor air): negative heat.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from custom_components.heatpump.core.physics.frost import (
    NO_FROST_ABOVE_C,
    FrostSeverity,
    frost_severity,
    typical_defrost_interval_s,
)

_BASE_MIN = {
    FrostSeverity.MILD: 2.5,
    FrostSeverity.MODERATE: 3.5,
    FrostSeverity.SEVERE: 4.5,
}
MIN_DURATION_S = 120.0
MAX_DURATION_S = 600.0
MELT_S = 1800.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DefrostParams:
    """Power drawn and heat pulled while defrosting.

    The physics notes give no power, only the outcome: modern units lose
    1–2 % of annual heat to defrost (ORNL's older field test: 10.2 %).  With
    electricity = ``electric_fraction`` × rated heat and heat pulled =
    ``pull_ratio`` × that electricity, a 4 min defrost of a 9 kW unit pulls
    about 0.07 kWh, which lands the annual share in that range.
    """

    electric_fraction: float = 0.06
    pull_ratio: float = 2.0
    min_run_before_s: float = 300.0
    """A defrost waits until the compressor has run this long."""


class Defrost:
    """Coil frost and the defrost cycle of one outdoor unit."""

    __slots__ = (
        "count",
        "duration_s",
        "elapsed_s",
        "frost",
        "p",
        "rng",
        "severity",
        "worst",
    )

    def __init__(self, rng: random.Random, params: DefrostParams | None = None) -> None:
        """A clean coil."""
        self.p = params or DefrostParams()
        self.rng = rng
        self.frost = 0.0
        """Share of a full coil, 0…1."""
        self.duration_s = 0.0
        self.elapsed_s = 0.0
        self.count = 0
        self.severity = FrostSeverity.NONE
        self.worst = FrostSeverity.NONE
        """Worst zone seen since the last defrost."""

    @property
    def active(self) -> bool:
        """A defrost is running."""
        return self.elapsed_s < self.duration_s

    def build(self, dt: float, outdoor_c: float, rh: float, heating: bool) -> None:
        """Grow (or melt) frost over ``dt`` seconds."""
        self.severity = frost_severity(outdoor_c, rh)
        if heating:
            interval = typical_defrost_interval_s(self.severity)
            if interval is not None:
                self.frost += dt / interval
                if _RANK[self.severity] > _RANK[self.worst]:
                    self.worst = self.severity
        if outdoor_c >= NO_FROST_ABOVE_C and self.frost > 0.0:
            self.frost = max(0.0, self.frost - dt / MELT_S)
            if self.frost == 0.0:
                self.worst = FrostSeverity.NONE

    def due(self, run_s: float) -> bool:
        """The coil is full and the compressor has run long enough."""
        return self.frost >= 1.0 and run_s >= self.p.min_run_before_s

    def start(self, outdoor_c: float) -> float:
        """Begin a defrost; return its duration in s."""
        base = _BASE_MIN.get(self.worst, 3.0)
        minutes = base + 0.15 * max(0.0, -outdoor_c) + self.rng.uniform(-0.5, 0.5)
        self.duration_s = min(MAX_DURATION_S, max(MIN_DURATION_S, minutes * 60.0))
        self.elapsed_s = 0.0
        self.count += 1
        return self.duration_s

    def advance(self, dt: float) -> bool:
        """Run ``dt`` seconds of defrost; True when it has just ended."""
        self.elapsed_s += dt
        if self.elapsed_s >= self.duration_s:
            self.frost = 0.0
            self.worst = FrostSeverity.NONE
            self.duration_s = 0.0
            self.elapsed_s = 0.0
            return True
        return False


_RANK = {
    FrostSeverity.NONE: 0,
    FrostSeverity.MILD: 1,
    FrostSeverity.MODERATE: 2,
    FrostSeverity.SEVERE: 3,
}
