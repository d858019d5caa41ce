// The live picture: source, compressor, reversing valve, indoor side and the heat flow.
import { svg } from "lit";

const SOURCE_LABEL = { air: "outdoor", ground: "brine", water: "water_source", drum: "drum" };

function sourceShape(source) {
  if (source === "ground")
    return svg`<rect x="10" y="120" width="90" height="50" rx="4" class="ground"/>
      <path d="M20 130 q10 30 20 0 t20 0 t20 0" class="loop"/>`;
  if (source === "water")
    return svg`<rect x="10" y="110" width="90" height="60" rx="4" class="water"/>
      <path d="M15 130 q10 -8 20 0 t20 0 t20 0 t20 0" class="wave"/>`;
  return svg`<rect x="10" y="60" width="90" height="90" rx="8" class="unit"/>
    <circle cx="55" cy="105" r="30" class="fan"/>
    <path d="M55 105 l0 -26 M55 105 l22 13 M55 105 l-22 13" class="blade"/>`;
}

function sinkShape(sink) {
  switch (sink) {
    case "tank":
      return svg`<rect x="270" y="40" width="70" height="130" rx="30" class="tank"/>`;
    case "pool":
      return svg`<rect x="255" y="110" width="95" height="55" rx="6" class="water"/>
        <path d="M260 125 q10 -8 20 0 t20 0 t20 0 t20 0" class="wave"/>`;
    case "room":
      return svg`<path d="M255 90 l47 -40 l48 40 v80 h-95 z" class="house"/>
        <rect x="275" y="110" width="55" height="18" rx="3" class="unit"/>`;
    case "drum":
      return svg`<rect x="255" y="50" width="95" height="120" rx="8" class="unit"/>
        <circle cx="302" cy="110" r="35" class="drum"/>`;
    default:
      return svg`<path d="M255 90 l47 -40 l48 40 v80 h-95 z" class="house"/>
        <path d="M270 140 v-25 M280 140 v-25 M290 140 v-25 M300 140 v-25 M310 140 v-25" class="radiator"/>`;
  }
}

/** The SVG picture; `flow` is heatFlow()'s result, `running` the compressor. */
export function picture(f, flow, running, valveEnergised) {
  const reversed = flow.direction === "reversed";
  const arrow = reversed ? "M240 100 H120" : "M120 100 H240";
  return svg`
    <svg viewBox="0 0 360 190" class="picture" role="img"
      data-kind=${f.kind} data-flow=${flow.direction} data-defrost=${flow.defrost ? "on" : "off"}>
      <title>${f.kind}</title>
      ${sourceShape(f.dryer ? "air" : f.source)}
      ${sinkShape(f.sink)}
      <path d=${arrow} class="heatflow ${flow.direction} ${flow.defrost ? "defrost" : ""}"
        marker-end="url(#arrow)"/>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0 0 L10 5 L0 10 z" class="arrowhead"/>
        </marker>
      </defs>
      <circle cx="180" cy="100" r="26" class="compressor ${running ? "on" : "off"}"/>
      <path d="M180 100 m-12 -8 h24 l-6 16 h-12 z" class="compressor-mark ${running ? "on" : ""}"/>
      ${f.reversingValve
        ? svg`<path d="M180 140 l12 12 l-12 12 l-12 -12 z" class="valve ${valveEnergised ? "on" : "off"}"
            data-valve=${valveEnergised ? "on" : "off"}/>`
        : ""}
    </svg>`;
}

export { SOURCE_LABEL };
