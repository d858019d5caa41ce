"""Every shipped Modbus profile, served by the simulator, read by HA.

For each profile the simulator encodes its model's values into the profile's
registers (with the profile's types, scales and word orders); the integration
must show the same values, in the quantity's unit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.heatpump.const import (
    DOMAIN,
)
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import ModbusPoint, Profile
from custom_components.heatpump.core.quantities import QUANTITIES, Kind, ValueType
from custom_components.heatpump.core.units import convert
from custom_components.heatpump.point_entities import point_unit
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    follow_simulator_clock,
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
    request: pytest.FixtureRequest, socket_enabled: None
) -> AsyncIterator[tuple[Profile, Simulator]]:
    """The simulator serving one shipped profile."""
    profile = PROFILES[request.param]
    async with running_simulator(
        kind=_sim_kind(profile), profiles=(profile.id,), seed=11
    ) as simulator:
        simulator.advance(3600)
        yield profile, simulator


def _resolution(point: ModbusPoint) -> float:
    """One raw step of the point, in its quantity's unit."""
    step = abs(point.scale) if point.data_type.value != "float32" else 1e-3
    assert point.quantity is not None
    target = QUANTITIES[point.quantity].unit
    if point.unit and target and point.unit != target:
        step = abs(convert(step, point.unit, target) - convert(0.0, point.unit, target))
    return step


@pytest.mark.parametrize("served", MODBUS_UNITS, indirect=True)
async def test_profile_end_to_end(
    hass: HomeAssistant,
    served: tuple[Profile, Simulator],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each quantity point shows the simulator's value in the right unit."""
    profile, sim = served
    follow_simulator_clock(monkeypatch, sim)
    entry = modbus_entry(sim, profile.id, title=profile.name)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    truth = sim.model.state()
    registry = er.async_get(hass)
    checked = 0
    for point in profile.modbus_points:
        quantity = point.quantity
        if quantity is None or quantity not in truth or not point.entity:
            continue
        if point.is_writable or QUANTITIES[quantity].value_type is not ValueType.NUMBER:
            continue
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_point_{point.key}"
        )
        assert entity_id is not None, point.key
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) == point_unit(point)
        expected = float(truth[quantity])
        tolerance = _resolution(point) * 0.51 + abs(expected) * 1e-6
        assert float(state.state) == pytest.approx(expected, abs=tolerance), point.key
        checked += 1
    assert checked >= 2, f"{profile.id}: too few points compared"
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
    assert await hass.config_entries.async_unload(entry.entry_id)
