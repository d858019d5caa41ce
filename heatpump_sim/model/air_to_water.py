"""Air-to-water heat pump (monobloc or split), standard or cold-climate."""

from __future__ import annotations

from dataclasses import replace

from custom_components.heatpump.core.quantities import Kind

from ..weather import Weather
from .hydronic import HydronicHeatPump, HydronicParams
from .performance import CarnotFactor

AIR_CARNOT_FACTOR = CarnotFactor(0.51, 0.38, 25.0, 55.0)
"""0.5 at low lift to 0.45 at high lift: the 0.45–0.5 asked for air, set by
the calibration against heatpumpmonitor's field regression."""


def air_to_water_params(*, cold_climate: bool = False) -> HydronicParams:
    """A 9 kW (A7/W35, full speed) unit; cold-climate runs to −25 °C.

    The standard unit loses 2 % capacity per K of colder air and locks out
    below −20 °C; the cold-climate one loses 1 %/K and runs to −25 °C.
    """
    base = HydronicParams(carnot_factor=AIR_CARNOT_FACTOR, frosting=True)
    if cold_climate:
        return replace(base, capacity_per_k=0.01, min_source_c=-25.0)
    return base


class AirToWater(HydronicHeatPump):
    """Outdoor air source; the coil frosts and defrosts."""

    kind = Kind.AIR_TO_WATER

    def __init__(
        self,
        weather: Weather,
        *,
        seed: int = 1,
        params: HydronicParams | None = None,
        cold_climate: bool = False,
    ) -> None:
        """Default parameters unless ``params`` is given."""
        super().__init__(
            weather,
            seed=seed,
            params=params or air_to_water_params(cold_climate=cold_climate),
        )
