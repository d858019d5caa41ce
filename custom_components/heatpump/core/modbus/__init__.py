"""Modbus transport: codec, read planner, shared connections and devices.

Free of Home Assistant; only this package imports pymodbus.
"""

from .client import ILLEGAL_ADDRESS, ModbusDevice
from .codec import decode, encode
from .connection import ConnectionPool, LinkSettings, ModbusConnection
from .endpoint import Endpoint, EndpointKind
from .errors import (
    ModbusConnectionError,
    ModbusDeviceError,
    ModbusError,
    ModbusTimeoutError,
    ModbusValueError,
    ModbusVerifyError,
    ModbusWriteRefused,
)
from .planner import ReadBlock, plan_reads, refused_points, split_block

__all__ = [
    "ILLEGAL_ADDRESS",
    "ConnectionPool",
    "Endpoint",
    "EndpointKind",
    "LinkSettings",
    "ModbusConnection",
    "ModbusConnectionError",
    "ModbusDevice",
    "ModbusDeviceError",
    "ModbusError",
    "ModbusTimeoutError",
    "ModbusValueError",
    "ModbusVerifyError",
    "ModbusWriteRefused",
    "ReadBlock",
    "decode",
    "encode",
    "plan_reads",
    "refused_points",
    "split_block",
]
