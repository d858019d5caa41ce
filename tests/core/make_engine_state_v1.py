"""Write ``fixtures/engine_state_v1``: what the schema-1 release stored and did.

Run once, with the release whose ``Engine.to_dict`` wrote ``schema_version``
1 (commit 863837e), from the repository root::

    /work/venv/bin/python -m tests.core.make_engine_state_v1

For every stream of ``engine_streams`` it feeds the samples before
``stored_at`` to that engine and writes the file Home Assistant's ``Store``
writes for the coordinator (``.storage/heatpump.<entry_id>``), through
Home Assistant's own JSON writer.  Then it feeds the rest and records what the
engine reported: metrics at the store point, the events after it, the final
metrics, breakdown and stored state.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.helpers.json import save_json

from custom_components.heatpump.core.analytics import Engine

from .engine_streams import STREAMS, event_data

OUT = Path(__file__).parent / "fixtures" / "engine_state_v1"


def main() -> None:
    """Write the fixture files."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, stream in STREAMS.items():
        engine = Engine(stream.config)
        samples = stream.samples()
        for _ in range(stream.stored_at):
            engine.update(next(samples))
        entry_id = f"01J{name.upper().replace('_', '')[:10]:0<10}STATEV1FIX"
        key = f"heatpump.{entry_id}"
        store_file = {
            "version": 1,
            "minor_version": 1,
            "key": key,
            "data": {
                "engine": engine.to_dict(),
                "guard": {"direction": "heating", "since": engine.to_dict()["ts"]},
            },
        }
        save_json(str(OUT / f"{name}.json"), store_file)
        expected: dict[str, Any] = {"metrics_stored": engine.metrics()}
        events = []
        count = 0
        for sample in samples:
            events.extend(engine.update(sample))
            count += 1
        expected["samples_after"] = count
        expected["events_after"] = event_data(events)
        expected["metrics_after"] = engine.metrics()
        expected["breakdown_after"] = engine.breakdown()
        expected["state_after"] = engine.to_dict()
        (OUT / f"{name}.expected.json").write_text(
            json.dumps(expected, indent=1, allow_nan=False) + "\n"
        )
        print(name, count, len(events), expected["metrics_after"]["heat_energy"])


if __name__ == "__main__":
    main()
