// The history view: daily bars with that day's COP, period COPs, and COP against outdoor temperature.
import { html, svg } from "lit";
import { scale, scatterPoints } from "./logic.js";

const fixed = (value, digits) => (value === null || value === undefined ? "–" : Number(value).toFixed(digits));

export function dayLabel(start, lang) {
  return new Date(start).toLocaleDateString(lang, { day: "numeric", month: "short" });
}

function bars(rows, t, lang) {
  const width = 340;
  const height = 150;
  const top = 18;
  const bottom = 130;
  const max = Math.max(1, ...rows.flatMap((r) => [r.heat || 0, r.electricity || 0]));
  const y = scale(0, max, bottom, top);
  const slot = width / Math.max(rows.length, 1);
  const bar = Math.max(2, Math.min(14, slot / 3));
  return svg`<svg viewBox="0 0 ${width} ${height}" class="bars">
    <line x1="0" x2=${width} y1=${bottom} y2=${bottom} class="axis"/>
    ${rows.map((row, i) => {
      const x = i * slot + slot / 2;
      return svg`<g class="day">
        ${row.heat !== null ? svg`<rect class="heat" x=${x - bar} y=${y(row.heat)} width=${bar} height=${bottom - y(row.heat)}><title>${t("heat")} ${fixed(row.heat, 1)} kWh</title></rect>` : ""}
        ${row.electricity !== null ? svg`<rect class="electricity" x=${x} y=${y(row.electricity)} width=${bar} height=${bottom - y(row.electricity)}><title>${t("electricity")} ${fixed(row.electricity, 1)} kWh</title></rect>` : ""}
        ${row.cop !== null ? svg`<text x=${x} y=${Math.max(y(row.heat || 0) - 3, 10)} class="cop-label">${fixed(row.cop, 1)}</text>` : ""}
        <text x=${x} y=${bottom + 12} class="day-label">${new Date(row.start).getDate()}</text>
        ${row.outdoor !== null ? svg`<text x=${x} y=${bottom + 20} class="outdoor-label">${fixed(row.outdoor, 0)}°</text>` : ""}
      </g>`;
    })}
  </svg>`;
}

function scatter(rows, t) {
  const points = scatterPoints(rows);
  if (!points.length) return "";
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = scale(Math.min(...xs) - 1, Math.max(...xs) + 1, 30, 330);
  const y = scale(0, Math.max(...ys) + 0.5, 130, 10);
  return html`<div class="subtitle">${t("scatter")}</div>
    <svg viewBox="0 0 340 150" class="scatter">
      <line x1="30" x2="330" y1="130" y2="130" class="axis"/>
      <line x1="30" x2="30" y1="10" y2="130" class="axis"/>
      <text x="30" y="145" class="tick">${fixed(Math.min(...xs) - 1, 0)} °C</text>
      <text x="300" y="145" class="tick">${fixed(Math.max(...xs) + 1, 0)} °C</text>
      <text x="2" y="14" class="tick">${fixed(Math.max(...ys) + 0.5, 1)}</text>
      ${points.map((p) => svg`<circle cx=${x(p.x)} cy=${y(p.y)} r="4" class="point"><title>${fixed(p.x, 1)} °C: COP ${fixed(p.y, 2)}</title></circle>`)}
    </svg>`;
}

/** `summary`: {month, season} from periodCop(); `scop`: the SCOP entity's state text. */
export function historyView({ rows, summary, scop, t, lang, showDefrost }) {
  if (!rows.length) return html`<div class="note">${t("no_history")}</div>`;
  return html`
    <div class="summary">
      <div class="figure" data-role="month_cop"><span>${t("month_cop")}</span><b>${fixed(summary.month?.cop, 2)}</b></div>
      <div class="figure" data-role="season_cop"><span>${t("season_cop")}</span><b>${fixed(summary.season?.cop, 2)}</b></div>
      ${scop !== null ? html`<div class="figure" data-role="scop"><span>${t("scop")}</span><b>${scop}</b></div>` : ""}
    </div>
    <div class="subtitle">${t("daily")}</div>
    ${bars(rows, t, lang)}
    <table class="days">
      <thead><tr>
        <th>${t("day")}</th><th>${t("heat")}</th><th>${t("electricity")}</th><th>${t("cop")}</th>
        <th>${t("mean_outdoor")}</th><th>${t("carnot")}</th>
        ${showDefrost ? html`<th>${t("defrosts")}</th><th>${t("defrost_energy")}</th>` : ""}
      </tr></thead>
      <tbody>
        ${[...rows].reverse().map((row) => html`<tr class="day-row" data-start=${row.start}
            data-heat=${row.heat ?? ""} data-electricity=${row.electricity ?? ""} data-cop=${row.cop ?? ""}>
          <td>${dayLabel(row.start, lang)}</td>
          <td>${fixed(row.heat, 1)} kWh</td>
          <td>${fixed(row.electricity, 1)} kWh</td>
          <td class="cop">${fixed(row.cop, 2)}</td>
          <td>${row.outdoor === null ? "–" : `${fixed(row.outdoor, 1)} °C`}</td>
          <td>${row.carnotPercent === null ? "–" : `${fixed(row.carnotPercent, 0)} %`}</td>
          ${showDefrost ? html`<td>${fixed(row.defrosts, 0)}</td><td>${row.defrostEnergy === null ? "–" : `${fixed(row.defrostEnergy, 2)} kWh`}</td>` : ""}
        </tr>`)}
      </tbody>
    </table>
    ${scatter(rows, t)}`;
}
