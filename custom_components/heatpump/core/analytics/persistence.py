"""Storing and restoring ``EngineState``: what ``Engine.to_dict`` writes.

The stored state is plain JSON data (numbers, strings, booleans, None, lists
and dicts with string keys) under ``schema_version``, every field under its
``EngineState`` name and every energy sum under its ``energy.SUM_NAMES``
name.  A restore followed by more samples gives exactly what an
uninterrupted run gives: every float is stored as is (JSON keeps a float's
shortest repr, which reads back to the same float) and nothing that
influences later results is left out.

Versions
    1: the first release; refused (its sums meant other things, see
       heatpumpmonitor's method in ``engine``), so the totals start afresh.
    2: positional lists (``powers``, ``counters``, ``day``, ``counts`` …).
       ``migrate`` turns it into version 3.
    3: named fields.
Change the layout only together with a new version and a migration from the
previous one, so that users' lifetime totals survive every upgrade.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..quantities import Quantity, Value
from .config import EngineConfig
from .energy import SIZE, sums_from_dict, sums_to_dict
from .state import UNSEEN, EngineState, Unseen

SCHEMA_VERSION = 3

type Data = dict[str, Any]


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _optional_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


PLAIN_FIELDS: dict[str, Callable[[Any], Any]] = {
    "last_ts": _optional_float,
    "first_ts": float,
    "heat_power": _optional_float,
    "electrical_power": _optional_float,
    "heat_power_held": _optional_float,
    "electrical_power_held": _optional_float,
    "heat_power_seen_at": float,
    "electrical_power_seen_at": float,
    "external_heat_power": _optional_float,
    "external_electrical_power": _optional_float,
    "power_held": bool,
    "mode": _optional_str,
    "mode_reported_at": float,
    "valve_reported_at": float,
    "running": bool,
    "compressor_counted": bool,
    "start_reference_on": _optional_bool,
    "compressor_reported": _optional_bool,
    "compressor_on": _optional_bool,
    "backup_heater_on": bool,
    "carnot_sign": float,
    "defrost_condition": bool,
    "defrost_reported": bool,
    "pending_defrost_s": float,
    "carnot_cop": _optional_float,
    "expected_cop": _optional_float,
    "cycles_today": int,
    "cycles_total": int,
    "defrosts_today": int,
    "defrosts_total": int,
}
"""Fields stored as they are, with the conversion that checks them on load."""

COUNTER_NAMES = ("external_heat", "heat", "external_electricity", "electricity")
"""``EngineState.counters()`` order."""


def dump_values(values: Mapping[Quantity, Value]) -> dict[str, Value]:
    """The latest sample's values with plain string keys and enum values."""
    return {
        str(key): (str(value) if isinstance(value, str) else value)
        for key, value in values.items()
    }


def load_values(data: Mapping[str, Any]) -> dict[Quantity, Value]:
    """Inverse of ``dump_values``; unknown quantities are dropped."""
    out: dict[Quantity, Value] = {}
    for key, value in data.items():
        try:
            quantity = Quantity(key)
        except ValueError:
            continue
        if not isinstance(value, (bool, int, float, str)):
            raise TypeError(f"{key}: {value!r} is not a value")
        out[quantity] = value
    return out


def dump_reading(reading: Value | Unseen | None) -> list[Value | None] | None:
    """A mode input as stored: [value], or None while none was ever seen."""
    return None if isinstance(reading, Unseen) else [reading]


def load_reading(data: list[Any] | None) -> Value | Unseen | None:
    """Inverse of ``dump_reading``."""
    if data is None:
        return UNSEEN
    (value,) = data
    if value is not None and not isinstance(value, (bool, int, float, str)):
        raise TypeError(f"mode input {value!r} is not a value")
    return value


def dump_state(state: EngineState) -> Data:
    """``Engine.to_dict``: the state in the current layout."""
    water_heater, dryer, held = state.water_heater, state.dryer, state.held_sums
    return {
        "schema_version": SCHEMA_VERSION,
        **{name: getattr(state, name) for name in PLAIN_FIELDS},
        "values": dump_values(state.values),
        "held_sums": None if held is None else sums_to_dict(held),
        "mode_reading": dump_reading(state.mode_reading),
        "valve_reading": dump_reading(state.valve_reading),
        "counters": {
            name: counter.to_list()
            for name, counter in zip(COUNTER_NAMES, state.counters(), strict=True)
        },
        "today": sums_to_dict(state.today),
        "periods": state.periods.to_dict(),
        "compressor": state.compressor.to_dict(),
        "defrost": state.defrost.to_list(),
        "water_heater": None if water_heater is None else water_heater.to_dict(),
        "dryer": None if dryer is None else dryer.to_dict(),
    }


def load_state(config: EngineConfig, data: Mapping[str, Any]) -> EngineState:
    """A state that continues exactly where ``dump_state`` left off.

    Older layouts are migrated first.  ValueError for another or an unknown
    version, ValueError/KeyError/TypeError for malformed data; ``data`` is
    never changed.
    """
    data = migrate(data)
    state = EngineState.fresh(config)
    for name, convert in PLAIN_FIELDS.items():
        setattr(state, name, convert(data[name]))
    state.values = load_values(data["values"])
    held = data["held_sums"]
    state.held_sums = None if held is None else sums_from_dict(held)
    state.mode_reading = load_reading(data["mode_reading"])
    state.valve_reading = load_reading(data["valve_reading"])
    counters = data["counters"]
    for name, counter in zip(COUNTER_NAMES, state.counters(), strict=True):
        counter.load(counters[name])
    state.today = sums_from_dict(data["today"])
    state.periods.load(data["periods"])
    state.compressor.load(data["compressor"])
    state.defrost.load(data["defrost"])
    if state.water_heater is not None and data.get("water_heater") is not None:
        state.water_heater.load(data["water_heater"])
    if state.dryer is not None and data.get("dryer") is not None:
        state.dryer.load(data["dryer"])
    return state


def migrate(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The stored state in the current layout (a new dict if it was older)."""
    version = data.get("schema_version")
    if version == 2:
        data = _from_v2(data)
        version = data["schema_version"]
    if version != SCHEMA_VERSION:
        raise ValueError(f"engine state schema {version!r}, need {SCHEMA_VERSION}")
    return data


def _sums_v2(values: list[float], what: str) -> dict[str, float]:
    if len(values) != SIZE:
        raise ValueError(f"{what} sums have the wrong length")
    return sums_to_dict([float(value) for value in values])


def _from_v2(old: Mapping[str, Any]) -> Data:
    """Version 2 (positional lists) to version 3 (named fields)."""
    (
        heat_power,
        electrical_power,
        heat_power_held,
        electrical_power_held,
        heat_power_seen_at,
        electrical_power_seen_at,
        external_heat_power,
        external_electrical_power,
    ) = old["powers"]
    mode_reported_at, valve_reported_at = old["mode_seen"]
    mode_reading, valve_reading = old["mode_inputs"]
    counted, start_reference_on, carnot_sign, backup_heater_on = old[
        "compressor_figures"
    ]
    carnot_cop, expected_cop = old["efficiency"]
    cycles_today, cycles_total, defrosts_today, defrosts_total = old["counts"]
    held = old["hold"]
    periods = dict(old["periods"])
    for name in ("month", "year", "season", "lifetime"):
        periods[name] = _sums_v2(periods[name], name)
    return {
        "schema_version": 3,
        "last_ts": old["ts"],
        "first_ts": old["first_ts"],
        "values": old["values"],
        "heat_power": heat_power,
        "electrical_power": electrical_power,
        "heat_power_held": heat_power_held,
        "electrical_power_held": electrical_power_held,
        "heat_power_seen_at": heat_power_seen_at,
        "electrical_power_seen_at": electrical_power_seen_at,
        "external_heat_power": external_heat_power,
        "external_electrical_power": external_electrical_power,
        "power_held": old["held"],
        "held_sums": None if held is None else _sums_v2(held, "held"),
        "counters": dict(zip(COUNTER_NAMES, old["counters"], strict=True)),
        "today": _sums_v2(old["day"], "day"),
        "periods": periods,
        "mode": old["mode"],
        "mode_reading": mode_reading,
        "valve_reading": valve_reading,
        "mode_reported_at": mode_reported_at,
        "valve_reported_at": valve_reported_at,
        "running": old["run"],
        "compressor_counted": counted,
        "start_reference_on": start_reference_on,
        "compressor_reported": old["compressor_reported"],
        "compressor_on": old["compressor_raw"],
        "backup_heater_on": backup_heater_on,
        "carnot_sign": carnot_sign,
        "compressor": old["compressor"],
        "defrost": old["defrost"],
        "defrost_condition": old["defrost_condition"],
        "defrost_reported": old["defrost_reported"],
        "pending_defrost_s": old["defrost_pending"],
        "carnot_cop": carnot_cop,
        "expected_cop": expected_cop,
        "cycles_today": cycles_today,
        "cycles_total": cycles_total,
        "defrosts_today": defrosts_today,
        "defrosts_total": defrosts_total,
        "water_heater": old.get("water_heater"),
        "dryer": old.get("dryer"),
    }
