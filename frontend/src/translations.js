// The card's own labels; entity states keep Home Assistant's translations.

const STRINGS = {
  en: {
    name: "Heat pump",
    description: "A live picture of a Heat Pump Monitor unit and its energy-weighted COP history.",
    live: "Live",
    history: "History",
    outdoor: "Outdoor",
    brine: "Brine",
    water_source: "Source water",
    source_in: "Source in",
    source_out: "Source out",
    flow: "Flow",
    return: "Return",
    supply_air: "Supply air",
    return_air: "Return air",
    room: "Room",
    tank: "Tank",
    pool: "Pool",
    drum: "Drum",
    radiators: "Heating",
    hot_water: "Hot water",
    compressor: "Compressor",
    compressor_on: "Running",
    compressor_off: "Off",
    reversing_valve: "Reversing valve",
    defrost: "Defrost",
    defrosting: "Defrosting: heat flows back to the outdoor coil",
    cooling: "Cooling: heat flows out of the house",
    heat_out: "Heat out",
    electricity_in: "Electricity in",
    live_cop: "COP",
    cop_last_heat_up: "COP of the last heat-up",
    cycle: "Cycle",
    water_removed: "Water removed",
    smer: "SMER",
    energy_per_cycle: "Energy per cycle",
    daily: "Daily heat and electricity (COP = Σheat / Σelectricity)",
    heat: "Heat",
    electricity: "Electricity",
    cop: "COP",
    mean_outdoor: "Mean outdoor",
    carnot: "% of Carnot",
    defrosts: "Defrosts",
    defrost_energy: "Defrost energy",
    month_cop: "COP this month",
    season_cop: "COP season to date",
    scop: "SCOP",
    scatter: "Daily COP against mean outdoor temperature",
    no_history: "No statistics yet: the recorder compiles them every hour.",
    loading: "Loading statistics…",
    history_error: "Statistics could not be read: {error}",
    pick_device: "Heat pump",
    no_devices: "No Heat Pump Monitor device found. Add the integration first.",
    no_device: "Pick a heat pump in the card's editor.",
    kind: "Kind of unit",
    kind_auto: "Automatic",
    days: "Days of daily bars",
    day: "Day",
  },
  de: {
    name: "Wärmepumpe",
    description: "Ein Live-Bild einer Heat-Pump-Monitor-Anlage und ihr energiegewichteter COP-Verlauf.",
    live: "Live",
    history: "Verlauf",
    outdoor: "Außen",
    brine: "Sole",
    water_source: "Brunnenwasser",
    source_in: "Quelle ein",
    source_out: "Quelle aus",
    flow: "Vorlauf",
    return: "Rücklauf",
    supply_air: "Zuluft",
    return_air: "Abluft",
    room: "Raum",
    tank: "Speicher",
    pool: "Pool",
    drum: "Trommel",
    radiators: "Heizung",
    hot_water: "Warmwasser",
    compressor: "Verdichter",
    compressor_on: "Läuft",
    compressor_off: "Aus",
    reversing_valve: "Umschaltventil",
    defrost: "Abtauung",
    defrosting: "Abtauung: Wärme fließt zurück zum Außenregister",
    cooling: "Kühlen: Wärme fließt aus dem Haus",
    heat_out: "Wärme ab",
    electricity_in: "Strom auf",
    live_cop: "COP",
    cop_last_heat_up: "COP der letzten Aufheizung",
    cycle: "Programm",
    water_removed: "Entzogenes Wasser",
    smer: "SMER",
    energy_per_cycle: "Energie pro Programm",
    daily: "Wärme und Strom pro Tag (COP = ΣWärme / ΣStrom)",
    heat: "Wärme",
    electricity: "Strom",
    cop: "COP",
    mean_outdoor: "Mittlere Außentemperatur",
    carnot: "% von Carnot",
    defrosts: "Abtauungen",
    defrost_energy: "Abtauenergie",
    month_cop: "COP diesen Monat",
    season_cop: "COP der Saison bisher",
    scop: "SCOP",
    scatter: "Tages-COP über mittlerer Außentemperatur",
    no_history: "Noch keine Statistiken: der Recorder erstellt sie stündlich.",
    loading: "Statistiken werden geladen…",
    history_error: "Statistiken konnten nicht gelesen werden: {error}",
    pick_device: "Wärmepumpe",
    no_devices: "Kein Heat-Pump-Monitor-Gerät gefunden. Zuerst die Integration hinzufügen.",
    no_device: "Im Editor der Karte eine Wärmepumpe wählen.",
    kind: "Art der Anlage",
    kind_auto: "Automatisch",
    days: "Tage mit Tagesbalken",
    day: "Tag",
  },
};

export const LANGUAGES = Object.keys(STRINGS);

/** The user's Home Assistant language, falling back to English. */
export function language(hass) {
  const wanted = (hass && ((hass.locale && hass.locale.language) || hass.language)) || "en";
  const base = wanted.split("-")[0];
  return STRINGS[wanted] ? wanted : STRINGS[base] ? base : "en";
}

/** A translator for one language: t("key", {placeholder: value}). */
export function translator(lang) {
  const table = STRINGS[lang] || STRINGS.en;
  return (key, params = {}) => {
    let text = table[key] ?? STRINGS.en[key] ?? key;
    for (const [name, value] of Object.entries(params)) text = text.replace(`{${name}}`, String(value));
    return text;
  };
}

export function stringKeys(lang) {
  return Object.keys(STRINGS[lang]);
}
