"""The integration serves the heatpump-card bundle and loads it in every dashboard."""

from __future__ import annotations

from pathlib import Path

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.heatpump.card import CARD_FILE, CARD_URL
from custom_components.heatpump.const import DOMAIN


async def test_card_is_served_and_registered(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, tmp_path: Path
) -> None:
    """GET /heatpump/heatpump-card.js: the committed bundle, loaded by the frontend."""
    # The frontend from an empty development checkout: no hass_frontend needed.
    (tmp_path / "hass_frontend").mkdir()
    assert await async_setup_component(
        hass, "frontend", {"frontend": {"development_repo": str(tmp_path)}}
    )
    assert await async_setup_component(hass, DOMAIN, {})
    await hass.async_block_till_done()

    urls = [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if CARD_URL in url]
    assert len(urls) == 1
    assert urls[0].startswith(f"{CARD_URL}?v=")

    client = await hass_client()
    response = await client.get(urls[0])
    assert response.status == 200
    assert "javascript" in response.headers["Content-Type"]
    body = await response.read()
    assert body == CARD_FILE.read_bytes()
    assert b'customElements.define("heatpump-card"' in body
    assert b"heatpump-card-editor" in body
