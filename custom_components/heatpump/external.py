"""An external electricity meter that overrides what the unit reports.

Most units misreport their electrical input, so owners add a meter (a Shelly,
an SDM120 through another integration...).  Its readings go to the engine as
the sample's external electrical power and energy, which take precedence over
the unit's own figures (see the analytics engine for the full precedence).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from .core.quantities import Quantity
from .sources.entities import state_to_value


class ExternalMeter:
    """Reads the configured external power and energy entities on demand."""

    def __init__(
        self, hass: HomeAssistant, power_entity: str | None, energy_entity: str | None
    ) -> None:
        """Remember which entities to read."""
        self.hass = hass
        self.power_entity = power_entity
        self.energy_entity = energy_entity

    def _read(self, quantity: Quantity, entity: str | None) -> float | None:
        if not entity:
            return None
        value = state_to_value(quantity, self.hass.states.get(entity))
        return float(value) if isinstance(value, int | float) else None

    def read(self) -> tuple[float | None, float | None]:
        """Electrical power (W) and energy counter (kWh), None where unknown."""
        return (
            self._read(Quantity.ELECTRICAL_POWER, self.power_entity),
            self._read(Quantity.ELECTRICAL_ENERGY, self.energy_entity),
        )
