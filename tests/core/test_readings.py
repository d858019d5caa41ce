"""Point values to canonical quantities (and back for writes)."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.profile.model import (
    ModbusPoint,
    MqttPoint,
    Point,
    Profile,
    Source,
    Transport,
)
from custom_components.heatpump.core.quantities import Kind, Quantity
from custom_components.heatpump.core.readings import (
    from_quantity_value,
    to_quantities,
    to_quantity_value,
)
from custom_components.heatpump.core.units import UnitError

from .modbus_points import point


def profile(*points: ModbusPoint | MqttPoint) -> Profile:
    """A Modbus profile with ``points``."""
    return Profile(
        id="t",
        name="T",
        kind=Kind.AIR_TO_WATER,
        transport=Transport.MODBUS,
        source=Source(document="test"),
        points=points,
    )


POWER_KW = point("power", 0, quantity=Quantity.ELECTRICAL_POWER, unit="kW")
FLOW_F = point("flow", 1, quantity=Quantity.FLOW_TEMPERATURE, unit="°F")
OFFSET_F = point("offset", 2, quantity=Quantity.HEATING_CURVE_OFFSET, unit="°F")
ENERGY_WH = point("energy", 3, quantity=Quantity.ELECTRICAL_ENERGY, unit="Wh")
STARTS = point("starts", 4, quantity=Quantity.COMPRESSOR_STARTS)
NO_QUANTITY = point("raw", 5, unit="kW")


@pytest.mark.parametrize(
    ("pt", "native", "canonical"),
    [
        (POWER_KW, 1.5, 1500.0),
        (FLOW_F, 212.0, 100.0),
        (FLOW_F, 32.0, 0.0),
        (OFFSET_F, 9.0, 5.0),  # a difference: no -32
        (ENERGY_WH, 2500.0, 2.5),
    ],
)
def test_unit_conversion_both_ways(pt: Point, native: float, canonical: float) -> None:
    assert to_quantity_value(pt, native) == pytest.approx(canonical)
    assert from_quantity_value(pt, canonical) == pytest.approx(native)


@pytest.mark.parametrize(
    "pt",
    [
        NO_QUANTITY,  # no quantity: left as the point gives it
        STARTS,  # the quantity has no unit
        point("w", 6, quantity=Quantity.ELECTRICAL_POWER, unit="W"),  # same unit
        point("n", 7, quantity=Quantity.ELECTRICAL_POWER),  # no unit on the point
    ],
)
def test_no_conversion(pt: Point) -> None:
    assert to_quantity_value(pt, 7.5) == 7.5
    assert from_quantity_value(pt, 7.5) == 7.5


@pytest.mark.parametrize("value", [True, False, "heating", "E12"])
def test_flags_and_text_pass_through(value: bool | str) -> None:
    # Even on a point with a convertible unit, only numbers are converted.
    assert to_quantity_value(POWER_KW, value) is value
    assert from_quantity_value(POWER_KW, value) is value


def test_unconvertible_unit_raises() -> None:
    # The loader refuses such a profile; a hand-built point fails loudly.
    bad = point("bad", 0, quantity=Quantity.ELECTRICAL_POWER, unit="bar")
    with pytest.raises(UnitError, match="cannot convert 'bar' to 'W'"):
        to_quantity_value(bad, 1.0)
    with pytest.raises(UnitError, match="cannot convert 'W' to 'bar'"):
        from_quantity_value(bad, 1.0)


def test_to_quantities_converts_and_skips() -> None:
    prof = profile(
        POWER_KW,
        FLOW_F,
        NO_QUANTITY,
        point("mode", 8, quantity=Quantity.OPERATING_MODE),
        point("defrost", 9, quantity=Quantity.DEFROST_ACTIVE),
        STARTS,
    )
    result = to_quantities(
        prof,
        {
            "power": 2.0,
            "flow": 104.0,
            "raw": 3.0,
            "mode": "dhw",
            "defrost": False,
            "starts": None,  # no reading
            "unknown_key": 1.0,
        },
    )
    assert result == {
        Quantity.ELECTRICAL_POWER: pytest.approx(2000.0),
        Quantity.FLOW_TEMPERATURE: pytest.approx(40.0),
        Quantity.OPERATING_MODE: "dhw",
        Quantity.DEFROST_ACTIVE: False,
    }


def test_first_point_with_a_value_wins() -> None:
    precise = point("precise", 0, quantity=Quantity.FLOW_TEMPERATURE, unit="°C")
    coarse = point("coarse", 1, quantity=Quantity.FLOW_TEMPERATURE, unit="°F")
    prof = profile(precise, coarse)
    both = to_quantities(prof, {"precise": 35.2, "coarse": 95.0})
    assert both == {Quantity.FLOW_TEMPERATURE: 35.2}
    # The profile order decides, not the order of the values.
    reordered = to_quantities(prof, {"coarse": 95.0, "precise": 35.2})
    assert reordered == {Quantity.FLOW_TEMPERATURE: 35.2}
    # Without the precise value the coarse one is used, converted.
    fallback = to_quantities(prof, {"precise": None, "coarse": 95.0})
    assert fallback == {Quantity.FLOW_TEMPERATURE: pytest.approx(35.0)}
    assert to_quantities(prof, {}) == {}


def test_sum_points_are_added_in_canonical_unit() -> None:
    heating = point(
        "heat_power_heating", 0, quantity=Quantity.HEAT_POWER, unit="kW", sum=True
    )
    dhw = point("heat_power_dhw", 1, quantity=Quantity.HEAT_POWER, unit="W", sum=True)
    pool = point("heat_power_pool", 2, quantity=Quantity.HEAT_POWER, sum=True)
    prof = profile(heating, dhw, pool)
    result = to_quantities(
        prof, {"heat_power_heating": 1.5, "heat_power_dhw": 250, "heat_power_pool": 0}
    )
    assert result == {Quantity.HEAT_POWER: pytest.approx(1750.0)}
    assert isinstance(result[Quantity.HEAT_POWER], float)
    # A missing part is left out of the sum, not treated as an error.
    partial = to_quantities(prof, {"heat_power_dhw": 300.0})
    assert partial == {Quantity.HEAT_POWER: 300.0}
    # No part known: the quantity is unknown, not 0.
    assert to_quantities(prof, {"heat_power_heating": None}) == {}


def test_mqtt_points_work_the_same() -> None:
    power = MqttPoint(
        key="power",
        name="Power",
        quantity=Quantity.ELECTRICAL_POWER,
        unit="kW",
        topic="SENSOR",
    )
    prof = profile(power)
    assert to_quantities(prof, {"power": 0.25}) == {
        Quantity.ELECTRICAL_POWER: pytest.approx(250.0)
    }


@pytest.mark.parametrize(
    ("decoded", "shown"), [(0.0, "0"), (17.0, "17"), (17, "17"), (1.5, "1.5")]
)
def test_error_code_read_as_a_number_is_its_text(
    decoded: float | int, shown: str
) -> None:
    """A register error code (scaled to a float) reads 17, never 17.0."""
    code = point("err", 3, quantity=Quantity.ERROR_CODE)
    assert to_quantity_value(code, decoded) == shown
    assert to_quantities(profile(code), {"err": decoded}) == {
        Quantity.ERROR_CODE: shown
    }
