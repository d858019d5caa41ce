"""Settings of the analytics engine.

Time zone and seasons: day and month totals roll over at local midnight in
``time_zone`` (an IANA name).  The heating season runs from the first day of
``heating_season_start_month`` (default September) to the last day of the
month before it a year later (default 1 Sept → 31 Aug); a season is named
after the year it starts in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..physics.expected import CopModel, RatingCurve
from ..physics.fluids import Fluid, fluid_properties
from ..quantities import Kind

type RatingPoint = tuple[float, float, float]
"""A datasheet point: (source °C, sink °C, COP), e.g. A7/W35 → (7, 35, 4.4)."""

MAX_GAP_LIMIT_S = 6 * 3600.0
"""No interval longer than this is ever integrated (keeps day splits simple)."""


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Everything the engine needs to know about the unit and the user's wishes.

    Thresholds and windows have the field-practice defaults from the physics
    notes; every duration is in seconds and every power in W.
    """

    kind: Kind = Kind.AIR_TO_WATER
    fluid: Fluid = Fluid.WATER
    mass_fraction: float = 0.0
    flow_meter_side: Literal["return", "flow"] = "return"
    """Where the flow meter sits: rho and cp are taken at that temperature."""
    compressor_threshold_w: float = 100.0
    """Starting power: running COP, and compressor on when nothing else says."""
    compressor_hysteresis_w: float = 20.0
    """Power-inferred compressor turns off below threshold − hysteresis."""
    live_cop_min_power_w: float = 100.0
    """Live COP is shown only at or above this electrical power (and threshold)."""
    assumed_power_factor: float = 1.0
    """Used for V×I×PF when the unit reports voltage and current but no PF."""
    max_gap_s: float = 900.0
    """Longest interval that is integrated or across which a counter is trusted."""
    max_power_w: float = 50_000.0
    """A counter step faster than this (heat or electricity) is a glitch."""
    heat_power_clamped: bool = False
    """The unit's reported heat power never reads below 0 (HeishaMon): a
    negative flow × ΔT is counted instead, as heat taken from the house."""
    infer_defrost: bool = True
    defrost_min_s: float = 30.0
    """An inferred defrost must hold this long before it counts."""
    defrost_merge_s: float = 60.0
    """Defrost conditions separated by less than this are one defrost."""
    defrost_delta_t_k: float = 0.2
    """Inference: the flow must be this much below the return."""
    min_off_s: float = 60.0
    """A compressor off shorter than this is not a stop (and no new start)."""
    short_cycle_window_s: float = 3 * 3600.0
    """Rolling window for starts per hour and the short-cycling flag."""
    short_cycle_starts_per_hour: float = 3.0
    short_cycle_min_run_s: float = 600.0
    short_cycle_min_runs: int = 3
    """Runs needed in the window before the median run time can flag."""
    run_time_window_s: float = 24 * 3600.0
    """Rolling window for the mean (and median) run time."""
    reversing_valve_energized_in: Literal["cooling", "heating"] = "cooling"
    """Valve polarity: O-wired units energise in cooling, B-wired in heating."""
    time_zone: str = "UTC"
    heating_season_start_month: int = 9
    cop_model: CopModel | None = None
    """Expected-COP model; None picks the when2heat model for the kind."""
    rating_points: Sequence[RatingPoint] = ()
    """Datasheet points; when given they take precedence over ``cop_model``."""
    tank_volume_l: float | None = None
    """Water heaters: the tank, for cycle heat and standing loss."""
    ambient_temp_c: float = 20.0
    """Water heaters: tank surroundings when no room/air temperature is read."""
    standing_loss_min_s: float = 2 * 3600.0
    """Water heaters: shortest idle cool-down used to measure the loss."""
    pool_min_delta_t_k: float = 1.0
    """Pools: a smaller |flow − return| is below what the sensors resolve."""
    dryer_end_idle_s: float = 300.0
    """Dryers without a state: a cycle ends after this long below threshold."""

    def __post_init__(self) -> None:
        """Reject settings that cannot work (ValueError)."""
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ValueError(
                f"time_zone: unknown time zone {self.time_zone!r}"
            ) from err
        fluid_properties(Fluid(self.fluid), self.mass_fraction)
        if self.flow_meter_side not in ("return", "flow"):
            raise ValueError(f"flow_meter_side: {self.flow_meter_side!r}")
        if self.reversing_valve_energized_in not in ("cooling", "heating"):
            raise ValueError(
                f"reversing_valve_energized_in: {self.reversing_valve_energized_in!r}"
            )
        if not 1 <= self.heating_season_start_month <= 12:
            raise ValueError("heating_season_start_month must be 1…12")
        if not 0.0 < self.max_gap_s <= MAX_GAP_LIMIT_S:
            raise ValueError(f"max_gap_s must be in (0, {MAX_GAP_LIMIT_S:.0f}]")
        if not self.max_power_w > 0.0:
            raise ValueError("max_power_w must be > 0")
        if not 0.0 < self.assumed_power_factor <= 1.0:
            raise ValueError("assumed_power_factor must be in (0, 1]")
        if self.tank_volume_l is not None and not self.tank_volume_l > 0.0:
            raise ValueError("tank_volume_l must be > 0")
        if not self.short_cycle_window_s > 0.0 or not self.run_time_window_s > 0.0:
            raise ValueError("windows must be > 0 s")
        if self.rating_points:
            RatingCurve(self.rating_points)
