"""Backfill: hourly energy statistics from before the integration was installed.

The user's existing energy sensors (their unit's integration, HeishaMon,
template sensors...) already have long-term statistics.  Their hourly growth
is imported as the history of our heat and electrical energy sensors, for the
hours before our own first statistic, so the Energy dashboard and the card
show the past.

The imported ``sum`` is continuous with what the recorder compiles for us:
it ends at 0 in the last imported hour (our first compiled hour starts from
0) and runs backwards from there.  Nothing at or after our first statistic is
written, and an hour missing from the source stays missing.  A second import
finds our first statistic at the first imported hour, so it writes nothing:
importing twice gives the same statistics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, cast

from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    get_metadata,
    statistics_during_period,
)
from homeassistant.const import UnitOfEnergy
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util

from .const import (
    CONF_EXTERNAL_ENERGY,
    CONF_SOURCE_ENTITIES,
    CONF_TRANSPORT,
    DOMAIN,
    TransportType,
)
from .coordinator import HeatPumpConfigEntry

TARGETS: Final = ("heat_energy", "electrical_energy")
"""Our sensors (description keys) that receive history, one source each."""

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_KWH: Final[dict[str, str]] = {"energy": UnitOfEnergy.KILO_WATT_HOUR.value}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one sensor received."""

    statistic_id: str
    source: str
    hours: int
    first: datetime | None
    last: datetime | None


def default_sources(entry: HeatPumpConfigEntry) -> dict[str, str]:
    """The entry's own energy entities, where it was built from some."""
    sources: dict[str, str] = {}
    if entry.data.get(CONF_TRANSPORT) == TransportType.ENTITIES:
        borrowed: Mapping[str, str] = entry.data.get(CONF_SOURCE_ENTITIES, {})
        sources.update({key: borrowed[key] for key in TARGETS if key in borrowed})
    if external := entry.options.get(CONF_EXTERNAL_ENERGY):
        sources["electrical_energy"] = external
    return sources


def _fail(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders,
    )


def _target_entity(hass: HomeAssistant, entry: HeatPumpConfigEntry, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{entry.entry_id}_{key}"
    )
    if entity_id is None:
        raise _fail("import_no_target", sensor=key, entry=entry.title)
    return entity_id


def energy_metadata(
    statistic_id: str, unit: str = UnitOfEnergy.KILO_WATT_HOUR
) -> StatisticMetaData:
    """An energy sensor's metadata, as the recorder itself writes it."""
    metadata: dict[str, Any] = {
        "statistic_id": statistic_id,
        "source": "recorder",
        "name": None,
        "unit_of_measurement": unit,
        "has_sum": True,
        "mean_type": StatisticMeanType.NONE,
    }
    # Newer recorders name the unit converter; older ones refuse unknown keys.
    if "unit_class" in StatisticMetaData.__annotations__:
        metadata["unit_class"] = "energy"
    return cast(StatisticMetaData, metadata)


def _hourly_sums(
    hass: HomeAssistant, statistic_id: str, start: datetime
) -> list[tuple[datetime, float]]:
    """(hour start, sum in kWh) of one statistic, oldest first (executor)."""
    rows = statistics_during_period(
        hass, start, None, {statistic_id}, "hour", _KWH, {"sum"}
    ).get(statistic_id, [])
    return [
        (dt_util.utc_from_timestamp(row["start"]), total)
        for row in rows
        if (total := row.get("sum")) is not None
    ]


def plan_import(
    source: Iterable[tuple[datetime, float]], cutoff: datetime
) -> list[StatisticData]:
    """The source's hours before ``cutoff``, summed so the last one ends at 0."""
    before = [(start, total) for start, total in source if start < cutoff]
    if not before:
        return []
    offset = before[-1][1]
    return [StatisticData(start=start, sum=total - offset) for start, total in before]


def _plan(
    hass: HomeAssistant, source_id: str, target_id: str, now: datetime
) -> list[StatisticData]:
    """Read both statistics and decide what to write (executor)."""
    metadata = get_metadata(hass, statistic_ids={source_id})
    if source_id not in metadata or not metadata[source_id][1]["has_sum"]:
        raise _fail("import_no_statistics", entity=source_id)
    source = _hourly_sums(hass, source_id, _EPOCH)
    if not source:
        return []
    ours = _hourly_sums(hass, target_id, source[0][0])
    cutoff = ours[0][0] if ours else now.replace(minute=0, second=0, microsecond=0)
    return plan_import(source, cutoff)


async def async_import_history(
    hass: HomeAssistant, entry: HeatPumpConfigEntry, sources: Mapping[str, str]
) -> list[ImportResult]:
    """Import the sources' hourly history into our energy sensors."""
    if "recorder" not in hass.config.components:
        raise _fail("import_no_recorder")
    chosen = {**default_sources(entry), **{k: v for k, v in sources.items() if v}}
    if not chosen:
        raise _fail("import_no_sources", entry=entry.title)
    recorder = get_instance(hass)
    results = []
    for key in TARGETS:
        if (source_id := chosen.get(key)) is None:
            continue
        target_id = _target_entity(hass, entry, key)
        if source_id == target_id:
            raise _fail("import_source_is_target", entity=source_id)
        rows = await recorder.async_add_executor_job(
            _plan, hass, source_id, target_id, dt_util.utcnow()
        )
        if rows:
            async_import_statistics(hass, energy_metadata(target_id), rows)
        results.append(
            ImportResult(
                statistic_id=target_id,
                source=source_id,
                hours=len(rows),
                first=rows[0]["start"] if rows else None,
                last=rows[-1]["start"] if rows else None,
            )
        )
    # Imports are queued; answer once they are in the database.
    await recorder.async_block_till_done()
    return results
