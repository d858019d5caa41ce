"""Read-planner report: requests per poll for every shipped Modbus profile.

For each profile, the planner's requests for a full poll (every point) are
compared with one request per point, which is what HA core's modbus
integration does.  Run: ``.venv/bin/python bench/read_planner_report.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from heatpump_sim._core import isolate_core

isolate_core()  # the core alone: no Home Assistant needed

from custom_components.heatpump.core.modbus.planner import plan_reads  # noqa: E402
from custom_components.heatpump.core.profile.loader import (  # noqa: E402
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import ModbusSettings  # noqa: E402


def main() -> None:
    """Print one row per Modbus profile."""
    profiles, issues = load_profiles(shipped_profiles_dir())
    if issues:
        raise SystemExit("\n".join(str(issue) for issue in issues))
    print(f"{'profile':34} {'points':>6} {'per point':>9} {'planned':>7} {'ratio':>6}")
    total_points = total_planned = 0
    for profile in sorted(profiles.values(), key=lambda p: p.id):
        points = profile.modbus_points
        if not points:
            continue
        blocks = plan_reads(points, profile.modbus or ModbusSettings())
        total_points += len(points)
        total_planned += len(blocks)
        print(
            f"{profile.id:34} {len(points):6} {len(points):9} {len(blocks):7} "
            f"{len(points) / len(blocks):5.1f}x"
        )
    print(
        f"{'all':34} {total_points:6} {total_points:9} {total_planned:7} "
        f"{total_points / total_planned:5.1f}x"
    )


if __name__ == "__main__":
    main()
