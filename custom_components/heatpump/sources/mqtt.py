"""Values pushed over MQTT through Home Assistant's MQTT integration."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from homeassistant.components import mqtt
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later, async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import LOGGER, MQTT_AVAILABILITY_TIMEOUT
from ..core.mqtt.payload import (
    PayloadError,
    decode_payload,
    encode_command,
    topic_index,
)
from ..core.profile.model import MqttPoint, Point, Profile
from ..core.quantities import Value
from ..core.readings import from_quantity_value, to_quantities, to_quantity_value
from .base import AvailabilityCallback, PushCallback, Reading, Source, WriteFailed

FLUSH_DELAY = 0.5
"""Messages arriving together (one publish cycle) become one reading."""
WRITE_CONFIRM_TIMEOUT = 30.0
SILENCE_CHECK = timedelta(seconds=15)
"""How often the time since the latest reading is checked: a fixed schedule,
so that a message costs no timer."""


type Payload = str | bytes | bytearray


def _in_point_unit(point: MqttPoint, value: Value | None) -> Value | None:
    """A decoded value (the core decodes to the quantity's unit) in the
    point's own unit, as every source reports points."""
    return None if value is None else from_quantity_value(point, value)


def _short(payload: Payload) -> str:
    """A payload as a log shows it: at most 40 characters."""
    shown = repr(payload)
    return shown if len(shown) <= 40 else f"{shown[:37]}..."


class MqttSource(Source):
    """Subscribes to a profile's topics under the user's topic prefix."""

    def __init__(self, hass: HomeAssistant, profile: Profile, prefix: str) -> None:
        """Bind the profile's layout to ``prefix``."""
        assert profile.mqtt is not None
        self.hass = hass
        self.profile = self._profile = replace(
            profile, mqtt=replace(profile.mqtt, base_topic=prefix)
        )
        self.prefix = prefix.rstrip("/")
        self._index = topic_index(self._profile)
        self._values: dict[str, Value | None] = {}
        self._arrived: dict[str, Payload] = {}
        """Payloads since the latest flush, by relative topic (the last wins)."""
        self._decoded: dict[str, Payload] = {}
        """The payload each topic's values were decoded from."""
        self._garbled: set[str] = set()
        """Points whose latest payload could not be decoded (warned once)."""
        self._unsubscribes: list[Callable[[], None]] = []
        self._flush: CALLBACK_TYPE | None = None
        self._silence: CALLBACK_TYPE | None = None
        self._last_seen = 0.0
        """When the latest reading was taken (a timestamp, set once a round)."""
        self._push: PushCallback | None = None
        self._availability: AvailabilityCallback | None = None
        self._online = True
        self._waiters: dict[str, tuple[Value, asyncio.Future[None]]] = {}

    async def async_start(
        self, push: PushCallback, availability: AvailabilityCallback
    ) -> None:
        """Subscribe to every topic the profile reads, and to its LWT."""
        self._push = push
        self._availability = availability
        for relative in self._index:
            self._unsubscribes.append(
                await mqtt.async_subscribe(
                    self.hass, f"{self.prefix}/{relative}", self._on_message, qos=0
                )
            )
        settings = self._profile.mqtt
        assert settings is not None
        if settings.availability_topic:
            self._unsubscribes.append(
                await mqtt.async_subscribe(
                    self.hass,
                    f"{self.prefix}/{settings.availability_topic}",
                    self._on_availability,
                    qos=0,
                )
            )
        self._last_seen = dt_util.utcnow().timestamp()
        self._silence = async_track_time_interval(
            self.hass, self._check_silence, SILENCE_CHECK
        )

    @callback
    def _on_message(self, message: mqtt.ReceiveMessage) -> None:
        # A round is two dozen messages: each is only kept here, and decoded
        # at the flush if it differs from what the topic last said.
        relative = message.topic[len(self.prefix) + 1 :]
        self._arrived[relative] = message.payload
        if self._waiters:
            self._confirm_writes(relative, message.payload)
        if not self._online:
            self._set_online(True, "")
        if self._flush is None:
            self._flush = async_call_later(self.hass, FLUSH_DELAY, self._async_flush)

    def _decode(self, relative: str, payload: Payload) -> None:
        """Take a topic's new payload into the values of its points."""
        for point in self._index.get(relative, ()):
            try:
                value = _in_point_unit(point, decode_payload(point, payload))
            except PayloadError as err:
                # Garbage is no reading: unknown, never the last good value.
                if point.key not in self._garbled:
                    self._garbled.add(point.key)
                    LOGGER.warning(
                        "Ignoring %s on %s/%s until it reads again: %s",
                        _short(payload),
                        self.prefix,
                        relative,
                        err,
                    )
                value = None
            else:
                self._garbled.discard(point.key)
            self._values[point.key] = value
        self._decoded[relative] = payload

    def _confirm_writes(self, relative: str, payload: Payload) -> None:
        for point in self._index.get(relative, ()):
            waiter = self._waiters.get(point.key)
            if waiter is None or waiter[1].done():
                continue
            try:
                value = _in_point_unit(point, decode_payload(point, payload))
            except PayloadError:
                continue
            if waiter[0] == value:
                waiter[1].set_result(None)

    @callback
    def _on_availability(self, message: mqtt.ReceiveMessage) -> None:
        settings = self._profile.mqtt
        assert settings is not None
        payload = message.payload
        if isinstance(payload, bytes):
            payload = payload.decode(errors="replace")
        if payload == settings.payload_offline:
            self._set_online(False, "offline")
        elif payload == settings.payload_online:
            self._set_online(True, "")

    @callback
    def _set_online(self, online: bool, reason: str) -> None:
        if online == self._online:
            return
        self._online = online
        if not online:
            self._values.clear()
            self._decoded.clear()
        if self._availability is not None:
            self._availability(online, reason)

    @callback
    def _check_silence(self, _now: object) -> None:
        silent_for = dt_util.utcnow().timestamp() - self._last_seen
        if self._online and silent_for >= MQTT_AVAILABILITY_TIMEOUT:
            self._set_online(False, "silent")

    @callback
    def _async_flush(self, _now: object) -> None:
        self._flush = None
        self._last_seen = dt_util.utcnow().timestamp()
        arrived, self._arrived = self._arrived, {}
        for relative, payload in arrived.items():
            if payload != self._decoded.get(relative):
                self._decode(relative, payload)
        if self._push is not None and self._online:
            values = dict(self._values)
            self._push(Reading(values, to_quantities(self._profile, values)))

    async def async_write(self, point: Point, value: Value) -> None:
        """Publish the command and wait until the unit reports the new value."""
        assert isinstance(point, MqttPoint)
        relative, payload = encode_command(point, to_quantity_value(point, value))
        future: asyncio.Future[None] = self.hass.loop.create_future()
        self._waiters[point.key] = (value, future)
        try:
            await mqtt.async_publish(self.hass, f"{self.prefix}/{relative}", payload)
            async with asyncio.timeout(WRITE_CONFIRM_TIMEOUT):
                await future
        except TimeoutError as err:
            raise WriteFailed(
                "write_not_confirmed", point, f"{self._values.get(point.key)}"
            ) from err
        finally:
            self._waiters.pop(point.key, None)
        # Entities show the confirmed value when the write returns, not one
        # flush delay later.
        if self._flush is not None:
            self._flush()
        self._async_flush(None)

    async def async_stop(self) -> None:
        """Unsubscribe and cancel timers."""
        for unsubscribe in self._unsubscribes:
            unsubscribe()
        self._unsubscribes.clear()
        for timer in (self._flush, self._silence):
            if timer is not None:
                timer()
        self._flush = self._silence = None

    def diagnostics(self) -> dict[str, object]:
        """Topic prefix (redacted later) and what was last seen."""
        return {"topic_prefix": self.prefix, "online": self._online}
