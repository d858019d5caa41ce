// <heatpump-card-editor>: pick the device; the card finds its entities itself.
import { LitElement, css, html } from "lit";
import { KINDS, heatpumpDevices } from "./logic.js";
import { language, translator } from "./translations.js";

export class HeatpumpCardEditor extends LitElement {
  static properties = { hass: { attribute: false }, _config: { state: true } };

  setConfig(config) {
    this._config = config;
  }

  _changed(field, value) {
    const config = { ...this._config };
    if (value === "" || value === undefined) delete config[field];
    else config[field] = value;
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }

  render() {
    if (!this.hass || !this._config) return html``;
    const t = translator(language(this.hass));
    const devices = heatpumpDevices(this.hass);
    if (!devices.length) return html`<div class="note">${t("no_devices")}</div>`;
    return html`
      <label>${t("pick_device")}
        <select name="device_id" @change=${(e) => this._changed("device_id", e.target.value)}>
          ${this._config.device_id ? "" : html`<option value="" selected>–</option>`}
          ${devices.map((d) => html`<option value=${d.id} ?selected=${d.id === this._config.device_id}>${d.name}</option>`)}
        </select>
      </label>
      <label>${t("kind")}
        <select name="kind" @change=${(e) => this._changed("kind", e.target.value)}>
          <option value="" ?selected=${!this._config.kind}>${t("kind_auto")}</option>
          ${KINDS.map((k) => html`<option value=${k} ?selected=${k === this._config.kind}>${k.replaceAll("_", " ")}</option>`)}
        </select>
      </label>
      <label>${t("days")}
        <input name="days" type="number" min="3" max="60" .value=${String(this._config.days ?? 14)}
          @change=${(e) => this._changed("days", Number(e.target.value))}/>
      </label>`;
  }

  static styles = css`
    label { display: block; margin: 8px 0; color: var(--primary-text-color); }
    select, input { display: block; width: 100%; margin-top: 4px; padding: 6px; font: inherit; }
  `;
}

// index.js defines it (in the registry Home Assistant uses); see there.
