"""The config flow steps that build a unit from other integrations' entities.

1. ``entities``: a name, the kind, and the unit's device (or its entities);
2. ``entities_map``: only the kind's fields, pre-filled from that device's
   entities (see :mod:`.entity_guess`) for the user to confirm;
3. ``entities_modes``: a numeric operating-state sensor gets a value → mode
   map, one field per state the recorder has seen;
4. ``entities_check``: heat and electrical power that look swapped (COP
   outside 1–8 while running) are shown before the entry is made.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntry, ConfigFlow, ConfigFlowResult
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_FRIENDLY_NAME,
    ATTR_UNIT_OF_MEASUREMENT,
    CONF_NAME,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    DeviceSelector,
    EntitySelector,
    EntitySelectorConfig,
    TextSelector,
)

from .const import (
    CONF_KIND,
    CONF_MODE_MAP,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    TransportType,
)
from .core.quantities import QUANTITIES, Kind, Quantity
from .entities_history import async_first_cops, async_recorded
from .entity_guess import KIND_QUANTITIES, Candidate, entities_errors, guess
from .transports import (
    DEFAULT_ENTITIES_NAME,
    ENTITY_QUANTITIES,
    UNIT_KINDS,
    choice,
)
from .validation import missing_entities

CONF_DEVICE = "device"
CONF_ENTITIES = "entities"
COP_RANGE = (1.0, 8.0)
MODES = tuple(QUANTITIES[Quantity.OPERATING_MODE].options)


def map_schema(kind: Kind, with_name: bool) -> vol.Schema:
    """The kind's entity fields (and the name, when changing a unit)."""
    fields: dict[vol.Marker, Any] = {}
    if with_name:
        fields[vol.Required(CONF_NAME)] = TextSelector()
    for quantity in KIND_QUANTITIES[kind]:
        fields[vol.Optional(quantity.value)] = EntitySelector(
            ENTITY_QUANTITIES[quantity]
        )
    return vol.Schema(fields)


def chosen_entities(kind: Kind, user_input: Mapping[str, Any]) -> dict[str, str]:
    """The chosen entities of the kind's fields, by quantity key."""
    return {
        quantity.value: str(user_input[quantity.value])
        for quantity in KIND_QUANTITIES[kind]
        if user_input.get(quantity.value)
    }


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class EntitiesFlow(ConfigFlow):
    """The entities steps; the config flow supplies claiming and saving."""

    _entities_name: str = DEFAULT_ENTITIES_NAME
    _entities_kind: Kind = Kind.AIR_TO_WATER
    _entities_candidates: list[str]
    _entities_chosen: dict[str, str]
    _entities_modes: dict[str, str]

    if TYPE_CHECKING:

        def _reconfiguring(self) -> ConfigEntry | None: ...

        async def _async_claim(
            self, data: Mapping[str, Any], entry: ConfigEntry | None
        ) -> str: ...

        def _finish(
            self,
            entry: ConfigEntry | None,
            unique_id: str,
            title: str,
            data: dict[str, Any],
            *,
            dropped: tuple[str, ...] = (),
        ) -> ConfigFlowResult: ...

    async def async_step_entities(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Name, kind and the unit's device or entities (reconfigure: the map)."""
        if (entry := self._reconfiguring()) is not None:
            return await self._async_step_reconfigure_entities(entry, user_input)
        if user_input is not None:
            self._entities_kind = Kind(user_input[CONF_KIND])
            self._entities_candidates = list(user_input.get(CONF_ENTITIES, []))
            device_id = user_input.get(CONF_DEVICE)
            name = str(user_input.get(CONF_NAME, "")).strip()
            if device_id:
                self._entities_candidates += [
                    e.entity_id
                    for e in er.async_entries_for_device(
                        er.async_get(self.hass), device_id
                    )
                    if not e.disabled
                ]
                device = dr.async_get(self.hass).async_get(device_id)
                if device is not None and not name:
                    name = device.name_by_user or device.name or ""
            self._entities_name = name or DEFAULT_ENTITIES_NAME
            self._entities_chosen = {}
            return await self.async_step_entities_map()
        return self.async_show_form(
            step_id="entities",
            data_schema=vol.Schema(
                {
                    vol.Optional(CONF_NAME): TextSelector(),
                    vol.Required(CONF_KIND, default=Kind.AIR_TO_WATER.value): choice(
                        UNIT_KINDS, "kind"
                    ),
                    vol.Optional(CONF_DEVICE): DeviceSelector(),
                    vol.Optional(CONF_ENTITIES): EntitySelector(
                        EntitySelectorConfig(multiple=True)
                    ),
                }
            ),
        )

    def _candidates(self) -> list[Candidate]:
        found = []
        for entity_id in dict.fromkeys(self._entities_candidates):
            if (state := self.hass.states.get(entity_id)) is None:
                continue
            attributes = state.attributes
            found.append(
                Candidate(
                    entity_id,
                    attributes.get(ATTR_DEVICE_CLASS),
                    attributes.get(ATTR_UNIT_OF_MEASUREMENT),
                    str(attributes.get(ATTR_FRIENDLY_NAME) or entity_id),
                )
            )
        return found

    async def async_step_entities_map(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Only the kind's fields, pre-filled by the guess."""
        kind = self._entities_kind
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            chosen = chosen_entities(kind, user_input)
            errors, placeholders = self._entities_errors(chosen)
            if not errors:
                self._entities_chosen = chosen
                self._entities_modes = {}
                if await self._async_numeric_states(chosen):
                    return await self.async_step_entities_modes()
                return await self._async_check_entities()
        elif self._entities_chosen:  # back from the check
            user_input = dict(self._entities_chosen)
        else:
            guessed = guess(KIND_QUANTITIES[kind], self._candidates())
            user_input = {quantity.value: e for quantity, e in guessed.items()}
        return self.async_show_form(
            step_id="entities_map",
            data_schema=self.add_suggested_values_to_schema(
                map_schema(kind, with_name=False), user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _entities_errors(
        self, chosen: Mapping[str, str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        if errors := entities_errors(chosen):
            return errors, {}
        missing = missing_entities(self.hass, chosen)
        return dict.fromkeys(missing, "entity_not_found"), {
            "entities": ", ".join(missing.values())
        }

    async def _async_numeric_states(self, chosen: Mapping[str, str]) -> list[str]:
        """The states seen on a numeric mode sensor (empty: not numeric)."""
        entity_id = chosen.get(Quantity.OPERATING_MODE)
        if entity_id is None:
            return []
        recorded = await async_recorded(self.hass, [entity_id])
        seen = {state.state for state in recorded.get(entity_id, [])}
        if (current := self.hass.states.get(entity_id)) is not None:
            seen.add(current.state)
        seen -= {STATE_UNAVAILABLE, STATE_UNKNOWN, ""}
        if not seen or not all(_is_number(s) for s in seen):
            return []
        return sorted(seen, key=float)

    async def async_step_entities_modes(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Value → mode for each state the numeric mode sensor reported."""
        values = await self._async_numeric_states(self._entities_chosen)
        if user_input is not None:
            self._entities_modes = {
                value: str(user_input[value])
                for value in values
                if user_input.get(value)
            }
            return await self._async_check_entities()
        return self.async_show_form(
            step_id="entities_modes",
            data_schema=vol.Schema(
                {vol.Optional(value): choice(MODES, "mode") for value in values}
            ),
            description_placeholders={
                "entity": self._entities_chosen[Quantity.OPERATING_MODE]
            },
        )

    async def _async_check_entities(self) -> ConfigFlowResult:
        cops = await async_first_cops(self.hass, self._entities_chosen)
        if cops and not COP_RANGE[0] <= statistics.median(cops) <= COP_RANGE[1]:
            return self.async_show_menu(
                step_id="entities_check",
                menu_options=["entities_swap", "entities_map", "entities_save"],
                description_placeholders={
                    "cop": f"{statistics.median(cops):.2f}",
                    "samples": str(len(cops)),
                },
            )
        return await self.async_step_entities_save()

    async def async_step_entities_check(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The check's menu (shown by the map or mode step)."""
        return await self._async_check_entities()

    async def async_step_entities_swap(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Swap heat and electrical power, then check again."""
        chosen = self._entities_chosen
        heat = chosen.pop(Quantity.HEAT_POWER, None)
        electrical = chosen.pop(Quantity.ELECTRICAL_POWER, None)
        if electrical:
            chosen[Quantity.HEAT_POWER] = electrical
        if heat:
            chosen[Quantity.ELECTRICAL_POWER] = heat
        return await self._async_check_entities()

    async def async_step_entities_save(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Create the entry."""
        data = self._entities_data(self._entities_kind, self._entities_chosen)
        if self._entities_modes:
            data[CONF_MODE_MAP] = self._entities_modes
        unique_id = await self._async_claim(data, None)
        return self._finish(None, unique_id, self._entities_name, data)

    @staticmethod
    def _entities_data(kind: Kind, chosen: Mapping[str, str]) -> dict[str, Any]:
        ordered = {q.value: chosen[q] for q in ENTITY_QUANTITIES if q in chosen}
        return {
            CONF_TRANSPORT: TransportType.ENTITIES.value,
            CONF_KIND: kind.value,
            CONF_SOURCE_ENTITIES: ordered,
        }

    async def _async_step_reconfigure_entities(
        self, entry: ConfigEntry, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """Change the entities (and name) of an existing unit of its kind."""
        kind = Kind(entry.data[CONF_KIND])
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            chosen = chosen_entities(kind, user_input)
            errors, placeholders = self._entities_errors(chosen)
            if not errors:
                data = self._entities_data(kind, chosen)
                old = entry.data[CONF_SOURCE_ENTITIES].get(Quantity.OPERATING_MODE)
                if entry.data.get(CONF_MODE_MAP) and old == chosen.get(
                    Quantity.OPERATING_MODE
                ):
                    data[CONF_MODE_MAP] = entry.data[CONF_MODE_MAP]
                unique_id = await self._async_claim(data, entry)
                name = str(user_input[CONF_NAME]).strip() or entry.title
                # Another mode sensor: the old one's value map does not apply.
                return self._finish(
                    entry, unique_id, name, data, dropped=(CONF_MODE_MAP,)
                )
        else:
            user_input = {CONF_NAME: entry.title, **entry.data[CONF_SOURCE_ENTITIES]}
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                map_schema(kind, with_name=True), user_input
            ),
            errors=errors,
            description_placeholders=placeholders,
        )
