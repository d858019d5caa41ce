"""Which quantities a kind of unit uses, and a first guess of their entities.

The guess reads what other integrations say about their entities: domain,
device class, unit and name.  Each entity fills at most one quantity; a
quantity without a clear candidate stays empty for the user to choose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .core.quantities import Kind, Quantity

Q = Quantity

_COMMON = (
    Q.ELECTRICAL_POWER,
    Q.ELECTRICAL_ENERGY,
    Q.HEAT_POWER,
    Q.HEAT_ENERGY,
    Q.OUTDOOR_TEMPERATURE,
    Q.OPERATING_MODE,
    Q.COMPRESSOR_RUNNING,
    Q.COMPRESSOR_FREQUENCY,
)
_HYDRONIC = (Q.FLOW_TEMPERATURE, Q.RETURN_TEMPERATURE, Q.FLOW_RATE)
_SOURCE = (Q.SOURCE_IN_TEMPERATURE, Q.SOURCE_OUT_TEMPERATURE)
_AIR = (Q.SUPPLY_AIR_TEMPERATURE, Q.RETURN_AIR_TEMPERATURE, Q.AIRFLOW)

KIND_QUANTITIES: dict[Kind, tuple[Quantity, ...]] = {
    Kind.AIR_TO_WATER: (
        *_HYDRONIC,
        *_COMMON,
        Q.DHW_TEMPERATURE,
        Q.ROOM_TEMPERATURE,
        Q.DEFROST_ACTIVE,
    ),
    Kind.AIR_TO_AIR: (*_AIR, *_COMMON, Q.ROOM_TEMPERATURE, Q.DEFROST_ACTIVE),
    Kind.GROUND_SOURCE: (
        *_HYDRONIC,
        *_SOURCE,
        *_COMMON,
        Q.DHW_TEMPERATURE,
        Q.ROOM_TEMPERATURE,
    ),
    Kind.WATER_SOURCE: (
        *_HYDRONIC,
        *_SOURCE,
        *_COMMON,
        Q.DHW_TEMPERATURE,
        Q.ROOM_TEMPERATURE,
    ),
    Kind.WATER_HEATER: (*_COMMON, Q.DHW_TEMPERATURE, Q.DEFROST_ACTIVE),
    Kind.POOL: (*_HYDRONIC, *_COMMON, Q.DEFROST_ACTIVE),
    Kind.DRYER: (
        Q.ELECTRICAL_POWER,
        Q.ELECTRICAL_ENERGY,
        Q.HEAT_POWER,
        Q.HEAT_ENERGY,
        Q.OPERATING_MODE,
        Q.COMPRESSOR_RUNNING,
        Q.COMPRESSOR_FREQUENCY,
    ),
}
"""The entity fields each kind shows, in form order."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """What another integration says about one of its entities."""

    entity_id: str
    device_class: str | None
    unit: str | None
    name: str


@dataclass(frozen=True, slots=True)
class _Hint:
    domains: tuple[str, ...]
    units: tuple[str, ...]
    """Units (or device classes) that qualify; empty: any."""
    words: tuple[tuple[str, ...], ...]
    """Alternatives, each a set of words that must all appear."""
    never: tuple[str, ...] = ()
    fallback: bool = False
    """Taken without a name match when nothing better qualifies."""
    unitless: bool = False
    """Only sensors without a unit (text or enumerated states)."""


_TEMP = ("temperature", "°C", "°F", "K")
_POWER = ("power", "W", "kW")
_ENERGY = ("energy", "Wh", "kWh", "MWh")
_WATER_FLOW = ("L/min", "l/min", "L/h", "l/h", "m³/h", "L/s")
_SENSOR = ("sensor",)
_BINARY = ("binary_sensor",)
_ELECTRIC = (("electric",), ("elec",), ("consum",), ("input",), ("strom",), ("draw",))
_HEAT = (("heat",), ("thermal",), ("output",), ("produc",), ("capacity",), ("wärme",))

_HINTS: dict[Quantity, _Hint] = {
    Q.FLOW_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        (("flow",), ("supply",), ("leaving",), ("outlet",), ("vorlauf",), ("lwt",)),
        ("target", "set", "setpoint", "air", "return", "source", "brine"),
    ),
    Q.RETURN_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        (("return",), ("inlet",), ("entering",), ("rücklauf",), ("ewt",)),
        ("target", "set", "setpoint", "air", "source", "brine"),
    ),
    Q.OUTDOOR_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        (("outdoor",), ("outside",), ("ambient",), ("außen",), ("aussen",)),
        ("set", "target"),
    ),
    Q.DHW_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        (("dhw",), ("hot", "water"), ("tank",), ("warmwasser",), ("cylinder",)),
        ("target", "set", "setpoint"),
    ),
    Q.ROOM_TEMPERATURE: _Hint(
        _SENSOR, _TEMP, (("room",), ("indoor",), ("raum",)), ("target", "set")
    ),
    Q.SUPPLY_AIR_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        (("supply",), ("discharge",), ("outlet",), ("leaving",)),
        ("target", "set", "return"),
    ),
    Q.RETURN_AIR_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        (("return",), ("intake",), ("inlet",), ("entering",)),
        ("target", "set"),
    ),
    Q.SOURCE_IN_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        tuple((a, b) for a in ("source", "brine", "sole") for b in ("in", "inlet")),
        ("out", "outlet"),
    ),
    Q.SOURCE_OUT_TEMPERATURE: _Hint(
        _SENSOR,
        _TEMP,
        tuple((a, b) for a in ("source", "brine", "sole") for b in ("out", "outlet")),
        ("in", "inlet"),
    ),
    Q.FLOW_RATE: _Hint(
        _SENSOR,
        ("volume_flow_rate", *_WATER_FLOW),
        (("flow",), ("durchfluss",), ("volume",)),
        ("air", "fan"),
    ),
    Q.AIRFLOW: _Hint(
        _SENSOR, ("volume_flow_rate", "m³/h", "m³/s"), (("air",), ("fan",)), ()
    ),
    Q.HEAT_POWER: _Hint(
        _SENSOR, _POWER, _HEAT, ("electric", "elec", "consum", "input"), False
    ),
    Q.ELECTRICAL_POWER: _Hint(
        _SENSOR, _POWER, _ELECTRIC, ("thermal", "output", "produc"), True
    ),
    Q.HEAT_ENERGY: _Hint(
        _SENSOR, _ENERGY, _HEAT, ("electric", "elec", "consum", "input"), False
    ),
    Q.ELECTRICAL_ENERGY: _Hint(
        _SENSOR, _ENERGY, _ELECTRIC, ("thermal", "output", "produc"), True
    ),
    Q.COMPRESSOR_FREQUENCY: _Hint(
        _SENSOR,
        ("frequency", "Hz", "rpm"),
        (("compressor",), ("freq",), ("kompressor",), ("verdichter",)),
    ),
    Q.COMPRESSOR_RUNNING: _Hint(
        _BINARY, (), (("compressor",), ("kompressor",), ("verdichter",))
    ),
    Q.DEFROST_ACTIVE: _Hint(_BINARY, (), (("defrost",), ("abtau",), ("deic",))),
    Q.OPERATING_MODE: _Hint(
        ("sensor", "select", "input_select", "climate", "water_heater"),
        (),
        (("mode",), ("state",), ("status",), ("operating",), ("betrieb",)),
        ("setting", "target"),
        unitless=True,
    ),
}

_NOISE = re.compile(r"heat\s*pump|wärmepumpe")


def words(name: str) -> list[str]:
    """A name's words, lowercase, without "heat pump" (it says nothing)."""
    return re.findall(r"\w+", _NOISE.sub(" ", name.casefold()))


def _has(tokens: list[str], word: str) -> bool:
    return any(t == word or (len(word) >= 4 and t.startswith(word)) for t in tokens)


def _score(hint: _Hint, candidate: Candidate) -> int:
    domain = candidate.entity_id.partition(".")[0]
    if domain not in hint.domains:
        return 0
    if hint.units and not {candidate.device_class, candidate.unit} & set(hint.units):
        return 0
    if hint.unitless and candidate.unit:
        return 0
    tokens = words(candidate.name)
    if any(_has(tokens, word) for word in hint.never):
        return 0
    best = max(
        (len(alt) for alt in hint.words if all(_has(tokens, w) for w in alt)),
        default=0,
    )
    if best:
        return 10 * best
    return 1 if hint.fallback else 0


def guess(
    quantities: Iterable[Quantity], candidates: Iterable[Candidate]
) -> dict[Quantity, str]:
    """The best entity for each quantity; each entity used once."""
    scored = sorted(
        (
            (score, order, quantity, candidate.entity_id)
            for order, quantity in enumerate(quantities)
            for candidate in candidates
            if (score := _score(_HINTS[quantity], candidate))
        ),
        key=lambda row: (-row[0], row[1], row[3]),
    )
    chosen: dict[Quantity, str] = {}
    used: set[str] = set()
    for *_rank, quantity, entity_id in scored:
        if quantity not in chosen and entity_id not in used:
            chosen[quantity] = entity_id
            used.add(entity_id)
    return chosen


ELECTRICAL_SOURCES = (Quantity.ELECTRICAL_POWER, Quantity.ELECTRICAL_ENERGY)
HEAT_SOURCES: tuple[tuple[Quantity, ...], ...] = (
    (Quantity.HEAT_POWER,),
    (Quantity.HEAT_ENERGY,),
    (Quantity.FLOW_RATE, Quantity.FLOW_TEMPERATURE, Quantity.RETURN_TEMPERATURE),
    (
        Quantity.AIRFLOW,
        Quantity.SUPPLY_AIR_TEMPERATURE,
        Quantity.RETURN_AIR_TEMPERATURE,
    ),
)
"""Any one complete group lets the integration know the heat output."""


def entities_errors(source_entities: Mapping[str, str]) -> dict[str, str]:
    """Errors for an incomplete choice of entities, keyed by field."""
    errors: dict[str, str] = {}
    if not any(source_entities.get(q) for q in ELECTRICAL_SOURCES):
        errors[Quantity.ELECTRICAL_POWER] = "missing_electrical"
    if not any(all(source_entities.get(q) for q in group) for group in HEAT_SOURCES):
        errors[Quantity.HEAT_POWER] = "missing_heat"
    return errors
