"""A unit built from entities that already exist in Home Assistant."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta

from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, State, callback
from homeassistant.helpers.event import (
    async_call_later,
    async_track_state_change_event,
    async_track_time_interval,
)

from ..const import LOGGER
from ..core.profile.model import Point
from ..core.quantities import QUANTITIES, Mode, Quantity, Value, ValueType
from ..core.units import UnitError, convert
from ..entity_guess import entities_errors
from .base import AvailabilityCallback, PushCallback, Reading, Source, WriteFailed

FLUSH_DELAY = 0.5
RESAMPLE_EVERY = timedelta(seconds=60)
"""Entities report only changes: a power that holds for twenty minutes sends
nothing, yet it is still the unit's power.  Their states are read again on
this schedule, so a steady value is a reading, never a gap the analytics
would leave uncounted (gaps over 15 minutes are)."""

# What other integrations call the modes (climate hvac_action, NIBE, MELCloud...).
_MODE_ALIASES: dict[str, Mode] = {
    "heat": Mode.HEATING,
    "heating": Mode.HEATING,
    "cool": Mode.COOLING,
    "cooling": Mode.COOLING,
    "defrosting": Mode.DEFROST,
    "defrost": Mode.DEFROST,
    "hot_water": Mode.DHW,
    "hot water": Mode.DHW,
    "dhw": Mode.DHW,
    "idle": Mode.STANDBY,
    "standby": Mode.STANDBY,
    "off": Mode.OFF,
    "pool": Mode.POOL,
    "drying": Mode.DRYING,
    "dry": Mode.DRYING,
}


def state_to_value(
    quantity: Quantity,
    state: State | None,
    warned: set[tuple[str, str]] | None = None,
    value_map: Mapping[str, str] | None = None,
) -> Value | None:
    """Read one entity's state as the quantity it stands for.

    ``warned`` collects (entity, unit) pairs already warned about, so that a
    unit that cannot be converted is reported once, not on every change.
    ``value_map`` turns the states of a numeric mode sensor into modes.
    """
    if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN, ""):
        return None
    info = QUANTITIES[quantity]
    raw = state.state
    if value_map:
        raw = value_map.get(raw, value_map.get(_number_key(raw), raw))
    if info.value_type is ValueType.BOOL:
        return raw == STATE_ON or raw.lower() in ("true", "1", "heating", "cooling")
    if info.value_type is ValueType.ENUM:
        if raw in info.options:
            return raw
        mode = _MODE_ALIASES.get(raw.lower())
        return mode.value if mode is not None and mode.value in info.options else None
    if info.value_type is ValueType.TEXT:
        return raw
    try:
        number = float(raw)
    except ValueError:
        return None
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    if unit and info.unit and unit != info.unit:
        try:
            number = convert(number, unit, info.unit)
        except UnitError:
            if warned is None or (state.entity_id, unit) not in warned:
                if warned is not None:
                    warned.add((state.entity_id, unit))
                LOGGER.warning(
                    "%s reports %s, which cannot be read as %s",
                    state.entity_id,
                    unit,
                    info.unit,
                )
            return None
    return number


def _number_key(raw: str) -> str:
    """``"2.0"`` reads as the map's ``"2"``."""
    try:
        return f"{float(raw):g}"
    except ValueError:
        return raw


class EntitySource(Source):
    """Follows the chosen entities and pushes their values as quantities."""

    offline_key = "entities_unavailable"

    def __init__(
        self,
        hass: HomeAssistant,
        entities: Mapping[str, str],
        mode_map: Mapping[str, str] | None = None,
    ) -> None:
        """``entities`` maps quantity keys to entity ids; ``mode_map`` the
        values of a numeric mode sensor to modes."""
        self.hass = hass
        self.entities = {Quantity(key): entity for key, entity in entities.items()}
        self.mode_map = dict(mode_map or {})
        self._unsubscribe: Callable[[], None] | None = None
        self._resample: CALLBACK_TYPE | None = None
        self._flush: CALLBACK_TYPE | None = None
        self._push: PushCallback | None = None
        self._availability: AvailabilityCallback | None = None
        self._warned: set[tuple[str, str]] = set()

    @property
    def quantities_read(self) -> frozenset[Quantity]:
        """The quantities the user picked entities for."""
        return frozenset(self.entities)

    async def async_start(
        self, push: PushCallback, availability: AvailabilityCallback
    ) -> None:
        """Follow state changes and push the current states once."""
        self._push = push
        self._availability = availability
        self._unsubscribe = async_track_state_change_event(
            self.hass, list(self.entities.values()), self._on_change
        )
        self._resample = async_track_time_interval(
            self.hass, self._on_change, RESAMPLE_EVERY
        )
        self._schedule_flush()

    @callback
    def _on_change(self, _trigger: object) -> None:
        self._schedule_flush()

    @callback
    def _schedule_flush(self) -> None:
        if self._flush is None:
            self._flush = async_call_later(self.hass, FLUSH_DELAY, self._async_flush)

    def read(self) -> Reading:
        """The chosen entities' current states, as quantities."""
        quantities: dict[Quantity, Value] = {}
        for quantity, entity_id in self.entities.items():
            value = state_to_value(
                quantity,
                self.hass.states.get(entity_id),
                self._warned,
                self.mode_map if quantity is Quantity.OPERATING_MODE else None,
            )
            if value is not None:
                quantities[quantity] = value
        return Reading({}, quantities)

    @callback
    def _async_flush(self, _now: object) -> None:
        self._flush = None
        reading = self.read()
        # The unit is there only while what COP needs is: electricity and a
        # heat source.  Another entity alone would keep stale figures alive.
        missing = entities_errors(
            {q.value: self.entities[q] for q in reading.quantities}
        )
        if missing:
            if self._availability is not None:
                self._availability(False, ", ".join(self._silent(reading)))
            return
        if self._push is not None:
            self._push(reading)

    def _silent(self, reading: Reading) -> list[str]:
        """The chosen entities that have no usable value now."""
        return [e for q, e in self.entities.items() if q not in reading.quantities]

    async def async_write(self, point: Point, value: Value) -> None:
        """Entities are read-only here: control belongs to their own integration."""
        raise WriteFailed("write_refused", point, "entities are read-only here")

    async def async_stop(self) -> None:
        """Stop following the entities."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._resample is not None:
            self._resample()
            self._resample = None
        if self._flush is not None:
            self._flush()
            self._flush = None

    def diagnostics(self) -> dict[str, object]:
        """Which quantities come from which entity."""
        return {"entities": {q.value: e for q, e in self.entities.items()}}
