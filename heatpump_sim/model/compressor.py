"""Inverter (or fixed-speed) compressor with anti-short-cycle timers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class CompressorParams:
    """Modulation range and cycling limits.

    Typical inverters modulate 25–100 % at about 15–120 Hz (physics notes);
    the defaults take 25–100 % at 20–110 Hz.  A fixed-speed unit has
    ``min_modulation`` 1.
    """

    min_modulation: float = 0.25
    min_frequency_hz: float = 20.0
    max_frequency_hz: float = 110.0
    min_run_s: float = 360.0
    """Anti-short-cycle: shortest run once started."""
    min_off_s: float = 600.0
    """Anti-short-cycle: shortest pause before a restart."""
    ramp_s: float = 180.0
    """After a start (or a defrost) heat output ramps up over this time."""
    ramp_floor: float = 0.3
    """Share of steady output at the very start of the ramp."""


class Compressor:
    """Run state, modulation, and the timers that guard the compressor."""

    __slots__ = ("modulation", "off_s", "p", "ramp_elapsed_s", "run_s", "running")

    def __init__(self, params: CompressorParams | None = None) -> None:
        """A stopped compressor free to start."""
        self.p = params or CompressorParams()
        self.running = False
        self.modulation = 0.0
        self.run_s = 0.0
        self.off_s = self.p.min_off_s
        self.ramp_elapsed_s = 0.0

    def can_start(self) -> bool:
        """Stopped long enough to start again."""
        return not self.running and self.off_s >= self.p.min_off_s

    def can_stop(self) -> bool:
        """Ran long enough to stop."""
        return self.running and self.run_s >= self.p.min_run_s

    def start(self) -> None:
        """Start (the caller checks :meth:`can_start`)."""
        self.running = True
        self.run_s = 0.0
        self.ramp_elapsed_s = 0.0
        self.modulation = self.p.min_modulation

    def stop(self) -> None:
        """Stop now."""
        self.running = False
        self.off_s = 0.0
        self.modulation = 0.0

    def restart_ramp(self) -> None:
        """Output ramps up again (after a defrost)."""
        self.ramp_elapsed_s = 0.0

    def advance(self, dt: float) -> None:
        """Let ``dt`` seconds pass on the timers."""
        if self.running:
            self.run_s += dt
            self.ramp_elapsed_s += dt
        else:
            self.off_s += dt

    def clamp(self, modulation: float) -> float:
        """Modulation limited to the compressor's range."""
        return min(1.0, max(self.p.min_modulation, modulation))

    @property
    def ramp(self) -> float:
        """Share of steady heat output reached since the start (0.3 … 1)."""
        p = self.p
        if self.ramp_elapsed_s >= p.ramp_s:
            return 1.0
        return p.ramp_floor + (1.0 - p.ramp_floor) * self.ramp_elapsed_s / p.ramp_s

    @property
    def frequency_hz(self) -> float:
        """Compressor frequency now (0 when stopped)."""
        if not self.running:
            return 0.0
        p = self.p
        if p.min_modulation >= 1.0:
            return p.max_frequency_hz
        span = (self.modulation - p.min_modulation) / (1.0 - p.min_modulation)
        return p.min_frequency_hz + span * (p.max_frequency_hz - p.min_frequency_hz)
