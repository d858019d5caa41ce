import assert from "node:assert/strict";
import { test } from "node:test";
import { LANGUAGES, language, stringKeys, translator } from "../src/translations.js";

test("every language has every label", () => {
  assert.deepEqual(LANGUAGES.sort(), ["de", "en"]);
  assert.deepEqual(stringKeys("de").sort(), stringKeys("en").sort());
});

test("the card follows the user's Home Assistant language", () => {
  assert.equal(language({ locale: { language: "de" } }), "de");
  assert.equal(language({ language: "de-AT" }), "de");
  assert.equal(language({ locale: { language: "fr" } }), "en");
  assert.equal(translator("de")("history"), "Verlauf");
  assert.equal(translator("en")("history_error", { error: "boom" }), "Statistics could not be read: boom");
});
