"""Density and specific heat of water and glycol brines.

Source: CoolProp 8.0.0 (IAPWS-95 for water at 2 bar, ``INCOMP::MPG`` and
``INCOMP::MEG`` for the glycols), as named in the physics notes.  The
correlations are our own polynomial fits; see ``_coefficients`` for how they
were fitted and how far they stray (under 0.1 % everywhere in range).

Each (fluid, mass fraction) pair is collapsed once into two quartic polynomials
in temperature, so a property costs one range check and one Horner evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from ._coefficients import (
    MEG_DENSITY,
    MEG_FREEZING_POINT,
    MEG_SPECIFIC_HEAT,
    MPG_DENSITY,
    MPG_FREEZING_POINT,
    MPG_SPECIFIC_HEAT,
    WATER_DENSITY,
    WATER_SPECIFIC_HEAT,
    Poly2D,
    Poly4,
)


class Fluid(StrEnum):
    """Heat transfer fluid of a hydronic or brine loop."""

    WATER = "water"
    PROPYLENE_GLYCOL = "propylene_glycol"
    ETHYLENE_GLYCOL = "ethylene_glycol"


MAX_TEMP_C = 100.0
"""Upper end of every fit (°C)."""
MAX_GLYCOL_FRACTION = 0.5
"""Largest glycol mass fraction the fits cover."""

_GLYCOLS: dict[Fluid, tuple[Poly2D, Poly2D, Poly4]] = {
    Fluid.PROPYLENE_GLYCOL: (MPG_DENSITY, MPG_SPECIFIC_HEAT, MPG_FREEZING_POINT),
    Fluid.ETHYLENE_GLYCOL: (MEG_DENSITY, MEG_SPECIFIC_HEAT, MEG_FREEZING_POINT),
}


def _horner(c: Poly4, v: float) -> float:
    return c[0] + v * (c[1] + v * (c[2] + v * (c[3] + v * c[4])))


def _collapse(table: Poly2D, x: float) -> Poly4:
    a, b, c, d, e = (_horner(row, x) for row in table)
    return (a, b, c, d, e)


@dataclass(frozen=True, slots=True)
class FluidProperties:
    """Properties of one fluid at one mass fraction, valid from min to max °C."""

    fluid: Fluid
    mass_fraction: float
    min_temp_c: float
    max_temp_c: float
    density_poly: Poly4
    """kg/m³ as a polynomial in T/100 (T in °C)."""
    specific_heat_poly: Poly4
    """J/(kg·K) as a polynomial in T/100 (T in °C)."""

    def _range_error(self, temp_c: float) -> ValueError:
        return ValueError(
            f"{self.fluid} ({self.mass_fraction:.0%}): {temp_c} °C is outside "
            f"{self.min_temp_c:.1f}…{self.max_temp_c:.0f} °C"
        )

    # The range check is inlined in each method (it also rejects NaN): a helper
    # call would cost a third of the evaluation.

    def density(self, temp_c: float) -> float:
        """Density in kg/m³."""
        if not self.min_temp_c <= temp_c <= self.max_temp_c:
            raise self._range_error(temp_c)
        t = temp_c * 0.01
        c0, c1, c2, c3, c4 = self.density_poly
        return c0 + t * (c1 + t * (c2 + t * (c3 + t * c4)))

    def specific_heat(self, temp_c: float) -> float:
        """Isobaric specific heat in J/(kg·K)."""
        if not self.min_temp_c <= temp_c <= self.max_temp_c:
            raise self._range_error(temp_c)
        t = temp_c * 0.01
        c0, c1, c2, c3, c4 = self.specific_heat_poly
        return c0 + t * (c1 + t * (c2 + t * (c3 + t * c4)))

    def volumetric_heat_capacity(self, temp_c: float) -> float:
        """rho·cp in J/(m³·K)."""
        if not self.min_temp_c <= temp_c <= self.max_temp_c:
            raise self._range_error(temp_c)
        t = temp_c * 0.01
        r0, r1, r2, r3, r4 = self.density_poly
        c0, c1, c2, c3, c4 = self.specific_heat_poly
        rho = r0 + t * (r1 + t * (r2 + t * (r3 + t * r4)))
        return rho * (c0 + t * (c1 + t * (c2 + t * (c3 + t * c4))))


def freezing_point(fluid: Fluid, mass_fraction: float = 0.0) -> float:
    """Freezing point in °C (CoolProp ``T_freeze`` fit for the glycols)."""
    fluid = Fluid(fluid)
    if fluid is Fluid.WATER:
        if mass_fraction != 0.0:
            raise ValueError(f"water takes no mass fraction, got {mass_fraction}")
        return 0.0
    if not 0.0 <= mass_fraction <= MAX_GLYCOL_FRACTION:
        raise ValueError(
            f"{fluid} mass fraction {mass_fraction} is outside 0…{MAX_GLYCOL_FRACTION}"
        )
    return _horner(_GLYCOLS[fluid][2], mass_fraction)


@lru_cache(maxsize=32)
def _build(fluid: Fluid, mass_fraction: float) -> FluidProperties:
    fluid = Fluid(fluid)
    t_min = freezing_point(fluid, mass_fraction)
    if fluid is Fluid.WATER:
        return FluidProperties(
            fluid, 0.0, t_min, MAX_TEMP_C, WATER_DENSITY, WATER_SPECIFIC_HEAT
        )
    rho, cp, _ = _GLYCOLS[fluid]
    return FluidProperties(
        fluid,
        mass_fraction,
        t_min,
        MAX_TEMP_C,
        _collapse(rho, mass_fraction),
        _collapse(cp, mass_fraction),
    )


WATER_PROPERTIES = _build(Fluid.WATER, 0.0)
"""Plain water (2 bar), 0…100 °C."""

# The last set handed out: a device asks for the same fluid sample after sample,
# and an identity check is cheaper than the cache's hashing.
_last = [WATER_PROPERTIES]


def fluid_properties(fluid: Fluid, mass_fraction: float = 0.0) -> FluidProperties:
    """The (cached) property set for a fluid and glycol mass fraction (0…0.5).

    Raises ValueError for an unknown fluid, a fraction outside 0…0.5 or any
    fraction on plain water.
    """
    last = _last[0]
    if last.fluid is fluid and last.mass_fraction == mass_fraction:
        return last
    if fluid == Fluid.WATER and mass_fraction == 0.0:
        props = WATER_PROPERTIES
    else:
        props = _build(fluid, mass_fraction)
    _last[0] = props
    return props


def density(fluid: Fluid, temp_c: float, mass_fraction: float = 0.0) -> float:
    """Density in kg/m³; ValueError outside freezing point…100 °C."""
    return fluid_properties(fluid, mass_fraction).density(temp_c)


def specific_heat(fluid: Fluid, temp_c: float, mass_fraction: float = 0.0) -> float:
    """Specific heat in J/(kg·K); ValueError outside freezing point…100 °C."""
    return fluid_properties(fluid, mass_fraction).specific_heat(temp_c)


def volumetric_heat_capacity(
    fluid: Fluid, temp_c: float, mass_fraction: float = 0.0
) -> float:
    """rho·cp in J/(m³·K); ValueError outside freezing point…100 °C."""
    return fluid_properties(fluid, mass_fraction).volumetric_heat_capacity(temp_c)
