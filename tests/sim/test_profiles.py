"""The simulator's clock lives in simulator profiles only, never in shipped ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from pymodbus.client import AsyncModbusTcpClient

from custom_components.heatpump.core.modbus.codec import decode
from custom_components.heatpump.core.profile.loader import (
    load_profile,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import ModbusPoint
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.profiles import simulator_profile_id, write_simulator_profile
from heatpump_sim.simulator import Simulator

from .conftest import unit

SHIPPED = shipped_profiles_dir()
GENERIC = sorted(path.stem for path in (SHIPPED / "generic").glob("generic_*.yaml"))


def test_no_shipped_profile_reads_the_simulator_clock() -> None:
    """A real unit has no clock point: no shipped file mentions it at all."""
    files = sorted(SHIPPED.rglob("*.yaml"))
    assert len(files) > 10
    for file in files:
        assert "unit_time" not in file.read_text(encoding="utf-8"), file.name


@pytest.mark.parametrize("shipped", GENERIC)
def test_simulator_profile_is_the_generic_one_plus_the_clock(
    shipped: str, tmp_path: Path
) -> None:
    """Same points, writes and settings as the shipped profile, and the clock."""
    original = load_profile(SHIPPED / "generic" / f"{shipped}.yaml")
    simulated = load_profile(write_simulator_profile(tmp_path, shipped))
    assert simulated.id == simulator_profile_id(shipped) != original.id
    assert simulated.id.startswith("simulated_")
    assert simulated.name.startswith("Simulated ")
    assert (simulated.kind, simulated.transport) == (original.kind, original.transport)
    assert simulated.writes == original.writes
    *points, clock = simulated.points
    assert tuple(points) == original.points
    assert clock.quantity is Quantity.UNIT_TIME
    assert not clock.entity


@pytest.mark.usefixtures("socket_enabled")
async def test_simulator_serves_its_clock(tmp_path: Path) -> None:
    """Served from the simulator profile, the clock reads the simulated time."""
    profile = load_profile(write_simulator_profile(tmp_path, "generic_air_to_water"))
    clock = profile.point("unit_time")
    assert isinstance(clock, ModbusPoint)
    sim = Simulator(modbus=("127.0.0.1", 0), profiles=(profile,), speed=None)
    await sim.start()
    try:
        sim.advance(600)
        assert sim.modbus is not None
        host, port = sim.modbus.address
        client = AsyncModbusTcpClient(host, port=port)
        await client.connect()
        try:
            answer = await client.read_input_registers(
                clock.address, count=clock.count, **unit()
            )
        finally:
            client.close()
    finally:
        await sim.stop()
    assert decode(clock, answer.registers) == int(sim.model.now.timestamp())
