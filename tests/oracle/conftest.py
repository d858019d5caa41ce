"""The oracle tests run without Home Assistant, like the core tests."""

from __future__ import annotations

from heatpump_sim._core import ensure_core

ensure_core()
