"""Defrost: only in the frosting zone, every 30–165 min of running, 2–10 min long."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.heatpump.core.physics.frost import FrostSeverity, frost_severity
from custom_components.heatpump.core.quantities import Quantity
from heatpump_sim.model import AirToWater
from heatpump_sim.model.air_to_water import AIR_CARNOT_FACTOR
from heatpump_sim.model.building import BuildingParams
from heatpump_sim.model.hydronic import HydronicParams
from heatpump_sim.truth import Truth, run
from heatpump_sim.weather import ConstantWeather, SyntheticWeather

WINTER = datetime(2025, 1, 10, tzinfo=UTC)


def _steady_unit(outdoor_c: float, rh: float) -> AirToWater:
    """A unit whose compressor runs all the time (no hot water, big house)."""
    params = HydronicParams(
        carnot_factor=AIR_CARNOT_FACTOR,
        tank=None,
        building=BuildingParams(design_load_w=9000.0, design_outdoor_c=-5.0),
    )
    return AirToWater(ConstantWeather(outdoor_c, rh, WINTER), params=params)


@pytest.mark.parametrize(
    ("outdoor_c", "rh", "minutes"),
    [(0.0, 90.0, 30.0), (0.0, 70.0, 60.0), (0.0, 50.0, 165.0), (-5.0, 97.0, 30.0)],
    ids=["severe", "moderate", "mild", "severe-cold"],
)
def test_interval_and_duration_by_zone(
    outdoor_c: float, rh: float, minutes: float
) -> None:
    """Zhu's typical interval of running between defrosts; 2–10 min each."""
    model = _steady_unit(outdoor_c, rh)
    truth = run(model, 12 * 3600, 10.0)
    events = truth.defrosts[1:]  # the first one starts from a clean coil too
    assert len(events) >= 2
    for event in events:
        assert event.run_before_s == pytest.approx(minutes * 60.0, abs=10.0)
        assert 120.0 <= event.duration_s <= 600.0
        assert event.heat_kwh > 0.0


@pytest.mark.parametrize(("outdoor_c", "rh"), [(0.0, 30.0), (8.0, 95.0), (-10.0, 40.0)])
def test_no_defrost_outside_the_frosting_zone(outdoor_c: float, rh: float) -> None:
    """Dry air, or air at 6 °C and above, never frosts the coil."""
    assert frost_severity(outdoor_c, rh) is FrostSeverity.NONE
    model = _steady_unit(outdoor_c, rh)
    truth = run(model, 8 * 3600, 10.0)
    assert model.comp.running
    assert truth.totals.defrosts == 0


def test_defrost_signature_in_a_winter_week() -> None:
    """Reversing valve switches, heat is pulled (flow < return), mode reads defrost."""
    model = AirToWater(SyntheticWeather(WINTER, seed=1), seed=1)
    truth = Truth(model)
    seen = 0
    for _ in range(7 * 8640 // 2):
        t0 = model.t
        r = model.step(20.0)
        truth.record(r, t0)
        if r.defrost:
            s = model.state()
            assert s[Quantity.DEFROST_ACTIVE] is True
            assert s[Quantity.OPERATING_MODE] == "defrost"
            assert (
                s[Quantity.REVERSING_VALVE] is True
            )  # O-wired: energised like cooling
            assert (
                float(s[Quantity.FLOW_TEMPERATURE])
                < float(s[Quantity.RETURN_TEMPERATURE]) - 0.2
            )
            assert float(s[Quantity.HEAT_POWER]) < 0.0
            assert r.heat_j < 0.0 < r.hp_elec_j
            seen += 1
    truth.close()
    assert truth.totals.defrosts == len(truth.defrosts) > 20
    for event in truth.defrosts:
        assert 120.0 <= event.duration_s <= 600.0
        assert event.run_before_s >= 30 * 60.0 - 20.0
        assert event.outdoor_c < 6.5
    assert seen * 20.0 == pytest.approx(truth.totals.defrost_s)
    assert 0.0 < truth.totals.defrost_share < 0.10
