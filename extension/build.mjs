// Builds dist/chrome and dist/firefox: the same sources with each browser's manifest.
// No bundler: the sources are ES modules the browsers load as they are.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = ["src", "popup.html", "options.html"];

for (const browser of ["chrome", "firefox"]) {
  const out = join(here, "dist", browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const entry of SHARED) cpSync(join(here, entry), join(out, entry), { recursive: true });
  cpSync(join(here, `manifest.${browser}.json`), join(out, "manifest.json"));
  console.log(`built ${out}`);
}
