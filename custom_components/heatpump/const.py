"""Constants for Heat Pump Monitor."""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "heatpump"
LOGGER = logging.getLogger(__package__)
