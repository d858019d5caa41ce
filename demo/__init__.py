"""``scripts/demo``: a live Home Assistant with a simulated heat pump and a dashboard.

The package is run as ``python -m demo`` by ``scripts/demo``, which first builds
the venv.  It is not part of the integration and is never shipped.
"""
