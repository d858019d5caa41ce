"""Typed errors of the Modbus layer, free of pymodbus types."""

from __future__ import annotations


class ModbusError(Exception):
    """Base of every error the Modbus layer raises."""


class ModbusConnectionError(ModbusError):
    """The endpoint cannot be reached, the link dropped, or we are backing off."""


class ModbusTimeoutError(ModbusError):
    """The device did not answer in time."""


class ModbusDeviceError(ModbusError):
    """The device answered with a Modbus exception response."""

    def __init__(self, code: int, message: str) -> None:
        """Keep the exception code (2 = illegal data address, ...)."""
        super().__init__(f"{message}: exception code {code}")
        self.code = code


class ModbusValueError(ModbusError, ValueError):
    """A value cannot be encoded for a point (bounds, step, type, options)."""


class ModbusWriteRefused(ModbusError):
    """The point may not be written."""


class ModbusVerifyError(ModbusError):
    """The value read back after a write differs from the value written."""
