"""A SIGKILL of a unit without energy counters, over real Modbus.

Without counters only the integrated power counts, so nothing can bridge the
time Home Assistant was down.  What a SIGKILL may lose is what was counted
after the last save (under a minute of energy); what it must never do is
draw a line from the stored power across the downtime.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.heatpump.const import DOMAIN
from custom_components.heatpump.coordinator import SAVE_DELAY
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.profiles import simulator_profile
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import running_simulator
from tests.integration.test_faults_modbus import POLL, Harness, setup_harness

COUNTERS = {Quantity.ELECTRICAL_ENERGY.value, Quantity.HEAT_ENERGY.value}


def _write_profile_without_counters(folder: Path) -> Path:
    data = simulator_profile("generic_air_to_water")
    data["id"] = "simulated_air_to_water_no_counters"
    data["name"] += " without energy counters"
    data["points"] = [p for p in data["points"] if p.get("quantity") not in COUNTERS]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """An air-to-water unit in winter whose profile reads no energy counter."""
    profile = _write_profile_without_counters(profiles_dir)
    async with running_simulator(
        profiles_dir, kind="air_to_water", profiles=(profile,), seed=3
    ) as simulator:
        simulator.advance(3600)
        yield simulator


async def test_sigkill_without_counters_loses_under_a_minute_and_invents_nothing(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    harness: Harness = await setup_harness(hass, sim, monkeypatch)
    key = f"{DOMAIN}.{harness.entry_id}"
    truth = sim.truth.totals
    await harness.poll(6)
    # The periodic save writes the state; two polls later the process dies.
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=SAVE_DELAY + 1))
    await hass.async_block_till_done()
    on_disk = copy.deepcopy(hass_storage[key])
    saved_heat, saved_elec = (
        harness.number("heat_energy"),
        harness.number("electrical_energy"),
    )
    await harness.poll(2)
    killed_heat = harness.number("heat_energy")
    killed_elec = harness.number("electrical_energy")
    power_w = float(sim.model.state()[Quantity.ELECTRICAL_POWER])
    assert power_w > 500.0, "the unit must be running for the test to mean anything"
    assert await hass.config_entries.async_unload(harness.entry_id)
    hass_storage[key] = on_disk  # the final save never happened
    sim.advance(60)
    await harness.restart_entry()  # setup reads the unit once
    # The first interval after the restart is a gap: exactly what was saved.
    assert harness.number("heat_energy") == pytest.approx(saved_heat, abs=1e-9)
    assert harness.number("electrical_energy") == pytest.approx(saved_elec, abs=1e-9)
    lost_elec = killed_elec - saved_elec
    lost_heat = killed_heat - saved_heat
    # Then it counts again, as the unit really runs.
    elec0, truth0 = harness.number("electrical_energy"), truth.elec_kwh
    await harness.poll(6)
    counted = harness.number("electrical_energy") - elec0
    true = truth.elec_kwh - truth0
    with capsys.disabled():
        print(
            f"\nSIGKILL without counters: lost {lost_elec * 1000:.1f} Wh electricity, "
            f"{lost_heat * 1000:.1f} Wh heat counted after the last save "
            f"(60 s at {power_w:.0f} W = {power_w / 60:.1f} Wh); after the restart "
            f"{counted * 1000:.1f} Wh counted vs {true * 1000:.1f} Wh true"
        )
    assert 0.0 <= lost_elec < power_w * 60 / 3.6e6
    assert lost_elec <= power_w * 1.2 * (2 * POLL) / 3.6e6
    assert counted == pytest.approx(true, rel=0.05)
    assert await hass.config_entries.async_unload(harness.entry_id)
