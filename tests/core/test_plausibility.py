"""The plausibility gate: out-of-bounds readings are unknown, never counted."""

from __future__ import annotations

import logging
import math

import pytest

from custom_components.heatpump.core.mqtt.payload import CommandError, encode_command
from custom_components.heatpump.core.plausibility import (
    DEFAULT_BOUNDS,
    PlausibilityGate,
    point_range,
)
from custom_components.heatpump.core.profile.loader import (
    load_profile,
    parse_profile,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import MqttPoint
from custom_components.heatpump.core.quantities import QUANTITIES, Quantity, ValueType

from .test_profile_loader import broken, mqtt_profile, pt

HEISHAMON = shipped_profiles_dir() / "units" / "heishamon_panasonic_aquarea.yaml"


def test_every_numeric_quantity_has_finite_bounds() -> None:
    for quantity, info in QUANTITIES.items():
        if info.value_type is ValueType.NUMBER:
            limits = DEFAULT_BOUNDS[quantity]
            assert math.isfinite(limits.low), quantity
            assert math.isfinite(limits.high), quantity
    temperature = DEFAULT_BOUNDS[Quantity.FLOW_TEMPERATURE]
    assert (temperature.low, temperature.high) == (-60.0, 150.0)
    assert DEFAULT_BOUNDS[Quantity.ELECTRICAL_POWER].low == 0.0
    assert DEFAULT_BOUNDS[Quantity.HEAT_ENERGY].low == 0.0


GARBAGE = [math.nan, math.inf, -math.inf, 1e308, -1e308, -5000.0, "abc"]


@pytest.mark.parametrize("value", GARBAGE)
def test_heishamon_garbage_is_unknown(value: float | str) -> None:
    profile = load_profile(HEISHAMON)
    gate = PlausibilityGate(profile, "Aquarea")
    good = {
        "main_outlet_temp": 35.0,
        "pump_flow": 12.0,
        "heat_power_production": 3000.0,
        "dhw_power_production": 0.0,
        "heat_power_consumption": 800.0,
    }
    for key in ("main_outlet_temp", "pump_flow", "heat_power_production"):
        values = {**good, key: value}
        points, quantities = gate.reading(values, {})
        assert points[key] is None
        assert points["heat_power_consumption"] == 800.0
        # A sum with a part missing is unknown, never a low figure.
        if key == "heat_power_production":
            assert Quantity.HEAT_POWER not in quantities
        else:
            assert quantities[Quantity.HEAT_POWER] == 3000.0


def test_negative_production_is_refused_where_the_profile_says_so() -> None:
    profile = load_profile(HEISHAMON)
    production = profile.point("heat_power_production")
    limits = point_range(production)
    assert limits is not None
    assert limits.low == 0.0
    # Without the profile's narrowing, heat power may be negative (defrost).
    assert DEFAULT_BOUNDS[Quantity.HEAT_POWER].low < 0.0
    # Text on a numeric point is no number.
    gate = PlausibilityGate(profile)
    assert not gate.admits_point("heat_power_production", -1.0)
    assert not gate.admits_point("heat_power_production", "abc")
    assert gate.admits_point("heat_power_production", 0.0)
    assert gate.admits_point("error", "H62")  # text points are not numbers


def test_first_occurrence_warns_then_quiet_until_it_recovers(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gate = PlausibilityGate(load_profile(HEISHAMON), "Aquarea")
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            gate.reading({"pump_flow": 1e308}, {})
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "pump_flow" in warnings[0].getMessage()
        gate.reading({"pump_flow": 10.0}, {})
        gate.reading({"pump_flow": -3.0}, {})
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2


def test_quantities_without_a_profile_are_gated() -> None:
    """Entity sources carry quantities only."""
    gate = PlausibilityGate(None)
    _, quantities = gate.reading(
        {},
        {
            Quantity.FLOW_TEMPERATURE: 1e308,
            Quantity.RETURN_TEMPERATURE: 30.0,
            Quantity.OPERATING_MODE: "heating",
            Quantity.ELECTRICAL_POWER: -1.0,
        },
    )
    assert quantities == {
        Quantity.RETURN_TEMPERATURE: 30.0,
        Quantity.OPERATING_MODE: "heating",
    }
    assert gate.value(Quantity.ELECTRICAL_ENERGY, -2.0, "meter") is None
    assert gate.value(Quantity.ELECTRICAL_ENERGY, 12.5, "meter") == 12.5


def test_temperature_bounds() -> None:
    gate = PlausibilityGate(load_profile(HEISHAMON))
    assert gate.admits_point("main_outlet_temp", 150.0)
    assert gate.admits_point("outside_temp", -60.0)
    assert not gate.admits_point("main_outlet_temp", 150.1)
    assert not gate.admits_point("outside_temp", -60.1)


def test_unit_bounds_apply_to_points_without_quantity() -> None:
    profile = load_profile(HEISHAMON)
    current = point_range(profile.point("compressor_current"))
    assert current is not None
    assert (current.low, current.high) == (0.0, 1000.0)


def test_profile_bounds_are_validated() -> None:
    assert broken(mqtt_profile, pt("outdoor", "bounds", {"min": 5, "max": 1})) == [
        "t.yaml: point 'outdoor', field 'bounds.max': must be greater than min (5), "
        "got 1"
    ]
    assert broken(mqtt_profile, pt("outdoor", "bounds", {"low": 0})) == [
        "t.yaml: point 'outdoor', field 'bounds.low': unknown field",
        "t.yaml: point 'outdoor', field 'bounds': give 'min', 'max' or both",
    ]
    assert broken(mqtt_profile, pt("mode", "bounds", {"min": 0})) == [
        "t.yaml: point 'mode', field 'bounds': only numbers have bounds"
    ]
    data = mqtt_profile()
    data["points"][1]["bounds"] = {"min": 0}
    point = parse_profile(data, "t.yaml").point("power")
    assert point.bounds is not None
    assert point.bounds.min == 0


def test_heishamon_operating_mode_writes_only_what_set9_accepts() -> None:
    """SET9 SetOperationMode takes 0..6; 7 and 8 are states only."""
    point = load_profile(HEISHAMON).point("operating_mode_state")
    assert isinstance(point, MqttPoint)
    assert point.value_map["7"] == "Auto(Cool)"
    assert encode_command(point, "Auto(Heat)+DHW") == ("commands/SetOperationMode", "6")
    for state in ("Auto(Cool)", "Auto(Cool)+DHW"):
        with pytest.raises(CommandError):
            encode_command(point, state)
    assert set(point.command_map) == {str(n) for n in range(7)}


def test_writable_values_are_validated() -> None:
    writable = {"values": ["0", "9"]}
    assert broken(
        mqtt_profile,
        pt("mode", "writable", writable),
        pt("mode", "command_topic", "set/mode"),
    ) == [
        "t.yaml: point 'mode', field 'writable.values': '9' is not a key of "
        "'values' (0, 1)"
    ]
    assert broken(
        mqtt_profile,
        pt("dhw_target", "writable", {"min": 40, "max": 60, "values": ["1"]}),
    ) == [
        "t.yaml: point 'dhw_target', field 'writable.values': only points with a "
        "'values' map take a list of values"
    ]
