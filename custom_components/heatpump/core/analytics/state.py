"""Everything the engine remembers between samples, and nothing else.

``EngineState`` is what persistence stores and restores and what the metrics
are computed from; the engine is the only writer.  Settings (``EngineConfig``)
and caches that are pure functions of the state are not part of it: the
engine derives them again when it takes a restored state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..quantities import Kind, Quantity, Value
from .compressor import CompressorTracker
from .config import EngineConfig
from .defrost import DefrostTracker
from .energy import Counter, zeros
from .kinds import DryerTracker, WaterHeaterTracker
from .periods import Periods


class Unseen:
    """The type of ``UNSEEN``."""

    def __repr__(self) -> str:
        """As the constant is named."""
        return "UNSEEN"


UNSEEN = Unseen()
"""A mode input that was never reported: forces the first mode derivation."""


@dataclass(slots=True, kw_only=True, eq=False)
class EngineState:
    """The engine's memory; build a fresh one with ``EngineState.fresh``."""

    last_ts: float | None = None
    """The latest sample's time; None before the first sample."""
    first_ts: float = 0.0
    values: Mapping[Quantity, Value] = field(default_factory=dict)
    """The latest sample's values."""

    heat_power: float | None = None
    """W, resolved from the latest sample (external > reported > computed)."""
    electrical_power: float | None = None
    heat_power_held: float | None = None
    """W the next interval starts from: a missing power is held for max_gap_s."""
    electrical_power_held: float | None = None
    heat_power_seen_at: float = 0.0
    """ts of the latest sample that had a heat power."""
    electrical_power_seen_at: float = 0.0
    external_heat_power: float | None = None
    """The latest sample's external power, as given (None: not given)."""
    external_electrical_power: float | None = None
    power_held: bool = False
    """The latest sample's heat or electricity is a held value."""
    held_sums: list[float] | None = None
    """Sums of intervals opened on held values, waiting for a reading to
    settle them (``energy`` layout)."""

    external_heat_counter: Counter
    heat_counter: Counter
    """The unit's own HEAT_ENERGY counter."""
    external_electricity_counter: Counter
    electricity_counter: Counter
    """The unit's own ELECTRICAL_ENERGY counter."""

    today: list[float] = field(default_factory=zeros)
    """Today's sums in the ``energy`` layout."""
    periods: Periods
    """Closed sums of the month, year, season and lifetime."""

    mode: str | None = None
    """The service the unit gives (``engine`` Modes); None before any sample."""
    mode_reading: Value | Unseen | None = UNSEEN
    """The OPERATING_MODE the mode was derived from (held up to max_gap_s)."""
    valve_reading: Value | Unseen | None = UNSEEN
    """The THREE_WAY_VALVE the mode was derived from (held up to max_gap_s)."""
    mode_reported_at: float = 0.0
    valve_reported_at: float = 0.0
    running: bool = False
    """The power the next interval opens with is at or above the starting power."""
    compressor_counted: bool = False
    """Running and the compressor not reported off: the next interval counts
    in the running COP, % of Carnot and performance index."""
    start_reference_on: bool | None = None
    """``compressor_counted`` at the latest sample with an electrical reading:
    heatpumpmonitor counts a start when it turns True."""
    compressor_reported: bool | None = None
    """What the unit said about its compressor (running or frequency); None
    when it said nothing and the power decides."""
    compressor_on: bool | None = None
    """The compressor state the latest sample gave (None: unknown)."""
    backup_heater_on: bool = False
    carnot_sign: float = 1.0
    """−1 while the flow is colder than the return by more than 0.2 K: the
    ideal machine's heat then counts against it, as in a defrost."""
    compressor: CompressorTracker
    defrost: DefrostTracker
    defrost_condition: bool = False
    """The defrost condition at the latest sample."""
    defrost_reported: bool = False
    """The unit has reported defrost itself, so it is no longer inferred."""
    pending_defrost_s: float = 0.0
    """Seconds the condition of an inferred defrost held before it counted."""
    carnot_cop: float | None = None
    """Carnot COP for the interval the latest sample opens (None: unknown)."""
    expected_cop: float | None = None
    cycles_today: int = 0
    """Compressor cycles (the tracker's starts: short pauses and defrosts
    are not a new cycle); heatpumpmonitor's starts are in the sums."""
    cycles_total: int = 0
    defrosts_today: int = 0
    defrosts_total: int = 0
    water_heater: WaterHeaterTracker | None = None
    dryer: DryerTracker | None = None

    @classmethod
    def fresh(cls, config: EngineConfig) -> EngineState:
        """No samples yet, all totals zero."""

        def counter() -> Counter:
            return Counter(config.max_gap_s, config.max_power_w)

        kind = config.kind
        return cls(
            external_heat_counter=counter(),
            heat_counter=counter(),
            external_electricity_counter=counter(),
            electricity_counter=counter(),
            periods=Periods(config.time_zone, config.heating_season_start_month),
            compressor=CompressorTracker(
                config.min_off_s, config.short_cycle_window_s, config.run_time_window_s
            ),
            defrost=DefrostTracker(config.defrost_merge_s),
            water_heater=(
                WaterHeaterTracker(
                    config.tank_volume_l,
                    config.ambient_temp_c,
                    config.standing_loss_min_s,
                )
                if kind == Kind.WATER_HEATER
                else None
            ),
            dryer=DryerTracker(config.dryer_end_idle_s) if kind == Kind.DRYER else None,
        )

    def counters(self) -> tuple[Counter, Counter, Counter, Counter]:
        """External heat, unit heat, external electricity, unit electricity."""
        return (
            self.external_heat_counter,
            self.heat_counter,
            self.external_electricity_counter,
            self.electricity_counter,
        )
