"""``python -m demo``, run by ``scripts/demo``: simulator, Home Assistant, dashboard.

1. Starts the simulator (air-to-water in winter weather by default, so defrosts
   happen) on Modbus TCP at 127.0.0.1, or publishing to a private MQTT broker.
2. Writes a throwaway config dir: onboarding done, the demo owner, the config
   entries the config flow would have created.
3. Starts Home Assistant, waits for the unit's entities, saves the dashboard
   through the WebSocket API, prints the URL and the login.
4. On Ctrl-C (or SIGTERM/SIGHUP) stops Home Assistant, the simulator and the
   broker, each in its own process group, and leaves nothing behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any

from custom_components.heatpump.const import USER_PROFILES_DIR
from custom_components.heatpump.core.profile.loader import load_profile
from demo import dashboard
from demo.config_dir import (
    INTEGRATION,
    REPO,
    Owner,
    modbus_entry,
    mqtt_entries,
    write_config_dir,
)
from demo.hass_api import HassSocket
from demo.requirements import missing_requirements
from heatpump_sim.cli import parse_speed
from heatpump_sim.profiles import write_simulator_profile

KINDS = (
    "air_to_water",
    "ground_source",
    "water_source",
    "air_to_air",
    "water_heater",
    "pool",
    "dryer",
)
MQTT_TOPIC = "heatpump"
PROFILES = INTEGRATION / "core" / "profiles" / "generic"
MARKER_ENV = "HEATPUMP_DEMO_RUN"
"""Set in every child's environment: the test finds leftovers by it."""

HA_START_TIMEOUT = 240.0
ENTITIES_TIMEOUT = 180.0
STOP_TIMEOUT = 60.0


class Stop(Exception):
    """Ctrl-C, SIGTERM or SIGHUP: stop everything."""


class DemoError(Exception):
    """The demo cannot go on; the message says why."""


def _free_port(preferred: int | None = None) -> int:
    if preferred is not None:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", preferred))
            except OSError:
                pass
            else:
                return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.5).close()
    except OSError:
        return False
    return True


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the demo itself dies (even by SIGKILL)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Child:
    """A process the demo started, leader of its own process group."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 30) -> str:
        """The end of its log, to explain a failure."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float) -> None:
        """SIGTERM the group, wait, then SIGKILL whatever is left of it."""
        pgid = self.process.pid
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                print(f"demo: {self.name} did not stop in {timeout:.0f} s, killing it")
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)


@dataclass
class Demo:
    """What one run started, for the clean-up."""

    workdir: Path
    children: list[Child] = field(default_factory=list)

    def spawn(self, name: str, command: list[str], cwd: Path | None = None) -> Child:
        """Start a child in its own session, its output in a log file."""
        log = self.workdir / f"{name}.log"
        env = {**os.environ, MARKER_ENV: str(self.workdir)}
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=cwd,
                env=env,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 (no threads yet)
            )
        child = Child(name, process, log)
        self.children.append(child)
        return child

    def stop_all(self) -> None:
        """Home Assistant first (it writes its database), then the sources."""
        for child in reversed(self.children):
            child.stop(STOP_TIMEOUT if child.name == "homeassistant" else 15)

    def check_alive(self) -> None:
        """Raise if a child has died on its own."""
        for child in self.children:
            if (code := child.process.poll()) is not None:
                raise DemoError(
                    f"{child.name} exited with code {code}; the end of "
                    f"{child.log}:\n{child.tail()}"
                )


def _wait(
    what: str, ready: Callable[[], bool], timeout: float, demo: Demo, step: float = 0.2
) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        demo.check_alive()
        if time.monotonic() > deadline:
            raise DemoError(f"{what} not ready after {timeout:.0f} s")
        time.sleep(step)


def _http_ok(url: str, token: str) -> bool:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _mosquitto() -> str | None:
    found = shutil.which("mosquitto")
    if found is None and Path("/usr/sbin/mosquitto").exists():
        found = "/usr/sbin/mosquitto"
    return found


def _start_broker(demo: Demo, port: int) -> None:
    mosquitto = _mosquitto()
    if mosquitto is None:
        raise DemoError("--mqtt needs mosquitto: apt-get install mosquitto")
    conf = demo.workdir / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n",
        encoding="utf-8",
    )
    demo.spawn("mosquitto", [mosquitto, "-c", str(conf)])
    _wait("the MQTT broker", lambda: _port_open(port), 15, demo)


def _profile(kind: str, mqtt: bool) -> str:
    profile = f"generic_mqtt_{kind}" if mqtt else f"generic_{kind}"
    if not (PROFILES / f"{profile}.yaml").is_file():
        shipped = sorted(p.stem for p in PROFILES.glob("generic_*.yaml"))
        raise DemoError(
            f"no shipped profile {profile!r} for --kind {kind}"
            f"{' with --mqtt' if mqtt else ''}; shipped: {', '.join(shipped)}"
        )
    return profile


async def _dashboard(
    base_url: str, token: str, entry_id: str, speed: float, demo: Demo
) -> dict[tuple[str, str], str]:
    """Wait for the unit's entities, then save the dashboard."""
    deadline = time.monotonic() + ENTITIES_TIMEOUT
    async with HassSocket(base_url, token) as hass:
        while True:
            registry = await hass.call("config/entity_registry/list")
            entities = dashboard.entities_of_entry(registry, entry_id)
            if all(key in entities for key in dashboard.ESSENTIAL):
                break
            demo.check_alive()
            if time.monotonic() > deadline:
                raise DemoError(
                    f"the heat pump's entities did not appear in "
                    f"{ENTITIES_TIMEOUT:.0f} s; see {demo.workdir}/config/"
                    "home-assistant.log"
                )
            await asyncio.sleep(0.5)
        device_id = dashboard.device_of_entry(registry, entry_id)
        config = dashboard.build(entities, "Heat pump", speed, device_id)
        await hass.call("lovelace/config/save", config=config)
        # Home Assistant's own backup entry is created by a "system" flow on a
        # first start, which raises a "New devices discovered" notification:
        # nothing was discovered, so clear it.
        await hass.call(
            "call_service",
            domain="persistent_notification",
            service="dismiss",
            service_data={"notification_id": "config_entry_discovery"},
        )
        if ("sensor", "electrical_energy") in entities:
            # The Energy dashboard: the heat pump as an individual device.
            await hass.call(
                "energy/save_prefs",
                device_consumption=[
                    {"stat_consumption": entities[("sensor", "electrical_energy")]}
                ],
            )
    return entities


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/demo",
        description="Run Home Assistant with a simulated heat pump and a dashboard. "
        "Ctrl-C stops everything.",
    )
    parser.add_argument(
        "--kind", choices=KINDS, default="air_to_water", help="unit to simulate"
    )
    parser.add_argument(
        "--speed",
        type=parse_speed,
        default=60.0,
        help="simulated seconds per real second (default 60: a day in 24 minutes)",
    )
    parser.add_argument(
        "--weather",
        default="winter",
        help="winter (default: cold, defrosts happen), spring, summer (cools), year",
    )
    parser.add_argument("--seed", type=int, default=1, help="simulator seed")
    parser.add_argument(
        "--mqtt",
        action="store_true",
        help="publish over MQTT through a private mosquitto instead of Modbus TCP",
    )
    parser.add_argument(
        "--port", type=int, help="Home Assistant's HTTP port (default 8123 if free)"
    )
    parser.add_argument(
        "--modbus-port",
        type=int,
        help="the simulator's Modbus TCP port (default: free)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the config dir and logs on exit"
    )
    parser.add_argument(
        "--setup-only",
        action="store_true",
        help="install what the demo needs into the venv, then exit",
    )
    parser.add_argument(
        "--state-file",
        type=Path,
        help="write URL, login, PIDs and paths as JSON here once ready (for tests)",
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def _signals_stop() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP raise ``Stop`` while the demo runs."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Stop(signal.Signals(signum).name)

    previous = {
        sig: signal.signal(sig, handler)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for sig in previous:
            # Clean-up must finish: further signals are ignored until it has.
            signal.signal(sig, signal.SIG_IGN)


def _say(out: IO[str], text: str) -> None:
    print(text, file=out, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the demo until Ctrl-C."""
    args = parse_args(argv)
    if args.setup_only:  # scripts/demo did the installing
        return 0
    started = float(os.environ.get("HEATPUMP_DEMO_T0") or time.time())
    out = sys.stdout
    if missing := missing_requirements(mqtt=args.mqtt):
        _say(
            sys.stderr,
            "demo: Home Assistant would have to install "
            f"{', '.join(missing)} at start; add them to requirements/demo.txt "
            "(scripts/demo installs it).",
        )
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="heatpump-demo."))
    demo = Demo(workdir)
    failed = False
    try:
        with _signals_stop():
            _run(args, demo, started, out)
    except Stop as stop:
        _say(out, f"\ndemo: {stop}, stopping Home Assistant and the simulator...")
    except DemoError as err:
        failed = True
        _say(sys.stderr, f"demo: {err}")
    finally:
        demo.stop_all()
        if args.keep or (failed and demo.children):
            _say(out, f"demo: stopped; config and logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if demo.children:
                _say(out, "demo: stopped, nothing left running")
        if args.state_file is not None:
            with contextlib.suppress(OSError):
                args.state_file.unlink()
    return 1 if failed else 0


def _run(args: argparse.Namespace, demo: Demo, started: float, out: IO[str]) -> None:
    python = sys.executable
    for name, wanted in (("--port", args.port), ("--modbus-port", args.modbus_port)):
        if wanted is not None and _free_port(wanted) != wanted:
            raise DemoError(f"{name} {wanted}: that port is in use on 127.0.0.1")
    port = args.port or _free_port(8123)
    kind = args.kind
    config = demo.workdir / "config"
    # The simulator's variant of the generic profile reads its fast clock.
    profile_file = write_simulator_profile(
        config / USER_PROFILES_DIR, _profile(kind, args.mqtt)
    )
    profile = load_profile(profile_file)
    sim = [python, "-m", "heatpump_sim", "--kind", kind]
    sim += ["--profile", str(profile_file)]
    sim += [
        "--speed",
        f"{args.speed:g}",
        "--seed",
        str(args.seed),
        "--weather",
        args.weather,
    ]
    sim += ["--no-console", "--log-level", "WARNING"]
    entries: list[dict[str, Any]]
    if args.mqtt:
        broker_port = _free_port()
        _start_broker(demo, broker_port)
        sim += ["--mqtt", f"127.0.0.1:{broker_port}", "--mqtt-base-topic", MQTT_TOPIC]
        entries = mqtt_entries(broker_port, profile, MQTT_TOPIC)
        source = f"MQTT via mosquitto on 127.0.0.1:{broker_port}, topic {MQTT_TOPIC}/"
        simulator = demo.spawn("simulator", sim, cwd=REPO)
        time.sleep(1.0)
        demo.check_alive()
    else:
        modbus_port = args.modbus_port or _free_port()
        sim += ["--modbus", f"127.0.0.1:{modbus_port}"]
        entries = [modbus_entry(modbus_port, profile)]
        source = f"Modbus TCP on 127.0.0.1:{modbus_port}"
        simulator = demo.spawn("simulator", sim, cwd=REPO)
        _wait("the simulator", lambda: _port_open(modbus_port), 60, demo)

    owner = Owner()
    token = write_config_dir(config, port=port, entries=entries, owner=owner)
    demo.spawn("homeassistant", [python, "-m", "homeassistant", "-c", str(config)])
    base_url = f"http://127.0.0.1:{port}"
    _wait(
        f"Home Assistant on {base_url}",
        lambda: _http_ok(f"{base_url}/api/", token),
        HA_START_TIMEOUT,
        demo,
        step=0.5,
    )
    entry_id = entries[-1]["entry_id"]
    asyncio.run(_dashboard(base_url, token, entry_id, args.speed, demo))
    url = f"{base_url}/lovelace/{dashboard.VIEW_PATH}"
    ready = time.time() - started
    lines = [
        "",
        "Heat Pump Monitor demo is running",
        f"  Dashboard:  {url}",
        f"  Login:      {owner.username} / {owner.password}",
        f"  Unit:       {kind} ({profile.id}), {args.weather} weather, "
        f"{args.speed:g}x speed, {source}",
        f"  Logs:       {config / 'home-assistant.log'}, {simulator.log}",
        f"  Ready in {ready:.0f} s. Press Ctrl-C to stop.",
        "",
    ]
    _say(out, "\n".join(lines))
    if args.state_file is not None:
        state = {
            "url": url,
            "base_url": base_url,
            "username": owner.username,
            "password": owner.password,
            "token": token,
            "workdir": str(demo.workdir),
            "config_dir": str(config),
            "entry_id": entry_id,
            "pids": {c.name: c.process.pid for c in demo.children},
            "ready_s": ready,
        }
        tmp = args.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
        tmp.replace(args.state_file)
    while True:
        demo.check_alive()
        time.sleep(1.0)
