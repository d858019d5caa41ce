"""The simulator: a model on a clock, served over Modbus TCP and/or MQTT.

Python API::

    sim = Simulator(SimConfig(kind="air_to_water", modbus=("127.0.0.1", 0),
                              speed=None, seed=1))
    await sim.start()            # servers up; port 0 picks a free port
    sim.advance(3600)            # manual stepping (speed=None)
    ...
    await sim.stop()

``speed`` is simulated seconds per wall second (60 = a minute per second,
``math.inf`` = as fast as possible, None = only :meth:`Simulator.advance`).
The model always advances in fixed steps of ``step_s``, so a seed gives the
same trajectory at any speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from custom_components.heatpump.core.profile.loader import (
    load_profile,
    load_profiles,
    shipped_profiles_dir,
)
from custom_components.heatpump.core.profile.model import Profile, Transport
from custom_components.heatpump.core.quantities import Kind, Mode, Quantity, Value

from .faults import Faults
from .modbus_server import ModbusTcpServer
from .model import HeatPumpModel, build_model
from .mqtt_publisher import MqttPublisher
from .truth import Truth
from .weather import COLD_CLIMATE, Climate, CsvWeather, SyntheticWeather, Weather

_LOGGER = logging.getLogger(__name__)

WEATHER_STARTS = {
    "winter": datetime(2025, 1, 10, tzinfo=UTC),
    "year": datetime(2025, 1, 1, tzinfo=UTC),
    "spring": datetime(2025, 4, 1, tzinfo=UTC),
    "summer": datetime(2025, 7, 15, tzinfo=UTC),
}
"""Synthetic weather presets: the mild climate started on these dates, except
``summer``: a hot spell (days 21-31 °C) with the unit left on auto, so units
that can cool do."""
HOT_SUMMER = Climate(annual_mean_c=12.5, seasonal_amplitude_k=12.0)
SUMMER_MODE = Mode.AUTO


class ConfigError(ValueError):
    """A simulator setting that cannot work."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SimConfig:
    """Everything a simulator run needs."""

    kind: Kind | str = Kind.AIR_TO_WATER
    profiles: tuple[str | Path | Profile, ...] = ()
    """Profile ids or files; one per transport served.  Default: the
    generic profile of the kind for each transport."""
    modbus: tuple[str, int] | None = None
    mqtt: tuple[str, int] | None = None
    device_id: int | None = None
    serial_number: str | None = None
    """Served where the profile reads a serial number; default 1000000 + seed,
    so two simulators with different seeds are two different units."""
    modbus_strict: bool = False
    mqtt_interval_s: float = 5.0
    mqtt_base_topic: str | None = None
    speed: float | None = 60.0
    step_s: float = 10.0
    seed: int = 1
    weather: str = "winter"
    """``winter``, ``year``, ``spring``, ``summer`` or ``csv:PATH``."""
    start: datetime | None = None
    cold_climate: bool = False
    duration_s: float | None = None
    truth_path: Path | None = None
    truth_interval_s: float = 60.0
    faults: tuple[str, ...] = ()
    profile_dirs: tuple[Path, ...] = ()


def make_weather(
    spec: str, *, seed: int, start: datetime | None, cold_climate: bool
) -> Weather:
    """Weather for a preset name or ``csv:PATH``."""
    if spec.startswith("csv:"):
        path = Path(spec[4:])
        if not path.is_file():
            raise ConfigError(f"weather file {path} does not exist")
        try:
            return CsvWeather(path, start)
        except (OSError, ValueError) as err:
            raise ConfigError(f"weather file {path}: {err}") from err
    if spec not in WEATHER_STARTS:
        names = ", ".join([*WEATHER_STARTS, "csv:PATH"])
        raise ConfigError(f"unknown weather {spec!r} (use {names})")
    moment = start or WEATHER_STARTS[spec]
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    climate = COLD_CLIMATE if cold_climate else None
    if spec == "summer":
        climate = HOT_SUMMER
    return SyntheticWeather(moment, seed, climate)


def resolve_profiles(
    refs: tuple[str | Path | Profile, ...],
    kind: Kind,
    transports: Collection[Transport],
    extra_dirs: tuple[Path, ...] = (),
) -> dict[Transport, Profile]:
    """Pick one profile per transport served."""
    shipped, _issues = load_profiles(shipped_profiles_dir(), *extra_dirs)
    chosen: dict[Transport, Profile] = {}
    for ref in refs:
        if isinstance(ref, Profile):
            profile = ref
        elif str(ref) in shipped:
            profile = shipped[str(ref)]
        elif Path(ref).is_file():
            try:
                profile = load_profile(ref)
            except ValueError as err:
                raise ConfigError(f"profile {ref}: {err}") from err
        else:
            raise ConfigError(
                f"unknown profile {ref!r}: not a shipped id nor a file "
                f"(ids: {', '.join(sorted(shipped))})"
            )
        if profile.transport in chosen:
            raise ConfigError(f"two {profile.transport} profiles given")
        chosen[profile.transport] = profile
    for transport in transports:
        if transport in chosen:
            continue
        default = (
            f"generic_{kind.value}"
            if transport is Transport.MODBUS
            else f"generic_mqtt_{kind.value}"
        )
        if default not in shipped:
            raise ConfigError(f"no {transport} profile for {kind}: pass --profile")
        chosen[transport] = shipped[default]
    for transport, profile in chosen.items():
        if transport not in transports:
            raise ConfigError(
                f"profile {profile.id} is for {transport}, which is not being served"
            )
    return chosen


class Simulator:
    """A heat pump model with its clock, truth, faults and protocol servers."""

    def __init__(self, config: SimConfig | None = None, **overrides: Any) -> None:
        """Build everything; nothing runs until :meth:`start`."""
        cfg = replace(config or SimConfig(), **overrides)
        self.config = cfg
        if not cfg.step_s > 0.0:
            raise ConfigError("step must be > 0 s")
        if cfg.speed is not None and not cfg.speed > 0.0:
            raise ConfigError("speed must be > 0 (or inf)")
        try:
            kind = Kind(cfg.kind)
        except ValueError as err:
            raise ConfigError(f"unknown kind {cfg.kind!r}") from err
        if kind is Kind.METER:
            raise ConfigError("the simulator has no model for meters")
        self.kind = kind
        weather = make_weather(
            cfg.weather, seed=cfg.seed, start=cfg.start, cold_climate=cfg.cold_climate
        )
        self.model: HeatPumpModel = build_model(
            kind, weather, seed=cfg.seed, cold_climate=cfg.cold_climate
        )
        if cfg.weather == "summer" and SUMMER_MODE in self.model.modes:
            self.model.mode_setting = SUMMER_MODE
        self.truth = Truth(
            self.model, interval_s=cfg.truth_interval_s, path=cfg.truth_path
        )
        self.faults = Faults(self.model)
        self.faults.listeners.append(self._fault_changed)
        transports = [
            t
            for t, on in ((Transport.MODBUS, cfg.modbus), (Transport.MQTT, cfg.mqtt))
            if on
        ]
        self.profiles = resolve_profiles(
            cfg.profiles, kind, transports, cfg.profile_dirs
        )
        for spec in cfg.faults:
            try:
                self.faults.apply(spec)
            except ValueError as err:
                raise ConfigError(str(err)) from err
        self.modbus: ModbusTcpServer | None = None
        self.mqtt: MqttPublisher | None = None
        if cfg.modbus is not None:
            self.modbus = ModbusTcpServer(
                self,
                self.profiles[Transport.MODBUS],
                self.faults,
                host=cfg.modbus[0],
                port=cfg.modbus[1],
                device_id=cfg.device_id,
                strict=cfg.modbus_strict,
            )
        if cfg.mqtt is not None:
            self.mqtt = MqttPublisher(
                self,
                self.profiles[Transport.MQTT],
                self.faults,
                host=cfg.mqtt[0],
                port=cfg.mqtt[1],
                interval_s=cfg.mqtt_interval_s,
                base_topic=cfg.mqtt_base_topic,
                seed=cfg.seed,
            )
        self.finished = asyncio.Event()
        self._version = 0
        self._state: dict[Quantity, Value] | None = None
        self.serial_number = cfg.serial_number or str(1_000_000 + cfg.seed)
        self._clock: asyncio.Task[None] | None = None

    @property
    def modbus_port(self) -> int:
        """The Modbus server's port (bound after :meth:`start`)."""
        if self.modbus is None:
            raise ConfigError("no Modbus server configured")
        return self.modbus.port

    # --- the unit, as the servers see it -----------------------------------------
    def snapshot(self) -> tuple[int, Mapping[Quantity, Value]]:
        """Version and values to serve (the frozen ones while frozen)."""
        if self.faults.frozen is not None:
            return -1 - self._version, self._identified(self.faults.frozen)
        if self._state is None:
            self._state = self._identified(self.model.state())
        return self._version, self._state

    def _identified(self, state: Mapping[Quantity, Value]) -> dict[Quantity, Value]:
        """The model's values and the unit's serial number."""
        return {**state, Quantity.SERIAL_NUMBER: self.serial_number}

    def state(self) -> Mapping[Quantity, Value]:
        """The values the servers serve now."""
        return self.snapshot()[1]

    def write(self, quantity: Quantity, value: Value) -> None:
        """Write a setting into the model (raises WriteError if refused)."""
        self.model.write(quantity, value)
        self._changed()

    def writable(self) -> Collection[Quantity]:
        """Quantities the model accepts writes to."""
        return self.model.writable().keys()

    def _changed(self) -> None:
        self._version += 1
        self._state = None

    def _fault_changed(self, what: str) -> None:
        self._changed()

    # --- time ----------------------------------------------------------------------
    @property
    def done(self) -> bool:
        """The configured duration has been simulated."""
        d = self.config.duration_s
        return d is not None and self.model.t >= d - 1e-9

    def step(self) -> None:
        """One step of ``step_s``, recorded in the truth."""
        t0 = self.model.t
        self.truth.record(self.model.step(self.config.step_s), t0)
        self._changed()
        if self.done:
            self.finished.set()

    def advance(self, seconds: float) -> None:
        """Simulate ``seconds`` now (whole steps), whatever the speed."""
        for _ in range(round(seconds / self.config.step_s)):
            if self.done:
                break
            self.step()

    async def _run_clock(self) -> None:
        speed = self.config.speed
        assert speed is not None
        loop = asyncio.get_running_loop()
        wall0 = loop.time()
        sim0 = self.model.t
        step = self.config.step_s
        while not self.done:
            if math.isinf(speed):
                target = math.inf
            else:
                target = sim0 + speed * (loop.time() - wall0)
            batch = 0
            while (
                self.model.t + step <= target + 1e-9 and batch < 500 and not self.done
            ):
                self.step()
                batch += 1
            if batch >= 500:
                await asyncio.sleep(0)
                continue
            wait = (
                (self.model.t + step - target) / speed if not math.isinf(speed) else 0.0
            )
            await asyncio.sleep(min(0.5, max(0.0, wait)))
        self.finished.set()

    # --- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        """Start the servers and, unless speed is None, the clock."""
        try:
            if self.modbus is not None:
                await self.modbus.start()
            if self.mqtt is not None:
                await self.mqtt.start()
        except OSError as err:
            await self.stop()
            raise ConfigError(f"cannot listen: {err}") from err
        if self.config.speed is not None:
            self._clock = asyncio.get_running_loop().create_task(self._run_clock())

    async def stop(self) -> None:
        """Stop the clock and servers; write the truth files."""
        if self._clock is not None:
            self._clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._clock
            self._clock = None
        if self.mqtt is not None:
            await self.mqtt.stop()
        if self.modbus is not None:
            await self.modbus.stop()
        self.truth.close()

    async def __aenter__(self) -> Self:
        """Start on entering ``async with``."""
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop on leaving ``async with``."""
        await self.stop()
