"""MQTT publisher in a profile's topic layout, with commands and a last will.

paho-mqtt 2 with the VERSION2 callback API.  paho's network thread handles
the socket and reconnects after a broker restart (1–5 s back-off); messages
and connection events are handed to the asyncio loop, where the model lives.
The availability topic carries the profile's online payload (retained) and
the will carries its offline payload (retained).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

from custom_components.heatpump.core.profile.model import Profile

from .faults import Faults
from .mqtt_payloads import (
    command_points,
    garbage_payload,
    parse_command,
    state_payloads,
)
from .register_map import Unit

_LOGGER = logging.getLogger(__name__)


class MqttPublisher:
    """Publishes a unit's state and obeys its commands."""

    def __init__(
        self,
        unit: Unit,
        profile: Profile,
        faults: Faults,
        *,
        host: str = "127.0.0.1",
        port: int = 1883,
        interval_s: float = 5.0,
        client_id: str | None = None,
        base_topic: str | None = None,
        seed: int = 1,
    ) -> None:
        """Publish ``profile``'s topics for ``unit`` every ``interval_s`` s."""
        if profile.mqtt is None:
            raise ValueError(f"profile {profile.id} has no MQTT settings")
        self.unit = unit
        self.profile = profile
        self.faults = faults
        self.host = host
        self.port = port
        self.interval_s = interval_s
        self.client_id = client_id or f"heatpump-sim-{profile.id}-{seed}"
        self.base = (base_topic or profile.mqtt.base_topic).rstrip("/")
        settings = profile.mqtt
        self.availability = (
            f"{self.base}/{settings.availability_topic}"
            if settings.availability_topic
            else None
        )
        self.online = settings.payload_online
        self.offline = settings.payload_offline
        self.commands = command_points(profile)
        self.rng = random.Random(seed)
        self.published = 0
        self.commands_applied = 0
        self.commands_rejected = 0
        self.connected = asyncio.Event()
        self._client: mqtt.Client | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._delayed: set[asyncio.TimerHandle] = set()
        self._retiring: set[asyncio.Task[None]] = set()
        self._running = False

    def topic(self, relative: str) -> str:
        """Absolute topic for a topic relative to the base."""
        return f"{self.base}/{relative}"

    # --- lifecycle -------------------------------------------------------------
    async def start(self) -> None:
        """Connect (in the background; paho retries) and start publishing."""
        self._loop = asyncio.get_running_loop()
        self._running = True
        self.faults.listeners.append(self._on_fault)
        if not self.faults.drop:
            self._connect()
        self._task = self._loop.create_task(self._publish_loop())

    async def stop(self) -> None:
        """Publish offline, disconnect, and end paho's thread."""
        self._running = False
        with contextlib.suppress(ValueError):
            self.faults.listeners.remove(self._on_fault)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        for handle in self._delayed:
            handle.cancel()
        self._delayed.clear()
        if self._retiring:
            await asyncio.gather(*self._retiring, return_exceptions=True)
        client, self._client = self._client, None
        if client is None:
            return
        if client.is_connected() and self.availability:
            info = client.publish(self.availability, self.offline, qos=1, retain=True)
            with contextlib.suppress(Exception):
                await asyncio.to_thread(info.wait_for_publish, 2.0)
        client.disconnect()
        await asyncio.to_thread(client.loop_stop)

    def _connect(self) -> None:
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=self.client_id, clean_session=True
        )
        if self.availability:
            client.will_set(self.availability, self.offline, qos=1, retain=True)
        client.reconnect_delay_set(min_delay=1, max_delay=5)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.connect_async(self.host, self.port, keepalive=15)
        client.loop_start()
        self._client = client

    def _cut(self) -> None:
        """Lose the connection abruptly: no DISCONNECT, so the will fires."""
        client, self._client = self._client, None
        self.connected.clear()
        if client is None or self._loop is None:
            return
        sock = client.socket()
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        # paho's thread may sit in its reconnect back-off for up to a second:
        # end it off the event loop.
        task = self._loop.create_task(asyncio.to_thread(self._retire, client))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)

    @staticmethod
    def _retire(client: mqtt.Client) -> None:
        client.loop_stop()
        with contextlib.suppress(Exception):
            client.disconnect()

    def _on_fault(self, what: str) -> None:
        if not self._running:
            return
        if what == "drop":
            if self.faults.drop:
                self._cut()
            elif self._client is None:
                self._connect()
        self._wake.set()

    # --- paho callbacks (paho's thread) ---------------------------------------
    def _on_connect(
        self,
        client: mqtt.Client,
        userdata: Any,
        flags: mqtt.ConnectFlags,
        reason_code: ReasonCode,
        properties: Properties | None,
    ) -> None:
        if reason_code.is_failure:
            _LOGGER.warning("MQTT connect refused: %s", reason_code)
            return
        for relative in self.commands:
            client.subscribe(self.topic(relative), qos=1)
        if self.availability:
            client.publish(self.availability, self.online, qos=1, retain=True)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._set_connected, True)

    def _on_disconnect(
        self,
        client: mqtt.Client,
        userdata: Any,
        flags: mqtt.DisconnectFlags,
        reason_code: ReasonCode,
        properties: Properties | None,
    ) -> None:
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._set_connected, False)

    def _on_message(
        self, client: mqtt.Client, userdata: Any, msg: mqtt.MQTTMessage
    ) -> None:
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(
                    self._command, msg.topic, bytes(msg.payload)
                )

    # --- loop side ---------------------------------------------------------------
    def _set_connected(self, on: bool) -> None:
        if on:
            self.connected.set()
            self._wake.set()
        else:
            self.connected.clear()

    def _command(self, topic: str, payload: bytes) -> None:
        relative = (
            topic[len(self.base) + 1 :] if topic.startswith(self.base + "/") else topic
        )
        point = self.commands.get(relative)
        if point is None or point.quantity is None:
            return
        try:
            value = parse_command(point, payload)
            self.unit.write(point.quantity, value)
        except ValueError as err:
            self.commands_rejected += 1
            _LOGGER.warning("MQTT command %s %r refused: %s", topic, payload, err)
            return
        self.commands_applied += 1
        self._wake.set()

    def publish_now(self) -> None:
        """Publish at the next chance instead of waiting for the interval."""
        self._wake.set()

    async def _publish_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval_s)
            self._wake.clear()
            self._publish()

    def _publish(self) -> None:
        client = self._client
        faults = self.faults
        if (
            client is None
            or not self.connected.is_set()
            or faults.withhold
            or faults.drop
        ):
            return
        _, state = self.unit.snapshot()
        messages: list[tuple[str, bytes]] = []
        for relative, text in state_payloads(self.profile, state).items():
            body = garbage_payload(self.rng) if faults.garbage else text.encode()
            messages.append((self.topic(relative), body))
        if faults.delay_s > 0.0 and self._loop is not None:
            now = self._loop.time()
            self._delayed = {h for h in self._delayed if h.when() > now}
            self._delayed.add(
                self._loop.call_later(faults.delay_s, self._send, messages)
            )
            return
        self._send(messages)

    def _send(self, messages: list[tuple[str, bytes]]) -> None:
        client = self._client
        if client is None or self.faults.drop:
            return
        for topic, body in messages:
            client.publish(topic, body, qos=0, retain=False)
            self.published += 1
