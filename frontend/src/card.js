// <heatpump-card>: a live picture of the unit and its energy-weighted history.
import { LitElement, css, html } from "lit";
import { historyView } from "./history.js";
import {
  dailyRows,
  discover,
  features,
  heatFlow,
  heatpumpDevices,
  historyIds,
  historyWindow,
  inferKind,
  monthStart,
  periodCop,
  seasonStart,
} from "./logic.js";
import { picture } from "./picture.js";
import { language, translator } from "./translations.js";

const HISTORY_REFRESH_MS = 15 * 60 * 1000;

export class HeatpumpCard extends LitElement {
  static properties = {
    hass: { attribute: false },
    _config: { state: true },
    _view: { state: true },
    _history: { state: true },
  };

  static async getConfigElement() {
    await import("./editor.js");
    return document.createElement("heatpump-card-editor");
  }

  static getStubConfig(hass) {
    const [first] = heatpumpDevices(hass);
    return { device_id: first ? first.id : "" };
  }

  setConfig(config) {
    if (!config) throw new Error("heatpump-card: no configuration");
    this._config = { days: 14, view: "live", ...config };
    this._view = this._config.view === "history" ? "history" : "live";
    this._history = undefined;
    this._historyFetched = 0;
  }

  getCardSize() {
    return this._view === "history" ? 9 : 6;
  }

  getGridOptions() {
    return { columns: 12, min_columns: 6, rows: "auto" };
  }

  get _t() {
    return translator(language(this.hass));
  }

  _found() {
    const found = discover(this.hass, this._config.device_id);
    const kind = this._config.kind || inferKind(found.keys);
    return { ...found, kind, features: features(kind, found.keys) };
  }

  _state(entityId) {
    return entityId ? this.hass.states[entityId] : undefined;
  }

  _format(stateObj) {
    if (!stateObj) return "–";
    if (typeof this.hass.formatEntityState === "function") return this.hass.formatEntityState(stateObj);
    const unit = stateObj.attributes.unit_of_measurement;
    return unit ? `${stateObj.state} ${unit}` : stateObj.state;
  }

  _value(roles, role, label, extraClass = "") {
    const entityId = roles[role];
    if (!entityId) return "";
    const stateObj = this._state(entityId);
    return html`<div class="value ${extraClass}" data-role=${role} data-entity=${entityId}
        data-state=${stateObj ? stateObj.state : ""} @click=${() => this._moreInfo(entityId)}>
      <span class="label">${label}</span><span class="reading">${this._format(stateObj)}</span>
    </div>`;
  }

  _moreInfo(entityId) {
    this.dispatchEvent(new CustomEvent("hass-more-info", { detail: { entityId }, bubbles: true, composed: true }));
  }

  updated(changed) {
    if (this._view === "history" && this.hass && this._config?.device_id) this._maybeFetchHistory();
  }

  async _maybeFetchHistory() {
    const now = Date.now();
    if (this._fetching || now - (this._historyFetched || 0) < HISTORY_REFRESH_MS) return;
    this._fetching = true;
    this._historyFetched = now;
    const { roles } = this._found();
    const { start, end } = historyWindow(new Date(), this._config.days);
    try {
      const ids = historyIds(roles);
      const stats = ids.length
        ? await this.hass.callWS({
            type: "recorder/statistics_during_period",
            start_time: start.toISOString(),
            end_time: end.toISOString(),
            statistic_ids: ids,
            period: "day",
            types: ["change", "mean"],
          })
        : {};
      this._history = { rows: dailyRows(stats, roles), error: null };
    } catch (err) {
      this._history = { rows: [], error: err?.message || String(err) };
    } finally {
      this._fetching = false;
    }
  }

  _setView(view) {
    this._view = view;
    if (view === "history") this._historyFetched = 0;
  }

  render() {
    if (!this.hass || !this._config) return html``;
    const t = this._t;
    if (!this._config.device_id) return html`<ha-card><div class="note">${t("no_device")}</div></ha-card>`;
    const found = this._found();
    return html`<ha-card data-kind=${found.kind}>
      <div class="header">
        <span class="title">${this._config.title || t("name")}</span>
        <div class="tabs">
          <button class=${this._view === "live" ? "active" : ""} data-view="live" @click=${() => this._setView("live")}>${t("live")}</button>
          <button class=${this._view === "history" ? "active" : ""} data-view="history" @click=${() => this._setView("history")}>${t("history")}</button>
        </div>
      </div>
      ${this._view === "live" ? this._renderLive(found, t) : this._renderHistory(found, t)}
    </ha-card>`;
  }

  _renderLive({ roles, features: f }, t) {
    const mode = this._state(roles.operating_mode)?.state;
    const defrosting = f.defrost && this._state(roles.defrost)?.state === "on";
    const flow = heatFlow(mode, defrosting);
    const running = this._state(roles.compressor_running)?.state === "on";
    const valve = this._state(roles.reversing_valve)?.state === "on";
    const sourceValues =
      f.source === "ground" || f.source === "water"
        ? [this._value(roles, "source_in", t("source_in")), this._value(roles, "source_out", t("source_out"))]
        : f.dryer
          ? [this._value(roles, "return_air", t("return_air")), this._value(roles, "supply_air", t("supply_air"))]
          : [this._value(roles, "outdoor", t("outdoor"))];
    const sinkValues = {
      radiators: [this._value(roles, "flow", t("flow")), this._value(roles, "return", t("return"))],
      room: [this._value(roles, "supply_air", t("supply_air")), this._value(roles, "return_air", t("return_air")), this._value(roles, "room", t("room"))],
      tank: [this._value(roles, "dhw", t("tank"))],
      pool: [this._value(roles, "pool", t("pool")), this._value(roles, "flow", t("flow")), this._value(roles, "return", t("return"))],
      drum: [this._value(roles, "dryer_state", t("cycle")), this._value(roles, "water_removed", t("water_removed"))],
    }[f.sink];
    return html`
      <div class="live">
        <div class="side source">${sourceValues}</div>
        <div class="drawing">
          ${picture(f, flow, running, valve)}
          <div class="centre">
            ${this._value(roles, "operating_mode", "", "mode")}
            <div class="compressor-state" data-running=${running ? "on" : "off"}>
              ${t("compressor")}: ${running ? t("compressor_on") : t("compressor_off")}
            </div>
            ${this._value(roles, "compressor_modulation", "") || this._value(roles, "compressor_frequency", "")}
            ${f.reversingValve ? this._value(roles, "reversing_valve", t("reversing_valve")) : ""}
            ${f.defrost ? this._value(roles, "defrost", t("defrost")) : ""}
          </div>
        </div>
        <div class="side sink">${sinkValues}${f.dhw ? this._value(roles, "dhw", t("hot_water")) : ""}</div>
      </div>
      ${flow.defrost
        ? html`<div class="banner defrost" data-banner="defrost">${t("defrosting")}</div>`
        : flow.direction === "reversed"
          ? html`<div class="banner cooling" data-banner="cooling">${t("cooling")}</div>`
          : ""}
      <div class="figures">
        ${this._value(roles, "heat_power", t("heat_out"))}
        ${this._value(roles, "electrical_power", t("electricity_in"))}
        ${f.cop ? this._value(roles, "cop", t("live_cop"), "cop") : ""}
        ${f.kind === "water_heater" ? this._value(roles, "cop_per_cycle", t("cop_last_heat_up")) : ""}
        ${f.dryer ? this._value(roles, "smer", t("smer")) : ""}
        ${f.dryer ? this._value(roles, "energy_per_cycle", t("energy_per_cycle")) : ""}
      </div>`;
  }

  _renderHistory({ roles, features: f }, t) {
    if (!this._history) return html`<div class="note">${t("loading")}</div>`;
    if (this._history.error) return html`<div class="note error">${t("history_error", { error: this._history.error })}</div>`;
    const now = new Date();
    const all = this._history.rows;
    const today = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    const rows = all.filter((row) => row.start > today - this._config.days * 86_400_000);
    const scopState = this._state(roles.scop);
    return historyView({
      rows,
      summary: { month: periodCop(all, monthStart(now)), season: periodCop(all, seasonStart(now)) },
      scop: scopState ? this._format(scopState) : null,
      t,
      lang: language(this.hass),
      showDefrost: f.defrost && Boolean(roles.defrost_count),
    });
  }

  static styles = css`
    ha-card { padding: 12px 16px 16px; }
    .header { display: flex; justify-content: space-between; align-items: center; margin-bottom: 8px; }
    .title { font-size: 1.2em; font-weight: 500; }
    .tabs button { border: 1px solid var(--divider-color, #ccc); background: none; color: var(--primary-text-color);
      padding: 4px 12px; border-radius: 14px; cursor: pointer; font: inherit; }
    .tabs button.active { background: var(--primary-color, #03a9f4); color: var(--text-primary-color, #fff); border-color: transparent; }
    .live { display: grid; grid-template-columns: 1fr 2.2fr 1fr; gap: 8px; align-items: center; }
    .drawing { position: relative; }
    .picture { width: 100%; height: auto; display: block; }
    .centre { text-align: center; font-size: 0.9em; }
    .value { cursor: pointer; margin: 4px 0; }
    .value .label { display: block; color: var(--secondary-text-color); font-size: 0.8em; }
    .value .reading { font-weight: 500; }
    .centre .value .label:empty { display: none; }
    .figures { display: flex; justify-content: space-around; flex-wrap: wrap; margin-top: 8px; text-align: center; }
    .figures .value .reading { font-size: 1.4em; }
    .figures .cop .reading { color: var(--success-color, #43a047); }
    .banner { margin-top: 6px; padding: 4px 8px; border-radius: 6px; text-align: center; font-size: 0.9em; }
    .banner.defrost { background: rgba(3, 169, 244, 0.15); color: var(--info-color, #039be5); }
    .banner.cooling { background: rgba(0, 150, 136, 0.15); }
    .note { padding: 12px 0; color: var(--secondary-text-color); }
    .note.error { color: var(--error-color, #db4437); }
    .unit, .house, .tank, .drum { fill: none; stroke: var(--secondary-text-color); stroke-width: 2; }
    .fan { fill: none; stroke: var(--secondary-text-color); stroke-width: 1.5; }
    .blade, .radiator, .loop, .wave { fill: none; stroke: var(--secondary-text-color); stroke-width: 2; }
    .ground { fill: rgba(121, 85, 72, 0.25); }
    .water { fill: rgba(3, 169, 244, 0.2); }
    .compressor { fill: none; stroke-width: 3; stroke: var(--disabled-text-color, #bbb); }
    .compressor.on { stroke: var(--primary-color, #03a9f4); }
    .compressor-mark { fill: var(--disabled-text-color, #bbb); }
    .compressor-mark.on { fill: var(--primary-color, #03a9f4); }
    .valve { fill: var(--card-background-color, #fff); stroke: var(--secondary-text-color); stroke-width: 2; }
    .valve.on { fill: var(--warning-color, #ffa600); }
    .heatflow { stroke-width: 6; fill: none; stroke-dasharray: 10 6; }
    .heatflow.forward { stroke: var(--error-color, #e53935); animation: flow 1s linear infinite; }
    .heatflow.reversed { stroke: var(--info-color, #039be5); animation: flow 1s linear infinite; }
    .heatflow.none { stroke: var(--disabled-text-color, #bbb); stroke-dasharray: none; }
    .heatflow.defrost { stroke-width: 8; }
    .arrowhead { fill: var(--secondary-text-color); }
    @keyframes flow { to { stroke-dashoffset: -16; } }
    .summary { display: flex; gap: 12px; justify-content: space-around; text-align: center; margin-bottom: 8px; }
    .summary span { display: block; font-size: 0.8em; color: var(--secondary-text-color); }
    .summary b { font-size: 1.4em; }
    .subtitle { font-size: 0.85em; color: var(--secondary-text-color); margin: 8px 0 2px; }
    .bars, .scatter { width: 100%; height: auto; }
    .bars .heat { fill: var(--error-color, #e53935); }
    .bars .electricity { fill: var(--warning-color, #ffa600); }
    .cop-label, .day-label, .outdoor-label, .tick { font-size: 8px; text-anchor: middle; fill: var(--primary-text-color); }
    .tick { text-anchor: start; }
    .outdoor-label { fill: var(--secondary-text-color); }
    .axis { stroke: var(--divider-color, #ccc); }
    .scatter .point { fill: var(--primary-color, #03a9f4); }
    table.days { width: 100%; border-collapse: collapse; font-size: 0.8em; margin-top: 6px; }
    table.days th, table.days td { padding: 2px 4px; text-align: right; border-bottom: 1px solid var(--divider-color, #eee); }
    table.days th:first-child, table.days td:first-child { text-align: left; }
  `;
}
