"""Every entity has an English name and an icon; no string is empty."""

from __future__ import annotations

import json
from pathlib import Path

from custom_components.heatpump.binary_sensor import BINARY_SENSORS
from custom_components.heatpump.core.quantities import QUANTITIES
from custom_components.heatpump.event import EVENTS
from custom_components.heatpump.sensor import SENSORS

ROOT = Path(__file__).parents[2] / "custom_components/heatpump"
STRINGS = json.loads((ROOT / "translations/en.json").read_text())
ICONS = json.loads((ROOT / "icons.json").read_text())


def _strings(node: object) -> list[object]:
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in _strings(value)]
    return [node]


def test_every_string_is_text() -> None:
    """Home Assistant rejects null or empty translation strings."""
    assert all(isinstance(s, str) and s for s in _strings(STRINGS))


def test_every_entity_translation_has_an_icon() -> None:
    """icons.json covers exactly the translated entities."""
    for platform, entries in STRINGS["entity"].items():
        assert set(entries) == set(ICONS["entity"][platform]), platform


def test_descriptions_are_translated() -> None:
    """Each computed entity and each quantity has its English name."""
    entity = STRINGS["entity"]
    for description in SENSORS:
        assert description.translation_key in entity["sensor"]
    for description in BINARY_SENSORS:
        assert description.translation_key in entity["binary_sensor"]
    for event in EVENTS:
        assert set(event.event_types) <= set(
            entity["event"][event.translation_key]["state_attributes"]["event_type"][
                "state"
            ]
        )
    for quantity in QUANTITIES:
        key = f"point_{quantity.value}"
        assert key in entity["sensor"] or key in entity["binary_sensor"], key
