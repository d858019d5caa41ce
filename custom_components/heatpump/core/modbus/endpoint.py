"""Where a Modbus device is reached: a TCP socket or a serial line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EndpointKind = Literal["tcp", "rtu_over_tcp", "serial"]
Parity = Literal["none", "even", "odd"]

PARITY_LETTERS: dict[Parity, Literal["N", "E", "O"]] = {
    "none": "N",
    "even": "E",
    "odd": "O",
}
"""Serial parity as stored and shown, and the letter pymodbus (and pyserial) take."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    """A TCP host/port (Modbus TCP or RTU framing) or a serial port.

    Devices on the same endpoint share one connection (see ``ConnectionPool``).
    """

    kind: EndpointKind = "tcp"
    host: str | None = None
    port: int = 502
    serial_port: str | None = None
    baudrate: int = 9600
    parity: Parity = "none"
    stopbits: int = 1
    bytesize: int = 8

    def __post_init__(self) -> None:
        """Reject an endpoint that misses its address."""
        if self.kind == "serial":
            if not self.serial_port:
                raise ValueError("a serial endpoint needs serial_port")
            if self.parity not in PARITY_LETTERS:
                raise ValueError(f"unknown parity {self.parity!r}")
        elif self.kind in ("tcp", "rtu_over_tcp"):
            if not self.host:
                raise ValueError(f"a {self.kind} endpoint needs host")
            if not 0 < self.port < 65536:
                raise ValueError(f"port {self.port} is out of range")
        else:
            raise ValueError(f"unknown endpoint kind {self.kind!r}")

    @property
    def key(self) -> str:
        """Identity of the physical link: one serial port is one bus."""
        if self.kind == "serial":
            return f"serial:{self.serial_port}"
        return f"{self.kind}://{self.host}:{self.port}"
