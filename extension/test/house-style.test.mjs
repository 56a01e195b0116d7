// House rule: every WebExtension call goes through src/browser.js, so that everything else runs
// under Node against a fake. The one exception is the content loader (src/content.js), which calls
// runtime.getURL to load the modules before any of them, browser.js included, can be imported.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const NAMESPACE = /\b(?:chrome|browser)\s*\.\s*(?!js\b)[A-Za-z_$]+|globalThis\s*\.\s*(?:chrome|browser)\b/g;
const RUNTIME_CALL = /\.\s*runtime\s*\.\s*[A-Za-z_$]+/g;

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });
}

// Comments name the API freely ("chrome.tabs.sendMessage"); code is what counts. A "//" after ":"
// is a URL in a string, not a comment.
function code(path) {
  return readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

test("only browser.js touches the WebExtension namespace, and content.js only for runtime.getURL", () => {
  const found = {};
  for (const path of sources(SRC)) {
    const name = relative(SRC, path);
    if (name === "browser.js") continue;
    const uses = code(path).match(NAMESPACE);
    if (uses) found[name] = uses;
  }
  assert.deepEqual(found, { "content.js": ["globalThis.browser", "globalThis.chrome"] });
  assert.deepEqual(code(join(SRC, "content.js")).match(RUNTIME_CALL), [".runtime.getURL"]);
});
