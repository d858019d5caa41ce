"""Build the analytics engine's settings from a config entry."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant

from .const import (
    CONF_COMPRESSOR_THRESHOLD,
    CONF_FLUID,
    CONF_GLYCOL_PERCENT,
    CONF_INFER_DEFROST,
    CONF_KIND,
    CONF_TANK_VOLUME,
    CONF_VALVE_POLARITY,
    DEFAULT_COMPRESSOR_THRESHOLD,
)
from .core.analytics.config import EngineConfig
from .core.physics.fluids import Fluid
from .core.profile.model import Profile
from .core.quantities import Kind


def engine_config_for(
    hass: HomeAssistant, entry: ConfigEntry, profile: Profile | None
) -> EngineConfig:
    """The engine settings: unit kind from the profile, the rest from options."""
    options = entry.options
    kind = profile.kind if profile is not None else Kind(entry.data[CONF_KIND])
    fluid = Fluid(options.get(CONF_FLUID, Fluid.WATER))
    threshold = float(
        options.get(CONF_COMPRESSOR_THRESHOLD, DEFAULT_COMPRESSOR_THRESHOLD)
    )
    return EngineConfig(
        kind=kind,
        fluid=fluid,
        mass_fraction=(
            0.0
            if fluid is Fluid.WATER
            else float(options.get(CONF_GLYCOL_PERCENT, 0)) / 100.0
        ),
        compressor_threshold_w=threshold,
        live_cop_min_power_w=threshold,
        heat_power_clamped=profile is not None and profile.heat_power_clamped,
        infer_defrost=bool(options.get(CONF_INFER_DEFROST, True)),
        reversing_valve_energized_in=options.get(CONF_VALVE_POLARITY, "cooling"),
        time_zone=str(hass.config.time_zone),
        tank_volume_l=_tank_volume(options.get(CONF_TANK_VOLUME), profile),
        rating_points=tuple(
            (point.source, point.sink, point.cop) for point in profile.rating
        )
        if profile is not None
        else (),
    )


def _tank_volume(option: object, profile: Profile | None) -> float | None:
    """The tank-volume option, else the profile's volume, else unknown."""
    if isinstance(option, int | float) and option > 0:
        return float(option)
    return profile.tank_volume_l if profile is not None else None
