"""heatpumpmonitor.org's daily figures, re-derived from its published method.

Source: the emoncms MyHeatpump app, repository ``emoncms/app`` (read at commit
3b844fd), ``apps/OpenEnergyMonitor/myheatpump/myheatpump_process.php`` and
``myheatpump_model.php`` / ``process_daily.php``.  Only the facts of that
method are taken over; this is our own code:

- A day is a run of fixed 10 s slots (``get_heatpump_stats`` picks 10 s for
  periods up to a week; ``process_daily`` asks one day at a time).  Each slot
  holds one value per feed or nothing (null).
- ``remove_null_values``: a run of nulls in a feed is filled with the last
  value before it only when the time from that value to the next one is
  under 900 s; a longer hole stays empty, all of it.
- The starting power is 100 W unless configured (``MyHeatPump::get_stats`` and
  ``process_daily``).
- ``calculate_window_cops``: a slot counts when electricity and heat are both
  known and electricity ≥ 0; its energy is power × 10 s.  "combined" is every
  such slot, "running" those with electricity ≥ the starting power, and,
  when a DHW feed exists, running slots go to "water" when the DHW flag is
  set and to "space" otherwise.  Heat is signed (defrosts stay in).
- ``process_stats``: per category the mean of each feed over the slots where
  that feed is known (running: and electricity ≥ the starting power); the
  mean heat is rounded to 0.1 W.
- ``carnot_simulator``: per slot with electricity, heat, flow and return known
  (outside temperature held from its last value), the ideal heat is
  electricity (0 below the starting power) × Carnot COP, Carnot COP =
  (flow + 2 + 273) / ((flow + 2 + 273) − (outside − 6 + 273)), negated while
  flow − return < −0.2 K.  Its mean per category is rounded to 1 W, and
  % of Carnot = 100 × mean heat / mean ideal heat.
- ``process_defrosts``: the kWh of all negative heat.
- ``compressor_starts``: over slots with electricity known, the state is
  electricity ≥ the starting power; a start is a 0→1 change between such
  slots; starts per hour = starts / (known slots × 10 s / 3600).

Cooling (the ``heatpump_cooling`` feed) is left out: the scenarios have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

INTERVAL_S = 10.0
STARTING_POWER_W = 100.0
FILL_LIMIT_S = 900.0
CONDENSING_OFFSET_K = 2.0
EVAPORATOR_OFFSET_K = -6.0
KELVIN = 273.0
"""The reference's own offset (``carnot_simulator`` adds 273, not 273.15)."""
CATEGORIES = ("combined", "running", "space", "water")

type Feed = Sequence[float | None]


@dataclass(frozen=True, slots=True)
class Feeds:
    """One day of 10 s slots; None is a null slot."""

    elec: Feed
    heat: Feed
    flow: Feed
    ret: Feed
    outside: Feed
    dhw: Feed | None = None
    """1.0 while the unit makes hot water, 0.0 otherwise; None: no DHW feed."""


def php_round(value: float, digits: int = 0) -> float:
    """PHP's round()/number_format(): half away from zero."""
    quantum = Decimal(1).scaleb(-digits)
    sign = -1 if value < 0 else 1
    rounded = Decimal(repr(abs(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return sign * float(rounded)


def remove_null_values(feed: Feed, interval: float = INTERVAL_S) -> list[float | None]:
    """Fill holes shorter than 900 s with the value before them (see module)."""
    out = list(feed)
    last_valid = 0
    for pos, value in enumerate(out):
        if value is None:
            continue
        if (pos - last_valid) * interval < FILL_LIMIT_S:
            for x in range(last_valid + 1, pos):
                out[x] = out[last_valid]
        last_valid = pos
    return out


def filled(feeds: Feeds) -> Feeds:
    """Every feed through ``remove_null_values``, as the reference loads them."""
    return Feeds(
        remove_null_values(feeds.elec),
        remove_null_values(feeds.heat),
        remove_null_values(feeds.flow),
        remove_null_values(feeds.ret),
        remove_null_values(feeds.outside),
        None if feeds.dhw is None else remove_null_values(feeds.dhw),
    )


def _categories(
    elec: float | None, dhw_feed: Feed | None, z: int, sp: float
) -> tuple[str, ...]:
    if elec is None or elec < sp:
        return ("combined",)
    if dhw_feed is None:
        return ("combined", "running")
    return ("combined", "running", "water" if dhw_feed[z] else "space")


def window_cops(
    f: Feeds, sp: float = STARTING_POWER_W
) -> dict[str, dict[str, float | None]]:
    """``calculate_window_cops``: kWh and COP per category."""
    kwh = INTERVAL_S / 3.6e6
    sums = {c: {"elec_kwh": 0.0, "heat_kwh": 0.0, "seconds": 0.0} for c in CATEGORIES}
    for z, elec in enumerate(f.elec):
        heat = f.heat[z]
        if elec is None or heat is None or elec < 0:
            continue
        for cat in _categories(elec, f.dhw, z, sp):
            sums[cat]["elec_kwh"] += elec * kwh
            sums[cat]["heat_kwh"] += heat * kwh
            sums[cat]["seconds"] += INTERVAL_S
    out: dict[str, dict[str, float | None]] = {}
    for cat, s in sums.items():
        if s["seconds"] == 0:
            out[cat] = {"elec_kwh": None, "heat_kwh": None, "cop": None}
            continue
        cop = s["heat_kwh"] / s["elec_kwh"] if s["elec_kwh"] > 0 else 0.0
        out[cat] = {"elec_kwh": s["elec_kwh"], "heat_kwh": s["heat_kwh"], "cop": cop}
    return out


def mean_heat(f: Feeds, sp: float = STARTING_POWER_W) -> dict[str, float | None]:
    """``process_stats``, heat feed only: mean W per category, 0.1 W."""
    sums = dict.fromkeys(CATEGORIES, 0.0)
    counts = dict.fromkeys(CATEGORIES, 0)
    for z, heat in enumerate(f.heat):
        if heat is None:
            continue
        for cat in _categories(f.elec[z], f.dhw, z, sp):
            sums[cat] += heat
            counts[cat] += 1
    return {
        c: php_round(sums[c] / counts[c], 1) if counts[c] else None for c in CATEGORIES
    }


def carnot_ideal_heat(
    f: Feeds, sp: float = STARTING_POWER_W
) -> dict[str, float | None]:
    """``carnot_simulator``: mean ideal Carnot heat per category, 1 W."""
    sums = dict.fromkeys(CATEGORIES, 0.0)
    counts = dict.fromkeys(CATEGORIES, 0)
    ambient: float | None = None
    for z, elec in enumerate(f.elec):
        heat, flow, ret = f.heat[z], f.flow[z], f.ret[z]
        if f.outside[z] is not None:
            ambient = f.outside[z]
        if elec is None or heat is None or flow is None or ret is None:
            continue
        if ambient is None:
            continue
        hot = flow + CONDENSING_OFFSET_K + KELVIN
        lift = hot - (ambient + EVAPORATOR_OFFSET_K + KELVIN)
        carnot = hot / lift if lift != 0 else 0.0
        running = elec >= sp
        ideal = (elec if running else 0.0) * carnot
        if flow - ret < -0.2:
            ideal = -ideal
        cats = _categories(elec, f.dhw, z, sp)
        for cat in cats:
            sums[cat] += ideal
            counts[cat] += 1
    return {
        c: php_round(sums[c] / counts[c]) if counts[c] else None for c in CATEGORIES
    }


def prc_carnot(f: Feeds, sp: float = STARTING_POWER_W) -> dict[str, float | None]:
    """% of Carnot per category, as ``get_heatpump_stats`` combines the two."""
    heat = mean_heat(f, sp)
    ideal = carnot_ideal_heat(f, sp)
    out: dict[str, float | None] = {}
    for cat in CATEGORIES:
        h, i = heat[cat], ideal[cat]
        out[cat] = 100.0 * h / i if h is not None and i is not None and i > 0 else None
    return out


def negative_heat_kwh(f: Feeds) -> float:
    """``process_defrosts``: kWh of all negative heat."""
    kwh = INTERVAL_S / 3.6e6
    return sum(-h * kwh for h in f.heat if h is not None and h < 0)


def compressor_starts(f: Feeds, sp: float = STARTING_POWER_W) -> tuple[int, float]:
    """``compressor_starts``: (starts, starts per hour of known electricity)."""
    state: int | None = None
    starts = 0
    seconds = 0.0
    for elec in f.elec:
        if elec is None:
            continue
        last, state = state, 1 if elec >= sp else 0
        if last == 0 and state == 1:
            starts += 1
        seconds += INTERVAL_S
    hours = seconds / 3600.0
    return starts, starts / hours if hours > 0 else 0.0


def daily_figures(raw: Feeds, sp: float = STARTING_POWER_W) -> dict[str, float | None]:
    """Every figure of one day, flat: ``<category>_<elec_kwh|heat_kwh|cop>``,
    ``<category>_prc_carnot``, ``negative_heat_kwh``, ``starts``,
    ``starts_per_hour``."""
    f = filled(raw)
    out: dict[str, float | None] = {}
    for cat, figures in window_cops(f, sp).items():
        for key, value in figures.items():
            out[f"{cat}_{key}"] = value
    for cat, value in prc_carnot(f, sp).items():
        out[f"{cat}_prc_carnot"] = value
    out["negative_heat_kwh"] = negative_heat_kwh(f)
    starts, per_hour = compressor_starts(f, sp)
    out["starts"] = float(starts)
    out["starts_per_hour"] = per_hour
    return out
