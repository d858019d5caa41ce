"""EngineConfig validation, derived power and refused engine state restores."""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any

import pytest

from custom_components.heatpump.core.analytics import (
    SCHEMA_VERSION,
    Engine,
    EngineConfig,
    Sample,
)
from custom_components.heatpump.core.analytics.config import MAX_GAP_LIMIT_S
from custom_components.heatpump.core.analytics.persistence import (
    dump_values,
    load_values,
)
from custom_components.heatpump.core.analytics.power import (
    air_side,
    electrical_from_vi,
    hydronic_factor,
)
from custom_components.heatpump.core.physics.fluids import Fluid
from custom_components.heatpump.core.physics.heat import (
    air_sensible_heat_power,
    air_total_heat_power,
    hydronic_heat_power,
)
from custom_components.heatpump.core.quantities import Mode, Quantity, Value

from .test_analytics_support import T0, feed, steady

Q = Quantity

# ---------------------------------------------------------------- EngineConfig

CONFIG_ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"flow_meter_side": "supply"}, "flow_meter_side: 'supply'"),
    ({"flow_meter_side": "Return"}, "flow_meter_side: 'Return'"),
    (
        {"reversing_valve_energized_in": "both"},
        "reversing_valve_energized_in: 'both'",
    ),
    (
        {"reversing_valve_energized_in": "O"},
        "reversing_valve_energized_in: 'O'",
    ),
    ({"heating_season_start_month": 0}, "heating_season_start_month must be 1…12"),
    ({"heating_season_start_month": 13}, "heating_season_start_month must be 1…12"),
    ({"max_gap_s": 0.0}, "max_gap_s must be in (0, 21600]"),
    ({"max_gap_s": -60.0}, "max_gap_s must be in (0, 21600]"),
    ({"max_gap_s": MAX_GAP_LIMIT_S + 1.0}, "max_gap_s must be in (0, 21600]"),
    ({"max_gap_s": math.nan}, "max_gap_s must be in (0, 21600]"),
    ({"max_power_w": 0.0}, "max_power_w must be > 0"),
    ({"max_power_w": -1.0}, "max_power_w must be > 0"),
    ({"max_power_w": math.nan}, "max_power_w must be > 0"),
    ({"assumed_power_factor": 0.0}, "assumed_power_factor must be in (0, 1]"),
    ({"assumed_power_factor": 1.01}, "assumed_power_factor must be in (0, 1]"),
    ({"assumed_power_factor": -0.9}, "assumed_power_factor must be in (0, 1]"),
    ({"assumed_power_factor": math.nan}, "assumed_power_factor must be in (0, 1]"),
    ({"tank_volume_l": 0.0}, "tank_volume_l must be > 0"),
    ({"tank_volume_l": -150.0}, "tank_volume_l must be > 0"),
    ({"short_cycle_window_s": 0.0}, "windows must be > 0 s"),
    ({"short_cycle_window_s": -1.0}, "windows must be > 0 s"),
    ({"run_time_window_s": 0.0}, "windows must be > 0 s"),
    ({"run_time_window_s": math.nan}, "windows must be > 0 s"),
    ({"fluid": "brine"}, "'brine' is not a valid Fluid"),
    ({"fluid": Fluid.WATER, "mass_fraction": 0.3}, "water takes no mass fraction"),
    ({"rating_points": ((7.0, 35.0, 0.0),)}, "rating COP must be > 0, got 0"),
]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    CONFIG_ERRORS,
    ids=[f"{next(iter(k))}={next(iter(k.values()))!r}" for k, _ in CONFIG_ERRORS],
)
def test_config_rejects(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        EngineConfig(**kwargs)


def test_config_unknown_time_zone() -> None:
    # ZoneInfo raises ZoneInfoNotFoundError, a KeyError (not a ValueError).
    with pytest.raises((KeyError, ValueError), match="Mars/Olympus_Mons"):
        EngineConfig(time_zone="Mars/Olympus_Mons")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"flow_meter_side": "flow"},
        {"reversing_valve_energized_in": "heating"},
        {"heating_season_start_month": 1},
        {"heating_season_start_month": 12},
        {"max_gap_s": MAX_GAP_LIMIT_S},
        {"max_gap_s": 0.001},
        {"assumed_power_factor": 1.0},
        {"assumed_power_factor": 0.01},
        {"tank_volume_l": None},
        {"tank_volume_l": 0.5},
        {"time_zone": "Europe/Berlin"},
        {"fluid": Fluid.PROPYLENE_GLYCOL, "mass_fraction": 0.3},
        {"rating_points": ((7.0, 35.0, 4.4), (2.0, 35.0, 3.5))},
    ],
)
def test_config_accepts_the_limits(kwargs: dict[str, Any]) -> None:
    config = EngineConfig(**kwargs)
    for name, value in kwargs.items():
        assert getattr(config, name) == value


# ---------------------------------------------------------------------- power


def test_hydronic_factor_is_rho_cp_per_l_min_k() -> None:
    factor = hydronic_factor(Fluid.WATER, 0.0, 30.0)
    # Water at 30 °C: about 995.6 kg/m³ × 4178 J/(kg·K) / 60000 ≈ 69.3 W/(l/min·K).
    assert factor == pytest.approx(69.3, rel=0.01)
    assert factor * 12.0 * 5.0 == pytest.approx(
        hydronic_heat_power(12.0, 35.0, 30.0, Fluid.WATER, 0.0, 30.0)
    )


def test_hydronic_factor_depends_on_fluid_and_meter_temp() -> None:
    water = hydronic_factor(Fluid.WATER, 0.0, 30.0)
    glycol = hydronic_factor(Fluid.PROPYLENE_GLYCOL, 0.3, 30.0)
    assert glycol < water  # glycol has a lower volumetric heat capacity
    assert hydronic_factor(Fluid.WATER, 0.0, 60.0) != water


@pytest.mark.parametrize("meter_temp", [-40.0, 150.0, math.inf])
def test_hydronic_factor_outside_the_fluid_range_is_nan(meter_temp: float) -> None:
    with pytest.raises(
        ValueError, match=r"^water \(0%\): .* °C is outside 0\.0…100 °C$"
    ):
        hydronic_heat_power(1.0, 1.0, 0.0, Fluid.WATER, 0.0, meter_temp)
    assert math.isnan(hydronic_factor(Fluid.WATER, 0.0, meter_temp))


def test_electrical_from_vi() -> None:
    vi = {Q.VOLTAGE: 230.0, Q.CURRENT: 10.0}
    assert electrical_from_vi(vi, 1.0) == pytest.approx(2300.0)
    assert electrical_from_vi(vi, 0.9) == pytest.approx(2070.0)
    # A reported power factor beats the assumed one.
    assert electrical_from_vi({**vi, Q.POWER_FACTOR: 0.8}, 0.9) == pytest.approx(1840.0)
    assert electrical_from_vi({Q.VOLTAGE: 230.0}, 1.0) is None
    assert electrical_from_vi({Q.CURRENT: 10.0}, 1.0) is None
    assert electrical_from_vi({}, 1.0) is None


def test_air_side_sensible_without_humidity() -> None:
    vals: dict[Quantity, Value] = {Q.AIRFLOW: 360.0}
    result = air_side(vals, 30.0, 20.0)
    assert result == pytest.approx(air_sensible_heat_power(360.0, 30.0, 20.0))
    # About 1.2 kJ/(m³·K) × 0.1 m³/s × 10 K.
    assert result == pytest.approx(1200.0, rel=0.03)
    # One humidity alone is not enough for the total heat.
    assert air_side({**vals, Q.SUPPLY_AIR_HUMIDITY: 40.0}, 30.0, 20.0) == result
    assert air_side({**vals, Q.RETURN_AIR_HUMIDITY: 40.0}, 30.0, 20.0) == result


def test_air_side_total_with_both_humidities() -> None:
    vals: dict[Quantity, Value] = {
        Q.AIRFLOW: 500.0,
        Q.SUPPLY_AIR_HUMIDITY: 45.0,
        Q.RETURN_AIR_HUMIDITY: 60.0,
    }
    result = air_side(vals, 12.0, 26.0)
    expected = air_total_heat_power(500.0, 12.0, 45.0, 26.0, 60.0)
    assert result == pytest.approx(expected)
    # Cooling with dehumidification: more heat removed than the sensible part.
    sensible = air_sensible_heat_power(500.0, 12.0, 26.0)
    assert result is not None
    assert result < sensible < 0.0


def test_air_side_without_airflow_is_none() -> None:
    assert air_side({Q.SUPPLY_AIR_HUMIDITY: 40.0}, 30.0, 20.0) is None


@pytest.mark.parametrize(
    ("vals", "supply", "ret"),
    [
        # Relative humidity above 100 %.
        (
            {
                Q.AIRFLOW: 300.0,
                Q.SUPPLY_AIR_HUMIDITY: 140.0,
                Q.RETURN_AIR_HUMIDITY: 50.0,
            },
            20.0,
            20.0,
        ),
        # Return air outside −100…200 °C (sensible path).
        ({Q.AIRFLOW: 300.0}, 20.0, 500.0),
    ],
)
def test_air_side_impossible_inputs_are_none(
    vals: dict[Quantity, Value], supply: float, ret: float
) -> None:
    assert air_side(vals, supply, ret) is None


# ---------------------------------------------------------------------- state


def running_engine() -> Engine:
    """An engine with some history: a heating run with power and counters."""
    engine = Engine(EngineConfig(time_zone="Europe/Berlin"))
    values: dict[Quantity, Value] = {
        Q.ELECTRICAL_POWER: 1200.0,
        Q.HEAT_POWER: 4200.0,
        Q.OPERATING_MODE: Mode.HEATING,
        Q.COMPRESSOR_RUNNING: True,
        Q.FLOW_TEMPERATURE: 35.0,
        Q.RETURN_TEMPERATURE: 30.0,
        Q.OUTDOOR_TEMPERATURE: 5.0,
    }
    feed(engine, steady(T0, 600, 30, values))
    return engine


def saved_state() -> dict[str, Any]:
    """The state of ``running_engine`` as it comes back from JSON storage."""
    data: dict[str, Any] = json.loads(json.dumps(running_engine().to_dict()))
    return data


def test_dump_values_stores_plain_strings() -> None:
    dumped = dump_values(
        {Q.OPERATING_MODE: Mode.DHW, Q.FLOW_TEMPERATURE: 41.5, Q.DEFROST_ACTIVE: True}
    )
    assert dumped == {
        "operating_mode": "dhw",
        "flow_temperature": 41.5,
        "defrost_active": True,
    }
    assert all(type(key) is str for key in dumped)
    assert type(dumped["operating_mode"]) is str  # not Mode
    assert load_values(dumped) == {
        Q.OPERATING_MODE: "dhw",
        Q.FLOW_TEMPERATURE: 41.5,
        Q.DEFROST_ACTIVE: True,
    }


def test_load_values_drops_unknown_quantities() -> None:
    loaded = load_values({"flow_temperature": 35.0, "quantity_of_the_future": 1.0})
    assert loaded == {Q.FLOW_TEMPERATURE: 35.0}


@pytest.mark.parametrize("bad", [None, [35.0], {"v": 1}])
def test_load_values_refuses_non_values(bad: object) -> None:
    with pytest.raises(TypeError) as info:
        load_values({"flow_temperature": bad})
    assert str(info.value) == f"flow_temperature: {bad!r} is not a value"


def test_restore_round_trip() -> None:
    data = saved_state()
    assert data["schema_version"] == SCHEMA_VERSION
    restored = Engine.from_dict(EngineConfig(time_zone="Europe/Berlin"), data)
    assert restored.to_dict() == data
    assert restored.metrics() == running_engine().metrics()


def test_restore_ignores_unknown_stored_quantities() -> None:
    data = saved_state()
    data["values"]["quantity_of_the_future"] = 3.0
    restored = Engine.from_dict(EngineConfig(time_zone="Europe/Berlin"), data)
    assert "quantity_of_the_future" not in restored.to_dict()["values"]
    assert restored.to_dict() == saved_state()


@pytest.mark.parametrize("version", [None, 0, SCHEMA_VERSION + 1, "2"])
def test_restore_refuses_another_schema(version: object) -> None:
    data = saved_state()
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    message = f"engine state schema {version!r}, need {SCHEMA_VERSION}"
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Engine.from_dict(EngineConfig(), data)


def test_restore_refuses_sums_with_an_element_missing() -> None:
    data = saved_state()
    del data["today"]["defrost_loss"]
    with pytest.raises(KeyError, match="defrost_loss"):
        Engine.from_dict(EngineConfig(), data)
    data = saved_state()
    del data["periods"]["lifetime"]["heating_electricity"]
    with pytest.raises(KeyError, match="heating_electricity"):
        Engine.from_dict(EngineConfig(), data)


def test_restore_refuses_a_bad_stored_value() -> None:
    data = saved_state()
    data["values"]["flow_temperature"] = [35.0]
    with pytest.raises(
        TypeError, match=r"^flow_temperature: \[35\.0\] is not a value$"
    ):
        Engine.from_dict(EngineConfig(), data)
    data = saved_state()
    data["first_ts"] = "yesterday"
    with pytest.raises(ValueError, match="yesterday"):
        Engine.from_dict(EngineConfig(), data)


def test_restore_refuses_missing_sections() -> None:
    data = saved_state()
    del data["heat_power"]
    with pytest.raises(KeyError, match="heat_power"):
        Engine.from_dict(EngineConfig(), data)
    data = saved_state()
    del data["counters"]["electricity"]
    with pytest.raises(KeyError, match="electricity"):
        Engine.from_dict(EngineConfig(), data)


def test_failed_restore_leaves_the_saved_data_alone() -> None:
    data = saved_state()
    data["today"] = {}
    before = copy.deepcopy(data)
    with pytest.raises(KeyError, match="heating_heat"):
        Engine.from_dict(EngineConfig(), data)
    assert data == before


def test_restored_engine_keeps_integrating() -> None:
    whole = running_engine()
    restored = Engine.from_dict(EngineConfig(time_zone="Europe/Berlin"), saved_state())
    more = {Q.ELECTRICAL_POWER: 1000.0, Q.HEAT_POWER: 3000.0}
    for engine in (whole, restored):
        engine.update(Sample(T0 + 630, more))
        engine.update(Sample(T0 + 660, more))
    assert restored.to_dict() == whole.to_dict()
