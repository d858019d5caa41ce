"""Connection tests the config flow runs before it creates or changes an entry.

Each test raises :class:`ValidationError` carrying the config flow's error
key (and placeholders for its message), so the flow only maps it to a form.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from .const import CONF_DEVICE_ID, LOGGER
from .core.modbus.client import ModbusDevice
from .core.modbus.connection import (
    ConnectionPool,
    LinkSettings,
    ModbusConnection,
)
from .core.modbus.errors import (
    ModbusConnectionError,
    ModbusDeviceError,
    ModbusError,
    ModbusTimeoutError,
)
from .core.modbus.planner import refused_points
from .core.profile.model import ModbusPoint, ModbusSettings, Profile
from .core.quantities import Quantity
from .core.readings import serial_text
from .sources.modbus import endpoint_from_config

MODBUS_TEST_TIMEOUT: Final = 5.0
"""Seconds the Modbus test read may take in all (connect included)."""
MODBUS_REQUEST_TIMEOUT: Final = 2.0
"""Seconds one request of a test on a private connection may take."""
MODBUS_PROBE_POINTS: Final = 12
"""How many of the profile's points the test reads."""
MQTT_TEST_TIMEOUT: Final = 10.0
"""Seconds to wait for a first message under the topic prefix."""

ERROR_CANNOT_CONNECT: Final = "cannot_connect"
ERROR_TIMEOUT: Final = "timeout"
ERROR_INVALID_PROFILE_MAP: Final = "invalid_profile_map"
ERROR_NO_MQTT_MESSAGES: Final = "no_mqtt_messages"
ERROR_MQTT_NOT_CONFIGURED: Final = "mqtt_not_configured"
ERROR_MODBUS: Final = "modbus_error"
ERROR_INVALID_TOPIC: Final = "invalid_topic"
ERROR_INVALID_ENDPOINT: Final = "invalid_endpoint"

GATEWAY_NO_ANSWER_CODES: Final = frozenset({10, 11})
"""Gateway path unavailable / target failed to respond: no such device id."""


class ValidationError(Exception):
    """A test failed; ``error`` is the flow's translation key."""

    def __init__(self, error: str, placeholders: Mapping[str, str] | None = None):
        """Keep the error key and the placeholders of its message."""
        super().__init__(error)
        self.error = error
        self.placeholders: dict[str, str] = dict(placeholders or {})


def probe_points(profile: Profile) -> tuple[ModbusPoint, ...]:
    """A few points to read: those feeding quantities first, in profile order."""
    points = sorted(profile.modbus_points, key=lambda p: p.quantity is None)
    return tuple(points[:MODBUS_PROBE_POINTS])


def _shared_pool(hass: HomeAssistant) -> ConnectionPool | None:
    """The running entries' pool: a gateway may allow only one client."""
    from . import MODBUS_POOL  # noqa: PLC0415 - the package is loaded by now

    return hass.data.get(MODBUS_POOL)


def serial_point(profile: Profile) -> ModbusPoint | None:
    """The profile's serial-number point, if its documents give one."""
    point = profile.point_for(Quantity.SERIAL_NUMBER)
    return point if isinstance(point, ModbusPoint) else None


async def async_validate_modbus(
    hass: HomeAssistant, data: Mapping[str, Any], profile: Profile
) -> str | None:
    """Read a few of the profile's points from the configured device.

    Returns the unit's serial number where the profile reads one and the
    unit answers it, else None.
    """
    try:
        endpoint = endpoint_from_config(data)
    except ValueError as err:
        raise ValidationError(ERROR_INVALID_ENDPOINT) from err
    pool = _shared_pool(hass)
    connection = (
        await pool.acquire(endpoint)
        if pool is not None
        else ModbusConnection(
            endpoint, LinkSettings(request_timeout=MODBUS_REQUEST_TIMEOUT)
        )
    )
    device = ModbusDevice(
        connection, int(data[CONF_DEVICE_ID]), profile.modbus or ModbusSettings()
    )
    points = probe_points(profile)
    serial = serial_point(profile)
    reads = points if serial is None or serial in points else (*points, serial)
    placeholders = {"endpoint": endpoint.key, "device_id": str(data[CONF_DEVICE_ID])}
    try:
        values = await device.read_points(reads, poll_timeout=MODBUS_TEST_TIMEOUT)
    except ModbusTimeoutError as err:
        LOGGER.debug("Test read timed out: %s", err)
        raise ValidationError(ERROR_TIMEOUT, placeholders) from err
    except ModbusDeviceError as err:
        LOGGER.debug("Test read refused: %s", err)
        if err.code in GATEWAY_NO_ANSWER_CODES:
            raise ValidationError(ERROR_TIMEOUT, placeholders) from err
        raise ValidationError(ERROR_INVALID_PROFILE_MAP, placeholders) from err
    except ModbusConnectionError as err:
        LOGGER.debug("Test connection failed: %s", err)
        raise ValidationError(ERROR_CANNOT_CONNECT, placeholders) from err
    except ModbusError as err:
        LOGGER.debug("Test read failed: %s", err)
        raise ValidationError(
            ERROR_MODBUS, {**placeholders, "detail": str(err)}
        ) from err
    finally:
        if pool is not None:
            await pool.release(connection)
        else:
            async with connection.lock:
                connection.close()
    if points and len(refused_points(points, device.refused)) == len(points):
        raise ValidationError(ERROR_INVALID_PROFILE_MAP, placeholders)
    return None if serial is None else serial_text(values[serial.key])


async def async_mqtt_available(hass: HomeAssistant) -> bool:
    """Whether HA's MQTT integration is set up (connected or not)."""
    # Imported here: MQTT's modules (and paho) load only for MQTT units.
    from homeassistant.components import mqtt  # noqa: PLC0415

    return await mqtt.async_wait_for_mqtt_client(hass)


async def async_validate_mqtt(hass: HomeAssistant, topic_prefix: str) -> None:
    """Wait for any message under ``<prefix>/#``."""
    from homeassistant.components import mqtt  # noqa: PLC0415

    topic = f"{topic_prefix}/#"
    placeholders = {"topic": topic}
    if not topic_prefix or "+" in topic_prefix or "#" in topic_prefix:
        raise ValidationError(ERROR_INVALID_TOPIC, placeholders)
    received: asyncio.Future[None] = hass.loop.create_future()

    @callback
    def _message(message: mqtt.ReceiveMessage) -> None:
        if not received.done():
            received.set_result(None)

    try:
        unsubscribe = await mqtt.async_subscribe(hass, topic, _message)
    except HomeAssistantError as err:
        raise ValidationError(ERROR_MQTT_NOT_CONFIGURED, placeholders) from err
    try:
        async with asyncio.timeout(MQTT_TEST_TIMEOUT):
            await received
    except TimeoutError as err:
        raise ValidationError(ERROR_NO_MQTT_MESSAGES, placeholders) from err
    finally:
        unsubscribe()


def missing_entities(
    hass: HomeAssistant, source_entities: Mapping[str, str]
) -> dict[str, str]:
    """The chosen entities (by quantity key) that do not exist."""
    return {
        key: entity_id
        for key, entity_id in source_entities.items()
        if hass.states.get(entity_id) is None
    }
