"""Persistence of the engine: what ``Engine.to_dict`` writes.

The state is plain JSON data (numbers, strings, booleans, None, lists and
dicts with string keys) under ``schema_version``.  A restore followed by more
samples gives exactly what an uninterrupted run gives: every float is stored
as is (JSON keeps a float's shortest repr, which reads back to the same
float) and nothing that influences later results is left out.  Caches (the
fluid factor, the last Carnot evaluation, the last mode inputs) are not
stored; they are pure functions of their inputs and refill identically.

Bump ``SCHEMA_VERSION`` whenever the layout changes; ``Engine.from_dict``
refuses another version (ValueError) and the caller starts afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..quantities import Quantity, Value

if TYPE_CHECKING:
    from .engine import Engine

SCHEMA_VERSION = 2


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


def _seen(value: object) -> list[Value | None] | None:
    """A mode input as stored: [value], or None while nothing was seen yet."""
    if value is None or isinstance(value, bool | int | float | str):
        return [value]
    return None


def _unseen(data: list[Value | None] | None) -> object:
    from .engine import UNSEEN  # noqa: PLC0415 - the engine imports this module

    return UNSEEN if data is None else data[0]


def dump_engine(e: Engine) -> dict[str, Any]:
    """``Engine.to_dict``."""
    dry, wh = e._dry, e._wh
    return {
        "schema_version": SCHEMA_VERSION,
        "ts": e._ts,
        "first_ts": e._first_ts,
        "values": dump_values(e._vals),
        "powers": [
            e._ph,
            e._pe,
            e._ph_int,
            e._pe_int,
            e._ph_ts,
            e._pe_ts,
            e._ph_ext,
            e._pe_ext,
        ],
        "held": e._held,
        "hold": e._hold,
        "mode_seen": [e._om_ts, e._v3_ts],
        "mode_inputs": [_seen(e._om), _seen(e._v3)],
        "compressor_reported": e._comp_rep,
        "compressor_figures": [e._crun, e._ref_on, e._csign, e._backup],
        "counters": [c.to_list() for c in e.counters()],
        "day": list(e._day),
        "periods": e._periods.to_dict(),
        "mode": e._mode,
        "run": e._run,
        "compressor_raw": e._comp_raw,
        "compressor": e._comp.to_dict(),
        "defrost": e._def.to_list(),
        "defrost_condition": e._def_c,
        "defrost_reported": e._def_reported,
        "defrost_pending": e._pend_sec,
        "efficiency": [e._carnot, e._expect],
        "counts": [
            e._starts_day,
            e._starts_total,
            e._def_day,
            e._def_total,
        ],
        "water_heater": None if wh is None else wh.to_dict(),
        "dryer": None if dry is None else dry.to_dict(),
    }


def load_engine(e: Engine, data: Mapping[str, Any]) -> None:
    """Put ``dump_engine`` data into a fresh engine."""
    e._ts = data["ts"]
    e._first_ts = data["first_ts"]
    e._vals = load_values(data["values"])
    (
        e._ph,
        e._pe,
        e._ph_int,
        e._pe_int,
        e._ph_ts,
        e._pe_ts,
        e._ph_ext,
        e._pe_ext,
    ) = data["powers"]
    e._held = bool(data["held"])
    hold = data["hold"]
    if hold is not None:
        hold = [float(x) for x in hold]
        if len(hold) != len(e._day):
            raise ValueError("held sums have the wrong length")
    e._hold = hold
    e._om_ts, e._v3_ts = data["mode_seen"]
    e._om, e._v3 = (_unseen(x) for x in data["mode_inputs"])
    e._comp_rep = data["compressor_reported"]
    e._crun, e._ref_on, e._csign, e._backup = data["compressor_figures"]
    for counter, saved in zip(e.counters(), data["counters"], strict=True):
        counter.load(saved)
    e._x_base = e._c_xh.last is not None or e._c_xe.last is not None
    day = [float(x) for x in data["day"]]
    if len(day) != len(e._day):
        raise ValueError("day sums have the wrong length")
    e._day = day
    e._periods.load(data["periods"])
    e._nb = e._periods.next_boundary
    e._set_mode(data["mode"])
    e._run = bool(data["run"])
    e._comp_raw = data["compressor_raw"]
    e._comp.load(data["compressor"])
    e._def.load(data["defrost"])
    e._def_c = bool(data["defrost_condition"])
    e._def_reported = bool(data["defrost_reported"])
    e._pend_sec = float(data["defrost_pending"])
    e._carnot, e._expect = data["efficiency"]
    (
        e._starts_day,
        e._starts_total,
        e._def_day,
        e._def_total,
    ) = data["counts"]
    if e._wh is not None and data.get("water_heater") is not None:
        e._wh.load(data["water_heater"])
    if e._dry is not None and data.get("dryer") is not None:
        e._dry.load(data["dryer"])
