// The content script's page state in a DOM (jsdom), over a fake browser whose background worker
// answers as the tests say: a failed write (here a delete, then a rating) stays shown until the
// reader dismisses it or a later write succeeds, and no re-anchoring clears it; anchoring errors
// are kept apart and come and go with each anchoring.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { JSDOM } from "jsdom";

import { makeBrowser } from "../src/browser.js";
import { start } from "../src/content/main.js";
import { MSG } from "../src/messages.js";
import { fakeNamespace } from "./fake-browser.mjs";

const QUOTE = "Council approves new bus lanes";
const NOTE = { id: "https://gloss.test/api/annotations/n1", creator: { nickname: "ann" },
  body: [{ type: "TextualBody", value: "Context." }], target: { selector: [{ type: "TextQuoteSelector", exact: QUOTE }] },
  gloss: { version: 1, status: "helpful", anchor: { state: "anchored", start: 0, end: QUOTE.length } } };
const CHANGED = { code: "precondition_failed", message: "The resource changed since you loaded it." };

function failure(error) {
  return { ok: false, error };
}

/** A page with the content script started; `answers` maps a message type to the worker's answer. */
async function startedPage(answers) {
  const dom = new JSDOM(`<!doctype html><body><p>${QUOTE}. Residents can comment.</p></body>`,
    { url: "https://news.example/story" });
  Object.assign(globalThis, { window: dom.window, MutationObserver: dom.window.MutationObserver,
    confirm: () => true, addEventListener: () => {} });
  const sent = [];
  const ns = fakeNamespace({ toBackground: async (message) => {
    sent.push(message.type);
    const answer = answers[message.type];
    return typeof answer === "function" ? answer(message) : answer ?? { ok: true };
  } });
  const page = await start(dom.window.document, makeBrowser(ns));
  return { page, sent, doc: dom.window.document };
}

const ANSWERS = () => ({
  [MSG.GET_PAGE_SESSION]: { ok: true, signedIn: true, username: "ann", disabledSites: [] },
  [MSG.ANCHOR_PAGE]: { ok: true, items: [NOTE], sent: true, reason: "known" },
  [MSG.DELETE_NOTE]: failure(CHANGED),
});

function notice(page) {
  const box = page.ui.notice;
  return box.hidden ? null : box.querySelector(".message").textContent;
}

describe("a write that failed", () => {
  test("a failed delete is shown and stays after the refresh that follows it, and after the next", async () => {
    const { page, sent } = await startedPage(ANSWERS());
    await page.remove(NOTE);
    const said = `The note was not deleted: ${CHANGED.message}`;
    assert.deepEqual(sent.slice(-3), [MSG.DELETE_NOTE, MSG.ANCHOR_PAGE, MSG.PAGE_STATUS]); // it did re-anchor
    assert.equal(page.writeError, said);
    assert.equal(notice(page), said);
    await page.refresh();
    assert.equal(notice(page), said);
    const state = page.onMessage({ type: MSG.GET_PAGE_STATE });
    assert.equal(state.writeError, said);
    assert.equal(state.error, null); // the anchoring went well: no anchoring error
  });

  test("the reader's Dismiss clears it", async () => {
    const { page } = await startedPage(ANSWERS());
    await page.remove(NOTE);
    page.ui.notice.querySelector("button.dismiss").click();
    assert.equal(notice(page), null);
    assert.equal(page.writeError, null);
  });

  test("a later write that succeeds clears it; one that fails replaces it", async () => {
    const answers = { ...ANSWERS(), [MSG.RATE_NOTE]: failure({ code: "unreachable", message: "Down." }) };
    const { page } = await startedPage(answers);
    await page.remove(NOTE);
    assert.equal(await page.rate(NOTE, "helpful", []), "Down.");
    assert.equal(notice(page), "The rating was not sent: Down.");
    answers[MSG.RATE_NOTE] = { ok: true, rating: {} };
    assert.equal(await page.rate(NOTE, "helpful", []), null);
    assert.equal(notice(page), null);
    assert.equal(page.writeError, null);
  });

  test("an anchoring error neither clears it nor is shown as one", async () => {
    const answers = ANSWERS();
    const { page } = await startedPage(answers);
    await page.remove(NOTE);
    answers[MSG.ANCHOR_PAGE] = failure({ code: "unreachable", message: "The Gloss server cannot be reached." });
    await page.refresh();
    assert.equal(page.anchorError, "The Gloss server cannot be reached.");
    assert.equal(notice(page), `The note was not deleted: ${CHANGED.message}`);
    answers[MSG.ANCHOR_PAGE] = ANSWERS()[MSG.ANCHOR_PAGE];
    await page.refresh();
    assert.equal(page.anchorError, null);
    assert.equal(page.writeError, `The note was not deleted: ${CHANGED.message}`);
  });
});
