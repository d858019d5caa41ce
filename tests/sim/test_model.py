"""The physics model: energy balance, Carnot, cycling, kinds, determinism."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.heatpump.core.physics.carnot import (
    carnot_cop_cooling,
    carnot_cop_heating,
)
from custom_components.heatpump.core.physics.heat import (
    air_sensible_heat_power,
    hydronic_heat_power,
    tank_energy_kwh,
)
from custom_components.heatpump.core.quantities import (
    DryerState,
    Kind,
    Mode,
    Quantity,
)
from heatpump_sim.model import (
    MODEL_KINDS,
    AirToWater,
    HeatPumpModel,
    WriteError,
    build_model,
)
from heatpump_sim.model.base import J_PER_KWH
from heatpump_sim.model.dryer import Dryer
from heatpump_sim.model.ground_source import GroundSource
from heatpump_sim.model.tank import TankParams
from heatpump_sim.model.water_heater import WaterHeater, WaterHeaterParams
from heatpump_sim.truth import run
from heatpump_sim.weather import ConstantWeather, SyntheticWeather

WINTER = datetime(2025, 1, 10, tzinfo=UTC)
SUMMER = datetime(2025, 7, 10, tzinfo=UTC)


def _model(kind: Kind, start: datetime = WINTER, seed: int = 1) -> HeatPumpModel:
    return build_model(kind, SyntheticWeather(start, seed=seed), seed=seed)


@pytest.mark.parametrize("kind", MODEL_KINDS)
@pytest.mark.parametrize("start", [WINTER, SUMMER], ids=["winter", "summer"])
def test_energy_balance_every_step(kind: Kind, start: datetime) -> None:
    """Heat = electricity × COP in every step; the parts add up; counters agree."""
    model = _model(kind, start)
    if kind in (Kind.AIR_TO_AIR, Kind.POOL) and start is SUMMER:
        model.write(Quantity.MODE_SETTING, Mode.AUTO.value)
    elec = positive_heat = 0.0
    for _ in range(2 * 8640 // 3):
        r = model.step(30.0)
        assert r.hp_heat_j == pytest.approx(r.hp_elec_j * r.cop, rel=1e-9, abs=1e-6)
        assert r.elec_j == pytest.approx(r.hp_elec_j + r.aux_elec_j + r.backup_elec_j)
        cooling = r.cooling_j > 0.0
        if cooling:
            assert r.cooling_j == pytest.approx(-r.hp_heat_j)
            assert r.heat_j == pytest.approx(r.backup_elec_j)
        else:
            assert r.heat_j == pytest.approx(r.hp_heat_j + r.backup_elec_j)
        assert r.aux_elec_j > 0.0  # standby never drops to zero
        elec += r.elec_j
        positive_heat += max(r.heat_j, 0.0)
    assert model.elec_counter_kwh == pytest.approx(elec / J_PER_KWH, rel=1e-9)
    # Like a MID heat meter, the unit's counter counts positive heat only.
    assert model.heat_counter_kwh == pytest.approx(positive_heat / J_PER_KWH, rel=1e-9)


@pytest.mark.parametrize("kind", [Kind.AIR_TO_WATER, Kind.GROUND_SOURCE, Kind.POOL])
def test_hydronic_sensors_reproduce_heat(kind: Kind) -> None:
    """Flow, return and flow rate give the heat through the core's formula."""
    model = _model(kind, SUMMER if kind is Kind.POOL else WINTER)
    checked = 0
    for _ in range(4000):
        model.step(30.0)
        s = model.state()
        flow_rate = s[Quantity.FLOW_RATE]
        assert isinstance(flow_rate, float)
        if flow_rate <= 0.0:
            continue
        flow, ret, power = (
            s[Quantity.FLOW_TEMPERATURE],
            s[Quantity.RETURN_TEMPERATURE],
            s[Quantity.HEAT_POWER],
        )
        assert isinstance(flow, float)
        assert isinstance(ret, float)
        assert isinstance(power, float)
        q = hydronic_heat_power(flow_rate, flow, ret)
        assert q == pytest.approx(power, rel=0.005, abs=5.0)
        checked += 1
    assert checked > 100


def test_air_to_air_supply_air_reproduces_heat() -> None:
    """Airflow and supply/return air give the sensible heat (core formula)."""
    model = _model(Kind.AIR_TO_AIR)
    checked = 0
    for _ in range(3000):
        r = model.step(30.0)
        s = model.state()
        airflow = s[Quantity.AIRFLOW]
        assert isinstance(airflow, float)
        if airflow <= 0.0 or r.defrost:
            continue
        q = air_sensible_heat_power(
            airflow,
            float(s[Quantity.SUPPLY_AIR_TEMPERATURE]),
            float(s[Quantity.RETURN_AIR_TEMPERATURE]),
        )
        assert q == pytest.approx(r.hp_heat_j / r.dt, rel=0.01, abs=5.0)
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("kind", MODEL_KINDS)
def test_cop_below_carnot(kind: Kind) -> None:
    """Every running step's COP is below the Carnot COP (and ≥ 1 once ramped up)."""
    model = _model(kind, SUMMER if kind is Kind.POOL else WINTER)
    if kind is Kind.DRYER:
        model.write(Quantity.MODE_SETTING, "drying")
    running = 0
    for _ in range(3000):
        r = model.step(30.0)
        if not r.compressor_running or r.defrost or r.hp_elec_j == 0.0:
            continue
        running += 1
        assert r.carnot_cop > 0.0
        if r.cop > 0.0:
            assert 0.0 < r.cop < r.carnot_cop
            ramped = model.comp.ramp >= 1.0
            assert r.cop >= 1.0 or not ramped
            carnot = carnot_cop_heating(r.sink_c, r.source_c)
            assert carnot is None or r.cop < carnot
        else:
            assert -r.cop < r.carnot_cop
            assert carnot_cop_cooling(r.source_c, r.sink_c) is not None
    assert running > 20


def test_inverter_range_and_anti_short_cycle() -> None:
    """25–100 % modulation at 20–110 Hz; minimum run and off times hold."""
    model = _model(Kind.AIR_TO_WATER, datetime(2025, 4, 20, tzinfo=UTC))
    comp = model.comp  # type: ignore[attr-defined]
    run = off = 0.0
    was_running = False
    starts = 0
    for _ in range(7 * 8640 // 2):
        r = model.step(20.0)
        if comp.running:
            assert 0.25 - 1e-9 <= comp.modulation <= 1.0 + 1e-9
            assert 20.0 - 1e-6 <= comp.frequency_hz <= 110.0 + 1e-6
        if r.compressor_started:
            assert off >= comp.p.min_off_s
            starts += 1
        if was_running and not comp.running:
            assert run >= comp.p.min_run_s
        if comp.running:
            run = run + r.dt if was_running else r.dt
        else:
            off = off + r.dt if not was_running else r.dt
        was_running = comp.running
    assert starts >= 3  # April: the compressor cycles below minimum modulation


def test_cold_climate_runs_to_minus_25() -> None:
    """A cold-climate unit runs at −24 °C with less capacity; a standard one stops."""
    cold = AirToWater(ConstantWeather(-24.0, 70.0, WINTER), cold_climate=True)
    standard = AirToWater(ConstantWeather(-24.0, 70.0, WINTER))
    for model in (cold, standard):
        run(model, 6 * 3600, 30.0)
    assert cold.comp.running
    assert (
        cold.capacity_w(-24.0, 45.0)
        < cold.capacity_w(-7.0, 45.0)
        < cold.capacity_w(7.0, 45.0)
    )
    assert not standard.comp.running
    assert standard.backup_on


def test_same_seed_same_run_other_seed_other_run() -> None:
    """A seed fixes the run; another seed gives another."""
    totals = []
    for seed in (3, 3, 4):
        truth = run(_model(Kind.AIR_TO_WATER, WINTER, seed), 86400, 30.0)
        totals.append(
            (truth.totals.heat_kwh, truth.totals.elec_kwh, truth.totals.defrosts)
        )
    assert totals[0] == totals[1]
    assert totals[0] != totals[2]


def test_writes_checked_and_applied() -> None:
    """Writable quantities are bounded; others are refused."""
    model = _model(Kind.AIR_TO_WATER)
    model.write(Quantity.DHW_TARGET_TEMPERATURE, 52.0)
    model.write(Quantity.MODE_SETTING, "cooling")
    model.write(Quantity.TARGET_TEMPERATURE, 41.5)
    state = model.state()
    assert state[Quantity.DHW_TARGET_TEMPERATURE] == 52.0
    assert state[Quantity.MODE_SETTING] == "cooling"
    assert state[Quantity.TARGET_TEMPERATURE] == 41.5
    with pytest.raises(WriteError):
        model.write(Quantity.DHW_TARGET_TEMPERATURE, 99.0)
    with pytest.raises(WriteError):
        model.write(Quantity.MODE_SETTING, "drying")
    with pytest.raises(WriteError):
        model.write(Quantity.FLOW_TEMPERATURE, 30.0)


def test_mode_off_stops_everything_but_standby() -> None:
    """Off: no compressor, no backup, only standby power (10–20 W)."""
    model = _model(Kind.AIR_TO_WATER)
    model.write(Quantity.MODE_SETTING, "off")
    truth = run(model, 3 * 3600, 30.0)
    power = model.state()[Quantity.ELECTRICAL_POWER]
    assert isinstance(power, float)
    assert 10.0 <= power <= 20.0
    assert truth.totals.compressor_starts == 0
    assert model.state()[Quantity.OPERATING_MODE] == "off"


def test_ground_loop_cools_through_the_season() -> None:
    """Taking heat all winter pulls the ground (and the brine) down."""
    model = GroundSource(SyntheticWeather(datetime(2025, 12, 1, tzinfo=UTC), seed=2))
    start_ground = model.ground_c
    run(model, 30 * 86400, 120.0)
    assert model.ground_c < start_ground - 0.5
    assert model.brine_out_c < model.brine_in_c or not model.comp.running


def test_water_heater_standing_loss() -> None:
    """A 200 l tank idling from 55 °C in a 20 °C room loses about 1 kWh/day."""
    params = WaterHeaterParams(tank=TankParams(target_c=55.0, draws=()))
    model = WaterHeater(ConstantWeather(10.0, 60.0, WINTER), params=params)
    model.write(Quantity.MODE_SETTING, "off")
    model.tank.temp_c = 55.0
    truth = run(model, 86400, 60.0)
    lost = tank_energy_kwh(200.0, model.tank.temp_c, 55.0)
    assert lost == pytest.approx(1.0, abs=0.15)
    assert truth.totals.compressor_starts == 0


def test_dryer_cycle_smer() -> None:
    """One load of 8 kg at 60 % moisture: about 2 kg/kWh, states in order."""
    model = Dryer(ConstantWeather(10.0, 60.0, WINTER))
    model.p = type(model.p)(auto_loads=False)
    model.start_cycle(8.0, 0.6)
    states = [DryerState.DRYING]
    elec = 0.0
    for _ in range(6 * 360):
        r = model.step(10.0)
        elec += r.elec_j
        if model.dryer_state is not states[-1]:
            states.append(model.dryer_state)
        if model.dryer_state is DryerState.IDLE:
            break
    assert states == [
        DryerState.DRYING,
        DryerState.COOLING_DOWN,
        DryerState.DONE,
        DryerState.IDLE,
    ]
    smer = model.removed_kg / (elec / J_PER_KWH)
    assert 1.7 <= smer <= 2.4
    assert model.removed_kg == pytest.approx(4.8 - 0.02 * 8.0, rel=0.01)


def test_pool_small_delta_t() -> None:
    """A pool unit heats with a 1–3 K rise across its condenser."""
    model = _model(Kind.POOL, datetime(2025, 5, 15, tzinfo=UTC))
    model.write(Quantity.TARGET_TEMPERATURE, 30.0)
    rises = []
    for _ in range(3 * 2880):
        r = model.step(30.0)
        if r.compressor_running and not r.defrost and model.comp.ramp >= 1.0:  # type: ignore[attr-defined]
            s = model.state()
            rises.append(
                float(s[Quantity.FLOW_TEMPERATURE])
                - float(s[Quantity.RETURN_TEMPERATURE])
            )
    assert rises
    assert min(rises) >= 0.3
    assert max(rises) <= 3.0
