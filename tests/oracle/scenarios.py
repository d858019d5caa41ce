"""Synthetic days of 10 s samples for the oracle comparison.

Each scenario is one UTC day (8640 slots) of a small air-to-water unit:
cycling or modulating space heating, hot-water runs, reverse-cycle defrosts
with negative heat a little before and after the unit's flag, compressor
pauses around defrosts, standby power and holes in the data.  A slot is
either a sample with readings, a sample whose readings are all missing
("empty"), or no sample at all ("missing"); the reference sees both kinds of
hole as nulls.  The values are deterministic (seeded noise).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from custom_components.heatpump.core.analytics import Sample
from custom_components.heatpump.core.quantities import Quantity, Value

from .hpmon import Feeds

Q = Quantity
STEP_S = 10
SLOTS = 86400 // STEP_S
DAY_START = datetime(2024, 1, 15, tzinfo=UTC).timestamp()
FLOW_W_PER_K = 1250.0
"""0.3 kg/s of water: heat (W) per kelvin of flow − return."""

OK = "ok"
EMPTY = "empty"
MISSING = "missing"


@dataclass(slots=True)
class Slot:
    """The unit's state in one 10 s slot."""

    elec: float = 0.0
    heat: float = 0.0
    flow: float = 30.0
    outside: float = 5.0
    mode: str = "heating"
    defrost: bool = False
    freq: float = 0.0
    presence: str = OK

    @property
    def ret(self) -> float:
        """Return temperature from the heat carried by the fixed flow rate."""
        return round(self.flow - self.heat / FLOW_W_PER_K, 2)


@dataclass(slots=True)
class Scenario:
    """A named day and whether its samples carry the unit's defrost flag."""

    name: str
    slots: list[Slot]
    defrost_flag: bool = True
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def feeds(self) -> Feeds:
        """The day as the reference loads it (holes are nulls)."""

        def col(get: Callable[[Slot], float]) -> list[float | None]:
            return [get(s) if s.presence == OK else None for s in self.slots]

        return Feeds(
            elec=col(lambda s: s.elec),
            heat=col(lambda s: s.heat),
            flow=col(lambda s: s.flow),
            ret=col(lambda s: s.ret),
            outside=col(lambda s: s.outside),
            dhw=col(lambda s: 1.0 if s.mode == "dhw" else 0.0),
        )

    def samples(self) -> Iterator[Sample]:
        """The day as the engine sees it, then one closing sample at midnight."""
        for i, s in enumerate(self.slots):
            ts = DAY_START + i * STEP_S
            if s.presence == MISSING:
                continue
            yield Sample(ts, self.values(s) if s.presence == OK else {})
        last = replace(self.slots[-1], presence=OK)
        yield Sample(DAY_START + SLOTS * STEP_S, self.values(last))

    def values(self, s: Slot) -> dict[Quantity, Value]:
        """The readings of one slot."""
        out: dict[Quantity, Value] = {
            Q.ELECTRICAL_POWER: s.elec,
            Q.HEAT_POWER: s.heat,
            Q.FLOW_TEMPERATURE: s.flow,
            Q.RETURN_TEMPERATURE: s.ret,
            Q.OUTDOOR_TEMPERATURE: s.outside,
            Q.OPERATING_MODE: s.mode,
            Q.COMPRESSOR_FREQUENCY: s.freq,
        }
        if self.defrost_flag:
            out[Q.DEFROST_ACTIVE] = s.defrost
        return out


# ------------------------------------------------------------------ building


def _idle(n: int, standby_w: float, outside: float, mode: str) -> list[Slot]:
    """Compressor off: 2 min of pump overrun (50 W, fading heat), then standby."""
    out = []
    for i in range(n):
        overrun = i < 12
        heat = 900.0 * (1 - i / 12) if overrun else 0.0
        out.append(
            Slot(
                elec=50.0 if overrun else standby_w,
                heat=round(heat, 1),
                flow=round(max(24.0, 34.0 - 0.05 * i), 2),
                outside=outside,
                mode=mode,
            )
        )
    return out


def _run(
    n: int, rnd: random.Random, elec_w: float, cop: float, flow: float, **kw: object
) -> list[Slot]:
    """Compressor on: 30 s ramp, then steady with noise."""
    outside = float(kw.get("outside", 5.0))  # type: ignore[arg-type]
    mode = str(kw.get("mode", "heating"))
    out = []
    for i in range(n):
        ramp = min(1.0, (i + 1) / 4)
        elec = round(elec_w * ramp * (1 + rnd.uniform(-0.03, 0.03)), 1)
        heat = round(elec * cop * ramp * (1 + rnd.uniform(-0.02, 0.02)), 1)
        out.append(
            Slot(
                elec=elec,
                heat=heat,
                flow=round(flow - 3 * (1 - ramp) + rnd.uniform(-0.1, 0.1), 2),
                outside=outside,
                mode=mode,
                freq=round(40 * ramp, 1),
            )
        )
    return out


def _defrost(outside: float, mode: str, pause: bool) -> list[Slot]:
    """One reverse-cycle defrost: negative heat 20 s before the flag and 30 s
    after it, the flag for 2 min, and (``pause``) the compressor stopped 40 s
    before and after the reversal."""
    out: list[Slot] = []

    def add(n: int, **kw: object) -> None:
        out.extend(Slot(outside=outside, mode=mode, **kw) for _ in range(n))  # type: ignore[arg-type]

    if pause:
        add(4, elec=40.0, heat=-150.0, flow=27.0)
    add(2, elec=900.0, heat=-800.0, flow=26.0, freq=30.0)
    add(12, elec=1400.0, heat=-3500.0, flow=21.0, freq=60.0, defrost=True)
    add(3, elec=1000.0, heat=-1200.0, flow=23.0, freq=30.0)
    if pause:
        add(4, elec=40.0, heat=-120.0, flow=24.0)
    # The first sample back in heating straddles zero heat.
    add(1, elec=900.0, heat=300.0, flow=25.0, freq=30.0)
    return out


def _cycling(rnd: random.Random, standby_w: float) -> list[Slot]:
    slots: list[Slot] = []
    while len(slots) < SLOTS:
        slots += _run(240, rnd, 1200.0, 3.6, 35.0)
        slots += _idle(120, standby_w, 5.0, "heating")
    return slots[:SLOTS]


def _defrosting(rnd: random.Random, pause: bool) -> list[Slot]:
    """Continuous modulating heating at 0 °C with 12 defrosts."""
    slots: list[Slot] = []
    every = SLOTS // 12
    for _ in range(12):
        base = _run(every, rnd, 1000.0, 3.0, 36.0, outside=0.0)
        d = _defrost(0.0, "heating", pause)
        at = every // 2
        slots += base[:at] + d + base[at + len(d) :]
    return slots[:SLOTS]


def _with_dhw(rnd: random.Random) -> list[Slot]:
    """Cycling space heating with two 45-minute hot-water runs."""
    slots = _cycling(rnd, 8.0)
    for start in (6 * 360, 18 * 360):
        run = _run(270, rnd, 1800.0, 2.7, 50.0, mode="dhw")
        slots[start : start + 270] = run
        slots[start + 270 : start + 282] = _idle(12, 8.0, 5.0, "dhw")
    return slots


def _hole(slots: list[Slot], start: int, minutes: int, presence: str) -> list[Slot]:
    out = list(slots)
    for i in range(start, start + minutes * 6):
        out[i] = replace(out[i], presence=presence)
    return out


def scenarios() -> list[Scenario]:
    """The ten days of the comparison."""
    dhw = _with_dhw(random.Random(5))
    # Inside the first DHW run (slots 2160 … 2430), 10 minutes after it began.
    hole_at = 6 * 360 + 60
    out = [
        Scenario("steady cycling", _cycling(random.Random(1), 0.0)),
        Scenario("12 defrosts, flag", _defrosting(random.Random(2), pause=False)),
        Scenario(
            "12 defrosts, no flag",
            _defrosting(random.Random(2), pause=False),
            defrost_flag=False,
        ),
        Scenario("defrosts, 40 s pauses", _defrosting(random.Random(3), pause=True)),
        Scenario("heating + 2 DHW runs", dhw),
        Scenario("5 min missing", _hole(dhw, hole_at, 5, MISSING)),
        Scenario("5 min empty", _hole(dhw, hole_at, 5, EMPTY)),
        Scenario("30 min missing", _hole(dhw, hole_at, 30, MISSING)),
        Scenario("30 min empty", _hole(dhw, hole_at, 30, EMPTY)),
        Scenario("15 W standby", _cycling(random.Random(4), 15.0)),
    ]
    return out
