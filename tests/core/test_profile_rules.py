"""Profile rules that the main loader table leaves out: value maps, sums, writable."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from custom_components.heatpump.core.profile.fields import describe
from custom_components.heatpump.core.profile.loader import (
    ProfileError,
    clear_cache,
    load_profile,
    parse_profile,
)
from custom_components.heatpump.core.profile.model import ModbusPoint, MqttPoint
from custom_components.heatpump.core.quantities import Quantity

FILE = "c.yaml"


def modbus(*points: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A Modbus profile made of ``points``."""
    return {
        "id": "cov",
        "name": "Coverage unit",
        "kind": "air_to_water",
        "transport": "modbus",
        "source": {"document": "manual"},
        "points": list(points),
        **top,
    }


def mqtt(*points: dict[str, Any], **top: Any) -> dict[str, Any]:
    """An MQTT profile made of ``points``."""
    return {
        "id": "cov_mqtt",
        "name": "Coverage gateway",
        "kind": "air_to_water",
        "transport": "mqtt",
        "source": {"document": "topics"},
        "mqtt": {"base_topic": "hp"},
        "points": list(points),
        **top,
    }


def reg(key: str, address: int = 0, **fields: Any) -> dict[str, Any]:
    """A holding-register point."""
    return {"key": key, "name": key, "table": "holding", "address": address, **fields}


def topic(key: str, **fields: Any) -> dict[str, Any]:
    """An MQTT point on topic ``key``."""
    return {"key": key, "name": key, "topic": key, **fields}


def issues(data: dict[str, Any]) -> list[str]:
    """Rendered issues of ``data``; empty when it parses."""
    try:
        parse_profile(data, FILE)
    except ProfileError as err:
        return [str(issue) for issue in err.issues]
    return []


def only_point(data: dict[str, Any]) -> ModbusPoint | MqttPoint:
    """The single point of a valid profile."""
    (point,) = parse_profile(data, FILE).points
    return point


# ------------------------------------------------------------ value maps


def test_number_quantity_maps_to_numbers() -> None:
    point = only_point(
        modbus(reg("flow", quantity="flow_temperature", values={0: 20, 1: 35.5}))
    )
    assert dict(point.value_map) == {"0": 20.0, "1": 35.5}
    assert all(type(v) is float for v in point.value_map.values())


def test_number_quantity_refuses_text() -> None:
    assert issues(
        modbus(reg("flow", quantity="flow_temperature", values={0: "cold", 1: True}))
    ) == [
        "c.yaml: point 'flow', field 'values.0': expected a number, got 'cold'",
        "c.yaml: point 'flow', field 'values.1': expected a number, got true",
    ]


def test_text_quantity_maps_to_text() -> None:
    point = only_point(
        modbus(reg("err", quantity="error_code", values={0: "", 17: "E17 low flow"}))
    )
    assert dict(point.value_map) == {"0": "", "17": "E17 low flow"}


def test_text_quantity_refuses_numbers_and_flags() -> None:
    assert issues(
        modbus(reg("err", quantity="error_code", values={0: 5, 1: False}))
    ) == [
        "c.yaml: point 'err', field 'values.0': expected text, got 5",
        "c.yaml: point 'err', field 'values.1': expected text, got false",
    ]


def test_bool_quantity_refuses_non_flags() -> None:
    assert issues(
        modbus(reg("pump", quantity="circulation_pump", values={0: "off", 1: 1}))
    ) == [
        "c.yaml: point 'pump', field 'values.0': expected true or false, got 'off'",
        "c.yaml: point 'pump', field 'values.1': expected true or false, got 1",
    ]


def test_enum_quantity_hints_at_yaml_booleans() -> None:
    assert issues(
        modbus(reg("valve", quantity="three_way_valve", values={0: "space", 1: True}))
    ) == [
        "c.yaml: point 'valve', field 'values.1': quantity 'three_way_valve' takes "
        "one of space, dhw; got true (YAML reads unquoted on/off/yes/no as "
        "true/false; quote it)",
    ]


def test_without_quantity_any_scalar_is_kept() -> None:
    point = only_point(
        modbus(reg("raw", values={0: "idle", 1: 2, 2: 2.5, 3: True, 4: False}))
    )
    assert dict(point.value_map) == {
        "0": "idle",
        "1": 2.0,
        "2": 2.5,
        "3": True,
        "4": False,
    }
    assert type(point.value_map["1"]) is float
    assert point.value_map["3"] is True


@pytest.mark.parametrize(
    ("value", "shown"),
    [(None, "nothing"), ([1, 2], "a list"), ({"a": 1}, "a mapping")],
)
def test_without_quantity_non_scalars_are_refused(value: object, shown: str) -> None:
    assert issues(modbus(reg("raw", values={0: "idle", 1: value}))) == [
        "c.yaml: point 'raw', field 'values.1': expected text, a number or "
        f"true/false, got {shown}",
    ]


@pytest.mark.parametrize(
    ("values", "shown"), [({}, "a mapping"), ([0, 1], "a list"), ("on", "'on'")]
)
def test_values_must_be_a_non_empty_mapping(values: object, shown: str) -> None:
    assert issues(modbus(reg("raw", values=values))) == [
        "c.yaml: point 'raw', field 'values': expected a non-empty mapping, "
        f"got {shown}",
    ]


def test_modbus_value_keys_are_raw_integers_in_range() -> None:
    assert issues(
        modbus(reg("raw", type="uint16", values={"0": "a", 1.5: "b", -1: "c", 2: "d"}))
    ) == [
        "c.yaml: point 'raw', field 'values.0': expected a raw integer as key, got '0'",
        "c.yaml: point 'raw', field 'values.1.5': expected a raw integer as key, "
        "got 1.5",
        "c.yaml: point 'raw', field 'values.-1': raw value -1 does not fit the "
        "type (0..65535)",
    ]


def test_mqtt_value_keys_are_payload_text() -> None:
    assert issues(mqtt(topic("raw", values={"0": "a", 1: "b", False: "c"}))) == [
        "c.yaml: point 'raw', field 'values.1': expected payload text as key, "
        "got 1 (put it in quotes)",
        "c.yaml: point 'raw', field 'values.False': expected payload text as key, "
        "got false (put it in quotes)",
    ]


# ------------------------------------------------------------------ sum


@pytest.mark.parametrize(
    "fields", [{"quantity": "defrost_active"}, {"quantity": "error_code"}, {}]
)
def test_only_numeric_quantities_can_be_summed(fields: dict[str, Any]) -> None:
    assert issues(modbus(reg("x", sum=True, **fields))) == [
        "c.yaml: point 'x', field 'sum': only points with a numeric quantity can "
        "be summed",
    ]


def test_numeric_quantity_can_be_summed() -> None:
    data = modbus(
        reg("heat_heating", 0, quantity="heat_power", sum=True),
        reg("heat_dhw", 1, quantity="heat_power", sum=True),
    )
    assert [p.sum for p in parse_profile(data, FILE).points] == [True, True]


# ------------------------------------------------------------- writable


def test_writable_false_is_read_only() -> None:
    point = only_point(
        modbus(reg("target", quantity="target_temperature", writable=False))
    )
    assert point.writable is None
    assert not point.is_writable


@pytest.mark.parametrize(
    ("writable", "expected"),
    [
        (
            "yes",
            "field 'writable': expected true, false or {min, max, step}, got 'yes'",
        ),
        (
            {"min": 30, "max": 20},
            "field 'writable.max': must be greater than min (30), got 20",
        ),
        (
            {"min": 20, "max": 60, "step": 0},
            "field 'writable.step': must be greater than 0, got 0",
        ),
        (
            {"min": 20},
            "field 'writable': a writable number needs both 'min' and 'max'",
        ),
        (True, "field 'writable': a writable number needs both 'min' and 'max'"),
        (
            {"min": 20, "max": 60, "stpe": 1},
            "field 'writable.stpe': unknown field; did you mean 'step'?",
        ),
    ],
)
def test_writable_number_rules(writable: object, expected: str) -> None:
    point = reg("target", quantity="target_temperature", writable=writable)
    assert issues(modbus(point)) == [f"c.yaml: point 'target', {expected}"]


def test_writable_bounds_only_for_numbers() -> None:
    point = reg(
        "mode",
        quantity="mode_setting",
        values={0: "off", 1: "heating"},
        writable={"min": 0, "max": 1},
    )
    assert issues(modbus(point)) == [
        "c.yaml: point 'mode', field 'writable': min, max and step only apply to "
        "numbers",
    ]


def test_writable_value_map_must_be_one_to_one() -> None:
    point = reg(
        "mode",
        quantity="mode_setting",
        values={0: "off", 1: "heating", 2: "heating", 3: "off"},
        writable=True,
    )
    assert issues(modbus(point)) == [
        "c.yaml: point 'mode', field 'values.2': maps to 'heating' like 1; a "
        "writable point needs one raw value per value",
        "c.yaml: point 'mode', field 'values.3': maps to 'off' like 0; a writable "
        "point needs one raw value per value",
    ]


def test_writable_value_map_tells_true_from_one() -> None:
    # 1.0 and True are equal in Python but distinct values to write.
    point = only_point(modbus(reg("raw", values={0: 1, 1: True}, writable=True)))
    assert point.writable is not None
    assert dict(point.value_map) == {"0": 1.0, "1": True}


# ------------------------------------------------- common fields, misc


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"quantity": "flow_temperature", "unit": "furlong"},
            "field 'unit': unknown unit 'furlong'; known units: ",
        ),
        (
            {"quantity": "compressor_running", "unit": "W"},
            "field 'unit': quantity 'compressor_running' has no unit; remove 'unit'",
        ),
        (
            {"quantity": "flow_temperature", "unit": "kW"},
            "field 'unit': cannot convert 'kW' to '°C', the unit of quantity "
            "'flow_temperature'",
        ),
        ({"scale": 0}, "field 'scale': must not be 0"),
        ({"scale": math.inf}, "field 'scale': expected a finite number, got inf"),
        ({"offset": math.nan}, "field 'offset': expected a finite number, got nan"),
        ({"entity": "yes"}, "field 'entity': expected true or false, got 'yes'"),
    ],
)
def test_common_field_rules(fields: dict[str, Any], expected: str) -> None:
    (line,) = issues(modbus(reg("p", **fields)))
    assert line.startswith(f"c.yaml: point 'p', {expected}")


def test_blank_name_and_missing_table() -> None:
    assert issues(modbus(reg("p", name="   "))) == [
        "c.yaml: point 'p', field 'name': must not be empty",
    ]
    point = reg("p")
    del point["table"]
    assert issues(modbus(point)) == [
        "c.yaml: point 'p', field 'table': required field is missing",
    ]


def test_unit_defaults_to_the_quantity_unit() -> None:
    point = only_point(modbus(reg("power", quantity="electrical_power")))
    assert point.unit == "W"
    assert point.quantity is Quantity.ELECTRICAL_POWER
    assert only_point(modbus(reg("raw"))).unit is None


def test_describe_renders_yaml_values() -> None:
    assert describe(None) == "nothing"
    assert describe(True) == "true"
    assert describe("x") == "'x'"
    assert describe(2.5) == "2.5"
    assert describe({"a": 1}) == "a mapping"
    assert describe((1,)) == "a list"
    assert describe({1}) == "set"


# ----------------------------------------------------------------- loader


def test_load_profile_unreadable_and_undecodable(tmp_path: Path) -> None:
    clear_cache()
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: W\xe4rmepumpe\n".encode("latin-1"))
    with pytest.raises(ProfileError) as info:
        load_profile(latin)
    (issue,) = info.value.issues
    assert str(issue).startswith("latin.yaml: cannot read: 'utf-8' codec can't decode")

    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(ProfileError) as info:
        load_profile(folder)
    (issue,) = info.value.issues
    assert str(issue).startswith("folder.yaml: cannot read: ")
    clear_cache()


def test_load_profile_refuses_python_tags(tmp_path: Path) -> None:
    clear_cache()
    bad = tmp_path / "tag.yaml"
    bad.write_text("id: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(bad)
    (issue,) = info.value.issues
    assert str(issue).startswith("tag.yaml: invalid YAML at line 1, column 5: ")
    assert "python/name" in str(issue)
    clear_cache()


def test_load_profile_reports_yaml_errors_without_position(tmp_path: Path) -> None:
    clear_cache()
    bad = tmp_path / "bell.yaml"
    bad.write_text("id: cov\nname: ring\x07\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(bad)
    (issue,) = info.value.issues
    assert str(issue).startswith("bell.yaml: invalid YAML: unacceptable character")
    assert "#x0007" in str(issue)
    clear_cache()


def test_load_profile_allows_yaml_merge_keys(tmp_path: Path) -> None:
    clear_cache()
    path = tmp_path / "merge.yaml"
    path.write_text(
        """\
id: cov
name: Merge keys
kind: air_to_water
transport: modbus
source: {document: manual}
points:
  - &temp {key: flow, name: Flow, quantity: flow_temperature, table: input,
           address: 0, scale: 0.1}
  - <<: *temp
    key: return
    name: Return
    quantity: return_temperature
    address: 1
""",
        encoding="utf-8",
    )
    profile = load_profile(path)
    flow, ret = profile.points
    assert isinstance(ret, ModbusPoint)
    assert (ret.key, ret.address, ret.scale) == ("return", 1, 0.1)
    assert ret.quantity is Quantity.RETURN_TEMPERATURE
    assert flow.quantity is Quantity.FLOW_TEMPERATURE
    clear_cache()
