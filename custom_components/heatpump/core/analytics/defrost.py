"""Defrost detection: a small state machine over a per-sample condition.

The condition is the unit's own report when it gives one (``DEFROST_ACTIVE``
or ``OPERATING_MODE == defrost``), else, if inference is on, heatpumpmonitor's
signature of reverse-cycle defrost: compressor running, a heating-type mode
and the flow colder than the return by more than ``defrost_delta_t_k``.

- An inferred defrost counts once its condition has held ``defrost_min_s``
  (30 s); it then starts when the condition first held.  A reported one
  starts at once.
- A condition that drops and comes back within ``defrost_merge_s`` (60 s)
  continues the same defrost; the end is when it dropped for good.

States: IDLE, PENDING (condition holds, not yet long enough), ACTIVE
(confirmed, condition holds) and TAIL (condition dropped, may still resume).
The engine skips ``step`` while the condition equals ``expect``.
"""

from __future__ import annotations

from collections.abc import Collection

from ..quantities import Quantity

IDLE = 0
PENDING = 1
ACTIVE = 2
TAIL = 3

STARTED = 1
ENDED = 2
DISCARDED = 4
"""A pending condition did not last: its energy stays ordinary heat."""


class DefrostTracker:
    """Confirmed defrosts from a noisy condition."""

    __slots__ = ("end", "expect", "merge_s", "off_since", "since", "start", "state")

    def __init__(self, merge_s: float) -> None:
        """Idle."""
        self.merge_s = merge_s
        self.state = IDLE
        self.expect: bool | None = False
        """The condition for which ``step`` would do nothing."""
        self.since = 0.0
        """PENDING: when the condition began."""
        self.start = 0.0
        """ACTIVE/TAIL: when the defrost began."""
        self.off_since = 0.0
        """TAIL: when the condition dropped."""
        self.end = 0.0
        """After ENDED: when the last defrost ended."""

    def step(self, ts: float, condition: bool, min_on_s: float) -> int:
        """Advance to ts; return a bitmask of STARTED, ENDED and DISCARDED."""
        result = 0
        state = self.state
        if state == TAIL and (not condition or ts - self.off_since >= self.merge_s):
            if ts - self.off_since < self.merge_s:
                return 0
            self.end = self.off_since
            state = IDLE
            result = ENDED
        if condition:
            if state == TAIL:
                state = ACTIVE
            elif state == IDLE:
                state, self.since = PENDING, ts
            if state == PENDING and ts - self.since >= min_on_s:
                state, self.start = ACTIVE, self.since
                result |= STARTED
        elif state == ACTIVE:
            state, self.off_since = TAIL, ts
        elif state == PENDING:
            state = IDLE
            result |= DISCARDED
        self.state = state
        self.expect = (False, None, True, None)[state]
        return result

    def to_list(self) -> list[float]:
        """State for ``Engine.to_dict``."""
        return [self.state, self.since, self.start, self.off_since, self.end]

    def load(self, data: list[float]) -> None:
        """Inverse of ``to_list``."""
        state, self.since, self.start, self.off_since, self.end = data
        if state not in (IDLE, PENDING, ACTIVE, TAIL):
            raise ValueError(f"defrost state {state!r}")
        self.state = int(state)
        self.expect = (False, None, True, None)[self.state]


_WATER_SIDE = frozenset(
    {Quantity.FLOW_RATE, Quantity.FLOW_TEMPERATURE, Quantity.RETURN_TEMPERATURE}
)
_AIR_SIDE = frozenset(
    {
        Quantity.AIRFLOW,
        Quantity.SUPPLY_AIR_TEMPERATURE,
        Quantity.RETURN_AIR_TEMPERATURE,
    }
)


def defrost_losses_measured(
    read: Collection[Quantity], heat_power_clamped: bool
) -> bool:
    """Whether the heat a defrost takes from the house can be seen at all.

    Only a heat power that can go negative shows it: the unit's own (unless
    it is clamped at 0) or flow × ΔT on the water or air side.  Without
    them, the defrost energy and net COP leave those losses out.
    """
    available = set(read)
    if Quantity.HEAT_POWER in available and not heat_power_clamped:
        return True
    return available >= _WATER_SIDE or available >= _AIR_SIDE
