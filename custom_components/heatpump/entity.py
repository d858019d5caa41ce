"""Base entity: one device per unit, state from the coordinator."""

from __future__ import annotations

from typing import Any

from homeassistant.const import EntityCategory
from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import HeatPumpCoordinator
from .core.profile.model import Point, Profile
from .core.quantities import Kind, Quantity

_NEVER_SHOWN = object()


class HeatPumpEntity(CoordinatorEntity[HeatPumpCoordinator]):
    """An entity of one heat pump device."""

    _attr_has_entity_name = True
    paced = False
    """A figure over a period: written at most once per
    ``PERIOD_FIGURES_EVERY`` while it stays available (see the coordinator)."""

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
        if shown == self._written:
            return
        if self.paced:
            coordinator = self.coordinator
            if (
                not coordinator.period_figures_due
                and shown[0]
                and self._written is not _NEVER_SHOWN
                and self._written[0]
            ):
                coordinator.period_figure_held()
                return
            coordinator.period_figure_written()
        self._written = shown
        self.async_write_ha_state()


_COMPUTED_TOO = {
    Quantity.ELECTRICAL_POWER,
    Quantity.HEAT_POWER,
    Quantity.OPERATING_MODE,
    Quantity.COMPRESSOR_RUNNING,
    Quantity.DEFROST_ACTIVE,
    Quantity.REVERSING_VALVE,
}
"""What a heat pump's computed entities already show (filtered, validated)."""


def repeats_computed(point: Point, profile: Profile) -> bool:
    """A read-only point a computed entity of the heat pump already shows.

    Such a "Reported ..." entity is a diagnostic, disabled by default.  A
    meter has no computed entities: its points are what it shows.
    """
    return (
        profile.kind is not Kind.METER
        and not point.is_writable
        and point.quantity in _COMPUTED_TOO
    )


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
        if coordinator.profile is not None and repeats_computed(
            point, coordinator.profile
        ):
            self._attr_entity_category = EntityCategory.DIAGNOSTIC
            self._attr_entity_registry_enabled_default = False

    def shown(self) -> Any:
        """The point's value: all a point entity shows."""
        return self.coordinator.data.points.get(self.point_key)
