"""HA-free core of Heat Pump Monitor: protocols, profiles, physics and analytics.

Nothing in this package imports Home Assistant; the simulator and the
benchmarks use it directly.  A test enforces the boundary.
"""
