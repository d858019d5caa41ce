"""Faults the simulator can play, switchable at run time.

Each switch is a method call (or a :meth:`Faults.apply` spec from the CLI
such as ``delay=2.5``).  The protocol servers read the switches on every
request or publication and subscribe to changes, so a drop takes effect at
once.

=================  ==========================================================
``drop``           Modbus: close every connection and stop listening; MQTT:
                   cut the connection without DISCONNECT (the broker sends
                   the last will) and stay away.  ``drop=off`` restores.
``kick``           Modbus: close the open connections once (keep listening).
``delay=S``        Modbus responses / MQTT publications held back S seconds.
``withhold``       Modbus requests get no answer; nothing is published.
``exception=N``    Modbus answers every request with exception code N.
``freeze``         Values stop changing (the model runs on underneath).
``garbage``        MQTT state payloads replaced by garbage.
(Python only)      ``set_registers``: Modbus registers answer given raw words
                   (NaN, max ints...) instead of the model's values.
``reset``          The unit's energy counters go back to 0 (one-shot).
``clear``          All switches off.
=================  ==========================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from custom_components.heatpump.core.profile.model import Table
from custom_components.heatpump.core.quantities import Quantity, Value

from .model.base import HeatPumpModel

FAULT_SPECS = (
    "drop",
    "kick",
    "delay=S",
    "withhold",
    "exception=N",
    "freeze",
    "garbage",
    "reset",
    "clear",
)


@dataclass(slots=True)
class Faults:
    """The switches, shared by the Modbus server and the MQTT publisher."""

    model: HeatPumpModel
    drop: bool = False
    delay_s: float = 0.0
    withhold: bool = False
    exception_code: int | None = None
    frozen: dict[Quantity, Value] | None = None
    garbage: bool = False
    registers: dict[tuple[Table, int], int] = field(default_factory=dict)
    """Raw words served instead of the model's, by table and address."""
    listeners: list[Callable[[str], None]] = field(default_factory=list)

    def _changed(self, what: str) -> None:
        for listener in list(self.listeners):
            listener(what)

    def set_drop(self, on: bool = True) -> None:
        """Drop (or restore) every protocol connection."""
        self.drop = on
        self._changed("drop")

    def kick(self) -> None:
        """Close the open Modbus connections once."""
        self._changed("kick")

    def set_delay(self, seconds: float) -> None:
        """Hold responses and publications back ``seconds`` (0 = off)."""
        if seconds < 0.0:
            raise ValueError("delay must be ≥ 0 s")
        self.delay_s = seconds
        self._changed("delay")

    def set_withhold(self, on: bool = True) -> None:
        """Answer nothing / publish nothing."""
        self.withhold = on
        self._changed("withhold")

    def set_exception(self, code: int | None) -> None:
        """Answer every Modbus request with exception ``code`` (None = off)."""
        if code is not None and not 1 <= code <= 255:
            raise ValueError("exception code must be 1…255")
        self.exception_code = code
        self._changed("exception")

    def freeze(self, on: bool = True) -> None:
        """Freeze the served values at what they are now."""
        self.frozen = dict(self.model.state()) if on else None
        self._changed("freeze")

    def set_garbage(self, on: bool = True) -> None:
        """Publish garbage instead of MQTT state payloads."""
        self.garbage = on
        self._changed("garbage")

    def set_registers(self, table: Table, address: int, words: list[int]) -> None:
        """Serve these raw 16-bit words from ``address`` on, whatever the model."""
        for offset, word in enumerate(words):
            self.registers[(table, address + offset)] = word & 0xFFFF
        self._changed("registers")

    def clear_registers(self) -> None:
        """Serve the model's values again."""
        self.registers.clear()
        self._changed("registers")

    def reset_counters(self) -> None:
        """Zero the unit's energy counters."""
        self.model.reset_counters()
        self._changed("reset")

    def clear(self) -> None:
        """All switches off (a drop is restored)."""
        self.delay_s = 0.0
        self.withhold = False
        self.exception_code = None
        self.frozen = None
        self.garbage = False
        self.registers.clear()
        was_dropped = self.drop
        self.drop = False
        self._changed("clear")
        if was_dropped:
            self._changed("drop")

    def apply(self, spec: str) -> None:
        """Apply one spec: ``drop``, ``drop=off``, ``delay=2``, ``exception=4``…"""
        name, _, arg = spec.strip().partition("=")
        name = name.strip().lower().replace("_", "-")
        arg = arg.strip().lower()
        off = arg in ("off", "0", "false", "no")
        try:
            if name == "drop":
                self.set_drop(not off)
            elif name == "kick":
                self.kick()
            elif name == "delay":
                self.set_delay(float(arg or "1"))
            elif name == "withhold":
                self.set_withhold(not off)
            elif name == "exception":
                self.set_exception(None if off else int(arg or "4"))
            elif name == "freeze":
                self.freeze(not off)
            elif name == "garbage":
                self.set_garbage(not off)
            elif name in ("reset", "reset-counters"):
                self.reset_counters()
            elif name == "clear":
                self.clear()
            else:
                raise ValueError(f"unknown fault {name!r}")
        except ValueError as err:
            raise ValueError(
                f"{spec!r}: {err} (faults: {', '.join(FAULT_SPECS)})"
            ) from err

    def describe(self) -> str:
        """The switches that are on, as text."""
        on = [
            name
            for name, active in (
                ("drop", self.drop),
                (f"delay={self.delay_s:g}", self.delay_s > 0.0),
                ("withhold", self.withhold),
                (f"exception={self.exception_code}", self.exception_code is not None),
                ("freeze", self.frozen is not None),
                ("garbage", self.garbage),
                (f"registers={len(self.registers)}", bool(self.registers)),
            )
            if active
        ]
        return ", ".join(on) or "none"
