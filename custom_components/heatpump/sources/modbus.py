"""Values polled over Modbus (TCP, RTU over TCP, serial RTU)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Final

from ..const import CONF_TRANSPORT, DEFAULT_POLL_TIMEOUT, TransportType
from ..core.modbus.client import ModbusDevice
from ..core.modbus.connection import ConnectionPool, ModbusConnection
from ..core.modbus.endpoint import Endpoint, EndpointKind
from ..core.modbus.errors import (
    ModbusConnectionError,
    ModbusDeviceError,
    ModbusError,
    ModbusTimeoutError,
    ModbusVerifyError,
    ModbusWriteRefused,
)
from ..core.profile.model import ModbusPoint, ModbusSettings, Point, Profile
from ..core.quantities import Value
from ..core.readings import to_quantities
from .base import (
    AvailabilityCallback,
    PushCallback,
    Reading,
    Source,
    SourceUnavailable,
    WriteFailed,
)


class _DropConnectFailures(logging.Filter):
    """pymodbus warns on every failed connect; the coordinator logs once instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to connect")


def quiet_connect_failures() -> None:
    """Drop pymodbus' connect warnings (once, when a Modbus unit is set up)."""
    pymodbus_logger = logging.getLogger("pymodbus.logging")
    if not any(isinstance(f, _DropConnectFailures) for f in pymodbus_logger.filters):
        pymodbus_logger.addFilter(_DropConnectFailures())


ENDPOINT_KINDS: Final[Mapping[TransportType, EndpointKind]] = {
    TransportType.MODBUS_TCP: "tcp",
    TransportType.MODBUS_RTU_OVER_TCP: "rtu_over_tcp",
    TransportType.MODBUS_SERIAL: "serial",
}
_ENDPOINT_FIELDS: Final[Mapping[str, type]] = {
    f.name: int if isinstance(f.default, int) else str
    for f in fields(Endpoint)
    if f.name != "kind"
}
"""Endpoint fields (named as the entry data keys) and their types."""


def endpoint_from_config(data: Mapping[str, Any]) -> Endpoint:
    """The endpoint a config entry's data describes."""
    return Endpoint(
        kind=ENDPOINT_KINDS[TransportType(data[CONF_TRANSPORT])],
        **{
            key: _ENDPOINT_FIELDS[key](value)
            for key, value in data.items()
            if key in _ENDPOINT_FIELDS
        },
    )


def unavailable(err: ModbusError) -> SourceUnavailable:
    """Map a core Modbus error to a translated reason."""
    if isinstance(err, ModbusTimeoutError):
        return SourceUnavailable("modbus_timeout", str(err))
    if isinstance(err, ModbusConnectionError):
        return SourceUnavailable("modbus_connection", str(err))
    if isinstance(err, ModbusDeviceError):
        return SourceUnavailable("modbus_device_error", str(err))
    return SourceUnavailable("modbus_connection", str(err))


class ModbusSource(Source):
    """Polls the points in use, in planned blocks, over a shared connection."""

    polling = True

    def __init__(
        self,
        pool: ConnectionPool,
        endpoint: Endpoint,
        device_id: int,
        profile: Profile,
        timeout: float = DEFAULT_POLL_TIMEOUT,
    ) -> None:
        """Bind a profile to one device on one endpoint."""
        self.pool = pool
        self.endpoint = endpoint
        self.device_id = device_id
        self.profile = self._profile = profile
        self.timeout = timeout
        self.settings = profile.modbus or ModbusSettings()
        self._always = tuple(p for p in profile.modbus_points if p.quantity is not None)
        self._optional = {p.key: p for p in profile.modbus_points if p.quantity is None}
        self._connection: ModbusConnection | None = None
        self._device: ModbusDevice | None = None

    async def async_start(
        self, push: PushCallback, availability: AvailabilityCallback
    ) -> None:
        """Join (or open) the shared connection for this endpoint."""
        quiet_connect_failures()
        self._connection = await self.pool.acquire(self.endpoint)
        self._device = ModbusDevice(self._connection, self.device_id, self.settings)

    @property
    def refused_points(self) -> set[str]:
        """Keys of points the device refuses (exception code 2)."""
        return self._device.refused_points if self._device else set()

    def _points(self, wanted: set[str]) -> list[ModbusPoint]:
        return [
            *self._always,
            *(self._optional[k] for k in wanted if k in self._optional),
        ]

    async def async_poll(self, wanted: set[str]) -> Reading:
        """Read what the analytics and the enabled entities need."""
        assert self._device is not None
        try:
            values = await self._device.read_points(self._points(wanted), self.timeout)
        except ModbusError as err:
            raise unavailable(err) from err
        return Reading(values, to_quantities(self._profile, values))

    async def async_write(self, point: Point, value: Value) -> None:
        """Write, then read back (the core client verifies)."""
        assert self._device is not None
        assert isinstance(point, ModbusPoint)
        try:
            await self._device.write_point(point, value)
        except ModbusWriteRefused as err:
            raise WriteFailed("write_refused", point, str(err)) from err
        except ModbusVerifyError as err:
            raise WriteFailed("write_not_confirmed", point, str(err)) from err
        except ModbusDeviceError as err:
            raise WriteFailed("write_failed", point, str(err)) from err
        except ModbusError as err:
            if isinstance(err, ValueError):
                raise
            raise unavailable(err) from err

    async def async_stop(self) -> None:
        """Leave the shared connection (closed when its last user leaves)."""
        if self._connection is not None:
            await self.pool.release(self._connection)
            self._connection = None
            self._device = None

    def diagnostics(self) -> dict[str, object]:
        """Endpoint (redacted later), device id and refused points."""
        return {
            "endpoint": self.endpoint.key,
            "device_id": self.device_id,
            "refused_points": sorted(self.refused_points),
        }
