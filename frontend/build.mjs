// Bundles src/index.js (with Lit) into the one file the integration serves.
// `node build.mjs --out FILE` writes elsewhere (scripts/check-card compares the two).
import { build } from "esbuild";

const outIndex = process.argv.indexOf("--out");
const outfile =
  outIndex > 0 ? process.argv[outIndex + 1] : "../custom_components/heatpump/frontend/heatpump-card.js";

await build({
  entryPoints: ["src/index.js"],
  bundle: true,
  format: "esm",
  target: "es2021",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  banner: { js: "// heatpump-card: built from frontend/ by `npm run build`; do not edit." },
  outfile,
  logLevel: "warning",
});
