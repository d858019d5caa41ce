"""A small client of Home Assistant's WebSocket API (what the frontend uses)."""

from __future__ import annotations

import asyncio
import itertools
from types import TracebackType
from typing import Any, Self

import aiohttp


class HassError(RuntimeError):
    """Home Assistant refused a command."""


class HassSocket:
    """One authenticated WebSocket connection: ``await socket.call(type, ...)``."""

    def __init__(self, base_url: str, token: str) -> None:
        """Connect lazily, in ``async with``."""
        self._url = base_url.rstrip("/") + "/api/websocket"
        self._token = token
        self._ids = itertools.count(1)
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None

    async def __aenter__(self) -> Self:
        """Connect and authenticate."""
        self._session = aiohttp.ClientSession()
        try:
            async with asyncio.timeout(20):
                self._ws = await self._session.ws_connect(self._url)
                await self._ws.receive_json()  # auth_required
                await self._ws.send_json({"type": "auth", "access_token": self._token})
                reply = await self._ws.receive_json()
            if reply.get("type") != "auth_ok":
                raise HassError(f"authentication refused: {reply}")
        except BaseException:
            await self._session.close()
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the connection."""
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()

    async def call(self, message_type: str, **payload: Any) -> Any:
        """Send one command and return its result."""
        assert self._ws is not None
        message_id = next(self._ids)
        await self._ws.send_json({"id": message_id, "type": message_type, **payload})
        while True:
            reply = await self._ws.receive_json(timeout=30)
            if reply.get("id") != message_id:
                continue
            if not reply.get("success"):
                raise HassError(f"{message_type}: {reply.get('error')}")
            return reply.get("result")
