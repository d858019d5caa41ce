"""Fault suite over real loopback Modbus: HA <-> the simulator, killed and glitched.

The simulator runs with a manual clock in this event loop, as in
``test_modbus_e2e``: each poll advances the model and the coordinator's clock
by one polling interval, so a 5-minute outage takes 30 polls, not 5 minutes.
The connection's back-off runs on the real clock, which barely moves between
polls: a back-off that skipped polls would show here as a late recovery.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.heatpump.const import DOMAIN
from custom_components.heatpump.coordinator import SAVE_DELAY, HeatPumpCoordinator
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)

POLL = 10.0
OUTAGES_S = (
    10,
    20,
    60,
    30,
    300,
    10,
    40,
    60,
    20,
    300,
    10,
    30,
    60,
    10,
    20,
    50,
    30,
    10,
    60,
    300,
)
"""Twenty kill/restart cycles, three of them 60 s and three 5 min long."""


class Harness:
    """The simulator and one Modbus entry, polled on the simulator's clock."""

    def __init__(self, hass: HomeAssistant, sim: Simulator, entry_id: str) -> None:
        self.hass, self.sim, self.entry_id = hass, sim, entry_id

    @property
    def coordinator(self) -> HeatPumpCoordinator:
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        assert entry is not None
        coordinator: HeatPumpCoordinator = entry.runtime_data
        return coordinator

    async def poll(self, count: int = 1) -> None:
        for _ in range(count):
            self.sim.advance(POLL)
            await self.coordinator.async_refresh()
            await self.hass.async_block_till_done()

    def entity_id(self, platform: str, key: str) -> str:
        entity_id = er.async_get(self.hass).async_get_entity_id(
            platform, DOMAIN, f"{self.entry_id}_{key}"
        )
        assert entity_id is not None, key
        return entity_id

    def state(self, key: str, platform: str = "sensor") -> str:
        state = self.hass.states.get(self.entity_id(platform, key))
        assert state is not None, key
        return state.state

    def number(self, key: str) -> float:
        return float(self.state(key))

    @property
    def available(self) -> bool:
        return self.state("point_flow_temperature") != STATE_UNAVAILABLE

    async def set_unit(self, up: bool) -> None:
        """Kill (stop listening, drop every connection) or restart the unit."""
        self.sim.faults.set_drop(not up)
        server = self.sim.modbus
        assert server is not None
        async with asyncio.timeout(5):
            while (server._server is not None) != up:
                await asyncio.sleep(0.01)

    async def restart_entry(self) -> None:
        hass = self.hass
        assert await hass.config_entries.async_setup(self.entry_id)
        await hass.async_block_till_done()


async def setup_harness(
    hass: HomeAssistant,
    sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    **entry: Any,
) -> Harness:
    await hass.config.async_set_time_zone("UTC")
    config_entry = modbus_entry(sim, **entry)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    harness = Harness(hass, sim, config_entry.entry_id)
    await harness.poll()
    return harness


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """An air-to-water simulator in winter, one warm-up hour simulated."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", seed=3
    ) as simulator:
        simulator.advance(3600)
        yield simulator


@pytest.fixture
async def harness(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> Harness:
    """The generic air-to-water entry on the simulator."""
    return await setup_harness(hass, sim, monkeypatch)


async def test_twenty_kill_restart_cycles(
    harness: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unavailable within 1 poll, back within 2, whatever the outage; kWh exact."""
    truth = harness.sim.truth.totals
    heat0, elec0 = harness.number("heat_energy"), harness.number("electrical_energy")
    truth_heat0, truth_elec0 = truth.positive_heat_kwh, truth.elec_kwh
    recovered: list[int] = []
    for outage in OUTAGES_S:
        await harness.set_unit(up=False)
        await harness.poll()
        assert not harness.available, f"still available 1 poll into a {outage} s outage"
        await harness.poll(outage // int(POLL) - 1)
        await harness.set_unit(up=True)
        polls = 0
        while not harness.available:
            await harness.poll()
            polls += 1
            assert polls <= 2, f"not back 2 polls after a {outage} s outage"
        recovered.append(polls)
        await harness.poll(6)
    heat = harness.number("heat_energy") - heat0
    elec = harness.number("electrical_energy") - elec0
    true_heat = truth.positive_heat_kwh - truth_heat0
    true_elec = truth.elec_kwh - truth_elec0
    with capsys.disabled():
        print(
            f"\n20 kill/restart cycles ({sum(OUTAGES_S)} s of outage): back after "
            f"{recovered} polls; heat {heat:.4f} kWh vs truth {true_heat:.4f}, "
            f"electricity {elec:.4f} vs {true_elec:.4f}"
        )
    # The unit's Wh counters bridge every outage: exact to their resolution.
    assert heat == pytest.approx(true_heat, abs=0.002)
    assert elec == pytest.approx(true_elec, abs=0.002)


async def test_graceful_restart_is_exact_and_sigkill_loses_under_a_minute(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    harness: Harness,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Graceful: totals exact.  SIGKILL: the file on disk is < SAVE_DELAY old."""
    sim, key = harness.sim, f"{DOMAIN}.{harness.entry_id}"
    truth = sim.truth.totals
    await harness.poll(6)
    # Graceful: HA stops (unload saves), the unit runs on for a minute.
    heat0, truth0 = harness.number("heat_energy"), truth.positive_heat_kwh
    assert await hass.config_entries.async_unload(harness.entry_id)
    sim.advance(60)
    await harness.restart_entry()
    await harness.poll()
    assert harness.number("heat_energy") - heat0 == pytest.approx(
        truth.positive_heat_kwh - truth0, abs=0.002
    )

    # SIGKILL: the periodic save wrote the state; 25 s later the process dies.
    await harness.poll()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=SAVE_DELAY + 1))
    await hass.async_block_till_done()
    on_disk = copy.deepcopy(hass_storage[key])
    heat0, truth0 = harness.number("heat_energy"), truth.positive_heat_kwh
    await harness.poll(2)
    power_w = float(sim.model.state()[Quantity.HEAT_POWER])
    assert await hass.config_entries.async_unload(harness.entry_id)
    hass_storage[key] = on_disk  # the final save never happened
    sim.advance(60)
    await harness.restart_entry()
    await harness.poll()
    heat = harness.number("heat_energy") - heat0
    true_heat = truth.positive_heat_kwh - truth0
    lost = true_heat - heat
    with capsys.disabled():
        print(
            f"\nSIGKILL: state on disk {SAVE_DELAY} s old at most; lost "
            f"{lost * 1000:.1f} Wh of {true_heat * 1000:.1f} Wh "
            f"(60 s at {power_w:.0f} W = {power_w / 60:.1f} Wh)"
        )
    assert lost > -0.002, "energy invented across the restart"
    assert lost < max(power_w, 0.0) * 60 / 3.6e6 + 0.002


async def test_removing_the_entry_deletes_its_storage(
    hass: HomeAssistant, hass_storage: dict[str, Any], harness: Harness
) -> None:
    key = f"{DOMAIN}.{harness.entry_id}"
    await harness.coordinator.async_save()
    assert key in hass_storage
    assert await hass.config_entries.async_remove(harness.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


async def _select(harness: Harness, option: str) -> None:
    await harness.hass.services.async_call(
        "select",
        "select_option",
        {
            "entity_id": harness.entity_id("select", "point_mode_setting"),
            "option": option,
        },
        blocking=True,
    )


@pytest.fixture
async def air_sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """A mini-split simulator (it has a dry mode)."""
    async with running_simulator(profiles_dir, kind="air_to_air", seed=5) as simulator:
        simulator.advance(3600)
        yield simulator


async def test_reversal_guard_survives_a_restart_and_counts_dry_as_cooling(
    hass: HomeAssistant, air_sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cooling, restart, heating at once: refused, with HA's local time."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    harness = await setup_harness(hass, air_sim, monkeypatch, title="Mini split")
    await _select(harness, "heating")
    await harness.poll()
    await _select(harness, "drying")  # dry mode runs the cooling cycle
    await harness.poll()
    assert await hass.config_entries.async_unload(harness.entry_id)
    await harness.restart_entry()
    await harness.poll()
    guard = harness.coordinator.guard
    sim_now = air_sim.model.now.timestamp()
    with pytest.raises(ServiceValidationError) as info:
        await _select(harness, "heating")
    assert guard.since is not None
    # The message names HA's local time, not the unit's (simulated) clock.
    expected = dt_util.now() + timedelta(
        seconds=guard.since + guard.min_dwell_s - sim_now
    )
    shown = info.value.translation_placeholders["time"]
    assert shown == expected.strftime("%H:%M:%S") or shown == (
        expected - timedelta(seconds=1)
    ).strftime("%H:%M:%S")
    # Cooling after dry is no reversal.
    await _select(harness, "cooling")
