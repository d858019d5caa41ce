"""Profile loading: every validation rule, with the exact message it gives."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from custom_components.heatpump.core.profile.loader import (
    ProfileError,
    ProfileIssue,
    clear_cache,
    load_profile,
    load_profiles,
    parse_profile,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusPoint,
    MqttPoint,
    Table,
    Transport,
    WordOrder,
)
from custom_components.heatpump.core.quantities import Kind, Quantity
from custom_components.heatpump.core.units import KNOWN_UNITS

Data = dict[str, Any]
Mutation = Callable[[Data], None]
DELETE = object()
FILE = "t.yaml"


def modbus_profile() -> Data:
    """A valid Modbus profile that every case breaks in one place."""
    return {
        "id": "test_unit",
        "name": "Test unit",
        "kind": "air_to_water",
        "transport": "modbus",
        "source": {"document": "Test unit Modbus manual"},
        "writes": ["mode_setting", "target_temperature"],
        "points": [
            {
                "key": "flow_temperature",
                "name": "Flow",
                "quantity": "flow_temperature",
                "table": "input",
                "address": 1,
                "type": "int16",
                "scale": 0.1,
                "unit": "°C",
                "sentinels": [-32768],
            },
            {
                "key": "energy",
                "name": "Energy",
                "quantity": "electrical_energy",
                "table": "input",
                "address": 50,
                "type": "uint32",
                "unit": "Wh",
            },
            {
                "key": "compressor",
                "name": "Compressor",
                "quantity": "compressor_running",
                "table": "input",
                "address": 10,
                "type": "bitfield",
                "bit": 0,
            },
            {
                "key": "defrost",
                "name": "Defrost",
                "quantity": "defrost_active",
                "table": "input",
                "address": 10,
                "type": "bitfield",
                "bit": 1,
            },
            {
                "key": "mode",
                "name": "Mode",
                "quantity": "mode_setting",
                "table": "holding",
                "address": 0,
                "type": "uint16",
                "values": {0: "off", 2: "heating"},
                "writable": True,
            },
            {
                "key": "target",
                "name": "Target",
                "quantity": "target_temperature",
                "table": "holding",
                "address": 1,
                "scale": 0.1,
                "unit": "°C",
                "writable": {"min": 20, "max": 60, "step": 0.5},
            },
            {
                "key": "backup",
                "name": "Backup heater",
                "quantity": "backup_heater",
                "table": "coil",
                "address": 0,
            },
        ],
    }


def mqtt_profile() -> Data:
    """A valid MQTT profile that every case breaks in one place."""
    return {
        "id": "test_mqtt",
        "name": "Test gateway",
        "kind": "air_to_water",
        "transport": "mqtt",
        "source": {"document": "Gateway topic list"},
        "mqtt": {"base_topic": "hp", "availability_topic": "LWT"},
        "writes": ["dhw_target_temperature"],
        "points": [
            {
                "key": "outdoor",
                "name": "Outdoor",
                "quantity": "outdoor_temperature",
                "topic": "main/Outside_Temp",
                "sentinels": ["-127"],
            },
            {
                "key": "power",
                "name": "Power",
                "quantity": "electrical_power",
                "unit": "kW",
                "topic": "SENSOR",
                "json": ["ENERGY", "Power"],
            },
            {
                "key": "mode",
                "name": "Mode",
                "quantity": "operating_mode",
                "topic": "main/Operating_Mode_State",
                "values": {"0": "heating", "1": "cooling"},
            },
            {
                "key": "dhw_target",
                "name": "DHW target",
                "quantity": "dhw_target_temperature",
                "topic": "main/DHW_Target_Temp",
                "command_topic": "commands/SetDHWTemp",
                "writable": {"min": 40, "max": 65},
            },
        ],
    }


def top(field: str, value: object = DELETE) -> Mutation:
    """Set (or delete) a profile field; dotted names reach into sections."""

    def mutate(data: Data) -> None:
        *parents, name = field.split(".")
        target = data
        for parent in parents:
            target = target.setdefault(parent, {})
        if value is DELETE:
            del target[name]
        else:
            target[name] = value

    return mutate


def pt(key: str, field: str, value: object = DELETE) -> Mutation:
    """Set (or delete) a field of the point with ``key``."""

    def mutate(data: Data) -> None:
        point = next(p for p in data["points"] if p.get("key") == key)
        if value is DELETE:
            del point[field]
        else:
            point[field] = value

    return mutate


def add(point: object) -> Mutation:
    """Append a point."""

    def mutate(data: Data) -> None:
        data["points"].append(point)

    return mutate


def issues(data: object) -> list[str]:
    """The rendered issues of parsing ``data`` (empty when it is valid)."""
    try:
        parse_profile(data, FILE)
    except ProfileError as err:
        lines = [str(issue) for issue in err.issues]
        if str(err) != "\n".join(lines):
            raise AssertionError("ProfileError must render one issue a line") from err
        return lines
    return []


def broken(factory: Callable[[], Data], *mutations: Mutation) -> list[str]:
    """Issues of a base profile after ``mutations``."""
    data = factory()
    for mutate in mutations:
        mutate(data)
    return issues(data)


KINDS = ", ".join(kind.value for kind in Kind)
MODES = "off, standby, heating, cooling, dhw, defrost, pool, drying, auto"

# (id, base profile, mutations, the line (or lines) expected)
CASES: list[tuple[str, Callable[[], Data], list[Mutation], str | list[str]]] = [
    # --- profile fields
    (
        "unknown top-level field",
        modbus_profile,
        [top("manufactuer", "Acme")],
        "t.yaml: field 'manufactuer': unknown field; did you mean 'manufacturer'?",
    ),
    (
        "id required",
        modbus_profile,
        [top("id")],
        "t.yaml: field 'id': required field is missing",
    ),
    (
        "id format",
        modbus_profile,
        [top("id", "Test Unit")],
        "t.yaml: field 'id': must match [a-z0-9_]+, got 'Test Unit'",
    ),
    (
        "name is text",
        modbus_profile,
        [top("name", 12)],
        "t.yaml: field 'name': expected text, got 12 (put it in quotes)",
    ),
    (
        "kind enum",
        modbus_profile,
        [top("kind", "heatpump")],
        f"t.yaml: field 'kind': expected one of {KINDS}; got 'heatpump'",
    ),
    (
        "transport enum",
        modbus_profile,
        [top("transport", "zigbee")],
        "t.yaml: field 'transport': expected one of modbus, mqtt; got 'zigbee'",
    ),
    (
        "source required",
        modbus_profile,
        [top("source")],
        "t.yaml: field 'source': required field is missing",
    ),
    (
        "source is a mapping",
        modbus_profile,
        [top("source", "the manual")],
        "t.yaml: field 'source': expected a mapping, got 'the manual'",
    ),
    (
        "source.document required",
        modbus_profile,
        [top("source.document"), top("source.url", "https://example.com")],
        "t.yaml: field 'source.document': required field is missing",
    ),
    (
        "source unknown field",
        modbus_profile,
        [top("source.documnet", "x")],
        "t.yaml: field 'source.documnet': unknown field; did you mean 'document'?",
    ),
    (
        "source.version is text",
        modbus_profile,
        [top("source.version", 1.1)],
        "t.yaml: field 'source.version': expected text, got 1.1 (put it in quotes)",
    ),
    (
        "writes: unknown quantity",
        modbus_profile,
        [top("writes", ["mode_setting", "target_temperatur"])],
        "t.yaml: field 'writes': unknown quantity 'target_temperatur'; "
        "did you mean 'target_temperature'?",
    ),
    (
        "writes: listed twice",
        modbus_profile,
        [top("writes", ["mode_setting", "target_temperature", "mode_setting"])],
        "t.yaml: field 'writes': 'mode_setting' is listed twice",
    ),
    (
        "writes: no point",
        modbus_profile,
        [top("writes", ["mode_setting", "dhw_target_temperature"])],
        "t.yaml: field 'writes': 'dhw_target_temperature' is listed, "
        "but no point has that quantity",
    ),
    (
        "writes: point not writable",
        modbus_profile,
        [top("writes", ["backup_heater"])],
        "t.yaml: field 'writes': 'backup_heater' is listed, "
        "but point 'backup' is not writable",
    ),
    (
        "rating: cop positive",
        modbus_profile,
        [top("rating", [{"source": 7, "sink": 35, "cop": 0}])],
        "t.yaml: field 'rating[0].cop': must be greater than 0, got 0",
    ),
    (
        "rating: sink required",
        modbus_profile,
        [
            top(
                "rating",
                [{"source": 7, "sink": 35, "cop": 4.4}, {"source": 2, "cop": 4}],
            )
        ],
        "t.yaml: field 'rating[1].sink': required field is missing",
    ),
    (
        "modbus: max_registers range",
        modbus_profile,
        [top("modbus", {"max_registers": 200})],
        "t.yaml: field 'modbus.max_registers': must be in 1..125, got 200",
    ),
    (
        "modbus: unknown field",
        modbus_profile,
        [top("modbus", {"max_gaps": 3})],
        "t.yaml: field 'modbus.max_gaps': unknown field; did you mean 'max_gap'?",
    ),
    (
        "mqtt section in a modbus profile",
        modbus_profile,
        [top("mqtt", {"base_topic": "x"})],
        "t.yaml: field 'mqtt': only allowed in mqtt profiles",
    ),
    (
        "modbus section in an mqtt profile",
        mqtt_profile,
        [top("modbus", {"max_gap": 3})],
        "t.yaml: field 'modbus': only allowed in modbus profiles",
    ),
    (
        "mqtt section required",
        mqtt_profile,
        [top("mqtt")],
        "t.yaml: field 'mqtt': required field is missing",
    ),
    (
        "mqtt base topic",
        mqtt_profile,
        [top("mqtt.base_topic", "hp/#")],
        "t.yaml: field 'mqtt.base_topic': must not contain '+' or '#' nor end with '/'",
    ),
    (
        "mqtt availability topic",
        mqtt_profile,
        [top("mqtt.availability_topic", "/LWT")],
        "t.yaml: field 'mqtt.availability_topic': is relative to the base topic: "
        "no leading or trailing '/'",
    ),
    (
        "mqtt payloads differ",
        mqtt_profile,
        [top("mqtt.payload_online", "1"), top("mqtt.payload_offline", "1")],
        "t.yaml: field 'mqtt.payload_offline': must differ from payload_online ('1')",
    ),
    (
        "points required",
        modbus_profile,
        [top("points", []), top("writes")],
        "t.yaml: field 'points': required field is missing",
    ),
    (
        "point is a mapping",
        modbus_profile,
        [add("flow")],
        "t.yaml: point #8: expected a mapping, got 'flow'",
    ),
    # --- common point fields
    (
        "key required",
        modbus_profile,
        [pt("backup", "key")],
        "t.yaml: point #7, field 'key': required field is missing",
    ),
    (
        "key format",
        modbus_profile,
        [pt("backup", "key", "Backup Heater")],
        "t.yaml: point 'Backup Heater', field 'key': must match [a-z0-9_]+, "
        "got 'Backup Heater'",
    ),
    (
        "key unique",
        modbus_profile,
        [pt("energy", "key", "flow_temperature")],
        "t.yaml: point 'flow_temperature', field 'key': duplicate key: "
        "points #1 and #2 share it",
    ),
    (
        "name required",
        modbus_profile,
        [pt("backup", "name")],
        "t.yaml: point 'backup', field 'name': required field is missing",
    ),
    (
        "unknown point field",
        modbus_profile,
        [pt("flow_temperature", "scael", 0.1)],
        "t.yaml: point 'flow_temperature', field 'scael': unknown field; "
        "did you mean 'scale'?",
    ),
    (
        "mqtt field in a modbus profile",
        modbus_profile,
        [pt("flow_temperature", "topic", "main/Flow")],
        "t.yaml: point 'flow_temperature', field 'topic': only allowed in mqtt "
        "profiles",
    ),
    (
        "modbus field in an mqtt profile",
        mqtt_profile,
        [pt("outdoor", "address", 3)],
        "t.yaml: point 'outdoor', field 'address': only allowed in modbus profiles",
    ),
    (
        "quantity exists",
        modbus_profile,
        [pt("flow_temperature", "quantity", "flow_temp")],
        "t.yaml: point 'flow_temperature', field 'quantity': 'flow_temp' is not a "
        "known quantity; did you mean 'flow_temperature'?",
    ),
    (
        "unit known",
        modbus_profile,
        [pt("flow_temperature", "unit", "degC")],
        "t.yaml: point 'flow_temperature', field 'unit': unknown unit 'degC'; "
        f"known units: {', '.join(sorted(KNOWN_UNITS))}",
    ),
    (
        "unit converts to the quantity's unit",
        modbus_profile,
        [pt("energy", "unit", "W")],
        "t.yaml: point 'energy', field 'unit': cannot convert 'W' to 'kWh', "
        "the unit of quantity 'electrical_energy'",
    ),
    (
        "no unit on a unitless quantity",
        modbus_profile,
        [pt("backup", "unit", "%")],
        "t.yaml: point 'backup', field 'unit': quantity 'backup_heater' has no unit; "
        "remove 'unit'",
    ),
    (
        "scale is a number",
        modbus_profile,
        [pt("flow_temperature", "scale", "abc")],
        "t.yaml: point 'flow_temperature', field 'scale': expected a number, got 'abc'",
    ),
    (
        "scale is not true",
        modbus_profile,
        [pt("flow_temperature", "scale", True)],
        "t.yaml: point 'flow_temperature', field 'scale': expected a number, got true",
    ),
    (
        "scale is not zero",
        modbus_profile,
        [pt("flow_temperature", "scale", 0)],
        "t.yaml: point 'flow_temperature', field 'scale': must not be 0",
    ),
    (
        "offset is finite",
        modbus_profile,
        [pt("flow_temperature", "offset", float("nan"))],
        "t.yaml: point 'flow_temperature', field 'offset': expected a finite number, "
        "got nan",
    ),
    (
        "entity is a flag",
        modbus_profile,
        [pt("flow_temperature", "entity", "yes")],
        "t.yaml: point 'flow_temperature', field 'entity': expected true or false, "
        "got 'yes'",
    ),
    # --- modbus point fields
    (
        "table enum",
        modbus_profile,
        [pt("flow_temperature", "table", "inputs")],
        "t.yaml: point 'flow_temperature', field 'table': expected one of holding, "
        "input, coil, discrete; got 'inputs'",
    ),
    (
        "address required",
        modbus_profile,
        [pt("flow_temperature", "address")],
        "t.yaml: point 'flow_temperature', field 'address': required field is missing",
    ),
    (
        "address is an integer",
        modbus_profile,
        [pt("flow_temperature", "address", "0x10")],
        "t.yaml: point 'flow_temperature', field 'address': expected an integer, "
        "got '0x10'",
    ),
    (
        "address range",
        modbus_profile,
        [pt("flow_temperature", "address", 70000)],
        "t.yaml: point 'flow_temperature', field 'address': must be in 0..65535, "
        "got 70000",
    ),
    (
        "address + count",
        modbus_profile,
        [pt("energy", "address", 65535)],
        "t.yaml: point 'energy', field 'address': 65535 + 2 registers ends at 65536, "
        "past the last address 65535",
    ),
    (
        "type enum",
        modbus_profile,
        [pt("flow_temperature", "type", "int8")],
        "t.yaml: point 'flow_temperature', field 'type': expected one of int16, "
        "uint16, int32, uint32, float32, bool, bitfield; got 'int8'",
    ),
    (
        "bool type only in bit tables",
        modbus_profile,
        [pt("flow_temperature", "type", "bool"), pt("flow_temperature", "scale")],
        "t.yaml: point 'flow_temperature', field 'type': type 'bool' is for coil and "
        "discrete tables; use 'bitfield' with 'bit' for one bit of a register",
    ),
    (
        "bit tables hold bools",
        modbus_profile,
        [pt("backup", "type", "uint16")],
        "t.yaml: point 'backup', field 'type': the coil table holds single bits; "
        "use type 'bool'",
    ),
    (
        "bit only with bitfield",
        modbus_profile,
        [pt("flow_temperature", "bit", 3)],
        "t.yaml: point 'flow_temperature', field 'bit': only allowed with type "
        "'bitfield'",
    ),
    (
        "bit range",
        modbus_profile,
        [pt("defrost", "bit", 16)],
        "t.yaml: point 'defrost', field 'bit': must be in 0..15, got 16",
    ),
    (
        "bitfield needs a bit",
        modbus_profile,
        [pt("defrost", "bit")],
        "t.yaml: point 'defrost', field 'bit': required field is missing",
    ),
    (
        "word order only for 32-bit",
        modbus_profile,
        [pt("flow_temperature", "word_order", "little")],
        "t.yaml: point 'flow_temperature', field 'word_order': only applies to 32-bit "
        "types (int32, uint32, float32)",
    ),
    (
        "word order enum",
        modbus_profile,
        [pt("energy", "word_order", "middle")],
        "t.yaml: point 'energy', field 'word_order': expected one of big, little; "
        "got 'middle'",
    ),
    (
        "write word order only when writable",
        modbus_profile,
        [pt("energy", "write_word_order", "big")],
        "t.yaml: point 'energy', field 'write_word_order': only applies to writable "
        "points",
    ),
    (
        "sentinels fit the type",
        modbus_profile,
        [pt("flow_temperature", "sentinels", [-32768, 65535])],
        "t.yaml: point 'flow_temperature', field 'sentinels': 65535 does not fit "
        "type int16 (-32768..32767)",
    ),
    (
        "sentinels are integers",
        modbus_profile,
        [pt("flow_temperature", "sentinels", ["-32768"])],
        "t.yaml: point 'flow_temperature', field 'sentinels': expected raw integers, "
        "got '-32768'",
    ),
    (
        "sentinels are a list",
        modbus_profile,
        [pt("flow_temperature", "sentinels", -32768)],
        "t.yaml: point 'flow_temperature', field 'sentinels': expected a list, "
        "got -32768",
    ),
    (
        "no sentinels on a bit",
        modbus_profile,
        [pt("backup", "sentinels", [1])],
        "t.yaml: point 'backup', field 'sentinels': a single bit has no sentinel "
        "values",
    ),
    (
        "no scale on a bit",
        modbus_profile,
        [pt("backup", "scale", 2)],
        "t.yaml: point 'backup', field 'scale': not used by type bool (a single bit)",
    ),
    (
        "no_merge is a flag",
        modbus_profile,
        [pt("energy", "no_merge", 1)],
        "t.yaml: point 'energy', field 'no_merge': expected true or false, got 1",
    ),
    (
        "registers overlap",
        modbus_profile,
        [add({"key": "half", "name": "Half", "table": "input", "address": 51})],
        "t.yaml: point 'half', field 'address': input 51 overlaps point 'energy' "
        "(input 50, uint32)",
    ),
    (
        "bitfield overlaps a register",
        modbus_profile,
        [add({"key": "status", "name": "Status", "table": "input", "address": 10})],
        [
            "t.yaml: point 'status', field 'address': input 10 overlaps point "
            "'compressor' (input 10, bitfield)",
            "t.yaml: point 'status', field 'address': input 10 overlaps point "
            "'defrost' (input 10, bitfield)",
        ],
    ),
    (
        "bitfields share a bit",
        modbus_profile,
        [pt("defrost", "bit", 0)],
        "t.yaml: point 'defrost', field 'bit': bit 0 of input 10 is also point "
        "'compressor'",
    ),
    (
        "coils overlap",
        modbus_profile,
        [add({"key": "pump", "name": "Pump", "table": "coil", "address": 0})],
        "t.yaml: point 'pump', field 'address': coil 0 overlaps point 'backup' "
        "(coil 0, bool)",
    ),
    # --- value maps
    (
        "values: enum options only",
        modbus_profile,
        [pt("mode", "values", {0: "off", 2: "heat"})],
        f"t.yaml: point 'mode', field 'values.2': quantity 'mode_setting' takes one "
        f"of {MODES}; got 'heat'",
    ),
    (
        "values: YAML 1.1 off",
        modbus_profile,
        [pt("mode", "values", {0: False, 2: "heating"})],
        f"t.yaml: point 'mode', field 'values.0': quantity 'mode_setting' takes one "
        f"of {MODES}; got false (YAML reads unquoted on/off/yes/no as true/false; "
        "quote it)",
    ),
    (
        "values: 3-way valve options",
        modbus_profile,
        [
            add(
                {
                    "key": "valve",
                    "name": "Valve",
                    "quantity": "three_way_valve",
                    "table": "discrete",
                    "address": 0,
                    "values": {0: "heating", 1: "dhw"},
                }
            )
        ],
        "t.yaml: point 'valve', field 'values.0': quantity 'three_way_valve' takes "
        "one of space, dhw; got 'heating'",
    ),
    (
        "values: bool quantity",
        modbus_profile,
        [pt("backup", "values", {0: "off", 1: True})],
        "t.yaml: point 'backup', field 'values.0': expected true or false, got 'off'",
    ),
    (
        "values: modbus keys are integers",
        modbus_profile,
        [pt("mode", "values", {"0": "off", 2: "heating"})],
        "t.yaml: point 'mode', field 'values.0': expected a raw integer as key, "
        "got '0'",
    ),
    (
        "values: modbus keys fit the type",
        modbus_profile,
        [pt("mode", "values", {-1: "off", 2: "heating"})],
        "t.yaml: point 'mode', field 'values.-1': raw value -1 does not fit the type "
        "(0..65535)",
    ),
    (
        "values: mqtt keys are text",
        mqtt_profile,
        [pt("mode", "values", {0: "heating", "1": "cooling"})],
        "t.yaml: point 'mode', field 'values.0': expected payload text as key, got 0 "
        "(put it in quotes)",
    ),
    (
        "values: a mapping",
        modbus_profile,
        [pt("mode", "values", ["off", "heating"])],
        "t.yaml: point 'mode', field 'values': expected a non-empty mapping, "
        "got a list",
    ),
    (
        "values: enum quantity on modbus needs them",
        modbus_profile,
        [pt("mode", "values"), pt("mode", "writable"), top("writes", [])],
        "t.yaml: point 'mode', field 'values': quantity 'mode_setting' needs a "
        "'values' map from raw numbers to its options",
    ),
    # --- writable
    (
        "writable: holding or coil only",
        modbus_profile,
        [pt("flow_temperature", "writable", {"min": 0, "max": 1})],
        "t.yaml: point 'flow_temperature', field 'writable': only holding registers "
        "and coils can be written; this point is in the input table",
    ),
    (
        "writable: min < max",
        modbus_profile,
        [pt("target", "writable", {"min": 60, "max": 20})],
        "t.yaml: point 'target', field 'writable.max': must be greater than min (60), "
        "got 20",
    ),
    (
        "writable: step > 0",
        modbus_profile,
        [pt("target", "writable", {"min": 20, "max": 60, "step": 0})],
        "t.yaml: point 'target', field 'writable.step': must be greater than 0, got 0",
    ),
    (
        "writable: numbers need bounds",
        modbus_profile,
        [pt("target", "writable", {"max": 60})],
        "t.yaml: point 'target', field 'writable': a writable number needs both "
        "'min' and 'max'",
    ),
    (
        "writable: bounds only for numbers",
        modbus_profile,
        [pt("mode", "writable", {"min": 0, "max": 2})],
        "t.yaml: point 'mode', field 'writable': min, max and step only apply "
        "to numbers",
    ),
    (
        "writable: unknown field",
        modbus_profile,
        [pt("target", "writable", {"min": 20, "max": 60, "stp": 1})],
        "t.yaml: point 'target', field 'writable.stp': unknown field; "
        "did you mean 'step'?",
    ),
    (
        "writable: shape",
        modbus_profile,
        [pt("mode", "writable", "yes")],
        "t.yaml: point 'mode', field 'writable': expected true, false or "
        "{min, max, step}, got 'yes'",
    ),
    (
        "writable: bounds fit the raw type",
        modbus_profile,
        [pt("target", "writable", {"min": 20, "max": 4000})],
        "t.yaml: point 'target', field 'writable.max': 4000 is raw 40000, outside "
        "type int16 (-32768..32767)",
    ),
    (
        "writable: no bitfields",
        modbus_profile,
        [
            add(
                {
                    "key": "pump",
                    "name": "Pump",
                    "quantity": "circulation_pump",
                    "table": "holding",
                    "address": 7,
                    "type": "bitfield",
                    "bit": 2,
                    "writable": True,
                }
            )
        ],
        "t.yaml: point 'pump', field 'writable': writing one bit of a register is "
        "not supported; use a coil or a whole register",
    ),
    (
        "writable: one raw value per value",
        modbus_profile,
        [pt("mode", "values", {0: "off", 1: "off", 2: "heating"})],
        "t.yaml: point 'mode', field 'values.1': maps to 'off' like 0; a writable "
        "point needs one raw value per value",
    ),
    # --- mqtt point fields
    (
        "mqtt: writable needs a command topic",
        mqtt_profile,
        [pt("dhw_target", "command_topic")],
        "t.yaml: point 'dhw_target', field 'writable': an mqtt point needs a "
        "'command_topic' to be writable",
    ),
    (
        "mqtt: command topic needs writable",
        mqtt_profile,
        [pt("outdoor", "command_topic", "commands/SetOutdoor")],
        "t.yaml: point 'outdoor', field 'command_topic': the point is not writable; "
        "add 'writable' or remove 'command_topic'",
    ),
    (
        "mqtt: command format needs a command topic",
        mqtt_profile,
        [pt("outdoor", "command_format", "{value}")],
        "t.yaml: point 'outdoor', field 'command_format': only used with "
        "'command_topic'",
    ),
    (
        "mqtt: command format placeholder",
        mqtt_profile,
        [pt("dhw_target", "command_format", "{val}")],
        "t.yaml: point 'dhw_target', field 'command_format': must contain '{value}' "
        "and no other placeholder",
    ),
    (
        "mqtt: command format syntax",
        mqtt_profile,
        [pt("dhw_target", "command_format", "{value")],
        "t.yaml: point 'dhw_target', field 'command_format': is not a valid format: "
        "expected '}' before end of string",
    ),
    (
        "mqtt: topic required",
        mqtt_profile,
        [pt("outdoor", "topic")],
        "t.yaml: point 'outdoor', field 'topic': required field is missing",
    ),
    (
        "mqtt: no wildcards",
        mqtt_profile,
        [pt("outdoor", "topic", "main/#")],
        "t.yaml: point 'outdoor', field 'topic': must not contain the MQTT wildcards "
        "'+' or '#'",
    ),
    (
        "mqtt: relative topics",
        mqtt_profile,
        [pt("dhw_target", "command_topic", "/commands/SetDHWTemp")],
        "t.yaml: point 'dhw_target', field 'command_topic': is relative to the base "
        "topic: no leading or trailing '/'",
    ),
    (
        "mqtt: json path",
        mqtt_profile,
        [pt("power", "json", [])],
        "t.yaml: point 'power', field 'json': expected a key or a list of keys (text), "
        "got a list",
    ),
    (
        "mqtt: sentinels are text",
        mqtt_profile,
        [pt("outdoor", "sentinels", [-127])],
        "t.yaml: point 'outdoor', field 'sentinels': expected payload text, got -127 "
        "(put it in quotes)",
    ),
]


@pytest.mark.parametrize(
    ("factory", "mutations", "expected"),
    [pytest.param(f, m, e, id=name) for name, f, m, e in CASES],
)
def test_rule(
    factory: Callable[[], Data], mutations: list[Mutation], expected: str | list[str]
) -> None:
    """Each rule reports precise lines: file, point, field, message."""
    lines = [expected] if isinstance(expected, str) else expected
    assert broken(factory, *mutations) == lines


@pytest.mark.parametrize("factory", [modbus_profile, mqtt_profile])
def test_base_profiles_are_valid(factory: Callable[[], Data]) -> None:
    """The bases the cases break are themselves valid."""
    assert issues(factory()) == []


def test_not_a_mapping() -> None:
    """A file that is not a mapping says so."""
    assert issues(["id"]) == [
        "t.yaml: expected a mapping of profile fields, got a list"
    ]


def test_all_faults_reported_together() -> None:
    """Faults in several places come back in one error, in file order."""
    assert broken(
        modbus_profile,
        top("kind", "heatpump"),
        top("source.document"),
        pt("flow_temperature", "scale", "abc"),
        pt("energy", "unit", "W"),
        pt("defrost", "bit", 16),
        pt("target", "writable", {"min": 60, "max": 20}),
    ) == [
        f"t.yaml: field 'kind': expected one of {KINDS}; got 'heatpump'",
        "t.yaml: field 'source.document': required field is missing",
        "t.yaml: point 'flow_temperature', field 'scale': expected a number, got 'abc'",
        "t.yaml: point 'energy', field 'unit': cannot convert 'W' to 'kWh', "
        "the unit of quantity 'electrical_energy'",
        "t.yaml: point 'defrost', field 'bit': must be in 0..15, got 16",
        "t.yaml: point 'target', field 'writable.max': must be greater than min "
        "(60), got 20",
    ]


def test_issue_fields() -> None:
    """The error carries structured issues, not only text."""
    with pytest.raises(ProfileError) as info:
        parse_profile(broken_data(pt("energy", "unit", "W")), "u.yaml")
    (issue,) = info.value.issues
    assert issue.file == "u.yaml"
    assert issue.point_key == "energy"
    assert issue.field == "unit"
    assert isinstance(info.value, ValueError)


def broken_data(*mutations: Mutation) -> Data:
    """The Modbus base after mutations."""
    data = modbus_profile()
    for mutate in mutations:
        mutate(data)
    return data


def test_parsed_model() -> None:
    """Valid data becomes typed points with defaults filled in."""
    profile = parse_profile(modbus_profile(), FILE)
    assert profile.transport is Transport.MODBUS
    assert profile.writes == {Quantity.MODE_SETTING, Quantity.TARGET_TEMPERATURE}
    flow = profile.point("flow_temperature")
    assert isinstance(flow, ModbusPoint)
    assert flow.table is Table.INPUT
    assert flow.sentinels == {-32768}
    assert flow.word_order is WordOrder.BIG
    backup = profile.point("backup")
    assert isinstance(backup, ModbusPoint)
    assert backup.data_type is DataType.BOOL
    mode = profile.point("mode")
    assert dict(mode.value_map) == {"0": "off", "2": "heating"}
    assert mode.writable is not None
    target = profile.point("target")
    assert target.writable is not None
    assert (target.writable.min, target.writable.max) == (20, 60)
    with pytest.raises(TypeError):
        mode.value_map["1"] = "cooling"  # type: ignore[index]


def test_parsed_mqtt_model() -> None:
    """MQTT points keep topics and JSON paths; a missing unit is the quantity's."""
    data = mqtt_profile()
    data["points"][0].pop("unit", None)
    profile = parse_profile(data, FILE)
    assert profile.mqtt is not None
    assert profile.mqtt.payload_online == "Online"
    outdoor = profile.point("outdoor")
    assert isinstance(outdoor, MqttPoint)
    assert outdoor.unit == "°C"
    power = profile.point("power")
    assert isinstance(power, MqttPoint)
    assert power.json_path == ("ENERGY", "Power")
    single = copy.deepcopy(data)
    single["points"][1]["json"] = "Power"
    single_power = parse_profile(single, FILE).point("power")
    assert isinstance(single_power, MqttPoint)
    assert single_power.json_path == ("Power",)


# --- files and directories


GOOD = """\
id: {id}
name: Test
kind: air_to_water
transport: modbus
source: {{document: test}}
points:
  - {{key: flow, name: Flow, quantity: flow_temperature, table: input, address: 1,
      scale: 1e-1}}
  - key: mode
    name: Mode
    quantity: operating_mode
    table: input
    address: 2
    values: {{0: off, 1: heating}}
"""


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()


def write(path: Path, text: str) -> Path:
    """Write a file, creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_load_profile(tmp_path: Path) -> None:
    """YAML 1.2 scalars: unquoted off stays text, 1e-1 is a number."""
    file = write(tmp_path / "a.yaml", GOOD.format(id="a"))
    profile = load_profile(file)
    assert profile.path == str(file)
    assert profile.point("flow").scale == pytest.approx(0.1)
    assert dict(profile.point("mode").value_map) == {"0": "off", "1": "heating"}


def test_load_is_cached(tmp_path: Path) -> None:
    """A second load of an unchanged file returns the same object; edits reload."""
    file = write(tmp_path / "a.yaml", GOOD.format(id="a"))
    first = load_profile(file)
    assert load_profile(file) is first
    write(file, GOOD.format(id="a_changed"))
    assert load_profile(file).id == "a_changed"


def test_invalid_yaml(tmp_path: Path) -> None:
    """Syntax errors name the file, line and column."""
    file = write(tmp_path / "bad.yaml", "id: x\npoints: [\n  {key: a\n")
    with pytest.raises(ProfileError) as info:
        load_profile(file)
    (line,) = str(info.value).splitlines()
    assert line.startswith("bad.yaml: invalid YAML at line 4, column 1:")


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    """A field given twice is an error, not a silent overwrite."""
    text = GOOD.format(id="a").replace("    address: 2\n", "    address: 2\n" * 2)
    file = write(tmp_path / "dup.yaml", text)
    with pytest.raises(ProfileError) as info:
        load_profile(file)
    assert str(info.value) == (
        "dup.yaml: invalid YAML at line 14, column 5: found the key 'address' twice"
    )


def test_empty_and_missing_files(tmp_path: Path) -> None:
    """Empty and unreadable files are reported, not crashed on."""
    with pytest.raises(ProfileError, match=r"^empty\.yaml: the file is empty$"):
        load_profile(write(tmp_path / "empty.yaml", "# nothing\n"))
    with pytest.raises(ProfileError, match=r"^gone\.yaml: cannot read: "):
        load_profile(tmp_path / "gone.yaml")


def test_load_profiles_user_overrides(tmp_path: Path) -> None:
    """A user profile replaces the shipped one with the same id."""
    shipped = tmp_path / "shipped"
    user = tmp_path / "user"
    write(shipped / "generic" / "a.yaml", GOOD.format(id="a"))
    write(shipped / "b.yaml", GOOD.format(id="b"))
    write(user / "mine.yml", GOOD.format(id="a").replace("name: Test", "name: Mine"))
    profiles, problems = load_profiles(shipped, user)
    assert problems == []
    assert sorted(profiles) == ["a", "b"]
    assert profiles["a"].name == "Mine"
    assert profiles["b"].name == "Test"


def test_load_profiles_skips_broken_files(tmp_path: Path) -> None:
    """A broken file is reported; the others still load."""
    write(tmp_path / "a.yaml", GOOD.format(id="a"))
    write(tmp_path / "broken.yaml", GOOD.format(id="broken").replace("modbus", "can"))
    write(tmp_path / "twin.yaml", GOOD.format(id="a"))
    write(tmp_path / ".hidden" / "c.yaml", "not: [valid")
    write(tmp_path / "notes.txt", "not a profile")
    profiles, problems = load_profiles(tmp_path, tmp_path / "missing")
    assert sorted(profiles) == ["a"]
    assert [str(p) for p in problems] == [
        "broken.yaml: field 'transport': expected one of modbus, mqtt; got 'can'",
        "twin.yaml: field 'id': 'a' is already the id of a.yaml; this file is skipped",
    ]
    assert all(isinstance(p, ProfileIssue) for p in problems)


# --- shipped profiles


def test_every_shipped_profile_loads() -> None:
    """Every file in core/profiles loads without a fault, ids unique."""
    directory = shipped_profiles_dir()
    files = sorted(directory.rglob("*.yaml"))
    profiles, problems = load_profiles(directory)
    assert [str(p) for p in problems] == []
    assert len(profiles) == len(files)
    assert all(profile.path is not None for profile in profiles.values())


GENERIC_KINDS = [k for k in Kind if k is not Kind.METER]


def generic_profiles() -> dict[str, Any]:
    """The shipped generic profiles."""
    profiles, _ = load_profiles(shipped_profiles_dir() / "generic")
    return profiles


@pytest.mark.parametrize("kind", GENERIC_KINDS, ids=str)
def test_generic_profile_per_kind(kind: Kind) -> None:
    """One generic Modbus profile per kind, naming the generic layout."""
    profile = generic_profiles()[f"generic_{kind}"]
    assert profile.path is not None
    assert Path(profile.path).stem == profile.id
    assert profile.kind is kind
    assert profile.transport is Transport.MODBUS
    assert "generic" in profile.source.document.lower()
    assert profile.point_for(Quantity.ELECTRICAL_POWER) is not None
    assert profile.point_for(Quantity.ELECTRICAL_ENERGY) is not None
    assert profile.point_for(Quantity.COMPRESSOR_RUNNING) is not None


def test_generic_layout_is_one_layout() -> None:
    """A quantity sits at the same address, with the same encoding, in every kind."""
    seen: dict[Quantity, tuple[object, ...]] = {}
    for profile in generic_profiles().values():
        for point in profile.modbus_points:
            assert point.quantity is not None
            layout = (
                point.table,
                point.address,
                point.data_type,
                point.scale,
                point.unit,
            )
            assert seen.setdefault(point.quantity, layout) == layout, point.key


def test_generic_mqtt_profile() -> None:
    """The generic MQTT layout: base topic, availability and set/<key> commands."""
    profile = generic_profiles()["generic_mqtt_air_to_water"]
    assert profile.mqtt is not None
    assert profile.mqtt.base_topic == "heatpump"
    assert profile.mqtt.availability_topic == "status"
    assert (profile.mqtt.payload_online, profile.mqtt.payload_offline) == (
        "online",
        "offline",
    )
    for point in profile.mqtt_points:
        if point.is_writable:
            assert point.command_topic == f"set/{point.key}"
