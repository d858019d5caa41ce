"""Typed reading of YAML mappings that records every fault instead of raising.

A :class:`Section` wraps one mapping (the profile, its ``source``, one point,
a point's ``writable`` …).  Each reader returns the parsed value, or ``None``
(or the default) after recording a :class:`ProfileIssue`, so that parsing goes
on and all faults of a file are reported together.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum

from .errors import ProfileIssue

KEY_PATTERN = re.compile(r"[a-z0-9_]+")
"""Profile ids and point keys."""

_LISTED_OPTIONS = 10
"""Longer enums (quantities) get a suggestion instead of the full list."""


def describe(value: object) -> str:
    """Render a YAML value for a message, the way the user wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def suggest(value: object, options: Iterable[str]) -> str:
    """A "; did you mean 'x'?" hint for a mistyped name, or nothing."""
    text = str(value)
    choices = list(options)
    prefixed = [option for option in choices if text and option.startswith(text)]
    close = prefixed or difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def is_number(value: object) -> bool:
    """Whether a YAML value is a number (``true`` is not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_integer(value: object) -> bool:
    """Whether a YAML value is an integer (``true`` and ``1.0`` are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


class Reporter:
    """Collects the issues of one file."""

    def __init__(self, file: str) -> None:
        """Start with no issues."""
        self.file = file
        self.issues: list[ProfileIssue] = []

    def add(self, point: str | None, field: str | None, message: str) -> None:
        """Record one fault."""
        self.issues.append(ProfileIssue(self.file, point, field, message))


class Section:
    """Reads typed fields from one mapping, reporting faults to a Reporter."""

    def __init__(
        self,
        reporter: Reporter,
        data: Mapping[object, object],
        *,
        point: str | None = None,
        prefix: str = "",
    ) -> None:
        """Wrap ``data``; ``prefix`` is prepended to field names in messages."""
        self.reporter = reporter
        self.data = data
        self.point = point
        self.prefix = prefix

    def fault(self, name: str, message: str) -> None:
        """Record a fault in field ``name`` of this section."""
        self.reporter.add(self.point, self.prefix + name, message)

    def has(self, name: str) -> bool:
        """Whether the field is present (even if empty)."""
        return name in self.data

    def get(self, name: str) -> object:
        """The raw value of a field, ``None`` when absent."""
        return self.data.get(name)

    def reject_unknown(
        self, allowed: Iterable[str], elsewhere: Mapping[str, str] | None = None
    ) -> None:
        """Report every field not in ``allowed``.

        ``elsewhere`` maps fields that are valid in another context to the
        reason they are not valid here (``"only allowed in mqtt profiles"``).
        """
        known = list(allowed)
        for name in self.data:
            text = str(name)
            if name in known:
                continue
            if elsewhere and text in elsewhere:
                self.fault(text, elsewhere[text])
                continue
            self.fault(text, f"unknown field{suggest(text, known)}")

    def require(self, name: str) -> bool:
        """Report a missing (or empty) required field; return whether present."""
        if self.data.get(name) is None:
            self.fault(name, "required field is missing")
            return False
        return True

    def wanted(self, name: str, required: bool) -> bool:
        """Whether to read a field: present, or required (a fault if missing)."""
        return (self.has(name) or required) and self.require(name)

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        pattern: re.Pattern[str] | None = None,
    ) -> str | None:
        """A non-empty string, optionally matching ``pattern`` in full."""
        if not self.wanted(name, required):
            return None
        value = self.data[name]
        if not isinstance(value, str):
            hint = " (put it in quotes)" if is_number(value) else ""
            self.fault(name, f"expected text, got {describe(value)}{hint}")
            return None
        if not value.strip():
            self.fault(name, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.fault(name, f"must match {pattern.pattern}, got {value!r}")
            return None
        return value

    def number(self, name: str, *, required: bool = False) -> float | None:
        """A number (int or float)."""
        if not self.wanted(name, required):
            return None
        value = self.data[name]
        if not is_number(value):
            self.fault(name, f"expected a number, got {describe(value)}")
            return None
        assert isinstance(value, int | float)
        if not math.isfinite(value):
            self.fault(name, f"expected a finite number, got {describe(value)}")
            return None
        return float(value)

    def integer(
        self, name: str, *, low: int, high: int, required: bool = False
    ) -> int | None:
        """An integer in ``low..high``."""
        if not self.wanted(name, required):
            return None
        value = self.data[name]
        if not is_integer(value):
            self.fault(name, f"expected an integer, got {describe(value)}")
            return None
        assert isinstance(value, int)
        if not low <= value <= high:
            self.fault(name, f"must be in {low}..{high}, got {value}")
            return None
        return value

    def flag(self, name: str, default: bool) -> bool:
        """A boolean, ``true`` or ``false``."""
        if not self.has(name):
            return default
        value = self.data[name]
        if not isinstance(value, bool):
            self.fault(name, f"expected true or false, got {describe(value)}")
            return default
        return value

    def choice[E: StrEnum](
        self, name: str, enum: type[E], *, required: bool = False
    ) -> E | None:
        """One of the values of a string enum."""
        if not self.wanted(name, required):
            return None
        value = self.data[name]
        options = [member.value for member in enum]
        if isinstance(value, str) and value in options:
            return enum(value)
        if len(options) <= _LISTED_OPTIONS:
            listed = ", ".join(options)
            self.fault(name, f"expected one of {listed}; got {describe(value)}")
            return None
        hint = suggest(value, options)
        self.fault(name, f"{describe(value)} is not a known {name}{hint}")
        return None

    def section(self, name: str, *, required: bool = False) -> Section | None:
        """A nested mapping, as a Section whose fields read ``name.field``."""
        if not self.wanted(name, required):
            return None
        value = self.data[name]
        if not isinstance(value, Mapping):
            self.fault(name, f"expected a mapping, got {describe(value)}")
            return None
        return Section(
            self.reporter, value, point=self.point, prefix=f"{self.prefix}{name}."
        )

    def items(self, name: str, *, required: bool = False) -> list[object] | None:
        """A list (an empty list counts as missing when required)."""
        if not self.has(name) and not required:
            return None
        value = self.data.get(name)
        if required and (value is None or value == []):
            self.fault(name, "required field is missing")
            return None
        if not isinstance(value, list):
            self.fault(name, f"expected a list, got {describe(value)}")
            return None
        return value
