"""ReversalGuard: refuse a heat<->cool reversal inside the dwell time."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.control import ReversalGuard, ReversalTooSoon
from custom_components.heatpump.core.quantities import Mode

DWELL = 600.0


def guard_after_reversal(at: float = 1000.0) -> ReversalGuard:
    """A guard that saw heating, then a reversal to cooling at ``at``."""
    guard = ReversalGuard(DWELL)
    guard.observe(Mode.HEATING, at - 5000.0)
    guard.observe(Mode.COOLING, at)
    return guard


def test_starts_empty_and_allows_anything() -> None:
    guard = ReversalGuard(DWELL)
    assert guard.direction is None
    assert guard.since is None
    for mode in Mode:
        guard.check(mode, 0.0)


def test_first_direction_is_no_reversal() -> None:
    guard = ReversalGuard(DWELL)
    guard.observe(Mode.HEATING, 100.0)
    assert guard.direction is Mode.HEATING
    # We do not know when heating began, so it starts no dwell.
    assert guard.since is None
    guard.check(Mode.COOLING, 101.0)
    guard.check("cooling", 101.0)


@pytest.mark.parametrize("mode", [Mode.HEATING, Mode.DHW, Mode.POOL, "dhw", "pool"])
def test_heating_dhw_and_pool_are_one_direction(mode: Mode | str) -> None:
    guard = guard_after_reversal(1000.0)
    guard.observe(Mode.HEATING, 1700.0)  # a reversal back to heating
    assert guard.direction is Mode.HEATING
    assert guard.since == 1700.0
    # Switching between heating services is no reversal: the dwell is kept.
    guard.observe(mode, 1750.0)
    assert guard.direction is Mode.HEATING
    assert guard.since == 1700.0
    guard.check(mode, 1751.0)
    with pytest.raises(ReversalTooSoon) as info:
        guard.check(Mode.COOLING, 1751.0)
    assert info.value.allowed_at == 1700.0 + DWELL


def test_observed_reversal_starts_the_dwell() -> None:
    guard = guard_after_reversal(1000.0)
    assert guard.direction is Mode.COOLING
    assert guard.since == 1000.0


def test_reversal_inside_dwell_is_refused() -> None:
    guard = guard_after_reversal(1000.0)
    with pytest.raises(ReversalTooSoon) as info:
        guard.check(Mode.HEATING, 1000.0 + DWELL - 1.0)
    err = info.value
    assert err.allowed_at == 1000.0 + DWELL
    assert err.requested is Mode.HEATING
    assert str(err) == "reversal to heating refused until 1600"


@pytest.mark.parametrize(
    ("requested", "expected"),
    [("dhw", Mode.DHW), ("pool", Mode.POOL), (Mode.HEATING, Mode.HEATING)],
)
def test_every_heating_service_is_a_reversal_from_cooling(
    requested: Mode | str, expected: Mode
) -> None:
    guard = guard_after_reversal(1000.0)
    with pytest.raises(ReversalTooSoon) as info:
        guard.check(requested, 1001.0)
    assert info.value.requested is expected
    assert info.value.allowed_at == 1600.0
    assert str(info.value) == f"reversal to {expected.value} refused until 1600"


def test_reversal_after_dwell_is_allowed() -> None:
    guard = guard_after_reversal(1000.0)
    guard.check(Mode.HEATING, 1000.0 + DWELL)  # exactly at allowed_at
    guard.check(Mode.HEATING, 1000.0 + DWELL + 1.0)


def test_same_direction_is_never_blocked() -> None:
    guard = guard_after_reversal(1000.0)
    guard.check(Mode.COOLING, 1000.0)
    guard.check("cooling", 1001.0)


@pytest.mark.parametrize(
    "mode", [Mode.AUTO, Mode.OFF, Mode.STANDBY, Mode.DEFROST, "auto"]
)
def test_modes_without_direction_never_block(mode: Mode | str) -> None:
    guard = guard_after_reversal(1000.0)
    guard.check(mode, 1000.0)


@pytest.mark.parametrize(
    "mode", [None, "", Mode.OFF, Mode.STANDBY, Mode.AUTO, Mode.DEFROST]
)
def test_observing_a_mode_without_direction_changes_nothing(
    mode: Mode | str | None,
) -> None:
    guard = guard_after_reversal(1000.0)
    guard.observe(mode, 1200.0)
    assert guard.direction is Mode.COOLING
    assert guard.since == 1000.0
    # Still refused: standby or defrost in between does not reset the dwell.
    with pytest.raises(ReversalTooSoon):
        guard.check(Mode.HEATING, 1300.0)


def test_defrost_does_not_count_as_a_reversal() -> None:
    guard = ReversalGuard(DWELL)
    guard.observe(Mode.HEATING, 0.0)
    guard.observe(Mode.DEFROST, 10.0)
    guard.observe(Mode.HEATING, 20.0)
    assert guard.direction is Mode.HEATING
    assert guard.since is None
    guard.check(Mode.COOLING, 21.0)


def test_later_reversal_restarts_the_dwell() -> None:
    guard = guard_after_reversal(1000.0)
    guard.observe("heating", 1700.0)
    assert guard.direction is Mode.HEATING
    assert guard.since == 1700.0
    with pytest.raises(ReversalTooSoon) as info:
        guard.check("cooling", 1800.0)
    assert info.value.allowed_at == 2300.0
    assert info.value.requested is Mode.COOLING
    guard.check("cooling", 2300.0)


def test_zero_dwell_never_blocks() -> None:
    guard = ReversalGuard(0.0)
    guard.observe(Mode.HEATING, 0.0)
    guard.observe(Mode.COOLING, 5.0)
    guard.check(Mode.HEATING, 5.0)


def test_unknown_mode_is_rejected() -> None:
    guard = ReversalGuard(DWELL)
    with pytest.raises(ValueError, match="'boost' is not a valid Mode"):
        guard.observe("boost", 0.0)
    with pytest.raises(ValueError, match="'boost' is not a valid Mode"):
        guard.check("boost", 0.0)
    assert guard.direction is None


@pytest.mark.parametrize("dry", [Mode.DRYING, "drying"])
def test_dry_mode_is_cooling(dry: Mode | str) -> None:
    """Mini-splits dehumidify on the cooling cycle: dry is no reversal from
    cooling, and heating right after dry is one."""
    guard = guard_after_reversal(1000.0)  # cooling since 1000
    guard.observe(dry, 1100.0)
    assert guard.direction is Mode.COOLING
    assert guard.since == 1000.0
    guard.check(dry, 1101.0)
    with pytest.raises(ReversalTooSoon):
        guard.check(Mode.HEATING, 1101.0)
    heating = ReversalGuard(DWELL)
    heating.observe(Mode.HEATING, 0.0)
    heating.observe(dry, 50.0)
    assert heating.direction is Mode.COOLING
    with pytest.raises(ReversalTooSoon) as info:
        heating.check(Mode.HEATING, 60.0)
    assert info.value.allowed_at == 50.0 + DWELL
