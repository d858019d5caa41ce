"""A snapshot per platform, with Home Assistant's ``snapshot_platform``.

Every entity's registry entry and state, the disabled-by-default ones too
(enabled in the entity registry, as a user would).  The unit is the
simulator on a manual clock, so values are deterministic.  Registry entries
and states carry fields that differ between the supported Home Assistant
lines, so each line keeps its own snapshot file.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from unittest.mock import patch

import pytest
import yaml
from homeassistant.const import MAJOR_VERSION, MINOR_VERSION, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped,unused-ignore]
    snapshot_platform,
)
from pytest_homeassistant_custom_component.syrupy import (  # type: ignore[import-untyped,unused-ignore]
    HomeAssistantSnapshotExtension,
)
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

from custom_components.heatpump import PLATFORMS
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from heatpump_sim.profiles import simulator_profile
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)

HA_LINE = f"ha{MAJOR_VERSION}.{MINOR_VERSION}"


class _PerLineSnapshots(HomeAssistantSnapshotExtension):  # type: ignore[misc,unused-ignore]
    """Snapshots in ``__snapshots__/<HA line>/``."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(Path(test_location.filepath).parent / "__snapshots__" / HA_LINE)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """This HA line's snapshots."""
    return snapshot.use_extension(_PerLineSnapshots)


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """A winter air-to-water unit after two simulated hours.

    Its profile (served, and Home Assistant's) is the simulator's: the
    generic layout has a writable flag (holiday mode) and a button (forced hot
    water), so every platform has entities.
    """
    profile = simulator_profile("generic_air_to_water")
    profiles_dir.mkdir()
    path = profiles_dir / f"{profile['id']}.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    async with running_simulator(
        profiles_dir, kind="air_to_water", profiles=(path,), seed=7
    ) as simulator:
        simulator.advance(7200)
        yield simulator


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_platform_snapshot(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    sim: Simulator,
    snapshot: SnapshotAssertion,
    monkeypatch: pytest.MonkeyPatch,
    platform: Platform,
) -> None:
    """Registry entries and states of one platform's entities."""
    await hass.config.async_set_time_zone("UTC")
    entry = modbus_entry(sim, entry_id="01SNAPSHOTENTRY", unique_id="snapshot")
    entry.add_to_hass(hass)
    with patch("custom_components.heatpump.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        disabled = [
            e.entity_id
            for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
            if e.disabled_by is not None
        ]
        for entity_id in disabled:
            entity_registry.async_update_entity(entity_id, disabled_by=None)
        if disabled:
            assert await hass.config_entries.async_reload(entry.entry_id)
            await hass.async_block_till_done()
        coordinator: HeatPumpCoordinator = entry.runtime_data
        for _ in range(30):  # five minutes of polls
            sim.advance(10)
            await coordinator.async_refresh()
        await hass.async_block_till_done()
        await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)
        assert await hass.config_entries.async_unload(entry.entry_id)
