"""The shipped unit profiles load through the validator and decode real data.

Each vector is raw registers or an MQTT payload and the value the profile must
give for it.  The raw data follow the documents cited in each profile (and in
docs/profiles.md): examples printed there where the document has one, else
the encoding it states (scale, type, word order, value list).  Every Modbus
profile has a negative temperature (a negative power for the meters, which
measure no temperature) and a 32-bit counter among its vectors.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Sequence
from pathlib import Path

import pytest

from custom_components.heatpump.core.modbus.codec import decode, encode
from custom_components.heatpump.core.modbus.errors import ModbusValueError
from custom_components.heatpump.core.mqtt.payload import (
    CommandError,
    decode_payload,
    encode_command,
)
from custom_components.heatpump.core.profile.loader import (
    load_profile,
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusPoint,
    MqttPoint,
    Profile,
    Table,
    Transport,
    WordOrder,
)
from custom_components.heatpump.core.quantities import Kind, Quantity, Value
from custom_components.heatpump.core.readings import to_quantity_value

UNITS = shipped_profiles_dir() / "units"
UNIT_FILES = sorted(UNITS.glob("*.yaml"))


def _profile(file_name: str) -> Profile:
    return load_profile(UNITS / file_name)


def _modbus(profile: Profile, key: str) -> ModbusPoint:
    point = profile.point(key)
    assert isinstance(point, ModbusPoint)
    return point


def _mqtt(profile: Profile, key: str) -> MqttPoint:
    point = profile.point(key)
    assert isinstance(point, MqttPoint)
    return point


def _read(profile: Profile, key: str, words: Sequence[int]) -> Value | None:
    """Decode registers and express the value in the quantity's unit."""
    point = _modbus(profile, key)
    value = decode(point, words)
    return None if value is None else to_quantity_value(point, value)


def _float_words(value: float, order: WordOrder) -> list[int]:
    """A float32 as two registers in the given word order."""
    packed = struct.pack(">f", value)
    high = int.from_bytes(packed[:2], "big")
    low = int.from_bytes(packed[2:], "big")
    return [high, low] if order is WordOrder.BIG else [low, high]


def _close(actual: Value | None, expected: float) -> bool:
    return isinstance(actual, float | int) and math.isclose(
        actual, expected, rel_tol=1e-6, abs_tol=1e-9
    )


# --------------------------------------------------------------------------
# Every file
# --------------------------------------------------------------------------


def test_unit_profiles_are_present() -> None:
    """The researched units ship (Midea M-Thermal has no public map)."""
    ids = {load_profile(file).id for file in UNIT_FILES}
    assert ids == {
        "heishamon_panasonic_aquarea",
        "espaltherma_erga_e",
        "lambda_eu_l",
        "lambda_eu_l_word_swapped",
        "idm_navigator_2",
        "nibe_s1155_s1255",
        "eastron_sdm120",
        "eastron_sdm630",
        "tasmota_energy",
    }


@pytest.mark.parametrize("file", UNIT_FILES, ids=lambda file: file.stem)
def test_unit_profile_loads_and_cites_its_source(file: Path) -> None:
    """Validator accepts the file; source names document, version and url."""
    profile = load_profile(file)
    assert profile.source.document
    assert profile.source.version
    assert profile.source.url
    assert profile.points
    for point in profile.points:
        if point.writable is not None and not point.value_map:
            assert point.writable.min is not None
            assert point.writable.max is not None


def test_unit_profiles_load_together() -> None:
    """No id clash and no broken file in the shipped units directory."""
    profiles, issues = load_profiles(UNITS)
    assert issues == []
    assert len(profiles) == len(UNIT_FILES)


def test_meters_are_meters() -> None:
    """Electricity meters declare kind meter."""
    for name in ("eastron_sdm120.yaml", "eastron_sdm630.yaml", "tasmota_energy.yaml"):
        assert _profile(name).kind is Kind.METER


# --------------------------------------------------------------------------
# HeishaMon (MQTT-Topics.md)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def heishamon() -> Profile:
    """The HeishaMon profile."""
    return _profile("heishamon_panasonic_aquarea.yaml")


def test_heishamon_topics(heishamon: Profile) -> None:
    """Base topic, LWT and a few topics as MQTT-Topics.md lists them."""
    assert heishamon.transport is Transport.MQTT
    assert heishamon.mqtt is not None
    assert heishamon.mqtt.base_topic == "panasonic_heat_pump"
    assert heishamon.mqtt.availability_topic == "LWT"
    assert (heishamon.mqtt.payload_online, heishamon.mqtt.payload_offline) == (
        "Online",
        "Offline",
    )
    assert _mqtt(heishamon, "outside_temp").topic == "main/Outside_Temp"
    assert _mqtt(heishamon, "pump_flow").topic == "main/Pump_Flow"
    assert _mqtt(heishamon, "heatpump_state").command_topic == "commands/SetHeatpump"


@pytest.mark.parametrize(
    ("key", "payload", "expected"),
    [
        ("outside_temp", "-3", -3.0),  # negative temperature
        ("main_outlet_temp", "35", 35.0),
        ("main_inlet_temp", "30", 30.0),
        ("pump_flow", "15.25", 15.25),  # l/min, two decimals (decode.cpp)
        ("compressor_freq", "88", 88.0),  # ProtocolByteDecrypt: 0x59 - 1 = 88 Hz
        ("operations_hours", "2852", 2852.0),  # ProtocolByteDecrypt example
        ("operations_counter", "2237", 2237.0),  # ProtocolByteDecrypt example
        ("heat_power_consumption", "1400", 1400.0),  # W
        ("dhw_power_production", "4200", 4200.0),  # W
        ("water_pressure", "1.8", 1.8),  # bar
        ("defrosting_state", "1", True),
        ("defrosting_state", "0", False),
        ("defrosting_state", "-1", None),  # "-1 - unknown"
        ("three_way_valve_state", "0", "space"),  # 0=Room
        ("three_way_valve_state", "1", "dhw"),  # 1=DHW
        ("heatpump_state", "1", True),
        ("operating_mode_state", "0", "Heat only"),
        ("operating_mode_state", "4", "Heat+DHW"),
        ("operating_mode_state", "8", "Auto(Cool)+DHW"),
        ("operating_mode_state", "-1", None),
        ("error", "No error", ""),
        ("error", "F45", "F45"),  # ProtocolByteDecrypt error example
    ],
)
def test_heishamon_payloads(
    heishamon: Profile, key: str, payload: str, expected: Value | None
) -> None:
    """Plain payloads decode into quantity values."""
    assert decode_payload(_mqtt(heishamon, key), payload) == expected


def test_heishamon_commands(heishamon: Profile) -> None:
    """Commands and their documented ranges (SET1, SET9, SET11)."""
    assert encode_command(_mqtt(heishamon, "dhw_target_temp"), 50.0) == (
        "commands/SetDHWTemp",
        "50",
    )
    for outside in (39.0, 76.0, 50.5):
        with pytest.raises(CommandError):
            encode_command(_mqtt(heishamon, "dhw_target_temp"), outside)
    assert encode_command(_mqtt(heishamon, "heatpump_state"), False) == (
        "commands/SetHeatpump",
        "0",
    )
    assert encode_command(_mqtt(heishamon, "operating_mode_state"), "DHW only") == (
        "commands/SetOperationMode",
        "3",
    )
    assert heishamon.writes == frozenset(
        {
            Quantity.DHW_TARGET_TEMPERATURE,
            Quantity.QUIET_MODE,
            Quantity.POWERFUL_MODE,
            Quantity.FORCE_DHW,
            Quantity.ZONE2_HEATING_CURVE_OFFSET,
        }
    )


def test_heishamon_owner_commands(heishamon: Profile) -> None:
    """SET3 quiet 0-3, SET4 powerful 0-3 x 30 min, SET10 force DHW, SET7 shift."""
    quiet = _mqtt(heishamon, "quiet_mode_level")
    assert encode_command(quiet, 3.0) == ("commands/SetQuietMode", "3")
    powerful = _mqtt(heishamon, "powerful_mode_time")
    assert encode_command(powerful, 60.0) == ("commands/SetPowerfulMode", "2")
    force = _mqtt(heishamon, "force_dhw_state")
    assert encode_command(force, True) == ("commands/SetForceDHW", "1")
    shift = _mqtt(heishamon, "z2_heat_request_temp")
    assert encode_command(shift, -5.0) == ("commands/SetZ2HeatRequestTemperature", "-5")
    for point, outside in (
        (quiet, 4.0),
        (powerful, 120.0),
        (powerful, 45.0),
        (shift, 6.0),
    ):
        with pytest.raises(CommandError):
            encode_command(point, outside)


# --------------------------------------------------------------------------
# ESPAltherma (labels of the ERGA E 04-08 kW definition file)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def espaltherma() -> Profile:
    """The ESPAltherma profile."""
    return _profile("espaltherma_erga_e.yaml")


# One espaltherma/ATTR message as src/main.cpp builds it: numbers unquoted,
# text (ON/OFF, mode names) quoted.
ATTR = json.dumps(
    {
        "Operation Mode": "Heating",
        "Defrost Operation": "ON",
        "R1T-Outdoor air temp.": -4.5,
        "INV primary current (A)": 3.2,
        "INV frequency (rps)": 52,
        "4 Way Valve": "ON",
        "I/U operation mode": "Heating + DHW",
        "Leaving water temp. before BUH (R1T)": 35.2,
        "Leaving water temp. after BUH (R2T)": 35.4,
        "Inlet water temp.(R4T)": 30.1,
        "DHW tank temp. (R5T)": 47.5,
        "DHW setpoint": 48,
        "LW setpoint (main)": 36,
        "3way valve(On:DHW_Off:Space)": "OFF",
        "BUH Step1": "OFF",
        "BUH Step2": "OFF",
        "Water pump operation": "ON",
        "Flow sensor (l/min)": 14.3,
    }
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("outdoor_air_temp", -4.5),  # negative temperature
        ("leaving_water_before_buh", 35.2),
        ("leaving_water_after_buh", 35.4),
        ("inlet_water", 30.1),
        ("dhw_tank_temp", 47.5),
        ("dhw_setpoint", 48.0),
        ("lw_setpoint_main", 36.0),
        ("flow_sensor", 14.3),
        ("inv_frequency", 52.0),  # rps = Hz for the quantity
        ("inv_primary_current", 3.2),
        ("defrost_operation", True),
        ("four_way_valve", True),
        ("three_way_valve", "space"),
        ("buh_step1", False),
        ("water_pump", True),
        ("operation_mode", "Heating"),
        ("iu_operation_mode", "Heating + DHW"),
    ],
)
def test_espaltherma_attr(espaltherma: Profile, key: str, expected: Value) -> None:
    """Each label of one ATTR message decodes for its point."""
    point = _mqtt(espaltherma, key)
    assert point.topic == "ATTR"
    actual = decode_payload(point, ATTR)
    if isinstance(expected, float):
        assert _close(actual, expected)
    else:
        assert actual == expected


def test_espaltherma_topics_and_relays(espaltherma: Profile) -> None:
    """Base topic, LWT and the relay commands of mqtt.h."""
    assert espaltherma.mqtt is not None
    assert espaltherma.mqtt.base_topic == "espaltherma"
    assert espaltherma.mqtt.availability_topic == "LWT"
    assert (
        decode_payload(
            _mqtt(espaltherma, "three_way_valve"),
            json.dumps({"3way valve(On:DHW_Off:Space)": "ON"}),
        )
        == "dhw"
    )
    assert decode_payload(_mqtt(espaltherma, "thermostat_relay"), "ON") is True
    assert encode_command(_mqtt(espaltherma, "thermostat_relay"), False) == (
        "POWER",
        "OFF",
    )
    assert encode_command(_mqtt(espaltherma, "smart_grid"), "Recommended On") == (
        "sg/set",
        "2",
    )


# --------------------------------------------------------------------------
# Lambda (heat pump 1 at 1000, boiler 1 at 2000, heating circuit 1 at 5000)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lambda_hp() -> Profile:
    """The Lambda profile for firmware before 1.1.3."""
    return _profile("lambda_eu_l.yaml")


@pytest.fixture(scope="module")
def lambda_swapped() -> Profile:
    """The Lambda profile for firmware 1.1.3 and later."""
    return _profile("lambda_eu_l_word_swapped.yaml")


@pytest.mark.parametrize(
    ("key", "words", "expected"),
    [
        ("ambient_temperature", [0xFFC9], -5.5),  # -55 x 0.1, negative
        ("hp_flow_temperature", [3512], 35.12),  # x 0.01
        ("hp_return_temperature", [3005], 30.05),
        ("hp_compressor_rating", [4550], 45.5),  # % x 0.01
        ("hp_heating_capacity", [52], 5200.0),  # 5.2 kW -> W
        ("hp_inverter_power", [1350], 1350.0),  # W
        ("hp_cop", [412], 4.12),
        ("hp_electrical_energy", [0x0012, 0xD687], 1234.567),  # 1234567 Wh -> kWh
        ("hp_thermal_energy", [0x0000, 0x0000], 0.0),
        ("boiler_high_temperature", [475], 47.5),  # x 0.1
        ("boiler_maximum_temperature", [500], 50.0),
        ("hc1_flow_offset", [0xFFEC], -2.0),  # -20 x 0.1 K
        ("hp_operating_state", [1], "heating"),
        ("hp_operating_state", [2], "dhw"),
        ("hp_operating_state", [5], "defrost"),
        ("hp_operating_state", [6], "off"),
        ("hp_operating_state", [15], None),  # TIME-BLOCK: no clear mode
        ("hp_error_state", [3], "ALARM"),
        ("hp_state", [10], "DEFROSTING"),
    ],
)
def test_lambda_registers(
    lambda_hp: Profile, key: str, words: list[int], expected: Value | None
) -> None:
    """Registers decode with the documented types and scales."""
    actual = _read(lambda_hp, key, words)
    if isinstance(expected, float):
        assert _close(actual, expected)
    else:
        assert actual == expected


def test_lambda_addresses(lambda_hp: Profile) -> None:
    """Heat pump 1 sits at 1000 (Index 1, Subindex 0), all holding registers."""
    assert _modbus(lambda_hp, "hp_error_state").address == 1000
    assert _modbus(lambda_hp, "hp_flow_temperature").address == 1004
    assert _modbus(lambda_hp, "hp_cop").address == 1013
    energy = _modbus(lambda_hp, "hp_electrical_energy")
    assert (energy.address, energy.data_type, energy.no_merge) == (
        1020,
        DataType.INT32,
        True,
    )
    assert _modbus(lambda_hp, "hp_thermal_energy").address == 1022
    assert all(p.table is Table.HOLDING for p in lambda_hp.modbus_points)


def test_lambda_word_order_variants(
    lambda_hp: Profile, lambda_swapped: Profile
) -> None:
    """Same counter, high word first before 1.1.3, low word first from 1.1.3."""
    assert _close(_read(lambda_hp, "hp_electrical_energy", [0x0012, 0xD687]), 1234.567)
    assert _close(
        _read(lambda_swapped, "hp_electrical_energy", [0xD687, 0x0012]), 1234.567
    )
    assert _close(
        _read(lambda_swapped, "hp_thermal_energy", [0xD687, 0x0012]), 1234.567
    )
    assert [p.key for p in lambda_hp.points] == [p.key for p in lambda_swapped.points]


def test_lambda_dhw_target_write(lambda_hp: Profile) -> None:
    """Boiler maximum temperature: 25..65 °C, 0.1 °C per step on the wire."""
    point = _modbus(lambda_hp, "boiler_maximum_temperature")
    assert encode(point, 50.0) == [500]
    assert encode(point, 25.0) == [250]
    for outside in (24.9, 65.1):
        with pytest.raises(ModbusValueError):
            encode(point, outside)
    assert lambda_hp.writes == frozenset({Quantity.DHW_TARGET_TEMPERATURE})


# --------------------------------------------------------------------------
# iDM Navigator 2.0 (FLOAT32, low word first, input registers)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def idm() -> Profile:
    """The iDM profile."""
    return _profile("idm_navigator_2.yaml")


def test_idm_floats(idm: Profile) -> None:
    """FLOAT values come low word first."""
    little = WordOrder.LITTLE
    assert _read(idm, "outdoor_temperature", _float_words(-7.5, little)) == -7.5
    assert _read(idm, "outdoor_temperature", [0x0000, 0xC0F0]) == -7.5
    assert _read(idm, "flow_temperature", _float_words(35.5, little)) == 35.5
    # 32-bit counter: heat quantity in kWh as float32
    assert _read(idm, "heat_energy_total", [0xE600, 0x4640]) == 12345.5
    # kW -> W
    assert _close(_read(idm, "electrical_power", _float_words(1.25, little)), 1250.0)
    assert _close(_read(idm, "thermal_power", _float_words(4.5, little)), 4500.0)
    for point in idm.modbus_points:
        assert point.table is Table.INPUT
        if point.data_type is DataType.FLOAT32:
            assert point.word_order is WordOrder.LITTLE


@pytest.mark.parametrize(
    ("key", "words", "expected"),
    [
        ("heat_pump_operating_mode", [0], "off"),
        ("heat_pump_operating_mode", [1], "heating"),
        ("heat_pump_operating_mode", [2], "cooling"),
        ("heat_pump_operating_mode", [4], "dhw"),
        ("heat_pump_operating_mode", [8], "defrost"),
        ("heat_pump_operating_mode", [9], None),  # heating + defrosting flags
        ("heat_pump_operating_mode", [0xFFFF], None),
        ("valve_heating_water", [1], "dhw"),
        ("valve_heating_water", [0], "space"),
        ("compressor_1", [1], True),
        ("dhw_target_temperature", [48], 48.0),
        ("failure_id", [0xFFFF], None),
    ],
)
def test_idm_states(
    idm: Profile, key: str, words: list[int], expected: Value | None
) -> None:
    """Enum and flag registers."""
    assert _read(idm, key, words) == expected


# --------------------------------------------------------------------------
# NIBE S1155 / S1255 (nibe/data/s1155_s1255.json)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nibe() -> Profile:
    """The NIBE S1155 profile."""
    return _profile("nibe_s1155.yaml")


def test_nibe_address_conversion(nibe: Profile) -> None:
    """Register number // 10000 gives the table, % 10000 - 1 the address."""
    expected = {
        "outdoor_temperature_bt1": (Table.INPUT, 30002),
        "supply_line_bt2": (Table.INPUT, 30006),
        "return_line_bt3": (Table.INPUT, 30008),
        "priority": (Table.INPUT, 31029),
        "compressor_starts": (Table.INPUT, 31535),
        "current_power_consumption": (Table.INPUT, 32306),
        "degree_minutes": (Table.HOLDING, 40012),
        "heating_offset_s1": (Table.HOLDING, 40031),
    }
    for key, (table, register) in expected.items():
        point = _modbus(nibe, key)
        assert point.table is table
        assert table is (Table.INPUT if register // 10000 == 3 else Table.HOLDING)
        assert point.address == register % 10000 - 1


@pytest.mark.parametrize(
    ("key", "words", "expected"),
    [
        ("outdoor_temperature_bt1", [0xFFCB], -5.3),  # -53 / 10, negative
        ("outdoor_temperature_bt1", [0x8000], None),  # s16 limit: no value
        ("supply_line_bt2", [352], 35.2),
        ("brine_in_bt10", [0xFFF6], -1.0),
        ("flow_sensor_bf1", [235], 23.5),
        ("compressor_frequency", [455], 45.5),  # factor 10
        ("compressor_starts", [0x1170, 0x0001], 70000.0),  # u32, low word first
        ("compressor_starts", [0xFFFF, 0xFFFF], None),
        ("compressor_hours", [0x2710, 0x0000], 10000.0),
        ("heating_energy_compressor", [0x86A0, 0x0001], 10000.0),  # 100000 / 10 kWh
        ("current_power_consumption", [150, 0], 1500.0),  # 1.50 kW -> W
        ("priority", [30], "heating"),
        ("priority", [20], "dhw"),
        ("priority", [10], "off"),
        ("compressor_status", [1], True),
        ("reversing_valve_hot_water_qn10", [1], "dhw"),
        ("heating_offset_s1", [0xFFFD], -3.0),
        ("degree_minutes", [205, 0], 20.5),  # nibe #314: the pump's read of 20.5
        ("degree_minutes", [0xFC18, 0xFFFF], -100.0),  # raw -1000
    ],
)
def test_nibe_registers(
    nibe: Profile, key: str, words: list[int], expected: Value | None
) -> None:
    """Registers decode with the json's size and factor."""
    actual = _read(nibe, key, words)
    if isinstance(expected, float):
        assert _close(actual, expected)
    else:
        assert actual == expected


def test_nibe_32bit_writes_are_high_word_first(nibe: Profile) -> None:
    """nibe #314: a 20.5 write must be [0, 205]; reads come as [205, 0]."""
    point = _modbus(nibe, "degree_minutes")
    assert point.word_order is WordOrder.LITTLE
    assert point.write_word_order is WordOrder.BIG
    assert encode(point, 20.5) == [0, 205]
    assert encode(point, -100.0) == [0xFFFF, 0xFC18]
    assert decode(point, [205, 0]) == 20.5
    with pytest.raises(ModbusValueError):
        encode(point, -3000.1)
    offset = _modbus(nibe, "heating_offset_s1")
    assert encode(offset, -3) == [0xFFFD]
    with pytest.raises(ModbusValueError):
        encode(offset, 11)
    hot_water = _modbus(nibe, "hw_stop_temperature_normal")
    assert encode(hot_water, 51.0) == [510]
    with pytest.raises(ModbusValueError):
        encode(hot_water, 65.5)


# --------------------------------------------------------------------------
# Eastron SDM120 / SDM630 (float32 input registers, high word first)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_name", "key", "words", "expected"),
    [
        ("eastron_sdm120.yaml", "voltage", [0x4365, 0xCCCD], 229.8),
        ("eastron_sdm120.yaml", "active_power", [0xC4BB, 0x8000], -1500.0),  # export
        ("eastron_sdm120.yaml", "power_factor", [0x3F7A, 0xE148], 0.98),
        ("eastron_sdm120.yaml", "frequency", [0x4248, 0x147B], 50.02),
        ("eastron_sdm120.yaml", "import_active_energy", [0x4640, 0xE6AE], 12345.67),
        ("eastron_sdm630.yaml", "average_voltage", [0x4365, 0xCCCD], 229.8),
        ("eastron_sdm630.yaml", "total_power", [0xC4BB, 0x8000], -1500.0),
        ("eastron_sdm630.yaml", "phase_2_current", [0x3FA0, 0x0000], 1.25),
        ("eastron_sdm630.yaml", "total_power_factor", [0x3F7A, 0xE148], 0.98),
        ("eastron_sdm630.yaml", "import_active_energy", [0x4640, 0xE6AE], 12345.67),
    ],
)
def test_eastron_registers(
    file_name: str, key: str, words: list[int], expected: float
) -> None:
    """IEEE 754 float32, high word first; energy counters in kWh."""
    actual = _read(_profile(file_name), key, words)
    assert isinstance(actual, float)
    assert math.isclose(actual, expected, rel_tol=1e-6)


@pytest.mark.parametrize("file_name", ["eastron_sdm120.yaml", "eastron_sdm630.yaml"])
def test_eastron_map(file_name: str) -> None:
    """Input registers, float32 big; the documented start addresses."""
    profile = _profile(file_name)
    for point in profile.modbus_points:
        if point.quantity is Quantity.SERIAL_NUMBER:
            continue
        assert point.table is Table.INPUT
        assert point.data_type is DataType.FLOAT32
        assert point.word_order is WordOrder.BIG
        assert point.address % 2 == 0
    assert _modbus(profile, "import_active_energy").address == 0x48
    assert _modbus(profile, "export_active_energy").address == 0x4A
    assert _modbus(profile, "total_active_energy").address == 0x156
    assert profile.point_for(Quantity.ELECTRICAL_ENERGY) is profile.point(
        "import_active_energy"
    )


def test_sdm120_serial_number() -> None:
    """Holding 464513 (0xFC00), unsigned int32, read only; no entity of its own."""
    point = _modbus(_profile("eastron_sdm120.yaml"), "serial_number")
    assert point.quantity is Quantity.SERIAL_NUMBER
    assert (point.table, point.address) == (Table.HOLDING, 0xFC00)
    assert point.data_type is DataType.UINT32
    assert not point.is_writable
    assert not point.entity
    # A text quantity: the number as the unit shows it, not 1234567.0.
    assert (
        _read(_profile("eastron_sdm120.yaml"), "serial_number", [0x0012, 0xD687])
        == "1234567"
    )


def test_sdm630_total_power_address() -> None:
    """Total system power 0x34, total power factor 0x3E, average L-N 0x2A."""
    profile = _profile("eastron_sdm630.yaml")
    assert _modbus(profile, "total_power").address == 0x34
    assert _modbus(profile, "total_power_factor").address == 0x3E
    assert _modbus(profile, "average_voltage").address == 0x2A


# --------------------------------------------------------------------------
# Tasmota energy monitor (tele/<topic>/SENSOR)
# --------------------------------------------------------------------------

# The telemetry example of Tasmota docs/devices/Sonoff-Pow-R2.md.
POW_SENSOR = (
    '{"Time":"2018-02-15T17:37:10","ENERGY":{"TotalStartTime":"2018-11-14T18:39:40",'
    '"Total":6.294,"Yesterday":5.340,"Today":0.954,"Period":217,"Power":2635,'
    '"ApparentPower":2650,"ReactivePower":282,"Factor":0.99,"Voltage":227,'
    '"Current":11.661}}'
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("energy_total", 6.294),
        ("power", 2635.0),
        ("voltage", 227.0),
        ("current", 11.661),
        ("power_factor", 0.99),
        ("energy_today", 0.954),
    ],
)
def test_tasmota_sensor(key: str, expected: float) -> None:
    """The documented SENSOR message decodes point by point."""
    profile = _profile("tasmota_energy.yaml")
    point = _mqtt(profile, key)
    assert point.topic == "SENSOR"
    assert _close(decode_payload(point, POW_SENSOR), expected)


def test_tasmota_availability() -> None:
    """tele/<topic>/LWT carries Online/Offline."""
    profile = _profile("tasmota_energy.yaml")
    assert profile.mqtt is not None
    assert profile.mqtt.availability_topic == "LWT"
    assert profile.mqtt.payload_online == "Online"
    assert profile.mqtt.payload_offline == "Offline"
    assert profile.mqtt.base_topic.startswith("tele/")
