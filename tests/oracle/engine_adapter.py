"""Reads one day's figures out of the engine, named like the oracle's keys."""

from __future__ import annotations

from custom_components.heatpump.core.analytics import Engine

from .scenarios import Scenario


def day_figures(engine: Engine, scenario: Scenario) -> dict[str, float | None]:
    """Feed the day and its closing midnight sample; figures of the closed day.

    The closing sample opens the next day, so the month's sums are that day.
    """
    for sample in scenario.samples():
        engine.update(sample)
    day = engine.breakdown().month

    def cop(heat: float | None, elec: float | None) -> float | None:
        return heat / elec if heat is not None and elec else None

    def some(value: float | None) -> float | None:
        return value or None

    space_h, space_e = day.heat_energy_net_heating, day.electrical_energy_heating
    water_h, water_e = day.heat_energy_net_dhw, day.electrical_energy_dhw
    return {
        "combined_heat_kwh": day.heat_energy_net,
        "combined_elec_kwh": day.electrical_energy,
        "combined_cop": day.cop,
        "running_heat_kwh": day.running_heat_energy,
        "running_elec_kwh": day.running_electrical_energy,
        "running_cop": day.running_cop,
        "space_heat_kwh": some(space_h),
        "space_elec_kwh": some(space_e),
        "space_cop": cop(space_h, space_e),
        "water_heat_kwh": some(water_h),
        "water_elec_kwh": some(water_e),
        "water_cop": cop(water_h, water_e),
        "running_prc_carnot": day.carnot_efficiency,
        "negative_heat_kwh": day.defrost_energy,
        "starts": day.compressor_starts,
        "starts_per_hour": day.compressor_starts_per_hour,
    }
