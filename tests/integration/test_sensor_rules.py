"""Every sensor description obeys Home Assistant's own device-class rules.

The rules are HA's tables (``DEVICE_CLASS_STATE_CLASSES``,
``DEVICE_CLASS_UNITS``), imported from the installed Home Assistant, so the
test follows each HA line instead of a copy of it.  Covered: every computed
sensor, every sensor point of every shipped profile, and a point of every
quantity in its canonical unit.
"""

from __future__ import annotations

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.components.sensor.const import (
    DEVICE_CLASS_STATE_CLASSES,
    DEVICE_CLASS_UNITS,
)

from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.quantities import QUANTITIES, ValueType
from custom_components.heatpump.point_entities import (
    is_sensor_point,
    point_sensor_description,
    quantity_translation_key,
)
from custom_components.heatpump.sensor import SENSORS
from tests.core.modbus_points import point

PROFILES, _ = load_profiles(shipped_profiles_dir())


def _descriptions() -> dict[str, SensorEntityDescription]:
    found: dict[str, SensorEntityDescription] = {
        f"computed:{d.key}": d for d in SENSORS
    }
    for profile in PROFILES.values():
        for profile_point in profile.points:
            if is_sensor_point(profile_point):
                found[f"{profile.id}:{profile_point.key}"] = point_sensor_description(
                    profile_point, quantity_translation_key(profile_point, profile)
                )
    for quantity, info in QUANTITIES.items():
        quantity_point = point(quantity.value, 0, quantity=quantity, unit=info.unit)
        if is_sensor_point(quantity_point):
            found[f"quantity:{quantity.value}"] = point_sensor_description(
                quantity_point, None
            )
    return found


DESCRIPTIONS = _descriptions()
NUMERIC = {
    name: d
    for name, d in DESCRIPTIONS.items()
    if d.device_class is not SensorDeviceClass.ENUM
    and d.options is None
    and (d.state_class is not None or d.native_unit_of_measurement is not None)
}


def test_every_kind_of_sensor_is_covered() -> None:
    """The computed sensors, the shipped profiles' points and every quantity."""
    assert len(SENSORS) >= 30
    assert sum(name.startswith("quantity:") for name in DESCRIPTIONS) == sum(
        info.value_type is not ValueType.BOOL for info in QUANTITIES.values()
    )
    assert (
        sum(not name.startswith(("computed:", "quantity:")) for name in DESCRIPTIONS)
        > 200
    )


def test_state_classes_are_ones_ha_allows() -> None:
    """E.g. an energy sensor is total or total_increasing, never measurement."""
    wrong = []
    for name, description in DESCRIPTIONS.items():
        device_class = description.device_class
        if device_class is None or description.state_class is None:
            continue
        allowed = DEVICE_CLASS_STATE_CLASSES.get(SensorDeviceClass(device_class), set())
        if description.state_class not in allowed:
            wrong.append(f"{name}: {device_class} + {description.state_class}")
    assert wrong == []


def test_units_are_ones_ha_allows() -> None:
    """A device class takes only the units HA lists for it."""
    wrong = []
    for name, description in DESCRIPTIONS.items():
        device_class = description.device_class
        if device_class is None:
            continue
        units = DEVICE_CLASS_UNITS.get(SensorDeviceClass(device_class))
        if units is not None and description.native_unit_of_measurement not in units:
            unit = description.native_unit_of_measurement
            wrong.append(f"{name}: {device_class} in {unit!r}")
    assert wrong == []


def test_numbers_have_a_display_precision() -> None:
    """39.318 °C from MQTT reads as the unit reports it, not 39.3180000001."""
    assert [
        n for n, d in NUMERIC.items() if d.suggested_display_precision is None
    ] == []


def test_enums_carry_no_number_attributes() -> None:
    """HA refuses a state class or unit on an enum sensor."""
    for name, description in DESCRIPTIONS.items():
        if description.device_class is SensorDeviceClass.ENUM:
            assert description.options, name
            assert description.state_class is None, name
            assert description.native_unit_of_measurement is None, name


def test_units_ha_knows_get_their_device_class() -> None:
    """A flow in L/min is a volume flow rate, a power in W a power: HA converts
    and graphs them as such."""
    for name, description in DESCRIPTIONS.items():
        unit = description.native_unit_of_measurement
        if name.startswith("quantity:") and unit in ("L/min", "m³/h", "W", "°C", "bar"):
            assert description.device_class is not None, name


def test_energy_snapshots_are_never_measurements() -> None:
    """Per-day and per-cycle energies: no statistics that HA would misread."""
    by_key = {d.key: d for d in SENSORS}
    for key in ("standing_loss", "energy_per_cycle"):
        assert by_key[key].state_class in (None, SensorStateClass.TOTAL), key


def test_precision_is_the_resolution_the_unit_reports() -> None:
    """A register's scale tells its decimals; MQTT text and float32 registers
    do not, so they show what a unit's display shows (39.318 °C as 39.3)."""
    by_name = {
        f"{profile.id}:{p.key}": p
        for profile in PROFILES.values()
        for p in profile.points
    }
    heishamon = "heishamon_panasonic_aquarea"
    assert (
        DESCRIPTIONS[f"{heishamon}:main_outlet_temp"].suggested_display_precision == 1
    )
    for name, description in NUMERIC.items():
        found = by_name.get(name)
        if found is None or found.quantity is None:
            continue
        decimals = description.suggested_display_precision
        unit = description.native_unit_of_measurement
        if unit == "°C":
            assert decimals is not None, name
            assert decimals >= 1 or found.scale >= 1, name
        if unit == "W":
            assert decimals == 0 or found.scale < 1, name


def test_mqtt_values_of_no_quantity_and_no_unit_may_be_text() -> None:
    """ESPAltherma's "Operation Mode" is "Heating": no state class, no precision."""
    description = DESCRIPTIONS["espaltherma_erga_e:operation_mode"]
    assert description.state_class is None
    assert description.suggested_display_precision is None
    assert description.native_unit_of_measurement is None
