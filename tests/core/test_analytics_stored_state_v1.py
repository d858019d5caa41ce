"""A state stored by the first release (schema 1) loads with its totals, and
the engine carries on as the current one does.

``fixtures/engine_state_v1`` (see its README) was written by the release at
863837e: per stream of ``engine_streams.STREAMS_V1``, the file Home
Assistant's ``Store`` writes for the coordinator, what that engine reported
at the store point (metrics, and the breakdown of every period) and after.
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
from custom_components.heatpump.core.analytics.energy import SUM_NAMES
from custom_components.heatpump.core.analytics.metrics import period_sums
from custom_components.heatpump.core.analytics.persistence import migrate
from custom_components.heatpump.core.quantities import Kind

from .engine_streams import STREAMS_V1, event_data

FIXTURES = Path(__file__).parent / "fixtures" / "engine_state_v1"
NAMES = sorted(STREAMS_V1)
KIND_GROUPS = ("water_heater", "pool", "dryer")
TOTALS = (
    "heat_energy",
    "heat_energy_heating",
    "heat_energy_dhw",
    "heat_energy_pool",
    "cooling_energy",
    "electrical_energy",
    "heat_energy_today",
    "electrical_energy_today",
    "defrost_energy_today",
    "defrost_duration_today",
    "defrost_count_today",
    "defrost_count",
    "cop_today",
    "cop_month",
    "cop_year",
    "cop_season",
    "cop_lifetime",
    "scop",
)
REDEFINED = ("compressor_starts_today", "compressor_starts_per_hour")
"""The release's figures under these names are ``compressor_cycles_today``
now; heatpumpmonitor's starts were not counted before the upgrade."""
V1_SUMS = 23
NEW_SUMS = ("starts", "reading_seconds", "backup_electricity")
HEAT_PARTS = ("heat_energy_heating", "heat_energy_dhw", "heat_energy_pool")
ELEC_PARTS = ("heating", "dhw", "pool", "other", "cooling")


def store_file(name: str) -> dict[str, Any]:
    """The Home Assistant Store file the release wrote."""
    store: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return store


def stored(name: str) -> dict[str, Any]:
    """The engine part of the stored file, as the release laid it out."""
    store = store_file(name)
    assert store["key"].startswith("heatpump.")
    assert store["version"] == 1
    engine: dict[str, Any] = store["data"]["engine"]
    assert engine["schema_version"] == 1
    assert len(engine["day"]) == V1_SUMS
    assert len(engine["periods"]["lifetime"]) == V1_SUMS
    return engine


def recorded(name: str) -> dict[str, Any]:
    """What the release reported for the stream."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.expected.json").read_text())
    return data


def breakdown_then(name: str) -> dict[str, dict[str, float | None]]:
    """The release's breakdown at the store point."""
    data: dict[str, Any] = json.loads((FIXTURES / "breakdowns_stored.json").read_text())
    breakdown: dict[str, dict[str, float | None]] = data[name]
    return breakdown


def upgraded(name: str) -> Engine:
    """The current engine restored from the file as the coordinator does."""
    engine = Engine.from_dict(STREAMS_V1[name].config, stored(name))
    engine.after_restart()
    return engine


def restarted_current(name: str) -> Engine:
    """The current engine fed the same samples, stored and restored there."""
    stream = STREAMS_V1[name]
    engine = Engine(stream.config)
    samples = stream.samples()
    for _ in range(stream.stored_at):
        engine.update(next(samples))
    saved = json.loads(json.dumps(engine.to_dict()))
    engine = Engine.from_dict(stream.config, saved)
    engine.after_restart()
    return engine


def rest_of(name: str) -> list[Any]:
    """The samples after the store point."""
    stream = STREAMS_V1[name]
    samples = list(stream.samples())
    return samples[stream.stored_at :]


def flat(metrics: Metrics) -> dict[str, Any]:
    """The figures under the flat keys the release used."""
    out = asdict(metrics)
    for group in KIND_GROUPS:
        out.update(out.pop(group) or {})
    return out


def assert_parts_add_up(engine: Engine) -> None:
    """Services and "other" add up to the totals, to the last bit."""
    m = engine.metrics()
    heat = 0.0
    for key in (*HEAT_PARTS, "heat_energy_other"):
        heat = heat + getattr(m, key)
    assert heat == m.heat_energy
    elec = 0.0
    for service in ELEC_PARTS:
        elec = elec + getattr(m, f"electrical_energy_{service}")
    assert elec == m.electrical_energy
    for period, figures in asdict(engine.breakdown()).items():
        elec = 0.0
        for service in ELEC_PARTS:
            elec = elec + figures[f"electrical_energy_{service}"]
        assert elec == figures["electrical_energy"], period
        heat = 0.0
        for key in (*HEAT_PARTS, "heat_energy_other"):
            heat = heat + figures[key]
        assert heat == figures["heat_energy"], period


@pytest.mark.parametrize("name", NAMES)
def test_totals_survive_the_upgrade(name: str) -> None:
    then = recorded(name)["metrics_stored"]
    engine = upgraded(name)
    now = flat(engine.metrics())
    for key in TOTALS:
        assert now[key] == then[key], key
    assert now["compressor_cycles_today"] == then["compressor_starts_today"]
    assert now["compressor_starts_today"] == 0
    assert now["compressor_starts_per_hour"] is None
    assert now["carnot_efficiency"] == pytest.approx(then["carnot_efficiency"])
    for key, value in then.items():  # and every other figure the release had
        if key not in REDEFINED and key != "carnot_efficiency":
            assert now[key] == value, key
    assert engine.state.cycles_total == stored(name)["counts"][1]
    assert engine.to_dict()["schema_version"] == SCHEMA_VERSION == 3


@pytest.mark.parametrize("name", NAMES)
def test_every_period_total_survives_the_upgrade(name: str) -> None:
    """Month, year, season and lifetime, per service, as the release had them."""
    then = breakdown_then(name)
    now = asdict(upgraded(name).breakdown())
    assert then.keys() == now.keys()
    for period, figures in then.items():
        for key, value in figures.items():
            if key == "carnot_efficiency":
                assert now[period][key] == pytest.approx(value), period
            else:
                assert now[period][key] == value, (period, key)
    lifetime = now["lifetime"]
    assert lifetime["electrical_energy"] > 0.0
    assert lifetime["compressor_starts"] == lifetime["backup_heater_energy"] == 0.0


@pytest.mark.parametrize("name", NAMES)
def test_upgraded_engine_is_where_the_current_engine_is(name: str) -> None:
    """Every figure about the latest sample is what the current engine would
    hold there; only the sums (the release's integration), the tracker's
    totals at a dryer cycle start and a water heater's Carnot COP while off
    (the release dropped it) differ."""
    upgraded_state = upgraded(name).to_dict()
    current_state = restarted_current(name).to_dict()
    for state in (upgraded_state, current_state):
        del state["today"], state["periods"]
        if name == "dryer":
            del state["dryer"]["start_elec"], state["dryer"]["energy"]
            del state["dryer"]["smer"]
    if name == "water_heater":
        assert upgraded_state["carnot_cop"] is upgraded_state["expected_cop"] is None
        assert current_state["electrical_power"] == 3.0  # off: not used
        current_state["carnot_cop"] = current_state["expected_cop"] = None
    assert upgraded_state == current_state


@pytest.mark.parametrize("name", NAMES)
def test_upgraded_engine_carries_on_as_the_current_engine(name: str) -> None:
    """The rest of the stream adds what it adds to a restarted current engine,
    and the parts keep adding up exactly at every sample."""
    engine, current = upgraded(name), restarted_current(name)
    assert_parts_add_up(engine)
    life_before = period_sums(engine.state)["lifetime"]
    current_before = period_sums(current.state)["lifetime"]
    heat, elec = engine.metrics().heat_energy, engine.metrics().electrical_energy
    events, current_events = [], []
    for index, sample in enumerate(rest_of(name)):
        events.extend(engine.update(sample))
        current_events.extend(current.update(sample))
        if index % 7 == 0:
            assert_parts_add_up(engine)
        m = engine.metrics()
        assert m.heat_energy >= heat
        assert m.electrical_energy >= elec
        heat, elec = m.heat_energy, m.electrical_energy
    assert_parts_add_up(engine)
    assert engine.state.today == current.state.today  # a day wholly after it
    life_after = period_sums(engine.state)["lifetime"]
    current_after = period_sums(current.state)["lifetime"]
    for key, old, new, current_old, current_new in zip(
        SUM_NAMES, life_before, life_after, current_before, current_after, strict=True
    ):
        assert new - old == pytest.approx(current_new - current_old, abs=1e-9), key
    assert [(e.kind, e.ts) for e in events] == [(e.kind, e.ts) for e in current_events]
    for event, current_event in zip(events, current_events, strict=True):
        assert event.data == pytest.approx(current_event.data), event.kind
    saved = json.loads(json.dumps(engine.to_dict()))
    assert Engine.from_dict(STREAMS_V1[name].config, saved).to_dict() == saved


def test_the_release_events_after_the_store_point_are_the_current_ones() -> None:
    """Kinds and times of what happened next agree with what the release said."""
    for name in NAMES:
        engine = upgraded(name)
        events = []
        for sample in rest_of(name):
            events.extend(engine.update(sample))
        then = recorded(name)["events_after"]
        now = json.loads(json.dumps(event_data(events)))
        assert [(e["kind"], e["ts"]) for e in now] == [
            (e["kind"], e["ts"]) for e in then
        ], name


def test_migration_leaves_the_stored_data_alone() -> None:
    data = stored("air_to_water")
    before = copy.deepcopy(data)
    migrated = migrate(data, Kind.AIR_TO_WATER)
    assert data == before
    assert migrated["schema_version"] == SCHEMA_VERSION
    for period in ("month", "year", "season", "lifetime"):
        sums = migrated["periods"][period]
        assert list(sums.values())[:V1_SUMS] == data["periods"][period]
        assert [sums[name] for name in NEW_SUMS] == [0.0, 0.0, 0.0]
    assert list(migrated["today"].values())[:V1_SUMS] == data["day"]
    assert migrated["cycles_total"] == data["counts"][1]
    assert migrated["defrosts_total"] == data["counts"][3]
    assert migrate(migrated, Kind.AIR_TO_WATER) is migrated


def test_held_powers_are_dropped_so_the_upgrade_starts_with_a_gap() -> None:
    data = stored("air_to_water")
    assert data["powers"][2:4] == [5822.545000525601, 1830.0]
    state = Engine.from_dict(STREAMS_V1["air_to_water"].config, data).state
    assert state.heat_power_held is state.electrical_power_held is None
    assert state.power_held is False
    assert state.held_sums is None
    assert (state.heat_power, state.electrical_power) == (5822.545000525601, 1830.0)
    assert state.start_reference_on is True  # an electrical reading was there


def test_negative_heat_of_a_pending_defrost_counts_as_defrost_loss() -> None:
    data = stored("air_to_water")
    data["defrost_pending"] = [0.125, 90.0]
    state = Engine.from_dict(STREAMS_V1["air_to_water"].config, data).state
    assert state.today[SUM_NAMES.index("defrost_loss")] == data["day"][17] + 0.125
    assert state.pending_defrost_s == 90.0


@pytest.mark.parametrize(
    ("kind", "values", "sign"),
    [
        (
            Kind.AIR_TO_WATER,
            {"flow_temperature": 30.0, "return_temperature": 33.0},
            -1.0,
        ),
        (
            Kind.AIR_TO_WATER,
            {"flow_temperature": 33.0, "return_temperature": 30.0},
            1.0,
        ),
        (
            Kind.AIR_TO_WATER,
            {"flow_temperature": 30.0, "return_temperature": 30.1},
            1.0,
        ),
        (Kind.AIR_TO_AIR, {"flow_temperature": 30.0, "return_temperature": 33.0}, 1.0),
        (
            Kind.AIR_TO_AIR,
            {"supply_air_temperature": 5.0, "return_air_temperature": 21.0},
            -1.0,
        ),
    ],
)
def test_carnot_sign_follows_the_latest_temperatures(
    kind: Kind, values: dict[str, float], sign: float
) -> None:
    data = stored("air_to_water")
    data["values"] = values
    assert migrate(data, kind)["carnot_sign"] == sign


@pytest.mark.parametrize(
    ("values", "reported", "counted"),
    [
        ({"compressor_running": False}, False, False),
        ({"compressor_running": True}, True, True),
        ({"compressor_frequency": 0.0}, False, False),
        ({"compressor_frequency": 42.0}, True, True),
        ({"electrical_power": 1830.0}, None, True),
        ({"backup_heater": True, "compressor_running": False}, False, False),
    ],
)
def test_compressor_figures_follow_the_latest_sample(
    values: dict[str, Any], reported: bool | None, counted: bool
) -> None:
    data = stored("air_to_water")
    assert data["run"] is True
    data["values"] = values
    migrated = migrate(data, Kind.AIR_TO_WATER)
    assert migrated["compressor_reported"] is reported
    assert migrated["compressor_counted"] is counted
    assert migrated["start_reference_on"] is counted
    assert migrated["backup_heater_on"] is bool(values.get("backup_heater"))


def test_mode_inputs_not_in_the_latest_sample_were_never_seen() -> None:
    data = stored("pool")
    migrated = migrate(data, Kind.POOL)
    assert migrated["mode_reading"] == migrated["valve_reading"] == [None]
    assert migrated["mode_reported_at"] == migrated["valve_reported_at"] == 0.0
    data = stored("air_to_water")
    migrated = migrate(data, Kind.AIR_TO_WATER)
    assert migrated["mode_reading"] == ["heating"]
    assert migrated["valve_reported_at"] == data["ts"]


@pytest.mark.parametrize("period", ["month", "year", "season", "lifetime"])
def test_first_release_sums_of_the_wrong_length_are_refused(period: str) -> None:
    data = stored("ground_source")
    data["periods"][period] = [*data["periods"][period], 0.0]
    with pytest.raises(ValueError, match=f"^{period} sums have the wrong length$"):
        Engine.from_dict(STREAMS_V1["ground_source"].config, data)
    data = stored("ground_source")
    data["day"] = data["day"][:-1]
    with pytest.raises(ValueError, match=r"^day sums have the wrong length$"):
        Engine.from_dict(STREAMS_V1["ground_source"].config, data)


def test_first_release_state_with_a_section_missing_is_refused() -> None:
    data = stored("water_heater")
    del data["defrost_pending"]
    with pytest.raises(KeyError, match="defrost_pending"):
        Engine.from_dict(STREAMS_V1["water_heater"].config, data)
