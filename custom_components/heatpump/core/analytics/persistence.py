"""Storing and restoring ``EngineState``: what ``Engine.to_dict`` writes.

The stored state is plain JSON data (numbers, strings, booleans, None, lists
and dicts with string keys) under ``schema_version``, every field under its
``EngineState`` name and every energy sum under its ``energy.SUM_NAMES``
name.  A restore followed by more samples gives exactly what an
uninterrupted run gives: every float is stored as is (JSON keeps a float's
shortest repr, which reads back to the same float) and nothing that
influences later results is left out.

Versions
    1: the first release (863837e): positional lists and 23 sums per period.
       ``migrate`` turns it into version 2 (see ``_from_v1``), then 3.
    2: positional lists (``powers``, ``counters``, ``day``, ``counts`` …),
       26 sums.  ``migrate`` turns it into version 3.
    3: named fields.
Change the layout only together with a new version and a migration from the
previous one, so that users' lifetime totals survive every upgrade.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..quantities import Kind, Quantity, Value
from .config import EngineConfig
from .energy import DEFROST_LOSS, SIZE, sums_from_dict, sums_to_dict
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
    data = migrate(data, config.kind)
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


def migrate(data: Mapping[str, Any], kind: Kind) -> Mapping[str, Any]:
    """The stored state of a ``kind`` unit in the current layout (a new dict
    if it was older)."""
    version = data.get("schema_version")
    if version == 1:
        data = _from_v1(data, kind)
        version = data["schema_version"]
    if version == 2:
        data = _from_v2(data)
        version = data["schema_version"]
    if version != SCHEMA_VERSION:
        raise ValueError(f"engine state schema {version!r}, need {SCHEMA_VERSION}")
    return data


V1_SIZE = 23
"""Sums per period in version 1: ``energy`` up to ``EXPECTED_ELECTRICITY``."""


def _sums_v1(values: list[float], what: str) -> list[float]:
    """Version 1 sums in the version 2 layout.

    The first 23 elements are the same in both, slot for slot: every energy
    of every service, "other" included (so the services still add up to the
    totals exactly, with no part derived), running, defrost and expected
    sums.  The release put standby in the service of the mode, not yet in
    "other"; that split is kept as the release counted it.  Three sums did
    not exist and start at zero, so their figures cover the time since the
    upgrade: heatpumpmonitor's starts with the seconds they are divided by,
    and the backup heater's electricity.

    Two sums changed their meaning and are carried all the same:
    ``defrost_loss`` counted only the negative heat of confirmed defrosts,
    so periods before the upgrade show that (smaller) share.  The Carnot
    pair was (Σ heat / Carnot COP, Σ electricity), now (Σ heat,
    Σ electricity × Carnot COP); in a running heating interval each old term
    is the new one divided by that interval's Carnot COP (the release also
    counted cooling).  Only their ratio is ever shown, so an old period's
    % of Carnot stays what the release showed, and a period across the
    upgrade is a weighted mean of the same per-interval efficiency.
    """
    if len(values) != V1_SIZE:
        raise ValueError(f"{what} sums have the wrong length")
    return [float(value) for value in values] + [0.0] * (SIZE - V1_SIZE)


def _carnot_sign(values: Mapping[Quantity, Value], kind: Kind) -> float:
    """``carnot_sign`` as the engine derives it from the latest sample."""
    flow, back = (
        (Quantity.SUPPLY_AIR_TEMPERATURE, Quantity.RETURN_AIR_TEMPERATURE)
        if kind == Kind.AIR_TO_AIR
        else (Quantity.FLOW_TEMPERATURE, Quantity.RETURN_TEMPERATURE)
    )
    flow_temp, return_temp = values.get(flow), values.get(back)
    if flow_temp is None or return_temp is None:
        return 1.0
    return -1.0 if float(flow_temp) - float(return_temp) < -0.2 else 1.0


def _from_v1(old: Mapping[str, Any], kind: Kind) -> Data:
    """Version 1 (the first release) to version 2.

    The figures version 2 added about the latest sample (mode inputs,
    compressor, backup heater, Carnot sign) are derived from its stored
    values as the engine derives them.  Held powers are dropped: the
    upgrade starts with a gap (``Engine.after_restart``), so nothing is
    integrated from a power the old engine held.  Negative heat of a
    defrost still pending counts as defrost loss now, as all negative heat
    outside cooling does since version 2.
    """
    values = load_values(old["values"])
    ts = old["ts"]
    inputs = (
        values.get(Quantity.OPERATING_MODE),
        values.get(Quantity.THREE_WAY_VALVE),
    )
    powers = list(old["powers"])
    electricity_held = powers[3]
    powers[2] = powers[3] = None
    running = bool(old["run"])
    reported: Value | None = values.get(Quantity.COMPRESSOR_RUNNING)
    if reported is not None:
        reported = bool(reported)
    elif (frequency := values.get(Quantity.COMPRESSOR_FREQUENCY)) is not None:
        reported = float(frequency) > 0.0
    counted = running and reported is not False
    pending_loss, pending_s = old["defrost_pending"]
    day = _sums_v1(old["day"], "day")
    day[DEFROST_LOSS] += float(pending_loss)
    periods = dict(old["periods"])
    for name in ("month", "year", "season", "lifetime"):
        periods[name] = _sums_v1(periods[name], name)
    return {
        **old,
        "schema_version": 2,
        "powers": powers,
        "held": False,
        "hold": None,
        "mode_seen": [0.0 if value is None else ts for value in inputs],
        "mode_inputs": [[value] for value in inputs],
        "compressor_reported": reported,
        "compressor_figures": [
            counted,
            None if electricity_held is None else counted,
            _carnot_sign(values, kind),
            bool(values.get(Quantity.BACKUP_HEATER, False)),
        ],
        "day": day,
        "periods": periods,
        "defrost_pending": float(pending_s),
    }


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
