"""The demo's config dir and dashboard, without starting anything."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import bcrypt
import pytest

from custom_components.heatpump.const import USER_PROFILES_DIR
from custom_components.heatpump.core.profile.loader import load_profile
from custom_components.heatpump.core.profile.model import Profile
from demo import dashboard
from demo.config_dir import (
    ENTRY_TITLE,
    Owner,
    modbus_entry,
    mqtt_entries,
    write_config_dir,
)
from demo.requirements import demo_requirements
from heatpump_sim.profiles import write_simulator_profile

ENTRY_ID = "01DEMOENTRY"


def _simulator_profile(tmp_path: Path, shipped: str) -> Profile:
    """The simulator's profile, written where the demo writes it."""
    return load_profile(write_simulator_profile(tmp_path / USER_PROFILES_DIR, shipped))


def _store(path: Path) -> dict[str, Any]:
    stored: dict[str, Any] = json.loads(path.read_text())
    return stored


def test_modbus_entry_is_what_the_config_flow_stores(tmp_path: Path) -> None:
    """Data, unique id and title as the brief and the config flow define them."""
    entry = modbus_entry(5020, _simulator_profile(tmp_path, "generic_air_to_water"))
    assert entry["domain"] == "heatpump"
    assert entry["data"] == {
        "transport": "modbus_tcp",
        "host": "127.0.0.1",
        "port": 5020,
        "device_id": 1,
        "profile": "simulated_air_to_water",
    }
    assert entry["unique_id"] == "127.0.0.1:5020:1"
    assert entry["title"] == ENTRY_TITLE == "Heat pump"
    assert entry["source"] == "user"
    assert entry["options"] == {"scan_interval": 2}  # a short poll, see config_dir


def test_mqtt_entries(tmp_path: Path) -> None:
    """Home Assistant's MQTT entry for the private broker, then the unit's."""
    profile = _simulator_profile(tmp_path, "generic_mqtt_air_to_water")
    broker, unit = mqtt_entries(18830, profile, "heatpump")
    assert broker["domain"] == "mqtt"
    assert broker["data"] == {"broker": "127.0.0.1", "port": 18830}
    assert unit["data"] == {
        "transport": "mqtt",
        "topic_prefix": "heatpump",
        "profile": "simulated_mqtt_air_to_water",
    }
    assert unit["unique_id"] == "mqtt:heatpump"
    assert unit["options"] == {}


def test_config_dir_has_onboarding_done_and_an_owner(tmp_path: Path) -> None:
    """Onboarding done, the entries stored, the owner an admin who can log in."""
    entry = modbus_entry(5020, _simulator_profile(tmp_path, "generic_air_to_water"))
    token = write_config_dir(tmp_path, port=18123, entries=[entry], owner=Owner())
    assert token.count(".") == 2  # a JWT

    storage = tmp_path / ".storage"
    onboarding = _store(storage / "onboarding")
    assert set(onboarding["data"]["done"]) == {
        "user",
        "core_config",
        "analytics",
        "integration",
    }
    entries = _store(storage / "core.config_entries")["data"]["entries"]
    assert entries == [entry]

    auth = _store(storage / "auth")["data"]
    (user,) = auth["users"]
    assert user["is_owner"]
    assert user["is_active"]
    assert user["group_ids"] == ["system-admin"]
    (credential,) = auth["credentials"]
    assert credential["user_id"] == user["id"]
    assert credential["data"] == {"username": "demo"}
    assert any(
        t["token_type"] == "long_lived_access_token" for t in auth["refresh_tokens"]
    )

    (login,) = _store(storage / "auth_provider.homeassistant")["data"]["users"]
    assert login["username"] == "demo"
    assert bcrypt.checkpw(b"demo-password", base64.b64decode(login["password"]))

    config = (tmp_path / "configuration.yaml").read_text()
    if (storage / "http").exists():
        # Cores that store it would try a YAML section for five minutes, then restart.
        http = _store(storage / "http")["data"]
        assert http["stable"]["server_port"] == 18123
        assert http["stable"]["server_host"] == ["127.0.0.1"]
        assert http["pending"] is None
        assert "\nhttp:" not in config
    else:
        assert "server_port: 18123" in config
        assert "server_host: 127.0.0.1" in config
    assert "default_config" not in config
    link = tmp_path / "custom_components" / "heatpump"
    assert (link / "manifest.json").is_file()


def _registry(keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    rows = [
        {
            "entity_id": f"{domain}.heat_pump_{key}",
            "unique_id": f"{ENTRY_ID}_{key}",
            "config_entry_id": ENTRY_ID,
            "disabled_by": None,
        }
        for domain, key in keys
    ]
    rows.append(
        {
            "entity_id": "sensor.other_cop",
            "unique_id": "OTHER_cop",
            "config_entry_id": "OTHER",
            "disabled_by": None,
        }
    )
    rows.append(
        {
            "entity_id": "sensor.heat_pump_gross_cop_today",
            "unique_id": f"{ENTRY_ID}_gross_cop_today",
            "config_entry_id": ENTRY_ID,
            "disabled_by": "integration",
        }
    )
    return rows


AIR_TO_WATER = [
    ("sensor", "cop"),
    ("sensor", "heat_power"),
    ("sensor", "electrical_power"),
    ("sensor", "operating_mode"),
    ("binary_sensor", "defrost"),
    ("binary_sensor", "reversing_valve"),
    ("sensor", "cop_today"),
    ("sensor", "heat_energy"),
    ("sensor", "electrical_energy"),
    ("sensor", "defrost_count_today"),
    ("sensor", "defrost_energy_today"),
    ("sensor", "point_flow_temperature"),
    ("sensor", "point_return_temperature"),
    ("sensor", "point_outdoor_temperature"),
    ("sensor", "point_dhw_temperature"),
    ("event", "defrost"),
]


def _cards(config: dict[str, Any]) -> list[dict[str, Any]]:
    (view,) = config["views"]
    return [card for section in view["sections"] for card in section["cards"]]


def _entity_ids(card: dict[str, Any]) -> list[str]:
    if "entity" in card:
        return [card["entity"]]
    return [e if isinstance(e, str) else e["entity"] for e in card.get("entities", [])]


def test_dashboard_is_built_from_unique_ids() -> None:
    """Every card the brief asks for, on the entry's own enabled entities."""
    entities = dashboard.entities_of_entry(_registry(AIR_TO_WATER), ENTRY_ID)
    assert ("sensor", "cop") in entities
    assert ("event", "defrost") in entities
    assert ("binary_sensor", "defrost") in entities
    assert ("sensor", "gross_cop_today") not in entities
    assert "sensor.other_cop" not in entities.values()

    config = dashboard.build(entities, "Heat pump", 60.0, "device-1")
    cards = _cards(config)
    types = [card["type"] for card in cards]
    live, history_card = [c for c in cards if c["type"] == "custom:heatpump-card"]
    assert live == {"type": "custom:heatpump-card", "device_id": "device-1"}
    assert history_card["view"] == "history"
    assert history_card["device_id"] == "device-1"
    shown = {entity for card in cards for entity in _entity_ids(card)}
    for wanted in (
        "sensor.heat_pump_operating_mode",
        "binary_sensor.heat_pump_defrost",
        "binary_sensor.heat_pump_reversing_valve",
        "sensor.heat_pump_cop_today",
        "sensor.heat_pump_heat_energy",
        "sensor.heat_pump_electrical_energy",
        "sensor.heat_pump_defrost_count_today",
        "sensor.heat_pump_defrost_energy_today",
    ):
        assert wanted in shown, wanted
    (history,) = [card for card in cards if card["type"] == "history-graph"]
    assert _entity_ids(history) == [
        "sensor.heat_pump_point_flow_temperature",
        "sensor.heat_pump_point_return_temperature",
        "sensor.heat_pump_point_outdoor_temperature",
    ]
    assert "30 h simulated" in history["title"]
    # The time-averaged COP graphs are gone: the card's history is energy-weighted.
    assert "statistics-graph" not in types
    assert set(types) <= {
        "heading",
        "custom:heatpump-card",
        "thermostat",
        "tile",
        "entities",
        "history-graph",
    }


def test_dashboard_puts_controls_next_to_the_card() -> None:
    """Climate, water heater, mode select and setpoints, as the unit has them."""
    keys = [
        *AIR_TO_WATER,
        ("climate", "climate"),
        ("water_heater", "water_heater"),
        ("select", "point_mode_setting"),
        ("number", "point_target_temperature"),
    ]
    entities = dashboard.entities_of_entry(_registry(keys), ENTRY_ID)
    cards = _cards(dashboard.build(entities, "Heat pump", 60.0, "device-1"))
    (thermostat,) = [c for c in cards if c["type"] == "thermostat"]
    assert thermostat["entity"] == "climate.heat_pump_climate"
    shown = {entity for card in cards for entity in _entity_ids(card)}
    assert {
        "water_heater.heat_pump_water_heater",
        "select.heat_pump_point_mode_setting",
        "number.heat_pump_point_target_temperature",
    } <= shown


def test_device_of_entry() -> None:
    """The card is pointed at the entry's device."""
    registry = _registry(AIR_TO_WATER)
    for entity in registry:
        entity["device_id"] = (
            "device-1" if entity["config_entry_id"] == ENTRY_ID else "x"
        )
    assert dashboard.device_of_entry(registry, ENTRY_ID) == "device-1"
    assert dashboard.device_of_entry(registry, "other") is None


def test_dashboard_leaves_out_what_the_unit_lacks() -> None:
    """A unit without defrost or temperatures gets no empty cards."""
    keys = [("sensor", "cop"), ("sensor", "operating_mode")]
    config = dashboard.build(
        dashboard.entities_of_entry(_registry(keys), ENTRY_ID), "Heat pump", 1.0
    )
    cards = _cards(config)
    assert not [c for c in cards if c["type"] == "history-graph"]
    shown = {entity for card in cards for entity in _entity_ids(card)}
    # The live COP is the card's (which finds it itself); no empty controls section.
    assert shown == {"sensor.heat_pump_operating_mode"}
    assert [c["type"] for c in cards].count("custom:heatpump-card") == 0
    assert not [c for c in cards if c.get("heading") == "Controls"]


@pytest.mark.parametrize("mqtt", [False, True])
def test_requirements_cover_what_home_assistant_loads(mqtt: bool) -> None:
    """The frontend, the recorder and the integration's own requirement."""
    requirements = demo_requirements(mqtt=mqtt)
    domains = set(requirements.values())
    assert {"frontend", "recorder", "heatpump"} <= domains
    assert any(r.startswith("home-assistant-frontend==") for r in requirements)
    assert ("mqtt" in domains) is mqtt
