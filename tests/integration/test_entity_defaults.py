"""Which entities a new heat pump shows, and which wait to be enabled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from tests.integration.simulated import modbus_entry, running_simulator

REPO = Path(__file__).resolve().parents[2]

REPEATS_COMPUTED = {
    ("sensor", "point_electrical_power"): "electrical_power",
    ("sensor", "point_heat_power"): "heat_power",
    ("sensor", "point_operating_mode"): "operating_mode",
    ("binary_sensor", "point_compressor_running"): "compressor_running",
    ("binary_sensor", "point_defrost_active"): "defrost",
    ("binary_sensor", "point_reversing_valve"): "reversing_valve",
}
"""The unit's own figures, and the computed entity that already shows each."""

SECONDARY_FIGURES = {
    "gross_cop_today",
    "running_cop_today",
    "cop_month",
    "cop_year",
    "heat_energy_heating",
    "heat_energy_dhw",
    "heat_energy_other",
    "electrical_energy_heating",
    "electrical_energy_dhw",
    "electrical_energy_cooling",
    "electrical_energy_other",
    "compressor_cycles_today",
    "carnot_efficiency",
    "expected_cop",
    "performance_index",
}
"""Computed figures that repeat others or serve few owners, for an air-to-water
unit: each waits to be enabled, and the headline ones show."""


@pytest.mark.usefixtures("socket_enabled")
async def test_reported_duplicates_are_disabled_diagnostics(
    hass: HomeAssistant, profiles_dir: Path
) -> None:
    """The six "Reported ..." points wait to be enabled; the computed ones show."""
    async with running_simulator(profiles_dir, kind="air_to_water", seed=5) as sim:
        sim.advance(1800)
        entry = modbus_entry(sim)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        registry = er.async_get(hass)
        entries = {
            e.unique_id.removeprefix(f"{entry.entry_id}_"): e
            for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        }
        for (platform, key), computed_key in REPEATS_COMPUTED.items():
            reported = entries[key]
            assert reported.domain == platform
            assert reported.disabled_by is er.RegistryEntryDisabler.INTEGRATION, key
            assert reported.entity_category is EntityCategory.DIAGNOSTIC, key
            assert hass.states.get(reported.entity_id) is None, key
            computed = entries[computed_key]
            assert computed.disabled_by is None, key
            assert hass.states.get(computed.entity_id) is not None, key
        # Points no computed entity repeats stay enabled.
        assert entries["point_flow_temperature"].disabled_by is None
        disabled = sorted(k for k, e in entries.items() if e.disabled_by is not None)
        assert disabled == sorted(
            [key for _, key in REPEATS_COMPUTED] + sorted(SECONDARY_FIGURES)
        )
        assert await hass.config_entries.async_unload(entry.entry_id)


def _card_roles() -> set[str]:
    """The sensor translation keys the card reads (its ROLES table)."""
    source = (REPO / "frontend" / "src" / "logic.js").read_text(encoding="utf-8")
    table = source.split("export const ROLES = {", 1)[1].split("};", 1)[0]
    return set(re.findall(r'"sensor\.([a-z_]+)"', table))


def _dashboard_sensors() -> set[str]:
    """The sensor keys the demo dashboard puts on its cards."""
    source = (REPO / "demo" / "dashboard.py").read_text(encoding="utf-8")
    return set(re.findall(r'\("sensor", "([a-z_]+)"', source))


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize("kind", ["air_to_water", "air_to_air", "pool"])
async def test_what_the_card_and_dashboard_read_is_enabled(
    hass: HomeAssistant, profiles_dir: Path, kind: str
) -> None:
    """Nothing the card or the demo dashboard shows waits to be enabled.

    The card also tells an air-to-air unit and a pool apart by their
    heating and pool energies, so those stay enabled for them.
    """
    shown = _card_roles() | _dashboard_sensors()
    assert {"cop", "cop_today", "heat_energy", "carnot_cop"} <= shown
    async with running_simulator(profiles_dir, kind=kind, seed=5) as sim:
        sim.advance(600)
        entry = modbus_entry(sim)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        registry = er.async_get(hass)
        entries = {
            e.unique_id.removeprefix(f"{entry.entry_id}_"): e
            for e in er.async_entries_for_config_entry(registry, entry.entry_id)
            if e.domain == "sensor"
        }
        for key in shown & entries.keys():
            assert entries[key].disabled_by is None, key
        marker = {"air_to_water": None, "air_to_air": "heat_energy_heating"}.get(
            kind, "heat_energy_pool"
        )
        if marker is not None:
            assert entries[marker].disabled_by is None
        else:
            assert entries["heat_energy_heating"].disabled_by is not None
        assert await hass.config_entries.async_unload(entry.entry_id)
