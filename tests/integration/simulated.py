"""Helpers for tests that run Home Assistant against the in-process simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.const import (
    CONF_DEVICE_ID,
    CONF_PROFILE,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.core.profile.model import Point, Transport
from custom_components.heatpump.core.quantities import (
    QUANTITIES,
    Kind,
    Quantity,
    Value,
    ValueType,
)
from custom_components.heatpump.core.units import convert
from custom_components.heatpump.point_entities import (
    point_sensor_description,
    point_unit,
)
from custom_components.heatpump.precision import native_decimals
from heatpump_sim.profiles import write_simulator_profile
from heatpump_sim.simulator import Simulator


@asynccontextmanager
async def running_simulator(
    profiles_dir: Path, **config: Any
) -> AsyncIterator[Simulator]:
    """A Modbus TCP simulator on a free port with a manual clock.

    Unless ``profiles`` names others, it serves the simulator profile of its
    kind (the generic one plus the simulator's clock), written into
    ``profiles_dir`` as the demo writes it: samples carry the simulated time.
    """
    if "profiles" not in config:
        kind = Kind(config.get("kind", Kind.AIR_TO_WATER))
        shipped = f"generic_{kind.value}"
        config["profiles"] = (write_simulator_profile(profiles_dir, shipped),)
    simulator = Simulator(modbus=("127.0.0.1", 0), speed=None, **config)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


def modbus_entry(
    sim: Simulator, profile: str | None = None, **kwargs: Any
) -> MockConfigEntry:
    """A Modbus TCP entry for the simulator (default: the profile it serves)."""
    assert sim.modbus is not None
    host, port = sim.modbus.address
    kwargs.setdefault("title", "Heat pump")
    kwargs.setdefault("unique_id", f"{host}:{port}:{sim.modbus.device_id}")
    return MockConfigEntry(
        domain=DOMAIN,
        data={
            CONF_TRANSPORT: TransportType.MODBUS_TCP,
            CONF_HOST: host,
            CONF_PORT: port,
            CONF_DEVICE_ID: sim.modbus.device_id,
            CONF_PROFILE: profile or sim.profiles[Transport.MODBUS].id,
        },
        **kwargs,
    )


def _shown_step(point: Point) -> float:
    """The resolution a point's sensor shows (0.1 °C, 1 W, 1 Wh...)."""
    decimals = native_decimals(point_sensor_description(point, None))
    return 0.0 if decimals is None else 10.0**-decimals


def assert_points_show_truth(
    hass: HomeAssistant,
    entry_id: str,
    points: Iterable[Point],
    truth: Mapping[Quantity, Value],
    raw_step: Callable[[Point], float],
    rel: float = 1e-6,
) -> None:
    """Every read-only numeric quantity point shows the simulator's value.

    The sensor must carry the quantity's unit (as HA spells it) and match
    within half a raw step (``raw_step``, in the point's own unit) of what the
    simulator served; summed points show only their part and are skipped.
    """
    registry = er.async_get(hass)
    checked = 0
    for point in points:
        quantity = point.quantity
        if quantity is None or quantity not in truth or not point.entity or point.sum:
            continue
        if point.is_writable or QUANTITIES[quantity].value_type is not ValueType.NUMBER:
            continue
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry_id}_point_{point.key}"
        )
        assert entity_id is not None, point.key
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) == point_unit(point)
        step = raw_step(point)
        target = QUANTITIES[quantity].unit
        if point.unit and target and point.unit != target:
            step = abs(
                convert(step, point.unit, target) - convert(0.0, point.unit, target)
            )
        expected = float(truth[quantity])
        tolerance = step * 0.51 + abs(expected) * rel + _shown_step(point) / 2
        assert float(state.state) == pytest.approx(expected, abs=tolerance), point.key
        checked += 1
    assert checked >= 2, "too few points compared"
