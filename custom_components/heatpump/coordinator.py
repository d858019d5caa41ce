"""The coordinator: feeds every reading into the analytics engine and entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_call_later, async_track_time_change
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    CONF_MIN_DWELL,
    CONF_SCAN_INTERVAL,
    CONF_SERIAL_NUMBER,
    DEFAULT_MIN_DWELL,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    FIRMWARE_POINT,
    LOGGER,
)
from .core.analytics.config import EngineConfig
from .core.analytics.defrost import defrost_losses_measured
from .core.analytics.engine import Engine
from .core.analytics.metrics import Metrics
from .core.analytics.sample import Event, Sample
from .core.control import ReversalGuard, ReversalTooSoon
from .core.plausibility import PlausibilityGate
from .core.profile.model import Point, Profile
from .core.quantities import Mode, Quantity, Value
from .core.readings import from_quantity_value
from .external import ExternalMeter
from .sources.base import Reading, Source, SourceUnavailable, WriteFailed

STORAGE_VERSION = 1
SAVE_DELAY = 30
"""Seconds between saves of the engine state; it is also saved at stop.

An unclean stop (power cut, SIGKILL) loses at most this much plus one poll
of the unit's energy; ``bench/bench_save.py`` measures what a save costs."""
PERIOD_FIGURES_EVERY = 60.0
"""Seconds between writes of figures over a period (energy totals, today's
COP, starts per hour).

They move a little every reading, yet nobody reads a day's COP or a kWh
total to the second, and each write is a recorder row: at one reading every
2 s they were most of Home Assistant's work for a unit.  A change is
written at once after a quiet spell, then at most once per interval, and
the latest figure always lands (a timer, and a flush at unload and stop).
Live values (power, temperatures, live COP, states) are written with every
shown reading."""
DEFAULT_PUSH_SHOWN_EVERY = float(DEFAULT_SCAN_INTERVAL)
"""Seconds between two shown readings of a push unit (MQTT, entities),
unless its update interval option says otherwise.

A bridge such as HeishaMon may publish every two seconds: every reading
counts in the energy and COP, and the latest is shown at the interval a
polled unit is read at, so a unit costs Home Assistant the same whichever
way it reports.  An event (a defrost, a compressor start or stop, a mode
change), the first reading, one after an outage and a confirmed write are
shown at once."""

type HeatPumpConfigEntry = ConfigEntry[HeatPumpCoordinator]


def engine_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Where an entry's totals live (``.storage/heatpump.<entry_id>``)."""
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}")


@dataclass(slots=True)
class HeatPumpData:
    """What entities read after each update."""

    points: dict[str, Value | None] = field(default_factory=dict)
    quantities: dict[Quantity, Value] = field(default_factory=dict)
    metrics: Metrics | None = None
    """None until the first reading."""
    events: list[Event] = field(default_factory=list)
    """Events of the latest reading only (one with events is shown at once)."""


class HeatPumpCoordinator(DataUpdateCoordinator[HeatPumpData]):
    """Polls (Modbus) or receives (MQTT, entities) readings for one unit."""

    config_entry: HeatPumpConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: HeatPumpConfigEntry,
        source: Source,
        profile: Profile | None,
        engine_config: EngineConfig,
        external: ExternalMeter | None = None,
    ) -> None:
        """Wire a source to a fresh engine (restored later)."""
        interval = entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL)
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=timedelta(seconds=interval) if source.polling else None,
            always_update=True,
        )
        self.source = source
        self.profile = profile
        self.engine_config = engine_config
        self.engine = Engine(engine_config)
        self.defrost_losses_measured = defrost_losses_measured(
            source.quantities_read, engine_config.heat_power_clamped
        )
        """False: no heat power that can go negative, so no defrost loss is
        ever seen (the entities say so in an attribute)."""
        self.external = external
        self.guard = ReversalGuard(
            entry.options.get(CONF_MIN_DWELL, DEFAULT_MIN_DWELL) * 60.0
        )
        self.gate = PlausibilityGate(profile, entry.title)
        self._device_id: str | None = None
        self._firmware: str | None = None
        self._store = engine_store(hass, entry.entry_id)
        self._save_pending = False
        self._reported_refused: set[str] = set()
        self._unit_clock: float | None = None
        """The unit's time at the latest reading, when its profile reads it."""
        self.period_figures_due = True
        """Whether figures over a period may be written in this update."""
        self._period_figures_next = 0.0
        self._period_figures_held = False
        self._period_figures_timer: CALLBACK_TYPE | None = None
        self.latest = self.data = HeatPumpData()
        """The latest reading taken; shown once ``data`` is it."""
        self._show_next = 0.0
        self._show_timer: CALLBACK_TYPE | None = None

    def _sample_time(self, quantities: dict[Quantity, Value]) -> float:
        """The unit's own clock when its profile reads one, else HA's.

        A simulator running at 60x advances its energy counters 60 times
        faster than HA's clock; stamped with HA's time those steps would look
        impossible and be dropped.  Stamped with the unit's time they add up.
        """
        clock = quantities.get(Quantity.UNIT_TIME)
        if isinstance(clock, int | float) and not isinstance(clock, bool) and clock > 0:
            self._unit_clock = float(clock)
            return self._unit_clock
        self._unit_clock = None
        return self._clock_now()

    def _clock_now(self) -> float:
        """Now on the clock samples use: the unit's, while its profile reads it."""
        if self._unit_clock is not None:
            return self._unit_clock
        return dt_util.utcnow().timestamp()

    @callback
    def async_update_listeners(self) -> None:
        """Update the entities; figures over a period are paced (see
        ``PERIOD_FIGURES_EVERY``)."""
        now = self.hass.loop.time()
        self.period_figures_due = now >= self._period_figures_next
        self._period_figures_held = False
        super().async_update_listeners()
        if self._period_figures_held and self._period_figures_timer is None:
            self._period_figures_timer = async_call_later(
                self.hass, self._period_figures_next - now, self.async_flush_held
            )

    @callback
    def period_figure_written(self) -> None:
        """A figure over a period was written: the next waits an interval."""
        self._period_figures_next = self.hass.loop.time() + PERIOD_FIGURES_EVERY

    @callback
    def period_figure_held(self) -> None:
        """A figure over a period changed too soon: written when due."""
        self._period_figures_held = True

    @callback
    def async_flush_held(self, _when: object = None) -> None:
        """Write every held figure now: when due, at unload, at stop."""
        self._cancel_held_timer()
        self._period_figures_next = 0.0
        self.async_update_listeners()  # all due: nothing is held again

    @callback
    def _cancel_held_timer(self) -> None:
        if self._period_figures_timer is not None:
            self._period_figures_timer()
            self._period_figures_timer = None

    async def async_shutdown(self) -> None:
        """Stop refreshing, and drop pending writes (the engine has them all)."""
        await super().async_shutdown()
        self._cancel_held_timer()
        self._cancel_show_timer()

    @callback
    def async_register_device(self) -> None:
        """Register the unit's device (once, at setup); entities refer to it."""
        entry, profile = self.config_entry, self.profile
        device = dr.async_get(self.hass).async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={(DOMAIN, entry.entry_id)},
            name=entry.title,
            manufacturer=profile.manufacturer if profile else None,
            model=(profile.model or profile.name) if profile else None,
            serial_number=entry.data.get(CONF_SERIAL_NUMBER),
        )
        self._device_id, self._firmware = device.id, device.sw_version

    @callback
    def _note_firmware(self, points: dict[str, Value | None]) -> None:
        """Keep the device's software version that of the unit's firmware point."""
        value = points.get(FIRMWARE_POINT)
        if value is None or self._device_id is None:
            return
        firmware = f"{value:g}" if isinstance(value, float) else str(value)
        if firmware == self._firmware:
            return
        self._firmware = firmware
        dr.async_get(self.hass).async_update_device(
            self._device_id, sw_version=self._firmware
        )

    def _wanted_points(self) -> set[str]:
        """Point keys that entities listening now show, and the firmware."""
        wanted = {key for key in self.async_contexts() if isinstance(key, str)}
        return wanted | {FIRMWARE_POINT}

    async def async_restore(self) -> None:
        """Load the engine's totals from the last run."""
        stored = await self._store.async_load()
        if stored and "engine" in stored:
            try:
                self.engine = Engine.from_dict(self.engine_config, stored["engine"])
                self.engine.after_restart()
            except (KeyError, TypeError, ValueError) as err:
                LOGGER.warning(
                    "Starting totals afresh: stored state unusable (%s)", err
                )
        if stored and (guard := stored.get("guard")):
            self.guard.direction = (
                Mode(guard["direction"]) if guard["direction"] else None
            )
            self.guard.since = guard["since"]

    def _stored(self) -> dict[str, Any]:
        self._save_pending = False
        guard = self.guard
        return {
            "engine": self.engine.to_dict(),
            "guard": {
                "direction": guard.direction.value if guard.direction else None,
                "since": guard.since,
            },
        }

    async def async_save(self) -> None:
        """Write the engine state now (unload, tests)."""
        await self._store.async_save(self._stored())

    @callback
    def _schedule_save(self) -> None:
        # Store debounces: calling async_delay_save on every sample would
        # postpone the save forever, so only arm it when none is pending.
        # Home Assistant flushes a pending delayed save at shutdown.
        if not self._save_pending:
            self._save_pending = True
            self._store.async_delay_save(self._stored, SAVE_DELAY)

    def _ingest(self, reading: Reading) -> HeatPumpData:
        """Feed a reading to the engine; its figures are computed when shown."""
        points, quantities = self.gate.reading(reading.points, reading.quantities)
        power, energy = self.external.read() if self.external else (None, None)
        power = self.gate.value(Quantity.ELECTRICAL_POWER, power, "external power")
        energy = self.gate.value(Quantity.ELECTRICAL_ENERGY, energy, "external energy")
        now = self._sample_time(quantities)
        events = self.engine.update(
            Sample(
                now,
                quantities,
                external_electrical_power=power,
                external_electrical_energy=energy,
            )
        )
        # What the unit is set to leads what it does (a reversal takes a while).
        mode = quantities.get(Quantity.MODE_SETTING) or quantities.get(
            Quantity.OPERATING_MODE
        )
        if mode is not None:
            self.guard.observe(str(mode), now)
        self._schedule_save()
        self._note_firmware(points)
        return HeatPumpData(points=points, quantities=quantities, events=events)

    def _with_metrics(self, data: HeatPumpData) -> HeatPumpData:
        data.metrics = self.engine.metrics()
        return data

    async def _async_update_data(self) -> HeatPumpData:
        try:
            reading = await self.source.async_poll(self._wanted_points())
        except SourceUnavailable as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key=err.translation_key,
                translation_placeholders={"detail": err.detail},
            ) from err
        self._report_refused_points()
        self.latest = self._with_metrics(self._ingest(reading))
        return self.latest

    @callback
    def async_push(self, reading: Reading) -> None:
        """Take a reading from a push source; show it when due.

        See ``DEFAULT_PUSH_SHOWN_EVERY``.
        """
        if not self.last_update_success:
            LOGGER.info("%s is reporting again", self.name)
        self.latest = self._ingest(reading)
        now = self.hass.loop.time()
        if (
            now >= self._show_next
            or self.latest.events
            or not self.last_update_success
            or self.data.metrics is None
        ):
            self.async_show_latest()
        elif self._show_timer is None:
            self._show_timer = async_call_later(
                self.hass, self._show_next - now, self.async_show_latest
            )

    @callback
    def async_show_latest(self, _when: object = None) -> None:
        """Show the latest reading taken, if it is not shown yet."""
        self._cancel_show_timer()
        if self.latest is self.data:
            return
        interval = self.config_entry.options.get(
            CONF_SCAN_INTERVAL, DEFAULT_PUSH_SHOWN_EVERY
        )
        self._show_next = self.hass.loop.time() + interval
        self.async_set_updated_data(self._with_metrics(self.latest))

    @callback
    def _cancel_show_timer(self) -> None:
        if self._show_timer is not None:
            self._show_timer()
            self._show_timer = None

    @callback
    def async_track_midnight(self) -> CALLBACK_TYPE:
        """Close the day at local midnight, even if no reading arrives then."""
        return async_track_time_change(
            self.hass, self._async_midnight, hour=0, minute=0, second=0
        )

    @callback
    def _async_midnight(self, _now: datetime) -> None:
        # A push source that reports only changes (entities, a quiet bridge)
        # may send nothing for hours: its values still hold, so they are
        # taken again now.  Polled units and units on their own clock roll
        # over with their next reading.
        if (
            self.source.polling
            or self._unit_clock is not None
            or not self.last_update_success
            or not self.latest.quantities
        ):
            return
        reading = Reading(dict(self.latest.points), dict(self.latest.quantities))
        self.latest = self._ingest(reading)
        self.async_show_latest()  # today's figures start afresh at once

    @callback
    def async_availability(self, available: bool, reason: str) -> None:
        """A push source went silent, offline or came back."""
        if available:
            return  # the next reading marks the entities available again
        self.async_set_update_error(
            UpdateFailed(
                translation_domain=DOMAIN,
                translation_key=self.source.offline_key,
                translation_placeholders={"detail": reason},
            )
        )

    @callback
    def _report_refused_points(self) -> None:
        refused = self.source.refused_points
        if not refused or self.profile is None:
            return
        for key in refused - self._reported_refused:
            point = self.profile.point(key)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                f"point_refused_{self.config_entry.entry_id}_{key}",
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="point_refused",
                translation_placeholders={
                    "point": point.name,
                    "key": key,
                    "profile": self.profile.name,
                },
            )
        self._reported_refused |= refused

    def writable_point(self, quantity: Quantity) -> Point:
        """The profile's writable point for ``quantity``, or a translated error."""
        point = self.profile.point_for(quantity) if self.profile else None
        if point is None or not point.is_writable:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_writable",
                translation_placeholders={"quantity": quantity.value},
            )
        return point

    async def async_write(self, quantity: Quantity, value: Value) -> None:
        """Write a quantity through the profile, guarded and read back."""
        await self.async_write_point(self.writable_point(quantity), value)

    async def async_write_point(self, point: Point, value: Value) -> None:
        """Write a point (value in its quantity's unit), guarded and read back."""
        if not point.is_writable:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_writable",
                translation_placeholders={"quantity": point.name},
            )
        # The guard runs on the clock the samples use (the unit's, if read).
        now = self._clock_now()
        is_mode = point.quantity is Quantity.MODE_SETTING
        if is_mode:
            try:
                self.guard.check(str(value), now)
            except ReversalTooSoon as err:
                # The guard may run on the unit's clock; people read HA's.
                wait = timedelta(seconds=err.allowed_at - now)
                allowed = dt_util.as_local(dt_util.utcnow() + wait)
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="reversal_too_soon",
                    translation_placeholders={
                        "mode": str(value),
                        "time": allowed.strftime("%H:%M:%S"),
                        "minutes": f"{self.guard.min_dwell_s / 60:g}",
                    },
                ) from err
        try:
            await self.source.async_write(point, from_quantity_value(point, value))
        except ValueError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="value_out_of_bounds",
                translation_placeholders={"point": point.name, "detail": str(err)},
            ) from err
        except WriteFailed as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key=err.translation_key,
                translation_placeholders={"point": point.name, "detail": err.detail},
            ) from err
        except SourceUnavailable as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="write_failed",
                translation_placeholders={"point": point.name, "detail": err.detail},
            ) from err
        if is_mode:
            self.guard.observe(str(value), now)
            self._schedule_save()
        if self.source.polling:
            await self.async_refresh()
        else:
            self.async_show_latest()  # the source has taken the confirmation
