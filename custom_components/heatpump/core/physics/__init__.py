"""Heat pump physics: fluid and air properties, heat, Carnot, COP models, frost.

Pure functions on floats, stdlib only, cheap enough to run per sample.  Every
formula and constant comes from the project's physics notes; the modules'
docstrings name the sources.
"""

from __future__ import annotations

from .air import (
    air_volumetric_heat_capacity,
    dry_air_density,
    humidity_ratio,
    moist_air_enthalpy,
    moist_air_specific_volume,
    saturation_pressure,
)
from .carnot import (
    CONDENSING_OFFSET_K,
    EVAPORATING_OFFSET_K,
    PRACTICAL_FACTOR,
    carnot_cop_cooling,
    carnot_cop_heating,
    carnot_efficiency,
    practical_cop,
)
from .expected import (
    FIELD_CORRECTION,
    CopModel,
    RatingCurve,
    expected_cop,
    model_for_kind,
    rating_cop,
)
from .fluids import (
    WATER_PROPERTIES,
    Fluid,
    FluidProperties,
    density,
    fluid_properties,
    freezing_point,
    specific_heat,
    volumetric_heat_capacity,
)
from .frost import (
    FrostSeverity,
    frost_cop_factor,
    frost_severity,
    frost_thresholds,
    typical_defrost_interval_s,
)
from .heat import (
    air_sensible_heat_power,
    air_total_heat_power,
    hydronic_heat_power,
    standing_loss_kwh_per_day,
    standing_loss_ua,
    tank_energy_kwh,
    tank_heat_capacity,
)

__all__ = [
    "CONDENSING_OFFSET_K",
    "EVAPORATING_OFFSET_K",
    "FIELD_CORRECTION",
    "PRACTICAL_FACTOR",
    "WATER_PROPERTIES",
    "CopModel",
    "Fluid",
    "FluidProperties",
    "FrostSeverity",
    "RatingCurve",
    "air_sensible_heat_power",
    "air_total_heat_power",
    "air_volumetric_heat_capacity",
    "carnot_cop_cooling",
    "carnot_cop_heating",
    "carnot_efficiency",
    "density",
    "dry_air_density",
    "expected_cop",
    "fluid_properties",
    "freezing_point",
    "frost_cop_factor",
    "frost_severity",
    "frost_thresholds",
    "humidity_ratio",
    "hydronic_heat_power",
    "model_for_kind",
    "moist_air_enthalpy",
    "moist_air_specific_volume",
    "practical_cop",
    "rating_cop",
    "saturation_pressure",
    "specific_heat",
    "standing_loss_kwh_per_day",
    "standing_loss_ua",
    "tank_energy_kwh",
    "tank_heat_capacity",
    "typical_defrost_interval_s",
    "volumetric_heat_capacity",
]
