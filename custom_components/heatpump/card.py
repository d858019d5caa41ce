"""Serve the heatpump-card bundle and load it in every dashboard.

The file is built from ``frontend/`` (see ``scripts/check-card``); a user adds
nothing to their Lovelace resources.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN

CARD_FILE: Final = Path(__file__).parent / "frontend" / "heatpump-card.js"
CARD_URL: Final = f"/{DOMAIN}/heatpump-card.js"
_REGISTERED: HassKey[str] = HassKey(f"{DOMAIN}_card_url")


def _versioned_url() -> str:
    """The URL with the file's hash, so browsers fetch a new build at once."""
    digest = hashlib.sha256(CARD_FILE.read_bytes()).hexdigest()[:12]
    return f"{CARD_URL}?v={digest}"


async def async_register_card(hass: HomeAssistant) -> None:
    """Serve the card and add it to the frontend's extra modules, once."""
    if _REGISTERED in hass.data or hass.http is None:
        return
    url = await hass.async_add_executor_job(_versioned_url)
    await hass.http.async_register_static_paths(
        [StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True)]
    )
    if "frontend" in hass.config.components:
        from homeassistant.components.frontend import (  # noqa: PLC0415
            add_extra_js_url,
        )

        add_extra_js_url(hass, url)
    hass.data[_REGISTERED] = url
