// Entry point of the bundle the integration serves: defines the card and announces it to the card picker.
import { HeatpumpCard } from "./card.js";
import "./editor.js";
import { translator } from "./translations.js";

if (!customElements.get("heatpump-card")) customElements.define("heatpump-card", HeatpumpCard);

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
