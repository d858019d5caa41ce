"""Seasonal COP of the air-to-water model against heatpumpmonitor's field data.

heatpumpmonitor's regression of annual SPF on heat-weighted flow − outdoor
ΔT over 300+ metered systems: ``SPF = −0.105·ΔT + 6.88``.  Heating systems
from low-temperature floors (no hot water) to 65 °C radiators must land
within ±10 % of it across ΔT 20–45 K.
"""

from __future__ import annotations

import pytest

from heatpump_sim.calibration import field_spf, seasonal_point

SYSTEMS = [
    (26.0, False),  # floor heating, no hot water
    (30.0, True),
    (40.0, True),
    (50.0, True),
    (62.0, True),  # old radiators
]


def test_seasonal_cop_within_ten_percent_of_field_regression() -> None:
    """Every system within ±10 %, and together they span ΔT ≤ 23 K to ≥ 44 K."""
    points = []
    for design_flow_c, hot_water in SYSTEMS:
        result = seasonal_point(design_flow_c, hot_water=hot_water, days_per_month=2)
        expected = field_spf(result.delta_t_k)
        points.append((result.delta_t_k, result.spf, expected))
        assert result.spf == pytest.approx(expected, rel=0.10), (
            f"design flow {design_flow_c} °C: ΔT {result.delta_t_k:.1f} K, "
            f"SPF {result.spf:.2f} vs field {expected:.2f}"
        )
        assert 0.005 < result.defrost_heat_kwh / result.heat_kwh < 0.05
    deltas = [p[0] for p in points]
    assert min(deltas) <= 23.0
    assert max(deltas) >= 44.0
    spfs = [p[1] for p in points]
    assert spfs == sorted(spfs, reverse=True)
