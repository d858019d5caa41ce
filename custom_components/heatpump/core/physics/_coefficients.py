"""Fitted property coefficients for the fluid and air correlations.

Nothing here is hand-tuned.  Each table was fitted offline, once, with numpy
against CoolProp 8.0.0 (``CoolProp.CoolProp.PropsSI``), the reference library
named in the project's physics notes.  Neither numpy nor CoolProp is needed at
runtime; the tests use CoolProp as an oracle.

Fitting method (all tables): weighted linear least squares that minimises the
*relative* error (each row divided by the CoolProp value), coefficients rounded
to 10 significant digits.  The variable is ``tau = T / 100`` with T in °C and,
for the glycols, the mass fraction ``x`` (0…0.5).  Polynomials are stored in
increasing powers.
"""

from __future__ import annotations

type Poly4 = tuple[float, float, float, float, float]
"""Coefficients c0…c4 of c0 + c1·v + c2·v² + c3·v³ + c4·v⁴."""

type Poly2D = tuple[Poly4, Poly4, Poly4, Poly4, Poly4]
"""Row i holds the x-polynomial multiplying tau**i."""

# Water at 2 bar, PropsSI('D'|'C', 'T', T, 'P', 2e5, 'Water') (IAPWS-95), fitted on
# 401 temperatures 0…100 °C.  Max relative error on the grid: rho 0.0055 %,
# cp 0.043 %.
WATER_DENSITY: Poly4 = (
    999.9481692,
    4.818713934,
    -74.13631809,
    40.29531649,
    -12.56202647,
)
WATER_SPECIFIC_HEAT: Poly4 = (
    4217.16026,
    -279.0399635,
    687.9414297,
    -684.8321244,
    275.209174,
)

# Propylene glycol, PropsSI(..., 'INCOMP::MPG[x]') at 2 bar, fitted on
# x = 0, 0.01 … 0.50 times 120 temperatures from the freezing point to 100 °C.
# Max relative error on the grid: rho 0.0036 %, cp 0.020 %.
MPG_DENSITY: Poly2D = (
    (1000.277107, 78.36123324, 131.9315316, -122.0485342, -100.2354453),
    (3.506093699, -48.89890092, -416.2185773, 743.4234639, -350.1688781),
    (-65.07132457, 68.984472, 180.6241396, -585.1312435, 460.7024751),
    (19.81629649, -0.7403685833, -222.7274268, 694.957032, -617.6874403),
    (0.4393558501, -15.29628142, 116.8662107, -314.6510607, 277.6814304),
)
MPG_SPECIFIC_HEAT: Poly2D = (
    (4212.694715, -1866.193136, 4399.949035, -11668.72664, 8520.027743),
    (-184.9640919, 3191.32827, -8351.57483, 10689.8171, -4349.717094),
    (277.6555991, -1486.160549, 206.7310107, 8158.170193, -9799.701814),
    (-79.90584688, -311.52035, 5180.392559, -14994.21834, 13078.62929),
    (-10.57426579, 349.60826, -2583.035751, 6781.698656, -5864.810467),
)
# Freezing point in °C as a polynomial in x, fitted to PropsSI('T_freeze', ...) on
# 101 fractions 0…0.5 (ordinary least squares).  Max error 0.016 K.
MPG_FREEZING_POINT: Poly4 = (
    -0.008658152469,
    -18.7778433,
    -119.2197181,
    247.2786237,
    -382.675209,
)

# Ethylene glycol, PropsSI(..., 'INCOMP::MEG[x]'), same grid and method as MPG.
# Max relative error on the grid: rho 0.0075 %, cp 0.069 %.
MEG_DENSITY: Poly2D = (
    (999.3407923, 133.6889887, 103.0944927, -140.6138744, 3.157748118),
    (-0.2125978464, -18.07614798, -576.8364164, 1367.258108, -975.7520107),
    (-49.18779925, 18.36837581, 388.3399048, -1105.819993, 876.914617),
    (6.919802132, 37.54872918, -444.7820678, 1306.910526, -1137.81052),
    (0.9218857918, -30.2060165, 222.2057843, -580.071801, 498.3691033),
)
MEG_SPECIFIC_HEAT: Poly2D = (
    (4207.676485, -1746.441202, 1103.412881, -6651.298425, 6802.905462),
    (-154.8062088, 1698.554408, 187.7704452, -3618.665146, 4445.70428),
    (203.3024639, 152.383502, -10167.01242, 31868.31814, -28968.06204),
    (-8.44826477, -1961.2401, 16441.9196, -43797.63917, 37101.88105),
    (-36.03772907, 1096.989293, -7684.015747, 19327.8152, -16108.69651),
)
# Max error 0.0013 K.
MEG_FREEZING_POINT: Poly4 = (
    0.00156227381,
    -30.69661906,
    -10.64967608,
    -192.526117,
    97.26766334,
)

# Dry air at 101325 Pa: rho·cp·T[K] of PropsSI('D'|'C', ..., 'Air'), quadratic in
# tau, fitted on 201 temperatures −40…60 °C.  Max relative error 0.0028 %.  It
# reproduces the physics notes' 0.361 / 0.337 / 0.320 W per (m³/h·K) at
# 0 / 20 / 35 °C.  Unit: J·K/(m³·K).
AIR_RHO_CP_T: tuple[float, float, float] = (355209.9881, 52.55045683, 1696.536406)
