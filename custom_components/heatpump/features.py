"""What a unit can report, from its kind and what its profile reads.

Computed entities are created only where they can ever have a value: a
ground-source unit whose profile reads no defrost flag never defrosts, so it
gets no defrost sensors, and a backup heater's kWh needs the heater's state.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from homeassistant.helpers import entity_registry as er

from .const import CONF_SOURCE_ENTITIES, DOMAIN
from .coordinator import HeatPumpCoordinator
from .core.quantities import Kind, Mode, Quantity


class Feature(StrEnum):
    """Parts of a unit that some computed entities need."""

    DEFROST = "defrost"
    REVERSING_VALVE = "reversing_valve"
    BACKUP_HEATER = "backup_heater"


AIR_SOURCE = frozenset({Kind.AIR_TO_WATER, Kind.AIR_TO_AIR, Kind.POOL})
"""Outdoor-air units: the coil frosts, so the engine infers defrosts from the
loop (flow below return) and the reversing valve from mode and defrost."""


def unit_features(coordinator: HeatPumpCoordinator) -> frozenset[Feature]:
    """The features of the coordinator's unit."""
    profile = coordinator.profile
    mapped = coordinator.config_entry.data.get(CONF_SOURCE_ENTITIES) or {}

    def reads(quantity: Quantity) -> bool:
        if profile is None:
            return quantity.value in mapped
        return profile.point_for(quantity) is not None

    config = coordinator.engine_config
    air_source = config.kind in AIR_SOURCE
    mode_says_defrost = profile is not None and any(
        point.quantity is Quantity.OPERATING_MODE
        and Mode.DEFROST.value in point.value_map.values()
        for point in profile.points
    )
    features: set[Feature] = set()
    if (
        reads(Quantity.DEFROST_ACTIVE)
        or mode_says_defrost
        or (air_source and config.infer_defrost)
    ):
        features.add(Feature.DEFROST)
    if reads(Quantity.REVERSING_VALVE) or air_source:
        features.add(Feature.REVERSING_VALVE)
    if reads(Quantity.BACKUP_HEATER):
        features.add(Feature.BACKUP_HEATER)
    return frozenset(features)


def remove_unused(
    coordinator: HeatPumpCoordinator, domain: str, keys: Iterable[str]
) -> None:
    """Drop the registry entries of computed entities that do not apply.

    Earlier versions created them everywhere; without this they would linger
    as "no longer provided" on units that can never fill them.
    """
    registry = er.async_get(coordinator.hass)
    entry_id = coordinator.config_entry.entry_id
    for key in keys:
        entity_id = registry.async_get_entity_id(domain, DOMAIN, f"{entry_id}_{key}")
        if entity_id is not None:
            registry.async_remove(entity_id)
