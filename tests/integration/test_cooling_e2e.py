"""Cooling end to end: the summer preset, the climate entity, EER and kWh vs truth.

The simulator runs the hot ``summer`` preset over real Modbus TCP.  The
owner switches the climate entity to cool and sets a target; the unit
follows it, and the day's EER and the cooling kWh match the simulator's
exact energies within 2 %.  The reversing valve sits in its cooling position.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from homeassistant.components.climate import HVACMode
from homeassistant.const import STATE_ON
from homeassistant.core import HomeAssistant

from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import modbus_entry, running_simulator
from tests.integration.test_modbus_e2e import POLL, Harness

CASES = {
    # kind: (climate target, the temperature the target is about)
    "air_to_air": (23.0, Quantity.ROOM_TEMPERATURE),
    "air_to_water": (16.0, Quantity.FLOW_TEMPERATURE),
}


@pytest.fixture(params=sorted(CASES))
async def summer(
    request: pytest.FixtureRequest, socket_enabled: None, profiles_dir: Path
) -> AsyncIterator[Simulator]:
    """A unit in the hot summer preset, one hour in."""
    async with running_simulator(
        profiles_dir, kind=request.param, weather="summer", seed=3
    ) as simulator:
        simulator.advance(3600)
        yield simulator


async def test_cooling_follows_the_climate_and_matches_the_truth(
    hass: HomeAssistant,
    summer: Simulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Cool to a target for 6 h: target followed, EER and kWh within 2 %."""
    sim = summer
    target, followed = CASES[sim.kind.value]
    await hass.config.async_set_time_zone("UTC")
    entry = modbus_entry(sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    harness = Harness(hass, sim, entry.entry_id)
    await harness.run(POLL)

    climate = harness.entity_id("climate", "climate")
    await hass.services.async_call(
        "climate",
        "set_hvac_mode",
        {"entity_id": climate, "hvac_mode": HVACMode.COOL},
        blocking=True,
    )
    await hass.services.async_call(
        "climate",
        "set_temperature",
        {"entity_id": climate, "temperature": target},
        blocking=True,
    )
    assert sim.model.state()[Quantity.MODE_SETTING] == "cooling"
    totals = sim.truth.totals
    cooling0, elec0 = totals.cooling_kwh, totals.cooling_elec_kwh
    energy0 = harness.number("cooling_energy")
    start = float(sim.model.state()[followed])
    while_cooling: list[float] = []
    for _ in range(6 * 360):
        await harness.run(POLL)
        if harness.state("sensor", "operating_mode") == "cooling":
            assert sim.model.state()[Quantity.REVERSING_VALVE] is True
            assert harness.state("binary_sensor", "reversing_valve") == STATE_ON
            while_cooling.append(float(sim.model.state()[followed]))
    assert len(while_cooling) > 60, "the unit hardly cooled"

    true_cooling = totals.cooling_kwh - cooling0
    true_eer = true_cooling / (totals.cooling_elec_kwh - elec0)
    cooling = harness.number("cooling_energy") - energy0
    eer = harness.number("eer_today")
    state = hass.states.get(climate)
    assert state is not None
    truth = sim.model.state()
    with capsys.disabled():
        print(
            f"\n{sim.kind.value} 6 h cooling: cooling_energy +{cooling:.3f} kWh vs"
            f" true {true_cooling:.3f}; eer_today {eer:.3f} vs true {true_eer:.3f};"
            f" {followed.value} {start:.2f} -> {while_cooling[-1]:.2f} °C"
            f" while cooling, target {target}"
        )
    assert cooling == pytest.approx(true_cooling, rel=0.02)
    assert eer == pytest.approx(true_eer, rel=0.02)
    assert state.state == HVACMode.COOL
    assert state.attributes["temperature"] == target
    assert state.attributes["current_temperature"] == pytest.approx(
        float(truth[followed]), abs=0.051
    )
    # The unit holds what the climate entity asked for (a flow leaves the
    # unit a little below the loop's mean, which the unit controls).
    recent = while_cooling[-30:]
    assert sum(recent) / len(recent) == pytest.approx(target, abs=2.5)
    if followed is Quantity.ROOM_TEMPERATURE:
        assert while_cooling[-1] < start - 1.0  # the room came down
