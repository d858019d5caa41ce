"""Persistence of the engine: what ``Engine.to_dict`` writes.

The state is plain JSON data (numbers, strings, booleans, None, lists and
dicts with string keys) under ``schema_version``.  A restore followed by more
samples gives exactly what an uninterrupted run gives: every float is stored
as is (JSON keeps a float's shortest repr, which reads back to the same
float) and nothing that influences later results is left out.  Caches (the
fluid factor, the last Carnot evaluation) are not stored; they are pure
functions of their inputs and refill identically.

Bump ``SCHEMA_VERSION`` whenever the layout changes; ``Engine.from_dict``
refuses another version (ValueError) and the caller starts afresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..quantities import Quantity, Value

SCHEMA_VERSION = 1


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
