"""A state stored by the schema-2 release loads with its totals and carries
on exactly as that release did.

``fixtures/engine_state_v2`` (see its README) was written by that release's
engine: per stream of ``engine_streams``, the file Home Assistant's ``Store``
writes for the coordinator, and what the engine reported at the store point
and for the rest of the stream, uninterrupted and after a restart.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from custom_components.heatpump.core.analytics import (
    SCHEMA_VERSION,
    Engine,
    Metrics,
)
from custom_components.heatpump.core.analytics.persistence import migrate
from custom_components.heatpump.core.quantities import Kind

from .engine_streams import STREAMS, event_data

FIXTURES = Path(__file__).parent / "fixtures" / "engine_state_v2"
KIND_GROUPS = ("water_heater", "pool", "dryer")
TOTALS = (
    "heat_energy",
    "heat_energy_heating",
    "heat_energy_dhw",
    "heat_energy_pool",
    "cooling_energy",
    "electrical_energy",
    "defrost_count",
    "cop_lifetime",
    "cop_season",
    "scop",
)


def stored(name: str) -> dict[str, Any]:
    """The engine part of the stored Home Assistant file."""
    store = json.loads((FIXTURES / f"{name}.json").read_text())
    assert store["key"].startswith("heatpump.")
    assert store["version"] == 1
    engine: dict[str, Any] = store["data"]["engine"]
    assert engine["schema_version"] == 2
    return engine


def recorded(name: str) -> dict[str, Any]:
    """What the schema-2 release reported for the stream."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.expected.json").read_text())
    return data


def as_reported_then(metrics: Metrics) -> dict[str, Any]:
    """The figures under the flat keys the schema-2 release used."""
    flat = asdict(metrics)
    for group in KIND_GROUPS:
        flat.update(flat.pop(group) or {})
    return flat


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_stored_totals_survive_the_upgrade(name: str) -> None:
    stream = STREAMS[name]
    then = recorded(name)["metrics_stored"]
    engine = Engine.from_dict(stream.config, stored(name))
    now = as_reported_then(engine.metrics())
    for key in TOTALS:
        assert now[key] == then[key], key
    assert now == then
    assert engine.to_dict()["schema_version"] == SCHEMA_VERSION == 3


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_restored_engine_carries_on_as_the_old_release_did(name: str) -> None:
    stream = STREAMS[name]
    then = recorded(name)
    engine = Engine.from_dict(stream.config, stored(name))
    samples = stream.samples()
    for _ in range(stream.stored_at):
        next(samples)
    events = []
    count = 0
    for sample in samples:
        events.extend(engine.update(sample))
        count += 1
    assert count == then["samples_after"]
    assert json.loads(json.dumps(event_data(events))) == then["events_after"]
    assert as_reported_then(engine.metrics()) == then["metrics_after"]
    assert asdict(engine.breakdown()) == then["breakdown_after"]
    old_final = Engine.from_dict(stream.config, then["state_after"])
    assert old_final.to_dict() == engine.to_dict()


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_engine_restored_as_the_coordinator_does_carries_on_alike(name: str) -> None:
    stream = STREAMS[name]
    then = recorded(name)
    engine = Engine.from_dict(stream.config, stored(name))
    engine.after_restart()
    samples = stream.samples()
    for _ in range(stream.stored_at):
        next(samples)
    events = []
    for sample in samples:
        events.extend(engine.update(sample))
    assert json.loads(json.dumps(event_data(events))) == then["restarted_events_after"]
    assert as_reported_then(engine.metrics()) == then["restarted_metrics_after"]
    old_final = Engine.from_dict(stream.config, then["restarted_state_after"])
    assert old_final.to_dict() == engine.to_dict()


def test_a_held_stretch_waiting_aside_is_stored_and_restored() -> None:
    data = stored("air_to_water")
    assert data["held"] is True
    assert data["hold"] is not None
    state = Engine.from_dict(STREAMS["air_to_water"].config, data).state
    assert state.power_held is True
    assert state.held_sums == data["hold"]


def test_an_uninterrupted_run_ends_where_the_old_release_ended() -> None:
    stream = STREAMS["air_to_water"]
    engine = Engine(stream.config)
    for sample in stream.samples():
        engine.update(sample)
    assert (
        as_reported_then(engine.metrics()) == recorded("air_to_water")["metrics_after"]
    )


def test_migration_leaves_the_stored_data_alone() -> None:
    data = stored("water_heater")
    before = copy.deepcopy(data)
    migrated = migrate(data, Kind.WATER_HEATER)
    assert data == before
    assert migrated["schema_version"] == SCHEMA_VERSION
    assert migrated["today"]["dhw_electricity"] == data["day"][5]
    assert migrated["today"]["starts"] == data["day"][23]
    assert migrated["cycles_total"] == data["counts"][1]
    assert migrated["mode_reading"] == data["mode_inputs"][0]
    assert migrate(migrated, Kind.WATER_HEATER) is migrated


@pytest.mark.parametrize("period", ["month", "year", "season", "lifetime"])
def test_old_period_sums_of_the_wrong_length_are_refused(period: str) -> None:
    data = stored("air_to_water")
    data["periods"][period] = data["periods"][period][:-1]
    with pytest.raises(ValueError, match=f"^{period} sums have the wrong length$"):
        Engine.from_dict(STREAMS["air_to_water"].config, data)


def test_old_day_sums_of_the_wrong_length_are_refused() -> None:
    data = stored("air_to_water")
    data["day"] = [*data["day"], 0.0]
    with pytest.raises(ValueError, match=r"^day sums have the wrong length$"):
        Engine.from_dict(STREAMS["air_to_water"].config, data)


def test_old_held_sums_of_the_wrong_length_are_refused() -> None:
    data = stored("air_to_water")
    data["hold"] = data["hold"][:-1]
    with pytest.raises(ValueError, match=r"^held sums have the wrong length$"):
        Engine.from_dict(STREAMS["air_to_water"].config, data)


def test_old_state_with_a_section_missing_is_refused() -> None:
    data = stored("ground_source")
    del data["powers"]
    with pytest.raises(KeyError, match="powers"):
        Engine.from_dict(STREAMS["ground_source"].config, data)
    data = stored("ground_source")
    data["counters"] = data["counters"][:-1]
    with pytest.raises(ValueError, match="is shorter than"):
        Engine.from_dict(STREAMS["ground_source"].config, data)
