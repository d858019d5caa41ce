"""Pushed readings and figures over a period are paced; availability is not.

Energy totals and today's COP move a little with every reading, and each
write is a recorder row.  They are written at once after a quiet spell, then
at most once per ``PERIOD_FIGURES_EVERY``, and the latest figure always
lands: by a timer, at unload and when Home Assistant stops.  A push unit's
readings all count, and the latest is shown once per update interval
(``DEFAULT_PUSH_SHOWN_EVERY``) unless it brings an event.  Runs as Home
Assistant does (marked ``paced``), with a unit built from template entities.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    EVENT_HOMEASSISTANT_STOP,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.heatpump import coordinator as coordinator_module
from custom_components.heatpump.const import (
    DOMAIN,
)
from custom_components.heatpump.coordinator import (
    DEFAULT_PUSH_SHOWN_EVERY,
    PERIOD_FIGURES_EVERY,
    HeatPumpCoordinator,
)
from custom_components.heatpump.sources import entities
from tests.integration.test_entities_transport import (
    ELECTRICAL,
    FLOW,
    _set,
    _tick,
    setup_template_unit,
)

pytestmark = pytest.mark.paced

ROUND_S = 2.0


class Unit:
    """A template-built unit, with every write of a few of its entities."""

    def __init__(self, hass: HomeAssistant, entry: MockConfigEntry) -> None:
        self.hass, self.entry = hass, entry
        registry = er.async_get(hass)
        self.ids = {
            key: registry.async_get_entity_id(
                "sensor", DOMAIN, f"{entry.entry_id}_{key}"
            )
            for key in ("heat_energy", "electrical_energy", "cop_today", "cop")
        }
        self.writes: dict[str, list[str]] = {key: [] for key in self.ids}
        by_id = {entity_id: key for key, entity_id in self.ids.items()}

        @callback
        def on_state(event: Event[EventStateChangedData]) -> None:
            key = by_id.get(event.data["entity_id"])
            if key is not None and (new := event.data["new_state"]) is not None:
                self.writes[key].append(new.state)

        entry.async_on_unload(hass.bus.async_listen(EVENT_STATE_CHANGED, on_state))

    @property
    def coordinator(self) -> HeatPumpCoordinator:
        coordinator: HeatPumpCoordinator = self.entry.runtime_data
        return coordinator

    def engine_figure(self, key: str) -> str:
        """The engine's latest figure, rounded as the entity shows it."""
        metrics = self.coordinator.data.metrics
        assert metrics is not None
        decimals = 3 if key.endswith("energy") else 2
        return str(round(getattr(metrics, key), decimals))

    def shown(self, key: str) -> str:
        state = self.hass.states.get(self.ids[key] or "")
        assert state is not None, key
        return state.state


@pytest.fixture
async def unit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Unit:
    """A running template unit, its first reading taken, every reading shown.

    Readings come only from the test's changes: the source's own re-reading
    of steady states would add readings a test of pacing does not expect.
    """
    monkeypatch.setattr(coordinator_module, "DEFAULT_PUSH_SHOWN_EVERY", 0.0)
    return await _template_unit(hass, freezer, monkeypatch)


@pytest.fixture
async def paced_unit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Unit:
    """The same unit, its readings shown once per update interval."""
    return await _template_unit(hass, freezer, monkeypatch)


async def _template_unit(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Unit:
    monkeypatch.setattr(entities, "RESAMPLE_EVERY", timedelta(days=1))
    entry = await setup_template_unit(hass, freezer)
    return Unit(hass, entry)


async def _rounds(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, count: int
) -> None:
    """``count`` readings, ROUND_S apart, each with a new power."""
    for index in range(count):
        await _set(hass, "power", ELECTRICAL + 10 * (index % 7 + 1))
        await _tick(hass, freezer, ROUND_S)


async def test_period_figures_are_written_once_per_interval(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, unit: Unit
) -> None:
    """Live COP every round; energy and COP today once per interval, the
    latest when due, equal to the engine's."""
    rounds = int(3 * PERIOD_FIGURES_EVERY / ROUND_S)
    await _rounds(hass, freezer, rounds)

    assert len(unit.writes["cop"]) >= rounds - 1  # live: as it changes
    for key in ("heat_energy", "electrical_energy"):
        # Every round changed it; an interval's worth of rounds is one write.
        assert 2 <= len(unit.writes[key]) <= 4, (key, unit.writes[key])
    assert 1 <= len(unit.writes["cop_today"]) <= 4, unit.writes["cop_today"]

    # Readings stop: the held figures still land, equal to the engine's.
    await _tick(hass, freezer, PERIOD_FIGURES_EVERY)
    for key in ("heat_energy", "electrical_energy", "cop_today"):
        assert unit.shown(key) == unit.engine_figure(key), key
    assert float(unit.shown("electrical_energy")) > 0


async def test_unavailable_at_once_and_held_figures_flushed_at_unload(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, unit: Unit
) -> None:
    """Availability is never held; unloading writes what was held first."""
    await _rounds(hass, freezer, 5)
    hass.states.async_set("sensor.hp_power", STATE_UNAVAILABLE)
    await _tick(hass, freezer, 1)
    assert unit.shown("electrical_energy") == STATE_UNAVAILABLE

    await _set(hass, "power", ELECTRICAL)
    await _tick(hass, freezer, 1)
    await _rounds(hass, freezer, 3)
    held = unit.engine_figure("electrical_energy")
    assert unit.shown("electrical_energy") != held  # held back
    assert await hass.config_entries.async_unload(unit.entry.entry_id)
    await hass.async_block_till_done()
    numeric = [s for s in unit.writes["electrical_energy"] if s != STATE_UNAVAILABLE]
    assert numeric[-1] == held


async def test_held_figures_are_written_when_home_assistant_stops(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, unit: Unit
) -> None:
    """The recorder, still running at stop, gets the latest totals."""
    await _rounds(hass, freezer, 5)
    held = unit.engine_figure("heat_energy")
    assert unit.shown("heat_energy") != held
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert unit.shown("heat_energy") == held
    assert await hass.config_entries.async_unload(unit.entry.entry_id)


async def test_a_change_after_a_quiet_spell_is_written_at_once(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, unit: Unit
) -> None:
    """Pacing limits how often, never delays the first change."""
    await _rounds(hass, freezer, 3)
    await _tick(hass, freezer, PERIOD_FIGURES_EVERY)  # the held write lands
    await _tick(hass, freezer, PERIOD_FIGURES_EVERY)  # a quiet interval
    before = len(unit.writes["electrical_energy"])
    await _rounds(hass, freezer, 1)
    await _tick(hass, freezer, 1)  # the template's change reaches the unit
    assert len(unit.writes["electrical_energy"]) == before + 1
    assert unit.shown("electrical_energy") == unit.engine_figure("electrical_energy")
    assert await hass.config_entries.async_unload(unit.entry.entry_id)


async def test_pushed_readings_are_shown_once_per_update_interval(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, paced_unit: Unit
) -> None:
    """Every reading counts; the latest is shown once per interval, and lands."""
    unit = paced_unit
    coordinator = unit.coordinator
    assert coordinator.data.metrics is not None
    before = coordinator.data.metrics.electrical_energy
    rounds = int(3 * DEFAULT_PUSH_SHOWN_EVERY / ROUND_S)
    await _rounds(hass, freezer, rounds)

    # A new live COP every round, shown once per interval.
    assert 2 <= len(unit.writes["cop"]) <= 4, unit.writes["cop"]
    # Every reading counted: each interval at the power of the reading
    # opening it, the steady power up to the first round, then each round's
    # but the last (still open).
    powers = [ELECTRICAL] + [ELECTRICAL + 10 * (i % 7 + 1) for i in range(rounds - 1)]
    counted = sum(power * ROUND_S for power in powers) / 3_600_000
    taken = coordinator.engine.metrics().electrical_energy
    # Within a tenth of a round (the first reading's time is the flush's).
    tenth = ELECTRICAL * ROUND_S / 3_600_000 / 10
    assert taken - before == pytest.approx(counted, abs=tenth)
    # Readings stop: the latest still lands.
    await _tick(hass, freezer, DEFAULT_PUSH_SHOWN_EVERY)
    assert coordinator.data is coordinator.latest
    assert unit.shown("cop") == unit.engine_figure("cop")


async def test_a_reading_with_an_event_is_shown_at_once(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, paced_unit: Unit
) -> None:
    """A compressor start is shown with its reading, not an interval later."""
    coordinator = paced_unit.coordinator
    await _set(hass, "power", 0.0)
    await _tick(hass, freezer, 1)  # off: a pause, until it lasts
    for minute in range(1, 11):  # readings a minute apart: the stop confirmed
        await _set(hass, "flow", FLOW - minute % 2)
        await _tick(hass, freezer, 60)
    assert coordinator.data is coordinator.latest
    assert coordinator.data.metrics is not None
    assert coordinator.data.metrics.compressor_running is False

    await _set(hass, "flow", FLOW - 2)
    await _tick(hass, freezer, 1)  # nothing happened: held
    assert coordinator.data is not coordinator.latest

    await _set(hass, "power", ELECTRICAL)
    await _tick(hass, freezer, 1)  # a start, one second later: shown at once
    assert coordinator.data is coordinator.latest
    assert coordinator.data.metrics.compressor_running is True
