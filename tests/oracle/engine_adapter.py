"""Reads one day's figures out of the engine, named like the oracle's keys."""

from __future__ import annotations

from custom_components.heatpump.core.analytics import Engine
from custom_components.heatpump.core.analytics.energy import (
    DHW,
    E_RUN,
    ELEC,
    H_RUN,
    HEATING,
    NEG,
    POS,
)

from .scenarios import Scenario


def day_figures(engine: Engine, scenario: Scenario) -> dict[str, float | None]:
    """Feed the day and its closing midnight sample; figures of the closed day."""
    samples = list(scenario.samples())
    for sample in samples[:-1]:
        engine.update(sample)
    live = engine.metrics()
    engine.update(samples[-1])
    day = engine.breakdown()["month"]
    sums = engine._periods.month

    def cop(heat: float, elec: float) -> float | None:
        return heat / elec if elec > 0 else None

    space_h = sums[HEATING + POS] - sums[HEATING + NEG]
    water_h = sums[DHW + POS] - sums[DHW + NEG]
    out: dict[str, float | None] = {
        "combined_heat_kwh": day["heat_energy_net"],
        "combined_elec_kwh": day["electrical_energy"],
        "combined_cop": day["cop"],
        "running_heat_kwh": sums[H_RUN],
        "running_elec_kwh": sums[E_RUN],
        "running_cop": day["running_cop"],
        "space_heat_kwh": space_h,
        "space_elec_kwh": sums[HEATING + ELEC],
        "space_cop": cop(space_h, sums[HEATING + ELEC]),
        "water_heat_kwh": water_h or None,
        "water_elec_kwh": sums[DHW + ELEC] or None,
        "water_cop": cop(water_h, sums[DHW + ELEC]),
        "running_prc_carnot": day["carnot_efficiency"],
        "negative_heat_kwh": day["defrost_energy"],
        "starts": _num(live["compressor_starts_today"]),
        "starts_per_hour": _num(live["compressor_starts_per_hour"]),
    }
    return out


def _num(value: float | bool | str | None) -> float | None:
    return None if value is None or isinstance(value, str) else float(value)
