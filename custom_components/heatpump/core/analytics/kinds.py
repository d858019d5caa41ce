"""What only some kinds of unit need: water heater, pool and dryer figures.

Water heater
    A heat-up cycle is one compressor run (start → confirmed stop) during which
    the tank got warmer.  Its heat is the measured heat when the engine has a
    heat source, else the tank's stored energy from the temperature rise
    (needs ``tank_volume_l``).  Standing loss comes from idle cool-downs
    (compressor off, no backup heater) of at least ``standing_loss_min_s``:
    ``UA = C·ln((T0 − Ta)/(T1 − Ta))/dt``, reported as kWh/day at the
    cool-down's mean tank temperature.  A drop of more than 1 K between two
    samples is a draw, a rise is reheating: either restarts the cool-down.
Pool
    ``pool_low_delta_t``: while the compressor runs, |flow − return| below
    ``pool_min_delta_t_k`` (1 K) is within a few sensor resolutions, so the
    heat (and COP) is low-confidence.
Dryer
    A cycle is ``DRYER_STATE`` drying/cooling_down, or without a state,
    electrical power at or above the threshold until it has stayed below for
    ``dryer_end_idle_s``.  Energy per cycle is the electricity counted over
    it; water removed is the largest ``WATER_REMOVED`` seen in it; SMER is
    kg per kWh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..physics.heat import (
    standing_loss_kwh_per_day,
    standing_loss_ua,
    tank_energy_kwh,
)
from ..quantities import Quantity, Value
from .sample import EventData

DRAW_DROP_K = 1.0
"""A faster fall between two samples is hot water being drawn."""
REHEAT_RISE_K = 0.3
MIN_COOL_DOWN_K = 0.3
MIN_CYCLE_RISE_K = 0.5

_DRYING = frozenset({"drying", "cooling_down"})


class WaterHeaterTracker:
    """COP per heat-up cycle and standing loss of a heat pump water heater."""

    __slots__ = (
        "ambient_c",
        "cop",
        "cycle",
        "loss_kwh_day",
        "min_idle_s",
        "prev",
        "segment",
        "volume_l",
    )

    def __init__(self, volume_l: float | None, ambient_c: float, min_idle_s: float):
        """Nothing measured yet."""
        self.volume_l = volume_l
        self.ambient_c = ambient_c
        self.min_idle_s = min_idle_s
        self.cycle: list[float | None] | None = None
        """[start ts, tank °C, heat kWh, electricity kWh] at the start."""
        self.segment: list[float] | None = None
        """[ts, tank °C] where the current cool-down began."""
        self.prev: list[float] | None = None
        """[ts, tank °C] of the previous idle sample."""
        self.cop: float | None = None
        self.loss_kwh_day: float | None = None

    def cycle_start(
        self, ts: float, tank: float | None, heat: float, elec: float
    ) -> None:
        """The compressor started."""
        self.cycle = [ts, tank, heat, elec]

    def cycle_end(
        self, ts: float, tank: float | None, heat: float, elec: float
    ) -> EventData | None:
        """The compressor stopped: the cycle's figures, if it heated the tank."""
        cycle = self.cycle
        self.cycle = None
        if cycle is None:
            return None
        start_ts, start_tank, start_heat, start_elec = cycle
        assert start_heat is not None
        assert start_elec is not None
        assert start_ts is not None
        rise = None if tank is None or start_tank is None else tank - start_tank
        if rise is not None and rise < MIN_CYCLE_RISE_K:
            return None
        heat_kwh = heat - start_heat
        if heat_kwh <= 0.0:
            if rise is None or start_tank is None or self.volume_l is None:
                return None
            heat_kwh = tank_energy_kwh(self.volume_l, start_tank, start_tank + rise)
        elec_kwh = elec - start_elec
        if not elec_kwh > 0.0:
            return None
        self.cop = heat_kwh / elec_kwh
        return {
            "unit": "water_heater",
            "start": start_ts,
            "duration_s": ts - start_ts,
            "heat_kwh": heat_kwh,
            "electrical_kwh": elec_kwh,
            "cop": self.cop,
            "temperature_rise": rise,
        }

    def idle_step(
        self,
        ts: float,
        tank: float | None,
        idle: bool,
        values: Mapping[Quantity, Value],
    ) -> None:
        """Follow a cool-down; measure it when it ends."""
        if tank is None or not idle:
            if self.segment is not None:
                self._measure(values)
            return
        prev = self.prev
        if self.segment is None or prev is None:
            self.segment = [ts, tank]
        elif tank < prev[1] - DRAW_DROP_K or tank > self.segment[1] + REHEAT_RISE_K:
            self._measure(values)
            self.segment = [ts, tank]
        self.prev = [ts, tank]

    def _measure(self, values: Mapping[Quantity, Value]) -> None:
        segment, prev = self.segment, self.prev
        self.segment = self.prev = None
        if segment is None or prev is None or self.volume_l is None:
            return
        seconds = prev[0] - segment[0]
        t0, t1 = segment[1], prev[1]
        if seconds < self.min_idle_s or t0 - t1 < MIN_COOL_DOWN_K:
            return
        ambient = self.ambient_c
        for key in (Quantity.ROOM_TEMPERATURE, Quantity.RETURN_AIR_TEMPERATURE):
            value = values.get(key)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                ambient = float(value)
                break
        if not ambient < t1:
            return
        ua = standing_loss_ua(self.volume_l, t0, t1, ambient, seconds)
        self.loss_kwh_day = standing_loss_kwh_per_day(ua, 0.5 * (t0 + t1), ambient)

    def to_dict(self) -> dict[str, Any]:
        """State for ``Engine.to_dict``."""
        return {
            "cycle": self.cycle,
            "segment": self.segment,
            "prev": self.prev,
            "cop": self.cop,
            "loss_kwh_day": self.loss_kwh_day,
        }

    def load(self, data: dict[str, Any]) -> None:
        """Inverse of ``to_dict``."""
        self.cycle = data["cycle"]
        self.segment = data["segment"]
        self.prev = data["prev"]
        self.cop = data["cop"]
        self.loss_kwh_day = data["loss_kwh_day"]


class DryerTracker:
    """Cycles of a heat pump clothes dryer: kWh, water removed, SMER."""

    __slots__ = (
        "below_since",
        "end_idle_s",
        "energy",
        "smer",
        "start",
        "start_elec",
        "water",
        "water_now",
    )

    def __init__(self, end_idle_s: float) -> None:
        """No cycle yet."""
        self.end_idle_s = end_idle_s
        self.start: float | None = None
        """ts the current cycle began; None between cycles."""
        self.start_elec = 0.0
        self.below_since: float | None = None
        self.water_now: float | None = None
        """Largest water removed reported in the current cycle."""
        self.energy: float | None = None
        self.water: float | None = None
        self.smer: float | None = None

    def step(
        self,
        ts: float,
        state: Value | None,
        running: bool,
        water: Value | None,
        elec_total: Callable[[], float],
    ) -> EventData | None:
        """Advance to ts; the figures of a cycle that just ended."""
        if (
            self.start is not None
            and isinstance(water, (int, float))
            and (self.water_now is None or water > self.water_now)
        ):
            self.water_now = float(water)
        if state is not None:
            in_cycle = state in _DRYING
            end_ts = ts
        else:
            in_cycle = running or self.start is not None
            end_ts = ts
            if running:
                self.below_since = None
            elif self.start is not None:
                if self.below_since is None:
                    self.below_since = ts
                if ts - self.below_since >= self.end_idle_s:
                    in_cycle = False
                    end_ts = self.below_since
        if in_cycle and self.start is None:
            self.start, self.start_elec, self.water_now = ts, elec_total(), None
            self.below_since = None
            if isinstance(water, (int, float)):
                self.water_now = float(water)
            return None
        if not in_cycle and self.start is not None:
            return self._end(end_ts, elec_total())
        return None

    def _end(self, ts: float, elec: float) -> EventData:
        start = self.start
        assert start is not None
        self.start = self.below_since = None
        self.energy = elec - self.start_elec
        self.water = self.water_now
        self.smer = (
            self.water / self.energy
            if self.water is not None and self.energy > 0.0
            else None
        )
        return {
            "unit": "dryer",
            "start": start,
            "duration_s": ts - start,
            "electrical_kwh": self.energy,
            "water_kg": self.water,
            "smer": self.smer,
        }

    def to_dict(self) -> dict[str, Any]:
        """State for ``Engine.to_dict``."""
        return {
            "start": self.start,
            "start_elec": self.start_elec,
            "below_since": self.below_since,
            "water_now": self.water_now,
            "energy": self.energy,
            "water": self.water,
            "smer": self.smer,
        }

    def load(self, data: dict[str, Any]) -> None:
        """Inverse of ``to_dict``."""
        for name in self.__slots__:
            if name != "end_idle_s":
                setattr(self, name, data[name])


def pool_low_delta_t(
    running: bool | None, flow: Value | None, ret: Value | None, min_k: float
) -> bool | None:
    """True when the pool loop's ΔT is too small to trust (see module doc)."""
    if (
        not running
        or not isinstance(flow, (int, float))
        or not isinstance(ret, (int, float))
    ):
        return None
    return abs(flow - ret) < min_k
