"""One shared, serialized, self-healing link per endpoint.

A ``ConnectionPool`` (owned by the caller, e.g. kept in ``hass.data``) hands
out one ``ModbusConnection`` per endpoint, reference counted.  Callers hold
``connection.lock`` around each request so devices sharing a link (several
unit ids behind one gateway, or one RS-485 bus) never interleave.

After a failed connect the connection backs off by spacing attempts: for a
while (1 s doubling to 60 s by default) further requests fail at once with
``ModbusConnectionError`` instead of waiting on a dead link.  A new poll is
never refused, though: ``ModbusDevice`` opens each poll with
``allow_attempt()``, so a unit that comes back is found by the first poll
after its return, however long the outage lasted.  Any timeout or cancellation in
the middle of a request drops the link: a late answer must never be taken
for the answer to the next request.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pymodbus.client import ModbusBaseClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException
from pymodbus.pdu import ModbusPDU

from ..profile.model import Table
from .compat import UNIT_KW, make_client
from .endpoint import Endpoint
from .errors import (
    ModbusConnectionError,
    ModbusDeviceError,
    ModbusError,
    ModbusTimeoutError,
)


class ClientFactory(Protocol):
    """Builds a pymodbus client for an endpoint (replaceable in tests)."""

    def __call__(
        self, endpoint: Endpoint, *, timeout: float, retries: int
    ) -> ModbusBaseClient:
        """Return an unconnected client."""


Request = Callable[[ModbusBaseClient, dict[str, Any]], Awaitable[ModbusPDU]]

_READS: dict[Table, Request] = {
    Table.HOLDING: lambda c, kw: c.read_holding_registers(**kw),
    Table.INPUT: lambda c, kw: c.read_input_registers(**kw),
    Table.COIL: lambda c, kw: c.read_coils(**kw),
    Table.DISCRETE: lambda c, kw: c.read_discrete_inputs(**kw),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkSettings:
    """How every connection of a pool talks and backs off.

    Keep ``request_timeout * (retries + 1)`` below the poll timeout.
    """

    request_timeout: float = 2.0
    retries: int = 1
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    client_factory: ClientFactory = make_client


class ModbusConnection:
    """A pymodbus client for one endpoint, with a lock and reconnect backoff."""

    def __init__(
        self, endpoint: Endpoint, settings: LinkSettings = LinkSettings()
    ) -> None:
        """Set up without connecting; the first request connects."""
        self.endpoint = endpoint
        self.settings = settings
        self.lock = asyncio.Lock()
        self.users = 0
        self._client: ModbusBaseClient | None = None
        self._delay = 0.0
        self._retry_at = 0.0

    @property
    def connected(self) -> bool:
        """Whether the link is up right now."""
        return self._client is not None and self._client.connected

    @property
    def backoff_remaining(self) -> float:
        """Seconds before the next connect attempt is allowed."""
        return max(0.0, self._retry_at - time.monotonic())

    def allow_attempt(self) -> None:
        """Let the next request try to connect, whatever the backoff.

        Called once per poll: the backoff spaces the attempts of everything
        else (the rest of the poll, writes, other units on the link) but never
        skips the poll that would find the unit back.
        """
        self._retry_at = 0.0

    def close(self) -> None:
        """Drop the link; the next request reconnects."""
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def _failed_connect(self) -> float:
        self.close()
        settings = self.settings
        self._delay = min(
            settings.backoff_max, self._delay * 2 or settings.backoff_initial
        )
        self._retry_at = time.monotonic() + self._delay
        return self._delay

    async def _ensure_client(self) -> ModbusBaseClient:
        if self._client is not None and self._client.connected:
            return self._client
        self.close()
        if (wait := self.backoff_remaining) > 0:
            raise ModbusConnectionError(
                f"{self.endpoint.key} unreachable, next attempt in {wait:.1f} s"
            )
        settings = self.settings
        client = settings.client_factory(
            self.endpoint, timeout=settings.request_timeout, retries=settings.retries
        )
        self._client = client
        try:
            ok = await client.connect()
        except asyncio.CancelledError:
            self._failed_connect()
            raise
        except (OSError, ModbusException) as err:
            delay = self._failed_connect()
            raise ModbusConnectionError(
                f"cannot connect to {self.endpoint.key} ({err}), retry in {delay:.0f} s"
            ) from err
        if not ok:
            delay = self._failed_connect()
            raise ModbusConnectionError(
                f"cannot connect to {self.endpoint.key}, retry in {delay:.0f} s"
            )
        self._delay = 0.0
        return client

    async def _call(self, request: Request, kwargs: dict[str, Any]) -> ModbusPDU:
        """Run one request; the caller holds ``lock``."""
        assert self.lock.locked(), "hold connection.lock around requests"
        client = await self._ensure_client()
        what = f"{self.endpoint.key} {kwargs}"
        try:
            response = await request(client, kwargs)
        except asyncio.CancelledError:
            self.close()
            raise
        except ModbusIOException as err:
            link_lost = not client.connected
            self.close()
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # pymodbus 3.10+ turns our cancellation into ModbusIOException.
                raise asyncio.CancelledError from err
            if link_lost:
                raise ModbusConnectionError(f"link lost during {what}") from err
            raise ModbusTimeoutError(f"no valid answer to {what}: {err}") from err
        except (ConnectionException, OSError) as err:
            self.close()
            raise ModbusConnectionError(f"link lost during {what}: {err}") from err
        except (ModbusException, ValueError) as err:
            self.close()
            raise ModbusError(f"{what} failed: {err}") from err
        if response.isError():
            code = int(getattr(response, "exception_code", 0) or 0)
            raise ModbusDeviceError(code, f"device refused {what}")
        return response

    async def read(self, unit: int, table: Table, start: int, count: int) -> list[int]:
        """Read registers, or bits as 0/1; the caller holds ``lock``."""
        kwargs: dict[str, Any] = {"address": start, "count": count, UNIT_KW: unit}
        response = await self._call(_READS[table], kwargs)
        if table.is_bits:
            bits = [int(bool(b)) for b in response.bits[:count]]
            values = bits
        else:
            values = [int(r) for r in response.registers[:count]]
        if len(values) < count:
            self.close()
            raise ModbusError(f"short answer from {self.endpoint.key}: {values}")
        return values

    async def write_registers(
        self, unit: int, address: int, words: Sequence[int]
    ) -> None:
        """Write one register (FC 6) or several (FC 16); the caller holds ``lock``."""
        kwargs: dict[str, Any] = {"address": address, UNIT_KW: unit}
        if len(words) == 1:
            kwargs["value"] = int(words[0])
            await self._call(lambda c, kw: c.write_register(**kw), kwargs)
        else:
            kwargs["values"] = [int(w) for w in words]
            await self._call(lambda c, kw: c.write_registers(**kw), kwargs)

    async def write_coil(self, unit: int, address: int, value: bool) -> None:
        """Write one coil (FC 5); the caller holds ``lock``."""
        kwargs: dict[str, Any] = {"address": address, "value": value, UNIT_KW: unit}
        await self._call(lambda c, kw: c.write_coil(**kw), kwargs)


class ConnectionPool:
    """Shared connections, one per endpoint key, closed with their last user."""

    def __init__(self, settings: LinkSettings = LinkSettings()) -> None:
        """Settings for every connection the pool creates."""
        self.settings = settings
        self._connections: dict[str, ModbusConnection] = {}

    def __len__(self) -> int:
        """Number of open (acquired) connections."""
        return len(self._connections)

    async def acquire(self, endpoint: Endpoint) -> ModbusConnection:
        """The endpoint's connection, created on first use."""
        connection = self._connections.get(endpoint.key)
        if connection is None:
            connection = ModbusConnection(endpoint, self.settings)
            self._connections[endpoint.key] = connection
        connection.users += 1
        return connection

    async def release(self, connection: ModbusConnection) -> None:
        """Give a connection back; the last release closes it."""
        connection.users = max(0, connection.users - 1)
        if connection.users > 0:
            return
        if self._connections.get(connection.endpoint.key) is connection:
            del self._connections[connection.endpoint.key]
        async with connection.lock:
            connection.close()

    async def close(self) -> None:
        """Close every connection (e.g. when the integration unloads)."""
        connections, self._connections = list(self._connections.values()), {}
        for connection in connections:
            connection.users = 0
            connection.close()
