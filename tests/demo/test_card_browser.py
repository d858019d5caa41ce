"""The heatpump-card in the demo, per kind, in Debian's chromium.

For air-to-water, ground source, water heater and dryer: the card renders
with live values equal to the entity states; in a defrost the picture shows
the reversed flow (air-to-water: the simulated water heater draws indoor air
and never defrosts; ground source and dryer show no defrost and no valve); the
history view shows each seeded day's COP = Σheat / Σelectricity; the editor
finds the device; the console stays clean.  Screenshots:
``artifacts/heatpump-card-<kind>.png``.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from demo.hass_api import HassSocket
from tests.demo.test_demo_browser import CHROMIUM_ARGS, REPO, Demo, open_dashboard

DEFROST_TIMEOUT = 300.0
SEEDED_DAYS = 4

CARD_VALUES_JS = """
() => {
  const card = [...document.querySelectorAll('*')].length && (function find(root) {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'HEATPUMP-CARD') return el;
      if (el.shadowRoot) { const f = find(el.shadowRoot); if (f) return f; }
    }
    return null;
  })(document);
  if (!card || !card.shadowRoot) return null;
  const hass = document.querySelector('home-assistant').hass;
  const svg = card.shadowRoot.querySelector('svg.picture');
  return {
    kind: card.shadowRoot.querySelector('ha-card')?.dataset.kind,
    flow: svg?.dataset.flow, defrost: svg?.dataset.defrost,
    valve: !!card.shadowRoot.querySelector('[data-valve]'),
    banner: card.shadowRoot.querySelector('[data-banner]')?.dataset.banner || null,
    values: [...card.shadowRoot.querySelectorAll('.value[data-entity]')].map((el) => ({
      role: el.dataset.role, entity: el.dataset.entity, shown: el.dataset.state,
      text: el.querySelector('.reading').textContent,
      state: hass.states[el.dataset.entity]?.state,
      formatted: hass.formatEntityState
        ? hass.formatEntityState(hass.states[el.dataset.entity]) : null,
    })),
  };
}
"""

EDITOR_JS = """
async () => {
  const hass = document.querySelector('home-assistant').hass;
  const editor = await customElements.get('heatpump-card').getConfigElement();
  editor.hass = hass;
  editor.setConfig({type: 'custom:heatpump-card'});
  document.body.append(editor);
  await editor.updateComplete;
  const select = 'select[name=device_id] option';
  const options = [...editor.shadowRoot.querySelectorAll(select)]
    .map((o) => ({value: o.value, text: o.textContent}));
  editor.remove();
  return options;
}
"""


def _seed_statistics(
    state: dict[str, Any], heat_id: str, elec_id: str
) -> dict[str, float]:
    """Import a few past days of hourly sums; return the COP of each whole day."""

    async def run() -> dict[str, float]:
        async with HassSocket(state["base_url"], state["token"]) as hass:
            config = await hass.call("get_config")
            zone = ZoneInfo(config["time_zone"])
            today = datetime.now(zone).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            first = today - timedelta(days=SEEDED_DAYS + 2)
            hours = []
            at = first
            while at < today - timedelta(days=1):
                hours.append(at)
                at = (at + timedelta(hours=1)).astimezone(zone)
            heat, elec = [], []
            totals = [0.0, 0.0]
            per_day: dict[str, list[float]] = {}
            for index, hour in enumerate(hours):
                h = 2.0 + (index % 7) * 0.4
                e = h / (2.5 + (index % 5) * 0.3)
                totals[0] += h
                totals[1] += e
                heat.append({"start": hour.isoformat(), "sum": totals[0]})
                elec.append({"start": hour.isoformat(), "sum": totals[1]})
                if hour.date() != first.date():  # the first day has no hour before it
                    day = per_day.setdefault(hour.date().isoformat(), [0.0, 0.0])
                    day[0] += h
                    day[1] += e
            for statistic_id, stats in ((heat_id, heat), (elec_id, elec)):
                await hass.call(
                    "recorder/import_statistics",
                    metadata={
                        "has_mean": False,
                        "has_sum": True,
                        "name": None,
                        "source": "recorder",
                        "statistic_id": statistic_id,
                        "unit_of_measurement": "kWh",
                    },
                    stats=stats,
                )
            return {day: h / e for day, (h, e) in per_day.items()}

    # playwright's sync API runs a loop in this thread: use another one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()


def _card(page: Any) -> dict[str, Any]:
    result = page.evaluate(CARD_VALUES_JS)
    assert result is not None, "no heatpump-card on the page"
    return dict(result)


@pytest.mark.timeout(1200)
@pytest.mark.parametrize(
    "kind", ["air_to_water", "ground_source", "water_heater", "dryer"]
)
def test_card_per_kind(
    kind: str,
    tmp_path: Path,
    socket_enabled: None,
    chromium: str,
    playwright_module: None,
) -> None:
    """Live values, defrost, history, editor, console: as a homeowner sees it."""
    from playwright.sync_api import sync_playwright

    demo = Demo(tmp_path, "--kind", kind, "--speed", "120")
    try:
        state = demo.wait_ready()
        errors: list[str] = []
        with (
            tempfile.TemporaryDirectory(prefix="card-chromium.") as profile,
            sync_playwright() as playwright,
        ):
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=chromium,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1280, "height": 1100},
            )
            try:
                page = context.new_page()
                page.on(
                    "console",
                    lambda m: errors.append(m.text) if m.type == "error" else None,
                )
                page.on("pageerror", lambda e: errors.append(str(e)))
                open_dashboard(page, state, "heatpump-card svg.picture")

                # Live values equal the entity states (read in one go).
                deadline = time.monotonic() + 120
                while True:
                    card = _card(page)
                    numbers = [
                        v for v in card["values"] if re.match(r"-?\d", v["state"] or "")
                    ]
                    if len(numbers) >= 3 or time.monotonic() > deadline:
                        break
                    time.sleep(1)
                assert card["kind"] == kind.replace("water_source", "ground_source")
                assert len(numbers) >= 3, card
                for value in card["values"]:
                    assert value["shown"] == value["state"], value
                    if value["formatted"] is not None:
                        assert value["text"] == value["formatted"], value
                roles = {v["role"] for v in card["values"]}
                if kind == "ground_source":
                    assert {"source_in", "source_out", "flow", "return"} <= roles, roles
                if kind == "dryer":
                    assert "cop" not in roles, roles
                    assert "smer" in roles, roles
                if kind == "water_heater":
                    assert "cop_per_cycle" in roles, roles
                    assert "dhw" in roles, roles

                # Defrost turns the flow round; without one: no defrost, no valve.
                if kind == "water_heater":
                    # It reports defrost, but the simulated one draws indoor
                    # air and never frosts: the flag is shown, and stays off.
                    assert "defrost" in roles
                    assert card["defrost"] == "off"
                    assert not card["valve"]
                if kind == "air_to_water":
                    assert "defrost" in roles
                    deadline = time.monotonic() + DEFROST_TIMEOUT
                    while not any(
                        v["role"] == "defrost" and v["state"] == "on"
                        for v in card["values"]
                    ):
                        assert time.monotonic() < deadline, (
                            f"no defrost in {DEFROST_TIMEOUT:.0f} s"
                        )
                        time.sleep(0.5)
                        card = _card(page)
                    assert card["flow"] == "reversed", card
                    assert card["defrost"] == "on", card
                    assert card["banner"] == "defrost"
                    page.locator("heatpump-card").first.screenshot(
                        path=str(
                            REPO / "artifacts" / f"heatpump-card-{kind}-defrost.png"
                        )
                    )
                elif kind in ("ground_source", "dryer"):
                    assert "defrost" not in roles, roles
                    assert "reversing_valve" not in roles, roles
                    assert not card["valve"]
                    assert card["defrost"] == "off"

                # History: seeded days show Σheat / Σelectricity.
                heat_id = next(
                    v["entity"]
                    for v in card["values"]
                    if v["role"] in ("heat_power", "electrical_power")
                )
                prefix = heat_id.split(".", 1)[1].rsplit("_", 2)[0]
                expected = _seed_statistics(
                    state,
                    f"sensor.{prefix}_heat_energy",
                    f"sensor.{prefix}_electrical_energy",
                )
                cards = page.locator("heatpump-card")
                history = cards.nth(1)
                history.locator("button[data-view=history]").click()
                history.locator("tr.day-row").first.wait_for(timeout=60_000)
                rows = history.locator("tr.day-row")
                shown = {}
                for index in range(rows.count()):
                    row = rows.nth(index)
                    start = int(row.get_attribute("data-start") or 0)
                    cop = row.get_attribute("data-cop")
                    shown[start] = float(cop) if cop else None
                matched = 0
                zone = ZoneInfo(
                    page.evaluate(
                        "document.querySelector('home-assistant').hass.config.time_zone"
                    )
                )
                for start, cop in shown.items():
                    day = datetime.fromtimestamp(start / 1000, zone).date().isoformat()
                    if day in expected:
                        if kind == "dryer":
                            # No heat energy entity (a dryer has SMER): no COP.
                            assert cop is None, (day, cop)
                        else:
                            assert cop == pytest.approx(expected[day], rel=1e-6), (
                                day,
                                cop,
                            )
                        matched += 1
                assert matched >= SEEDED_DAYS - 1, (shown, expected)
                history.scroll_into_view_if_needed()

                # The editor finds the device.
                options = page.evaluate(EDITOR_JS)
                assert [o for o in options if o["value"]], options

                page.locator("heatpump-card").first.scroll_into_view_if_needed()
                time.sleep(1)
                (REPO / "artifacts").mkdir(exist_ok=True)
                page.screenshot(
                    path=str(REPO / "artifacts" / f"heatpump-card-{kind}.png"),
                    full_page=True,
                )
            finally:
                context.close()
        assert not errors, errors
    finally:
        assert demo.interrupt() == 0, demo.output()
