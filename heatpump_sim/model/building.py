"""A house heated (or cooled) through a water loop and emitters.

- Heat loss ``UA·(T_room − T_out)`` minus constant internal and solar gains;
  the gains equal ``UA·(T_room − heating limit)`` so the house needs heat
  below the heating limit (15 °C by default) and ``design_load_w`` at the
  design outdoor temperature.
- Emitters: ``Q = K·(T_loop − T_room)^n`` (radiators n≈1.3, floors n≈1.1),
  sized to give the design load at the design flow temperature.
- Weather-compensated heating curve matched to the emitters, shifted by the
  curve offset and by a room influence term.
"""

from __future__ import annotations

from dataclasses import dataclass

from custom_components.heatpump.core.physics.fluids import WATER_PROPERTIES

WATER_RHO_CP = WATER_PROPERTIES.volumetric_heat_capacity(35.0)
"""J/(m³·K), water at 35 °C (core fluid properties)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildingParams:
    """Size of the house and its heating system."""

    design_load_w: float = 6000.0
    design_outdoor_c: float = -10.0
    room_target_c: float = 20.0
    heating_limit_c: float = 15.0
    time_constant_h: float = 50.0
    design_flow_c: float = 45.0
    design_spread_k: float = 5.0
    emitter_exponent: float = 1.3
    loop_volume_l: float = 150.0
    min_flow_c: float = 24.0
    max_flow_c: float = 60.0
    room_influence: float = 2.0
    """K of flow per K of room below target."""


class Building:
    """Room and loop temperatures, with the heating curve."""

    __slots__ = (
        "c_loop",
        "c_room",
        "design_mean_c",
        "gains_w",
        "k_emit",
        "loop_c",
        "p",
        "room_c",
        "room_target_c",
        "ua",
    )

    def __init__(self, params: BuildingParams, outdoor_c: float) -> None:
        """A house in steady state at ``outdoor_c``."""
        p = params
        self.p = p
        self.ua = p.design_load_w / (p.heating_limit_c - p.design_outdoor_c)
        self.gains_w = self.ua * (p.room_target_c - p.heating_limit_c)
        self.c_room = self.ua * p.time_constant_h * 3600.0
        self.c_loop = p.loop_volume_l * 1e-3 * WATER_RHO_CP
        self.design_mean_c = p.design_flow_c - 0.5 * p.design_spread_k
        self.k_emit = p.design_load_w / (
            (self.design_mean_c - p.room_target_c) ** p.emitter_exponent
        )
        self.room_target_c = p.room_target_c
        # A house that needs no heat floats above its target in steady state.
        self.room_c = max(p.room_target_c, outdoor_c + self.gains_w / self.ua)
        need = self.load_w(outdoor_c)
        self.loop_c = self.room_c + (max(need, 0.0) / self.k_emit) ** (
            1.0 / p.emitter_exponent
        )

    def load_w(self, outdoor_c: float) -> float:
        """Heat the room needs to stay where it is (negative: it warms up)."""
        return self.ua * (self.room_c - outdoor_c) - self.gains_w

    def emitted_w(self) -> float:
        """Heat the emitters give the room now (negative when cooling)."""
        diff = self.loop_c - self.room_c
        power: float = self.k_emit * abs(diff) ** self.p.emitter_exponent
        return power if diff >= 0.0 else -power

    def curve_flow_c(self, outdoor_c: float, offset_k: float) -> float:
        """Flow temperature the heating curve asks for."""
        p = self.p
        x = (p.heating_limit_c - outdoor_c) / (p.heating_limit_c - p.design_outdoor_c)
        x = max(0.0, x)
        mean_rise: float = (self.design_mean_c - p.room_target_c) * x ** (
            1.0 / p.emitter_exponent
        )
        flow = (
            self.room_target_c
            + mean_rise
            + 0.5 * p.design_spread_k * x
            + offset_k
            + p.room_influence * (self.room_target_c - self.room_c)
        )
        return min(p.max_flow_c, max(p.min_flow_c, flow))

    def advance(self, dt: float, outdoor_c: float, loop_in_w: float) -> float:
        """Let ``dt`` s pass with ``loop_in_w`` into the loop; return J emitted."""
        emitted = self.emitted_w()
        loss = self.ua * (self.room_c - outdoor_c) - self.gains_w
        self.loop_c += (loop_in_w - emitted) * dt / self.c_loop
        self.room_c += (emitted - loss) * dt / self.c_room
        return emitted * dt

    def advance_room(self, dt: float, outdoor_c: float, heat_w: float) -> None:
        """Let ``dt`` s pass with ``heat_w`` blown straight into the room."""
        loss = self.ua * (self.room_c - outdoor_c) - self.gains_w
        self.room_c += (heat_w - loss) * dt / self.c_room
        self.loop_c = self.room_c
