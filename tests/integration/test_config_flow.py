"""Config, options and reconfigure flows, against real Modbus peers on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar
from unittest.mock import AsyncMock, Mock, patch

import pytest
import voluptuous as vol
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState, ConfigFlow
from homeassistant.const import CONF_HOST, CONF_NAME, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from pymodbus import FramerType
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped,unused-ignore]
    MockConfigEntry,
    async_fire_mqtt_message,
)

from custom_components.heatpump import (
    MODBUS_POOL,
    config_flow,
    profiles,
    transports,
    validation,
)
from custom_components.heatpump.const import (
    CONF_BAUDRATE,
    CONF_BYTESIZE,
    CONF_COMPRESSOR_THRESHOLD,
    CONF_DEVICE_ID,
    CONF_EXTERNAL_ENERGY,
    CONF_EXTERNAL_POWER,
    CONF_FLUID,
    CONF_GLYCOL_PERCENT,
    CONF_INFER_DEFROST,
    CONF_KIND,
    CONF_MIN_DWELL,
    CONF_PARITY,
    CONF_PROFILE,
    CONF_SCAN_INTERVAL,
    CONF_SERIAL_NUMBER,
    CONF_SERIAL_PORT,
    CONF_SOURCE_ENTITIES,
    CONF_STOPBITS,
    CONF_TOPIC_PREFIX,
    CONF_TRANSPORT,
    CONF_VALVE_POLARITY,
    DOMAIN,
    USER_PROFILES_DIR,
    TransportType,
)
from custom_components.heatpump.core.modbus.client import ModbusDevice
from custom_components.heatpump.core.modbus.connection import ConnectionPool
from custom_components.heatpump.core.modbus.errors import (
    ModbusDeviceError,
    ModbusError,
)
from custom_components.heatpump.entities_flow import map_schema
from custom_components.heatpump.entity_guess import KIND_QUANTITIES
from custom_components.heatpump.transports import CONNECTIONS

from .modbus_fixture import (
    HOST,
    GatewayServer,
    ModbusTestServer,
    SilentServer,
    unused_port,
)

TRANSLATIONS = (
    Path(__file__).parents[2] / "custom_components/heatpump/translations/en.json"
)
SHIPPED_MODBUS = "generic_air_to_water"
TEST_MODBUS = "test_modbus"
TEST_MQTT = "test_mqtt"
TEST_METER = "test_meter"
NO_PEER = 1502
"""A port for tests that never connect (sockets stay blocked there)."""

_PROFILES = {
    "test_modbus.yaml": f"""
id: {TEST_MODBUS}
name: Test unit
kind: air_to_water
transport: modbus
source: {{document: config flow tests}}
points:
  - {{key: flow_temperature, name: Flow, quantity: flow_temperature,
     table: holding, address: 10, type: int16, scale: 0.1, unit: "°C"}}
  - {{key: electrical_power, name: Power, quantity: electrical_power,
     table: input, address: 20, type: uint16, unit: W}}
  - {{key: firmware, name: Firmware, table: holding, address: 30, type: uint16}}
""",
    "test_mqtt.yaml": f"""
id: {TEST_MQTT}
name: Test bridge
kind: air_to_water
transport: mqtt
source: {{document: config flow tests}}
mqtt: {{base_topic: testpump}}
points:
  - {{key: flow_temperature, name: Flow, quantity: flow_temperature,
     topic: main/Flow, unit: "°C"}}
""",
    "test_meter.yaml": f"""
id: {TEST_METER}
name: Test meter
kind: meter
transport: modbus
source: {{document: config flow tests}}
points:
  - {{key: power, name: Power, quantity: electrical_power,
     table: input, address: 12, type: float32, unit: W}}
""",
    "broken.yaml": "id: [\n",
}

_T = TypeVar("_T", ModbusTestServer, SilentServer, GatewayServer)
Start = Callable[[_T], Awaitable[_T]]


@pytest.fixture(autouse=True)
def user_profiles(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config dir whose heatpump_profiles holds the test profiles."""
    hass.config.config_dir = str(tmp_path)
    directory = tmp_path / USER_PROFILES_DIR
    directory.mkdir()
    for name, text in _PROFILES.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(autouse=True)
def mock_setup() -> Iterator[AsyncMock]:
    """Keep the flow tests apart from the integration's setup."""
    with (
        patch(
            "custom_components.heatpump.async_setup_entry", return_value=True
        ) as setup,
        patch("custom_components.heatpump.async_unload_entry", return_value=True),
    ):
        yield setup


@pytest.fixture(autouse=True)
def short_timeouts() -> Iterator[None]:
    """Silent peers time out in a fraction of a second."""
    with (
        patch.object(validation, "MODBUS_TEST_TIMEOUT", 0.5),
        patch.object(validation, "MQTT_TEST_TIMEOUT", 0.2),
    ):
        yield


@pytest.fixture
async def start(socket_enabled: None) -> AsyncIterator[Start[Any]]:
    """Start peers on 127.0.0.1; every one is stopped after the test."""
    started: list[ModbusTestServer | SilentServer | GatewayServer] = []

    async def _start(server: _T) -> _T:
        await server.start()
        started.append(server)
        return server

    yield _start
    for server in started:
        await server.stop()


@pytest.fixture
async def mqtt_ready(
    hass: HomeAssistant, mqtt_mock: Any, mqtt_client_mock: Any
) -> AsyncIterator[None]:
    """HA's MQTT integration on a mocked paho client, closed like a real one."""
    yield
    # The mock opens a (fake) socket but never closes it; a real client
    # reports the close, which stops MQTT's periodic housekeeping timer.
    mqtt_client_mock.on_socket_close(
        mqtt_client_mock, None, Mock(fileno=Mock(return_value=-1))
    )
    await hass.async_block_till_done()


async def _menu(hass: HomeAssistant, step: str) -> dict[str, Any]:
    """Open the flow and pick a transport from the menu."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": step}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == step
    return dict(result)


async def _submit(
    hass: HomeAssistant, result: dict[str, Any], user_input: dict[str, Any]
) -> dict[str, Any]:
    return dict(
        await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    )


def _profile_choices(result: dict[str, Any]) -> dict[str, str]:
    """Profile ids and labels the form offers."""
    for key, validator in result["data_schema"].schema.items():
        if key == CONF_PROFILE:
            options = validator.config["options"]
            return {option["value"]: option["label"] for option in options}
    raise AssertionError("no profile field")


def _tcp(port: int, profile: str = TEST_MODBUS, device_id: int = 1) -> dict[str, Any]:
    return {
        CONF_HOST: HOST,
        CONF_PORT: port,
        CONF_DEVICE_ID: device_id,
        CONF_PROFILE: profile,
    }


def _modbus_entry(port: int, **data: Any) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Test unit ({HOST}:{port})",
        unique_id=f"{HOST}:{port}:1",
        data={
            CONF_TRANSPORT: TransportType.MODBUS_TCP.value,
            CONF_HOST: HOST,
            CONF_PORT: port,
            CONF_DEVICE_ID: 1,
            CONF_PROFILE: TEST_MODBUS,
            **data,
        },
    )


# --- Menu and profiles -------------------------------------------------------


async def test_menu_offers_every_transport(hass: HomeAssistant) -> None:
    """The first step is a menu of transports."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [
        "modbus_tcp",
        "modbus_rtu_over_tcp",
        "modbus_serial",
        "mqtt_manual",
        "entities",
    ]


async def test_profile_choice_by_transport(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """Modbus steps list shipped and user Modbus profiles, meters too, never MQTT.

    A user profile that does not load is skipped, and the log says so.
    """
    choices = _profile_choices(await _menu(hass, "modbus_tcp"))
    assert "Profile skipped: broken.yaml" in caplog.text
    assert choices[TEST_MODBUS] == "Test unit"
    assert SHIPPED_MODBUS in choices
    assert choices[TEST_METER] == "Test meter"  # a meter is its own entry
    assert "eastron_sdm120" in choices
    assert TEST_MQTT not in choices
    assert "generic_mqtt_air_to_water" not in choices
    assert list(choices.values()) == sorted(choices.values(), key=str.casefold)


async def test_no_profiles_aborts(hass: HomeAssistant) -> None:
    """Without a profile for the transport the flow cannot go on."""
    with patch.object(profiles, "load_profiles", return_value=({}, [])):
        result = await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_USER}
        )
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "modbus_tcp"}
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_profiles"


# --- Modbus TCP ----------------------------------------------------------------


async def test_modbus_tcp_creates_entry(
    hass: HomeAssistant, start: Start[Any], mock_setup: AsyncMock
) -> None:
    """A unit that answers every register of the shipped generic profile."""
    server = await start(ModbusTestServer())
    result = await _menu(hass, "modbus_tcp")
    result = await _submit(hass, result, _tcp(server.port, SHIPPED_MODBUS))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == (
        f"Generic air-to-water heat pump (Modbus) ({HOST}:{server.port})"
    )
    assert result["data"] == {
        CONF_TRANSPORT: "modbus_tcp",
        CONF_HOST: HOST,
        CONF_PORT: server.port,
        CONF_DEVICE_ID: 1,
        CONF_PROFILE: SHIPPED_MODBUS,
    }
    assert result["result"].unique_id == f"{HOST}:{server.port}:1"
    assert result["result"].options == {}
    await hass.async_block_till_done()
    assert len(mock_setup.mock_calls) == 1


async def test_modbus_tcp_errors_then_success(
    hass: HomeAssistant, start: Start[Any]
) -> None:
    """Refused port, silent peer, foreign register map: each named, then fixed."""
    silent = await start(SilentServer())
    strict = await start(ModbusTestServer(full=False))
    good = await start(ModbusTestServer())
    result = await _menu(hass, "modbus_tcp")

    port = unused_port()
    result = await _submit(hass, result, _tcp(port))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    assert result["description_placeholders"] == {
        "endpoint": f"tcp://{HOST}:{port}",
        "device_id": "1",
    }

    result = await _submit(hass, result, _tcp(silent.port))
    assert result["errors"] == {"base": "timeout"}

    result = await _submit(hass, result, _tcp(strict.port))
    assert result["errors"] == {"base": "invalid_profile_map"}

    result = await _submit(hass, result, _tcp(good.port, device_id=7))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"Test unit ({HOST}:{good.port}, device 7)"
    assert result["result"].unique_id == f"{HOST}:{good.port}:7"


async def test_modbus_wrong_device_id_times_out(
    hass: HomeAssistant, start: Start[Any]
) -> None:
    """A gateway answers "target failed to respond" for a wrong device id."""
    gateway = await start(GatewayServer())
    server = await start(ModbusTestServer())
    result = await _menu(hass, "modbus_tcp")
    result = await _submit(hass, result, _tcp(gateway.port, device_id=5))
    assert result["errors"] == {"base": "timeout"}
    assert result["description_placeholders"]["device_id"] == "5"
    result = await _submit(hass, result, _tcp(server.port, device_id=1))
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (ModbusDeviceError(10, "gateway path"), "timeout"),
        (ModbusDeviceError(1, "illegal function"), "invalid_profile_map"),
        (ModbusError("short answer"), "modbus_error"),
    ],
)
async def test_modbus_device_answers_mapped(
    hass: HomeAssistant, error: ModbusError, key: str
) -> None:
    """Exception answers other than code 2, and odd answers, have their errors."""
    result = await _menu(hass, "modbus_tcp")
    with patch.object(ModbusDevice, "read_points", AsyncMock(side_effect=error)):
        result = await _submit(hass, result, _tcp(NO_PEER))
    assert result["errors"] == {"base": key}
    if key == "modbus_error":
        assert result["description_placeholders"]["detail"] == "short answer"


async def test_modbus_blank_host(hass: HomeAssistant) -> None:
    """A host of blanks is named as such, not sent to the network."""
    result = await _menu(hass, "modbus_tcp")
    result = await _submit(hass, result, {**_tcp(NO_PEER), CONF_HOST: "  "})
    assert result["errors"] == {"base": "invalid_endpoint"}


async def test_modbus_same_unit_in_two_flows(hass: HomeAssistant) -> None:
    """A second flow for a unit another flow is setting up aborts."""
    first = await _menu(hass, "modbus_tcp")
    with patch.object(
        ModbusDevice, "read_points", AsyncMock(side_effect=ModbusError("x"))
    ):
        first = await _submit(hass, first, _tcp(NO_PEER))
    assert first["type"] is FlowResultType.FORM
    second = await _submit(hass, await _menu(hass, "modbus_tcp"), _tcp(NO_PEER))
    assert second["type"] is FlowResultType.ABORT
    assert second["reason"] == "already_in_progress"


async def test_modbus_uses_shared_pool(hass: HomeAssistant, start: Start[Any]) -> None:
    """With running entries, the test joins their pool and leaves it as it was."""
    server = await start(ModbusTestServer())
    pool = ConnectionPool()
    hass.data[MODBUS_POOL] = pool
    result = await _menu(hass, "modbus_tcp")
    result = await _submit(hass, result, _tcp(server.port))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(pool) == 0


async def test_modbus_duplicate_aborts(hass: HomeAssistant) -> None:
    """The same host, port and device id cannot be added twice."""
    _modbus_entry(NO_PEER).add_to_hass(hass)
    result = await _menu(hass, "modbus_tcp")
    result = await _submit(hass, result, _tcp(NO_PEER))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


# --- Modbus RTU over TCP and serial ----------------------------------------------


async def test_modbus_rtu_over_tcp_creates_entry(
    hass: HomeAssistant, start: Start[Any]
) -> None:
    """RTU framing through a transparent TCP bridge."""
    server = await start(ModbusTestServer(framer=FramerType.RTU))
    result = await _menu(hass, "modbus_rtu_over_tcp")
    result = await _submit(hass, result, _tcp(server.port))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_TRANSPORT: "modbus_rtu_over_tcp",
        CONF_HOST: HOST,
        CONF_PORT: server.port,
        CONF_DEVICE_ID: 1,
        CONF_PROFILE: TEST_MODBUS,
    }
    assert result["result"].unique_id == f"{HOST}:{server.port}:1"


def _serial(port: str, device_id: int = 1) -> dict[str, Any]:
    return {
        CONF_SERIAL_PORT: f" {port} ",
        CONF_BAUDRATE: "19200",
        CONF_PARITY: "even",
        CONF_STOPBITS: "1",
        CONF_BYTESIZE: "8",
        CONF_DEVICE_ID: device_id,
        CONF_PROFILE: TEST_MODBUS,
    }


async def test_modbus_serial_creates_entry(
    hass: HomeAssistant, start: Start[Any]
) -> None:
    """A serial line (pyserial's socket:// URL to an RTU server), after an error."""
    server = await start(ModbusTestServer(framer=FramerType.RTU))
    result = await _menu(hass, "modbus_serial")
    defaults = {
        str(key): key.default()
        for key in result["data_schema"].schema
        if key.default is not vol.UNDEFINED
    }
    assert defaults == {
        CONF_BAUDRATE: "9600",
        CONF_PARITY: "none",
        CONF_STOPBITS: "1",
        CONF_BYTESIZE: "8",
        CONF_DEVICE_ID: 1,
    }
    result = await _submit(hass, result, _serial(f"socket://{HOST}:{unused_port()}"))
    assert result["errors"] == {"base": "cannot_connect"}
    url = f"socket://{HOST}:{server.port}"
    result = await _submit(hass, result, _serial(url, device_id=3))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == f"Test unit ({url}, device 3)"
    assert result["data"] == {
        CONF_TRANSPORT: "modbus_serial",
        CONF_SERIAL_PORT: url,
        CONF_BAUDRATE: 19200,
        CONF_PARITY: "even",
        CONF_STOPBITS: 1,
        CONF_BYTESIZE: 8,
        CONF_DEVICE_ID: 3,
        CONF_PROFILE: TEST_MODBUS,
    }
    assert result["result"].unique_id == f"{url}:3"


# --- MQTT ------------------------------------------------------------------------


async def test_mqtt_needs_the_mqtt_integration(hass: HomeAssistant) -> None:
    """Without HA's MQTT integration the MQTT path aborts."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "mqtt_manual"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "mqtt_not_configured"


def _publish_soon(hass: HomeAssistant, topic: str) -> None:
    """Publish while the flow waits for a first message."""
    hass.loop.call_later(0.05, async_fire_mqtt_message, hass, topic, "21.5")


async def test_mqtt_creates_entry(hass: HomeAssistant, mqtt_ready: None) -> None:
    """No message is an error naming the topic; a message passes."""
    result = await _menu(hass, "mqtt_manual")
    assert set(_profile_choices(result)) >= {TEST_MQTT, "generic_mqtt_air_to_water"}
    assert TEST_MODBUS not in _profile_choices(result)

    user_input = {CONF_TOPIC_PREFIX: " heishamon/ ", CONF_PROFILE: TEST_MQTT}
    result = await _submit(hass, result, user_input)
    assert result["errors"] == {"base": "no_mqtt_messages"}
    assert result["description_placeholders"] == {"topic": "heishamon/#"}

    _publish_soon(hass, "heishamon/main/Flow")
    result = await _submit(hass, result, user_input)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Test bridge (heishamon)"
    assert result["data"] == {
        CONF_TRANSPORT: "mqtt",
        CONF_TOPIC_PREFIX: "heishamon",
        CONF_PROFILE: TEST_MQTT,
    }
    assert result["result"].unique_id == "mqtt:heishamon"


async def test_mqtt_prefix_defaults_to_profile(
    hass: HomeAssistant, mqtt_ready: None
) -> None:
    """An empty prefix means the profile's base topic; wildcards are refused."""
    result = await _menu(hass, "mqtt_manual")
    result = await _submit(
        hass, result, {CONF_TOPIC_PREFIX: "pump/+", CONF_PROFILE: TEST_MQTT}
    )
    assert result["errors"] == {"base": "invalid_topic"}
    _publish_soon(hass, "testpump/main/Flow")
    result = await _submit(hass, result, {CONF_PROFILE: TEST_MQTT})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_TOPIC_PREFIX] == "testpump"


async def test_mqtt_subscribe_failure(hass: HomeAssistant, mqtt_ready: None) -> None:
    """MQTT going away between the menu and the test is an error, not a crash."""
    result = await _menu(hass, "mqtt_manual")
    with patch(
        "homeassistant.components.mqtt.async_subscribe",
        AsyncMock(side_effect=HomeAssistantError("MQTT is not enabled")),
    ):
        result = await _submit(
            hass, result, {CONF_TOPIC_PREFIX: "x", CONF_PROFILE: TEST_MQTT}
        )
    assert result["errors"] == {"base": "mqtt_not_configured"}


def test_mqtt_step_is_discovery() -> None:
    """The manual MQTT step has its own id: "mqtt" is where HA routes discovery."""
    manifest = json.loads((TRANSLATIONS.parents[1] / "manifest.json").read_text())
    assert manifest["mqtt"]
    assert (
        config_flow.HeatPumpConfigFlow.async_step_mqtt is not ConfigFlow.async_step_mqtt
    )
    assert TransportType.MQTT.value not in _step_fields()


async def test_mqtt_duplicate_aborts(hass: HomeAssistant, mqtt_ready: None) -> None:
    """The same topic prefix cannot be added twice."""
    MockConfigEntry(
        domain=DOMAIN,
        unique_id="mqtt:testpump",
        data={
            CONF_TRANSPORT: "mqtt",
            CONF_TOPIC_PREFIX: "testpump",
            CONF_PROFILE: TEST_MQTT,
        },
    ).add_to_hass(hass)
    result = await _menu(hass, "mqtt_manual")
    result = await _submit(hass, result, {CONF_PROFILE: TEST_MQTT})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


# --- Entities -----------------------------------------------------------------------


def _set_states(hass: HomeAssistant) -> None:
    for entity_id, device_class in (
        ("sensor.hp_flow", "temperature"),
        ("sensor.hp_return", "temperature"),
        ("sensor.hp_flow_rate", None),
        ("sensor.hp_power", "power"),
        ("sensor.hp_energy", "energy"),
        ("sensor.hp_heat", "power"),
        ("sensor.hp_airflow", None),
        ("sensor.hp_supply_air", "temperature"),
        ("sensor.hp_return_air", "temperature"),
    ):
        attributes = {"device_class": device_class} if device_class else {}
        hass.states.async_set(entity_id, "1", attributes)


async def _entities_map(hass: HomeAssistant, name: str, kind: str) -> dict[str, Any]:
    """The entities step's first form answered with no device: the map form."""
    result = await _submit(
        hass, await _menu(hass, "entities"), {CONF_NAME: name, CONF_KIND: kind}
    )
    assert result["step_id"] == "entities_map"
    return result


async def test_entities_requirements_then_success(hass: HomeAssistant) -> None:
    """Missing electricity and heat are named; unknown entities are named."""
    _set_states(hass)
    result = await _entities_map(hass, "Air pump", "air_to_water")

    result = await _submit(hass, result, {})
    assert result["errors"] == {
        "electrical_power": "missing_electrical",
        "heat_power": "missing_heat",
    }

    partial_heat = {
        "electrical_energy": "sensor.hp_energy",
        "flow_rate": "sensor.hp_flow_rate",
        "flow_temperature": "sensor.hp_flow",
    }
    result = await _submit(hass, result, partial_heat)
    assert result["errors"] == {"heat_power": "missing_heat"}

    ghost = {**partial_heat, "return_temperature": "sensor.nowhere"}
    result = await _submit(hass, result, ghost)
    assert result["errors"] == {"return_temperature": "entity_not_found"}
    assert result["description_placeholders"] == {"entities": "sensor.nowhere"}

    result = await _submit(
        hass, result, {**partial_heat, "return_temperature": "sensor.hp_return"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Air pump"
    assert result["data"] == {
        CONF_TRANSPORT: "entities",
        CONF_KIND: "air_to_water",
        CONF_SOURCE_ENTITIES: {
            "flow_temperature": "sensor.hp_flow",
            "return_temperature": "sensor.hp_return",
            "flow_rate": "sensor.hp_flow_rate",
            "electrical_energy": "sensor.hp_energy",
        },
    }
    assert result["result"].unique_id == "entities:sensor.hp_flow"


async def test_entities_air_side_and_duplicate(hass: HomeAssistant) -> None:
    """Airflow with air temperatures is a heat source; power names the unit."""
    _set_states(hass)
    user_input = {
        "electrical_power": "sensor.hp_power",
        "airflow": "sensor.hp_airflow",
        "supply_air_temperature": "sensor.hp_supply_air",
        "return_air_temperature": "sensor.hp_return_air",
    }
    result = await _submit(
        hass, await _entities_map(hass, " ", "air_to_air"), user_input
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Heat pump"
    assert result["result"].unique_id == "entities:sensor.hp_power"

    result = await _submit(
        hass, await _entities_map(hass, "", "air_to_air"), user_input
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


def test_entities_unique_id_falls_back() -> None:
    """Energy names a unit without flow and power, else any entity does."""
    assert transports.entities_primary({"electrical_energy": "sensor.e"}) == (
        "sensor.e"
    )
    assert transports.entities_primary({"heat_power": "sensor.h"}) == "sensor.h"


async def test_kind_choice_excludes_meters(hass: HomeAssistant) -> None:
    """An electricity meter is not a unit."""
    schema = (await _menu(hass, "entities"))["data_schema"]
    kind = next(v for k, v in schema.schema.items() if k == CONF_KIND)
    assert "meter" not in kind.config["options"]
    assert "air_to_water" in kind.config["options"]


# --- Options ------------------------------------------------------------------------


def _fields(result: dict[str, Any]) -> list[str]:
    return [str(key) for key in result["data_schema"].schema]


async def test_options_modbus(hass: HomeAssistant) -> None:
    """Every option, with the poll interval for Modbus units."""
    entry = _modbus_entry(NO_PEER)
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert _fields(dict(result)) == [
        CONF_SCAN_INTERVAL,
        CONF_FLUID,
        CONF_GLYCOL_PERCENT,
        CONF_EXTERNAL_POWER,
        CONF_EXTERNAL_ENERGY,
        CONF_COMPRESSOR_THRESHOLD,
        CONF_INFER_DEFROST,
        CONF_VALVE_POLARITY,
        CONF_MIN_DWELL,
        "import_history",
    ]
    with pytest.raises(vol.Invalid):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_SCAN_INTERVAL: 1}
        )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 30.0,
            CONF_FLUID: "propylene_glycol",
            CONF_GLYCOL_PERCENT: 30,
            CONF_EXTERNAL_POWER: "sensor.hp_meter_power",
            CONF_EXTERNAL_ENERGY: "sensor.hp_meter_energy",
            CONF_COMPRESSOR_THRESHOLD: 150,
            CONF_INFER_DEFROST: False,
            CONF_VALVE_POLARITY: "heating",
            CONF_MIN_DWELL: 15,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_COMPRESSOR_THRESHOLD: 150,
        CONF_EXTERNAL_ENERGY: "sensor.hp_meter_energy",
        CONF_EXTERNAL_POWER: "sensor.hp_meter_power",
        CONF_FLUID: "propylene_glycol",
        CONF_GLYCOL_PERCENT: 30,
        CONF_INFER_DEFROST: False,
        CONF_MIN_DWELL: 15,
        CONF_SCAN_INTERVAL: 30,
        CONF_VALVE_POLARITY: "heating",
    }
    assert isinstance(entry.options[CONF_SCAN_INTERVAL], int)


async def test_options_defaults_and_clearing(hass: HomeAssistant) -> None:
    """MQTT units have an update interval too; clearing a meter removes it."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={CONF_TRANSPORT: "mqtt", CONF_TOPIC_PREFIX: "p", CONF_PROFILE: TEST_MQTT},
        options={CONF_EXTERNAL_POWER: "sensor.old_meter"},
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert CONF_SCAN_INTERVAL in _fields(dict(result))
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        CONF_COMPRESSOR_THRESHOLD: 100,
        CONF_FLUID: "water",
        CONF_GLYCOL_PERCENT: 0,
        CONF_INFER_DEFROST: True,
        CONF_MIN_DWELL: 10,
        CONF_SCAN_INTERVAL: 10,
        CONF_VALVE_POLARITY: "cooling",
    }


# --- Reconfigure ----------------------------------------------------------------------


async def test_reconfigure_modbus(hass: HomeAssistant, start: Start[Any]) -> None:
    """A new port is tested (error, then success) and keeps the entry."""
    old = unused_port()
    entry = _modbus_entry(old)
    entry.add_to_hass(hass)
    server = await start(ModbusTestServer())
    result = dict(await entry.start_reconfigure_flow(hass))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    assert _fields(result) == [CONF_HOST, CONF_PORT, CONF_DEVICE_ID]

    result = await _submit(
        hass, result, {CONF_HOST: HOST, CONF_PORT: old, CONF_DEVICE_ID: 1}
    )
    assert result["errors"] == {"base": "cannot_connect"}

    result = await _submit(
        hass, result, {CONF_HOST: HOST, CONF_PORT: server.port, CONF_DEVICE_ID: 1}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.unique_id == f"{HOST}:{server.port}:1"
    assert entry.title == f"Test unit ({HOST}:{server.port})"
    assert entry.data == {
        CONF_TRANSPORT: "modbus_tcp",
        CONF_HOST: HOST,
        CONF_PORT: server.port,
        CONF_DEVICE_ID: 1,
        CONF_PROFILE: TEST_MODBUS,
    }
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_reconfigure_keeps_custom_title(
    hass: HomeAssistant, start: Start[Any]
) -> None:
    """A renamed entry keeps its name."""
    server = await start(ModbusTestServer())
    entry = _modbus_entry(server.port)
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, title="Cellar pump")
    result = dict(await entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass, result, {CONF_HOST: HOST, CONF_PORT: server.port, CONF_DEVICE_ID: 1}
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Cellar pump"
    assert entry.unique_id == f"{HOST}:{server.port}:1"


async def test_reconfigure_keeps_the_serial_id_when_none_is_read(
    hass: HomeAssistant, start: Start[Any]
) -> None:
    """A unit known by its serial keeps that id when the test reads no serial."""
    server = await start(ModbusTestServer())
    entry = _modbus_entry(unused_port(), **{CONF_SERIAL_NUMBER: "1000042"})
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, unique_id="acme:1000042")
    result = dict(await entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass, result, {CONF_HOST: HOST, CONF_PORT: server.port, CONF_DEVICE_ID: 1}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.unique_id == "acme:1000042"
    assert entry.data[CONF_SERIAL_NUMBER] == "1000042"
    assert entry.data[CONF_PORT] == server.port
    await hass.async_block_till_done()


async def test_reconfigure_duplicate_aborts(hass: HomeAssistant) -> None:
    """Another entry already has the new endpoint."""
    first, second = NO_PEER, NO_PEER + 1
    entry = _modbus_entry(first)
    entry.add_to_hass(hass)
    _modbus_entry(second).add_to_hass(hass)
    result = dict(await entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass, result, {CONF_HOST: HOST, CONF_PORT: second, CONF_DEVICE_ID: 1}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_PORT] == first


async def test_reconfigure_serial_form(hass: HomeAssistant, start: Start[Any]) -> None:
    """Serial settings are shown as stored and saved with their types."""
    server = await start(ModbusTestServer(framer=FramerType.RTU))
    url = f"socket://{HOST}:{server.port}"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Serial unit",
        unique_id="/dev/ttyUSB0:1",
        data={
            CONF_TRANSPORT: "modbus_serial",
            CONF_SERIAL_PORT: "/dev/ttyUSB0",
            CONF_BAUDRATE: 9600,
            CONF_PARITY: "none",
            CONF_STOPBITS: 1,
            CONF_BYTESIZE: 8,
            CONF_DEVICE_ID: 1,
            CONF_PROFILE: TEST_MODBUS,
        },
    )
    entry.add_to_hass(hass)
    result = dict(await entry.start_reconfigure_flow(hass))
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested[CONF_BAUDRATE] == "9600"
    assert suggested[CONF_SERIAL_PORT] == "/dev/ttyUSB0"
    serial = _serial(url)
    del serial[CONF_PROFILE]
    result = await _submit(hass, result, serial)
    assert result["reason"] == "reconfigure_successful"
    assert entry.unique_id == f"{url}:1"
    assert entry.data[CONF_BAUDRATE] == 19200


async def test_reconfigure_missing_profile(hass: HomeAssistant) -> None:
    """An entry whose profile file is gone cannot be tested."""
    entry = _modbus_entry(NO_PEER, **{CONF_PROFILE: "gone"})
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "profile_not_found"
    assert result["description_placeholders"] == {"profile": "gone"}


def _mqtt_entry(prefix: str = "testpump") -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Test bridge ({prefix})",
        unique_id=f"mqtt:{prefix}",
        data={
            CONF_TRANSPORT: "mqtt",
            CONF_TOPIC_PREFIX: prefix,
            CONF_PROFILE: TEST_MQTT,
        },
    )


async def test_reconfigure_mqtt(hass: HomeAssistant, mqtt_ready: None) -> None:
    """A new prefix must carry messages."""
    entry = _mqtt_entry()
    entry.add_to_hass(hass)
    result = dict(await entry.start_reconfigure_flow(hass))
    assert _fields(result) == [CONF_TOPIC_PREFIX]
    result = await _submit(hass, result, {CONF_TOPIC_PREFIX: "aquarea"})
    assert result["errors"] == {"base": "no_mqtt_messages"}
    _publish_soon(hass, "aquarea/LWT")
    result = await _submit(hass, result, {CONF_TOPIC_PREFIX: "aquarea"})
    assert result["reason"] == "reconfigure_successful"
    assert entry.unique_id == "mqtt:aquarea"
    assert entry.title == "Test bridge (aquarea)"
    assert entry.data[CONF_TOPIC_PREFIX] == "aquarea"


async def test_reconfigure_mqtt_default_prefix(
    hass: HomeAssistant, mqtt_ready: None
) -> None:
    """Clearing the prefix goes back to the profile's base topic."""
    entry = _mqtt_entry("custom")
    entry.add_to_hass(hass)
    result = dict(await entry.start_reconfigure_flow(hass))
    _publish_soon(hass, "testpump/main/Flow")
    result = await _submit(hass, result, {})
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_TOPIC_PREFIX] == "testpump"


async def test_reconfigure_mqtt_without_mqtt(hass: HomeAssistant) -> None:
    """Without HA's MQTT integration an MQTT unit cannot be tested."""
    entry = _mqtt_entry()
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "mqtt_not_configured"


def _entities_entry() -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Air pump",
        unique_id="entities:sensor.hp_power",
        data={
            CONF_TRANSPORT: "entities",
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: {
                "electrical_power": "sensor.hp_power",
                "heat_power": "sensor.hp_heat",
            },
        },
    )


async def test_reconfigure_entities(hass: HomeAssistant) -> None:
    """Other entities: errors first, then a new unique id and title."""
    _set_states(hass)
    entry = _entities_entry()
    entry.add_to_hass(hass)
    result = dict(await entry.start_reconfigure_flow(hass))
    assert result["step_id"] == "reconfigure"
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested == {
        CONF_NAME: "Air pump",
        "electrical_power": "sensor.hp_power",
        "heat_power": "sensor.hp_heat",
    }
    result = await _submit(hass, result, {CONF_NAME: "Air pump"})
    assert result["errors"]["electrical_power"] == "missing_electrical"
    result = await _submit(
        hass,
        result,
        {
            CONF_NAME: "Loft pump",
            "electrical_power": "sensor.hp_power",
            "heat_energy": "sensor.hp_energy",
            "flow_temperature": "sensor.hp_flow",
        },
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Loft pump"
    assert entry.unique_id == "entities:sensor.hp_flow"
    assert entry.data == {
        CONF_TRANSPORT: "entities",
        CONF_KIND: "air_to_water",
        CONF_SOURCE_ENTITIES: {
            "flow_temperature": "sensor.hp_flow",
            "electrical_power": "sensor.hp_power",
            "heat_energy": "sensor.hp_energy",
        },
    }


async def test_reconfigure_entities_same_and_duplicate(hass: HomeAssistant) -> None:
    """Keeping the main entity keeps the id; taking another unit's aborts."""
    _set_states(hass)
    entry = _entities_entry()
    entry.add_to_hass(hass)
    MockConfigEntry(
        domain=DOMAIN,
        unique_id="entities:sensor.hp_flow",
        data={CONF_TRANSPORT: "entities", CONF_KIND: "pool", CONF_SOURCE_ENTITIES: {}},
    ).add_to_hass(hass)
    result = dict(await entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass,
        result,
        {
            CONF_NAME: "",
            "electrical_power": "sensor.hp_power",
            "heat_energy": "sensor.hp_energy",
        },
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Air pump"
    assert entry.unique_id == "entities:sensor.hp_power"

    result = dict(await entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass,
        result,
        {
            CONF_NAME: "Air pump",
            "flow_temperature": "sensor.hp_flow",
            "electrical_power": "sensor.hp_power",
            "heat_energy": "sensor.hp_energy",
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.unique_id == "entities:sensor.hp_power"


# --- Translations ---------------------------------------------------------------------


def _step_fields() -> dict[str, list[str]]:
    """Every form field of every step, from the schemas the flow builds."""
    profile = SimpleNamespace(id="generic", name="Generic")
    profiles: Any = {"generic": profile}
    fields = {
        spec.step_id: [str(key) for key in spec.schema(profiles).schema]
        for spec in CONNECTIONS.values()
    }
    fields["entities"] = [CONF_NAME, CONF_KIND, "device", "entities"]
    fields["entities_map"] = sorted(
        {str(key) for kind in KIND_QUANTITIES for key in map_schema(kind, False).schema}
    )
    fields["mqtt_confirm"] = [CONF_PROFILE]
    fields["reconfigure"] = sorted(
        {
            CONF_NAME,
            *fields["entities_map"],
            *(
                str(key)
                for spec in CONNECTIONS.values()
                for key in spec.schema(None).schema
            ),
        }
    )
    return fields


def test_translations_cover_the_flows() -> None:
    """Every step, field, error, abort and option has an English string."""
    strings = json.loads(TRANSLATIONS.read_text(encoding="utf-8"))
    config = strings["config"]
    assert set(config["step"]["user"]["menu_options"]) == {
        *(spec.step_id for spec in CONNECTIONS.values()),
        "entities",
    }
    for step, fields in _step_fields().items():
        texts = config["step"][step]
        assert texts["title"]
        assert set(fields) <= set(texts["data"]), step
        assert set(fields) <= set(texts["data_description"]), step
    assert set(config["error"]) >= {
        "cannot_connect",
        "timeout",
        "invalid_profile_map",
        "modbus_error",
        "no_mqtt_messages",
        "invalid_topic",
        "invalid_endpoint",
        "mqtt_not_configured",
        "missing_electrical",
        "missing_heat",
        "entity_not_found",
    }
    assert "check the device id and port" in config["error"]["timeout"].lower()
    assert set(config["abort"]) >= {
        "already_configured",
        "already_in_progress",
        "mqtt_not_configured",
        "no_profiles",
        "profile_not_found",
        "reconfigure_successful",
    }
    init = strings["options"]["step"]["init"]
    options = [str(key) for key in config_flow.options_schema(water_heater=True).schema]
    assert set(options) == set(init["data"]) == set(init["data_description"])
    selectors = strings["selector"]
    assert set(selectors["kind"]["options"]) == set(transports.UNIT_KINDS)
    assert set(selectors["fluid"]["options"]) == set(config_flow.FLUIDS)
    assert set(selectors["valve_polarity"]["options"]) == set(
        config_flow.VALVE_POLARITIES
    )
    assert set(selectors["parity"]["options"]) == set(transports.PARITIES)
