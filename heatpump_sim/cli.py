"""Command line: ``python -m heatpump_sim --help``.

While it runs, lines typed on standard input switch faults (``drop``,
``delay=2``, ``exception=4``, ``freeze``, ``garbage``, ``reset``,
``clear``...), ``status`` prints the state and ``quit`` stops.  Ctrl-C or
SIGTERM stop cleanly and write the truth file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import math
import re
import signal
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from custom_components.heatpump.core.quantities import Kind

from .faults import FAULT_SPECS
from .model import MODEL_KINDS
from .simulator import WEATHER_STARTS, ConfigError, SimConfig, Simulator

_LOGGER = logging.getLogger("heatpump_sim")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def _endpoint(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    try:
        number = int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad port in {text!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range in {text!r}")
    return host, number


def parse_speed(text: str) -> float:
    """The simulator's speed as a number (``max`` is as fast as it can)."""
    if text.lower() in ("max", "inf", "fast"):
        return math.inf
    try:
        value = float(text.rstrip("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number or 'max', got {text!r}"
        ) from None
    if not value > 0.0:
        raise argparse.ArgumentTypeError("speed must be > 0")
    return value


def _duration(text: str) -> float:
    match = _DURATION.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"expected e.g. 3600, 90m, 12h, 7d, 1w; got {text!r}"
        )
    return float(match.group(1)) * _UNITS[match.group(2)]


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0.0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _weather(text: str) -> str:
    if text.startswith("csv:"):
        if not Path(text[4:]).is_file():
            raise argparse.ArgumentTypeError(f"no such file: {text[4:]}")
        return text
    if text not in WEATHER_STARTS:
        raise argparse.ArgumentTypeError(
            f"expected {', '.join(WEATHER_STARTS)} or csv:PATH, got {text!r}"
        )
    return text


def _start(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO date, got {text!r}"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser."""
    parser = argparse.ArgumentParser(
        prog="python -m heatpump_sim",
        description=(
            "Simulate a heat pump and serve it over Modbus TCP and/or MQTT in a "
            "Heat Pump Monitor profile's layout. Faults can be switched on the "
            f"command line or by typing them on stdin ({', '.join(FAULT_SPECS)}; "
            "'status', 'quit')."
        ),
    )
    kinds = [k.value for k in MODEL_KINDS]
    parser.add_argument("--kind", choices=kinds, default=Kind.AIR_TO_WATER.value)
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="ID|FILE",
        help="profile id or YAML file, once per transport "
        "(default: generic_<kind> / generic_mqtt_<kind>)",
    )
    parser.add_argument("--profile-dir", action="append", type=Path, default=[])
    parser.add_argument("--modbus", type=_endpoint, metavar="HOST:PORT")
    parser.add_argument("--device-id", type=int, metavar="N")
    parser.add_argument(
        "--serial",
        metavar="N",
        help="the unit's serial number, for profiles that read one "
        "(default: 1000000 + seed)",
    )
    parser.add_argument(
        "--modbus-strict",
        action="store_true",
        help="unmapped addresses inside the map also answer exception 2",
    )
    parser.add_argument("--mqtt", type=_endpoint, metavar="HOST:PORT", help="broker")
    parser.add_argument("--mqtt-interval", type=_positive, default=5.0, metavar="S")
    parser.add_argument("--mqtt-base-topic", metavar="TOPIC")
    parser.add_argument(
        "--speed",
        type=parse_speed,
        default=60.0,
        help="simulated seconds per second: 1, 60, 3600... or 'max' (default 60)",
    )
    parser.add_argument(
        "--step", type=_positive, default=10.0, metavar="S", help="model step (10 s)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--weather",
        type=_weather,
        default="winter",
        help="winter|year|spring|summer|csv:PATH",
    )
    parser.add_argument("--start", type=_start, help="simulated start (ISO date)")
    parser.add_argument(
        "--cold-climate", action="store_true", help="cold-climate unit and weather"
    )
    parser.add_argument(
        "--duration", type=_duration, help="stop after this simulated time (7d, 12h...)"
    )
    parser.add_argument(
        "--truth", type=Path, metavar="PATH", help="ground truth file (.csv or .json)"
    )
    parser.add_argument("--truth-interval", type=_positive, default=60.0, metavar="S")
    parser.add_argument(
        "--fault", action="append", default=[], metavar="SPEC", help="initial fault"
    )
    parser.add_argument("--no-console", action="store_true", help="ignore stdin")
    parser.add_argument(
        "--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
    )
    return parser


def config_from_args(args: argparse.Namespace) -> SimConfig:
    """A SimConfig from parsed arguments."""
    return SimConfig(
        kind=args.kind,
        profiles=tuple(args.profile),
        profile_dirs=tuple(args.profile_dir),
        modbus=args.modbus,
        mqtt=args.mqtt,
        device_id=args.device_id,
        serial_number=args.serial,
        modbus_strict=args.modbus_strict,
        mqtt_interval_s=args.mqtt_interval,
        mqtt_base_topic=args.mqtt_base_topic,
        speed=args.speed,
        step_s=args.step,
        seed=args.seed,
        weather=args.weather,
        start=args.start,
        cold_climate=args.cold_climate,
        duration_s=args.duration,
        truth_path=args.truth,
        truth_interval_s=args.truth_interval,
        faults=tuple(args.fault),
    )


def _console(sim: Simulator, line: str, stop: asyncio.Event) -> None:
    command = line.strip()
    if not command:
        return
    if command in ("quit", "exit", "stop"):
        stop.set()
        return
    if command == "status":
        state = {str(k): v for k, v in sim.state().items()}
        print(
            json.dumps({"t_s": sim.model.t, "faults": sim.faults.describe(), **state}),
            flush=True,
        )
        return
    try:
        sim.faults.apply(command)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr, flush=True)
        return
    print(f"faults: {sim.faults.describe()}", file=sys.stderr, flush=True)


async def run(config: SimConfig, *, console: bool) -> int:
    """Run until the duration ends, 'quit', Ctrl-C or SIGTERM."""
    sim = Simulator(config)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    reading = False
    if console and sys.stdin is not None and not sys.stdin.closed:
        with contextlib.suppress(OSError, ValueError, NotImplementedError):

            def on_input() -> None:
                line = sys.stdin.readline()
                if not line:
                    loop.remove_reader(sys.stdin.fileno())
                    return
                _console(sim, line, stop)

            loop.add_reader(sys.stdin.fileno(), on_input)
            reading = True
    await sim.start()
    where = []
    if sim.modbus is not None:
        where.append(
            f"Modbus {sim.modbus.host}:{sim.modbus.port} id {sim.modbus.device_id}"
        )
    if sim.mqtt is not None:
        where.append(f"MQTT {sim.mqtt.host}:{sim.mqtt.port} base {sim.mqtt.base}")
    _LOGGER.info(
        "%s, %s, speed %s, seed %s, weather %s%s",
        sim.kind.value,
        ", ".join(where) or "no protocol",
        config.speed,
        config.seed,
        config.weather,
        f", faults {sim.faults.describe()}" if config.faults else "",
    )
    finished = loop.create_task(sim.finished.wait())
    stopped = loop.create_task(stop.wait())
    try:
        await asyncio.wait({finished, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (finished, stopped):
            task.cancel()
        if reading:
            with contextlib.suppress(Exception):
                loop.remove_reader(sys.stdin.fileno())
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
        await sim.stop()
    t = sim.truth.totals
    print(
        json.dumps(
            {
                "simulated_h": round(sim.model.t / 3600.0, 3),
                "heat_kwh": round(t.heat_kwh, 3),
                "elec_kwh": round(t.elec_kwh, 3),
                "cop": round(t.cop, 3),
                "defrosts": t.defrosts,
                "defrost_share": round(t.defrost_share, 4),
                "compressor_starts": t.compressor_starts,
                "truth": str(config.truth_path) if config.truth_path else None,
            }
        ),
        flush=True,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.modbus is None and args.mqtt is None and args.duration is None:
        parser.error("nothing to do: give --modbus and/or --mqtt, or --duration")
    if args.device_id is not None and not 0 <= args.device_id <= 255:
        parser.error("--device-id must be 0…255")
    try:
        config = config_from_args(args)
        return asyncio.run(run(config, console=not args.no_console))
    except ConfigError as err:
        parser.error(str(err))
    except KeyboardInterrupt:
        return 130
