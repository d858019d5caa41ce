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
``defrost_share_today`` is that as % of today's positive heat.  Durations are
minutes.

Figures only one kind of unit has are grouped: ``water_heater``, ``pool`` and
``dryer`` are None for every other kind.  ``breakdown()`` gives the period
figures per service for every period.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from ..quantities import Kind, Quantity
from .compressor import OFF as COMPRESSOR_OFF
from .config import EngineConfig
from .defrost import ACTIVE as DEFROST_ACTIVE
from .efficiency import Efficiency
from .energy import (
    BACKUP_ELECTRICITY,
    CARNOT_HEAT,
    CARNOT_IDEAL_HEAT,
    COOLING,
    DEFROST_LOSS,
    DEFROST_SECONDS,
    DHW,
    ELECTRICITY,
    EXPECTED_ELECTRICITY,
    EXPECTED_HEAT,
    HEAT,
    HEAT_SERVICES,
    HEATING,
    NEGATIVE_HEAT,
    OTHER,
    POOL,
    READING_SECONDS,
    RUNNING_ELECTRICITY,
    RUNNING_HEAT,
    STARTS,
)
from .kinds import pool_low_delta_t
from .state import EngineState
from .valve import infer_reversing_valve


@dataclass(frozen=True, slots=True, kw_only=True)
class WaterHeaterMetrics:
    """Water heaters only."""

    cop_per_cycle: float | None
    """COP of the latest heat-up cycle."""
    standing_loss: float | None
    """kWh/day, from the latest idle cool-down."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolMetrics:
    """Pool heat pumps only."""

    pool_low_delta_t: bool | None
    """The loop's ΔT is too small to trust the heat (None: not running)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DryerMetrics:
    """Clothes dryers only: the latest cycle."""

    smer: float | None
    """kg of water per kWh."""
    energy_per_cycle: float | None
    water_removed_last_cycle: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Metrics:
    """Every figure of the engine at its latest sample (see module doc)."""

    heat_power: float | None
    electrical_power: float | None
    cop: float | None
    """Live COP (EER in cooling) at the latest sample."""
    cop_today: float | None
    cop_month: float | None
    cop_year: float | None
    cop_season: float | None
    cop_lifetime: float | None
    scop: float | None
    running_cop_today: float | None
    gross_cop_today: float | None
    eer_today: float | None
    heat_energy: float
    heat_energy_heating: float
    heat_energy_dhw: float
    heat_energy_pool: float
    heat_energy_other: float
    cooling_energy: float
    electrical_energy: float
    electrical_energy_heating: float
    electrical_energy_dhw: float
    electrical_energy_pool: float
    electrical_energy_cooling: float
    electrical_energy_other: float
    backup_heater_energy: float
    heat_energy_today: float
    electrical_energy_today: float
    defrost_active: bool
    defrost_count_today: int
    defrost_count: int
    defrost_duration_today: float
    defrost_energy_today: float
    defrost_share_today: float | None
    compressor_running: bool | None
    compressor_starts_today: int
    compressor_starts_per_hour: float | None
    compressor_cycles_today: int
    mean_run_time: float | None
    short_cycling: bool
    reversing_valve: bool | None
    operating_mode: str | None
    carnot_cop: float | None
    carnot_efficiency: float | None
    expected_cop: float | None
    performance_index: float | None
    water_heater: WaterHeaterMetrics | None = None
    pool: PoolMetrics | None = None
    dryer: DryerMetrics | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodFigures:
    """COP and energy per service over one period (kWh, minutes, %)."""

    cop: float | None
    cop_heating: float | None
    cop_dhw: float | None
    cop_pool: float | None
    eer: float | None
    gross_cop: float | None
    running_cop: float | None
    running_heat_energy: float
    running_electrical_energy: float
    heat_energy_net_heating: float
    heat_energy_net_dhw: float
    heat_energy_net_pool: float
    heat_energy_other: float
    electrical_energy_other: float
    backup_heater_energy: float
    compressor_starts: float
    compressor_starts_per_hour: float | None
    heat_energy: float
    heat_energy_net: float
    heat_energy_heating: float
    heat_energy_dhw: float
    heat_energy_pool: float
    cooling_energy: float
    electrical_energy: float
    electrical_energy_heating: float
    electrical_energy_dhw: float
    electrical_energy_pool: float
    electrical_energy_cooling: float
    defrost_energy: float
    defrost_duration: float
    carnot_efficiency: float | None
    performance_index: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Breakdown:
    """``PeriodFigures`` for each period; every one includes today."""

    today: PeriodFigures
    month: PeriodFigures
    year: PeriodFigures
    season: PeriodFigures
    lifetime: PeriodFigures


def ratio(num: float, den: float) -> float | None:
    """num/den, None unless den > 0."""
    return num / den if den > 0.0 else None


def heat_positive(sums: list[float]) -> float:
    """Positive heat of the heat services."""
    return (
        sums[HEATING + HEAT] + sums[DHW + HEAT] + sums[POOL + HEAT] + sums[OTHER + HEAT]
    )


def heat_net(sums: list[float]) -> float:
    """Net heat of the heat services (defrost and other negative heat in)."""
    return sum(sums[slot + HEAT] - sums[slot + NEGATIVE_HEAT] for slot in HEAT_SERVICES)


def elec_heat(sums: list[float]) -> float:
    """Electricity outside cooling, added in the order the parts are shown
    (``sum`` compensates rounding, so it could differ from the parts' sum)."""
    return (
        sums[HEATING + ELECTRICITY]
        + sums[DHW + ELECTRICITY]
        + sums[POOL + ELECTRICITY]
        + sums[OTHER + ELECTRICITY]
    )


def elec_all(sums: list[float]) -> float:
    """All electricity."""
    return elec_heat(sums) + sums[COOLING + ELECTRICITY]


def cop(sums: list[float]) -> float | None:
    """Combined net COP of a period's sums."""
    return ratio(heat_net(sums), elec_heat(sums))


def service_cop(sums: list[float], slot: int) -> float | None:
    """Net COP of one service (EER for cooling)."""
    if slot == COOLING:
        return ratio(sums[COOLING + NEGATIVE_HEAT], sums[COOLING + ELECTRICITY])
    return ratio(
        sums[slot + HEAT] - sums[slot + NEGATIVE_HEAT], sums[slot + ELECTRICITY]
    )


def starts_per_hour(sums: list[float]) -> float | None:
    """Starts per hour with an electrical reading."""
    return ratio(3600.0 * sums[STARTS], sums[READING_SECONDS])


def _plus(a: list[float], b: list[float]) -> list[float]:
    return [x + y for x, y in zip(a, b, strict=True)]


def period_sums(state: EngineState) -> dict[str, list[float]]:
    """Each period's sums, today included."""
    periods, today = state.periods, state.today
    return {
        "today": today,
        "month": _plus(periods.month, today),
        "year": _plus(periods.year, today),
        "season": _plus(periods.season, today),
        "lifetime": _plus(periods.lifetime, today),
    }


def build_metrics(
    state: EngineState, config: EngineConfig, efficiency: Efficiency | None
) -> Metrics:
    """``Engine.metrics()``."""
    sums = period_sums(state)
    day, life, season = sums["today"], sums["lifetime"], sums["season"]
    values = state.values
    mode = state.mode
    cooling = mode == "cooling"
    defrosting = state.defrost.state == DEFROST_ACTIVE
    compressor = state.compressor
    reported_on = state.compressor_on
    now = state.last_ts if state.last_ts is not None else 0.0
    first_ts = state.first_ts
    heat_power, elec_power = state.heat_power, state.electrical_power

    live_cop = None
    running = (
        reported_on
        if reported_on is not None
        else (elec_power is not None and elec_power >= config.compressor_threshold_w)
    )
    min_power = max(config.compressor_threshold_w, config.live_cop_min_power_w)
    if (
        running
        and not defrosting
        and heat_power is not None
        and elec_power is not None
        and elec_power >= min_power
    ):
        useful = -heat_power if cooling else heat_power
        live_cop = useful / elec_power if useful >= 0.0 else None

    pos_today = heat_positive(day)
    runs = compressor.run_times(now, config.run_time_window_s)
    reported_valve = values.get(Quantity.REVERSING_VALVE)
    valve = (
        infer_reversing_valve(mode, defrosting, config.reversing_valve_energized_in)
        if reported_valve is None
        else bool(reported_valve)
    )
    shown_mode: str | None = mode
    if defrosting:
        shown_mode = "defrost"
    elif (
        reported_on is False
        and values.get(Quantity.OPERATING_MODE) is None
        and values.get(Quantity.THREE_WAY_VALVE) is None
    ):
        shown_mode = "standby"
    carnot = expected = None
    if efficiency is not None:
        carnot, expected = efficiency.live(values.get, cooling)

    water_heater = pool = dryer = None
    if state.water_heater is not None:
        water_heater = WaterHeaterMetrics(
            cop_per_cycle=state.water_heater.cop,
            standing_loss=state.water_heater.loss_kwh_day,
        )
    elif config.kind == Kind.POOL:
        pool = PoolMetrics(
            pool_low_delta_t=pool_low_delta_t(
                running and compressor.state != COMPRESSOR_OFF,
                values.get(Quantity.FLOW_TEMPERATURE),
                values.get(Quantity.RETURN_TEMPERATURE),
                config.pool_min_delta_t_k,
            )
        )
    elif state.dryer is not None:
        dryer = DryerMetrics(
            smer=state.dryer.smer,
            energy_per_cycle=state.dryer.energy,
            water_removed_last_cycle=state.dryer.water,
        )

    return Metrics(
        heat_power=heat_power,
        electrical_power=elec_power,
        cop=live_cop,
        cop_today=cop(day),
        cop_month=cop(sums["month"]),
        cop_year=cop(sums["year"]),
        cop_season=cop(season),
        cop_lifetime=cop(life),
        scop=service_cop(season, HEATING),
        running_cop_today=ratio(day[RUNNING_HEAT], day[RUNNING_ELECTRICITY]),
        gross_cop_today=ratio(heat_net(day) + day[DEFROST_LOSS], elec_heat(day)),
        eer_today=service_cop(day, COOLING),
        heat_energy=heat_positive(life),
        heat_energy_heating=life[HEATING + HEAT],
        heat_energy_dhw=life[DHW + HEAT],
        heat_energy_pool=life[POOL + HEAT],
        heat_energy_other=life[OTHER + HEAT],
        cooling_energy=life[COOLING + NEGATIVE_HEAT],
        electrical_energy=elec_all(life),
        electrical_energy_heating=life[HEATING + ELECTRICITY],
        electrical_energy_dhw=life[DHW + ELECTRICITY],
        electrical_energy_pool=life[POOL + ELECTRICITY],
        electrical_energy_cooling=life[COOLING + ELECTRICITY],
        electrical_energy_other=life[OTHER + ELECTRICITY],
        backup_heater_energy=life[BACKUP_ELECTRICITY],
        heat_energy_today=pos_today,
        electrical_energy_today=elec_all(day),
        defrost_active=defrosting,
        defrost_count_today=state.defrosts_today,
        defrost_count=state.defrosts_total,
        defrost_duration_today=day[DEFROST_SECONDS] / 60.0,
        defrost_energy_today=day[DEFROST_LOSS],
        defrost_share_today=(
            100.0 * day[DEFROST_LOSS] / pos_today if pos_today > 0.0 else None
        ),
        compressor_running=reported_on,
        compressor_starts_today=int(day[STARTS]),
        compressor_starts_per_hour=starts_per_hour(day),
        compressor_cycles_today=state.cycles_today,
        mean_run_time=fmean(runs) / 60.0 if runs else None,
        short_cycling=compressor.short_cycling(
            now,
            first_ts,
            config.short_cycle_starts_per_hour,
            config.short_cycle_min_run_s,
            config.short_cycle_min_runs,
        ),
        reversing_valve=valve,
        operating_mode=shown_mode,
        carnot_cop=carnot,
        carnot_efficiency=carnot_pct(day),
        expected_cop=expected,
        performance_index=ratio(day[EXPECTED_HEAT], day[EXPECTED_ELECTRICITY]),
        water_heater=water_heater,
        pool=pool,
        dryer=dryer,
    )


def carnot_pct(sums: list[float]) -> float | None:
    """heatpumpmonitor's running % of Carnot (None unless the ideal heat > 0)."""
    ideal = sums[CARNOT_IDEAL_HEAT]
    return 100.0 * sums[CARNOT_HEAT] / ideal if ideal > 0.0 else None


def period_figures(sums: list[float]) -> PeriodFigures:
    """COP and energy per service of one period's sums."""
    return PeriodFigures(
        cop=cop(sums),
        cop_heating=service_cop(sums, HEATING),
        cop_dhw=service_cop(sums, DHW),
        cop_pool=service_cop(sums, POOL),
        eer=service_cop(sums, COOLING),
        gross_cop=ratio(heat_net(sums) + sums[DEFROST_LOSS], elec_heat(sums)),
        running_cop=ratio(sums[RUNNING_HEAT], sums[RUNNING_ELECTRICITY]),
        running_heat_energy=sums[RUNNING_HEAT],
        running_electrical_energy=sums[RUNNING_ELECTRICITY],
        heat_energy_net_heating=sums[HEATING + HEAT] - sums[HEATING + NEGATIVE_HEAT],
        heat_energy_net_dhw=sums[DHW + HEAT] - sums[DHW + NEGATIVE_HEAT],
        heat_energy_net_pool=sums[POOL + HEAT] - sums[POOL + NEGATIVE_HEAT],
        heat_energy_other=sums[OTHER + HEAT],
        electrical_energy_other=sums[OTHER + ELECTRICITY],
        backup_heater_energy=sums[BACKUP_ELECTRICITY],
        compressor_starts=sums[STARTS],
        compressor_starts_per_hour=starts_per_hour(sums),
        heat_energy=heat_positive(sums),
        heat_energy_net=heat_net(sums),
        heat_energy_heating=sums[HEATING + HEAT],
        heat_energy_dhw=sums[DHW + HEAT],
        heat_energy_pool=sums[POOL + HEAT],
        cooling_energy=sums[COOLING + NEGATIVE_HEAT],
        electrical_energy=elec_all(sums),
        electrical_energy_heating=sums[HEATING + ELECTRICITY],
        electrical_energy_dhw=sums[DHW + ELECTRICITY],
        electrical_energy_pool=sums[POOL + ELECTRICITY],
        electrical_energy_cooling=sums[COOLING + ELECTRICITY],
        defrost_energy=sums[DEFROST_LOSS],
        defrost_duration=sums[DEFROST_SECONDS] / 60.0,
        carnot_efficiency=carnot_pct(sums),
        performance_index=ratio(sums[EXPECTED_HEAT], sums[EXPECTED_ELECTRICITY]),
    )


def build_breakdown(state: EngineState) -> Breakdown:
    """``Engine.breakdown()``."""
    sums = period_sums(state)
    return Breakdown(
        today=period_figures(sums["today"]),
        month=period_figures(sums["month"]),
        year=period_figures(sums["year"]),
        season=period_figures(sums["season"]),
        lifetime=period_figures(sums["lifetime"]),
    )
