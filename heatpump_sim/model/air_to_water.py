"""Air-to-water heat pump (monobloc or split), standard or cold-climate."""

from __future__ import annotations

from dataclasses import replace

from custom_components.heatpump.core.quantities import Kind

from ..weather import Weather
from .hydronic import HydronicHeatPump, HydronicParams
from .performance import CarnotFactor

AIR_CARNOT_FACTOR = CarnotFactor(0.51, 0.37, 25.0, 55.0)
"""Share of Carnot at full speed: 0.51 up to 25 K lift, falling to 0.37 at
55 K.  Space heating (lifts of 30–40 K) gets 0.49–0.46, around
heatpumpmonitor's default 0.47 and median 48 %; the slope is set by the
calibration against its field regression (tests/sim/test_calibration.py)."""


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
