"""Each kind of unit end to end: its entities, checked against the simulator's truth.

Real Home Assistant, the simulator over real Modbus TCP on a manual clock
(samples carry its time).  Per kind: the computed entities that apply and
only those; the kind's own figures against the model's exact energies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity

from custom_components.heatpump.const import CONF_TANK_VOLUME, DOMAIN
from custom_components.heatpump.core.quantities import DryerState, Kind, Quantity
from heatpump_sim.simulator import Simulator
from tests.integration.simulated import modbus_entry, running_simulator
from tests.integration.test_modbus_e2e import POLL, Harness


@pytest.fixture(autouse=True)
def _every_entity_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures disabled by default show too: these tests check them all."""
    monkeypatch.setattr(
        Entity, "entity_registry_enabled_default", property(lambda _self: True)
    )


COP_KEYS = {
    "cop",
    "cop_today",
    "cop_month",
    "cop_year",
    "cop_lifetime",
    "running_cop_today",
    "gross_cop_today",
    "carnot_cop",
    "carnot_efficiency",
    "expected_cop",
    "performance_index",
    "scop",
    "eer_today",
}
DEFROST_KEYS = {
    "defrost_count_today",
    "defrost_count",
    "defrost_duration_today",
    "defrost_energy_today",
    "defrost_share_today",
    "gross_cop_today",
}


async def _set_up(
    hass: HomeAssistant, sim: Simulator, **entry: Any
) -> tuple[Harness, set[str]]:
    """The entry set up against the simulator; its entities' keys per platform."""
    await hass.config.async_set_time_zone("UTC")
    config_entry = modbus_entry(sim, **entry)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    harness = Harness(hass, sim, config_entry.entry_id)
    await harness.run(POLL)
    keys = {
        f"{e.domain}.{e.unique_id.removeprefix(f'{config_entry.entry_id}_')}"
        for e in er.async_entries_for_config_entry(
            er.async_get(hass), config_entry.entry_id
        )
    }
    return harness, keys


def _sensors(keys: set[str]) -> set[str]:
    return {key.removeprefix("sensor.") for key in keys if key.startswith("sensor.")}


def _assert_parts_add_up(
    harness: Harness, heat_services: tuple[str, ...], elec_services: tuple[str, ...]
) -> None:
    """Heat and electricity per service (other included) sum to the totals."""
    heat = sum(harness.number(f"heat_energy_{s}") for s in heat_services)
    assert heat == pytest.approx(harness.number("heat_energy"), abs=0.005)
    elec = sum(harness.number(f"electrical_energy_{s}") for s in elec_services)
    assert elec == pytest.approx(harness.number("electrical_energy"), abs=0.005)


@pytest.fixture
async def simulator(
    request: pytest.FixtureRequest, socket_enabled: None, profiles_dir: Path
) -> AsyncIterator[Simulator]:
    """The simulator configured by the test's ``simulator`` parameters."""
    config: dict[str, Any] = dict(request.param)
    warm_up = config.pop("warm_up", 3600.0)
    async with running_simulator(profiles_dir, **config) as sim:
        sim.advance(warm_up)
        yield sim


APPLIES = {
    # id: (simulator, defrost entities, reversing valve, backup heater kWh)
    "air_to_water": ({"kind": Kind.AIR_TO_WATER}, True, True, True),
    "air_to_air": ({"kind": Kind.AIR_TO_AIR}, True, True, False),
    "pool": ({"kind": Kind.POOL}, True, True, False),
    "ground_source": ({"kind": Kind.GROUND_SOURCE}, False, False, True),
    "water_source": ({"kind": Kind.WATER_SOURCE}, False, False, True),
    # The generic water heater reads a defrost flag (outdoor-air units frost).
    "water_heater": ({"kind": Kind.WATER_HEATER}, True, False, True),
    "dryer": ({"kind": Kind.DRYER}, False, False, False),
    "nibe_s1155_s1255": (
        {"kind": Kind.GROUND_SOURCE, "profiles": ("nibe_s1155_s1255",)},
        False,
        False,
        False,
    ),
    # Reads neither flag: defrost comes as an operating-mode value, the
    # valve is inferred from mode and defrost.
    "lambda_eu_l": (
        {"kind": Kind.AIR_TO_WATER, "profiles": ("lambda_eu_l",)},
        True,
        True,
        False,
    ),
}


@pytest.mark.parametrize(
    ("simulator", "defrost", "valve", "backup"),
    list(APPLIES.values()),
    indirect=["simulator"],
    ids=list(APPLIES),
)
async def test_only_what_applies(
    hass: HomeAssistant,
    simulator: Simulator,
    defrost: bool,
    valve: bool,
    backup: bool,
) -> None:
    """Defrost and valve entities where the profile reads them or the kind frosts;
    no COP on a dryer; backup heater kWh where the profile reads the heater."""
    sim = simulator
    _harness, keys = await _set_up(hass, sim)
    sensors = _sensors(keys)

    assert (sensors >= DEFROST_KEYS) is defrost
    assert (DEFROST_KEYS & sensors == set()) is not defrost
    assert ("binary_sensor.defrost" in keys) is defrost
    assert ("event.defrost" in keys) is defrost
    assert "event.mode" in keys
    assert ("binary_sensor.reversing_valve" in keys) is valve
    assert ("backup_heater_energy" in sensors) is backup
    assert ("binary_sensor.pool_low_delta_t" in keys) is (sim.kind is Kind.POOL)
    assert {"compressor_cycles_today", "electrical_energy"} <= sensors
    if sim.kind is Kind.DRYER:
        assert not COP_KEYS & sensors
        assert not {k for k in sensors if k.startswith("heat_")}
        assert {"smer", "energy_per_cycle"} <= sensors
    else:
        assert {"cop", "cop_today", "heat_energy_other", "electrical_energy_other"} <= (
            sensors
        )
        assert "smer" not in sensors


@pytest.mark.parametrize("simulator", [{"kind": Kind.GROUND_SOURCE}], indirect=True)
async def test_entities_that_never_applied_are_removed(
    hass: HomeAssistant, simulator: Simulator
) -> None:
    """Defrost entities an earlier version created on a ground-source unit go
    away at setup instead of lingering as "no longer provided"."""
    entry = modbus_entry(simulator)
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    stale = {
        ("sensor", "defrost_count"),
        ("binary_sensor", "defrost"),
        ("event", "defrost"),
    }
    for domain, key in stale:
        registry.async_get_or_create(
            domain, DOMAIN, f"{entry.entry_id}_{key}", config_entry=entry
        )
    kept = registry.async_get_or_create(
        "sensor", DOMAIN, f"{entry.entry_id}_cop_today", config_entry=entry
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    for domain, key in stale:
        assert (
            registry.async_get_entity_id(domain, DOMAIN, f"{entry.entry_id}_{key}")
            is None
        ), key
    assert registry.async_get(kept.entity_id) is not None


@pytest.mark.parametrize(
    "simulator",
    # A summer day: the filter pump runs 08:00-20:00, 21-31 °C air.
    [{"kind": Kind.POOL, "weather": "summer", "seed": 5, "warm_up": 10 * 3600.0}],
    indirect=True,
)
async def test_pool_heating_is_pool_service(
    hass: HomeAssistant, simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two hours of pool heating: heat_energy_pool vs the true heat, the low-ΔT
    warning follows the loop, the services add up."""
    sim = simulator
    harness, keys = await _set_up(hass, sim)
    assert "sensor.heat_energy_heating" not in keys
    totals = sim.truth.totals
    heat0, elec0 = (
        harness.number("heat_energy_pool"),
        harness.number("electrical_energy"),
    )
    true_heat0, true_elec0 = totals.positive_heat_kwh, totals.elec_kwh
    seen = {STATE_ON: 0, STATE_OFF: 0, STATE_UNKNOWN: 0}
    target_entity = harness.entity_id("number", "point_target_temperature")
    for poll in range(2 * 360):
        if poll == 360:  # the owner asks for a warmer pool: full speed
            await hass.services.async_call(
                "number",
                "set_value",
                {"entity_id": target_entity, "value": 32},
                blocking=True,
            )
        await harness.run(POLL)
        served = sim.model.state()
        shown = harness.state("binary_sensor", "pool_low_delta_t")
        seen[shown] += 1
        if not sim.model.comp.running:
            assert shown == STATE_UNKNOWN
            continue
        delta_t = abs(
            float(served[Quantity.FLOW_TEMPERATURE])
            - float(served[Quantity.RETURN_TEMPERATURE])
        )
        if delta_t < 0.85:  # clear of the 1 K line by the registers' 0.1 K
            assert shown == STATE_ON, delta_t
        elif delta_t > 1.15:
            assert shown == STATE_OFF, delta_t
    heat = harness.number("heat_energy_pool") - heat0
    elec = harness.number("electrical_energy") - elec0
    true_heat = totals.positive_heat_kwh - true_heat0
    true_elec = totals.elec_kwh - true_elec0
    with capsys.disabled():
        print(
            f"\npool 2 h: heat_energy_pool +{heat:.3f} kWh vs true {true_heat:.3f};"
            f" electrical +{elec:.3f} vs true {true_elec:.3f}; low-ΔT states {seen}"
        )
    assert true_heat > 1.0, "the pool hardly heated"
    assert heat == pytest.approx(true_heat, rel=0.02)
    assert elec == pytest.approx(true_elec, rel=0.02)
    assert seen[STATE_ON] > 60
    assert seen[STATE_OFF] > 60
    assert harness.number("electrical_energy_pool") > 0.0
    _assert_parts_add_up(harness, ("pool", "other"), ("pool", "cooling", "other"))


def _true_standing_loss(sim: Simulator) -> float:
    """kWh/day the model's tank loses at its temperature now."""
    tank = sim.model.tank  # type: ignore[attr-defined]
    return float(tank.p.ua_w_k * (tank.temp_c - tank.p.ambient_c) * 24.0 / 1000.0)


@pytest.mark.parametrize(
    ("simulator", "tank_option", "scale"),
    [
        # 19:00 on a winter day: the evening draw, then a night's cool-down.
        ({"kind": Kind.WATER_HEATER, "seed": 2, "warm_up": 20 * 3600.0}, None, 1.0),
        ({"kind": Kind.WATER_HEATER, "seed": 2, "warm_up": 20 * 3600.0}, 300, 1.5),
    ],
    indirect=["simulator"],
    ids=["profile-200l", "option-300l"],
)
async def test_water_heater_standing_loss(
    hass: HomeAssistant,
    simulator: Simulator,
    tank_option: int | None,
    scale: float,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Overnight the idle tank cools: standing loss from the profile's 200 l
    matches the model's; the tank-volume option scales it."""
    sim = simulator
    model: Any = sim.model
    options = {} if tank_option is None else {CONF_TANK_VOLUME: tank_option}
    harness, _keys = await _set_up(hass, sim, options=options)
    assert harness.state("sensor", "standing_loss") == STATE_UNKNOWN
    idle_runs: list[list[float]] = [[]]
    """The model's loss at each idle poll, per stretch of idle polls."""
    step = 60.0  # a slower poll; the unit's clock stamps the samples
    for _ in range(round(12 * 3600 / step)):
        sim.advance(step)
        await harness.coordinator.async_refresh()
        await hass.async_block_till_done()
        if not model.comp.running and not model.element_on:
            idle_runs[-1].append(_true_standing_loss(sim))
        elif idle_runs[-1]:
            idle_runs.append([])
        if harness.state("sensor", "standing_loss") != STATE_UNKNOWN:
            break
    shown = harness.number("standing_loss")
    cool_down = [run for run in idle_runs if run][-1]
    assert len(cool_down) * step >= 2 * 3600
    true_loss = sum(cool_down) / len(cool_down)
    with capsys.disabled():
        print(
            f"\nwater heater, tank {tank_option or 'profile 200'} l: standing_loss"
            f" {shown:.3f} kWh/day vs true {true_loss:.3f} x {scale}"
        )
    # The registers' 0.1 K on a cool-down of about 1.5 K: within 10 %.
    assert shown == pytest.approx(true_loss * scale, rel=0.1)


@pytest.mark.parametrize(
    "simulator", [{"kind": Kind.DRYER, "seed": 4, "warm_up": 600.0}], indirect=True
)
async def test_dryer_cycle_smer_and_energy(
    hass: HomeAssistant, simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    """A drying cycle started from Home Assistant: kWh per cycle and SMER vs truth."""
    sim = simulator
    harness, keys = await _set_up(hass, sim)
    assert not COP_KEYS & _sensors(keys)
    model: Any = sim.model
    # The owner loads the drum and presses start (the profile has no command).
    sim.write(Quantity.MODE_SETTING, "drying")
    totals = sim.truth.totals
    start_elec: float | None = None
    cycle_elec = cycle_water = None
    for _ in range(8 * 360):
        await harness.run(POLL)
        # The engine's cycle runs from the first sample reading "drying" to
        # the first reading "done"; the truth is taken at the same samples.
        state = model.dryer_state
        if start_elec is None and state is DryerState.DRYING:
            start_elec = totals.elec_kwh
        if start_elec is not None and cycle_elec is None and state is DryerState.DONE:
            cycle_elec = totals.elec_kwh - start_elec
            cycle_water = float(model.removed_kg)
            break
    assert cycle_elec is not None, "no cycle ended"
    assert cycle_water is not None
    assert harness.state("sensor", "smer") != STATE_UNKNOWN
    true_smer = cycle_water / cycle_elec
    energy, smer = harness.number("energy_per_cycle"), harness.number("smer")
    with capsys.disabled():
        print(
            f"\ndryer cycle: energy_per_cycle {energy:.3f} kWh vs true"
            f" {cycle_elec:.3f}; smer {smer:.3f} kg/kWh vs true {true_smer:.3f}"
        )
    assert energy == pytest.approx(cycle_elec, rel=0.02)
    assert smer == pytest.approx(true_smer, rel=0.02)


@pytest.fixture
async def cold_spell(
    socket_enabled: None, profiles_dir: Path, tmp_path: Path
) -> AsyncIterator[Simulator]:
    """An air-to-water unit (compressor locked out below −20 °C) at −23 °C."""
    start = datetime(2025, 1, 10, tzinfo=UTC)
    weather = tmp_path / "cold_spell.csv"
    weather.write_text(
        "\n".join(
            f"{(start + timedelta(hours=hour)).isoformat()},-23.0,80"
            for hour in range(49)
        ),
        encoding="utf-8",
    )
    async with running_simulator(
        profiles_dir, kind=Kind.AIR_TO_WATER, weather=f"csv:{weather}", seed=6
    ) as sim:
        sim.advance(3600)
        yield sim


async def test_backup_heater_only_has_no_compressor_figures(
    hass: HomeAssistant, cold_spell: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    """At −23 °C the backup heater carries the load alone: running COP, % of
    Carnot and performance index stay unknown; its kWh match the truth."""
    sim = cold_spell
    model: Any = sim.model
    harness, _keys = await _set_up(hass, sim)
    backup0 = harness.number("backup_heater_energy")
    true_alone = true_heater = 0.0
    for _ in range(3 * 360):
        # The engine counts an interval by the state it opened in.
        opened_with_heater = model.backup_on
        await harness.run(POLL)
        assert not model.comp.running
        if opened_with_heater:
            true_alone += model.last.elec_j / 3.6e6
            true_heater += model.last.backup_elec_j / 3.6e6
    backup = harness.number("backup_heater_energy") - backup0
    with capsys.disabled():
        print(
            f"\nbackup heater only, 3 h at -23 °C: backup_heater_energy +{backup:.3f}"
            f" kWh vs true {true_alone:.3f} (heater element alone {true_heater:.3f});"
            f" cop_today {harness.state('sensor', 'cop_today')}"
        )
    assert true_heater > 3.0, "the backup heater hardly ran"
    assert backup == pytest.approx(true_alone, rel=0.01)
    for key in ("running_cop_today", "carnot_efficiency", "performance_index", "cop"):
        assert harness.state("sensor", key) == STATE_UNKNOWN, key
    assert harness.number("compressor_starts_today") == 0
    assert harness.number("cop_today") == pytest.approx(1.0, abs=0.03)
    assert sim.model.state()[Quantity.BACKUP_HEATER] is True
