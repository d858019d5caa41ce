"""The command line: help, argument errors, a headless run, faults on stdin, SIGTERM."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pymodbus.client import AsyncModbusTcpClient

from heatpump_sim.cli import main

from .conftest import free_port, unit

ROOT = Path(__file__).parents[2]


def _cli(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "heatpump_sim", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_help() -> None:
    """--help explains the options."""
    result = _cli("--help")
    assert result.returncode == 0
    for option in (
        "--kind",
        "--modbus",
        "--mqtt",
        "--speed",
        "--weather",
        "--truth",
        "--fault",
    ):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--modbus", "5020"], "HOST:PORT"),
        (["--modbus", "127.0.0.1:99999"], "port out of range"),
        (["--kind", "toaster", "--duration", "1h"], "invalid choice"),
        (["--speed", "-3", "--duration", "1h"], "speed must be > 0"),
        (["--weather", "csv:/no/such.csv", "--duration", "1h"], "no such file"),
        (["--weather", "monsoon", "--duration", "1h"], "winter"),
        (["--duration", "a week"], "expected e.g."),
        ([], "nothing to do"),
        (["--duration", "1h", "--profile", "no_such_profile"], "unknown profile"),
        (
            ["--modbus", "127.0.0.1:0", "--profile", "generic_mqtt_air_to_water"],
            "not being served",
        ),
        (["--duration", "1h", "--fault", "explode"], "unknown fault"),
    ],
)
def test_bad_arguments(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad arguments exit 2 with a message naming the problem."""
    with pytest.raises(SystemExit) as exit_info:
        main([*args, "--no-console"])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_headless_run_writes_truth(tmp_path: Path) -> None:
    """A day at full speed writes the JSON truth and prints the totals."""
    truth = tmp_path / "day.json"
    result = _cli(
        "--duration",
        "1d",
        "--speed",
        "max",
        "--truth",
        str(truth),
        "--no-console",
        "--seed",
        "5",
        "--log-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout.strip().splitlines()[-1])
    data = json.loads(truth.read_text())
    assert data["summary"]["totals"]["seconds"] == 86400.0
    assert printed["cop"] == pytest.approx(data["summary"]["cop"], abs=1e-3)
    assert len(data["intervals"]) == 1440


@pytest.mark.usefixtures("socket_enabled")
async def test_server_console_faults_and_sigterm(tmp_path: Path) -> None:
    """Serve Modbus, switch a fault from stdin, stop cleanly on SIGTERM."""
    port = free_port()
    truth = tmp_path / "run.csv"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "heatpump_sim",
        "--modbus",
        f"127.0.0.1:{port}",
        "--speed",
        "3600",
        "--truth",
        str(truth),
        "--log-level",
        "WARNING",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=1, retries=0)
    try:
        for _ in range(200):
            if await client.connect():
                break
            await asyncio.sleep(0.1)
        rr = await client.read_input_registers(0, count=3, **unit())
        assert not rr.isError()
        assert process.stdin is not None
        process.stdin.write(b"exception=4\n")
        await process.stdin.drain()
        for _ in range(200):
            rr = await client.read_input_registers(0, count=1, **unit())
            if rr.isError() and rr.exception_code == 4:
                break
            await asyncio.sleep(0.05)
        assert rr.exception_code == 4
    finally:
        client.close()
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 15)
    assert process.returncode == 0, err.decode()
    assert json.loads(out.decode().strip().splitlines()[-1])["simulated_h"] > 0
    assert truth.exists()
    assert len(truth.read_text().splitlines()) > 2
