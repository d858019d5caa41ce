"""Which Python packages Home Assistant would install when the demo starts.

Home Assistant installs an integration's missing requirements at start-up.
The demo must start offline, so everything it loads is installed beforehand
(``requirements/demo.txt``, through ``scripts/demo``) and this check fails
loudly when a Home Assistant upgrade changed a pin.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

INTEGRATION = Path(__file__).resolve().parent.parent / "custom_components" / "heatpump"

CONFIGURED = (
    "http",
    "frontend",
    "config",
    "lovelace",
    "recorder",
    "history",
    "logbook",
    "energy",
    "sensor",
    "binary_sensor",
    "climate",
    "water_heater",
    "select",
    "number",
    "switch",
    "event",
    "diagnostics",
)
"""configuration.yaml's integrations and the heat pump's platforms."""


def _manifest(domain: str, components: Path) -> dict[str, object] | None:
    path = INTEGRATION / "manifest.json" if domain == "heatpump" else None
    if path is None:
        path = components / domain / "manifest.json"
    try:
        manifest: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return manifest


def _always_loaded(package: Path) -> set[str]:
    """``CORE_INTEGRATIONS`` and ``DEFAULT_INTEGRATIONS`` of Home Assistant.

    Read from ``bootstrap.py`` without importing it (that takes seconds), or
    imported when another core spells them in a way this cannot read.
    """
    wanted = {"CORE_INTEGRATIONS", "DEFAULT_INTEGRATIONS"}
    found: set[str] = set()
    try:
        tree = ast.parse((package / "bootstrap.py").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = (
                    node.targets if isinstance(node, ast.Assign) else [node.target]
                )
                names = {t.id for t in targets if isinstance(t, ast.Name)}
                if names & wanted and node.value is not None:
                    found |= set(ast.literal_eval(node.value))
                    wanted -= names
    except (OSError, SyntaxError, ValueError, TypeError):
        wanted = {"CORE_INTEGRATIONS", "DEFAULT_INTEGRATIONS"}
    if wanted:
        from homeassistant import bootstrap  # noqa: PLC0415 (slow; rarely needed)

        return {*bootstrap.CORE_INTEGRATIONS, *bootstrap.DEFAULT_INTEGRATIONS}
    return found


def demo_requirements(*, mqtt: bool) -> dict[str, str]:
    """Requirement -> the integration that declares it, for what the demo loads."""
    spec = importlib.util.find_spec("homeassistant")
    assert spec is not None
    assert spec.origin is not None
    package = Path(spec.origin).parent
    components = package / "components"
    roots = {*_always_loaded(package), *CONFIGURED, "heatpump"}
    if mqtt:
        roots.add("mqtt")
    seen: set[str] = set()
    found: dict[str, str] = {}
    todo = list(roots)
    while todo:
        domain = todo.pop()
        if domain in seen:
            continue
        seen.add(domain)
        manifest = _manifest(domain, components)
        if manifest is None:
            continue
        for requirement in manifest.get("requirements", []) or []:  # type: ignore[attr-defined]
            found[str(requirement)] = domain
        todo.extend(manifest.get("dependencies", []) or [])  # type: ignore[arg-type]
    return found


def missing_requirements(*, mqtt: bool) -> list[str]:
    """Requirements not satisfied in this environment."""
    missing = []
    for text in sorted(demo_requirements(mqtt=mqtt)):
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            missing.append(text)
            continue
        try:
            version = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(text)
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            missing.append(f"{text} (have {version})")
    return missing


if __name__ == "__main__":
    # scripts/demo installs whatever this prints (one requirement a line).
    for line in missing_requirements(mqtt=True):
        print(line.split(" (have ", 1)[0])
    sys.exit(0)
