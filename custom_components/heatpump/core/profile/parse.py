"""Turn parsed YAML into a validated :class:`Profile`, reporting every fault."""

from __future__ import annotations

from collections.abc import Mapping

from ..quantities import Kind, Quantity
from .checks import check_overlaps, check_sums, check_writes
from .common import COMMON_FIELDS, parse_common, point_label
from .errors import ProfileError
from .fields import KEY_PATTERN, Reporter, Section, describe, suggest
from .modbus_point import MODBUS_FIELDS, build_modbus_point
from .model import (
    ModbusPoint,
    ModbusSettings,
    MqttPoint,
    MqttSettings,
    Profile,
    RatingPoint,
    Source,
    Transport,
)
from .mqtt_point import MQTT_FIELDS, build_mqtt_point, check_topic

PROFILE_FIELDS = (
    "id",
    "name",
    "kind",
    "transport",
    "manufacturer",
    "model",
    "source",
    "writes",
    "rating",
    "tank_volume_l",
    "heat_power_clamped",
    "modbus",
    "mqtt",
    "points",
)
SOURCE_FIELDS = ("document", "url", "version", "note")
RATING_FIELDS = ("source", "sink", "cop")
MODBUS_SETTINGS_FIELDS = ("max_registers", "max_bits", "max_gap", "default_device_id")
MQTT_SETTINGS_FIELDS = (
    "base_topic",
    "availability_topic",
    "payload_online",
    "payload_offline",
)


def parse_profile(data: object, file: str) -> Profile:
    """Validate parsed YAML ``data`` and build the profile.

    ``file`` names the source in messages.  Raises :class:`ProfileError`
    listing every fault found.
    """
    reporter = Reporter(file)
    if not isinstance(data, Mapping):
        reporter.add(
            None, None, f"expected a mapping of profile fields, got {describe(data)}"
        )
        raise ProfileError(reporter.issues)
    top = Section(reporter, data)
    top.reject_unknown(PROFILE_FIELDS)
    profile_id = top.text("id", required=True, pattern=KEY_PATTERN)
    name = top.text("name", required=True)
    kind = top.choice("kind", Kind, required=True)
    transport = top.choice("transport", Transport, required=True)
    manufacturer = top.text("manufacturer")
    model = top.text("model")
    source = _source(top)
    writes = _writes(top)
    rating = _rating(top)
    tank_volume_l = top.number("tank_volume_l")
    if tank_volume_l is not None and not tank_volume_l > 0:
        top.fault("tank_volume_l", f"must be above 0 litres, got {tank_volume_l:g}")
    heat_power_clamped = top.flag("heat_power_clamped", False)
    modbus = _modbus_settings(top, transport)
    mqtt = _mqtt_settings(top, transport)
    before = len(reporter.issues)
    points, complete = _points(top, transport)
    complete = complete and len(reporter.issues) == before
    check_overlaps(reporter, [p for p in points if isinstance(p, ModbusPoint)])
    check_sums(reporter, points)
    if complete:  # a broken point would make every write look unbacked
        check_writes(reporter, writes, points)
    if reporter.issues:
        raise ProfileError(reporter.issues)
    assert profile_id is not None
    assert name is not None
    assert kind is not None
    assert transport is not None
    assert source is not None
    return Profile(
        id=profile_id,
        name=name,
        kind=kind,
        transport=transport,
        source=source,
        manufacturer=manufacturer,
        model=model,
        writes=frozenset(writes),
        modbus=modbus,
        mqtt=mqtt,
        points=tuple(points),
        rating=rating,
        tank_volume_l=tank_volume_l,
        heat_power_clamped=heat_power_clamped,
    )


def _source(top: Section) -> Source | None:
    section = top.section("source", required=True)
    if section is None:
        return None
    section.reject_unknown(SOURCE_FIELDS)
    document = section.text("document", required=True)
    url = section.text("url")
    version = section.text("version")
    note = section.text("note")
    if document is None:
        return None
    return Source(document=document, url=url, version=version, note=note)


def _writes(top: Section) -> list[Quantity]:
    result: list[Quantity] = []
    names = [q.value for q in Quantity]
    for item in top.items("writes") or []:
        if not isinstance(item, str) or item not in names:
            hint = suggest(item, names)
            top.fault("writes", f"unknown quantity {describe(item)}{hint}")
        elif Quantity(item) in result:
            top.fault("writes", f"{item!r} is listed twice")
        else:
            result.append(Quantity(item))
    return result


def _rating(top: Section) -> tuple[RatingPoint, ...]:
    result: list[RatingPoint] = []
    for index, item in enumerate(top.items("rating") or []):
        field = f"rating[{index}]"
        if not isinstance(item, Mapping):
            top.fault(field, f"expected a mapping, got {describe(item)}")
            continue
        section = Section(top.reporter, item, prefix=f"{field}.")
        section.reject_unknown(RATING_FIELDS)
        source = section.number("source", required=True)
        sink = section.number("sink", required=True)
        cop = section.number("cop", required=True)
        if cop is not None and cop <= 0:
            section.fault("cop", f"must be greater than 0, got {cop:g}")
        elif source is not None and sink is not None and cop is not None:
            result.append(RatingPoint(source=source, sink=sink, cop=cop))
    return tuple(result)


def _modbus_settings(
    top: Section, transport: Transport | None
) -> ModbusSettings | None:
    if transport is Transport.MQTT and top.has("modbus"):
        top.fault("modbus", "only allowed in modbus profiles")
        return None
    if transport is not Transport.MODBUS:
        return None
    section = top.section("modbus")
    if section is None:
        return ModbusSettings()
    section.reject_unknown(MODBUS_SETTINGS_FIELDS)
    default = ModbusSettings()
    registers = section.integer("max_registers", low=1, high=125)
    bits = section.integer("max_bits", low=1, high=2000)
    gap = section.integer("max_gap", low=0, high=124)
    device = section.integer("default_device_id", low=0, high=255)
    return ModbusSettings(
        max_registers=default.max_registers if registers is None else registers,
        max_bits=default.max_bits if bits is None else bits,
        max_gap=default.max_gap if gap is None else gap,
        default_device_id=default.default_device_id if device is None else device,
    )


def _mqtt_settings(top: Section, transport: Transport | None) -> MqttSettings | None:
    if transport is Transport.MODBUS and top.has("mqtt"):
        top.fault("mqtt", "only allowed in mqtt profiles")
        return None
    if transport is not Transport.MQTT:
        return None
    section = top.section("mqtt", required=True)
    if section is None:
        return None
    section.reject_unknown(MQTT_SETTINGS_FIELDS)
    base = section.text("base_topic", required=True)
    if base is not None and ("+" in base or "#" in base or base.endswith("/")):
        section.fault("base_topic", "must not contain '+' or '#' nor end with '/'")
    availability = section.text("availability_topic")
    problem = None if availability is None else check_topic(availability)
    if problem is not None:
        section.fault("availability_topic", problem)
    default = MqttSettings(base_topic="")
    online = section.text("payload_online") or default.payload_online
    offline = section.text("payload_offline") or default.payload_offline
    if online == offline:
        section.fault(
            "payload_offline", f"must differ from payload_online ({online!r})"
        )
    if base is None:
        return None
    return MqttSettings(
        base_topic=base,
        availability_topic=availability,
        payload_online=online,
        payload_offline=offline,
    )


def _points(
    top: Section, transport: Transport | None
) -> tuple[list[ModbusPoint | MqttPoint], bool]:
    """Parse every point; the flag says whether all of them parsed."""
    items = top.items("points", required=True) or []
    allowed, elsewhere = _point_fields(transport)
    points: list[ModbusPoint | MqttPoint] = []
    first_index: dict[str, int] = {}
    complete = transport is not None
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            top.reporter.add(
                f"#{index + 1}", None, f"expected a mapping, got {describe(item)}"
            )
            complete = False
            continue
        section = Section(top.reporter, item, point=point_label(item, index))
        section.reject_unknown(allowed, elsewhere)
        common = parse_common(section)
        if common is not None and common.key in first_index:
            first = first_index[common.key] + 1
            section.fault(
                "key", f"duplicate key: points #{first} and #{index + 1} share it"
            )
        elif common is not None:
            first_index[common.key] = index
        point: ModbusPoint | MqttPoint | None = None
        if common is not None and transport is Transport.MODBUS:
            point = build_modbus_point(section, common)
        elif common is not None and transport is Transport.MQTT:
            point = build_mqtt_point(section, common)
        if point is None:
            complete = False
        else:
            points.append(point)
    return points, complete


def _point_fields(transport: Transport | None) -> tuple[list[str], dict[str, str]]:
    """Fields a point may have, and why the other transport's fields are wrong."""
    own: tuple[str, ...]
    other: tuple[str, ...]
    if transport is Transport.MODBUS:
        own, other, other_name = MODBUS_FIELDS, MQTT_FIELDS, "mqtt"
    elif transport is Transport.MQTT:
        own, other, other_name = MQTT_FIELDS, MODBUS_FIELDS, "modbus"
    else:
        return [*COMMON_FIELDS, *MODBUS_FIELDS, *MQTT_FIELDS], {}
    elsewhere = {
        name: f"only allowed in {other_name} profiles"
        for name in other
        if name not in own
    }
    return [*COMMON_FIELDS, *own], elsewhere
