"""Seasonal performance runs, to check the model against field data.

heatpumpmonitor's field regression (physics notes): annual SPF vs the
heat-weighted flow − outdoor temperature difference,
``SPF = −0.105·ΔT + 6.88``.  :func:`seasonal_point` simulates a sampled
year (a few days of each month after a warm-up day, weighted by the month's
length) of an air-to-water unit heating a house whose emitters need
``design_flow_c`` at −10 °C, with hot water, and returns its SPF and
heat-weighted ΔT.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from .model.air_to_water import AirToWater, air_to_water_params
from .model.building import BuildingParams
from .weather import Climate, SyntheticWeather

FIELD_SLOPE = -0.105
FIELD_INTERCEPT = 6.88


def field_spf(delta_t_k: float) -> float:
    """heatpumpmonitor's annual SPF for a heat-weighted flow − outdoor ΔT."""
    return FIELD_SLOPE * delta_t_k + FIELD_INTERCEPT


@dataclass(frozen=True, slots=True)
class SeasonResult:
    """Sums over a sampled year."""

    heat_kwh: float
    elec_kwh: float
    delta_t_k: float
    """Heat-weighted flow − outdoor temperature difference."""
    defrost_heat_kwh: float

    @property
    def spf(self) -> float:
        """Seasonal performance factor, Σheat / Σelectricity."""
        return self.heat_kwh / self.elec_kwh


def seasonal_point(
    design_flow_c: float,
    *,
    seed: int = 1,
    year: int = 2025,
    days_per_month: int = 3,
    step_s: float = 60.0,
    climate: Climate | None = None,
    emitter_exponent: float | None = None,
    hot_water: bool = True,
) -> SeasonResult:
    """Simulate a sampled year for one heating system; see the module doc."""
    heat = elec = weighted = positive = defrost = 0.0
    params = air_to_water_params()
    exponent = emitter_exponent or (1.1 if design_flow_c <= 38.0 else 1.3)
    building = BuildingParams(
        design_flow_c=design_flow_c,
        emitter_exponent=exponent,
        max_flow_c=max(60.0, design_flow_c + 5.0),
        min_flow_c=min(24.0, design_flow_c - 5.0),
    )
    params = replace(
        params,
        building=building,
        max_flow_c=max(60.0, design_flow_c + 5.0),
        tank=params.tank if hot_water else None,
    )
    warmup = int(86400 / step_s)
    steps = int(days_per_month * 86400 / step_s)
    for month in range(1, 13):
        weight = calendar.monthrange(year, month)[1] / days_per_month
        start = datetime(year, month, 10, tzinfo=UTC)
        weather = SyntheticWeather(start, seed=seed * 100 + month, climate=climate)
        model = AirToWater(weather, seed=seed * 100 + month, params=params)
        for _ in range(warmup):
            model.step(step_s)
        for _ in range(steps):
            r = model.step(step_s)
            heat += r.heat_j * weight
            elec += r.elec_j * weight
            if r.defrost:
                defrost -= r.heat_j * weight
            if r.heat_j > 0.0:
                weighted += r.heat_j * weight * (model.flow_c - model.wx.outdoor_c)
                positive += r.heat_j * weight
    return SeasonResult(
        heat_kwh=heat / 3.6e6,
        elec_kwh=elec / 3.6e6,
        delta_t_k=weighted / positive if positive else 0.0,
        defrost_heat_kwh=defrost / 3.6e6,
    )
