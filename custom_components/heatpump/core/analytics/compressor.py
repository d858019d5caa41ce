"""Compressor runs, starts and the short-cycling flag.

A start is an off→on transition after at least ``min_off_s`` (60 s) off; a
shorter off is a pause inside the same run, and the engine treats the
compressor as on while a defrost is under way (a defrost is not a stop).  The
first state ever seen is not a transition, so a run already going when the
engine starts is not a start and its run time is unknown.

Rolling statistics, as of the latest sample:

- starts per hour: starts in the last ``short_cycle_window_s`` (3 h) divided
  by the hours of that window the engine has seen;
- mean and median run time: runs that ended in the last
  ``run_time_window_s`` (24 h);
- short cycling: more than ``short_cycle_starts_per_hour`` (3) starts per hour
  sustained over the whole window (so at least 10 starts in 3 h), or a median
  run shorter than ``short_cycle_min_run_s`` (10 min) over the runs that ended
  in the 3 h window, once there are ``short_cycle_min_runs`` (3) of them.
"""

from __future__ import annotations

from statistics import median
from typing import Any

UNKNOWN = 0
RUN = 1
PAUSE = 2
OFF = 3

STARTED = 1
STOPPED = 2

_EXPECT: tuple[bool | None, ...] = (None, True, None, False)


class CompressorTracker:
    """Runs and starts from the on/off state of each sample."""

    __slots__ = (
        "expect",
        "known_start",
        "min_off_s",
        "off_since",
        "run_start",
        "run_window_s",
        "runs",
        "start_window_s",
        "starts",
        "state",
        "stopped_at",
    )

    def __init__(self, min_off_s: float, start_window_s: float, run_window_s: float):
        """Nothing seen yet."""
        self.min_off_s = min_off_s
        self.start_window_s = start_window_s
        self.run_window_s = run_window_s
        self.state = UNKNOWN
        self.expect: bool | None = None
        """The on/off value for which ``step`` would do nothing."""
        self.run_start = 0.0
        self.known_start = False
        """False for the run that was going when the engine first saw it."""
        self.off_since = 0.0
        """PAUSE: when the compressor went off."""
        self.stopped_at = 0.0
        """After STOPPED: when the run ended."""
        self.starts: list[float] = []
        """Start times within the start window."""
        self.runs: list[list[float]] = []
        """[end, seconds] of runs that ended within the run window."""

    def step(self, ts: float, on: bool) -> int:
        """Advance to ts; return a bitmask of STARTED and STOPPED."""
        state = self.state
        result = 0
        if state == PAUSE and (not on or ts - self.off_since >= self.min_off_s):
            if ts - self.off_since < self.min_off_s:
                return 0
            self._stop(self.off_since)
            result = STOPPED
            state = OFF
        if on:
            if state == PAUSE:
                state = RUN
            elif state == OFF:
                state = RUN
                self.run_start, self.known_start = ts, True
                self._prune(self.starts, ts - self.start_window_s)
                self.starts.append(ts)
                result |= STARTED
            elif state == UNKNOWN:
                state = RUN
                self.run_start, self.known_start = ts, False
        elif state == RUN:
            state, self.off_since = PAUSE, ts
        elif state == UNKNOWN:
            state = OFF
        self.state = state
        self.expect = _EXPECT[state]
        return result

    def _stop(self, end: float) -> None:
        self.stopped_at = end
        if self.known_start:
            runs = self.runs
            cutoff = end - self.run_window_s
            while runs and runs[0][0] < cutoff:
                del runs[0]
            runs.append([end, end - self.run_start])

    @staticmethod
    def _prune(times: list[float], cutoff: float) -> None:
        while times and times[0] < cutoff:
            del times[0]

    @property
    def last_run_s(self) -> float | None:
        """Length of the run that ended last, if its start was seen."""
        return self.runs[-1][1] if self.runs else None

    def starts_per_hour(self, now: float, first_ts: float) -> float | None:
        """Starts in the window ending now, per hour of it the engine has seen."""
        span = min(self.start_window_s, now - first_ts)
        if span <= 0.0:
            return None
        cutoff = now - self.start_window_s
        count = sum(1 for t in self.starts if t >= cutoff)
        return count * 3600.0 / span

    def run_times(self, now: float, window_s: float) -> list[float]:
        """Seconds of the runs that ended in the window ending now."""
        cutoff = now - window_s
        return [secs for end, secs in self.runs if end >= cutoff]

    def short_cycling(
        self,
        now: float,
        first_ts: float,
        max_per_hour: float,
        min_run_s: float,
        min_runs: int,
    ) -> bool:
        """The flag described in the module docstring."""
        window = self.start_window_s
        if now - first_ts >= window:
            cutoff = now - window
            count = sum(1 for t in self.starts if t >= cutoff)
            if count > max_per_hour * window / 3600.0:
                return True
        runs = self.run_times(now, window)
        return len(runs) >= min_runs and median(runs) < min_run_s

    def to_dict(self) -> dict[str, Any]:
        """State for ``Engine.to_dict``."""
        return {
            "state": self.state,
            "run_start": self.run_start,
            "known_start": self.known_start,
            "off_since": self.off_since,
            "stopped_at": self.stopped_at,
            "starts": list(self.starts),
            "runs": [list(r) for r in self.runs],
        }

    def load(self, data: dict[str, Any]) -> None:
        """Inverse of ``to_dict``."""
        state = data["state"]
        if state not in (UNKNOWN, RUN, PAUSE, OFF):
            raise ValueError(f"compressor state {state!r}")
        self.state = int(state)
        self.expect = _EXPECT[self.state]
        self.run_start = data["run_start"]
        self.known_start = bool(data["known_start"])
        self.off_since = data["off_since"]
        self.stopped_at = data["stopped_at"]
        self.starts = list(data["starts"])
        self.runs = [list(r) for r in data["runs"]]
