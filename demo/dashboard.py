"""The demo dashboard: the heatpump-card next to controls and Home Assistant's cards.

Entity ids are looked up in the entity registry by unique id
(``<entry id>_<key>``), never guessed from names, so a renamed entity or
another kind of unit still lands on the right card.  A card whose entities
the unit lacks is left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

VIEW_PATH = "heat-pump"

ESSENTIAL = (
    ("sensor", "operating_mode"),
    ("sensor", "electrical_energy"),
    ("binary_sensor", "compressor_running"),
)
"""Entities the dashboard waits for: every kind of heat pump has them (a dryer
has no COP, a ground-source unit no defrost)."""

TEMPERATURE_POINTS = {
    "point_flow_temperature": "Flow",
    "point_return_temperature": "Return",
    "point_outdoor_temperature": "Outdoor",
    "point_supply_air_temperature": "Supply air",
    "point_return_air_temperature": "Return air",
    "point_source_in_temperature": "Source in",
    "point_source_out_temperature": "Source out",
    "point_dhw_temperature": "Hot water",
    "point_pool_temperature": "Pool",
    "point_room_temperature": "Room",
}
"""Temperatures for the history graph, most wanted first (three at most)."""

Entities = Mapping[tuple[str, str], str]
"""(domain, key) -> entity id."""


def entities_of_entry(
    registry: list[dict[str, Any]], entry_id: str
) -> dict[tuple[str, str], str]:
    """Map (domain, description key) to entity id for one config entry."""
    prefix = f"{entry_id}_"
    found: dict[tuple[str, str], str] = {}
    for entity in registry:
        unique_id = entity.get("unique_id") or ""
        if entity.get("config_entry_id") != entry_id or not unique_id.startswith(
            prefix
        ):
            continue
        if entity.get("disabled_by"):
            continue
        domain = entity["entity_id"].split(".", 1)[0]
        found[(domain, unique_id.removeprefix(prefix))] = entity["entity_id"]
    return found


def device_of_entry(registry: list[dict[str, Any]], entry_id: str) -> str | None:
    """The heat pump's device id (the card finds its entities from it)."""
    for entity in registry:
        if entity.get("config_entry_id") == entry_id and entity.get("device_id"):
            return str(entity["device_id"])
    return None


def _controls(entities: Entities) -> list[dict[str, Any]]:
    """Climate, water heater, mode select and setpoints: what a homeowner changes."""
    cards: list[dict[str, Any]] = []
    for (domain, _key), entity_id in sorted(entities.items()):
        if domain == "climate":
            cards.append({"type": "thermostat", "entity": entity_id})
        elif domain == "water_heater":
            cards.append({"type": "tile", "entity": entity_id, "features": []})
    cards += [
        {"type": "tile", "entity": entity_id}
        for (domain, _key), entity_id in sorted(entities.items())
        if domain in ("select", "number")
    ]
    return cards


def _tile(entity_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"type": "tile", "entity": entity_id, "name": name, **extra}


def _tiles(
    entities: Entities, wanted: list[tuple[str, str, str]]
) -> list[dict[str, Any]]:
    return [
        _tile(entities[(domain, key)], name)
        for domain, key, name in wanted
        if (domain, key) in entities
    ]


def _section(title: str, cards: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "grid",
        "cards": [{"type": "heading", "heading": title}, *cards],
    }


def build(
    entities: Entities, title: str, speed: float, device_id: str | None = None
) -> dict[str, Any]:
    """The Lovelace config of the demo dashboard (``speed``: simulator's)."""
    sections: list[dict[str, Any]] = []

    if device_id is not None:
        sections.append(
            _section(
                "Live",
                [{"type": "custom:heatpump-card", "device_id": device_id}],
            )
        )
    if controls := _controls(entities):
        sections.append(_section("Controls", controls))

    sections.append(
        _section(
            "State",
            _tiles(
                entities,
                [
                    ("sensor", "operating_mode", "Mode"),
                    ("binary_sensor", "defrost", "Defrost"),
                    ("binary_sensor", "reversing_valve", "Reversing valve"),
                    ("binary_sensor", "compressor_running", "Compressor"),
                    ("binary_sensor", "short_cycling", "Short cycling"),
                    ("sensor", "point_outdoor_temperature", "Outdoor"),
                ],
            ),
        )
    )

    rows = [
        {"entity": entities[(domain, key)], "name": name}
        for domain, key, name in [
            ("sensor", "cop_today", "COP today"),
            ("sensor", "heat_energy", "Heat energy (total)"),
            ("sensor", "electrical_energy", "Electrical energy (total)"),
            ("sensor", "defrost_count_today", "Defrosts today"),
            ("sensor", "defrost_energy_today", "Defrost energy today"),
            ("sensor", "defrost_share_today", "Defrost share of heat today"),
            ("sensor", "compressor_starts_today", "Compressor starts today"),
        ]
        if (domain, key) in entities
    ]
    if rows:
        sections.append(
            _section(
                "Today", [{"type": "entities", "state_color": True, "entities": rows}]
            )
        )

    temperatures = [
        {"entity": entities[("sensor", key)], "name": name}
        for key, name in TEMPERATURE_POINTS.items()
        if ("sensor", key) in entities
    ][:3]
    if temperatures:
        minutes = 30
        if math.isinf(speed):
            simulated = ", simulator at full speed"
        elif speed > 1:
            simulated = f" ({minutes * speed / 60:g} h simulated)"
        else:
            simulated = ""
        sections.append(
            _section(
                "Temperatures",
                [
                    {
                        "type": "history-graph",
                        "title": f"Last {minutes} min{simulated}",
                        "hours_to_show": minutes / 60,
                        "entities": temperatures,
                        "grid_options": {"columns": "full"},
                    }
                ],
            )
        )

    if device_id is not None:
        # Daily COP = Σheat / Σelectricity from the recorder's statistics.
        sections.append(
            _section(
                "History",
                [
                    {
                        "type": "custom:heatpump-card",
                        "device_id": device_id,
                        "view": "history",
                        "grid_options": {"columns": "full"},
                    }
                ],
            )
        )

    return {
        "title": title,
        "views": [
            {
                "title": "Heat pump",
                "path": VIEW_PATH,
                "type": "sections",
                "max_columns": 3,
                "sections": sections,
            }
        ],
    }
