"""Counter glitches against the recorded history (the recorder runs here).

The unit's own kWh counters glitch for one poll (to 0, by +10⁶ kWh), then
really reset.  The computed totals must never step back or spike in what
the recorder kept, and the raw counters must keep no statistics.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.history import get_significant_states
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import running_simulator
from tests.integration.test_faults_modbus import POLL, setup_harness


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """The recorder first (before hass), then the integration."""


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """An air-to-water simulator in winter, one warm-up hour simulated."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", seed=3
    ) as simulator:
        simulator.advance(3600)
        yield simulator


def _frozen_with(sim: Simulator, **energies: float) -> dict[Quantity, Any]:
    state = dict(sim.model.state())
    for name, value in energies.items():
        state[Quantity(name)] = value
    return state


async def test_counter_glitches_never_spike_the_recorded_history(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-poll 0, a one-poll +10⁶ kWh and a real reset of the unit's counters."""
    harness = await setup_harness(hass, sim, monkeypatch)
    truth = sim.truth.totals
    start = dt_util.utcnow()
    heat0, elec0 = harness.number("heat_energy"), harness.number("electrical_energy")
    truth_heat0, truth_elec0 = truth.positive_heat_kwh, truth.elec_kwh
    await harness.poll(3)
    for glitch in ("zero", "jump"):
        sim.advance(POLL)
        state = sim.model.state()
        heat, elec = (
            float(state[Quantity.HEAT_ENERGY]),
            float(state[Quantity.ELECTRICAL_ENERGY]),
        )
        bad = (0.0, 0.0) if glitch == "zero" else (heat + 1e6, elec + 1e6)
        sim.faults.frozen = _frozen_with(
            sim, heat_energy=bad[0], electrical_energy=bad[1]
        )
        await harness.coordinator.async_refresh()
        await hass.async_block_till_done()
        sim.faults.frozen = None
        await harness.poll(3)
    sim.faults.reset_counters()
    await harness.poll(6)
    await async_wait_recording_done(hass)

    computed = {
        key: harness.entity_id("sensor", key)
        for key in ("heat_energy", "electrical_energy")
    }
    raw = {
        key: harness.entity_id("sensor", key)
        for key in ("point_heat_energy", "point_electrical_energy")
    }
    history = await recorder_mock.async_add_executor_job(
        get_significant_states, hass, start, None, [*computed.values(), *raw.values()]
    )
    for entity_id in computed.values():
        values = [float(s.state) for s in history[entity_id]]
        steps = [b - a for a, b in itertools.pairwise(values)]
        assert len(values) > 10
        assert min(steps) >= 0.0, f"{entity_id} stepped back: {values}"
        assert max(steps) < 0.1, f"{entity_id} spiked: {values}"  # < 36 kW for 10 s
    # The unit's own counters keep no statistics: the Energy dashboard never
    # sees their glitches.
    for entity_id in raw.values():
        state = hass.states.get(entity_id)
        assert state is not None
        assert "state_class" not in state.attributes
    # The glitches cost at most the polls they replaced; nothing was invented.
    heat = harness.number("heat_energy") - heat0
    elec = harness.number("electrical_energy") - elec0
    true_heat = truth.positive_heat_kwh - truth_heat0
    true_elec = truth.elec_kwh - truth_elec0
    # (Within the counters' 1 Wh resolution.)
    assert -0.002 < true_heat - heat < 0.1
    assert -0.002 < true_elec - elec < 0.05
