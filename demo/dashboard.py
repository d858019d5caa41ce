"""The demo dashboard, built from Home Assistant's own cards.

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

LIVE_COP = ("sensor", "cop")
ESSENTIAL = (LIVE_COP, ("sensor", "operating_mode"), ("binary_sensor", "defrost"))
"""Entities the dashboard cannot do without (and the browser test checks)."""

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


def build(entities: Entities, title: str, speed: float) -> dict[str, Any]:
    """The Lovelace config of the demo dashboard (``speed``: simulator's)."""
    sections: list[dict[str, Any]] = []

    live: list[dict[str, Any]] = []
    if LIVE_COP in entities:
        live.append(
            {
                "type": "gauge",
                "entity": entities[LIVE_COP],
                "name": "Live COP",
                "min": 0,
                "max": 7,
                "needle": True,
                "severity": {"red": 0, "yellow": 2.5, "green": 3.5},
                "grid_options": {"columns": 12, "rows": 4},
            }
        )
    live += _tiles(
        entities,
        [
            ("sensor", "heat_power", "Heat output"),
            ("sensor", "electrical_power", "Electrical input"),
        ],
    )
    sections.append(_section("Live", live))

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

    daily = [
        {"entity": entities[("sensor", key)], "name": name}
        for key, name in (("cop_today", "COP today"), ("cop", "Live COP"))
        if ("sensor", key) in entities
    ]
    if daily:
        # Statistics run on Home Assistant's clock, not the simulator's: the
        # recorder compiles 5-minute means, and hourly ones (hence days) at
        # each full hour.
        sections.append(
            _section(
                "Statistics",
                [
                    {
                        "type": "statistics-graph",
                        "title": "Daily COP (mean, compiled hourly)",
                        "entities": daily,
                        "period": "day",
                        "days_to_show": 14,
                        "stat_types": ["mean"],
                        "chart_type": "bar",
                        "grid_options": {"columns": "full"},
                    },
                    {
                        "type": "statistics-graph",
                        "title": "Live COP, 5-minute means",
                        "entities": daily[-1:],
                        "period": "5minute",
                        "days_to_show": 1,
                        "stat_types": ["mean", "min", "max"],
                        "chart_type": "line",
                        "grid_options": {"columns": "full"},
                    },
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
