"""Upgrading from the first release: its Store file restores the totals.

The files of ``tests/core/fixtures/engine_state_v1`` are what the release at
863837e stored under ``.storage/heatpump.<entry_id>`` (engine state schema 1).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.heatpump.const import (
    CONF_KIND,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from custom_components.heatpump.coordinator import HeatPumpCoordinator

FIXTURES = Path(__file__).parents[1] / "core" / "fixtures" / "engine_state_v1"
SHOWN = ("heat_energy", "electrical_energy", "cop_lifetime")


@pytest.mark.parametrize(
    "name", ["air_to_water", "dryer", "ground_source", "pool", "water_heater"]
)
async def test_first_release_store_file_restores_the_lifetime_totals(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    name: str,
) -> None:
    store = json.loads((FIXTURES / f"{name}.json").read_text())
    assert store["data"]["engine"]["schema_version"] == 1
    then = json.loads((FIXTURES / f"{name}.expected.json").read_text())[
        "metrics_stored"
    ]
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to("2026-01-15 10:00:00+00:00")
    hass_storage[store["key"]] = store
    entry = MockConfigEntry(
        domain=DOMAIN,
        entry_id=store["key"].removeprefix(f"{DOMAIN}."),
        title="Heat pump of the first release",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: name,
            CONF_SOURCE_ENTITIES: {
                "electrical_power": "sensor.hp_power",
                "heat_power": "sensor.hp_heat",
            },
        },
    )
    hass.states.async_set("sensor.hp_power", "12", {ATTR_UNIT_OF_MEASUREMENT: "W"})
    hass.states.async_set("sensor.hp_heat", "40", {ATTR_UNIT_OF_MEASUREMENT: "W"})
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    freezer.tick(timedelta(seconds=1))  # the first reading after the upgrade
    async_fire_time_changed(hass)
    await hass.async_block_till_done()

    coordinator: HeatPumpCoordinator = entry.runtime_data
    assert coordinator.engine.state.last_ts is not None
    assert coordinator.engine.state.last_ts > store["data"]["engine"]["ts"]
    metrics = coordinator.data.metrics
    assert metrics is not None
    registry = er.async_get(hass)
    for key in SHOWN:
        assert getattr(metrics, key) == then[key], key
        if name == "dryer" and key != "electrical_energy":
            continue  # a dryer shows no heat or COP entities
        entity_id = registry.async_get_entity_id(
            "sensor", DOMAIN, f"{entry.entry_id}_{key}"
        )
        assert entity_id is not None, key
        state = hass.states.get(entity_id)
        assert state is not None, key
        # A state is written with 15 significant digits.
        # Shown as rounded as a person could see it (1 Wh, 0.01 COP).
        assert float(state.state) == pytest.approx(then[key], abs=0.0051), key
    assert coordinator.guard.since == store["data"]["guard"]["since"]
    assert await hass.config_entries.async_unload(entry.entry_id)
    saved = hass_storage[store["key"]]["data"]["engine"]
    assert saved["schema_version"] == 3
