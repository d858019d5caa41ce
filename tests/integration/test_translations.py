"""Every entity of every platform has its name (and state names) in every language.

en.json is the source; every other file in translations/ carries exactly its
keys and, in each string, exactly its placeholders.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.heatpump.binary_sensor import BINARY_SENSORS
from custom_components.heatpump.core.quantities import QUANTITIES, Kind, ValueType
from custom_components.heatpump.event import EVENTS
from custom_components.heatpump.point_entities import BUTTON_QUANTITIES
from custom_components.heatpump.sensor import SENSORS
from tests.integration.simulated import modbus_entry, running_simulator

ROOT = Path(__file__).parents[2] / "custom_components/heatpump"
TRANSLATIONS = sorted((ROOT / "translations").glob("*.json"))
STRINGS = json.loads((ROOT / "translations/en.json").read_text())
ICONS = json.loads((ROOT / "icons.json").read_text())
ENTITY = STRINGS["entity"]


def _leaves(node: object, path: str = "") -> dict[str, object]:
    if isinstance(node, dict):
        found: dict[str, object] = {}
        for key, value in node.items():
            found |= _leaves(value, f"{path}.{key}" if path else key)
        return found
    return {path: node}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_there_is_more_than_english() -> None:
    """English and German ship."""
    assert {path.name for path in TRANSLATIONS} >= {"en.json", "de.json"}


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_every_string_is_text(path: Path) -> None:
    """Home Assistant rejects null or empty translation strings."""
    leaves = _leaves(json.loads(path.read_text()))
    assert [key for key, s in leaves.items() if not (isinstance(s, str) and s)] == []


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_same_keys_and_placeholders_as_english(path: Path) -> None:
    """A missing key falls back to English mid-screen; a wrong placeholder
    shows raw braces or loses the detail the message is about."""
    english = _leaves(STRINGS)
    other = _leaves(json.loads(path.read_text()))
    assert sorted(set(english) - set(other)) == [], "missing"
    assert sorted(set(other) - set(english)) == [], "not in en.json"
    wrong = {
        key: (_placeholders(str(english[key])), _placeholders(str(text)))
        for key, text in other.items()
        if _placeholders(str(text)) != _placeholders(str(english[key]))
    }
    assert wrong == {}


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_no_text_hassfest_refuses(path: Path) -> None:
    """hassfest's rules, for the files it does not read: no HTML-like <...>,
    no placeholder in single quotes."""
    for key, text in _leaves(json.loads(path.read_text())).items():
        assert not re.search(r"<[a-z/][^>]*>", str(text)), key
        assert not re.search(r"'\{\w+\}'", str(text)), key


def test_every_entity_translation_has_an_icon() -> None:
    """icons.json covers exactly the translated entities."""
    for platform, entries in ENTITY.items():
        assert set(entries) == set(ICONS["entity"].get(platform, {})), platform


def test_every_description_and_quantity_is_named() -> None:
    """Each computed entity, and each quantity on the platform it lands on."""
    assert {d.translation_key for d in SENSORS} <= set(ENTITY["sensor"])
    assert {d.translation_key for d in BINARY_SENSORS} <= set(ENTITY["binary_sensor"])
    for event in EVENTS:
        states = ENTITY["event"][event.translation_key]["state_attributes"]
        assert set(event.event_types) <= set(states["event_type"]["state"])
    for quantity, info in QUANTITIES.items():
        key = f"point_{quantity.value}"
        read, written = {
            ValueType.BOOL: ("binary_sensor", "switch"),
            ValueType.ENUM: ("sensor", "select"),
            ValueType.NUMBER: ("sensor", "number"),
            ValueType.TEXT: ("sensor", None),
        }[info.value_type]
        if quantity in BUTTON_QUANTITIES:
            written = "button"
        # The writable mode point is the select the climate entity sits beside.
        written_key = "mode_setting" if quantity.value == "mode_setting" else key
        keys = {read: key} | ({written: written_key} if written else {})
        for platform, platform_key in keys.items():
            assert platform_key in ENTITY[platform], (platform, platform_key)
            if info.options:
                states = ENTITY[platform][platform_key]["state"]
                assert set(info.options) <= set(states), (platform, platform_key)


async def _entities_of(
    hass: HomeAssistant, profiles_dir: Path, kind: Kind
) -> list[dict[str, Any]]:
    """Every entity a simulated unit of ``kind`` gets, with its state."""
    async with running_simulator(profiles_dir, kind=kind.value, seed=6) as sim:
        sim.advance(1800)
        entry = modbus_entry(sim, title=f"HP {kind.value}")
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        found = []
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        ):
            state = hass.states.get(entity.entity_id)
            found.append(
                {
                    "platform": entity.domain,
                    "translation_key": entity.translation_key,
                    "name": entity.original_name,
                    "state": state.state if state else None,
                    "options": (state.attributes.get("options") if state else None),
                }
            )
        assert await hass.config_entries.async_unload(entry.entry_id)
        return found


@pytest.mark.usefixtures("socket_enabled", "enable_all_entities")
@pytest.mark.parametrize("kind", [k for k in Kind if k is not Kind.METER])
async def test_every_entity_of_every_platform_is_translated(
    hass: HomeAssistant, profiles_dir: Path, kind: Kind
) -> None:
    """Set up a unit of each kind: each entity's name and each option and
    state it shows come from the translations."""
    entities = await _entities_of(hass, profiles_dir, kind)
    platforms = {entity["platform"] for entity in entities}
    assert {Platform.SENSOR, Platform.BINARY_SENSOR, Platform.EVENT} <= platforms
    for entity in entities:
        platform, key = entity["platform"], entity["translation_key"]
        assert key is not None, entity  # shipped generic profiles name nothing raw
        assert key in ENTITY[platform], entity
        texts = ENTITY[platform][key]
        for option in entity["options"] or ():
            assert option in texts["state"], (platform, key, option)
        has_states = platform in ("select", "water_heater") or (
            platform == "sensor" and entity["options"]
        )
        if has_states and entity["state"] not in (None, "unknown", "unavailable"):
            assert entity["state"] in texts["state"], entity
