// Entry point of the bundle the integration serves: defines the card and announces it to the card picker.
import { HeatpumpCard } from "./card.js";
import { HeatpumpCardEditor } from "./editor.js";
import { translator } from "./translations.js";

// Home Assistant imports this bundle (add_extra_js_url) in parallel with its own app, and
// the app starts by replacing window.customElements with a scoped custom element registry
// polyfill that knows nothing of elements defined before it. When this bundle runs first
// (a warm browser cache, a busy machine), the card lands in the hidden native registry
// and Lovelace shows "Custom element doesn't exist: heatpump-card" until a reload. So
// define now, in whichever registry is current, and again once the app has defined
// <home-assistant>: by then window.customElements is the registry Lovelace asks.
function define() {
  if (!customElements.get("heatpump-card")) customElements.define("heatpump-card", HeatpumpCard);
  if (!customElements.get("heatpump-card-editor"))
    customElements.define("heatpump-card-editor", HeatpumpCardEditor);
}
define();
customElements.whenDefined("home-assistant").then(define);

const t = translator(navigator.language?.split("-")[0] || "en");
window.customCards = window.customCards || [];
if (!window.customCards.some((card) => card.type === "heatpump-card")) {
  window.customCards.push({
    type: "heatpump-card",
    name: t("name"),
    description: t("description"),
    preview: false,
    documentationURL: "https://github.com/heatpump-monitor/heatpump#demo",
  });
}
