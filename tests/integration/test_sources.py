"""Source details: Modbus endpoints and error reasons, the base contract, MQTT."""

from __future__ import annotations

import functools
import logging
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_HOST, CONF_PORT, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_mqtt_message,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import MqttMockHAClient

from custom_components.heatpump.const import (
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_PARITY,
    CONF_PROFILE,
    CONF_SERIAL_PORT,
    CONF_STOPBITS,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator
from custom_components.heatpump.core.modbus.connection import (
    ConnectionPool,
    LinkSettings,
)
from custom_components.heatpump.core.modbus.endpoint import Endpoint
from custom_components.heatpump.core.modbus.errors import (
    ModbusConnectionError,
    ModbusDeviceError,
    ModbusError,
    ModbusTimeoutError,
)
from custom_components.heatpump.core.profile.model import Point
from custom_components.heatpump.core.quantities import Quantity, Value
from custom_components.heatpump.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.heatpump.sources.base import (
    AvailabilityCallback,
    PushCallback,
    Source,
)
from custom_components.heatpump.sources.modbus import (
    endpoint_from_config,
    quiet_connect_failures,
    unavailable,
)
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import (
    modbus_entry,
    running_simulator,
)


@pytest.mark.parametrize(
    ("data", "endpoint"),
    [
        (
            {CONF_TRANSPORT: "modbus_tcp", CONF_HOST: "10.0.0.5", CONF_PORT: "5020"},
            Endpoint(kind="tcp", host="10.0.0.5", port=5020),
        ),
        (
            {CONF_TRANSPORT: "modbus_rtu_over_tcp", CONF_HOST: "gw", CONF_PORT: 502},
            Endpoint(kind="rtu_over_tcp", host="gw", port=502),
        ),
        (
            {
                CONF_TRANSPORT: "modbus_serial",
                CONF_SERIAL_PORT: "/dev/ttyUSB0",
                CONF_BAUDRATE: "19200",
                CONF_PARITY: "even",
                CONF_STOPBITS: 2.0,
                CONF_BYTESIZE: 7.0,
            },
            Endpoint(
                kind="serial",
                serial_port="/dev/ttyUSB0",
                baudrate=19200,
                parity="even",
                stopbits=2,
                bytesize=7,
            ),
        ),
    ],
)
async def test_endpoint_from_entry_data(
    data: dict[str, object], endpoint: Endpoint
) -> None:
    """Each Modbus transport's entry data names its endpoint, numbers as ints."""
    result = endpoint_from_config(data)
    assert result == endpoint
    assert isinstance(result.port, int)
    assert isinstance(result.stopbits, int)


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (ModbusTimeoutError("no answer"), "modbus_timeout"),
        (ModbusConnectionError("refused"), "modbus_connection"),
        (ModbusDeviceError(4, "device refused"), "modbus_device_error"),
        # Anything else (a short or garbled answer) reads as a bad link.
        (ModbusError("short answer from tcp://gw:502: [1]"), "modbus_connection"),
    ],
)
async def test_modbus_errors_map_to_translated_reasons(
    error: ModbusError, key: str
) -> None:
    """The reason key picks the message; the detail carries the error's text."""
    reason = unavailable(error)
    assert reason.translation_key == key
    assert reason.detail == str(error)


class _PushOnly(Source):
    """The least a push source has to implement."""

    async def async_start(
        self, push: PushCallback, availability: AvailabilityCallback
    ) -> None:
        """Nothing to connect."""

    async def async_write(self, point: Point, value: Value) -> None:
        """Nothing to write."""

    async def async_stop(self) -> None:
        """Nothing to release."""


async def test_source_defaults() -> None:
    """A push source is not polled and has no diagnostics of its own."""
    source = _PushOnly()
    assert source.polling is False
    with pytest.raises(NotImplementedError):
        await source.async_poll(set())
    assert source.diagnostics() == {}


def _succeeded(coordinator: HeatPumpCoordinator) -> bool:
    return coordinator.last_update_success


@pytest.fixture
async def sim(socket_enabled: None, profiles_dir: Path) -> AsyncIterator[Simulator]:
    """An air-to-water unit."""
    async with running_simulator(
        profiles_dir, kind="air_to_water", seed=6
    ) as simulator:
        simulator.advance(600)
        yield simulator


async def test_unit_that_stops_answering_times_out(
    hass: HomeAssistant, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No answer: unavailable with the timeout reason; answers again: back."""
    # Short request timeouts, so the test need not wait the real ones out.
    monkeypatch.setattr(
        "custom_components.heatpump.ConnectionPool",
        functools.partial(ConnectionPool, LinkSettings(request_timeout=0.2, retries=0)),
    )
    entry = modbus_entry(sim)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: HeatPumpCoordinator = entry.runtime_data
    flow = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{entry.entry_id}_point_flow_temperature"
    )
    assert flow is not None

    def _flow_state() -> str:
        state = hass.states.get(flow)
        assert state is not None
        return state.state

    sim.faults.set_withhold(True)
    sim.advance(10)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert not _succeeded(coordinator)
    assert str(coordinator.last_exception).startswith(
        "The heat pump did not answer within the poll timeout (no valid answer"
    )
    assert _flow_state() == STATE_UNAVAILABLE

    sim.faults.set_withhold(False)
    sim.advance(10)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _succeeded(coordinator)
    assert float(_flow_state()) == pytest.approx(
        float(sim.model.state()[Quantity.FLOW_TEMPERATURE]), abs=0.051
    )
    assert await hass.config_entries.async_unload(entry.entry_id)


PREFIX = "panasonic_heat_pump"


async def test_mqtt_garbage_is_ignored_and_diagnostics_redacted(
    hass: HomeAssistant, mqtt_mock: MqttMockHAClient, freezer: FrozenDateTimeFactory
) -> None:
    """A payload that is no value keeps the last reading; the prefix is redacted."""
    freezer.move_to("2026-01-15 10:00:00+00:00")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Aquarea",
        data={
            CONF_TRANSPORT: TransportType.MQTT,
            CONF_PROFILE: "heishamon_panasonic_aquarea",
            CONF_TOPIC_PREFIX: PREFIX,
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: HeatPumpCoordinator = entry.runtime_data

    async def publish(topic: str, payload: str) -> None:
        async_fire_mqtt_message(hass, f"{PREFIX}/{topic}", payload)
        await hass.async_block_till_done()
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()

    await publish("main/Main_Outlet_Temp", "35.5")
    assert coordinator.data.quantities[Quantity.FLOW_TEMPERATURE] == 35.5
    await publish("main/Main_Outlet_Temp", "sensor fault!")
    # Garbage is no reading: unknown, never the last good value.
    assert coordinator.data.points["main_outlet_temp"] is None
    assert Quantity.FLOW_TEMPERATURE not in coordinator.data.quantities
    assert coordinator.last_update_success

    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["source"] == {"topic_prefix": "**REDACTED**", "online": True}
    assert PREFIX not in str(diagnostics)
    assert await hass.config_entries.async_unload(entry.entry_id)


def test_pymodbus_is_quieted_at_setup_not_at_import() -> None:
    """Importing the Modbus source leaves pymodbus' logger alone; setting a unit
    up drops its connect warnings (the coordinator logs once), once."""
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logging, custom_components.heatpump.sources.modbus;"
            "print(len(logging.getLogger('pymodbus.logging').filters))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert imported.stdout.strip() == "0"

    logger = logging.getLogger("pymodbus.logging")
    before = list(logger.filters)
    try:
        quiet_connect_failures()
        quiet_connect_failures()
        added = [f for f in logger.filters if f not in before]
        assert len(added) <= 1
        assert logger.filters, "no filter installed"

        def passes(message: str) -> bool:
            record = logging.LogRecord("pymodbus.logging", 30, "", 0, message, (), None)
            return all(f.filter(record) for f in logger.filters)

        assert not passes("Failed to connect [Errno 111] Connection refused")
        assert passes("Connection to gateway lost")
    finally:
        for extra in [f for f in logger.filters if f not in before]:
            logger.removeFilter(extra)
