"""Base entity: one device per unit, state from the coordinator."""

from __future__ import annotations

from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import HeatPumpCoordinator
from .core.profile.model import Point

_NEVER_SHOWN = object()


class HeatPumpEntity(CoordinatorEntity[HeatPumpCoordinator]):
    """An entity of one heat pump device."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: HeatPumpCoordinator,
        description: EntityDescription,
        context: str | None = None,
    ) -> None:
        """Identify the entity by config entry, so reconfiguring keeps history.

        The device is registered at setup; ``context`` is the point this
        entity needs polled while it listens.
        """
        super().__init__(coordinator, context)
        self.entity_description = description
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, entry.entry_id)})
        self._written: Any = _NEVER_SHOWN

    def shown(self) -> Any:
        """What a person sees of this entity, cheap to compute and compare.

        An update that leaves it equal writes nothing: writing a state costs
        Home Assistant far more than computing it.  By default every update
        is shown (entities whose look depends on many readings).
        """
        return object()

    @callback
    def _handle_coordinator_update(self) -> None:
        shown = (self.available, self.shown())
        if shown != self._written:
            self._written = shown
            self.async_write_ha_state()


class PointEntity(HeatPumpEntity):
    """An entity showing one profile point; the point is read while it listens."""

    def __init__(
        self,
        coordinator: HeatPumpCoordinator,
        description: EntityDescription,
        point: Point,
    ) -> None:
        """Untranslated points carry the name their profile gives them."""
        super().__init__(coordinator, description, point.key)
        self.point_key = point.key
        self._point = point
        if description.translation_key is None:
            self._attr_name = point.name

    def shown(self) -> Any:
        """The point's value: all a point entity shows."""
        return self.coordinator.data.points.get(self.point_key)
