"""Water-source (groundwater) heat pump: a well at a steady 10 °C.

10 °C is the EN 14511 rating point W10/W35 (physics notes); the well varies
±0.5 K over the year.  An intermediate exchanger and well pump sit between
the well and the evaporator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from custom_components.heatpump.core.physics.fluids import WATER_PROPERTIES
from custom_components.heatpump.core.quantities import Kind, Quantity, Value

from ..weather import Weather
from .hydronic import HydronicHeatPump, HydronicParams
from .performance import CarnotFactor

WATER_CARNOT_FACTOR = CarnotFactor(0.52, 0.48)
"""Around the groundwater quality grade 0.5 (oemof-thermal, physics notes)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WellParams:
    """The well and its pump."""

    well_c: float = 10.0
    seasonal_k: float = 0.5
    flow_l_min: float = 30.0
    pump_w: float = 80.0
    hydronic: HydronicParams = field(
        default_factory=lambda: HydronicParams(
            rating_source_c=10.0,
            capacity_per_k=0.03,
            carnot_factor=WATER_CARNOT_FACTOR,
            frosting=False,
            min_source_c=3.0,
        )
    )


class WaterSource(HydronicHeatPump):
    """Groundwater source; no frost, no seasonal drift beyond ±0.5 K."""

    kind = Kind.WATER_SOURCE

    def __init__(
        self, weather: Weather, *, seed: int = 1, well: WellParams | None = None
    ) -> None:
        """A well at its steady temperature."""
        self.w = well or WellParams()
        self._day0 = weather.start.timetuple().tm_yday
        self.source_in_c = self.w.well_c
        self.source_out_c = self.w.well_c
        super().__init__(weather, seed=seed, params=self.w.hydronic)

    def source_c(self) -> float:
        """Well water entering the exchanger."""
        day = self._day0 + self.t / 86400.0
        self.source_in_c = self.w.well_c - self.w.seasonal_k * math.cos(
            2 * math.pi * (day - 60) / 365
        )
        return self.source_in_c

    def source_after(self, dt: float, extracted_w: float) -> None:
        """Well water leaves colder by what was extracted."""
        mdc = WATER_PROPERTIES.volumetric_heat_capacity(self.source_in_c) * (
            self.w.flow_l_min / 60000.0
        )
        self.source_out_c = self.source_in_c - extracted_w / mdc

    def source_aux_w(self, running: bool) -> float:
        """Well pump."""
        return self.w.pump_w if running else 0.0

    def source_state(self) -> dict[Quantity, Value]:
        """Well water temperatures."""
        return {
            Quantity.SOURCE_IN_TEMPERATURE: self.source_in_c,
            Quantity.SOURCE_OUT_TEMPERATURE: self.source_out_c,
        }
