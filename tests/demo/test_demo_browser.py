"""``scripts/demo`` as a person uses it: start it, log in, read the dashboard, Ctrl-C.

Drives Debian's chromium through playwright (never a downloaded browser) and
saves ``artifacts/demo-dashboard.png`` for a reviewer.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "artifacts" / "demo-dashboard.png"
MARKER_ENV = "HEATPUMP_DEMO_RUN"
CARD_PATH = "/heatpump/heatpump-card.js"

READY_TIMEOUT = float(os.environ.get("HEATPUMP_DEMO_READY_TIMEOUT", "600"))
"""scripts/demo may have to build the venv first."""
COP_TIMEOUT = 180.0

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Text of an element and of every shadow root below it (HA's frontend is web
# components all the way down, so innerText sees almost nothing).
DEEP_TEXT_JS = """
(root) => {
  const walk = (node) => {
    let text = '';
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
      else if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.tagName === 'STYLE' || child.tagName === 'SCRIPT') continue;
        text += ' ' + walk(child);
        if (child.shadowRoot) text += ' ' + walk(child.shadowRoot);
      }
    }
    return text;
  };
  return walk(root.shadowRoot || root).replace(/\\s+/g, ' ').trim();
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _marked_processes(workdir: str) -> list[int]:
    """Processes whose environment carries this run's marker."""
    found = []
    needle = f"{MARKER_ENV}={workdir}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes only once reaped; report it.
    try:
        status = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return status != "Z"


class Demo:
    """scripts/demo running in its own process group."""

    def __init__(self, tmp: Path, *extra: str) -> None:
        """Start it on free ports (``extra``: more scripts/demo options)."""
        self.state_file = tmp / "demo-state.json"
        self.log = tmp / "demo.out"
        self.started = time.monotonic()
        self.port = _free_port()
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    str(REPO / "scripts" / "demo"),
                    "--port",
                    str(self.port),
                    "--modbus-port",
                    str(_free_port()),
                    "--state-file",
                    str(self.state_file),
                    *extra,
                ],
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.state: dict[str, Any] = {}

    def output(self) -> str:
        """What scripts/demo printed."""
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> dict[str, Any]:
        """Wait for the URL; fail with the demo's output if it dies."""
        deadline = self.started + READY_TIMEOUT
        while not self.state_file.exists():
            if self.process.poll() is not None:
                pytest.fail(f"scripts/demo exited early:\n{self.output()}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"scripts/demo not ready in {READY_TIMEOUT:.0f} s:\n{self.output()}"
                )
            time.sleep(0.5)
        self.state = json.loads(self.state_file.read_text())
        return self.state

    def interrupt(self) -> int:
        """Ctrl-C, as a person would; returns the exit code."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)
        try:
            return self.process.wait(120)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            pytest.fail(f"scripts/demo did not stop on Ctrl-C:\n{self.output()}")


@pytest.fixture
def demo(tmp_path: Path, socket_enabled: None) -> Iterator[Demo]:
    """A running demo, stopped (Ctrl-C) at the end whatever happens."""
    running = Demo(tmp_path)
    try:
        yield running
    finally:
        running.interrupt()


def _deep_text(page: Any, selector: str) -> list[str]:
    """Deep text of each match; [] while the page is still navigating."""
    from playwright.sync_api import Error

    try:
        return [
            str(handle.evaluate(DEEP_TEXT_JS))
            for handle in page.locator(selector).element_handles()
        ]
    except Error:
        return []


def open_dashboard(page: Any, state: dict[str, Any], selector: str) -> None:
    """Log in and wait for ``selector`` on the demo dashboard.

    A page that has not shown it after a minute is saved for a reviewer
    (``artifacts/login-timeout.png`` and ``.txt``: whether the card's bundle
    loaded, and the page's text) and reloaded once, as a
    person would press F5; a second miss fails with what the page showed.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # The card's bundle once failed to define its element on a first load
    # (HA showed "Custom element doesn't exist: heatpump-card"); what the
    # browser did with it goes into the report.
    bundle: list[str] = []
    page.on(
        "response",
        lambda r: bundle.append(f"{r.status} {r.url}") if CARD_PATH in r.url else None,
    )
    page.on(
        "requestfailed",
        lambda r: bundle.append(f"failed {r.url}") if CARD_PATH in r.url else None,
    )
    page.on("pageerror", lambda e: bundle.append(f"page error: {e}"))
    page.goto(state["url"])
    # Onboarding is done: the first page is the login form.
    page.locator("input[name=username]").fill(state["username"])
    page.locator("input[name=password]").fill(state["password"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/lovelace/heat-pump"), timeout=60_000)
    for attempt in (1, 2):
        try:
            page.locator(selector).first.wait_for(timeout=60_000)
        except PlaywrightTimeout:
            (REPO / "artifacts").mkdir(exist_ok=True)
            page.screenshot(path=str(REPO / "artifacts" / "login-timeout.png"))
            defined = page.evaluate("!!customElements.get('heatpump-card')")
            shown = " | ".join(_deep_text(page, "body"))[:2000]
            shown = f"card defined: {defined}; bundle: {bundle}; page: {shown}"
            (REPO / "artifacts" / "login-timeout.txt").write_text(shown)
            if attempt == 2:
                pytest.fail(f"no {selector} on {page.url} after a reload: {shown}")
            print(f"no {selector} on {page.url} in 60 s, reloading: {shown}")
            page.reload()
        else:
            return


def _shown(page: Any, selector: str, name: str) -> str | None:
    """What the card or row named ``name`` shows besides its name.

    Order-free: the frontend puts a row's value before or after its name.
    """
    for text in _deep_text(page, selector):
        padded = f" {text} "
        if f" {name} " in padded:
            return padded.replace(f" {name} ", " ", 1).strip()
    return None


def _number(text: str | None) -> float | None:
    match = re.search(r"-?\d+(?:[.,]\d+)?", text or "")
    return float(match.group(0).replace(",", ".")) if match else None


def _live_cop(page: Any) -> float | None:
    """The live COP the heatpump-card shows, if any."""
    from playwright.sync_api import Error

    try:
        readings = page.locator("heatpump-card .value[data-role=cop] .reading")
        return _number(readings.first.inner_text(timeout=1000))
    except Error:
        return None


@pytest.mark.timeout(900)
def test_demo_dashboard_in_chromium(
    demo: Demo, chromium: str, playwright_module: None
) -> None:
    """Log in, see a live COP, defrost and mode; Ctrl-C then leaves nothing."""
    from playwright.sync_api import sync_playwright

    state = demo.wait_ready()
    assert state["url"].startswith(f"http://127.0.0.1:{demo.port}/")
    assert f"Dashboard:  {state['url']}" in demo.output()
    assert "Login:      demo / demo-password" in demo.output()

    with (
        tempfile.TemporaryDirectory(prefix="demo-chromium.") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            page = context.new_page()
            open_dashboard(page, state, "heatpump-card")

            deadline = time.monotonic() + COP_TIMEOUT
            cop = _live_cop(page)
            while cop is None or not 1.0 < cop < 8.0:
                if time.monotonic() > deadline:
                    page.screenshot(path=str(SCREENSHOT), full_page=True)
                    pytest.fail(f"no plausible live COP in {COP_TIMEOUT:.0f} s: {cop}")
                time.sleep(1.0)
                cop = _live_cop(page)
            shown_after = time.monotonic() - demo.started

            tiles = {
                name: _shown(page, "hui-tile-card", name)
                for name in ("Mode", "Defrost", "Reversing valve")
            }
            for name, shown in tiles.items():
                assert shown is not None, f"no {name} tile on the dashboard"
                assert shown, f"the {name} tile shows no state"
                assert not re.search(
                    r"unavailable|unknown|not available", shown, re.I
                ), f"{name} tile: {shown!r}"
            assert re.fullmatch(
                r"On|Off|Running|Not running|Defrosting", str(tiles["Defrost"])
            ), tiles
            assert re.search(r"[A-Za-z]", str(tiles["Mode"])), tiles
            temperatures = _deep_text(page, "hui-history-graph-card")
            assert temperatures, "no history graph"
            assert "flow" in temperatures[0].lower()
            assert "outdoor" in temperatures[0].lower()

            # Today's figures fill after a few polls; then keep a picture.
            deadline = time.monotonic() + COP_TIMEOUT
            while _number(_shown(page, "hui-sensor-entity-row", "COP today")) is None:
                if time.monotonic() > deadline:
                    rows = _deep_text(page, "hui-entities-card")
                    pytest.fail(f"COP today never showed: {rows}")
                time.sleep(1.0)
            time.sleep(3)  # let the charts draw
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            context.close()

    print(
        f"\ndemo: ready after {state['ready_s']:.0f} s, live COP {cop} on the "
        f"dashboard {shown_after:.0f} s after scripts/demo started; {SCREENSHOT}"
    )
    log = Path(state["config_dir"], "home-assistant.log").read_text(errors="replace")
    assert "Attempting install of" not in log, (
        "Home Assistant installed packages at start"
    )

    pids = list(state["pids"].values())
    assert demo.interrupt() == 0, demo.output()
    assert "nothing left running" in demo.output()
    deadline = time.monotonic() + 10
    while left := [p for p in pids if _alive(p)] + _marked_processes(state["workdir"]):
        if time.monotonic() > deadline:
            pytest.fail(f"processes left after Ctrl-C: {left}")
        time.sleep(0.2)
    assert not Path(state["workdir"]).exists(), (
        "the throwaway config dir was not removed"
    )


@pytest.mark.timeout(600)
def test_card_defined_when_its_bundle_runs_before_the_app(
    demo: Demo, chromium: str, playwright_module: None
) -> None:
    """The card shows even when its bundle runs before Home Assistant's app.

    The app replaces ``window.customElements`` with a scoped-registry polyfill;
    a card defined before that was lost to Lovelace ("Custom element doesn't
    exist") until a reload.  Holding back the app's script forces that order.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    state = demo.wait_ready()
    with (
        tempfile.TemporaryDirectory(prefix="demo-chromium.") as profile,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = context.new_page()
            page.goto(state["url"])
            page.locator("input[name=username]").fill(state["username"])
            page.locator("input[name=password]").fill(state["password"])

            def hold_back(route: Any) -> None:
                time.sleep(1.5)
                route.continue_()

            page.route(re.compile(r".*/frontend_latest/app\.[0-9a-f]+\.js"), hold_back)
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r".*/lovelace/heat-pump"), timeout=60_000)
            try:
                page.locator("heatpump-card").first.wait_for(timeout=30_000)
            except PlaywrightTimeout:
                shown = " | ".join(_deep_text(page, "body"))[:1000]
                pytest.fail(f"no heatpump-card without a reload: {shown}")
            assert page.evaluate("!!customElements.get('heatpump-card')")
        finally:
            context.close()
