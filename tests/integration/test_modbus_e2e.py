"""End to end over real loopback Modbus TCP: HA <-> the simulator.

The simulator runs in this event loop with a manual clock (speed None): each
test step advances the model, moves the coordinator's clock by the same
amount and lets it poll over the socket, so both sides see the same time.
(Freezing HA's whole clock would also freeze the socket timeouts.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from homeassistant import config_entries
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er

from custom_components.heatpump.const import CONF_DEVICE_ID, CONF_PROFILE, DOMAIN
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.profile.model import Transport
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)

POLL = 10.0  # the default polling interval


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """An air-to-water simulator in winter, one warm-up hour simulated."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", seed=3
    ) as simulator:
        simulator.advance(3600)
        yield simulator


async def _setup_through_flow(hass: HomeAssistant, sim: Simulator) -> str:
    assert sim.modbus is not None
    host, port = sim.modbus.address
    result: Any = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": config_entries.SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "modbus_tcp"}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: host,
            CONF_PORT: port,
            CONF_DEVICE_ID: 1,
            CONF_PROFILE: sim.profiles[Transport.MODBUS].id,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    await hass.async_block_till_done()
    entry_id: str = result["result"].entry_id
    return entry_id


class Harness:
    """Moves the simulator; samples carry its clock (the simulator profile)."""

    def __init__(self, hass: HomeAssistant, sim: Simulator, entry_id: str) -> None:
        self.hass, self.sim, self.entry_id = hass, sim, entry_id

    @property
    def coordinator(self) -> HeatPumpCoordinator:
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        assert entry is not None
        coordinator: HeatPumpCoordinator = entry.runtime_data
        return coordinator

    async def run(self, seconds: float) -> None:
        """Simulate ``seconds``, polling every POLL seconds as HA would."""
        for _ in range(round(seconds / POLL)):
            self.sim.advance(POLL)
            await self.coordinator.async_refresh()
            await self.hass.async_block_till_done()

    def entity_id(self, platform: str, key: str) -> str:
        entity_id = er.async_get(self.hass).async_get_entity_id(
            platform, DOMAIN, f"{self.entry_id}_{key}"
        )
        assert entity_id is not None, key
        return entity_id

    def state(self, platform: str, key: str) -> str:
        state = self.hass.states.get(self.entity_id(platform, key))
        assert state is not None
        return state.state

    def number(self, key: str) -> float:
        return float(self.state("sensor", key))


@pytest.fixture
async def harness(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> Harness:
    """The integration set up through the config flow against the simulator."""
    await hass.config.async_set_time_zone("UTC")
    entry_id = await _setup_through_flow(hass, sim)
    return Harness(hass, sim, entry_id)


@pytest.mark.usefixtures("enable_all_entities")  # "Reported operating mode" too
async def test_entities_match_the_simulator(harness: Harness) -> None:
    """Every polled value equals what the simulator serves."""
    await harness.run(POLL)
    truth = harness.sim.model.state()
    for key, quantity in (
        ("point_flow_temperature", Quantity.FLOW_TEMPERATURE),
        ("point_return_temperature", Quantity.RETURN_TEMPERATURE),
        ("point_outdoor_temperature", Quantity.OUTDOOR_TEMPERATURE),
        ("point_flow_rate", Quantity.FLOW_RATE),
    ):
        assert harness.number(key) == pytest.approx(
            float(truth[quantity]), abs=0.051
        ), key
    assert (
        harness.state("sensor", "point_operating_mode")
        == truth[Quantity.OPERATING_MODE]
    )


async def test_energy_and_cop_track_the_truth(harness: Harness) -> None:
    """Six simulated hours: heat, electricity and COP within counter resolution."""
    await harness.run(POLL)
    truth = harness.sim.truth
    heat0, elec0 = harness.number("heat_energy"), harness.number("electrical_energy")
    truth_heat0, truth_elec0 = truth.totals.positive_heat_kwh, truth.totals.elec_kwh
    await harness.run(6 * 3600)
    heat = harness.number("heat_energy") - heat0
    elec = harness.number("electrical_energy") - elec0
    true_heat = truth.totals.positive_heat_kwh - truth_heat0
    true_elec = truth.totals.elec_kwh - truth_elec0
    assert heat == pytest.approx(true_heat, rel=0.02, abs=0.05)
    assert elec == pytest.approx(true_elec, rel=0.02, abs=0.05)
    assert harness.number("cop_today") == pytest.approx(
        truth.totals.heat_kwh / truth.totals.elec_kwh, rel=0.1
    )


async def test_write_reaches_the_simulator_and_guard_refuses_reversal(
    harness: Harness,
) -> None:
    """Mode and setpoint writes change the model; a quick reversal is refused."""
    hass, sim = harness.hass, harness.sim
    await harness.run(POLL)
    select = harness.entity_id("select", "point_mode_setting")
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": select, "option": "cooling"},
        blocking=True,
    )
    assert sim.model.state()[Quantity.MODE_SETTING] == "cooling"
    assert harness.state("select", "point_mode_setting") == "cooling"

    with pytest.raises(ServiceValidationError, match="protect the compressor"):
        await hass.services.async_call(
            "select",
            "select_option",
            {"entity_id": select, "option": "heating"},
            blocking=True,
        )
    assert sim.model.state()[Quantity.MODE_SETTING] == "cooling"

    await harness.run(11 * 60)  # past the 10 min dwell
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": select, "option": "heating"},
        blocking=True,
    )
    assert sim.model.state()[Quantity.MODE_SETTING] == "heating"

    number = harness.entity_id("number", "point_dhw_target_temperature")
    await hass.services.async_call(
        "number", "set_value", {"entity_id": number, "value": 52}, blocking=True
    )
    assert sim.model.state()[Quantity.DHW_TARGET_TEMPERATURE] == pytest.approx(52)
    with pytest.raises(ServiceValidationError):
        await hass.services.async_call(
            "number", "set_value", {"entity_id": number, "value": 95}, blocking=True
        )


async def test_connection_loss_unavailable_then_back_without_losing_energy(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """The unit vanishes: unavailable, logged once; back: totals continue exactly."""
    await harness.run(3600)
    truth = harness.sim.truth
    heat0, truth0 = harness.number("heat_energy"), truth.totals.positive_heat_kwh

    harness.sim.faults.set_drop(True)
    await harness.run(5 * POLL)
    assert harness.state("sensor", "heat_energy") == STATE_UNAVAILABLE
    assert harness.state("sensor", "point_flow_temperature") == STATE_UNAVAILABLE
    harness.sim.faults.set_drop(False)
    await harness.run(3 * POLL)
    assert harness.state("sensor", "point_flow_temperature") != STATE_UNAVAILABLE
    await harness.run(1800)

    gained = harness.number("heat_energy") - heat0
    assert gained == pytest.approx(
        truth.totals.positive_heat_kwh - truth0, rel=0.02, abs=0.05
    )
    assert caplog.text.count("Error fetching") == 1
    assert caplog.text.count("data recovered") == 1
    assert "Failed to connect" not in caplog.text  # pymodbus' per-poll warning
    assert not [
        r for r in caplog.records if r.exc_info and r.levelno >= logging.WARNING
    ]


async def test_restart_restores_totals_exactly(harness: Harness) -> None:
    """Unload (HA stopping) and set up again: the totals continue, none lost."""
    hass = harness.hass
    await harness.run(3600)
    before = {
        key: harness.number(key)
        for key in ("heat_energy", "electrical_energy", "cop_today", "defrost_count")
    }
    assert await hass.config_entries.async_unload(harness.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(harness.entry_id)
    await hass.async_block_till_done()
    for key, value in before.items():
        assert harness.number(key) == pytest.approx(value, abs=1e-9), key


async def test_unload_leaves_no_connection(harness: Harness) -> None:
    """After unload the shared Modbus connection is closed and released."""
    hass = harness.hass
    await harness.run(POLL)
    assert await hass.config_entries.async_unload(harness.entry_id)
    await hass.async_block_till_done()
    from custom_components.heatpump import MODBUS_POOL

    assert MODBUS_POOL not in hass.data
    server = harness.sim.modbus
    assert server is not None
    async with asyncio.timeout(5):  # the server notices the closed socket
        while server._writers:
            await asyncio.sleep(0.01)


@pytest.fixture
async def midnight_sim(
    socket_enabled: None, profiles_dir: Path
) -> AsyncIterator[Simulator]:
    """A winter simulator at local (UTC) midnight, so one day is 'today'."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", seed=1
    ) as simulator:
        yield simulator


async def test_a_day_against_the_truth(
    hass: HomeAssistant,
    midnight_sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A simulated winter day, polled every 30 s: the day's figures match the truth."""
    sim = midnight_sim
    await hass.config.async_set_time_zone("UTC")
    entry_id = await _setup_through_flow(hass, sim)
    harness = Harness(hass, sim, entry_id)
    totals = sim.truth.totals
    heat0, pos0, elec0, t0 = (
        totals.heat_kwh,
        totals.positive_heat_kwh,
        totals.elec_kwh,
        sim.model.t,
    )
    heat_energy0 = harness.number("heat_energy")
    for _ in range(2879):  # to 23:59:30, one poll every 30 s
        sim.advance(30)
        await harness.coordinator.async_refresh()
    await hass.async_block_till_done()

    true_heat, true_elec = totals.heat_kwh - heat0, totals.elec_kwh - elec0
    true_positive = totals.positive_heat_kwh - pos0
    true_defrosts = sum(1 for d in sim.truth.defrosts if d.t_s >= t0)
    heat = harness.number("heat_energy") - heat_energy0
    cop_today = harness.number("cop_today")
    defrosts = harness.number("defrost_count_today")
    with capsys.disabled():
        print(
            f"\n24 h winter day: cop_today {cop_today:.3f}"
            f" vs true {true_heat / true_elec:.3f};"
            f" heat_energy +{heat:.2f} kWh vs true {true_positive:.2f} kWh;"
            f" defrost_count_today {defrosts:.0f} vs true {true_defrosts}"
        )
    assert cop_today == pytest.approx(true_heat / true_elec, rel=0.01)
    assert heat == pytest.approx(true_positive, rel=0.005)
    assert defrosts == pytest.approx(true_defrosts, abs=1)


async def test_samples_use_the_units_clock(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HA's clock barely moves while the simulator runs hours: with the unit's
    clock (the simulator profile's unit_time) the energy still adds up."""
    entry_id = await _setup_through_flow(hass, sim)
    harness = Harness(hass, sim, entry_id)
    totals = sim.truth.totals
    heat0, truth0 = harness.number("heat_energy"), totals.positive_heat_kwh
    await harness.run(3 * 3600)
    gained = harness.number("heat_energy") - heat0
    assert gained > 1.0
    assert gained == pytest.approx(totals.positive_heat_kwh - truth0, rel=0.02)


async def test_two_units_on_one_gateway_share_one_connection(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two entries on one host:port (device ids 1 and 255) use one socket."""
    from custom_components.heatpump import MODBUS_POOL

    first = modbus_entry(sim, title="Unit 1")
    second = modbus_entry(sim, title="Unit 255", unique_id="second")
    second.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        second, data={**second.data, CONF_DEVICE_ID: 255}
    )
    first.add_to_hass(hass)
    assert await hass.config_entries.async_setup(first.entry_id)  # sets up both
    await hass.async_block_till_done()
    assert second.state is ConfigEntryState.LOADED

    pool = hass.data[MODBUS_POOL]
    assert len(pool) == 1
    coordinators = [first.runtime_data, second.runtime_data]
    for _ in range(5):  # polls of both units interleave on the shared link
        sim.advance(POLL)
        await asyncio.gather(*(c.async_refresh() for c in coordinators))
    flow = float(sim.model.state()[Quantity.FLOW_TEMPERATURE])
    for coordinator in coordinators:
        assert coordinator.last_update_success
        assert coordinator.data.points["flow_temperature"] == pytest.approx(
            flow, abs=0.051
        )
    assert sim.modbus is not None
    assert len(sim.modbus._writers) == 1  # one TCP connection for both units
    for entry in (first, second):
        assert await hass.config_entries.async_unload(entry.entry_id)
    assert MODBUS_POOL not in hass.data
