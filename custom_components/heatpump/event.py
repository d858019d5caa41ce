"""Events: defrost started/ended and mode changed, for automations."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import HeatPumpConfigEntry
from .core.quantities import Kind
from .entity import HeatPumpEntity
from .features import Feature, remove_unused, unit_features

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HeatPumpEventEntityDescription(EventEntityDescription):
    """Maps engine events to this entity's event types."""

    engine_events: dict[str, str]
    """Engine event kind -> event type."""
    needs: Feature | None = None
    """Only for units with this feature (see ``features``)."""


EVENTS: tuple[HeatPumpEventEntityDescription, ...] = (
    HeatPumpEventEntityDescription(
        key="defrost",
        translation_key="defrost",
        event_types=["started", "ended"],
        engine_events={"defrost_started": "started", "defrost_ended": "ended"},
        needs=Feature.DEFROST,
    ),
    HeatPumpEventEntityDescription(
        key="mode",
        translation_key="mode",
        event_types=["changed"],
        engine_events={"mode_changed": "changed"},
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: HeatPumpConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Mode events, and defrost events where the unit can defrost."""
    coordinator = entry.runtime_data
    if coordinator.engine_config.kind is Kind.METER:
        return
    features = unit_features(coordinator)
    applies = [
        description
        for description in EVENTS
        if description.needs is None or description.needs in features
    ]
    remove_unused(
        coordinator, "event", {d.key for d in EVENTS} - {d.key for d in applies}
    )
    async_add_entities(
        HeatPumpEvent(coordinator, description) for description in applies
    )


class HeatPumpEvent(HeatPumpEntity, EventEntity):
    """Fires when the engine reports a matching event."""

    entity_description: HeatPumpEventEntityDescription

    @callback
    def _handle_coordinator_update(self) -> None:
        for event in self.coordinator.data.events:
            event_type = self.entity_description.engine_events.get(event.kind)
            if event_type is not None:
                self._trigger_event(event_type, dict(event.data))
        super()._handle_coordinator_update()

    def shown(self) -> str | None:
        """The latest event's time (its type and data change with it)."""
        return self.state
