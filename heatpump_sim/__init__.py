"""Heat pump simulator: a physics model that serves real Modbus TCP and MQTT.

Reuses the integration's HA-free core (quantities, profiles, codecs,
physics); never imports Home Assistant itself.
"""

from __future__ import annotations

from ._core import ensure_core

ensure_core()

from .simulator import ConfigError, SimConfig, Simulator  # noqa: E402

__all__ = ["ConfigError", "SimConfig", "Simulator"]
