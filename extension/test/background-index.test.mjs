// background/index.js as the browser loads it: with the global `chrome` namespace (here a fake) and
// the global fetch (here a fake server). It must register one message listener that answers by the
// handler table, with our extension's id and origin to tell our pages from content scripts.
// In a file of its own: browser.js reads the global namespace once, when first imported.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { SENDERS, deliver, fakeNamespace, fakeServer } from "./fake-browser.mjs";

const SERVER = "http://gloss.test:5000";
const ns = fakeNamespace({ stored: { server: SERVER } });
const server = fakeServer({ "POST /api/tokens": () => ({ status: 201, body: { token: "gls_secret", id: "tok1" } }) });

describe("background/index.js", () => {
  before(async () => {
    globalThis.chrome = ns;
    globalThis.fetch = server.fetch;
    await import("../src/background/index.js");
  });

  test("registers one message listener and the context menu", () => {
    assert.equal(ns.runtime.onMessage.added.length, 1);
    assert.equal(ns.runtime.onInstalled.added.length, 1);
    assert.equal(ns.contextMenus.onClicked.added.length, 1);
  });

  test("refuses a sign-in from a content script and accepts it from the options page", async () => {
    const message = { type: "gloss:sign-in", username: "ann", password: "pw" };
    const refused = await deliver(ns, message, SENDERS.contentScript);
    assert.equal(refused.error.code, "forbidden_sender");
    assert.equal(server.requests.length, 0);
    assert.equal(ns.stored.token, undefined);
    assert.deepEqual(await deliver(ns, message, SENDERS.optionsTab), { ok: true, username: "ann" });
    assert.equal(ns.stored.token, "gls_secret");
  });

  test("answers a content script's own messages", async () => {
    assert.deepEqual(await deliver(ns, { type: "gloss:get-page-session" }, SENDERS.contentScript),
      { ok: true, signedIn: true, username: "ann", disabledSites: [] });
  });
});
