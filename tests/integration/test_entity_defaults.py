"""Which entities a new heat pump shows, and which wait to be enabled."""

from __future__ import annotations

from pathlib import Path

import pytest
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from tests.integration.simulated import modbus_entry, running_simulator

REPEATS_COMPUTED = {
    ("sensor", "point_electrical_power"): "electrical_power",
    ("sensor", "point_heat_power"): "heat_power",
    ("sensor", "point_operating_mode"): "operating_mode",
    ("binary_sensor", "point_compressor_running"): "compressor_running",
    ("binary_sensor", "point_defrost_active"): "defrost",
    ("binary_sensor", "point_reversing_valve"): "reversing_valve",
}
"""The unit's own figures, and the computed entity that already shows each."""


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
            [key for _, key in REPEATS_COMPUTED] + ["gross_cop_today"]
        )
        assert await hass.config_entries.async_unload(entry.entry_id)
