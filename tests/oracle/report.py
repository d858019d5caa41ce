"""The oracle comparison table: ``python -m tests.oracle.report``.

Feeds every scenario of ``scenarios`` to our oracle of heatpumpmonitor.org's
method (``hpmon``) and to the analytics engine, and prints each figure the
reference defines next to the engine's, with the % difference.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from heatpump_sim._core import ensure_core

ensure_core()

from custom_components.heatpump.core.analytics import Engine, EngineConfig  # noqa: E402
from custom_components.heatpump.core.quantities import Kind  # noqa: E402
from tests.oracle.hpmon import daily_figures  # noqa: E402
from tests.oracle.scenarios import Scenario, scenarios  # noqa: E402

TOLERANCE_PCT = 0.5


@dataclass(frozen=True, slots=True)
class Row:
    """One figure of one scenario."""

    scenario: str
    figure: str
    oracle: float | None
    engine: float | None

    @property
    def diff_pct(self) -> float | None:
        """(engine − oracle) / |oracle| in %; None when either is missing."""
        if self.oracle is None or self.engine is None:
            return None
        if self.oracle == 0:
            return 0.0 if abs(self.engine) < 1e-9 else float("inf")
        return 100.0 * (self.engine - self.oracle) / abs(self.oracle)

    @property
    def agrees(self) -> bool:
        """Within the tolerance, or both undefined."""
        if self.oracle is None or self.engine is None:
            return self.oracle is None and self.engine is None
        d = self.diff_pct
        return d is not None and abs(d) <= TOLERANCE_PCT


FIGURES: tuple[tuple[str, str], ...] = (
    # (oracle key, engine figure name)
    ("combined_heat_kwh", "heat kWh (net)"),
    ("combined_elec_kwh", "electricity kWh"),
    ("combined_cop", "COP"),
    ("running_heat_kwh", "running heat kWh"),
    ("running_elec_kwh", "running electricity kWh"),
    ("running_cop", "running COP"),
    ("space_heat_kwh", "space heat kWh"),
    ("space_elec_kwh", "space electricity kWh"),
    ("space_cop", "space COP"),
    ("water_heat_kwh", "water heat kWh"),
    ("water_elec_kwh", "water electricity kWh"),
    ("water_cop", "water COP"),
    ("running_prc_carnot", "% of Carnot"),
    ("negative_heat_kwh", "defrost kWh"),
    ("starts", "starts"),
    ("starts_per_hour", "starts per hour"),
)


def engine_config() -> EngineConfig:
    """The engine as the scenarios' unit would be set up."""
    return EngineConfig(kind=Kind.AIR_TO_WATER, time_zone="UTC")


def engine_figures(scenario: Scenario) -> dict[str, float | None]:
    """The engine's figures for the scenario's day, by oracle key."""
    from tests.oracle.engine_adapter import day_figures

    return day_figures(Engine(engine_config()), scenario)


def compare(scenario: Scenario) -> list[Row]:
    """All rows of one scenario."""
    ref = daily_figures(scenario.feeds())
    got = engine_figures(scenario)
    return [Row(scenario.name, name, ref[key], got.get(key)) for key, name in FIGURES]


def _fmt(value: float | None) -> str:
    return (
        "—" if value is None else f"{value:.4g}" if abs(value) < 10 else f"{value:.2f}"
    )


def table(rows: list[Row]) -> str:
    """A Markdown table of the rows, then a count of agreements."""
    lines = [
        "| scenario | figure | oracle | engine | % diff |",
        "|---|---|---:|---:|---:|",
    ]
    for r in rows:
        d = r.diff_pct
        diff = "—" if d is None else f"{d:+.2f}"
        mark = "" if r.agrees else " ✗"
        lines.append(
            f"| {r.scenario} | {r.figure} | {_fmt(r.oracle)} | {_fmt(r.engine)} "
            f"| {diff}{mark} |"
        )
    ok = sum(r.agrees for r in rows)
    lines.append("")
    lines.append(f"{ok} of {len(rows)} figures agree within {TOLERANCE_PCT} %.")
    return "\n".join(lines)


def main() -> None:
    """Print the table for every scenario."""
    rows = [row for s in scenarios() for row in compare(s)]
    only_misses = "--misses" in sys.argv
    print(table([r for r in rows if not r.agrees] if only_misses else rows))
    if only_misses:
        print(f"({sum(r.agrees for r in rows)} of {len(rows)} agree)")


if __name__ == "__main__":
    main()
