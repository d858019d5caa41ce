"""Guards that protect the compressor from what automations ask for."""

from __future__ import annotations

from dataclasses import dataclass

from .quantities import Mode

_DIRECTION = {
    Mode.HEATING: Mode.HEATING,
    Mode.DHW: Mode.HEATING,
    Mode.POOL: Mode.HEATING,
    Mode.COOLING: Mode.COOLING,
    Mode.DRYING: Mode.COOLING,
}
"""Dry mode counts as cooling: mini-splits dehumidify on the cooling cycle."""


class ReversalTooSoon(Exception):
    """A heating<->cooling reversal was asked for inside the dwell time."""

    def __init__(self, allowed_at: float, requested: Mode) -> None:
        """Remember when the reversal becomes possible."""
        super().__init__(f"reversal to {requested} refused until {allowed_at:.0f}")
        self.allowed_at = allowed_at
        self.requested = requested


@dataclass(slots=True)
class ReversalGuard:
    """Refuses a heat<->cool reversal within ``min_dwell_s`` of the last one.

    The guard tracks the direction the refrigerant circuit last ran in
    (heating, DHW and pool all heat) and when it entered it, from what the
    unit reports and from what we write.
    """

    min_dwell_s: float
    direction: Mode | None = None
    since: float | None = None

    def observe(self, mode: Mode | str | None, now: float) -> None:
        """Record the mode the unit reports (or was just set to)."""
        direction = _DIRECTION.get(Mode(mode)) if mode else None
        if direction is None or direction is self.direction:
            return
        # The first direction seen is no reversal: we do not know when it began.
        self.since = now if self.direction is not None else None
        self.direction = direction

    def check(self, requested: Mode | str, now: float) -> None:
        """Raise ReversalTooSoon if ``requested`` reverses the cycle too soon."""
        wanted = _DIRECTION.get(Mode(requested))
        if wanted is None or wanted is self.direction or self.since is None:
            return
        allowed_at = self.since + self.min_dwell_s
        if now < allowed_at:
            raise ReversalTooSoon(allowed_at, Mode(requested))
