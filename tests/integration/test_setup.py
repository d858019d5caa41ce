"""Setting an entry up when things are missing: errors, retries, stored state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump import MODBUS_POOL
from custom_components.heatpump.const import (
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_DEVICE_ID,
    CONF_KIND,
    CONF_PARITY,
    CONF_PROFILE,
    CONF_SERIAL_PORT,
    CONF_SOURCE_ENTITIES,
    CONF_STOPBITS,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.analytics.engine import Engine
from custom_components.heatpump.core.quantities import Mode, Quantity
from custom_components.heatpump.sources.base import SourceUnavailable
from custom_components.heatpump.sources.modbus import ModbusSource
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)


def _tcp_entry(profile: str = "generic_air_to_water") -> MockConfigEntry:
    # Port 1 on loopback: nothing is ever sent there (the tests fail earlier).
    return MockConfigEntry(
        domain=DOMAIN,
        title="Heat pump",
        data={
            CONF_TRANSPORT: TransportType.MODBUS_TCP,
            CONF_HOST: "127.0.0.1",
            CONF_PORT: 1,
            CONF_DEVICE_ID: 1,
            CONF_PROFILE: profile,
        },
    )


def _state(entry: MockConfigEntry) -> ConfigEntryState:
    """The entry's state now (a function, so type checkers do not narrow it)."""
    state: ConfigEntryState = entry.state
    return state


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    entry.add_to_hass(hass)
    result = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return result


async def test_missing_profile_is_a_setup_error(hass: HomeAssistant) -> None:
    """A profile file that was deleted stops the entry with a clear reason."""
    entry = _tcp_entry("my_deleted_profile")
    assert not await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert "The profile my_deleted_profile is no longer available" in entry.reason
    assert MODBUS_POOL not in hass.data  # nothing was connected


async def test_mqtt_entry_waits_for_the_mqtt_integration(hass: HomeAssistant) -> None:
    """Without a configured MQTT integration the entry retries later."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Aquarea",
        data={
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_PROFILE: "heishamon_panasonic_aquarea",
            CONF_TOPIC_PREFIX: "panasonic_heat_pump",
        },
    )
    assert not await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason == "Home Assistant's MQTT integration is not connected yet"


async def test_source_that_fails_to_start_is_stopped_and_retried(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source refusing to start: not ready, its connection released.

    No shipped source fails in ``async_start`` today (the Modbus pool connects
    lazily), so the source is made to fail after it has joined the pool.
    """
    started = ModbusSource.async_start

    async def start_then_fail(self: ModbusSource, *args: Any) -> None:
        await started(self, *args)
        assert len(self.pool) == 1  # holds the shared connection now
        raise SourceUnavailable("modbus_timeout", "no answer in 5 s")

    monkeypatch.setattr(ModbusSource, "async_start", start_then_fail)
    entry = _tcp_entry()
    assert not await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason == (
        "The heat pump did not answer within the poll timeout (no answer in 5 s)"
        ". Check the device id, the port and the gateway"
    )
    assert len(hass.data[MODBUS_POOL]) == 0  # stopped: connection released


async def test_serial_port_that_does_not_exist_retries(
    hass: HomeAssistant, tmp_path: Path
) -> None:
    """A serial entry polls its own port; unreachable, setup retries cleanly."""
    port = str(tmp_path / "ttyUSB7")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Heat pump on RS-485",
        data={
            CONF_TRANSPORT: TransportType.MODBUS_SERIAL,
            CONF_SERIAL_PORT: port,
            CONF_BAUDRATE: 19200,
            CONF_PARITY: "even",
            CONF_STOPBITS: 1,
            CONF_BYTESIZE: 8,
            CONF_DEVICE_ID: 3,
            CONF_PROFILE: "generic_air_to_water",
        },
    )
    assert not await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert entry.reason.startswith("Cannot reach the heat pump over Modbus")
    assert f"serial:{port}" in entry.reason  # the configured port was tried
    assert len(hass.data[MODBUS_POOL]) == 0  # the failed source let go


async def test_unit_refusing_first_poll_retries_then_loads(
    hass: HomeAssistant,
    socket_enabled: None,
    monkeypatch: pytest.MonkeyPatch,
    profiles_dir: Path,
) -> None:
    """Exception responses on the first poll: not ready; once it answers, loaded."""
    async with running_simulator(profiles_dir, kind="air_to_water", seed=2) as sim:
        sim.advance(600)
        sim.faults.set_exception(4)
        entry = modbus_entry(sim)
        assert not await _setup(hass, entry)
        assert entry.state is ConfigEntryState.SETUP_RETRY
        assert entry.reason is not None
        assert entry.reason.startswith("The heat pump refused the request")
        assert "exception code 4" in entry.reason
        assert len(hass.data[MODBUS_POOL]) == 0

        sim.faults.set_exception(None)
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        assert _state(entry) is ConfigEntryState.LOADED
        coordinator: HeatPumpCoordinator = entry.runtime_data
        assert coordinator.data.quantities[Quantity.FLOW_TEMPERATURE] == (
            pytest.approx(
                float(sim.model.state()[Quantity.FLOW_TEMPERATURE]), abs=0.051
            )
        )
        assert await hass.config_entries.async_unload(entry.entry_id)


def _entities_entry() -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Template heat pump",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: {"electrical_power": "sensor.hp_power"},
        },
    )


async def test_unusable_stored_totals_start_afresh_but_keep_the_guard(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Totals of another schema are dropped with a warning; the guard survives."""
    entry = _entities_entry()
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {
            "engine": {"schema_version": 999},
            "guard": {"direction": "cooling", "since": 1_700_000_000.0},
        },
    }
    with caplog.at_level(logging.WARNING):
        assert await _setup(hass, entry)
    assert "Starting totals afresh: stored state unusable" in caplog.text
    assert "schema 999" in caplog.text
    coordinator: HeatPumpCoordinator = entry.runtime_data
    fresh = Engine(coordinator.engine_config).to_dict()
    assert coordinator.engine.to_dict() == fresh
    assert coordinator.guard.direction is Mode.COOLING
    assert coordinator.guard.since == 1_700_000_000.0
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_stored_totals_and_guard_round_trip(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """What unload saves is what the next setup restores (no direction yet too)."""
    freezer.move_to("2026-01-15 10:00:00+00:00")
    entry = _entities_entry()
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {"guard": {"direction": None, "since": None}},
    }
    assert await _setup(hass, entry)
    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.guard.direction is None
    coordinator.guard.observe(Mode.HEATING, 1.0)
    coordinator.guard.observe(Mode.COOLING, 2.0)
    saved = coordinator.engine.to_dict()
    assert await hass.config_entries.async_unload(entry.entry_id)
    stored = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]
    assert stored["guard"] == {"direction": "cooling", "since": 2.0}

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    restored: HeatPumpCoordinator = entry.runtime_data
    assert restored is not coordinator
    assert restored.guard.direction is Mode.COOLING
    assert restored.guard.since == 2.0
    assert restored.engine.to_dict() == saved
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.parametrize(
    ("letter", "name"), [("N", "none"), ("E", "even"), ("O", "odd")]
)
async def test_entry_1_1_parity_letter_migrates_to_its_name(
    hass: HomeAssistant, tmp_path: Path, letter: str, name: str
) -> None:
    """Entries of 0.1 stored pymodbus' letter; they are migrated to the name."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Heat pump on RS-485",
        version=1,
        minor_version=1,
        data={
            CONF_TRANSPORT: TransportType.MODBUS_SERIAL,
            CONF_SERIAL_PORT: str(tmp_path / "ttyUSB9"),
            CONF_BAUDRATE: 9600,
            CONF_PARITY: letter,
            CONF_STOPBITS: 1,
            CONF_BYTESIZE: 8,
            CONF_DEVICE_ID: 1,
            CONF_PROFILE: "generic_air_to_water",
        },
    )
    assert not await _setup(hass, entry)  # the port does not exist: retries
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert (entry.version, entry.minor_version) == (1, 2)
    assert entry.data[CONF_PARITY] == name


async def test_entry_from_a_newer_version_is_not_loaded(hass: HomeAssistant) -> None:
    """An entry written by a future major version is left alone."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=2,
        data={CONF_TRANSPORT: TransportType.MODBUS_TCP},
    )
    assert not await _setup(hass, entry)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


@pytest.mark.parametrize(
    "failure", [RuntimeError("platform broke"), asyncio.CancelledError()]
)
async def test_setup_failing_after_the_first_poll_lets_go_of_the_unit(
    hass: HomeAssistant,
    socket_enabled: None,
    monkeypatch: pytest.MonkeyPatch,
    profiles_dir: Path,
    failure: BaseException,
) -> None:
    """A platform error, or HA stopping mid-setup, still releases the connection."""
    async with running_simulator(profiles_dir, kind="air_to_water", seed=2) as sim:
        sim.advance(600)
        entry = modbus_entry(sim)
        entry.add_to_hass(hass)

        async def forward(*_args: object) -> None:
            assert len(hass.data[MODBUS_POOL]) == 1  # connected and polled
            raise failure

        monkeypatch.setattr(hass.config_entries, "async_forward_entry_setups", forward)
        with contextlib.suppress(asyncio.CancelledError):
            await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert len(hass.data[MODBUS_POOL]) == 0
