"""Physics models, one per kind of heat pump, advanced with ``step(dt)``."""

from __future__ import annotations

from custom_components.heatpump.core.quantities import Kind

from ..weather import Weather
from .air_to_air import AirToAir
from .air_to_water import AirToWater
from .base import HeatPumpModel, StepResult, WriteError
from .dryer import Dryer
from .ground_source import GroundSource
from .pool import Pool
from .water_heater import WaterHeater
from .water_source import WaterSource

MODEL_KINDS: tuple[Kind, ...] = (
    Kind.AIR_TO_WATER,
    Kind.GROUND_SOURCE,
    Kind.WATER_SOURCE,
    Kind.AIR_TO_AIR,
    Kind.WATER_HEATER,
    Kind.POOL,
    Kind.DRYER,
)


def build_model(
    kind: Kind | str, weather: Weather, *, seed: int = 1, cold_climate: bool = False
) -> HeatPumpModel:
    """A model of ``kind`` with default parameters.

    ``cold_climate`` selects the cold-climate variant of the air-source
    kinds (runs to −25 °C with falling capacity); other kinds ignore it.
    """
    kind = Kind(kind)
    if kind is Kind.AIR_TO_WATER:
        return AirToWater(weather, seed=seed, cold_climate=cold_climate)
    if kind is Kind.AIR_TO_AIR:
        return AirToAir(weather, seed=seed, cold_climate=cold_climate)
    if kind is Kind.GROUND_SOURCE:
        return GroundSource(weather, seed=seed)
    if kind is Kind.WATER_SOURCE:
        return WaterSource(weather, seed=seed)
    if kind is Kind.WATER_HEATER:
        return WaterHeater(weather, seed=seed)
    if kind is Kind.POOL:
        return Pool(weather, seed=seed)
    if kind is Kind.DRYER:
        return Dryer(weather, seed=seed)
    raise ValueError(f"no model for kind {kind}")


__all__ = [
    "MODEL_KINDS",
    "AirToAir",
    "AirToWater",
    "Dryer",
    "GroundSource",
    "HeatPumpModel",
    "Pool",
    "StepResult",
    "WaterHeater",
    "WaterSource",
    "WriteError",
    "build_model",
]
