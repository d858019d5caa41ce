"""Modbus TCP over real loopback sockets, read with the pymodbus client."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException

from custom_components.heatpump.core.modbus.codec import decode
from custom_components.heatpump.core.profile.model import ModbusPoint, Table, Transport
from custom_components.heatpump.core.quantities import Kind, Quantity, Value
from custom_components.heatpump.core.readings import to_quantity_value
from heatpump_sim.model import MODEL_KINDS
from heatpump_sim.simulator import Simulator

from .conftest import unit

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _read(
    client: AsyncModbusTcpClient,
    table: Table,
    address: int,
    count: int,
    device_id: int = 1,
) -> Any:
    kw = unit(device_id)
    if table is Table.COIL:
        return await client.read_coils(address, count=count, **kw)
    if table is Table.DISCRETE:
        return await client.read_discrete_inputs(address, count=count, **kw)
    if table is Table.HOLDING:
        return await client.read_holding_registers(address, count=count, **kw)
    return await client.read_input_registers(address, count=count, **kw)


async def _point_value(
    client: AsyncModbusTcpClient, point: ModbusPoint
) -> Value | None:
    rr = await _read(client, point.table, point.address, point.count)
    assert not rr.isError(), f"{point.key}: {rr}"
    words = [int(b) for b in rr.bits[:1]] if point.table.is_bits else rr.registers
    value = decode(point, words)
    return None if value is None else to_quantity_value(point, value)


async def _no_answer(client: AsyncModbusTcpClient, device_id: int = 1) -> bool:
    """True when a read times out or the connection fails (no response)."""
    try:
        await client.read_input_registers(0, count=1, **unit(device_id))
    except ModbusException:
        return True
    return False


def _tolerance(point: ModbusPoint) -> float:
    one = to_quantity_value(point, point.scale)
    zero = to_quantity_value(point, 0.0)
    assert isinstance(one, float | int)
    assert isinstance(zero, float | int)
    return abs(float(one) - float(zero)) * 0.51 + 1e-6


def _assert_matches(point: ModbusPoint, served: Value | None, expected: Value) -> None:
    assert served is not None, point.key
    if isinstance(expected, bool) or isinstance(served, bool):
        assert served == expected, point.key
    elif isinstance(expected, str) and point.quantity is Quantity.ERROR_CODE:
        assert float(served) == float(expected), point.key
    elif isinstance(expected, str):
        assert served == expected, point.key
    else:
        assert float(served) == pytest.approx(expected, abs=_tolerance(point)), (
            point.key
        )


async def test_reads_match_the_model(make_sim: Any, modbus_client: Any) -> None:
    """Every point of the generic profile reads back the model's value."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    sim.advance(3 * 3600)
    client = await modbus_client(sim.modbus_port)
    state = sim.state()
    profile = sim.profiles[Transport.MODBUS]
    assert profile.id == "generic_air_to_water"
    for point in profile.modbus_points:
        assert point.quantity is not None
        _assert_matches(point, await _point_value(client, point), state[point.quantity])


@pytest.mark.parametrize("kind", MODEL_KINDS)
async def test_every_kind_serves_its_generic_profile(
    kind: Kind, make_sim: Any, modbus_client: Any
) -> None:
    """Each model reports every quantity its generic profile maps."""
    sim: Simulator = await make_sim(
        modbus=("127.0.0.1", 0), kind=kind, weather="spring"
    )
    if kind is Kind.DRYER:
        sim.write(Quantity.MODE_SETTING, "drying")
    sim.advance(2 * 3600)
    client = await modbus_client(sim.modbus_port)
    state = sim.state()
    for point in sim.profiles[Transport.MODBUS].modbus_points:
        assert point.quantity in state, f"{kind}: model lacks {point.quantity}"
        _assert_matches(point, await _point_value(client, point), state[point.quantity])


async def test_writes_change_the_model(make_sim: Any, modbus_client: Any) -> None:
    """Writes to writable points reach the model and read back."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    client = await modbus_client(sim.modbus_port)
    rr = await client.write_register(4, 525, **unit())  # DHW target ×0.1 °C
    assert not rr.isError()
    assert sim.state()[Quantity.DHW_TARGET_TEMPERATURE] == pytest.approx(52.5)
    rr = await client.write_registers(0, [3, 415], **unit())  # cooling, flow 41.5
    assert not rr.isError()
    assert sim.model.mode_setting == "cooling"
    assert sim.state()[Quantity.TARGET_TEMPERATURE] == pytest.approx(41.5)
    rr = await client.read_holding_registers(0, count=5, **unit())
    assert rr.registers[:2] == [3, 415]
    assert rr.registers[4] == 525


@pytest.mark.parametrize(
    ("address", "values", "code"),
    [
        (4, [990], 3),  # above the DHW maximum
        (1, [373], 3),  # not on the 0.5 K step
        (0, [7], 3),  # mode 7 is not in the map
        (3, [0], 2),  # gap in the map
        (300, [1], 2),  # beyond the map
    ],
)
async def test_refused_writes(
    address: int, values: list[int], code: int, make_sim: Any, modbus_client: Any
) -> None:
    """Bad values answer exception 3, unmapped addresses exception 2."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    client = await modbus_client(sim.modbus_port)
    before = dict(sim.state())
    rr = await client.write_registers(address, values, **unit())
    assert rr.isError()
    assert rr.exception_code == code
    assert (
        sim.state()[Quantity.DHW_TARGET_TEMPERATURE]
        == before[Quantity.DHW_TARGET_TEMPERATURE]
    )


async def test_addresses_outside_the_map_and_strict_gaps(
    make_sim: Any, modbus_client: Any
) -> None:
    """Beyond the map: exception 2; inside gaps read 0 unless strict."""
    lenient: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    strict: Simulator = await make_sim(modbus=("127.0.0.1", 0), modbus_strict=True)
    a = await modbus_client(lenient.modbus_port)
    b = await modbus_client(strict.modbus_port)
    rr = await a.read_input_registers(500, count=2, **unit())
    assert rr.isError()
    assert rr.exception_code == 2
    rr = await a.read_input_registers(0, count=10, **unit())
    assert not rr.isError()
    assert rr.registers[3] == 0
    rr = await b.read_input_registers(0, count=10, **unit())
    assert rr.isError()
    assert rr.exception_code == 2
    rr = await b.read_input_registers(0, count=3, **unit())
    assert not rr.isError()


async def test_device_id(make_sim: Any, modbus_client: Any) -> None:
    """The configured id answers; another id gets no answer."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0), device_id=7)
    client = await modbus_client(sim.modbus_port, wait_s=0.3)
    rr = await client.read_input_registers(0, count=1, **unit(7))
    assert not rr.isError()
    assert await _no_answer(client, 3)


async def test_fault_exception_code(make_sim: Any, modbus_client: Any) -> None:
    """Every request answers the chosen exception until cleared."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    client = await modbus_client(sim.modbus_port)
    sim.faults.set_exception(6)
    rr = await client.read_input_registers(0, count=1, **unit())
    assert rr.isError()
    assert rr.exception_code == 6
    sim.faults.clear()
    assert not (await client.read_input_registers(0, count=1, **unit())).isError()


async def test_fault_delay_and_withhold(make_sim: Any, modbus_client: Any) -> None:
    """A delay holds the answer back; withholding gets none."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    client = await modbus_client(sim.modbus_port, wait_s=1.0)
    sim.faults.set_delay(0.3)
    began = time.monotonic()
    assert not (await client.read_input_registers(0, count=1, **unit())).isError()
    assert time.monotonic() - began >= 0.3
    sim.faults.clear()
    quiet = await modbus_client(sim.modbus_port, wait_s=0.3)
    sim.faults.set_withhold()
    assert await _no_answer(quiet)
    sim.faults.clear()


async def test_fault_drop_and_restore(make_sim: Any, modbus_client: Any) -> None:
    """A drop closes the connection and refuses new ones until restored."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    port = sim.modbus_port
    client = await modbus_client(port, wait_s=0.5)
    sim.faults.set_drop(True)
    await asyncio.sleep(0.1)
    assert await _no_answer(client)
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", port)
    sim.faults.set_drop(False)
    await asyncio.sleep(0.1)
    again = await modbus_client(port)
    assert not (await again.read_input_registers(0, count=1, **unit())).isError()


async def test_fault_kick(make_sim: Any, modbus_client: Any) -> None:
    """A kick closes open connections; reconnecting works."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    reader, writer = await asyncio.open_connection("127.0.0.1", sim.modbus_port)
    sim.faults.kick()
    assert await asyncio.wait_for(reader.read(), 2.0) == b""
    writer.close()
    client = await modbus_client(sim.modbus_port)
    assert not (await client.read_input_registers(0, count=1, **unit())).isError()


async def test_fault_freeze_and_counter_reset(
    make_sim: Any, modbus_client: Any
) -> None:
    """Frozen registers stop changing; a reset zeroes the energy counters."""
    sim: Simulator = await make_sim(modbus=("127.0.0.1", 0))
    sim.advance(3600)
    client = await modbus_client(sim.modbus_port)
    first = (await client.read_input_registers(40, count=18, **unit())).registers
    sim.faults.freeze()
    sim.advance(3 * 3600)
    frozen = (await client.read_input_registers(40, count=18, **unit())).registers
    assert frozen == first
    sim.faults.freeze(False)
    thawed = (await client.read_input_registers(40, count=18, **unit())).registers
    assert thawed != first
    assert thawed[10:14] != [0, 0, 0, 0]  # energy counters (Wh) have counted
    sim.faults.reset_counters()
    reset = (await client.read_input_registers(50, count=4, **unit())).registers
    assert reset == [0, 0, 0, 0]
    sim.advance(3600)
    later = (await client.read_input_registers(50, count=4, **unit())).registers
    assert later != [0, 0, 0, 0]
