"""The canonical vocabulary of what a heat pump reports or what we derive from it.

Every profile point maps onto one of these quantities, and the analytics engine
only ever sees quantities, never registers or topics.  Units are fixed per
quantity: a profile converts its raw values (scale, offset) into these units.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The kinds of heat pump we cover."""

    AIR_TO_WATER = "air_to_water"
    AIR_TO_AIR = "air_to_air"
    GROUND_SOURCE = "ground_source"
    WATER_SOURCE = "water_source"
    WATER_HEATER = "water_heater"
    POOL = "pool"
    DRYER = "dryer"
    METER = "meter"
    """An electricity meter that supplies power/energy to a heat pump device."""


class Mode(StrEnum):
    """Operating mode, normalised across brands."""

    OFF = "off"
    STANDBY = "standby"
    HEATING = "heating"
    COOLING = "cooling"
    DHW = "dhw"
    DEFROST = "defrost"
    POOL = "pool"
    DRYING = "drying"
    AUTO = "auto"
    """A setting, not a state: the unit chooses heating or cooling itself."""


class ValveState(StrEnum):
    """Position of the 3-way valve on hydronic units."""

    SPACE = "space"
    DHW = "dhw"


class SgReadyState(StrEnum):
    """The four SG-Ready operating states (BWP SG-Ready label, states 1-4)."""

    BLOCKED = "blocked"
    """State 1: the grid operator blocks the unit (EVU lock)."""
    NORMAL = "normal"
    """State 2: normal operation."""
    RECOMMENDED = "recommended"
    """State 3: switch-on recommended (cheap or surplus power): raise targets."""
    FORCED = "forced"
    """State 4: switch-on command: run now and store as much heat as allowed."""


class DryerState(StrEnum):
    """Drum or cycle state of a heat pump clothes dryer."""

    IDLE = "idle"
    DRYING = "drying"
    COOLING_DOWN = "cooling_down"
    DONE = "done"


class ValueType(StrEnum):
    """How a quantity's value is represented."""

    NUMBER = "number"
    BOOL = "bool"
    ENUM = "enum"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class QuantityInfo:
    """Unit and meaning of one quantity."""

    unit: str | None
    value_type: ValueType
    meaning: str
    options: tuple[str, ...] = ()


class Quantity(StrEnum):
    """Keys of everything a unit can report."""

    # Temperatures, °C
    OUTDOOR_TEMPERATURE = "outdoor_temperature"
    FLOW_TEMPERATURE = "flow_temperature"
    RETURN_TEMPERATURE = "return_temperature"
    SOURCE_IN_TEMPERATURE = "source_in_temperature"
    SOURCE_OUT_TEMPERATURE = "source_out_temperature"
    SUPPLY_AIR_TEMPERATURE = "supply_air_temperature"
    RETURN_AIR_TEMPERATURE = "return_air_temperature"
    ROOM_TEMPERATURE = "room_temperature"
    DHW_TEMPERATURE = "dhw_temperature"
    DHW_TARGET_TEMPERATURE = "dhw_target_temperature"
    POOL_TEMPERATURE = "pool_temperature"
    TARGET_TEMPERATURE = "target_temperature"
    ROOM_TARGET_TEMPERATURE = "room_target_temperature"
    COOLING_TARGET_TEMPERATURE = "cooling_target_temperature"
    HEATING_CURVE_OFFSET = "heating_curve_offset"
    RETURN_AIR_HUMIDITY = "return_air_humidity"
    SUPPLY_AIR_HUMIDITY = "supply_air_humidity"
    OUTDOOR_HUMIDITY = "outdoor_humidity"
    # Flows
    FLOW_RATE = "flow_rate"
    AIRFLOW = "airflow"
    # Power and energy
    ELECTRICAL_POWER = "electrical_power"
    ELECTRICAL_ENERGY = "electrical_energy"
    HEAT_POWER = "heat_power"
    HEAT_ENERGY = "heat_energy"
    # Compressor
    COMPRESSOR_FREQUENCY = "compressor_frequency"
    COMPRESSOR_MODULATION = "compressor_modulation"
    COMPRESSOR_RUNNING = "compressor_running"
    COMPRESSOR_STARTS = "compressor_starts"
    COMPRESSOR_HOURS = "compressor_hours"
    # State
    OPERATING_MODE = "operating_mode"
    MODE_SETTING = "mode_setting"
    DEFROST_ACTIVE = "defrost_active"
    REVERSING_VALVE = "reversing_valve"
    THREE_WAY_VALVE = "three_way_valve"
    BACKUP_HEATER = "backup_heater"
    CIRCULATION_PUMP = "circulation_pump"
    ERROR_CODE = "error_code"
    SERIAL_NUMBER = "serial_number"
    # Electrical
    VOLTAGE = "voltage"
    CURRENT = "current"
    POWER_FACTOR = "power_factor"
    # Hydronic extras
    WATER_PRESSURE = "water_pressure"
    # Owner controls
    QUIET_MODE = "quiet_mode"
    POWERFUL_MODE = "powerful_mode"
    FORCE_DHW = "force_dhw"
    HOLIDAY_MODE = "holiday_mode"
    ZONE2_TARGET_TEMPERATURE = "zone2_target_temperature"
    ZONE2_HEATING_CURVE_OFFSET = "zone2_heating_curve_offset"
    SG_READY = "sg_ready"
    # Dryer
    WATER_REMOVED = "water_removed"
    DRYER_STATE = "dryer_state"
    # Time
    UNIT_TIME = "unit_time"


_MODES = tuple(mode.value for mode in Mode)

QUANTITIES: dict[Quantity, QuantityInfo] = {
    Quantity.OUTDOOR_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Outdoor air temperature"
    ),
    Quantity.FLOW_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Water leaving the heat pump (hydronic flow)"
    ),
    Quantity.RETURN_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Water returning to the heat pump"
    ),
    Quantity.SOURCE_IN_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Brine or source water entering the unit"
    ),
    Quantity.SOURCE_OUT_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Brine or source water leaving the unit"
    ),
    Quantity.SUPPLY_AIR_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Air blown into the room or duct"
    ),
    Quantity.RETURN_AIR_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Air drawn into the indoor unit"
    ),
    Quantity.ROOM_TEMPERATURE: QuantityInfo("°C", ValueType.NUMBER, "Room temperature"),
    Quantity.DHW_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Domestic hot water tank temperature"
    ),
    Quantity.DHW_TARGET_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Domestic hot water target"
    ),
    Quantity.POOL_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Pool water temperature"
    ),
    Quantity.TARGET_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Heating flow or main setpoint"
    ),
    Quantity.ROOM_TARGET_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Room setpoint"
    ),
    Quantity.COOLING_TARGET_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Cooling flow setpoint"
    ),
    Quantity.HEATING_CURVE_OFFSET: QuantityInfo(
        "K", ValueType.NUMBER, "Parallel shift of the heating curve"
    ),
    Quantity.RETURN_AIR_HUMIDITY: QuantityInfo(
        "%", ValueType.NUMBER, "Relative humidity of the return air"
    ),
    Quantity.SUPPLY_AIR_HUMIDITY: QuantityInfo(
        "%", ValueType.NUMBER, "Relative humidity of the supply air"
    ),
    Quantity.OUTDOOR_HUMIDITY: QuantityInfo(
        "%", ValueType.NUMBER, "Relative humidity outdoors"
    ),
    Quantity.FLOW_RATE: QuantityInfo(
        "l/min", ValueType.NUMBER, "Volume flow through the condenser loop"
    ),
    Quantity.AIRFLOW: QuantityInfo(
        "m³/h", ValueType.NUMBER, "Air volume flow through the indoor coil"
    ),
    Quantity.ELECTRICAL_POWER: QuantityInfo(
        "W", ValueType.NUMBER, "Electrical power drawn by the unit"
    ),
    Quantity.ELECTRICAL_ENERGY: QuantityInfo(
        "kWh", ValueType.NUMBER, "Cumulative electricity counter of the unit"
    ),
    Quantity.HEAT_POWER: QuantityInfo(
        "W", ValueType.NUMBER, "Thermal power delivered (negative while defrosting)"
    ),
    Quantity.HEAT_ENERGY: QuantityInfo(
        "kWh", ValueType.NUMBER, "Cumulative heat counter of the unit"
    ),
    Quantity.COMPRESSOR_FREQUENCY: QuantityInfo(
        "Hz", ValueType.NUMBER, "Compressor frequency"
    ),
    Quantity.COMPRESSOR_MODULATION: QuantityInfo(
        "%", ValueType.NUMBER, "Compressor modulation"
    ),
    Quantity.COMPRESSOR_RUNNING: QuantityInfo(
        None, ValueType.BOOL, "Compressor is running"
    ),
    Quantity.COMPRESSOR_STARTS: QuantityInfo(
        None, ValueType.NUMBER, "Compressor start counter of the unit"
    ),
    Quantity.COMPRESSOR_HOURS: QuantityInfo(
        "h", ValueType.NUMBER, "Compressor operating hours counter"
    ),
    Quantity.OPERATING_MODE: QuantityInfo(
        None, ValueType.ENUM, "What the unit is doing now", _MODES
    ),
    Quantity.MODE_SETTING: QuantityInfo(
        None, ValueType.ENUM, "The mode the unit is set to", _MODES
    ),
    Quantity.DEFROST_ACTIVE: QuantityInfo(None, ValueType.BOOL, "Defrost is running"),
    Quantity.REVERSING_VALVE: QuantityInfo(
        None, ValueType.BOOL, "4-way reversing valve energised"
    ),
    Quantity.THREE_WAY_VALVE: QuantityInfo(
        None,
        ValueType.ENUM,
        "3-way valve position",
        tuple(v.value for v in ValveState),
    ),
    Quantity.BACKUP_HEATER: QuantityInfo(
        None, ValueType.BOOL, "Electric backup heater on"
    ),
    Quantity.CIRCULATION_PUMP: QuantityInfo(
        None, ValueType.BOOL, "Circulation pump running"
    ),
    Quantity.ERROR_CODE: QuantityInfo(
        None, ValueType.TEXT, "Error code; empty or 0 means no fault"
    ),
    Quantity.SERIAL_NUMBER: QuantityInfo(
        None,
        ValueType.TEXT,
        "The unit's serial number, where its documents give one: the entry's "
        "unique id, so a reconfigure cannot reach another unit unnoticed",
    ),
    Quantity.VOLTAGE: QuantityInfo("V", ValueType.NUMBER, "Supply voltage"),
    Quantity.CURRENT: QuantityInfo("A", ValueType.NUMBER, "Supply current"),
    Quantity.POWER_FACTOR: QuantityInfo(None, ValueType.NUMBER, "Power factor, 0 to 1"),
    Quantity.WATER_PRESSURE: QuantityInfo("bar", ValueType.NUMBER, "Loop pressure"),
    Quantity.QUIET_MODE: QuantityInfo(
        None, ValueType.NUMBER, "Quiet mode level: 0 = off, higher = quieter"
    ),
    Quantity.POWERFUL_MODE: QuantityInfo(
        "min", ValueType.NUMBER, "Powerful (boost) mode run time, minutes; 0 = off"
    ),
    Quantity.FORCE_DHW: QuantityInfo(
        None, ValueType.BOOL, "Forced hot-water heat-up (one-off) requested"
    ),
    Quantity.HOLIDAY_MODE: QuantityInfo(None, ValueType.BOOL, "Holiday mode on"),
    Quantity.ZONE2_TARGET_TEMPERATURE: QuantityInfo(
        "°C", ValueType.NUMBER, "Heating setpoint of zone 2 (second circuit)"
    ),
    Quantity.ZONE2_HEATING_CURVE_OFFSET: QuantityInfo(
        "K", ValueType.NUMBER, "Parallel shift of zone 2's heating curve"
    ),
    Quantity.SG_READY: QuantityInfo(
        None,
        ValueType.ENUM,
        "SG-Ready operating state",
        tuple(s.value for s in SgReadyState),
    ),
    Quantity.WATER_REMOVED: QuantityInfo(
        "kg", ValueType.NUMBER, "Water removed from the load in this cycle"
    ),
    Quantity.DRYER_STATE: QuantityInfo(
        None,
        ValueType.ENUM,
        "Drum or cycle state",
        tuple(s.value for s in DryerState),
    ),
    Quantity.UNIT_TIME: QuantityInfo(
        "s",
        ValueType.NUMBER,
        "The unit's own clock, Unix seconds; when a profile reads it, samples "
        "are stamped with it (the simulator runs faster than real time)",
    ),
}

Value = float | bool | str
"""A decoded value: a number in the quantity's unit, a flag, or an enum option."""
