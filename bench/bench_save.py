"""What one save of a unit's engine state costs (the coordinator saves every 30 s).

Run from anywhere: ``python bench/bench_save.py [days]``.  The engine is fed
``days`` of the synthetic air-to-water unit of ``bench_analytics.py`` (90 by
default: day, month and season figures all populated), then a save is timed
the way Home Assistant's Store makes it: ``Engine.to_dict``, JSON (orjson,
which HA uses, and the standard library beside it), and a write of a
temporary file in the same folder renamed over the old one, without and
with fsync.  Side by side: the cost of one ``Engine.update`` (one poll's
sample), and the save's share of one core at one save per 30 s.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_analytics import SyntheticUnit
from custom_components.heatpump.core.analytics import Engine, EngineConfig
from custom_components.heatpump.core.quantities import Kind

SAVE_EVERY_S = 30.0
ROUNDS = 200


def _median_s(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _write(folder: Path, data: bytes, *, fsync: bool) -> None:
    """A temporary file in the folder, renamed into place (as HA writes)."""
    fd, tmp = tempfile.mkstemp(dir=folder)
    try:
        os.write(fd, data)
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, folder / "heatpump.entry")


def main(days: int = 90) -> None:
    """Feed, time and report."""
    engine = Engine(EngineConfig(kind=Kind.AIR_TO_WATER, time_zone="Europe/Berlin"))
    unit = SyntheticUnit()
    samples = []
    for day in range(days):
        samples = unit.day(day)
        for sample in samples:
            engine.update(sample)
    spare = iter(unit.day(days))
    update_s = _median_s(lambda: engine.update(next(spare)), rounds=5000)

    def to_dict() -> object:
        return engine.to_dict()

    state = engine.to_dict()
    to_dict_s = _median_s(to_dict)
    stdlib_s = _median_s(lambda: json.dumps(state))
    try:
        import orjson  # Home Assistant's JSON library

        encode: Callable[[object], bytes] = orjson.dumps
        encoder = "orjson"
    except ImportError:
        encode, encoder = (lambda d: json.dumps(d).encode()), "json"
    encode_s = _median_s(lambda: encode(state))
    data = encode({"version": 1, "minor_version": 1, "key": "heatpump", "data": state})
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_s = _median_s(lambda: _write(folder, data, fsync=False))
        fsync_s = _median_s(lambda: _write(folder, data, fsync=True), rounds=50)
    save_s = to_dict_s + encode_s + write_s
    print(f"engine fed           {days} days of 10 s samples")
    print(f"state                {len(data):,} bytes of JSON")
    print(f"Engine.to_dict       {to_dict_s * 1e6:8.0f} µs")
    print(f"JSON ({encoder})       {encode_s * 1e6:8.0f} µs")
    print(f"JSON (stdlib json)   {stdlib_s * 1e6:8.0f} µs")
    print(f"write + rename       {write_s * 1e6:8.0f} µs")
    print(f"  with fsync         {fsync_s * 1e6:8.0f} µs")
    print(f"one save             {save_s * 1e6:8.0f} µs (to_dict + {encoder} + write)")
    print(f"one Engine.update    {update_s * 1e6:8.1f} µs")
    print(f"save / update        {save_s / update_s:8.0f}x")
    print(
        f"share of one core    {save_s / SAVE_EVERY_S:.6%} "
        f"(a save every {SAVE_EVERY_S:.0f} s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 90)
