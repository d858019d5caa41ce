import assert from "node:assert/strict";
import { test } from "node:test";
import {
  dailyRows,
  dayCop,
  discover,
  features,
  heatFlow,
  heatpumpDevices,
  historyIds,
  inferKind,
  periodCop,
  seasonStart,
} from "../src/logic.js";

const DAY = 86_400_000;

/** A frontend `hass` with one heat pump device and an unrelated one. */
function fakeHass(translationKeys, { deviceId = "dev1" } = {}) {
  const entities = {};
  for (const key of translationKeys) {
    const [domain, tk] = key.split(".");
    const entityId = `${domain}.heat_pump_${tk}_renamed`;
    entities[entityId] = { entity_id: entityId, device_id: deviceId, platform: "heatpump", translation_key: tk };
  }
  entities["sensor.other_cop"] = { entity_id: "sensor.other_cop", device_id: "dev2", platform: "other", translation_key: "cop" };
  entities["sensor.untranslated"] = { entity_id: "sensor.untranslated", device_id: deviceId, platform: "heatpump" };
  return {
    entities,
    devices: { dev1: { name: "Heat pump", name_by_user: null }, dev2: { name: "Another" } },
    states: {},
  };
}

const AIR_TO_WATER = [
  "sensor.cop", "sensor.heat_energy", "sensor.electrical_energy", "sensor.heat_energy_heating",
  "sensor.heat_energy_dhw", "sensor.point_outdoor_temperature", "sensor.point_flow_temperature",
  "binary_sensor.defrost", "binary_sensor.reversing_valve", "binary_sensor.point_reversing_valve",
  "binary_sensor.point_defrost_active", "sensor.point_dhw_temperature",
];
const GROUND = [
  "sensor.cop", "sensor.heat_energy_heating", "sensor.heat_energy_dhw", "sensor.point_source_in_temperature",
  "sensor.point_source_out_temperature", "binary_sensor.defrost", "binary_sensor.reversing_valve",
];
const WATER_HEATER = ["sensor.cop", "sensor.cop_per_cycle", "sensor.standing_loss", "sensor.heat_energy_dhw", "binary_sensor.point_defrost_active"];
const DRYER = ["sensor.cop", "sensor.smer", "sensor.energy_per_cycle", "binary_sensor.defrost", "sensor.point_water_removed"];
const AIR_TO_AIR = ["sensor.cop", "sensor.heat_energy_heating", "sensor.point_supply_air_temperature", "binary_sensor.point_reversing_valve"];
const POOL = ["sensor.cop", "sensor.heat_energy_pool", "sensor.point_pool_temperature"];

test("entities are found by translation key on the chosen device, whatever their ids", () => {
  const { roles } = discover(fakeHass(AIR_TO_WATER), "dev1");
  assert.equal(roles.cop, "sensor.heat_pump_cop_renamed");
  assert.equal(roles.flow, "sensor.heat_pump_point_flow_temperature_renamed");
  assert.equal(roles.reversing_valve, "binary_sensor.heat_pump_reversing_valve_renamed");
  assert.equal(roles.source_in, undefined);
  assert.ok(!Object.values(roles).includes("sensor.other_cop"));
  assert.deepEqual(discover(fakeHass(AIR_TO_WATER), "dev2").roles, {});
});

test("the editor lists only devices that carry heatpump entities", () => {
  assert.deepEqual(heatpumpDevices(fakeHass(AIR_TO_WATER)), [{ id: "dev1", name: "Heat pump" }]);
  const renamed = fakeHass(AIR_TO_WATER);
  renamed.devices.dev1.name_by_user = "Cellar";
  assert.deepEqual(heatpumpDevices(renamed), [{ id: "dev1", name: "Cellar" }]);
});

test("the kind follows from the translation keys", () => {
  const kindOf = (keys) => inferKind(discover(fakeHass(keys), "dev1").keys);
  assert.equal(kindOf(AIR_TO_WATER), "air_to_water");
  assert.equal(kindOf(GROUND), "ground_source");
  assert.equal(kindOf(WATER_HEATER), "water_heater");
  assert.equal(kindOf(DRYER), "dryer");
  assert.equal(kindOf(AIR_TO_AIR), "air_to_air");
  assert.equal(kindOf(POOL), "pool");
});

test("the picture adapts: no defrost or valve where the unit has neither", () => {
  const of = (keys) => {
    const { keys: found } = discover(fakeHass(keys), "dev1");
    return features(inferKind(found), found);
  };
  const a2w = of(AIR_TO_WATER);
  assert.deepEqual([a2w.source, a2w.sink, a2w.defrost, a2w.reversingValve, a2w.dhw], ["air", "radiators", true, true, true]);
  const ground = of(GROUND);
  // The engine's computed defrost and valve sensors exist for every kind; a brine unit has neither.
  assert.deepEqual([ground.source, ground.defrost, ground.reversingValve], ["ground", false, false]);
  const heater = of(WATER_HEATER);
  assert.deepEqual([heater.sink, heater.defrost, heater.reversingValve, heater.dhw], ["tank", true, false, false]);
  const dryer = of(DRYER);
  assert.deepEqual([dryer.sink, dryer.defrost, dryer.cop, dryer.dryer], ["drum", false, false, true]);
  assert.equal(of(AIR_TO_AIR).sink, "room");
  assert.equal(of(POOL).sink, "pool");
});

test("heat flows to the house, out of it in cooling, and back during defrost", () => {
  assert.deepEqual(heatFlow("heating", false), { direction: "forward", defrost: false });
  assert.deepEqual(heatFlow("dhw", false), { direction: "forward", defrost: false });
  assert.deepEqual(heatFlow("heating", true), { direction: "reversed", defrost: true });
  assert.deepEqual(heatFlow("defrost", false), { direction: "reversed", defrost: true });
  assert.deepEqual(heatFlow("cooling", false), { direction: "reversed", defrost: false });
  assert.deepEqual(heatFlow("standby", false), { direction: "none", defrost: false });
  assert.deepEqual(heatFlow(undefined, false), { direction: "none", defrost: false });
});

const ROLES = {
  heat_energy: "sensor.heat",
  electrical_energy: "sensor.elec",
  outdoor: "sensor.outdoor",
  carnot_cop: "sensor.carnot",
  defrost_count: "sensor.defrosts",
  defrost_energy_today: "sensor.defrost_energy",
};

test("a day's COP is Σheat / Σelectricity from the statistics' change, not a mean of ratios", () => {
  const d0 = Date.UTC(2025, 0, 10);
  const stats = {
    "sensor.heat": [
      { start: d0, end: d0 + DAY, change: 30 },
      { start: d0 + DAY, end: d0 + 2 * DAY, change: 12 },
      { start: d0 + 3 * DAY, end: d0 + 4 * DAY, change: 5 },
    ],
    "sensor.elec": [
      { start: d0, end: d0 + DAY, change: 10 },
      { start: d0 + DAY, end: d0 + 2 * DAY, change: 3 },
      { start: d0 + 3 * DAY, end: d0 + 4 * DAY, change: 0 },
    ],
    "sensor.outdoor": [{ start: d0, end: d0 + DAY, mean: -2.5 }],
    "sensor.carnot": [{ start: d0, end: d0 + DAY, mean: 6 }],
    "sensor.defrosts": [{ start: d0, end: d0 + DAY, change: 7 }],
    "sensor.defrost_energy": [{ start: d0, end: d0 + DAY, change: 0.8 }],
  };
  const rows = dailyRows(stats, ROLES);
  assert.equal(rows.length, 3, "a day missing from the statistics stays missing");
  assert.equal(rows[0].cop, 3);
  assert.equal(rows[0].outdoor, -2.5);
  assert.equal(rows[0].carnotPercent, 50);
  assert.equal(rows[0].defrosts, 7);
  assert.equal(rows[0].defrostEnergy, 0.8);
  assert.equal(rows[1].cop, 4);
  assert.equal(rows[1].outdoor, null);
  assert.equal(rows[2].cop, null, "no electricity, no COP");
  // Days at COP 3 and 4: the period COP weighs them by energy (42/13), not (3+4)/2.
  const period = periodCop(rows, d0, d0 + 2 * DAY);
  assert.equal(period.cop, 42 / 13);
  assert.notEqual(period.cop, 3.5);
  assert.equal(periodCop(rows, d0).cop, 47 / 13, "every kWh counts, even on a day without a COP");
  assert.equal(periodCop(rows, d0 + DAY).cop, 17 / 3);
  assert.equal(periodCop([], d0), null);
});

test("ISO start times (older recorders) are read too", () => {
  const stats = {
    "sensor.heat": [{ start: "2025-01-10T00:00:00+00:00", change: 9 }],
    "sensor.elec": [{ start: "2025-01-10T00:00:00+00:00", change: 3 }],
  };
  const [row] = dailyRows(stats, ROLES);
  assert.equal(row.start, Date.UTC(2025, 0, 10));
  assert.equal(row.cop, 3);
});

test("the heating season starts on the 1st of September", () => {
  assert.equal(seasonStart(new Date(2025, 0, 15)), new Date(2024, 8, 1).getTime());
  assert.equal(seasonStart(new Date(2025, 8, 1)), new Date(2025, 8, 1).getTime());
  assert.equal(seasonStart(new Date(2025, 7, 31)), new Date(2024, 8, 1).getTime());
});

test("only statistics the device has are asked for", () => {
  assert.deepEqual(historyIds({ heat_energy: "sensor.h", electrical_energy: "sensor.e", cop: "sensor.c" }), ["sensor.h", "sensor.e"]);
});
