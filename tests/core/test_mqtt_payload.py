"""MQTT payload decoding and command encoding."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.mqtt import (
    CommandError,
    PayloadError,
    decode_payload,
    encode_command,
    topic_index,
)
from custom_components.heatpump.core.profile.loader import (
    load_profile,
    parse_profile,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import MqttPoint, Profile

GENERIC = shipped_profiles_dir() / "generic" / "generic_mqtt_air_to_water.yaml"


def profile_with(*points: dict[str, Any]) -> Profile:
    """An MQTT profile holding ``points`` (validated by the loader)."""
    return parse_profile(
        {
            "id": "test",
            "name": "Test",
            "kind": "air_to_water",
            "transport": "mqtt",
            "source": {"document": "test"},
            "mqtt": {"base_topic": "hp"},
            "points": list(points),
        },
        "test.yaml",
    )


def point(**fields: Any) -> MqttPoint:
    """One validated MQTT point."""
    fields.setdefault("key", "p")
    fields.setdefault("name", "P")
    fields.setdefault("topic", "t")
    (result,) = profile_with(fields).mqtt_points
    return result


@pytest.fixture(scope="module")
def generic() -> Profile:
    """The shipped generic MQTT profile."""
    return load_profile(GENERIC)


# --- plain payloads


def test_plain_number() -> None:
    """Text or bytes; whitespace ignored."""
    outdoor = point(quantity="outdoor_temperature", unit="°C")
    assert decode_payload(outdoor, "5.5") == 5.5
    assert decode_payload(outdoor, b" -3\n") == -3.0
    assert decode_payload(outdoor, bytearray(b"7")) == 7.0


def test_scale_offset_and_unit() -> None:
    """value = raw * scale + offset, then converted to the quantity's unit."""
    flow = point(quantity="flow_temperature", unit="°C", scale=0.1, offset=-10)
    assert decode_payload(flow, "315") == pytest.approx(21.5)
    power = point(quantity="electrical_power", unit="kW")
    assert decode_payload(power, "1.25") == pytest.approx(1250.0)
    fahrenheit = point(quantity="dhw_temperature", unit="°F")
    assert decode_payload(fahrenheit, "122") == pytest.approx(50.0)
    flow_rate = point(quantity="flow_rate", unit="m³/h")
    assert decode_payload(flow_rate, "0.6") == pytest.approx(10.0)


def test_sentinels_are_no_reading() -> None:
    """Sentinels match as text or as the same number."""
    outdoor = point(quantity="outdoor_temperature", sentinels=["-127", "n/a"])
    assert decode_payload(outdoor, "-127") is None
    assert decode_payload(outdoor, "-127.0") is None
    assert decode_payload(outdoor, "n/a") is None
    assert decode_payload(outdoor, "-12.7") == -12.7


def test_empty_payload() -> None:
    """Empty is no reading, except for text where it means 'no error'."""
    assert decode_payload(point(quantity="outdoor_temperature"), "") is None
    assert decode_payload(point(quantity="error_code"), "") == ""
    assert decode_payload(point(quantity="error_code"), "H23") == "H23"


def test_value_map() -> None:
    """Raw payload text maps to the value; "1.0" matches key "1"."""
    mode = point(quantity="operating_mode", values={"0": "heating", "1": "cooling"})
    assert decode_payload(mode, "0") == "heating"
    assert decode_payload(mode, "1.0") == "cooling"
    with pytest.raises(PayloadError, match="'7' is not one of off, standby"):
        decode_payload(mode, "7")


def test_value_map_to_false() -> None:
    """A map onto false is a value, not a miss."""
    pump = point(quantity="circulation_pump", values={"Running": True, "Idle": False})
    assert decode_payload(pump, "Idle") is False
    assert decode_payload(pump, "Running") is True


def test_enum_without_map() -> None:
    """Payloads that are option names decode as themselves."""
    mode = point(quantity="operating_mode")
    assert decode_payload(mode, "defrost") == "defrost"
    with pytest.raises(PayloadError, match="'heat' is not one of"):
        decode_payload(mode, "heat")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("1", True),
        ("0", False),
        ("true", True),
        ("False", False),
        ("ON", True),
        ("off", False),
    ],
)
def test_flags(payload: str, expected: bool) -> None:
    """Flags accept 0/1, true/false and on/off in any case."""
    assert decode_payload(point(quantity="defrost_active"), payload) is expected


def test_flag_garbage() -> None:
    """Anything else is a clear error."""
    with pytest.raises(
        PayloadError, match="expected 0/1, true/false or on/off, got '2'"
    ):
        decode_payload(point(quantity="defrost_active"), "2")


def test_number_garbage() -> None:
    """Non-numbers, NaN and non-UTF-8 bytes raise PayloadError (a ValueError)."""
    outdoor = point(quantity="outdoor_temperature")
    with pytest.raises(PayloadError, match="expected a number, got 'abc'"):
        decode_payload(outdoor, "abc")
    with pytest.raises(ValueError, match="expected a number, got 'nan'"):
        decode_payload(outdoor, "nan")
    with pytest.raises(PayloadError, match="payload is not UTF-8 text"):
        decode_payload(outdoor, b"\xff\xfe")


def test_point_without_quantity() -> None:
    """Numbers are numbers (scaled); anything else stays text."""
    raw = point(scale=2)
    assert decode_payload(raw, "4") == 8.0
    assert decode_payload(raw, "Auto") == "Auto"


# --- JSON payloads


def test_json_path() -> None:
    """Nested keys, list indices, JSON booleans and null."""
    power = point(quantity="electrical_power", unit="kW", json=["ENERGY", "Power"])
    assert decode_payload(power, '{"ENERGY": {"Power": 1.5}}') == pytest.approx(1500)
    assert decode_payload(power, '{"ENERGY": {"Power": null}}') is None
    phase = point(quantity="voltage", json=["Voltage", "1"])
    assert decode_payload(phase, '{"Voltage": [229, 231, 230]}') == 231.0
    defrost = point(quantity="defrost_active", json="defrost")
    assert decode_payload(defrost, '{"defrost": true}') is True
    mode = point(quantity="operating_mode", json="mode", values={"3": "dhw"})
    assert decode_payload(mode, '{"mode": 3.0}') == "dhw"


def test_json_garbage() -> None:
    """Invalid JSON, missing keys and objects where a value belongs."""
    power = point(quantity="electrical_power", json=["ENERGY", "Power"])
    with pytest.raises(PayloadError, match="payload is not valid JSON"):
        decode_payload(power, "{nope")
    with pytest.raises(PayloadError, match="JSON payload has no 'ENERGY/Power'"):
        decode_payload(power, '{"ENERGY": {"Total": 3}}')
    with pytest.raises(PayloadError, match="JSON payload has no 'ENERGY'"):
        decode_payload(power, "[1, 2]")
    with pytest.raises(PayloadError, match="JSON value at 'ENERGY/Power' is not"):
        decode_payload(power, '{"ENERGY": {"Power": {"W": 3}}}')


def test_generic_profile_decodes_its_own_layout(generic: Profile) -> None:
    """The documented example payloads of the generic MQTT layout decode."""
    index = topic_index(generic)
    state = (
        '{"outdoor_temperature": 5.2, "compressor_running": true,'
        ' "operating_mode": "heating", "three_way_valve": "space",'
        ' "flow_temperature": null, "error_code": ""}'
    )
    decoded = {}
    for p in index["state"]:
        try:
            decoded[p.key] = decode_payload(p, state)
        except PayloadError:
            continue
    assert decoded == {
        "outdoor_temperature": 5.2,
        "compressor_running": True,
        "operating_mode": "heating",
        "three_way_valve": "space",
        "flow_temperature": None,
        "error_code": "",
    }
    energy = '{"electrical": {"power": 812, "energy": 1234.5}, "heat": {"power": -90}}'
    values = {p.key: decode_payload(p, energy) for p in index["energy"][:3]}
    assert values == {
        "electrical_power": 812.0,
        "electrical_energy": 1234.5,
        "heat_power": -90.0,
    }


def test_topic_index(generic: Profile) -> None:
    """Topics map to every point read from them, sharing JSON topics."""
    index = topic_index(generic)
    assert [p.key for p in index["energy"]] == [
        "electrical_power",
        "electrical_energy",
        "heat_power",
        "heat_energy",
    ]
    assert len(index["state"]) > 10
    assert [p.key for p in index["mode_setting"]] == ["mode_setting"]
    assert sum(len(points) for points in index.values()) == len(generic.points)


# --- commands


def test_encode_number(generic: Profile) -> None:
    """Numbers go out as plain text, integers without a decimal point."""
    target = generic.point("target_temperature")
    assert isinstance(target, MqttPoint)
    assert encode_command(target, 21.5) == ("set/target_temperature", "21.5")
    assert encode_command(target, 45) == ("set/target_temperature", "45")
    assert encode_command(target, 60.0) == ("set/target_temperature", "60")


def test_encode_bounds(generic: Profile) -> None:
    """Out-of-bounds and off-step values raise CommandError (a ValueError)."""
    target = generic.point("target_temperature")
    assert isinstance(target, MqttPoint)
    with pytest.raises(CommandError, match="70 °C is above the maximum 60 °C"):
        encode_command(target, 70)
    with pytest.raises(CommandError, match="15 °C is below the minimum 20 °C"):
        encode_command(target, 15)
    with pytest.raises(ValueError, match=r"21.3 °C is not on the 0.5 °C step from 20"):
        encode_command(target, 21.3)
    with pytest.raises(CommandError, match="is not a finite number"):
        encode_command(target, float("inf"))


def test_encode_value_map() -> None:
    """Values go back through the map; unmapped values are refused."""
    mode = point(
        quantity="mode_setting",
        values={"0": "off", "1": "heating", "2": "cooling"},
        command_topic="commands/SetMode",
        command_format="MODE={value}",
        writable=True,
    )
    assert encode_command(mode, "cooling") == ("commands/SetMode", "MODE=2")
    with pytest.raises(
        CommandError, match="point 'p' accepts 'off', 'heating', 'cooling'; got 'dhw'"
    ):
        encode_command(mode, "dhw")


def test_encode_enum_and_flag() -> None:
    """Enums without a map send the option; flags send 1/0."""
    mode = point(quantity="mode_setting", command_topic="set/mode", writable=True)
    assert encode_command(mode, "auto") == ("set/mode", "auto")
    with pytest.raises(CommandError, match="point 'p' takes one of off, standby"):
        encode_command(mode, "turbo")
    with pytest.raises(CommandError, match=r"takes one of .*, auto; got 3"):
        encode_command(mode, 3)
    heater = point(quantity="backup_heater", command_topic="set/heater", writable=True)
    assert encode_command(heater, True) == ("set/heater", "1")
    assert encode_command(heater, False) == ("set/heater", "0")
    with pytest.raises(CommandError, match="point 'p' takes true or false; got 'on'"):
        encode_command(heater, "on")


def test_encode_converts_to_the_point_unit() -> None:
    """Values arrive in the quantity's unit; bounds are in the point's."""
    dhw = point(
        quantity="dhw_target_temperature",
        unit="°F",
        scale=0.5,
        command_topic="set/dhw",
        writable={"min": 86, "max": 149},
    )
    assert encode_command(dhw, 50.0) == ("set/dhw", "244")
    with pytest.raises(CommandError, match="158 °F is above the maximum 149 °F"):
        encode_command(dhw, 70.0)


def test_encode_refuses_read_only(generic: Profile) -> None:
    """Read-only points cannot be commanded."""
    outdoor = generic.point("outdoor_temperature")
    assert isinstance(outdoor, MqttPoint)
    with pytest.raises(
        CommandError, match="point 'outdoor_temperature' is not writable"
    ):
        encode_command(outdoor, 3.0)


@given(st.integers(min_value=40, max_value=130))
def test_round_trip(half_degrees: int) -> None:
    """A written value decodes back to itself once the unit echoes it."""
    target = point(
        quantity="target_temperature",
        unit="°C",
        command_topic="set/t",
        writable={"min": 20, "max": 65, "step": 0.5},
    )
    value = half_degrees / 2
    _, payload = encode_command(target, value)
    assert decode_payload(target, payload) == value
