"""Heat Pump Monitor vs the hand-made template stack, on one HeishaMon stream.

Run from the repository root: ``python bench/bench_heishamon.py``
(``--py-spy S`` also samples our ``hass`` for S seconds of the scenario).

One real mosquitto, one emulator (``bench/heishamon_emulator.py``, written
from HeishaMon's MQTT-Topics.md) publishing the 560 s winter scenario in
real time, and three real Home Assistant processes subscribed to that same
stream, side by side:

- *ours*: the MQTT integration and a Heat Pump Monitor entry with the
  shipped HeishaMon profile, every entity the integration enables by default;
- *stack*: the MQTT integration and ``bench/heishamon_stack.yaml``, what a
  HeishaMon owner writes in an afternoon: MQTT sensors, template heat
  (flow × ΔT), electrical power and COP, ``integration`` sensors (1 Wh, a
  sub-interval of a minute) and daily ``utility_meter``\\ s;
- *floor*: the MQTT integration delivering our topics to a no-op callback.

Measured, per process: its own CPU time over the scenario (utime + stime
from ``/proc/<pid>/stat``, every thread, the recorder's included) divided by
the messages published, and the rows its recorder wrote to ``states`` while
the scenario ran.  Both run at once on the same machine, so their ratio is
what counts; the absolute figures depend on the machine.  The figures each
side shows at the end are compared with the truth integrated from the
published values.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from bench.bench_analytics import START, SyntheticUnit
from bench.heishamon_emulator import (
    DURATION_S,
    ROUND_S,
    STOP,
    TOPICS,
    Truth,
    round_at,
    rounds,
    truth,
)
from custom_components.heatpump.coordinator import PERIOD_FIGURES_EVERY, STORAGE_VERSION
from custom_components.heatpump.core.analytics import Engine, EngineConfig
from custom_components.heatpump.core.profile.loader import (
    load_profiles,
    shipped_profiles_dir,
)
from demo.cli import Child, Demo, _free_port, _http_ok, _start_broker, _wait
from demo.config_dir import Owner, local_time_zone, mqtt_entries, write_config_dir

PREFIX = "panasonic_heat_pump"
PROFILE = "heishamon_panasonic_aquarea"
STACK_YAML = Path(__file__).with_name("heishamon_stack.yaml")
SETTLE_S = 30.0
"""After start-up and the first round, before the CPU clock starts."""
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """The process's own user + system CPU time (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Side:
    """One Home Assistant process and what it showed."""

    name: str
    config: Path
    port: int
    token: str
    child: Child | None = None
    cpu_start: float = 0.0
    cpu_end: float = 0.0

    def api_ready(self) -> bool:
        """Home Assistant answers on its REST API."""
        return _http_ok(f"http://127.0.0.1:{self.port}/api/", self.token)

    def states(self) -> list[dict[str, Any]]:
        """Every state, through the REST API."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/states",
            headers={"Authorization": f"Bearer {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            result: list[dict[str, Any]] = json.load(response)
            return result


def _publisher(port: int) -> paho.Client:
    client = paho.Client(CallbackAPIVersion.VERSION2, client_id="heishamon-emulator")
    client.will_set(f"{PREFIX}/LWT", "Offline", retain=True)
    client.connect("127.0.0.1", port)
    client.loop_start()
    client.publish(f"{PREFIX}/LWT", "Online", retain=True).wait_for_publish(5)
    return client


def _publish(client: paho.Client, payloads: dict[str, str]) -> int:
    for topic, payload in payloads.items():
        client.publish(f"{PREFIX}/{topic}", payload)
    return len(payloads)


def _history(config: Path, entry_id: str, days: int) -> None:
    """Our stored totals after ``days`` of running, up to today's midnight.

    A monitor runs for months: its month, year, lifetime and seasonal
    figures barely move in a day.  Today starts empty, as the stack's daily
    utility meters do.
    """
    zone = local_time_zone()
    midnight = datetime.now(ZoneInfo(zone)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    first_day = 15  # the synthetic unit's mid-January weather
    offset = midnight.timestamp() - START - (days + first_day) * 86400.0
    engine = Engine(EngineConfig(time_zone=zone, heat_power_clamped=True))
    unit = SyntheticUnit()
    for day in range(first_day, first_day + days):
        for sample in unit.day(day):
            engine.update(replace(sample, ts=sample.ts + offset))
    stored = {"engine": engine.to_dict(), "guard": {"direction": None, "since": 0}}
    key = f"heatpump.{entry_id}"
    (config / ".storage" / key).write_text(
        json.dumps({"version": STORAGE_VERSION, "key": key, "data": stored}),
        encoding="utf-8",
    )


FLOOR_COMPONENT = """
from homeassistant.components import mqtt
from homeassistant.core import callback

TOPICS = {topics!r}


async def async_setup(hass, config):
    @callback
    def ignore(message):
        pass

    await mqtt.async_wait_for_mqtt_client(hass)
    for topic in TOPICS:
        await mqtt.async_subscribe(hass, topic, ignore)
    return True
"""
"""The floor: Home Assistant's MQTT integration delivering every topic we
read to a callback that does nothing.  No integration reading these topics
through it can cost less."""


def _floor_component(config: Path, topics: list[str]) -> None:
    component = config / "custom_components" / "bench_floor"
    component.mkdir(parents=True)
    manifest = {
        "domain": "bench_floor",
        "name": "Bench floor",
        "version": "0",
        "dependencies": ["mqtt"],
        "codeowners": [],
    }
    (component / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (component / "__init__.py").write_text(
        FLOOR_COMPONENT.format(topics=topics), encoding="utf-8"
    )
    with (config / "configuration.yaml").open("a", encoding="utf-8") as out:
        out.write("\nbench_floor:\n")


def _prepare(workdir: Path, broker_port: int, history_days: int) -> list[Side]:
    """Ours, the stack and the floor, in that order."""
    profile = load_profiles(shipped_profiles_dir())[0][PROFILE]
    sides = []
    for name in ("ours", "stack", "floor"):
        config = workdir / name
        config.mkdir()
        entries = mqtt_entries(broker_port, profile, PREFIX)
        if name != "ours":
            entries = entries[:1]  # the broker only
        port = _free_port()
        token = write_config_dir(config, port=port, entries=entries, owner=Owner())
        if name == "stack":
            with (config / "configuration.yaml").open("a", encoding="utf-8") as out:
                out.write("\n" + STACK_YAML.read_text(encoding="utf-8"))
        elif name == "floor":
            _floor_component(config, [f"{PREFIX}/{topic}" for topic in TOPICS])
        elif history_days:
            _history(config, entries[-1]["entry_id"], history_days)
        sides.append(Side(name, config, port, token))
    return sides


def _rows(config: Path, since: float, until: float) -> Counter[str]:
    """Rows the recorder wrote to ``states`` in the window, by entity."""
    with sqlite3.connect(config / "home-assistant_v2.db") as db:
        found = db.execute(
            "SELECT m.entity_id FROM states s JOIN states_meta m"
            " ON s.metadata_id = m.metadata_id"
            " WHERE s.last_updated_ts >= ? AND s.last_updated_ts <= ?",
            (since, until),
        ).fetchall()
    return Counter(entity_id for (entity_id,) in found)


def _py_spy(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    spy = Path(sys.executable).with_name("py-spy")
    command = [str(spy), "record", "-p", str(pid), "-d", str(int(seconds))]
    command += ["-r", "1000", "-f", "raw", "-o", str(out), "--nonblocking", "--gil"]
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def _spy_report(collapsed: Path, top: int = 30) -> str:
    """Inclusive share of samples per function (the hot paths)."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        for frame in set(stack.split(";")):
            inclusive[frame] += samples
    lines = [f"py-spy: {total} samples of the thread holding the GIL"]
    for frame, samples in inclusive.most_common(top):
        lines.append(f"{100 * samples / total:6.1f} %  {frame[:140]}")
    return "\n".join(lines)


def _value(states: list[dict[str, Any]], entity_id: str) -> float | None:
    for state in states:
        if state["entity_id"] == entity_id:
            try:
                return float(state["state"])
            except ValueError:
                return None
    return None


def _grown(
    end: list[dict[str, Any]], start: list[dict[str, Any]], entity_id: str
) -> float | None:
    """How much a total grew during the scenario (ours are lifetime totals)."""
    after, before = _value(end, entity_id), _value(start, entity_id)
    return None if after is None or before is None else after - before


def _error(value: float | None, true: float) -> str:
    if value is None:
        return "—"
    return f"{value:.3f} ({100 * (value - true) / true:+.1f} %)" if true else f"{value}"


def _find(states: list[dict[str, Any]], suffix: str) -> str:
    ids = [s["entity_id"] for s in states if s["entity_id"].endswith(suffix)]
    return ids[0] if ids else ""


def run(args: argparse.Namespace) -> int:
    """Start everything, replay the scenario, measure, stop everything."""
    workdir = Path(tempfile.mkdtemp(prefix="heatpump-bench."))
    demo = Demo(workdir)
    try:
        broker_port = _free_port()
        _start_broker(demo, broker_port)
        sides = _prepare(workdir, broker_port, args.history_days)
        ours, stack, floor = sides
        python = sys.executable
        for side in sides:
            side.child = demo.spawn(
                f"hass-{side.name}",
                [python, "-m", "homeassistant", "-c", str(side.config)],
            )
        for side in sides:
            _wait(f"{side.name} HA", side.api_ready, 300, demo)
        client = _publisher(broker_port)
        # A stopped unit first: entities appear, and no energy is counted
        # between this round and the scenario's first.
        _publish(client, round_at(STOP[0]).payloads)
        time.sleep(SETTLE_S)
        _publish(client, round_at(STOP[0]).payloads)
        time.sleep(ROUND_S)
        at_start = {side.name: side.states() for side in sides}
        spy = None
        for side in sides:
            assert side.child is not None
            side.cpu_start = cpu_seconds(side.child.process.pid)
        assert ours.child is not None
        if args.py_spy:
            spy = _py_spy(
                ours.child.process.pid, args.py_spy, workdir / "ours.collapsed"
            )
        published = list(rounds(args.duration))
        messages = 0
        started = time.time()
        for scenario_round in published:
            delay = started + scenario_round.t - time.time()
            if delay > 0:
                time.sleep(delay)
            messages += _publish(client, scenario_round.payloads)
        # The last round's flush and writes, and our figures over a period
        # held back since their latest write (both sides idle alike).
        time.sleep(ROUND_S + PERIOD_FIGURES_EVERY)
        ended = time.time()
        for side in sides:
            assert side.child is not None
            side.cpu_end = cpu_seconds(side.child.process.pid)
        shown = {side.name: side.states() for side in sides}
        if spy is not None:
            spy.wait(60)
        client.loop_stop()
        client.disconnect()
        demo.stop_all()  # the recorder commits at stop
        rows = {side.name: _rows(side.config, started - 0.5, ended) for side in sides}
        print(
            _report(
                ours,
                stack,
                floor,
                shown,
                at_start,
                rows,
                messages,
                truth(published),
                args.duration,
            )
        )
        if spy is not None and (workdir / "ours.collapsed").exists():
            print(_spy_report(workdir / "ours.collapsed"))
        print(f"(config dirs and logs in {workdir})")
    finally:
        demo.stop_all()
    return 0


def _by_domain(rows: Counter[str]) -> dict[str, int]:
    found: Counter[str] = Counter()
    for entity_id, count in rows.items():
        found[entity_id.split(".")[0]] += count
    return dict(found)


def _most(rows: Counter[str], top: int = 8) -> str:
    return ", ".join(
        f"{entity_id.split('.', 1)[1]} {count}"
        for entity_id, count in rows.most_common(top)
    )


def _report(
    ours: Side,
    stack: Side,
    floor: Side,
    shown: dict[str, list[dict[str, Any]]],
    at_start: dict[str, list[dict[str, Any]]],
    rows: dict[str, Counter[str]],
    messages: int,
    true: Truth,
    duration: float,
) -> str:
    def cpu(side: Side) -> float:
        return side.cpu_end - side.cpu_start

    ours_states, stack_states = shown["ours"], shown["stack"]
    enabled = [
        s
        for s in ours_states
        if s["entity_id"].split(".")[0] in {"sensor", "binary_sensor", "event"}
        and s["entity_id"].split(".")[1].startswith("heat_pump")
    ]
    stack_entities = [
        s
        for s in stack_states
        if s["entity_id"].split(".")[0] in {"sensor", "binary_sensor"}
    ]
    ours_cop = _value(ours_states, _find(ours_states, "_cop_today"))
    ours_defrost = _value(ours_states, _find(ours_states, "_defrost_energy_today"))
    ours_heat = _grown(ours_states, at_start["ours"], "sensor.heat_pump_heat_energy")
    ours_elec = _grown(
        ours_states, at_start["ours"], "sensor.heat_pump_electrical_energy"
    )
    stack_cop = _value(stack_states, "sensor.heishamon_cop_today")
    stack_elec = _value(stack_states, "sensor.heishamon_electricity_today")
    stack_heat = _value(stack_states, "sensor.heishamon_heat_today")
    per_message = {s.name: cpu(s) / messages * 1e6 for s in (ours, stack, floor)}
    total_rows = {name: sum(counts.values()) for name, counts in rows.items()}
    lines = [
        f"HeishaMon stream: {messages} messages in {duration:.0f} s "
        f"({duration / ROUND_S:.0f} rounds), all three HA processes side by side",
        f"truth: net heat {true.heat_kwh:.3f} kWh, defrost {true.defrost_kwh:.3f} "
        f"kWh, electricity {true.electrical_kwh:.3f} kWh, net COP {true.cop:.2f}",
        "",
        "| Figure | Hand-made stack | Heat Pump Monitor |",
        "|---|---|---|",
        f"| HA CPU over the scenario | {cpu(stack):.2f} s | {cpu(ours):.2f} s |",
        f"| HA CPU per MQTT message | {per_message['stack']:.0f} µs | "
        f"{per_message['ours']:.0f} µs "
        f"({per_message['ours'] / per_message['stack']:.2f}×) |",
        f"| floor: HA's MQTT delivering our {len(TOPICS)} topics to a no-op | — | "
        f"{per_message['floor']:.0f} µs "
        f"({per_message['floor'] / per_message['stack']:.2f}× the stack) |",
        f"| recorder state rows during the scenario | {total_rows['stack']} | "
        f"{total_rows['ours']} ({total_rows['ours'] / total_rows['stack']:.2f}×) |",
        f"| rows by domain | {_by_domain(rows['stack'])} | "
        f"{_by_domain(rows['ours'])} |",
        f"| most rows | {_most(rows['stack'])} | {_most(rows['ours'])} |",
        f"| entities | {len(stack_entities)} | {len(enabled)} (default-enabled) |",
        f"| COP today vs truth {true.cop:.2f} | {_error(stack_cop, true.cop)} | "
        f"{_error(ours_cop, true.cop)} |",
        f"| defrost energy today vs truth {true.defrost_kwh:.3f} kWh | — | "
        f"{_error(ours_defrost, true.defrost_kwh)} |",
        f"| heat today vs net truth {true.heat_kwh:.3f} kWh | "
        f"{_error(stack_heat, true.heat_kwh)} | — |",
        f"| heat energy (positive) vs truth {true.positive_heat_kwh:.3f} kWh | — | "
        f"{_error(ours_heat, true.positive_heat_kwh)} |",
        f"| electrical energy vs truth {true.electrical_kwh:.3f} kWh | "
        f"{_error(stack_elec, true.electrical_kwh)} | "
        f"{_error(ours_elec, true.electrical_kwh)} |",
        "",
        f"targets: CPU/message ≤ ½ stack's: "
        f"{'met' if per_message['ours'] <= per_message['stack'] / 2 else 'NOT met'}; "
        f"rows ≤ stack's: "
        f"{'met' if total_rows['ours'] <= total_rows['stack'] else 'NOT met'}",
    ]
    return "\n".join(lines)


def main() -> int:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--duration", type=float, default=DURATION_S, help="scenario seconds"
    )
    parser.add_argument(
        "--history-days",
        type=int,
        default=7,
        help="days of stored history our integration starts with (0: fresh)",
    )
    parser.add_argument(
        "--py-spy", type=float, default=0.0, help="sample our hass for S seconds"
    )
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
