"""The figures ``Engine.metrics()`` returns, computed on demand.

Every period COP is a ratio of energy sums, never a mean of instantaneous
COPs (None while the period has no electricity):

- ``cop_today`` … ``cop_lifetime``: combined, net COP: all samples, standby
  included, defrost heat left in as negative heat (heatpumpmonitor.org's
  "combined" COP).  Cooling intervals are excluded (see ``eer_today``).
- ``running_cop_today``: only intervals opened at electrical power ≥ the
  starting power (heatpumpmonitor's "running" COP), and not while the unit
  reports its compressor off (a backup heater alone is not the compressor).
- ``gross_cop_today``: as ``cop_today`` with the defrosts' negative heat
  removed (same electricity), so gross − net is what defrost cost.
- ``scop``: space-heating service only over the current heating season: net
  heating heat / electricity in heating mode.  Standby and DHW are outside
  it; it is a measured seasonal COP of the unit (SEPEMO H1-like), not the
  EN 14825 bin calculation.
- ``eer_today``: cooling delivered / electricity in cooling mode.
- ``carnot_efficiency`` (%): heatpumpmonitor's running "% of Carnot": today's
  heat over running intervals divided by the heat an ideal machine would
  have made from the same electricity (negated while the flow is below the
  return, so a defrost costs what it cost).
- ``performance_index`` (×): the same heat divided by what the expected COP
  would have made (see ``efficiency``).

Per service (``heat_energy_heating`` … ``_other``, ``electrical_energy_*``)
only intervals at or above the starting power count in heating, DHW, pool or
cooling; standby and pump overrun are "other", so the parts add up to
``heat_energy`` and ``electrical_energy`` exactly.

Compressor: ``compressor_starts_today`` and ``compressor_starts_per_hour``
are heatpumpmonitor's (every rise above the starting power; starts ÷ hours
with an electrical reading today).  ``compressor_cycles_today`` is ours: a
pause under a minute and a defrost are not a new cycle.

Energies (kWh) are totals that never decrease: ``heat_energy*`` is positive
heat delivered (defrost losses are in ``defrost_energy_today``), per service
for the ``_heating``/``_dhw``/``_pool``/``_other`` variants.
``defrost_energy_today`` is all of today's negative heat outside cooling
(heatpumpmonitor's ``process_defrosts``: before, during and after the flag);
``defrost_share_today`` is that as % of today's positive heat.  Durations are minutes.
"""

from __future__ import annotations

from statistics import fmean
from typing import TYPE_CHECKING

from ..quantities import Kind, Quantity
from . import compressor as cmp
from . import defrost as dfr
from .energy import (
    BACKUP_E,
    CARNOT_E,
    CARNOT_U,
    COOLING,
    DATA_SEC,
    DEF_LOSS,
    DEF_SEC,
    DHW,
    E_RUN,
    ELEC,
    EXP_E,
    EXP_U,
    H_RUN,
    HEAT_SERVICES,
    HEATING,
    NEG,
    OTHER,
    POOL,
    POS,
    STARTS,
)
from .kinds import pool_low_delta_t
from .valve import infer_reversing_valve

if TYPE_CHECKING:
    from .engine import Engine

type Metrics = dict[str, float | bool | str | None]

METRIC_KEYS: tuple[str, ...] = (
    "heat_power",
    "electrical_power",
    "cop",
    "cop_today",
    "cop_month",
    "cop_year",
    "cop_season",
    "cop_lifetime",
    "scop",
    "running_cop_today",
    "gross_cop_today",
    "eer_today",
    "heat_energy",
    "heat_energy_heating",
    "heat_energy_dhw",
    "heat_energy_pool",
    "heat_energy_other",
    "cooling_energy",
    "electrical_energy",
    "electrical_energy_heating",
    "electrical_energy_dhw",
    "electrical_energy_pool",
    "electrical_energy_cooling",
    "electrical_energy_other",
    "backup_heater_energy",
    "heat_energy_today",
    "electrical_energy_today",
    "defrost_active",
    "defrost_count_today",
    "defrost_count",
    "defrost_duration_today",
    "defrost_energy_today",
    "defrost_share_today",
    "compressor_running",
    "compressor_starts_today",
    "compressor_starts_per_hour",
    "compressor_cycles_today",
    "mean_run_time",
    "short_cycling",
    "reversing_valve",
    "operating_mode",
    "carnot_cop",
    "carnot_efficiency",
    "expected_cop",
    "performance_index",
)
"""Keys every engine reports."""

KIND_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.WATER_HEATER: ("cop_per_cycle", "standing_loss"),
    Kind.POOL: ("pool_low_delta_t",),
    Kind.DRYER: ("smer", "energy_per_cycle", "water_removed_last_cycle"),
}
"""Extra keys for some kinds."""


def ratio(num: float, den: float) -> float | None:
    """num/den, None unless den > 0."""
    return num / den if den > 0.0 else None


def heat_positive(v: list[float]) -> float:
    """Positive heat of the heat services."""
    return v[HEATING + POS] + v[DHW + POS] + v[POOL + POS] + v[OTHER + POS]


def heat_net(v: list[float]) -> float:
    """Net heat of the heat services (defrost and other negative heat in)."""
    return sum(v[s + POS] - v[s + NEG] for s in HEAT_SERVICES)


def elec_heat(v: list[float]) -> float:
    """Electricity outside cooling, added in the order the parts are shown
    (``sum`` compensates rounding, so it could differ from the parts' sum)."""
    return v[HEATING + ELEC] + v[DHW + ELEC] + v[POOL + ELEC] + v[OTHER + ELEC]


def elec_all(v: list[float]) -> float:
    """All electricity."""
    return elec_heat(v) + v[COOLING + ELEC]


def cop(v: list[float]) -> float | None:
    """Combined net COP of a period's sums."""
    return ratio(heat_net(v), elec_heat(v))


def service_cop(v: list[float], slot: int) -> float | None:
    """Net COP of one service (EER for cooling)."""
    if slot == COOLING:
        return ratio(v[COOLING + NEG], v[COOLING + ELEC])
    return ratio(v[slot + POS] - v[slot + NEG], v[slot + ELEC])


def starts_per_hour(v: list[float]) -> float | None:
    """Starts per hour with an electrical reading."""
    return ratio(3600.0 * v[STARTS], v[DATA_SEC])


def _plus(a: list[float], b: list[float]) -> list[float]:
    return [x + y for x, y in zip(a, b, strict=True)]


def _periods(e: Engine) -> dict[str, list[float]]:
    p, day = e._periods, e._day
    return {
        "today": day,
        "month": _plus(p.month, day),
        "year": _plus(p.year, day),
        "season": _plus(p.season, day),
        "lifetime": _plus(p.lifetime, day),
    }


def build_metrics(e: Engine) -> Metrics:
    """``Engine.metrics()``."""
    cfg = e._cfg
    sums = _periods(e)
    day, life, season = sums["today"], sums["lifetime"], sums["season"]
    vals = e._vals
    mode = e._mode
    cooling = mode == "cooling"
    defrosting = e._def.state == dfr.ACTIVE
    comp = e._comp
    raw_on = e._comp_raw
    now = e._ts if e._ts is not None else 0.0
    first_ts = e._first_ts
    ph, pe = e._ph, e._pe

    live_cop = None
    running = (
        raw_on
        if raw_on is not None
        else (pe is not None and pe >= cfg.compressor_threshold_w)
    )
    min_power = max(cfg.compressor_threshold_w, cfg.live_cop_min_power_w)
    if (
        running
        and not defrosting
        and ph is not None
        and pe is not None
        and pe >= min_power
    ):
        useful = -ph if cooling else ph
        live_cop = useful / pe if useful >= 0.0 else None

    pos_today = heat_positive(day)
    runs = comp.run_times(now, cfg.run_time_window_s)
    valve = vals.get(Quantity.REVERSING_VALVE)
    if valve is None:
        valve = infer_reversing_valve(
            mode, defrosting, cfg.reversing_valve_energized_in
        )
    else:
        valve = bool(valve)
    shown_mode: str | None = mode
    if defrosting:
        shown_mode = "defrost"
    elif (
        raw_on is False
        and vals.get(Quantity.OPERATING_MODE) is None
        and vals.get(Quantity.THREE_WAY_VALVE) is None
    ):
        shown_mode = "standby"
    carnot = expected = None
    if e._eff is not None:
        carnot, expected = e._eff.live(vals.get, cooling)

    out: Metrics = {
        "heat_power": ph,
        "electrical_power": pe,
        "cop": live_cop,
        "cop_today": cop(day),
        "cop_month": cop(sums["month"]),
        "cop_year": cop(sums["year"]),
        "cop_season": cop(season),
        "cop_lifetime": cop(life),
        "scop": service_cop(season, HEATING),
        "running_cop_today": ratio(day[H_RUN], day[E_RUN]),
        "gross_cop_today": ratio(heat_net(day) + day[DEF_LOSS], elec_heat(day)),
        "eer_today": service_cop(day, COOLING),
        "heat_energy": heat_positive(life),
        "heat_energy_heating": life[HEATING + POS],
        "heat_energy_dhw": life[DHW + POS],
        "heat_energy_pool": life[POOL + POS],
        "heat_energy_other": life[OTHER + POS],
        "cooling_energy": life[COOLING + NEG],
        "electrical_energy": elec_all(life),
        "electrical_energy_heating": life[HEATING + ELEC],
        "electrical_energy_dhw": life[DHW + ELEC],
        "electrical_energy_pool": life[POOL + ELEC],
        "electrical_energy_cooling": life[COOLING + ELEC],
        "electrical_energy_other": life[OTHER + ELEC],
        "backup_heater_energy": life[BACKUP_E],
        "heat_energy_today": pos_today,
        "electrical_energy_today": elec_all(day),
        "defrost_active": defrosting,
        "defrost_count_today": e._def_day,
        "defrost_count": e._def_total,
        "defrost_duration_today": day[DEF_SEC] / 60.0,
        "defrost_energy_today": day[DEF_LOSS],
        "defrost_share_today": (
            100.0 * day[DEF_LOSS] / pos_today if pos_today > 0.0 else None
        ),
        "compressor_running": raw_on,
        "compressor_starts_today": int(day[STARTS]),
        "compressor_starts_per_hour": starts_per_hour(day),
        "compressor_cycles_today": e._starts_day,
        "mean_run_time": fmean(runs) / 60.0 if runs else None,
        "short_cycling": comp.short_cycling(
            now,
            first_ts,
            cfg.short_cycle_starts_per_hour,
            cfg.short_cycle_min_run_s,
            cfg.short_cycle_min_runs,
        ),
        "reversing_valve": valve,
        "operating_mode": shown_mode,
        "carnot_cop": carnot,
        "carnot_efficiency": carnot_pct(day),
        "expected_cop": expected,
        "performance_index": ratio(day[EXP_U], day[EXP_E]),
    }
    kind = cfg.kind
    if e._wh is not None:
        out["cop_per_cycle"] = e._wh.cop
        out["standing_loss"] = e._wh.loss_kwh_day
    elif kind == Kind.POOL:
        out["pool_low_delta_t"] = pool_low_delta_t(
            running and comp.state != cmp.OFF,
            vals.get(Quantity.FLOW_TEMPERATURE),
            vals.get(Quantity.RETURN_TEMPERATURE),
            cfg.pool_min_delta_t_k,
        )
    elif e._dry is not None:
        out["smer"] = e._dry.smer
        out["energy_per_cycle"] = e._dry.energy
        out["water_removed_last_cycle"] = e._dry.water
    return out


def carnot_pct(v: list[float]) -> float | None:
    """heatpumpmonitor's running % of Carnot (None unless the ideal heat > 0)."""
    return 100.0 * v[CARNOT_U] / v[CARNOT_E] if v[CARNOT_E] > 0.0 else None


def build_breakdown(e: Engine) -> dict[str, dict[str, float | None]]:
    """``Engine.breakdown()``: per period, COP and energy per service."""
    out: dict[str, dict[str, float | None]] = {}
    for name, v in _periods(e).items():
        out[name] = {
            "cop": cop(v),
            "cop_heating": service_cop(v, HEATING),
            "cop_dhw": service_cop(v, DHW),
            "cop_pool": service_cop(v, POOL),
            "eer": service_cop(v, COOLING),
            "gross_cop": ratio(heat_net(v) + v[DEF_LOSS], elec_heat(v)),
            "running_cop": ratio(v[H_RUN], v[E_RUN]),
            "running_heat_energy": v[H_RUN],
            "running_electrical_energy": v[E_RUN],
            "heat_energy_net_heating": v[HEATING + POS] - v[HEATING + NEG],
            "heat_energy_net_dhw": v[DHW + POS] - v[DHW + NEG],
            "heat_energy_net_pool": v[POOL + POS] - v[POOL + NEG],
            "heat_energy_other": v[OTHER + POS],
            "electrical_energy_other": v[OTHER + ELEC],
            "backup_heater_energy": v[BACKUP_E],
            "compressor_starts": v[STARTS],
            "compressor_starts_per_hour": starts_per_hour(v),
            "heat_energy": heat_positive(v),
            "heat_energy_net": heat_net(v),
            "heat_energy_heating": v[HEATING + POS],
            "heat_energy_dhw": v[DHW + POS],
            "heat_energy_pool": v[POOL + POS],
            "cooling_energy": v[COOLING + NEG],
            "electrical_energy": elec_all(v),
            "electrical_energy_heating": v[HEATING + ELEC],
            "electrical_energy_dhw": v[DHW + ELEC],
            "electrical_energy_pool": v[POOL + ELEC],
            "electrical_energy_cooling": v[COOLING + ELEC],
            "defrost_energy": v[DEF_LOSS],
            "defrost_duration": v[DEF_SEC] / 60.0,
            "carnot_efficiency": carnot_pct(v),
            "performance_index": ratio(v[EXP_U], v[EXP_E]),
        }
    return out
