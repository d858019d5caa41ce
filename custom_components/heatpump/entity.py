"""Base entity: one device per unit, state from the coordinator."""

from __future__ import annotations

from homeassistant.const import EntityCategory
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import HeatPumpCoordinator
from .core.profile.model import Point
from .point_entities import repeats_computed


class HeatPumpEntity(CoordinatorEntity[HeatPumpCoordinator]):
    """An entity of one heat pump device."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: HeatPumpCoordinator, description: EntityDescription
    ) -> None:
        """Identify the entity by config entry, so reconfiguring keeps history."""
        super().__init__(coordinator)
        self.entity_description = description
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        profile = coordinator.profile
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=entry.title,
            manufacturer=(profile.manufacturer if profile else None),
            model=(profile.model or profile.name) if profile else None,
            sw_version=_firmware(coordinator),
        )


def _firmware(coordinator: HeatPumpCoordinator) -> str | None:
    value = (
        coordinator.data.points.get("firmware_version") if coordinator.data else None
    )
    return str(value) if value is not None else None


class PointEntity(HeatPumpEntity):
    """An entity showing one profile point; the point is read while enabled."""

    def __init__(
        self,
        coordinator: HeatPumpCoordinator,
        description: EntityDescription,
        point: Point,
    ) -> None:
        """Untranslated points carry the name their profile gives them."""
        super().__init__(coordinator, description)
        self.point_key = point.key
        self._point = point
        if description.translation_key is None:
            self._attr_name = point.name
        if coordinator.profile is not None and repeats_computed(
            point, coordinator.profile
        ):
            self._attr_entity_category = EntityCategory.DIAGNOSTIC
            self._attr_entity_registry_enabled_default = False

    async def async_added_to_hass(self) -> None:
        """Ask the coordinator to read this point."""
        await super().async_added_to_hass()
        self.coordinator.wanted_points.add(self.point_key)

    async def async_will_remove_from_hass(self) -> None:
        """Stop reading this point."""
        self.coordinator.wanted_points.discard(self.point_key)
        await super().async_will_remove_from_hass()
