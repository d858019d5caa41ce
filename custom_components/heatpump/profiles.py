"""The profiles Home Assistant offers: shipped ones and the user's own."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from .const import LOGGER, USER_PROFILES_DIR
from .core.profile.loader import load_profiles, shipped_profiles_dir
from .core.profile.model import Profile


async def async_load_profiles(hass: HomeAssistant) -> dict[str, Profile]:
    """Shipped profiles plus the user's own (which win on equal ids).

    Loaded in the executor; a file that does not load is logged and skipped.
    """
    profiles, issues = await hass.async_add_executor_job(
        load_profiles, shipped_profiles_dir(), hass.config.path(USER_PROFILES_DIR)
    )
    for issue in issues:
        LOGGER.warning("Profile skipped: %s", issue)
    return profiles
