"""Carnot and expected COP at the temperatures a unit reports.

Sink and source per kind (the first one reported wins):

- air-to-water, pool: flow (pool water) / outdoor air (source-in);
- ground and water source: flow / brine or source water in (outdoor);
- air-to-air: supply air / outdoor air;
- water heater: tank / air drawn in (outdoor, room).

In cooling the roles swap for Carnot: the outdoor side rejects the heat and
the water or air is cooled (``carnot_cop_cooling``); there is no expected
cooling COP.  Expected COP comes from the datasheet points when configured
(``RatingCurve``), else from the configured or the kind's when2heat model.

Efficiency metrics (``carnot_efficiency``, ``performance_index``) are ratios
of energies, like every other period figure: Σ(heat_i / Carnot_i) / Σelec_i
over running intervals, i.e. the period's COP divided by its heat-weighted
(harmonic) Carnot COP.  Unlike a mean of instantaneous COP/Carnot ratios it
stays finite when a coarse counter leaves an interval with almost no
electricity.
"""

from __future__ import annotations

from collections.abc import Callable

from ..physics.carnot import carnot_cop_cooling, carnot_cop_heating
from ..physics.expected import (
    CopModel,
    RatingCurve,
    expected_cop,
    model_for_kind,
)
from ..quantities import Kind, Quantity, Value
from .config import EngineConfig

Q = Quantity
_TEMPS: dict[Kind, tuple[tuple[Quantity, ...], tuple[Quantity, ...]]] = {
    Kind.AIR_TO_WATER: (
        (Q.FLOW_TEMPERATURE,),
        (Q.OUTDOOR_TEMPERATURE, Q.SOURCE_IN_TEMPERATURE),
    ),
    Kind.GROUND_SOURCE: (
        (Q.FLOW_TEMPERATURE,),
        (Q.SOURCE_IN_TEMPERATURE, Q.OUTDOOR_TEMPERATURE),
    ),
    Kind.WATER_SOURCE: (
        (Q.FLOW_TEMPERATURE,),
        (Q.SOURCE_IN_TEMPERATURE, Q.OUTDOOR_TEMPERATURE),
    ),
    Kind.AIR_TO_AIR: (
        (Q.SUPPLY_AIR_TEMPERATURE,),
        (Q.OUTDOOR_TEMPERATURE,),
    ),
    Kind.WATER_HEATER: (
        (Q.DHW_TEMPERATURE, Q.FLOW_TEMPERATURE),
        (Q.RETURN_AIR_TEMPERATURE, Q.OUTDOOR_TEMPERATURE, Q.ROOM_TEMPERATURE),
    ),
    Kind.POOL: (
        (Q.FLOW_TEMPERATURE, Q.POOL_TEMPERATURE),
        (Q.OUTDOOR_TEMPERATURE,),
    ),
}


def first(
    get: Callable[[Quantity], Value | None], keys: tuple[Quantity, ...]
) -> float | None:
    """The first of ``keys`` that has a number."""
    for key in keys:
        value = get(key)
        if value is not None and not isinstance(value, str):
            return float(value)
    return None


class Efficiency:
    """Carnot and expected COP for one unit."""

    __slots__ = ("curve", "model", "sinks", "sources")

    def __init__(
        self,
        sinks: tuple[Quantity, ...],
        sources: tuple[Quantity, ...],
        config: EngineConfig,
    ) -> None:
        """Use ``for_config`` unless testing."""
        self.sinks = sinks
        self.sources = sources
        self.curve = RatingCurve(config.rating_points) if config.rating_points else None
        model: CopModel | None = config.cop_model
        if model is None and config.kind != Kind.METER:
            model = model_for_kind(config.kind)
        self.model = model

    @classmethod
    def for_config(cls, config: EngineConfig) -> Efficiency | None:
        """None for kinds without a meaningful Carnot COP (dryers, meters)."""
        temps = _TEMPS.get(config.kind)
        return None if temps is None else cls(temps[0], temps[1], config)

    def carnot(self, sink: float, source: float, cooling: bool) -> float | None:
        """Carnot COP (EER in cooling) with heatpumpmonitor's offsets."""
        if cooling:
            return carnot_cop_cooling(source, sink)
        return carnot_cop_heating(sink, source)

    def expected(self, sink: float, source: float, cooling: bool) -> float | None:
        """Expected heating COP; None in cooling or without a model."""
        if cooling:
            return None
        if self.curve is not None:
            return self.curve.cop(sink, source)
        if self.model is None:
            return None
        return expected_cop(self.model, sink, source)

    def live(
        self, get: Callable[[Quantity], Value | None], cooling: bool
    ) -> tuple[float | None, float | None]:
        """(Carnot, expected) at the temperatures in one sample."""
        sink = first(get, self.sinks)
        source = first(get, self.sources)
        if sink is None or source is None:
            return None, None
        return self.carnot(sink, source, cooling), self.expected(sink, source, cooling)
