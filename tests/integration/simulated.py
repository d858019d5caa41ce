"""Helpers for tests that run Home Assistant against the in-process simulator."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from homeassistant.const import CONF_HOST, CONF_PORT
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump.const import (
    CONF_DEVICE_ID,
    CONF_PROFILE,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.modbus.connection import ConnectionPool
from heatpump_sim.simulator import Simulator


@asynccontextmanager
async def running_simulator(**config: Any) -> AsyncIterator[Simulator]:
    """A Modbus TCP simulator on a free port with a manual clock."""
    simulator = Simulator(modbus=("127.0.0.1", 0), speed=None, **config)
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


def follow_simulator_clock(monkeypatch: pytest.MonkeyPatch, sim: Simulator) -> None:
    """Stamp samples with the simulator's time; reconnect without back-off.

    The test advances the simulator and polls at once, so HA's own clock
    barely moves: the coordinator's clock must be the simulator's, and the
    connection back-off (on the real clock) must not hold polls back.
    """
    monkeypatch.setattr(
        HeatPumpCoordinator, "now", lambda _s: sim.model.now.timestamp()
    )
    monkeypatch.setattr(
        "custom_components.heatpump.ConnectionPool",
        functools.partial(ConnectionPool, backoff_initial=0.0, backoff_max=0.0),
    )


def modbus_entry(
    sim: Simulator, profile: str = "generic_air_to_water", **kwargs: Any
) -> MockConfigEntry:
    """A Modbus TCP entry for the simulator, as the config flow stores it."""
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
            CONF_PROFILE: profile,
        },
        **kwargs,
    )
