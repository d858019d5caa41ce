"""The browser test runs only when asked for, and never skips.

``test_demo_browser.py`` starts the whole demo (Home Assistant, the simulator)
and drives Debian's chromium, so a plain ``scripts/test`` run leaves it out: it
is deselected, and the summary says so and how to run it.  Asked for
explicitly (``python -m pytest tests/demo``, as ``.ci/run`` does, or with
HEATPUMP_DEMO_TEST=1), it fails loudly when chromium or playwright is missing.
The demo's fast tests (``test_demo_config.py``) always run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from _pytest.terminal import TerminalReporter

HERE = Path(__file__).resolve().parent
BROWSER_TESTS = (HERE / "test_demo_browser.py", HERE / "test_card_browser.py")
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def _asked_for(config: pytest.Config) -> bool:
    if os.environ.get("HEATPUMP_DEMO_TEST") == "1":
        return True
    for arg in config.args:
        path = Path(arg.split("::", 1)[0])
        if not path.is_absolute():
            path = Path(config.invocation_params.dir) / path
        try:
            path.resolve().relative_to(HERE)
        except ValueError:
            continue
        return True
    return False


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Leave the browser test out of runs that did not ask for it."""
    if _asked_for(config):
        return
    mine = [item for item in items if Path(str(item.path)).resolve() in BROWSER_TESTS]
    if not mine:
        return
    config.hook.pytest_deselected(items=mine)
    items[:] = [item for item in items if item not in mine]
    config.stash[_DESELECTED] = len(mine)


_DESELECTED = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    """Say that the browser test was left out, and how to run it."""
    count = terminalreporter.config.stash.get(_DESELECTED, 0)
    if count:
        terminalreporter.write_line(
            f"tests/demo: {count} browser test(s) deselected; run them with "
            "'scripts/demo --setup-only && .venv/bin/python -m pytest tests/demo' "
            "(.ci/run does, after installing chromium)",
            yellow=True,
        )


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; fails (never skips) when it is missing."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail(
        "The demo browser test needs Debian's chromium: apt-get install chromium "
        "(.ci/run installs it when missing)."
    )


@pytest.fixture(scope="session")
def playwright_module() -> None:
    """The playwright package (requirements/demo.txt); fails when missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail(
            "The demo browser test needs playwright: scripts/demo --setup-only "
            "installs requirements/demo.txt into the venv."
        )
