// The content script proper: extract the page text, ask the background worker where the page's
// notes land, draw them, and let the reader write, edit and delete notes. Loaded once per page by
// ../content.js. A failure here must never break the page: every entry point catches.
//
// Two kinds of trouble are kept apart: `anchorError` says why the page's notes cannot be shown and
// belongs to the last anchoring (the next one replaces it); `writeError` says why the reader's last
// note, edit, delete or rating did not reach the server, and stays on screen until the reader
// dismisses it or a later write succeeds, so the re-anchoring after every write cannot hide it.
import { webext } from "../browser.js";
import { MSG } from "../messages.js";
import { MARK_CLASS, drawHighlights, removeHighlights } from "./highlight.js";
import { EXTRACTION_VERSION, OffsetConverter, extractText, selectorsFor, textOffset } from "./text.js";
import { Interface, quoteOf } from "./ui.js";

const REANCHOR_DELAY_MS = 600;
// Attributes that show or hide text without changing the tree (a <details> opened, a "read more"
// class or style toggled, a consent dialog's aria-hidden lifted). Some pages change classes and
// styles all the time (carousels, animations), so such a change only re-extracts the text, at most
// once per RECHECK_MS, and re-anchors when the text differs from the one last anchored.
const RENDER_ATTRIBUTES = ["class", "style", "hidden", "aria-hidden", "open"];
const RECHECK_MS = 1000;

// Page scripts can leave lone surrogates (an emoji cut in half) or NUL in text; the server refuses
// both. Replacing each with U+FFFD keeps every offset, in UTF-16 units and in code points alike.
export function wellFormed(text) {
  return (text.toWellFormed ? text.toWellFormed() : text).replaceAll("\0", "\uFFFD");
}

class Page {
  constructor(doc, browserApi) {
    this.doc = doc;
    this.webext = browserApi; // ../browser.js makeBrowser: the real one, or one over a fake in tests
    this.notes = [];
    this.marks = {};
    this.anchorError = null;
    this.writeError = null;
    this.session = { signedIn: false, username: null, disabledSites: [] };
    this.ui = new Interface(doc, {
      onSave: (form) => this.save(form),
      onEdit: (note) => this.edit(note),
      onDelete: (note) => this.remove(note),
      onGoto: (note) => this.goto(note),
      onRate: (note, helpfulness, reasons) => this.rate(note, helpfulness, reasons),
    });
    this.url = doc.location.href;
    this.pending = null;
    this.runs = 0; // refreshes started; an answer for an older one is dropped
    this.asked = false; // the reader pressed "Check this page": this page's text may be sent
    this.sent = null; // whether the last refresh sent the text (null: not asked yet)
    this.text = null; // the text the last refresh anchored
    this.recheckTimer = null;
  }

  get enabled() {
    return !this.session.disabledSites.includes(this.doc.location.hostname);
  }

  async start() {
    this.session = await this.ask({ type: MSG.GET_PAGE_SESSION }).catch(() => this.session);
    this.listen();
    this.observe();
    await this.refresh();
  }

  async ask(message) {
    const answer = await this.webext.sendMessage(message);
    if (!answer?.ok) throw Object.assign(new Error(answer?.error?.message ?? "No answer"), answer?.error ?? {});
    return answer;
  }

  // --- reading ----------------------------------------------------------------------------------
  async refresh() {
    const run = ++this.runs;
    try {
      this.quietly(() => removeHighlights(this.doc));
      if (!this.enabled || !this.doc.body) {
        this.notes = [];
        return;
      }
      const { text, chunks, breaks, links } = extractText(this.doc.body);
      this.text = text;
      // breaks and links tell the server which "\n" the extraction inserted (so notes written on
      // v1 text, which had none, stay exact) and which text is link text (a list of links quoting
      // another article is not a copy of it).
      const answer = await this.ask({
        type: MSG.ANCHOR_PAGE, url: this.doc.location.href, title: this.doc.title, asked: this.asked,
        canonical_url: this.doc.querySelector('link[rel="canonical"]')?.href ?? null, text: wellFormed(text),
        extraction: EXTRACTION_VERSION, breaks, links,
      });
      if (run !== this.runs) return; // a newer refresh is on its way
      if (!chunks.every((c) => c.node.isConnected && c.node.data.length === c.end - c.start)) {
        this.schedule(); // the text changed while the server answered: anchor the new text
        return;
      }
      this.anchorError = null;
      this.sent = answer.sent;
      this.notes = answer.items;
      this.quietly(() => this.draw(text, chunks));
    } catch (error) {
      if (run !== this.runs) return;
      this.anchorError = error.message;
      this.notes = [];
    } finally {
      if (run === this.runs) {
        this.ui.renderPanel(this.notes);
        this.webext.sendMessage({ type: MSG.PAGE_STATUS, count: this.notes.length }).catch(() => {});
      }
    }
  }

  // Change the page without the observer seeing it; page changes it had not reported yet still
  // trigger a re-anchor.
  quietly(change) {
    const pending = this.observer?.takeRecords() ?? [];
    this.observer?.disconnect();
    try {
      change();
    } finally {
      this.observe();
      this.changed(pending);
    }
  }

  // What the page's own mutations ask for: a tree or text change re-anchors, an attribute change
  // re-checks the text.
  changed(records) {
    const theirs = records.filter((r) => !this.ours(r.target));
    if (!theirs.length) return;
    if (theirs.every((r) => r.type === "attributes")) {
      this.recheck();
      return;
    }
    this.checkNavigation();
    this.schedule();
  }

  recheck() {
    if (this.recheckTimer !== null) return; // a throttle, not a debounce: a page that never stops still gets checked
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null;
      try {
        if (this.enabled && this.doc.body && extractText(this.doc.body).text !== this.text) this.schedule();
      } catch {
        // a page we cannot read now is read again at its next change
      }
    }, RECHECK_MS);
  }

  schedule() {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.refresh(), REANCHOR_DELAY_MS);
  }

  draw(text, chunks) {
    const convert = new OffsetConverter(text);
    const spans = this.notes.filter((n) => n.gloss?.anchor?.state === "anchored").map((note) => ({
      id: note.id, start: convert.toUtf16(note.gloss.anchor.start), end: convert.toUtf16(note.gloss.anchor.end),
    }));
    this.marks = drawHighlights(this.doc, chunks, spans);
    for (const [id, marks] of Object.entries(this.marks)) {
      const note = this.notes.find((n) => n.id === id);
      marks[0].tabIndex = 0; // one keyboard stop per note
      for (const mark of marks) {
        mark.setAttribute("role", "button");
        mark.setAttribute("aria-label", `Gloss note by ${note.creator?.nickname ?? "someone"}`);
      }
    }
  }

  notesAt(mark) {
    const ids = (mark.dataset.glossIds ?? "").split(" ");
    return this.notes.filter((n) => ids.includes(n.id));
  }

  // --- events ---------------------------------------------------------------------------------------
  listen() {
    const doc = this.doc;
    const show = (event) => {
      const mark = event.target.closest?.(`mark.${MARK_CLASS}`);
      if (!mark) return;
      const [note] = this.notesAt(mark);
      if (note) {
        const mine = this.isMine(note);
        this.ui.showPopover(note, mark, { mine, canRate: this.session.signedIn && !mine });
      }
    };
    doc.addEventListener("mouseover", show);
    doc.addEventListener("focusin", show);
    doc.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        this.ui.hidePopover();
        this.ui.hideForm();
        this.ui.hideAddButton();
      } else if (event.key === "Enter" && event.target.matches?.(`mark.${MARK_CLASS}`)) {
        show(event);
      }
    });
    doc.addEventListener("mouseup", (event) => setTimeout(() => this.offerNote(event), 0));
    this.webext.onMessage((message) => this.onMessage(message));
    globalThis.addEventListener("popstate", () => this.checkNavigation());
  }

  onMessage(message) {
    switch (message?.type) {
      case MSG.OPEN_PANEL:
        this.ui.openPanel();
        return { ok: true };
      case MSG.COMPOSE_FROM_SELECTION:
        this.compose();
        return { ok: true };
      case MSG.GET_PAGE_STATE:
        return { ok: true, count: this.notes.length, error: this.anchorError, writeError: this.writeError,
          enabled: this.enabled, sent: this.sent };
      case MSG.CHECK_PAGE:
        this.asked = true;
        return this.refresh().then(() => ({ ok: true, count: this.notes.length, error: this.anchorError }));
      case MSG.REFRESH:
        return this.ask({ type: MSG.GET_PAGE_SESSION }).then((session) => {
          this.session = session;
          return this.refresh();
        }).then(() => ({ ok: true }));
      default:
        return undefined;
    }
  }

  // Re-anchor when the article's text changes or loads late, and on in-page navigation.
  observe() {
    this.observer ??= new MutationObserver((records) => this.changed(records));
    this.observer.observe(this.doc.body ?? this.doc.documentElement, { childList: true, characterData: true,
      subtree: true, attributes: true, attributeFilter: RENDER_ATTRIBUTES });
  }

  ours(node) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    return Boolean(el && (this.ui.contains(el) || el.closest?.(`mark.${MARK_CLASS}`)));
  }

  checkNavigation() {
    if (this.doc.location.href === this.url) return;
    this.url = this.doc.location.href;
    this.asked = false; // the reader asked about the page before, not this one
    this.schedule();
  }

  // --- writing ----------------------------------------------------------------------------------
  isMine(note) {
    return this.session.signedIn && note.creator?.nickname === this.session.username;
  }

  currentSelection() {
    const selection = this.doc.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (this.ui.contains(range.commonAncestorContainer)) return null;
    const { text, chunks } = extractText(this.doc.body);
    const start = textOffset(chunks, range.startContainer, range.startOffset);
    const end = textOffset(chunks, range.endContainer, range.endOffset);
    if (start < 0 || end <= start || !text.slice(start, end).trim()) return null;
    // Trim surrounding whitespace so the quote starts and ends on words.
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    return { text, start: start + lead, end: end - trail, rect: range.getBoundingClientRect() };
  }

  offerNote(event) {
    try {
      if (!this.enabled || this.ui.contains(event.target)) return;
      const selected = this.currentSelection();
      if (selected) this.ui.showAddButton(selected.rect, () => this.compose());
      else this.ui.hideAddButton();
    } catch {
      this.ui.hideAddButton();
    }
  }

  compose() {
    const selected = this.currentSelection();
    if (!selected) return;
    // Said in the form, where the reader is about to write; saving would fail for the same reason.
    const problem = this.session.signedIn ? null : "Sign in (Gloss options) to write notes.";
    this.draft = { selectors: selectorsFor(wellFormed(selected.text), selected.start, selected.end) };
    this.ui.showForm(selected.rect, { quote: this.draft.selectors[0].exact, problem });
  }

  edit(note) {
    this.ui.hidePopover();
    this.draft = { editing: note };
    const mark = this.marks[note.id]?.[0];
    const rect = mark ? mark.getBoundingClientRect() : { left: 20, bottom: 20 };
    const body = (note.body ?? []).find((b) => b.purpose !== "tagging");
    this.ui.showForm(rect, { quote: quoteOf(note), text: body?.value ?? "", tags: note.gloss?.tags ?? [], title: "Edit note" });
  }

  async save({ text, tags }) {
    if (!text.trim()) return "Write the note first.";
    try {
      if (this.draft?.editing) {
        const note = this.draft.editing;
        await this.ask({ type: MSG.UPDATE_NOTE, id: note.id.split("/").pop(), version: note.gloss?.version,
          changes: { bodyValue: text, gloss: { tags } } });
      } else {
        await this.ask({ type: MSG.CREATE_NOTE, annotation: this.annotation(text, tags) });
      }
    } catch (error) {
      const problem = error.code === "unauthorized" || error.code === "invalid_token"
        ? "Sign in first: open the Gloss options." : error.message;
      this.writeFailed(`The note was not saved: ${problem}`);
      return problem; // shown in the form too, which stays open with the reader's text
    }
    this.draft = null;
    this.writeSucceeded();
    await this.refresh();
    return null;
  }

  annotation(text, tags) {
    return {
      "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", motivation: "commenting",
      body: [{ type: "TextualBody", value: text, format: "text/plain" },
        ...tags.map((tag) => ({ type: "TextualBody", value: tag, purpose: "tagging" }))],
      target: { source: this.doc.location.href, selector: this.draft.selectors },
      gloss: { canonical_url: this.doc.querySelector('link[rel="canonical"]')?.href ?? null,
        document_title: this.doc.title || null },
    };
  }

  async remove(note) {
    this.ui.hidePopover();
    if (!globalThis.confirm("Delete this note?")) return;
    try {
      await this.ask({ type: MSG.DELETE_NOTE, id: note.id.split("/").pop(), version: note.gloss?.version });
      this.writeSucceeded();
    } catch (error) {
      this.writeFailed(`The note was not deleted: ${error.message}`);
    }
    await this.refresh();
  }

  async rate(note, helpfulness, reasons) {
    try {
      await this.ask({ type: MSG.RATE_NOTE, id: note.id.split("/").pop(), helpfulness, reasons });
      this.writeSucceeded();
      return null;
    } catch (error) {
      this.writeFailed(`The rating was not sent: ${error.message}`);
      return error.message; // shown in the rating form too, while the popover is open
    }
  }

  writeFailed(message) {
    this.writeError = message;
    this.ui.showWriteError(message, () => this.dismissWriteError());
  }

  writeSucceeded() {
    this.dismissWriteError(); // the reader's last write went through: an older failure is history
  }

  dismissWriteError() {
    this.writeError = null;
    this.ui.hideWriteError();
  }

  goto(note) {
    const mark = this.marks[note.id]?.[0];
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    mark.focus();
  }
}

/** @param browserApi the WebExtension wrapper (../browser.js makeBrowser); tests pass one over a fake */
export async function start(doc, browserApi = webext) {
  const page = new Page(doc, browserApi);
  globalThis.__glossPage = page; // for debugging and tests
  await page.start();
  return page;
}
