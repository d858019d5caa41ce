"""An independent emulator of a HeishaMon bridge, written from its MQTT-Topics.md.

Nothing here comes from the integration or its simulator: the topic names,
units and value lists are those of Egyras/HeishaMon ``MQTT-Topics.md``
(TOP0 ``main/Heatpump_State`` ... TOP44 ``main/Error``, ``LWT``
``Online``/``Offline``).  The unit is a Panasonic Aquarea in winter.
Scenario (560 s, a publish round every 2 s):

=========  ==========================================================
0-150 s    space heating, production and consumption in 200 W steps
150-260 s  defrost (110 s): ``Defrosting_State`` 1, the reversed cycle
           takes heat from the house, so ``Main_Outlet_Temp`` is below
           ``Main_Inlet_Temp`` at full ``Pump_Flow``; the unit cannot
           publish a negative production, so ``Heat_Power_Production`` is 0
260-330 s  space heating again
330-390 s  compressor stopped (pump off, powers 0)
390-490 s  a DHW run (``ThreeWay_Valve_State`` 1, ``DHW_Power_*``)
490-560 s  space heating
=========  ==========================================================

Temperatures of the water circuit are published at 0.25 °C, other
temperatures in whole degrees, flow with two decimals (l/min), powers in
whole 200 W steps, as Panasonic units report them.  Every round publishes
every topic below, so that both consumers of the stream see the same
messages.  The *truth* is integrated from what is published: heat =
flow × ΔT of the published flow, inlet and outlet temperatures (water,
ρ·c = 4.186 kJ/(l·K) at these temperatures, the engine's own fluid model
agrees within 0.3 %), electricity = the published consumption.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

DURATION_S = 560.0
ROUND_S = 2.0
DEFROST = (150.0, 260.0)
STOP = (330.0, 390.0)
DHW = (390.0, 490.0)
WATER_KJ_PER_L_K = 4.186 * 0.992
"""Volumetric heat capacity of water near 35 °C: c·ρ, kJ/(l·K)."""

TOPICS = (
    "main/Heatpump_State",
    "main/Pump_Flow",
    "main/Operating_Mode_State",
    "main/Main_Inlet_Temp",
    "main/Main_Outlet_Temp",
    "main/Main_Target_Temp",
    "main/Compressor_Freq",
    "main/DHW_Target_Temp",
    "main/DHW_Temp",
    "main/Operations_Hours",
    "main/Operations_Counter",
    "main/Outside_Temp",
    "main/Heat_Power_Production",
    "main/Heat_Power_Consumption",
    "main/ThreeWay_Valve_State",
    "main/Defrosting_State",
    "main/Z1_Heat_Request_Temp",
    "main/Cool_Power_Production",
    "main/Cool_Power_Consumption",
    "main/DHW_Power_Production",
    "main/DHW_Power_Consumption",
    "main/Error",
    "main/Compressor_Current",
    "main/Water_Pressure",
)


def _steps(watts: float) -> int:
    """Panasonic units report power in 200 W steps."""
    return round(watts / 200.0) * 200


def _quarter(celsius: float) -> float:
    return round(celsius * 4.0) / 4.0


def _within(t: float, span: tuple[float, float]) -> bool:
    return span[0] <= t < span[1]


@dataclass(frozen=True)
class Round:
    """One publish round: the payloads and what they mean."""

    t: float
    payloads: dict[str, str]
    heat_w: float
    """flow × ΔT of the published values (negative during a defrost)."""
    electrical_w: float
    """The published consumption, summed over the modes."""
    defrosting: bool


def _state(t: float) -> tuple[str, float, float, float, float]:
    """Mode, flow (l/min), outlet (°C), heat (W) and electricity (W) at ``t``."""
    wobble = math.sin(t / 23.0) + 0.5 * math.sin(t / 7.3)
    if _within(t, DEFROST):
        # The reversed cycle: heat taken from the house at full flow.
        into = (t - DEFROST[0]) / (DEFROST[1] - DEFROST[0])
        heat = -3400.0 * math.sin(math.pi * min(1.0, into * 1.15)) - 600.0
        return "defrost", 17.2 + 0.1 * wobble, 31.0 - 3.0 * into, heat, 1300.0
    if _within(t, STOP):
        return "stop", 0.0, 32.0 - 0.01 * (t - STOP[0]), 0.0, 0.0
    if _within(t, DHW):
        into = (t - DHW[0]) / (DHW[1] - DHW[0])
        return (
            "dhw",
            20.4 + 0.1 * wobble,
            46.0 + 4.0 * into,
            5600.0 + 300.0 * wobble,
            (1500.0 + 250.0 * into + 60.0 * wobble),
        )
    after = t - (DEFROST[1] if t < STOP[0] else DHW[1] if t >= DHW[1] else 0.0)
    ramp = min(1.0, after / 40.0) if t >= DEFROST[1] else 1.0
    heat = (3900.0 + 450.0 * wobble) * (0.6 + 0.4 * ramp)
    electrical = (1150.0 + 120.0 * wobble) * (0.7 + 0.3 * ramp)
    return (
        "heat",
        17.2 + 0.1 * wobble,
        34.0 + 0.002 * t + 0.3 * wobble,
        heat,
        electrical,
    )


def round_at(t: float) -> Round:
    """What HeishaMon publishes at ``t`` seconds into the scenario."""
    mode, flow, outlet, heat, electrical = _state(t)
    flow = round(flow, 2)
    outlet = _quarter(outlet)
    delta = heat / (flow / 60.0 * WATER_KJ_PER_L_K * 1000.0) if flow else 0.0
    inlet = _quarter(outlet - delta)
    published_heat = (
        flow / 60.0 * WATER_KJ_PER_L_K * 1000.0 * (outlet - inlet) if flow else 0.0
    )
    running = mode != "stop"
    production = max(0, _steps(published_heat))  # never negative
    consumption = _steps(electrical)
    dhw = mode == "dhw"
    starts = 5012 + (1 if t >= STOP[1] else 0)
    payloads = {
        "main/Heatpump_State": "1",
        "main/Pump_Flow": f"{flow:.2f}",
        "main/Operating_Mode_State": "4",  # Heat+DHW
        "main/Main_Inlet_Temp": f"{inlet:.2f}",
        "main/Main_Outlet_Temp": f"{outlet:.2f}",
        "main/Main_Target_Temp": "35",
        "main/Compressor_Freq": str(
            0 if not running else 58 if mode == "defrost" else 44
        ),
        "main/DHW_Target_Temp": "52",
        "main/DHW_Temp": str(round(44.0 + (8.0 if t >= DHW[1] else 0.0))),
        "main/Operations_Hours": "6123",
        "main/Operations_Counter": str(starts),
        "main/Outside_Temp": "-2",
        "main/Heat_Power_Production": str(0 if dhw else production),
        "main/Heat_Power_Consumption": str(0 if dhw else consumption),
        "main/ThreeWay_Valve_State": "1" if dhw else "0",
        "main/Defrosting_State": "1" if mode == "defrost" else "0",
        "main/Z1_Heat_Request_Temp": "0",
        "main/Cool_Power_Production": "0",
        "main/Cool_Power_Consumption": "0",
        "main/DHW_Power_Production": str(production if dhw else 0),
        "main/DHW_Power_Consumption": str(consumption if dhw else 0),
        "main/Error": "No error",
        "main/Compressor_Current": f"{consumption / 230.0:.1f}" if running else "0.0",
        "main/Water_Pressure": "1.9",
    }
    assert tuple(payloads) == TOPICS
    return Round(t, payloads, published_heat, consumption, mode == "defrost")


def rounds(duration_s: float = DURATION_S, step_s: float = ROUND_S) -> Iterator[Round]:
    """Every publish round of the scenario, in order."""
    for index in range(int(duration_s / step_s)):
        yield round_at(index * step_s)


@dataclass(frozen=True)
class Truth:
    """Energies over the scenario, integrated from the published values."""

    heat_kwh: float
    """Net heat: positive heat less what defrosts took from the house."""
    positive_heat_kwh: float
    defrost_kwh: float
    """Heat taken from the house (all negative heat)."""
    electrical_kwh: float

    @property
    def cop(self) -> float:
        """Net COP, defrost counted as a loss (heatpumpmonitor.org's)."""
        return self.heat_kwh / self.electrical_kwh


def truth(published: list[Round]) -> Truth:
    """Trapezoidal integrals over the published rounds."""
    heat = positive = defrost = electrical = 0.0
    for before, after in itertools.pairwise(published):
        hours = (after.t - before.t) / 3600.0
        step = (before.heat_w + after.heat_w) / 2.0 * hours / 1000.0
        heat += step
        positive += max(step, 0.0)
        defrost += max(-step, 0.0)
        electrical += (before.electrical_w + after.electrical_w) / 2.0 * hours / 1000
    return Truth(heat, positive, defrost, electrical)


if __name__ == "__main__":
    scenario = list(rounds())
    print(truth(scenario))
    for published in scenario[::10]:
        shown = {k.split("/")[1]: v for k, v in published.payloads.items()}
        print(
            f"{published.t:5.0f}s heat {published.heat_w:7.0f} W",
            {
                k: shown[k]
                for k in (
                    "Pump_Flow",
                    "Main_Inlet_Temp",
                    "Main_Outlet_Temp",
                    "Heat_Power_Production",
                    "Heat_Power_Consumption",
                    "DHW_Power_Production",
                    "Defrosting_State",
                )
            },
        )
