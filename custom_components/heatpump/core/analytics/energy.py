"""Energy bookkeeping: the accumulator layout and the counter guard.

Every period (day, month, year, season, lifetime) is one flat list of floats
with the layout below, so the hot path adds into the day's list by index and
a rollover folds it into the longer periods element by element.  All energies
are kWh and every element only ever grows, except the signed ``H_RUN``,
``CARNOT_U`` and ``EXP_U`` sums.

Heat is split by the service the unit was giving (from ``OPERATING_MODE`` and
``THREE_WAY_VALVE``); each service has three elements: positive heat,
negative heat (as a positive number) and electricity.  Net heat of a service
is positive − negative: defrost and other negative heat stay in, as
heatpumpmonitor.org does.
"""

from __future__ import annotations

HEATING = 0
DHW = 3
POOL = 6
COOLING = 9
"""In cooling, the negative-heat element is the cooling energy delivered."""
OTHER = 12
"""Standby, off, drying and anything else."""
POS = 0
NEG = 1
ELEC = 2

H_RUN = 15
"""Net heat while electrical power ≥ the starting power and the compressor is
not reported off (not cooling)."""
E_RUN = 16
DEF_LOSS = 17
"""All negative heat outside cooling (defrosts with their tails), as
heatpumpmonitor's ``process_defrosts`` counts it."""
DEF_SEC = 18
"""Seconds the defrost condition held."""
CARNOT_U = 19
"""Σ heat over running intervals with a Carnot COP."""
CARNOT_E = 20
"""Σ electricity × Carnot COP over the same intervals, negated while the flow
is colder than the return by more than 0.2 K: the heat an ideal machine would
have made (heatpumpmonitor's ``carnot_simulator``)."""
EXP_U = 21
"""Σ useful heat / expected COP over running intervals."""
EXP_E = 22
STARTS = 23
"""Compressor starts as heatpumpmonitor counts them (see ``engine``)."""
DATA_SEC = 24
"""Seconds with an electrical reading (held readings included)."""
BACKUP_E = 25
"""Electricity while the backup heater is on and the compressor is not."""
SIZE = 26

HEAT_SERVICES = (HEATING, DHW, POOL, OTHER)
"""Services whose heat counts in COP (cooling counts in EER)."""

SLOT_OF_MODE: dict[str, int] = {
    "heating": HEATING,
    "dhw": DHW,
    "pool": POOL,
    "cooling": COOLING,
}

KWH_PER_WS = 1.0 / 3.6e6
"""p0 · dt · KWH_PER_WS is the kWh of an interval that opened at p0 W."""


def zeros() -> list[float]:
    """A fresh accumulator."""
    return [0.0] * SIZE


class Counter:
    """A cumulative kWh counter of the unit or a meter, guarded.

    ``step`` returns the kWh counted since the previous reading, or None when
    the step cannot be trusted and the counter is re-baselined instead:

    - first reading, or the previous one is older than ``max_gap_s``;
    - a drop (reset to 0, meter swap, backwards step);
    - a jump faster than ``max_power_w`` since the counter last moved (the
      time since the last change, not the sample interval, so coarse
      counters that step by a whole kWh are not mistaken for glitches).

    A reading that is missing must be reported with ``lose()`` so that the
    next one re-baselines: a delta across the hole would count again what
    the power integration already counted.
    """

    __slots__ = ("changed", "last", "max_gap", "max_kwh_per_s")

    def __init__(self, max_gap_s: float, max_power_w: float) -> None:
        """Start without a baseline."""
        self.max_gap = max_gap_s
        self.max_kwh_per_s = max_power_w * KWH_PER_WS
        self.last: float | None = None
        self.changed = 0.0
        """ts of the last accepted change (or of the baseline)."""

    def step(self, value: float, ts: float, dt: float) -> float | None:
        """Take a reading at ts, dt seconds after the previous sample."""
        last = self.last
        if last is None or dt > self.max_gap or value - value != 0.0:
            self._baseline(value, ts)
            return None
        delta = value - last
        if delta == 0.0:
            return 0.0
        if delta < 0.0 or delta > self.max_kwh_per_s * (ts - self.changed):
            self._baseline(value, ts)
            return None
        self.last = value
        self.changed = ts
        return delta

    def _baseline(self, value: float, ts: float) -> None:
        self.last = value if value - value == 0.0 else None
        self.changed = ts

    def to_list(self) -> list[float | None]:
        """State for ``Engine.to_dict``."""
        return [self.last, self.changed]

    def load(self, data: list[float | None]) -> None:
        """Inverse of ``to_list``."""
        self.last, changed = data
        self.changed = changed or 0.0
