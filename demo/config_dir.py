"""The demo's throwaway Home Assistant configuration directory.

Everything a person would otherwise click through is written before Home
Assistant starts: onboarding is done, the owner exists (created with Home
Assistant's own auth code, as the onboarding step does), and the config
entries are stored exactly as the config flows store them.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from homeassistant.auth import auth_manager_from_config
from homeassistant.auth.const import GROUP_ID_ADMIN
from homeassistant.auth.models import TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN
from homeassistant.auth.providers.homeassistant import HassAuthProvider
from homeassistant.config_entries import ConfigEntries
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util.ulid import ulid_now

from custom_components.heatpump.const import CONF_SCAN_INTERVAL, TransportType
from custom_components.heatpump.core.profile.model import Profile
from custom_components.heatpump.transports import CONNECTIONS, unique_id_for

REPO = Path(__file__).resolve().parent.parent
DEMO_SCAN_INTERVAL = 2
"""Seconds between Modbus polls in the demo (two simulated minutes at 60x)."""
INTEGRATION = REPO / "custom_components" / "heatpump"

ENTRY_TITLE = "Heat pump"
"""Device name, hence the entity ids: ``sensor.heat_pump_cop`` and so on."""

ONBOARDING_STEPS = ("user", "core_config", "analytics", "integration")

CONFIGURATION_YAML = """\
# Written by scripts/demo for one run; deleted when the demo stops.
homeassistant:
  name: Heat Pump Monitor demo
  unit_system: metric
  currency: EUR
  country: {country}
  language: en
  time_zone: {time_zone}
  latitude: 52.0
  longitude: 5.0
  elevation: 0
  internal_url: "http://127.0.0.1:{port}"
{http}
frontend:
config:
lovelace:
  mode: storage
recorder:
  commit_interval: 2
  purge_keep_days: 3
history:
logbook:
energy:

logger:
  default: warning
  logs:
    homeassistant.core: info
    homeassistant.bootstrap: info
    homeassistant.setup: info
    homeassistant.util.package: info
    custom_components.heatpump: info
    # Noise on a machine without libturbojpeg and isal; the demo has no camera.
    homeassistant.components.camera.img_util: critical
    aiohttp_fast_zlib: error
"""

HTTP_YAML = """
http:
  server_host: 127.0.0.1
  server_port: {port}
"""
"""The server's address, on cores that read it from YAML."""


@dataclass(frozen=True)
class Owner:
    """The demo's login."""

    name: str = "Demo"
    username: str = "demo"
    password: str = "demo-password"


def local_time_zone() -> str:
    """This machine's IANA time zone, so "today" means the user's today."""
    candidates: list[str] = []
    if tz := os.environ.get("TZ", "").lstrip(":"):
        candidates.append(tz)
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    link = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in link:
        candidates.append(link.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        try:
            ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return candidate
    return "UTC"


def _store(key: str, data: Any, version: int, minor_version: int = 1) -> str:
    """A ``.storage`` file as Home Assistant's ``Store`` writes it."""
    return json.dumps(
        {"version": version, "minor_version": minor_version, "key": key, "data": data},
        indent=2,
    )


def _entry(
    domain: str,
    title: str,
    data: dict[str, Any],
    unique_id: str | None,
    *,
    version: int = 1,
    minor_version: int = 1,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One config entry in the 1.5 storage format (newer cores migrate it)."""
    now = datetime.now(UTC).isoformat()
    return {
        "created_at": now,
        "data": data,
        "discovery_keys": {},
        "disabled_by": None,
        "domain": domain,
        "entry_id": ulid_now(),
        "minor_version": minor_version,
        "modified_at": now,
        "options": options or {},
        "pref_disable_new_entities": False,
        "pref_disable_polling": False,
        "source": "user",
        "subentries": [],
        "title": title,
        "unique_id": unique_id,
        "version": version,
    }


def modbus_entry(port: int, profile: Profile, device_id: int = 1) -> dict[str, Any]:
    """The entry the Modbus TCP step of the config flow creates.

    Options stay empty (the defaults, 10 s polls): shorter polls at 60x mix
    the unit's fast-running counters into the integration's own energy sums.
    """
    form = {"host": "127.0.0.1", "port": port, "device_id": device_id}
    data = CONNECTIONS[TransportType.MODBUS_TCP].entry_data(form, profile)
    # The simulator runs faster than real time and its profiles read its
    # clock, so a short poll keeps defrosts (minutes of simulated time)
    # visible without upsetting the energy totals.
    return _entry(
        "heatpump",
        ENTRY_TITLE,
        data,
        unique_id_for(data),
        options={CONF_SCAN_INTERVAL: DEMO_SCAN_INTERVAL},
    )


def mqtt_entries(
    broker_port: int, profile: Profile, topic_prefix: str
) -> list[dict[str, Any]]:
    """Home Assistant's MQTT entry for the private broker, and the unit's entry."""
    broker = _entry(
        "mqtt",
        "127.0.0.1",
        {"broker": "127.0.0.1", "port": broker_port},
        None,
        minor_version=2,
    )
    form = {"topic_prefix": topic_prefix}
    data = CONNECTIONS[TransportType.MQTT].entry_data(form, profile)
    unit = _entry("heatpump", ENTRY_TITLE, data, unique_id_for(data))
    return [broker, unit]


def write_config_dir(
    config_dir: Path,
    *,
    port: int,
    entries: list[dict[str, Any]],
    owner: Owner,
) -> str:
    """Fill ``config_dir``; returns a long-lived access token of the owner."""
    time_zone = local_time_zone()
    http_store = _http_config_store()
    http = "" if http_store else HTTP_YAML.format(port=port)
    (config_dir / "configuration.yaml").write_text(
        CONFIGURATION_YAML.format(
            port=port, time_zone=time_zone, country=_country(time_zone), http=http
        ),
        encoding="utf-8",
    )
    custom = config_dir / "custom_components"
    custom.mkdir(exist_ok=True)
    (custom / "heatpump").symlink_to(INTEGRATION, target_is_directory=True)
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    (storage / "onboarding").write_text(
        _store("onboarding", {"done": list(ONBOARDING_STEPS)}, version=4),
        encoding="utf-8",
    )
    (storage / "core.config_entries").write_text(
        _store("core.config_entries", {"entries": entries}, 1, minor_version=5),
        encoding="utf-8",
    )
    return asyncio.run(_create_owner(config_dir, owner, http_store, port))


def _country(time_zone: str) -> str:
    """A plausible country for the zone; only the repairs panel cares."""
    return {"Europe/London": "GB", "Europe/Berlin": "DE", "Europe/Paris": "FR"}.get(
        time_zone, "NL"
    )


def _http_config_store() -> Any:
    """Home Assistant's HTTP config store, on cores that keep one.

    Such cores (2026.x) import an ``http:`` YAML section as a *pending*
    config, and restart five minutes later unless a person confirms it.
    """
    try:
        module = importlib.import_module("homeassistant.components.http.config")
    except ImportError:
        return None
    return getattr(module, "HTTPConfigStore", None)


async def _store_http_config(hass: HomeAssistant, http_store: Any, port: int) -> None:
    """Store the server's address as a confirmed config, as the settings page does."""
    store = http_store(hass)
    await store.async_migrate_yaml({"server_host": ["127.0.0.1"], "server_port": port})
    await store.async_promote_pending()


async def _create_owner(
    config_dir: Path, owner: Owner, http_store: Any, port: int
) -> str:
    """Create the owner exactly as onboarding's user step does.

    Runs Home Assistant's auth manager on the config dir, offline, the way
    ``hass --script auth`` does; the stores are written when it stops.
    """
    hass = HomeAssistant(str(config_dir))
    if http_store is not None:
        await _store_http_config(hass, http_store, port)
    if (setup_device_registry := getattr(dr, "async_setup", None)) is not None:
        # Newer cores: the device registry waits for the config entries.
        hass.config_entries = ConfigEntries(hass, {})
        await hass.config_entries.async_initialize()
        setup_device_registry(hass)
    await asyncio.gather(dr.async_load(hass), er.async_load(hass))
    hass.auth = await auth_manager_from_config(hass, [{"type": "homeassistant"}], [])
    provider = hass.auth.auth_providers[0]
    assert isinstance(provider, HassAuthProvider)
    await provider.async_initialize()
    user = await hass.auth.async_create_user(owner.name, group_ids=[GROUP_ID_ADMIN])
    await provider.async_add_auth(owner.username, owner.password)
    credentials = await provider.async_get_or_create_credentials(
        {"username": owner.username}
    )
    await hass.auth.async_link_user(user, credentials)
    refresh_token = await hass.auth.async_create_refresh_token(
        user,
        client_name="Heat Pump Monitor demo",
        token_type=TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN,
        access_token_expiration=timedelta(days=30),
    )
    token = hass.auth.async_create_access_token(refresh_token)
    # Stores write late; Home Assistant's final-write event flushes them all.
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await hass.async_block_till_done()
    return token
