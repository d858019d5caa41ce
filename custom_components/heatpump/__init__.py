"""Heat Pump Monitor: live COP, defrost and safe control for heat pumps of every kind."""

from __future__ import annotations
