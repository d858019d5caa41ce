"""heatpump.import_history on Home Assistant's recorder (SQLite).

Sixty days of hourly statistics are seeded for another integration's energy
sensors, with a two-day gap, then imported into ours.  The daily sums must
equal the source's, nothing we recorded ourselves may change, a second
import must change nothing, and the gap must stay a gap.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from typing import Any

import pytest
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    statistics_during_period,
)
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.heatpump.backfill import energy_metadata, plan_import
from custom_components.heatpump.const import (
    CONF_KIND,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)

HEAT = "sensor.old_heat_energy"
ELECTRICITY = "sensor.old_electricity"
DAYS = 60
GAP_DAYS = (20, 21)
"""Days (counted from the first) when the old integration recorded nothing."""
OURS_HOURS = 30
"""Hours we recorded ourselves before the import (the newest ones)."""


def _hour(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)


def _seed_rows(
    start: datetime, hours: int, per_hour: list[float], scale: float = 1.0
) -> list[dict[str, Any]]:
    """Hourly rows of a counter, skipping the gap; the counter keeps counting."""
    rows = []
    total = 1000.0 * scale  # a counter that started long ago
    for index in range(hours):
        total += per_hour[index] * scale
        if index // 24 in GAP_DAYS:
            continue
        rows.append(
            {"start": start + timedelta(hours=index), "sum": total, "state": total}
        )
    return rows


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Any, enable_custom_integrations: None
) -> None:
    """The recorder must start before ``hass`` (PHCC), so ahead of the conftest's."""


@pytest.fixture
async def seeded(hass: HomeAssistant) -> dict[str, Any]:
    """60 days of source statistics, our sensors, and our own newest hours."""
    now = dt_util.utcnow()
    first = _hour(now) - timedelta(days=DAYS)
    hours = DAYS * 24
    rng = random.Random(15)
    # Heat follows a daily rhythm; electricity is heat over a varying COP.
    heat = [
        max(0.0, 2.0 + 1.5 * math.sin(i / 24 * 2 * math.pi) + rng.uniform(-0.5, 0.5))
        for i in range(hours)
    ]
    electricity = [h / rng.uniform(2.5, 4.5) for h in heat]
    async_import_statistics(hass, energy_metadata(HEAT), _seed_rows(first, hours, heat))
    # The old integration counted in Wh: the import converts.
    async_import_statistics(
        hass,
        energy_metadata(ELECTRICITY, "Wh"),
        _seed_rows(first, hours, electricity, scale=1000.0),
    )
    hass.states.async_set(HEAT, "1", {ATTR_UNIT_OF_MEASUREMENT: "kWh"})
    hass.states.async_set(ELECTRICITY, "1", {ATTR_UNIT_OF_MEASUREMENT: "Wh"})

    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Borrowed heat pump",
        data={
            CONF_TRANSPORT: TransportType.ENTITIES,
            CONF_KIND: "air_to_water",
            CONF_SOURCE_ENTITIES: {
                "heat_energy": HEAT,
                "electrical_energy": ELECTRICITY,
            },
        },
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    registry = er.async_get(hass)
    ours = {
        key: registry.async_get_entity_id("sensor", DOMAIN, f"{entry.entry_id}_{key}")
        for key in ("heat_energy", "electrical_energy")
    }
    # What the recorder compiled for us since we were added: the newest hours,
    # summed from 0 as the recorder does for a new sensor.
    ours_start = first + timedelta(hours=hours - OURS_HOURS)
    for key, per_hour in (("heat_energy", heat), ("electrical_energy", electricity)):
        total = 0.0
        rows = []
        for index in range(hours - OURS_HOURS, hours):
            total += per_hour[index]
            rows.append({"start": first + timedelta(hours=index), "sum": total})
        async_import_statistics(hass, energy_metadata(str(ours[key])), rows)
    await async_wait_recording_done(hass)
    return {
        "entry": entry,
        "ours": ours,
        "first": first,
        "ours_start": ours_start,
        "now": now,
    }


async def _rows(
    hass: HomeAssistant,
    statistic_id: str,
    start: datetime,
    end: datetime | None,
    period: str,
    types: set[str],
) -> list[dict[str, Any]]:
    from homeassistant.helpers.recorder import get_instance

    result = await get_instance(hass).async_add_executor_job(
        statistics_during_period,
        hass,
        start,
        end,
        {statistic_id},
        period,
        {"energy": "kWh"},
        types,
    )
    return list(result.get(statistic_id, []))


async def _import(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "import_history",
        {"config_entry_id": entry.entry_id},
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    assert isinstance(response, dict)
    return response


async def test_import_history_matches_the_source_day_by_day(
    hass: HomeAssistant, seeded: dict[str, Any]
) -> None:
    """Daily sums equal the source's, our own hours stay, twice = once, gaps stay."""
    entry, ours, first = seeded["entry"], seeded["ours"], seeded["first"]
    ours_start = seeded["ours_start"]
    before = {
        key: await _rows(hass, ours[key], first, None, "hour", {"sum"}) for key in ours
    }
    assert all(len(rows) == OURS_HOURS for rows in before.values())

    response = await _import(hass, entry)
    imported = {item["statistic_id"]: item for item in response["imported"]}
    expected_hours = DAYS * 24 - OURS_HOURS - 24 * len(GAP_DAYS)
    for key, source in (("heat_energy", HEAT), ("electrical_energy", ELECTRICITY)):
        item = imported[ours[key]]
        assert item["source"] == source
        assert item["hours"] == expected_hours
        assert dt_util.parse_datetime(item["first"]) == first

    # Daily sums equal the source's to 0.1 % on every day before our own hours.
    first_own_day = dt_util.start_of_local_day(dt_util.as_local(ours_start))
    compared = 0
    for key, source in (("heat_energy", HEAT), ("electrical_energy", ELECTRICITY)):
        theirs = {
            row["start"]: row["change"]
            for row in await _rows(
                hass, source, first, first_own_day, "day", {"change"}
            )
        }
        mine = {
            row["start"]: row["change"]
            for row in await _rows(
                hass, ours[key], first, first_own_day, "day", {"change"}
            )
        }
        # The first day has no previous hour to count from in either.  Our
        # own 30 hours take one or two local days, depending on the hour the
        # test runs at, and a change to or from summer time in the 60 days
        # can take one more.
        days = sorted(theirs)[1:]
        assert len(days) >= DAYS - 4
        for day in days:
            if theirs[day] == 0:
                continue
            assert mine[day] == pytest.approx(theirs[day], rel=1e-3), (key, day)
            compared += 1
    assert compared > 2 * (DAYS - 5)

    # Our own hours are untouched, and the sum runs on into them without a step.
    for key in ours:
        after = await _rows(hass, ours[key], ours_start, None, "hour", {"sum"})
        assert after == before[key]
        previous = await _rows(
            hass,
            ours[key],
            ours_start - timedelta(hours=1),
            ours_start,
            "hour",
            {"sum"},
        )
        assert previous[0]["sum"] == pytest.approx(0.0)

    # The gap stays a gap: no hour was invented.
    gap_start = first + timedelta(days=GAP_DAYS[0])
    gap_end = first + timedelta(days=GAP_DAYS[-1] + 1)
    for key in ours:
        assert await _rows(hass, ours[key], gap_start, gap_end, "hour", {"sum"}) == []

    # A second import writes nothing and changes nothing.
    snapshot = {
        key: await _rows(hass, ours[key], first, None, "hour", {"sum"}) for key in ours
    }
    again = await _import(hass, entry)
    assert [item["hours"] for item in again["imported"]] == [0, 0]
    for key in ours:
        assert (
            await _rows(hass, ours[key], first, None, "hour", {"sum"}) == snapshot[key]
        )


async def test_import_history_names_what_to_fix(
    hass: HomeAssistant, seeded: dict[str, Any]
) -> None:
    """A source without statistics, an unknown entry: translated errors."""
    entry = seeded["entry"]
    hass.states.async_set("sensor.no_history", "3", {ATTR_UNIT_OF_MEASUREMENT: "kWh"})
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN,
            "import_history",
            {
                "config_entry_id": entry.entry_id,
                "heat_energy_entity": "sensor.no_history",
            },
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "import_no_statistics"
    assert "sensor.no_history has no long-term statistics" in str(caught.value)
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN,
            "import_history",
            {"config_entry_id": "nope"},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "import_unknown_entry"


def test_plan_import_ends_at_zero_before_the_cutoff() -> None:
    """The imported sum is shifted to end at 0, and stops before the cutoff."""
    t0 = datetime(2025, 1, 1, tzinfo=dt_util.UTC)
    hours = [(t0 + timedelta(hours=i), 10.0 + i) for i in range(5)]
    rows = plan_import(hours, t0 + timedelta(hours=3))
    assert [row["sum"] for row in rows] == [-2.0, -1.0, 0.0]
    assert plan_import(hours, t0) == []


async def test_options_flow_imports_history(
    hass: HomeAssistant, seeded: dict[str, Any]
) -> None:
    """Options → "Import history": the entry's own energy entities, imported."""
    from homeassistant.data_entry_flow import FlowResultType

    entry, ours, first = seeded["entry"], seeded["ours"], seeded["first"]
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    defaults = {
        "fluid": "water",
        "glycol_percent": 0,
        "compressor_threshold": 100,
        "infer_defrost": True,
        "valve_polarity": "cooling",
        "min_dwell_minutes": 10,
    }
    fields = {str(key) for key in result["data_schema"].schema}
    assert "import_history" in fields
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {**{k: v for k, v in defaults.items() if k in fields}, "import_history": True},
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "import_history"
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested == {"heat_energy": HEAT, "electrical_energy": ELECTRICITY}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], suggested
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await async_wait_recording_done(hass)
    rows = await _rows(hass, ours["heat_energy"], first, None, "hour", {"sum"})
    assert len(rows) == DAYS * 24 - 24 * len(GAP_DAYS)
    assert "import_history" not in entry.options


async def test_options_flow_names_a_source_without_statistics(
    hass: HomeAssistant, seeded: dict[str, Any]
) -> None:
    """The import step shows the service's translated error; nothing is saved."""
    from homeassistant.data_entry_flow import FlowResultType

    entry = seeded["entry"]
    options = dict(entry.options)
    hass.states.async_set("sensor.no_history", "3", {ATTR_UNIT_OF_MEASUREMENT: "kWh"})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"import_history": True}
    )
    assert result["step_id"] == "import_history"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"heat_energy": "sensor.no_history"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "import_history"
    assert result["errors"] == {"base": "import_failed"}
    error = result["description_placeholders"]["error"]
    assert "sensor.no_history has no long-term statistics" in error
    assert dict(entry.options) == options
