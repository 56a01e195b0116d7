// The note interface in a DOM (jsdom): notes found on another copy of the article say where they
// come from, as text, in the popover and in the panel.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { JSDOM } from "jsdom";

import { Interface, viaSite } from "../src/content/ui.js";

function ui() {
  const dom = new JSDOM("<!doctype html><body><p id=p>Text</p></body>", { url: "https://copy.example/story" });
  globalThis.window = dom.window; // showPopover reads the scroll position
  const handlers = { onSave() {}, onEdit() {}, onDelete() {}, onGoto() {}, onRate() {} };
  return { doc: dom.window.document, ui: new Interface(dom.window.document, handlers) };
}

const note = (anchor) => ({
  id: "https://gloss.test/api/annotations/n1", body: [{ type: "TextualBody", value: "Context." }],
  creator: { nickname: "ed" }, target: { selector: [{ type: "TextQuoteSelector", exact: "the quote" }] },
  gloss: { status: "helpful", anchor },
});

describe("viaSite", () => {
  test("is the host of the original's URL, port included", () => {
    assert.equal(viaSite(note({ state: "anchored", via: "https://www.original.example/2026/a?id=1" })), "www.original.example");
    assert.equal(viaSite(note({ state: "anchored", via: "http://127.0.0.1:8123/wire.html" })), "127.0.0.1:8123");
  });
  test("is null for a note of this page or a via that is no URL", () => {
    assert.equal(viaSite(note({ state: "anchored" })), null);
    assert.equal(viaSite(note({ state: "anchored", via: "not a url" })), null);
    assert.equal(viaSite({}), null);
  });
});

describe("from a copy of this article", () => {
  test("the popover and the panel say where a copied note comes from", () => {
    const { doc, ui: face } = ui();
    const copied = note({ state: "anchored", start: 0, end: 4, via: "https://original.example/story" });
    face.showPopover(copied, doc.getElementById("p"), { mine: false });
    assert.equal(face.popover.querySelector(".via").textContent, "from a copy of this article at original.example");
    face.renderPanel([copied, note({ state: "anchored", start: 0, end: 4 })]);
    const items = [...face.panel.querySelectorAll("li")];
    assert.equal(items[0].querySelector(".via").textContent, "from a copy of this article at original.example");
    assert.equal(items[1].querySelector(".via"), null, "a note of this page says nothing");
  });
  test("a note of this page has no such line in its popover", () => {
    const { doc, ui: face } = ui();
    face.showPopover(note({ state: "anchored" }), doc.getElementById("p"), { mine: false });
    assert.equal(face.popover.querySelector(".via"), null);
  });
});
