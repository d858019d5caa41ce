"""Typed model of a profile: one unit model or one generic kind.

Profiles are YAML data (see ``core/profiles``).  The loader turns them into
these frozen dataclasses after validation, so nothing downstream re-checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ..quantities import Kind, Quantity, Value


class Transport(StrEnum):
    """How the unit is reached."""

    MODBUS = "modbus"
    MQTT = "mqtt"


class Table(StrEnum):
    """Modbus data tables."""

    HOLDING = "holding"
    INPUT = "input"
    COIL = "coil"
    DISCRETE = "discrete"

    @property
    def is_bits(self) -> bool:
        """Whether the table holds single bits rather than 16-bit registers."""
        return self in (Table.COIL, Table.DISCRETE)


class DataType(StrEnum):
    """Encodings of a Modbus point."""

    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    FLOAT32 = "float32"
    BOOL = "bool"
    """One coil or discrete input."""
    BITFIELD = "bitfield"
    """One bit (``bit``) of a 16-bit register."""

    @property
    def register_count(self) -> int:
        """Registers (or bits, for BOOL) the type occupies."""
        return 2 if self in (DataType.INT32, DataType.UINT32, DataType.FLOAT32) else 1


class WordOrder(StrEnum):
    """Order of the two 16-bit words of a 32-bit value."""

    BIG = "big"
    """High word first (the Modbus convention)."""
    LITTLE = "little"
    """Low word first."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a profile's facts come from."""

    document: str
    url: str | None = None
    version: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Writable:
    """Bounds of a writable point, in the point's (scaled) unit."""

    min: float | None = None
    max: float | None = None
    step: float | None = None
    values: frozenset[str] | None = None
    """Raw values (value-map keys) the unit's command accepts; None: all of
    them.  A state the unit reports is not always a command it takes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Bounds:
    """Plausible readings of a point, in the point's unit (after scale)."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    """What every point has, whatever the transport.

    ``unit`` is the unit after scale and offset.  When it differs from the
    quantity's canonical unit the value is converted (see ``units.py``).
    ``value_map`` maps raw values (as text) to decoded values, e.g. a mode
    register's ``"2"`` to ``"dhw"``.
    """

    key: str
    name: str
    quantity: Quantity | None = None
    unit: str | None = None
    scale: float = 1.0
    offset: float = 0.0
    value_map: Mapping[str, Value] = field(default_factory=dict)
    writable: Writable | None = None
    bounds: Bounds | None = None
    """Narrower plausibility bounds than the quantity's (see plausibility.py)."""
    entity: bool = True
    """Whether the integration offers this point as an entity of its own."""
    sum: bool = False
    """Add this point to the other ``sum`` points of its quantity, for units
    that publish one figure per mode (heating + hot-water power)."""

    @property
    def is_writable(self) -> bool:
        """Whether the profile allows writing this point."""
        return self.writable is not None

    @property
    def command_map(self) -> Mapping[str, Value]:
        """The value-map entries a command may send (raw -> value)."""
        allowed = None if self.writable is None else self.writable.values
        if allowed is None:
            return self.value_map
        return {raw: v for raw, v in self.value_map.items() if raw in allowed}


@dataclass(frozen=True, slots=True, kw_only=True)
class ModbusPoint(Point):
    """A value held in Modbus registers or bits."""

    table: Table
    address: int
    """Protocol address, 0-based, as sent on the wire."""
    data_type: DataType = DataType.INT16
    word_order: WordOrder = WordOrder.BIG
    write_word_order: WordOrder | None = None
    """Word order for writes when the device differs from reads (NIBE S)."""
    bit: int | None = None
    sentinels: frozenset[int] = frozenset()
    """Raw values that mean "no reading" (decoded to None)."""
    no_merge: bool = False
    """Read this point on its own: some devices refuse it inside a block."""

    @property
    def count(self) -> int:
        """Registers or bits this point spans."""
        return self.data_type.register_count


@dataclass(frozen=True, slots=True, kw_only=True)
class MqttPoint(Point):
    """A value published on an MQTT topic."""

    topic: str
    """Relative to the profile's base topic."""
    json_path: tuple[str, ...] = ()
    """Keys into a JSON payload; empty for a plain payload."""
    sentinels: frozenset[str] = frozenset()
    command_topic: str | None = None
    """Relative to the base topic."""
    command_format: str = "{value}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ModbusSettings:
    """Per-device Modbus limits."""

    max_registers: int = 125
    max_bits: int = 2000
    max_gap: int = 10
    """Unused registers a block may bridge to save a request."""
    default_device_id: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class MqttSettings:
    """Topic layout shared by the profile's points."""

    base_topic: str
    availability_topic: str | None = None
    """Relative to the base topic, e.g. ``LWT``."""
    payload_online: str = "Online"
    payload_offline: str = "Offline"


@dataclass(frozen=True, slots=True, kw_only=True)
class RatingPoint:
    """A datasheet COP at given source and sink temperatures (EN 14511)."""

    source: float
    sink: float
    cop: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """One unit model or generic kind."""

    id: str
    name: str
    kind: Kind
    transport: Transport
    source: Source
    manufacturer: str | None = None
    model: str | None = None
    writes: frozenset[Quantity] = frozenset()
    """Quantities the integration may write; each has a writable point."""
    modbus: ModbusSettings | None = None
    mqtt: MqttSettings | None = None
    points: tuple[ModbusPoint | MqttPoint, ...] = ()
    rating: tuple[RatingPoint, ...] = ()
    tank_volume_l: float | None = None
    """Water heaters: the tank's volume, the default of the tank-volume option."""
    heat_power_clamped: bool = False
    """The unit's reported heat power never goes below 0 (HeishaMon's
    production topics): heat taken from the house, as in a defrost, then
    only shows in flow × ΔT, which the engine uses whenever it is negative."""
    path: str | None = None
    """File the profile was loaded from."""

    def point(self, key: str) -> ModbusPoint | MqttPoint:
        """Return the point with this key."""
        for point in self.points:
            if point.key == key:
                return point
        raise KeyError(key)

    def point_for(self, quantity: Quantity) -> ModbusPoint | MqttPoint | None:
        """Return the first point that feeds ``quantity``, if any."""
        for point in self.points:
            if point.quantity is quantity:
                return point
        return None

    @property
    def modbus_points(self) -> tuple[ModbusPoint, ...]:
        """The profile's Modbus points."""
        return tuple(p for p in self.points if isinstance(p, ModbusPoint))

    @property
    def mqtt_points(self) -> tuple[MqttPoint, ...]:
        """The profile's MQTT points."""
        return tuple(p for p in self.points if isinstance(p, MqttPoint))
