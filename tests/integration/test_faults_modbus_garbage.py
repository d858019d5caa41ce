"""Raw register garbage on every numeric point of a Modbus profile, over real Modbus.

The simulator serves the profile (with its clock, so samples carry the
unit's time) and runs on between polls; on every other poll each numeric
point's registers answer one kind of garbage instead: NaN and ±inf in
float32, the type's largest and smallest integers, values outside the
point's bounds.  No entity may ever show a value outside its bounds, and the
totals must still be what the unit really made and used.
"""

from __future__ import annotations

import math
import struct
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.heatpump.const import DOMAIN
from custom_components.heatpump.core.modbus.codec import decode
from custom_components.heatpump.core.plausibility import Range, point_range
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusPoint,
    Profile,
    WordOrder,
)
from custom_components.heatpump.core.quantities import Quantity
from custom_components.heatpump.core.readings import (
    from_quantity_value,
    to_quantity_value,
)
from heatpump_sim.profiles import write_simulator_profile
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import running_simulator
from tests.integration.test_faults_modbus import POLL, Harness, setup_harness

PROFILES, _ = load_profiles(shipped_profiles_dir())
RESOLUTION = 0.002
"""kWh: the counters' whole Wh and float32 rounding over the run."""
FLOAT32_MAX = struct.unpack(">f", b"\x7f\x7f\xff\xff")[0]
_INT_LIMITS = {
    DataType.INT16: (-(1 << 15), (1 << 15) - 1),
    DataType.UINT16: (0, (1 << 16) - 1),
    DataType.INT32: (-(1 << 31), (1 << 31) - 1),
    DataType.UINT32: (0, (1 << 32) - 1),
}

type Raw = Callable[[ModbusPoint, Range], float | None]
"""One kind of garbage: the raw value a point answers (None: not for it)."""


def _floats_only(value: float) -> Raw:
    return lambda point, _: value if point.data_type is DataType.FLOAT32 else None


def _type_limit(high: bool) -> Raw:
    def raw(point: ModbusPoint, _: Range) -> float:
        if point.data_type is DataType.FLOAT32:
            return FLOAT32_MAX if high else -FLOAT32_MAX
        return _INT_LIMITS[point.data_type][high]

    return raw


def _outside(high: bool) -> Raw:
    """A value past the point's bounds (in its shown unit), as a raw value."""

    def raw(point: ModbusPoint, limits: Range) -> float | None:
        edge = limits.high if high else limits.low
        if not math.isfinite(edge):
            return None
        shown = edge + (abs(edge) + 1000.0) * (1 if high else -1)
        native = float(from_quantity_value(point, shown))
        value = (native - point.offset) / point.scale
        if point.data_type is DataType.FLOAT32:
            return value
        low, top = _INT_LIMITS[point.data_type]
        return min(max(round(value), low), top)

    return raw


GARBAGE: dict[str, Raw] = {
    "nan": _floats_only(math.nan),
    "+inf": _floats_only(math.inf),
    "-inf": _floats_only(-math.inf),
    "type max": _type_limit(high=True),
    "type min": _type_limit(high=False),
    "above bounds": _outside(high=True),
    "below bounds": _outside(high=False),
}


def _words(point: ModbusPoint, raw: float) -> list[int]:
    """The registers of ``raw`` in the point's type and word order."""
    if point.data_type is DataType.FLOAT32:
        unsigned = int.from_bytes(struct.pack(">f", raw), "big")
    else:
        unsigned = int(raw) & ((1 << (16 * point.count)) - 1)
    words = [(unsigned >> (16 * i)) & 0xFFFF for i in reversed(range(point.count))]
    return words[::-1] if point.word_order is WordOrder.LITTLE else words


def _admitted(point: ModbusPoint, limits: Range, words: list[int]) -> bool:
    """Whether the gate must take these words as a reading."""
    value = decode(point, words)
    if value is None or isinstance(value, bool | str):
        return False
    return limits.admits(float(to_quantity_value(point, value)))


def numeric_points(profile: Profile) -> list[tuple[ModbusPoint, Range]]:
    """Register points with numeric values, and their bounds."""
    points = []
    for point in profile.modbus_points:
        limits = point_range(point)
        bits = point.table.is_bits or point.data_type is DataType.BITFIELD
        if limits is not None and not bits:
            points.append((point, limits))
    return points


@pytest.fixture(params=["generic_air_to_water", "idm_navigator_2"])
async def served(
    request: pytest.FixtureRequest, socket_enabled: None, profiles_dir: Path
) -> AsyncIterator[tuple[Profile, Simulator]]:
    """The simulator serving one profile (int registers / float32 registers)."""
    profile = PROFILES[request.param]
    clocked = write_simulator_profile(profiles_dir, profile.id)
    async with running_simulator(
        profiles_dir, kind="air_to_water", profiles=(clocked,), seed=7
    ) as simulator:
        simulator.advance(3600)
        yield profile, simulator


def _assert_within_bounds(
    harness: Harness, points: list[tuple[ModbusPoint, Range]], what: str
) -> None:
    registry = er.async_get(harness.hass)
    for point, limits in points:
        for platform in ("sensor", "number"):
            entity_id = registry.async_get_entity_id(
                platform, DOMAIN, f"{harness.entry_id}_point_{point.key}"
            )
            if entity_id is None:
                continue
            state = harness.hass.states.get(entity_id)
            assert state is not None
            if state.state in ("unknown", "unavailable"):
                continue
            assert limits.admits(float(state.state)), (
                f"{what}: {entity_id} = {state.state}"
            )
    for key in ("heat_energy", "electrical_energy"):
        value = harness.number(key)
        assert math.isfinite(value), f"{what}: {key} = {value}"
        assert value >= 0.0, f"{what}: {key} = {value}"
    cop = harness.state("cop_today")
    if cop not in ("unknown", "unavailable"):
        assert 0.0 <= float(cop) <= 15.0, f"{what}: cop_today = {cop}"


@pytest.mark.usefixtures("enable_all_entities")  # the "Reported ..." points too
async def test_garbage_matrix_on_every_numeric_register(
    hass: HomeAssistant,
    served: tuple[Profile, Simulator],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile, sim = served
    harness = await setup_harness(hass, sim, monkeypatch)
    points = numeric_points(profile)
    assert len(points) >= 5
    truth = sim.truth.totals
    await harness.poll(3)
    heat0, elec0 = harness.number("heat_energy"), harness.number("electrical_energy")
    truth_heat0, truth_elec0 = truth.positive_heat_kwh, truth.elec_kwh
    injected = 0
    plausible = {Quantity.HEAT_POWER: 0.0, Quantity.ELECTRICAL_POWER: 0.0}
    for name, garbage in GARBAGE.items():
        for point, limits in points:
            raw = garbage(point, limits)
            if raw is None:
                continue
            words = _words(point, raw)
            sim.faults.set_registers(point.table, point.address, words)
            injected += 1
            if point.quantity in plausible and _admitted(point, limits, words):
                # Garbage no gate can tell from a reading (0 W): only the
                # unit's counter can still count the interval it opens.
                true_w = float(sim.model.state()[point.quantity])
                plausible[point.quantity] += max(true_w, 0.0) * POLL / 3.6e6
        await harness.poll()
        assert harness.available, f"{name}: garbage is no outage"
        _assert_within_bounds(harness, points, name)
        sim.faults.clear_registers()
        await harness.poll()
        _assert_within_bounds(harness, points, f"after {name}")
    heat = harness.number("heat_energy") - heat0
    elec = harness.number("electrical_energy") - elec0
    true_heat = truth.positive_heat_kwh - truth_heat0
    true_elec = truth.elec_kwh - truth_elec0
    with capsys.disabled():
        print(
            f"\n{profile.id} garbage matrix: {len(GARBAGE)} kinds on {len(points)} "
            f"numeric points ({injected} injections); heat {heat:.4f} kWh vs "
            f"truth {true_heat:.4f}, electricity {elec:.4f} vs {true_elec:.4f}; "
            f"plausible garbage (0 W) opened intervals worth "
            f"{plausible[Quantity.HEAT_POWER]:.4f} / "
            f"{plausible[Quantity.ELECTRICAL_POWER]:.4f} kWh"
        )
    # Garbage is no reading: power is held over the garbage poll as over any
    # short hole, and a counter that glitches together with a plausible 0 W
    # (its type's minimum) keeps its baseline and counts the glitch interval
    # by its own delta; nothing is lost, nothing absurd is ever counted.
    # ``RESOLUTION``: the Wh counters count whole Wh.
    for counted, true in ((heat, true_heat), (elec, true_elec)):
        assert counted <= true + RESOLUTION, "energy invented"
        assert counted >= true - RESOLUTION, "energy lost"
    assert await hass.config_entries.async_unload(harness.entry_id)
