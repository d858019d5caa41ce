"""Every shipped Modbus profile, served by the simulator, read by HA.

For each profile the simulator encodes its model's values into the profile's
registers (with the profile's types, scales and word orders); the integration
must show the same values, in the quantity's unit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.heatpump.const import DOMAIN
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import ModbusPoint, Point, Profile
from custom_components.heatpump.core.quantities import Kind
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    assert_points_show_truth,
    modbus_entry,
    running_simulator,
)

PROFILES, _ = load_profiles(shipped_profiles_dir())
MODBUS_UNITS = sorted(
    profile_id
    for profile_id, profile in PROFILES.items()
    if profile.modbus_points and not profile_id.startswith("generic_")
)


def _sim_kind(profile: Profile) -> Kind:
    # A meter measures a heat pump: the air-to-water model feeds it.
    return Kind.AIR_TO_WATER if profile.kind is Kind.METER else profile.kind


@pytest.fixture
async def served(
    request: pytest.FixtureRequest, socket_enabled: None, profiles_dir: Path
) -> AsyncIterator[tuple[Profile, Simulator]]:
    """The simulator serving one shipped profile."""
    profile = PROFILES[request.param]
    async with running_simulator(
        profiles_dir, kind=_sim_kind(profile), profiles=(profile.id,), seed=11
    ) as simulator:
        simulator.advance(3600)
        yield profile, simulator


def _raw_step(point: Point) -> float:
    """One raw step of a register, in the point's unit."""
    assert isinstance(point, ModbusPoint)
    return abs(point.scale) if point.data_type.value != "float32" else 1e-3


@pytest.mark.usefixtures("enable_all_entities")  # "Reported ..." points too
@pytest.mark.parametrize("served", MODBUS_UNITS, indirect=True)
async def test_profile_end_to_end(
    hass: HomeAssistant,
    served: tuple[Profile, Simulator],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each quantity point shows the simulator's value in the right unit."""
    profile, sim = served
    entry = modbus_entry(sim, profile.id, title=profile.name)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert_points_show_truth(
        hass, entry.entry_id, profile.modbus_points, sim.model.state(), _raw_step
    )
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize("served", ["eastron_sdm120"], indirect=True)
async def test_a_meter_has_readings_but_no_heat_pump_figures(
    hass: HomeAssistant,
    served: tuple[Profile, Simulator],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A meter entry shows its readings; COP and defrost belong to the heat pump."""
    profile, sim = served
    entry = modbus_entry(sim, profile.id, title=profile.name)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    keys = {
        e.unique_id.removeprefix(f"{entry.entry_id}_")
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    }
    assert {"point_active_power", "point_voltage"} <= keys
    assert not {"cop", "cop_today", "defrost_count", "compressor_running"} & keys
    # Its power is what a meter shows: enabled, not a diagnostic.
    power = er.async_get(hass).async_get(
        er.async_get(hass).async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_point_active_power"
        )
        or ""
    )
    assert power is not None
    assert (power.disabled_by, power.entity_category) == (None, None)
    assert hass.states.get(power.entity_id) is not None
    assert await hass.config_entries.async_unload(entry.entry_id)
