"""Simulator profiles: a shipped generic profile plus the simulator's clock.

Shipped profiles describe what real units have, and a real unit has no clock
(the generic Modbus layout keeps input registers 60-61 free for it).  The
simulator runs faster than real time; its energy counters add up only when
Home Assistant stamps samples with the simulator's own time.  So the demo and
the tests write these variants into Home Assistant's ``heatpump_profiles/``
folder (the user profiles) and serve them from the simulator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import yaml

from custom_components.heatpump.core.profile.loader import (
    parse_yaml,
    shipped_profiles_dir,
)

CLOCK_KEY: Final = "unit_time"
CLOCK_POINTS: Final[dict[str, dict[str, Any]]] = {
    "modbus": {
        "table": "input",
        "address": 60,
        "type": "uint32",
        "sentinels": [0],
    },
    "mqtt": {"topic": "simulator/clock"},
}
"""Where each transport's simulator profile reads the clock (Unix seconds)."""

GENERIC: Final = "generic_"
SIMULATED: Final = "simulated_"


def simulator_profile_id(profile_id: str) -> str:
    """The id of the simulator's variant of a shipped profile."""
    return SIMULATED + profile_id.removeprefix(GENERIC)


def simulator_profile(profile_id: str) -> dict[str, Any]:
    """A shipped profile (by id) with the simulator's clock added.

    Any MQTT profile takes it; of the Modbus ones, the generic layout.
    """
    source = next(shipped_profiles_dir().rglob(f"{profile_id}.yaml"))
    data: dict[str, Any] = parse_yaml(source.read_text(encoding="utf-8"))
    data["id"] = simulator_profile_id(profile_id)
    data["name"] = "Simulated " + data["name"].removeprefix("Generic ")
    clock = {
        "key": CLOCK_KEY,
        "name": "Simulator clock",
        "quantity": "unit_time",
        "unit": "s",
        "entity": False,
        **CLOCK_POINTS[data["transport"]],
    }
    data["points"] = [*data["points"], clock]
    return data


def write_simulator_profile(folder: Path, profile_id: str) -> Path:
    """Write the simulator's variant of a shipped profile into ``folder``."""
    data = simulator_profile(profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.yaml"
    path.write_text(
        "# The simulator's variant of a shipped profile (written by heatpump_sim)\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return path
