"""Constants for Heat Pump Monitor."""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Final

DOMAIN: Final = "heatpump"
LOGGER = logging.getLogger(__package__)

USER_PROFILES_DIR: Final = "heatpump_profiles"
"""Folder under the HA config directory that holds the user's own profiles."""
FIRMWARE_POINT: Final = "firmware_version"
"""Key of the profile point (if any) that reads the unit's firmware version."""


class TransportType(StrEnum):
    """How a config entry reaches its unit; also the config flow's step ids."""

    MODBUS_TCP = "modbus_tcp"
    MODBUS_RTU_OVER_TCP = "modbus_rtu_over_tcp"
    MODBUS_SERIAL = "modbus_serial"
    MQTT = "mqtt"
    ENTITIES = "entities"


# Entry data
CONF_TRANSPORT: Final = "transport"
CONF_PROFILE: Final = "profile"
CONF_DEVICE_ID: Final = "device_id"
CONF_SERIAL_PORT: Final = "serial_port"
CONF_BAUDRATE: Final = "baudrate"
CONF_PARITY: Final = "parity"
CONF_STOPBITS: Final = "stopbits"
CONF_BYTESIZE: Final = "bytesize"
CONF_TOPIC_PREFIX: Final = "topic_prefix"
CONF_KIND: Final = "kind"
CONF_SOURCE_ENTITIES: Final = "source_entities"
CONF_MODE_MAP: Final = "mode_map"
"""Entities path: value of a numeric mode sensor -> mode."""
"""Entities transport: mapping of quantity key -> entity id."""
CONF_SERIAL_NUMBER: Final = "serial_number"
"""The unit's serial number, when its profile reads one (the unique id)."""

# Options
CONF_SCAN_INTERVAL: Final = "scan_interval"
CONF_FLUID: Final = "fluid"
CONF_GLYCOL_PERCENT: Final = "glycol_percent"
CONF_EXTERNAL_POWER: Final = "external_power_entity"
CONF_EXTERNAL_ENERGY: Final = "external_energy_entity"
CONF_COMPRESSOR_THRESHOLD: Final = "compressor_threshold"
CONF_INFER_DEFROST: Final = "infer_defrost"
CONF_VALVE_POLARITY: Final = "valve_polarity"
CONF_MIN_DWELL: Final = "min_dwell_minutes"
CONF_TANK_VOLUME: Final = "tank_volume"

DEFAULT_PORT: Final = 502
DEFAULT_DEVICE_ID: Final = 1
DEFAULT_BAUDRATE: Final = 9600
DEFAULT_SCAN_INTERVAL: Final = 10
DEFAULT_COMPRESSOR_THRESHOLD: Final = 100
DEFAULT_MIN_DWELL: Final = 10
DEFAULT_POLL_TIMEOUT: Final = 5.0
MQTT_AVAILABILITY_TIMEOUT: Final = 300
"""Seconds without any message after which an MQTT unit counts as unavailable."""
