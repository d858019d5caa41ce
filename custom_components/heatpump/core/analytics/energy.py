"""Energy bookkeeping: the accumulator layout and the counter guard.

Every period (day, month, year, season, lifetime) is one flat list of floats
with the layout below, so the hot path adds into the day's list by index and
a rollover folds it into the longer periods element by element.  All energies
are kWh and every element only ever grows, except the signed ``RUNNING_HEAT``,
``CARNOT_HEAT`` and ``EXPECTED_HEAT`` sums.

Heat is split by the service the unit was giving (from ``OPERATING_MODE`` and
``THREE_WAY_VALVE``); each service has three elements: positive heat,
negative heat (as a positive number) and electricity.  Net heat of a service
is positive − negative: defrost and other negative heat stay in, as
heatpumpmonitor.org does.
"""

from __future__ import annotations

from math import isfinite

HEATING = 0
DHW = 3
POOL = 6
COOLING = 9
"""In cooling, the negative-heat element is the cooling energy delivered."""
OTHER = 12
"""Standby, off, drying and anything else."""
HEAT = 0
NEGATIVE_HEAT = 1
ELECTRICITY = 2

RUNNING_HEAT = 15
"""Net heat while electrical power ≥ the starting power and the compressor is
not reported off (not cooling)."""
RUNNING_ELECTRICITY = 16
DEFROST_LOSS = 17
"""All negative heat outside cooling (defrosts with their tails), as
heatpumpmonitor's ``process_defrosts`` counts it."""
DEFROST_SECONDS = 18
"""Seconds the defrost condition held."""
CARNOT_HEAT = 19
"""Σ heat over running intervals with a Carnot COP."""
CARNOT_IDEAL_HEAT = 20
"""Σ electricity × Carnot COP over the same intervals, negated while the flow
is colder than the return by more than 0.2 K: the heat an ideal machine would
have made (heatpumpmonitor's ``carnot_simulator``)."""
EXPECTED_HEAT = 21
"""Σ useful heat / expected COP over running intervals."""
EXPECTED_ELECTRICITY = 22
STARTS = 23
"""Compressor starts as heatpumpmonitor counts them (see ``engine``)."""
READING_SECONDS = 24
"""Seconds with an electrical reading (held readings included)."""
BACKUP_ELECTRICITY = 25
"""Electricity while the backup heater is on and the compressor is not."""
SIZE = 26

SERVICE_NAMES = ("heating", "dhw", "pool", "cooling", "other")
"""In slot order: HEATING, DHW, POOL, COOLING, OTHER."""
SUM_NAMES: tuple[str, ...] = (
    *(
        f"{service}_{part}"
        for service in SERVICE_NAMES
        for part in ("heat", "negative_heat", "electricity")
    ),
    "running_heat",
    "running_electricity",
    "defrost_loss",
    "defrost_seconds",
    "carnot_heat",
    "carnot_ideal_heat",
    "expected_heat",
    "expected_electricity",
    "starts",
    "reading_seconds",
    "backup_electricity",
)
"""The elements' names, in layout order, as the stored state spells them."""

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


def sums_to_dict(sums: list[float]) -> dict[str, float]:
    """An accumulator with its elements named (for storage)."""
    return dict(zip(SUM_NAMES, sums, strict=True))


def sums_from_dict(data: dict[str, float]) -> list[float]:
    """Inverse of ``sums_to_dict``: KeyError names a missing element."""
    return [float(data[name]) for name in SUM_NAMES]


class Counter:
    """A cumulative kWh counter of the unit or a meter, guarded.

    ``step`` returns the kWh counted since the previous reading, or None when
    the counter cannot tell (the engine counts that interval by other means,
    power integration as a rule, and reports it with ``bridge``):

    - first reading, or the previous one is older than ``max_gap_s``: a new
      baseline;
    - a drop (reset to 0, meter swap, backwards step) or a jump faster than
      ``max_power_w`` since the counter last moved (the time since the last
      change, not the sample interval, so coarse counters that step by a
      whole kWh are not mistaken for glitches): the reading is held in
      ``doubt`` and the baseline is kept.

    The next reading settles a doubt.  If it continues from the baseline
    within a plausible step, the doubtful reading was a glitch: the step is
    the counter's delta from the baseline, which covers the glitch interval
    as well, less what the engine counted for that interval meanwhile
    (``bridged``).  So the total is the counter's own delta, exact to its
    resolution, whatever the fallback made of the glitch (a plausible 0 W
    read together with the glitch is then harmless).  Were the fallback
    higher than the counter's delta, the excess is paid off from the next
    steps rather than counted twice or taken back.  If the reading continues
    from the doubtful one instead, the drop or jump persisted: a real reset
    or a new meter, counted from the new value on, and the intervals before
    it keep their fallback energy (they lie before the new base, so nothing
    is counted twice).  Anything else replaces the doubt.

    A reading that is missing must drop the baseline (``last = None``) so
    that the next one re-baselines: a delta across the hole would count
    again what the power integration already counted.
    """

    __slots__ = (
        "bridged",
        "changed",
        "doubt",
        "doubt_ts",
        "last",
        "max_gap",
        "max_kwh_per_s",
    )

    def __init__(self, max_gap_s: float, max_power_w: float) -> None:
        """Start without a baseline."""
        self.max_gap = max_gap_s
        self.max_kwh_per_s = max_power_w * KWH_PER_WS
        self.last: float | None = None
        self.changed = 0.0
        """ts of the last accepted change (or of the baseline)."""
        self.doubt: float | None = None
        """A reading that broke from the baseline, until the next one settles it."""
        self.doubt_ts = 0.0
        self.bridged = 0.0
        """kWh counted by other means that the next steps from ``last`` include."""

    def step(self, value: float, ts: float, dt: float) -> float | None:
        """Take a reading at ts, dt seconds after the previous sample."""
        last = self.last
        if last is None or dt > self.max_gap:
            self._baseline(value, ts)
            return None
        delta = value - last
        if delta == 0.0 and self.doubt is None:
            return 0.0
        if 0.0 <= delta <= self.max_kwh_per_s * (ts - self.changed):
            self.doubt = None
            if delta:
                self.last = value
                self.changed = ts
            bridged = self.bridged
            if not bridged:
                return delta
            if delta < bridged:
                self.bridged = bridged - delta
                return 0.0
            self.bridged = 0.0
            return delta - bridged
        doubt = self.doubt
        if doubt is not None:
            since = value - doubt
            if 0.0 <= since <= self.max_kwh_per_s * (ts - self.doubt_ts):
                self._baseline(value, ts)
                return since
        if isfinite(value):
            self.doubt = value
            self.doubt_ts = ts
        return None

    def bridge(self, kwh: float | None, aside: bool) -> None:
        """What the engine counted instead for an interval the step was None.

        ``aside``: the interval waits on a held power and may yet be
        dropped; the counter then gives up its baseline (the next reading
        re-baselines) rather than bridge energy that may never count.
        """
        if self.doubt is None:
            return
        if aside:
            self.last = self.doubt = None
            self.bridged = 0.0
        elif kwh:
            self.bridged += kwh

    def _baseline(self, value: float, ts: float) -> None:
        self.last = value if isfinite(value) else None
        self.changed = ts
        self.doubt = None
        self.bridged = 0.0

    def to_list(self) -> list[float | None]:
        """[last reading, ts it last changed, doubt, its ts, bridged kWh]."""
        return [self.last, self.changed, self.doubt, self.doubt_ts, self.bridged]

    def load(self, data: list[float | None]) -> None:
        """Inverse of ``to_list`` (a stored [last, changed] has no doubt)."""
        self.last, changed, *rest = data
        self.changed = changed or 0.0
        doubt, doubt_ts, bridged = rest or (None, 0.0, 0.0)
        self.doubt = doubt
        self.doubt_ts = doubt_ts or 0.0
        self.bridged = bridged or 0.0
