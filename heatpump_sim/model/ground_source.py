"""Ground-source (brine) heat pump whose borehole cools through the season.

The ground around the borehole is one thermal mass recharged from the
undisturbed ground (10 °C): ``C·dT/dt = −Q_extract + G·(T_undisturbed − T)``
with a 45-day time constant.  Brine enters at the ground temperature minus
the borehole resistance drop and leaves colder by ``Q/(ṁ·cp)``, with cp and
rho of 30 % propylene glycol from the core.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from custom_components.heatpump.core.physics.fluids import Fluid, fluid_properties
from custom_components.heatpump.core.quantities import Kind, Quantity, Value

from ..weather import Weather
from .hydronic import HydronicHeatPump, HydronicParams
from .performance import CarnotFactor

GROUND_CARNOT_FACTOR = CarnotFactor(0.55, 0.5)
"""0.55 at low lift to 0.5 at high lift: the 0.5–0.55 asked for ground."""
_BRINE = fluid_properties(Fluid.PROPYLENE_GLYCOL, 0.30)


@dataclass(frozen=True, slots=True, kw_only=True)
class GroundParams:
    """Borehole field and brine loop."""

    undisturbed_c: float = 10.0
    recovery_w_k: float = 800.0
    time_constant_days: float = 45.0
    borehole_k_w: float = 0.0005
    """K of brine drop per W extracted."""
    brine_flow_l_min: float = 25.0
    brine_pump_w: float = 60.0
    depletion_k: float = 3.0
    """Ground depression at the end of February, used to start mid-season."""
    hydronic: HydronicParams = field(
        default_factory=lambda: HydronicParams(
            rating_source_c=0.0,
            capacity_per_k=0.03,
            carnot_factor=GROUND_CARNOT_FACTOR,
            frosting=False,
            min_source_c=-8.0,
        )
    )


class GroundSource(HydronicHeatPump):
    """Brine source; no frost."""

    kind = Kind.GROUND_SOURCE

    def __init__(
        self, weather: Weather, *, seed: int = 1, ground: GroundParams | None = None
    ) -> None:
        """Ground temperature set for the start date."""
        g = ground or GroundParams()
        self.g = g
        day = weather.start.timetuple().tm_yday
        depression = (
            0.5 * g.depletion_k * (1.0 + math.cos(2 * math.pi * (day - 60) / 365))
        )
        self.ground_c = g.undisturbed_c - depression
        self._c_ground = g.recovery_w_k * g.time_constant_days * 86400.0
        self.brine_in_c = self.ground_c
        self.brine_out_c = self.ground_c
        super().__init__(weather, seed=seed, params=g.hydronic)

    def source_c(self) -> float:
        """Brine entering the unit."""
        return self.brine_in_c

    def source_after(self, dt: float, extracted_w: float) -> None:
        """Cool the ground by what was extracted; the brine follows."""
        g = self.g
        self.ground_c += (
            (-extracted_w + g.recovery_w_k * (g.undisturbed_c - self.ground_c))
            * dt
            / self._c_ground
        )
        self.brine_in_c = self.ground_c - g.borehole_k_w * extracted_w
        mdc = _BRINE.volumetric_heat_capacity(
            max(_BRINE.min_temp_c, min(40.0, self.brine_in_c))
        ) * (g.brine_flow_l_min / 60000.0)
        self.brine_out_c = self.brine_in_c - extracted_w / mdc

    def source_aux_w(self, running: bool) -> float:
        """Brine pump."""
        return self.g.brine_pump_w if running else 0.0

    def source_state(self) -> dict[Quantity, Value]:
        """Brine temperatures."""
        return {
            Quantity.SOURCE_IN_TEMPERATURE: self.brine_in_c,
            Quantity.SOURCE_OUT_TEMPERATURE: self.brine_out_c,
        }
