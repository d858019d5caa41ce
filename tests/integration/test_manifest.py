"""Home Assistant loads the integration's manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from packaging.requirements import Requirement

from custom_components.heatpump.const import DOMAIN

MANIFEST = Path(__file__).parents[2] / "custom_components/heatpump/manifest.json"


async def test_manifest_loads(hass: HomeAssistant) -> None:
    """HA finds the custom integration and reads its manifest."""
    integration = await async_get_integration(hass, DOMAIN)

    assert integration.domain == DOMAIN
    assert integration.name == "Heat Pump Monitor"
    assert integration.is_built_in is False
    assert integration.config_flow is True
    assert "mqtt" in integration.after_dependencies
    assert "mqtt" not in integration.dependencies
    assert str(integration.version) == "0.2.0"


def test_one_version_everywhere() -> None:
    """The manifest, pyproject and the changelog's newest entry agree."""
    import tomllib

    root = MANIFEST.parents[2]
    version = json.loads(MANIFEST.read_text())["version"]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert project["version"] == version
    changelog = (root / "CHANGELOG.md").read_text()
    assert re.search(r"^## \[?(\d+\.\d+\.\d+)", changelog, re.M).group(1) == version
    assert project["license"] == "MIT"
    assert (root / "LICENSE").read_text().startswith("MIT License")


def test_manifest_key_order() -> None:
    """hassfest wants domain, name, then the other keys alphabetically."""
    keys = list(json.loads(MANIFEST.read_text()))
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    for required in ("codeowners", "documentation", "iot_class", "issue_tracker"):
        assert required in keys
    assert {"version", "integration_type", "requirements"} <= set(keys)


def _requirements() -> dict[str, Requirement]:
    requirements = [
        Requirement(line) for line in json.loads(MANIFEST.read_text())["requirements"]
    ]
    return {requirement.name: requirement for requirement in requirements}


def test_requirements_accept_each_line_pymodbus() -> None:
    """The pymodbus requirement admits the version each HA line pins."""
    spec = _requirements()["pymodbus"].specifier
    for pinned in ("3.8.3", "3.13.1", "3.16.1"):
        assert spec.contains(pinned), pinned


def test_serial_transport_dependency_is_declared() -> None:
    """pymodbus needs pyserial for serial RTU but does not require it: we do,
    with a range that admits what both lines pin."""
    spec = _requirements()["pyserial"].specifier
    root = MANIFEST.parents[2]
    for line in ("min", "latest"):
        pins = (root / f"requirements/{line}.txt").read_text()
        pinned = re.search(r"^pyserial==(\S+)", pins, re.M)
        assert pinned is not None, line
        assert spec.contains(pinned.group(1)), line
    import serial  # the module the serial transport imports through pymodbus

    assert spec.contains(serial.__version__)


def test_quality_scale_claims_what_the_manifest_backs() -> None:
    """Exemptions say why; discovery is done only once the manifest discovers."""
    import yaml

    rules = yaml.safe_load((MANIFEST.parent / "quality_scale.yaml").read_text())[
        "rules"
    ]
    for name, rule in rules.items():
        status = rule if isinstance(rule, str) else rule["status"]
        assert status in ("done", "todo", "exempt"), name
        if status == "exempt":
            assert rule.get("comment"), name
    manifest = json.loads(MANIFEST.read_text())
    discovers = {"mqtt", "zeroconf", "dhcp", "ssdp", "usb", "bluetooth"} & set(manifest)
    discovery = rules["discovery"]
    assert (discovery if isinstance(discovery, str) else discovery["status"]) == (
        "done" if discovers else "todo"
    )
