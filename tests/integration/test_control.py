"""Control through climate, water heater and number, against the simulator.

Writes go over real loopback Modbus TCP; the simulator's fault switches make
the unit refuse, ignore or drop a write.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml
from homeassistant.components.climate.const import DOMAIN as CLIMATE_DOMAIN
from homeassistant.components.climate.const import ClimateEntityFeature, HVACMode
from homeassistant.components.water_heater.const import (
    DOMAIN as WATER_HEATER_DOMAIN,
)
from homeassistant.const import ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.climate import HeatPumpClimate, Setpoints
from custom_components.heatpump.const import DOMAIN
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.loader import shipped_profiles_dir
from custom_components.heatpump.core.quantities import Quantity
from custom_components.heatpump.sources.base import WriteFailed
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)

DHW_TARGET = "Hot water target temperature"


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """An air-to-water unit heating in winter."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", seed=4
    ) as simulator:
        simulator.advance(600)
        yield simulator


async def _setup(
    hass: HomeAssistant,
    sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    profile: str | None = None,
) -> MockConfigEntry:
    entry = modbus_entry(sim, profile)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _entity_id(
    hass: HomeAssistant, entry: MockConfigEntry, platform: str, key: str
) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        platform, DOMAIN, f"{entry.entry_id}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


def _entity(hass: HomeAssistant, platform: str, entity_id: str) -> object:
    """The live entity object (for calls the services would not let through)."""
    component = hass.data[platform]  # the platform's EntityComponent
    entity = component.get_entity(entity_id)
    assert entity is not None
    return entity


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


def _served(sim: Simulator, quantity: Quantity) -> object:
    return sim.model.state()[quantity]


async def test_climate_turn_off_and_on_and_setpoint(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off and on write the mode; the setpoint is written within its step."""
    entry = await _setup(hass, sim, monkeypatch)
    climate = _entity_id(hass, entry, CLIMATE_DOMAIN, "climate")
    state = hass.states.get(climate)
    assert state is not None
    assert state.state == HVACMode.HEAT
    assert set(state.attributes["hvac_modes"]) == {
        HVACMode.OFF,
        HVACMode.HEAT,
        HVACMode.COOL,
        HVACMode.HEAT_COOL,
    }
    features = ClimateEntityFeature(state.attributes["supported_features"])
    assert ClimateEntityFeature.TURN_OFF in features
    assert ClimateEntityFeature.TURN_ON in features
    assert ClimateEntityFeature.TARGET_TEMPERATURE in features

    await hass.services.async_call(
        CLIMATE_DOMAIN, "turn_off", {"entity_id": climate}, blocking=True
    )
    assert _served(sim, Quantity.MODE_SETTING) == "off"
    assert _state(hass, climate).state == HVACMode.OFF

    await hass.services.async_call(
        CLIMATE_DOMAIN, "turn_on", {"entity_id": climate}, blocking=True
    )
    assert _served(sim, Quantity.MODE_SETTING) == "heating"  # first mode not off
    assert _state(hass, climate).state == HVACMode.HEAT

    await hass.services.async_call(
        CLIMATE_DOMAIN,
        "set_temperature",
        {"entity_id": climate, ATTR_TEMPERATURE: 42.5},
        blocking=True,
    )
    assert _served(sim, Quantity.TARGET_TEMPERATURE) == pytest.approx(42.5)
    assert _state(hass, climate).attributes[ATTR_TEMPERATURE] == pytest.approx(42.5)

    # Inside min/max (HA checks those) but off the profile's 0.5 K step.
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            "set_temperature",
            {"entity_id": climate, ATTR_TEMPERATURE: 42.3},
            blocking=True,
        )
    assert err.value.translation_key == "value_out_of_bounds"
    assert str(err.value).startswith(
        "The value for Flow target temperature was refused: "
    )
    assert "42.3" in str(err.value)
    assert _served(sim, Quantity.TARGET_TEMPERATURE) == pytest.approx(42.5)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_climate_refuses_what_the_profile_cannot_write(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modes outside the profile and a missing setpoint raise; nothing is sent."""
    entry = await _setup(hass, sim, monkeypatch)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    climate = _entity(
        hass, CLIMATE_DOMAIN, _entity_id(hass, entry, CLIMATE_DOMAIN, "climate")
    )
    assert isinstance(climate, HeatPumpClimate)
    assert sim.modbus is not None
    requests = sim.modbus.requests

    # The generic profile has no drying mode (HA's service would stop it first).
    with pytest.raises(ServiceValidationError) as err:
        await climate.async_set_hvac_mode(HVACMode.DRY)
    assert err.value.translation_key == "hvac_mode_not_supported"
    assert str(err.value) == "The profile cannot switch the unit to dry"

    # A call carrying no temperature (only an hvac mode) writes nothing.
    await climate.async_set_temperature(hvac_mode=HVACMode.HEAT)

    # A climate entity without a writable setpoint refuses one.
    modes_only = HeatPumpClimate(
        coordinator,
        climate._mode_point,
        Setpoints("flow", (Quantity.FLOW_TEMPERATURE,), None, None),
    )
    assert ClimateEntityFeature.TARGET_TEMPERATURE not in (
        modes_only.supported_features
    )
    assert modes_only.target_temperature is None
    with pytest.raises(ServiceValidationError) as err:
        await modes_only.async_set_temperature(**{ATTR_TEMPERATURE: 40})
    assert err.value.translation_key == "setpoint_not_writable"
    assert str(err.value) == (
        "The profile does not declare a writable setpoint for this unit"
    )
    assert sim.modbus.requests == requests
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_climate_without_writable_mode_offers_heat_only(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user profile with a read-only mode: heat only, switching it is refused."""
    source = shipped_profiles_dir() / "generic" / "generic_air_to_water.yaml"
    profile = yaml.safe_load(source.read_text())
    profile["id"] = "my_setpoint_only"
    profile["writes"] = [w for w in profile["writes"] if w != "mode_setting"]
    for point in profile["points"]:
        if point["key"] == "mode_setting":
            del point["writable"]
    folder = Path(hass.config.path("heatpump_profiles"))
    folder.mkdir(exist_ok=True)
    (folder / "my_setpoint_only.yaml").write_text(yaml.safe_dump(profile))

    entry = await _setup(hass, sim, monkeypatch, "my_setpoint_only")
    climate = _entity_id(hass, entry, CLIMATE_DOMAIN, "climate")
    state = hass.states.get(climate)
    assert state is not None
    assert state.attributes["hvac_modes"] == [HVACMode.HEAT]
    features = ClimateEntityFeature(state.attributes["supported_features"])
    assert ClimateEntityFeature.TURN_OFF not in features
    assert ClimateEntityFeature.TARGET_TEMPERATURE in features

    with pytest.raises(ServiceValidationError, match="cannot switch the unit to heat"):
        await hass.services.async_call(
            CLIMATE_DOMAIN,
            "set_hvac_mode",
            {"entity_id": climate, "hvac_mode": HVACMode.HEAT},
            blocking=True,
        )
    assert _served(sim, Quantity.MODE_SETTING) == "heating"
    await hass.services.async_call(
        CLIMATE_DOMAIN,
        "set_temperature",
        {"entity_id": climate, ATTR_TEMPERATURE: 35},
        blocking=True,
    )
    assert _served(sim, Quantity.TARGET_TEMPERATURE) == pytest.approx(35.0)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_water_heater_target(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tank target is written and shown; a call without one sends nothing."""
    entry = await _setup(hass, sim, monkeypatch)
    water_heater = _entity_id(hass, entry, WATER_HEATER_DOMAIN, "water_heater")
    await hass.services.async_call(
        WATER_HEATER_DOMAIN,
        "set_temperature",
        {"entity_id": water_heater, ATTR_TEMPERATURE: 55},
        blocking=True,
    )
    assert _served(sim, Quantity.DHW_TARGET_TEMPERATURE) == pytest.approx(55.0)
    state = hass.states.get(water_heater)
    assert state is not None
    assert state.attributes[ATTR_TEMPERATURE] == pytest.approx(55.0)
    assert state.attributes["min_temp"] == 30.0
    assert state.attributes["max_temp"] == 65.0

    entity = _entity(hass, WATER_HEATER_DOMAIN, water_heater)
    assert sim.modbus is not None
    requests = sim.modbus.requests
    await entity.async_set_temperature(operation_mode="eco")  # type: ignore[attr-defined]
    assert sim.modbus.requests == requests
    assert _served(sim, Quantity.DHW_TARGET_TEMPERATURE) == pytest.approx(55.0)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def _set_dhw_target(hass: HomeAssistant, entity_id: str, value: float) -> None:
    await hass.services.async_call(
        "number", "set_value", {"entity_id": entity_id, "value": value}, blocking=True
    )


async def test_write_refused_by_the_unit(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception response to the write: an error naming the point, not bounds."""
    entry = await _setup(hass, sim, monkeypatch)
    number = _entity_id(hass, entry, "number", "point_dhw_target_temperature")
    sim.faults.set_exception(4)
    with pytest.raises(HomeAssistantError) as err:
        await _set_dhw_target(hass, number, 55)
    assert not isinstance(err.value, ServiceValidationError)  # not the user's fault
    assert err.value.translation_key == "write_failed"
    assert str(err.value).startswith(f"Writing {DHW_TARGET} failed: device refused")
    assert "exception code 4" in str(err.value)
    sim.faults.set_exception(None)
    assert _served(sim, Quantity.DHW_TARGET_TEMPERATURE) == pytest.approx(50.0)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_write_that_does_not_read_back(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unit answers but keeps serving the old value: not confirmed."""
    entry = await _setup(hass, sim, monkeypatch)
    number = _entity_id(hass, entry, "number", "point_dhw_target_temperature")
    sim.faults.freeze()
    with pytest.raises(HomeAssistantError) as err:
        await _set_dhw_target(hass, number, 55)
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "write_not_confirmed"
    message = str(err.value)
    assert message.startswith(
        f"The heat pump did not confirm the new value of {DHW_TARGET} ("
    )
    assert "wrote 55.0 but the device reports 50.0" in message
    sim.faults.freeze(False)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_write_while_the_unit_is_gone(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link is down at write time: a write error saying it cannot connect."""
    entry = await _setup(hass, sim, monkeypatch)
    number = _entity_id(hass, entry, "number", "point_dhw_target_temperature")
    sim.faults.set_drop(True)
    await asyncio.sleep(0.1)  # the client sees its link closed
    with pytest.raises(HomeAssistantError) as err:
        await _set_dhw_target(hass, number, 55)
    assert not isinstance(err.value, ServiceValidationError)
    assert err.value.translation_key == "write_failed"
    message = str(err.value)
    assert message.startswith(f"Writing {DHW_TARGET} failed: ")
    assert "device refused" not in message
    assert sim.modbus is not None
    host, port = sim.modbus.address
    assert f"tcp://{host}:{port}" in message
    sim.faults.set_drop(False)
    assert _served(sim, Quantity.DHW_TARGET_TEMPERATURE) == pytest.approx(50.0)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_writes_the_profile_does_not_allow(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By quantity or by point, only what the profile declares writable goes out."""
    entry = await _setup(hass, sim, monkeypatch)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    profile = coordinator.profile
    assert profile is not None
    assert sim.modbus is not None

    await coordinator.async_write(Quantity.DHW_TARGET_TEMPERATURE, 48.0)
    assert _served(sim, Quantity.DHW_TARGET_TEMPERATURE) == pytest.approx(48.0)
    assert coordinator.data.quantities[Quantity.DHW_TARGET_TEMPERATURE] == 48.0

    requests = sim.modbus.requests
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write(Quantity.ROOM_TARGET_TEMPERATURE, 21.0)
    assert err.value.translation_key == "not_writable"
    assert str(err.value) == (
        "room_target_temperature cannot be written: "
        "the profile does not declare it writable"
    )
    flow = profile.point("flow_temperature")
    with pytest.raises(ServiceValidationError) as err:
        await coordinator.async_write_point(flow, 30.0)
    assert str(err.value).startswith("Flow temperature cannot be written")
    assert sim.modbus.requests == requests

    # The source refuses on its own too, should anything get past the check.
    with pytest.raises(WriteFailed) as failed:
        await coordinator.source.async_write(flow, 30.0)
    assert failed.value.translation_key == "write_refused"
    assert failed.value.point is flow
    assert failed.value.detail == "flow_temperature is not writable"
    assert sim.modbus.requests == requests
    assert await hass.config_entries.async_unload(entry.entry_id)
