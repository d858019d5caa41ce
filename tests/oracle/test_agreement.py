"""The engine equals our oracle of heatpumpmonitor.org's method on ten days."""

from __future__ import annotations

import pytest

from custom_components.heatpump.core.analytics import Engine

from .engine_adapter import day_figures
from .report import compare, engine_config
from .scenarios import Scenario, scenarios

SCENARIOS = {s.name: s for s in scenarios()}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_figure_the_reference_defines_agrees(name: str) -> None:
    rows = compare(SCENARIOS[name])
    misses = [
        f"{r.figure}: oracle {r.oracle}, engine {r.engine} ({r.diff_pct})"
        for r in rows
        if not r.agrees
    ]
    assert not misses, misses
    # The scenario exercises what it claims to: figures are defined.
    assert all(r.oracle is not None for r in rows if "water" not in r.figure)


def _cycles(scenario: Scenario) -> tuple[float | None, int]:
    engine = Engine(engine_config())
    samples = list(scenario.samples())
    for sample in samples[:-1]:
        engine.update(sample)
    cycles = engine.metrics().compressor_cycles_today
    assert isinstance(cycles, int)
    return day_figures(Engine(engine_config()), scenario)["starts"], cycles


def test_compressor_cycles_ignore_pauses_under_a_minute() -> None:
    """The deliberate difference (README, "Compressor"): 12 defrosts, each with
    a 40 s pause before and after, are 24 starts to heatpumpmonitor and no new
    cycle to ``compressor_cycles_today``."""
    starts, cycles = _cycles(SCENARIOS["defrosts, 40 s pauses"])
    assert starts == 24
    assert cycles == 0
    starts, cycles = _cycles(SCENARIOS["steady cycling"])
    assert starts == cycles == 23
