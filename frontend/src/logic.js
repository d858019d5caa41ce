// The card's logic, free of Lit and the DOM so node's test runner covers it.

export const DOMAIN = "heatpump";

/** What the card shows -> the entity's "<domain>.<translation key>" in our registry. */
export const ROLES = {
  cop: "sensor.cop",
  heat_power: "sensor.heat_power",
  electrical_power: "sensor.electrical_power",
  heat_energy: "sensor.heat_energy",
  electrical_energy: "sensor.electrical_energy",
  operating_mode: "sensor.operating_mode",
  cop_today: "sensor.cop_today",
  scop: "sensor.scop",
  carnot_cop: "sensor.carnot_cop",
  defrost_count: "sensor.defrost_count",
  defrost_energy_today: "sensor.defrost_energy_today",
  cop_per_cycle: "sensor.cop_per_cycle",
  smer: "sensor.smer",
  energy_per_cycle: "sensor.energy_per_cycle",
  defrost: "binary_sensor.defrost",
  compressor_running: "binary_sensor.compressor_running",
  reversing_valve: "binary_sensor.reversing_valve",
  outdoor: "sensor.point_outdoor_temperature",
  flow: "sensor.point_flow_temperature",
  return: "sensor.point_return_temperature",
  source_in: "sensor.point_source_in_temperature",
  source_out: "sensor.point_source_out_temperature",
  supply_air: "sensor.point_supply_air_temperature",
  return_air: "sensor.point_return_air_temperature",
  room: "sensor.point_room_temperature",
  dhw: "sensor.point_dhw_temperature",
  pool: "sensor.point_pool_temperature",
  compressor_frequency: "sensor.point_compressor_frequency",
  compressor_modulation: "sensor.point_compressor_modulation",
  water_removed: "sensor.point_water_removed",
  dryer_state: "sensor.point_dryer_state",
};

/** The unit reports these itself (as a sensor or, when writable, a switch). */
const REPORTED_DEFROST = "point_defrost_active";
const REPORTED_VALVE = "point_reversing_valve";
/** Air-source kinds defrost whether or not they report it (the engine infers it). */
const DEFROSTING_KINDS = new Set(["air_to_water", "air_to_air", "water_heater", "pool"]);

export const KINDS = [
  "air_to_water",
  "air_to_air",
  "ground_source",
  "water_source",
  "water_heater",
  "pool",
  "dryer",
];

/** Heat Pump Monitor devices: those that carry at least one of our entities. */
export function heatpumpDevices(hass) {
  const ids = new Set();
  for (const entity of Object.values(hass.entities || {})) {
    if (entity.platform === DOMAIN && entity.device_id) ids.add(entity.device_id);
  }
  return [...ids]
    .map((id) => ({ id, name: deviceName(hass, id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function deviceName(hass, deviceId) {
  const device = (hass.devices || {})[deviceId];
  return (device && (device.name_by_user || device.name)) || deviceId;
}

/** "<domain>.<translation key>" -> entity id, for one device's entities. */
export function entitiesByKey(hass, deviceId) {
  const found = {};
  for (const entity of Object.values(hass.entities || {})) {
    if (entity.platform !== DOMAIN || entity.device_id !== deviceId) continue;
    if (!entity.translation_key) continue;
    const domain = entity.entity_id.split(".", 1)[0];
    found[`${domain}.${entity.translation_key}`] = entity.entity_id;
  }
  return found;
}

/** role -> entity id for the roles this device has. */
export function discover(hass, deviceId) {
  const byKey = entitiesByKey(hass, deviceId);
  const roles = {};
  for (const [role, key] of Object.entries(ROLES)) {
    if (byKey[key]) roles[role] = byKey[key];
  }
  return { roles, keys: new Set(Object.keys(byKey).map((k) => k.split(".")[1])) };
}

/** The kind of unit, from the translation keys its entities carry. */
export function inferKind(keys) {
  if (keys.has("smer") || keys.has("energy_per_cycle")) return "dryer";
  if (keys.has("cop_per_cycle") || keys.has("standing_loss")) return "water_heater";
  if (keys.has("heat_energy_pool")) return "pool";
  if (keys.has("point_source_in_temperature") || keys.has("point_source_out_temperature"))
    return "ground_source";
  if (keys.has("heat_energy_heating") && !keys.has("heat_energy_dhw")) return "air_to_air";
  return "air_to_water";
}

/** What the picture of this unit draws. */
export function features(kind, keys) {
  const hasDefrost = keys.has(REPORTED_DEFROST) || DEFROSTING_KINDS.has(kind);
  return {
    kind,
    source: { ground_source: "ground", water_source: "water", dryer: "drum" }[kind] || "air",
    sink: {
      air_to_water: "radiators",
      ground_source: "radiators",
      water_source: "radiators",
      air_to_air: "room",
      water_heater: "tank",
      pool: "pool",
      dryer: "drum",
    }[kind],
    defrost: hasDefrost,
    reversingValve: keys.has(REPORTED_VALVE),
    dhw: keys.has("point_dhw_temperature") && kind !== "water_heater",
    cop: kind !== "dryer",
    dryer: kind === "dryer",
  };
}

/** Which way heat moves: forward (to the house), reversed (out of it), or none. */
export function heatFlow(mode, defrosting) {
  if (defrosting || mode === "defrost") return { direction: "reversed", defrost: true };
  if (mode === "cooling") return { direction: "reversed", defrost: false };
  if (!mode || mode === "off" || mode === "standby" || mode === "unknown" || mode === "unavailable")
    return { direction: "none", defrost: false };
  return { direction: "forward", defrost: false };
}

/** A state as a number, or null for unknown/unavailable/missing. */
export function numeric(stateObj) {
  if (!stateObj) return null;
  const value = Number.parseFloat(stateObj.state);
  return Number.isFinite(value) ? value : null;
}

const DAY_MS = 86_400_000;

function byStart(rows, field) {
  const map = new Map();
  for (const row of rows || []) {
    const value = row[field];
    if (value === null || value === undefined) continue;
    map.set(toMs(row.start), value);
  }
  return map;
}

function toMs(start) {
  return typeof start === "number" ? start : Date.parse(start);
}

/**
 * One row per day from `recorder/statistics_during_period` (period "day",
 * types change and mean): heat and electricity are the day's change of the
 * kWh sums, so a day's COP is Σheat / Σelectricity the way heatpumpmonitor.org
 * computes it, never an average of ratios.
 */
export function dailyRows(stats, roles) {
  const heat = byStart(stats[roles.heat_energy], "change");
  const elec = byStart(stats[roles.electrical_energy], "change");
  const outdoor = byStart(stats[roles.outdoor], "mean");
  const carnot = byStart(stats[roles.carnot_cop], "mean");
  const defrosts = byStart(stats[roles.defrost_count], "change");
  const defrostEnergy = byStart(stats[roles.defrost_energy_today], "change");
  const starts = [...new Set([...heat.keys(), ...elec.keys()])].sort((a, b) => a - b);
  return starts.map((start) => {
    const h = heat.has(start) ? heat.get(start) : null;
    const e = elec.has(start) ? elec.get(start) : null;
    const cop = dayCop(h, e);
    const carnotCop = carnot.has(start) ? carnot.get(start) : null;
    return {
      start,
      heat: h,
      electricity: e,
      cop,
      outdoor: outdoor.has(start) ? outdoor.get(start) : null,
      carnotPercent: cop !== null && carnotCop ? (100 * cop) / carnotCop : null,
      defrosts: defrosts.has(start) ? defrosts.get(start) : null,
      defrostEnergy: defrostEnergy.has(start) ? defrostEnergy.get(start) : null,
    };
  });
}

/** Σheat / Σelectricity; null when no electricity was used. */
export function dayCop(heat, electricity) {
  if (heat === null || electricity === null || !(electricity > 0)) return null;
  return heat / electricity;
}

/** Energy-weighted COP of the days starting at or after `fromMs`. */
export function periodCop(rows, fromMs, toMs = Infinity) {
  let heat = 0;
  let electricity = 0;
  for (const row of rows) {
    if (row.start < fromMs || row.start >= toMs) continue;
    if (row.heat === null || row.electricity === null) continue;
    heat += row.heat;
    electricity += row.electricity;
  }
  return electricity > 0 ? { cop: heat / electricity, heat, electricity } : null;
}

/** Local midnight of the first of this month. */
export function monthStart(now) {
  return new Date(now.getFullYear(), now.getMonth(), 1).getTime();
}

/** The heating season runs September to August (as the integration's SCOP). */
export function seasonStart(now) {
  const year = now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1;
  return new Date(year, 8, 1).getTime();
}

/** The window the history view asks the recorder for. */
export function historyWindow(now, days) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const start = Math.min(seasonStart(now), today - (days - 1) * DAY_MS);
  return { start: new Date(start), end: new Date(today + DAY_MS) };
}

/** Statistic ids the history view needs (those the device has). */
export function historyIds(roles) {
  return ["heat_energy", "electrical_energy", "outdoor", "carnot_cop", "defrost_count", "defrost_energy_today"]
    .map((role) => roles[role])
    .filter(Boolean);
}

/** Points of the COP-against-outdoor-temperature scatter. */
export function scatterPoints(rows) {
  return rows
    .filter((row) => row.cop !== null && row.outdoor !== null)
    .map((row) => ({ x: row.outdoor, y: row.cop, start: row.start }));
}

/** Linear scale helper for the SVG charts. */
export function scale(domainMin, domainMax, rangeMin, rangeMax) {
  const span = domainMax - domainMin || 1;
  return (value) => rangeMin + ((value - domainMin) / span) * (rangeMax - rangeMin);
}
