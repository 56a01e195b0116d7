// Gloss's interface inside the page: a popover for one note, a side panel listing the page's notes,
// the "Add note" button, the note form and the notice of a write that failed. All of it lives in
// one shadow root (page styles cannot reach it, ours cannot leak), and every piece of note text is
// set with textContent: never HTML.
import { UI_ATTRIBUTE } from "./text.js";

const STYLE = `
  :host { all: initial; }
  .popover, .panel, .add, .form, .notice { font: 14px/1.45 system-ui, sans-serif; color: #1d1d1d; }
  .popover { position: absolute; z-index: 2147483646; max-width: 340px; background: #fffdf5;
    border: 1px solid #c9a227; border-radius: 8px; padding: 10px 12px; box-shadow: 0 4px 18px #0003; }
  .popover[hidden], .panel[hidden], .add[hidden], .form[hidden], .notice[hidden] { display: none; }
  .meta { color: #5c5c5c; font-size: 12px; margin-top: 6px; }
  .status { display: inline-block; border-radius: 4px; padding: 0 5px; background: #eee; font-size: 11px; }
  .tags span { display: inline-block; background: #f3e8c4; border-radius: 4px; padding: 0 5px; margin: 2px 4px 0 0; font-size: 11px; }
  .actions button, .form button, .add { font: inherit; font-size: 12px; margin-top: 8px; margin-right: 6px; cursor: pointer; }
  .panel { position: fixed; top: 0; right: 0; bottom: 0; width: 340px; z-index: 2147483647; background: #fffdf5;
    border-left: 2px solid #c9a227; overflow-y: auto; padding: 12px; box-sizing: border-box; }
  .panel h2 { font-size: 16px; margin: 0 0 8px; }
  .panel li { list-style: none; border-bottom: 1px solid #e8dcb0; padding: 8px 0; }
  .panel ul { padding: 0; margin: 0; }
  .panel .quote { font-style: italic; color: #444; }
  .panel .changed, .panel .orphaned { color: #8a3b00; font-size: 12px; }
  .via { color: #5c5c5c; font-size: 12px; font-style: italic; margin-top: 4px; }
  .panel button.goto { all: unset; cursor: pointer; display: block; }
  .panel button.goto:focus { outline: 2px solid #c9a227; }
  .add { position: absolute; z-index: 2147483646; background: #c9a227; color: #000; border: 0; border-radius: 6px; padding: 4px 8px; }
  .form { position: absolute; z-index: 2147483647; width: 320px; background: #fff; border: 1px solid #c9a227;
    border-radius: 8px; padding: 10px; box-shadow: 0 4px 18px #0003; }
  .form textarea, .form input { width: 100%; box-sizing: border-box; font: inherit; margin-top: 4px; }
  .form .error, .rate .error { color: #a00; font-size: 12px; }
  .rate { margin-top: 8px; border-top: 1px solid #e8dcb0; padding-top: 6px; }
  .rate button { font: inherit; font-size: 12px; margin: 4px 4px 0 0; cursor: pointer; }
  .rate button[aria-pressed="true"] { background: #c9a227; }
  .rate label { display: inline-block; font-size: 12px; margin-right: 8px; }
  .notice { position: fixed; left: 12px; bottom: 12px; z-index: 2147483647; max-width: 420px; background: #fff4f4;
    border: 1px solid #a00; border-radius: 8px; padding: 8px 12px; box-shadow: 0 4px 18px #0003; }
  .notice .message { color: #a00; }
  .notice button { font: inherit; font-size: 12px; margin-left: 8px; cursor: pointer; }
`;

const STATUS_LABEL = { helpful: "Rated helpful", needs_more_ratings: "Needs more ratings", not_helpful: "Rated not helpful" };

const ANSWERS = [["helpful", "Helpful"], ["somewhat_helpful", "Somewhat"], ["not_helpful", "Not helpful"]];
const HELPFUL_REASONS = [["clear", "Clear"], ["good_sources", "Good sources"], ["addresses_claim", "Addresses the claim"],
  ["important_context", "Important context"], ["unbiased_language", "Unbiased language"]];
const NOT_HELPFUL_REASONS = [["incorrect", "Incorrect"], ["sources_missing", "Sources missing"], ["opinion", "Opinion"],
  ["hard_to_understand", "Hard to understand"], ["off_topic", "Off topic"], ["outdated", "Outdated"], ["spam", "Spam"]];
const REASONS_FOR = { helpful: HELPFUL_REASONS, not_helpful: NOT_HELPFUL_REASONS,
  somewhat_helpful: [...HELPFUL_REASONS, ...NOT_HELPFUL_REASONS] };

function element(doc, tag, attributes = {}, text = null) {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== null) el.textContent = text;
  return el;
}

export function noteText(note) {
  const body = (note.body ?? []).find((b) => b.purpose !== "tagging");
  return body?.value ?? note.bodyValue ?? "";
}

export function quoteOf(note) {
  return (note.target?.selector ?? []).find((s) => s.type === "TextQuoteSelector")?.exact ?? "";
}

/** The site a note came from when it was found on another copy of this text (anchor.via), else null. */
export function viaSite(note) {
  const via = note.gloss?.anchor?.via;
  if (!via) return null;
  try {
    return new URL(via).host || null;
  } catch {
    return null;
  }
}

// Plain text (textContent) like every other piece of a note: the URL comes from the server.
function viaLine(doc, note) {
  const site = viaSite(note);
  return site && element(doc, "div", { class: "via" }, `from a copy of this article at ${site}`);
}

export class Interface {
  constructor(doc, handlers) {
    this.doc = doc;
    this.handlers = handlers; // {onSave(form), onDelete(note), onEdit(note), onGoto(note)}
    this.host = element(doc, "div", { [UI_ATTRIBUTE]: "", id: "gloss-ui" });
    this.root = this.host.attachShadow({ mode: "open" });
    this.root.append(element(doc, "style", {}, STYLE));
    this.popover = element(doc, "div", { class: "popover", role: "dialog", "aria-label": "Gloss note", hidden: "" });
    this.panel = element(doc, "aside", { class: "panel", "aria-label": "Gloss notes on this page", hidden: "" });
    this.addButton = element(doc, "button", { class: "add", type: "button", hidden: "" }, "Add note");
    this.form = element(doc, "form", { class: "form", hidden: "" });
    this.notice = element(doc, "div", { class: "notice", role: "alert", hidden: "" });
    this.root.append(this.popover, this.panel, this.addButton, this.form, this.notice);
    doc.documentElement.append(this.host);
  }

  destroy() {
    this.host.remove();
  }

  contains(node) {
    return node === this.host || this.host.contains(node);
  }

  // --- popover ----------------------------------------------------------------------------------
  showPopover(note, anchorElement, { mine, canRate = false }) {
    const doc = this.doc;
    this.popover.replaceChildren();
    this.popover.append(element(doc, "div", { class: "text" }, noteText(note)));
    const meta = element(doc, "div", { class: "meta" });
    meta.append(element(doc, "span", { class: "author" }, note.creator?.nickname ?? "someone"), " · ",
      element(doc, "span", { class: "status" }, STATUS_LABEL[note.gloss?.status] ?? note.gloss?.status ?? ""));
    if (note.gloss?.anchor?.fuzzy) meta.append(" · ", element(doc, "span", { class: "fuzzy" }, "text slightly changed"));
    this.popover.append(meta);
    const via = viaLine(doc, note);
    if (via) this.popover.append(via);
    const tags = element(doc, "div", { class: "tags" });
    for (const tag of note.gloss?.tags ?? []) tags.append(element(doc, "span", {}, tag));
    this.popover.append(tags);
    if (mine) {
      const actions = element(doc, "div", { class: "actions" });
      const edit = element(doc, "button", { type: "button", class: "edit" }, "Edit");
      const remove = element(doc, "button", { type: "button", class: "delete" }, "Delete");
      edit.addEventListener("click", () => this.handlers.onEdit(note));
      remove.addEventListener("click", () => this.handlers.onDelete(note));
      actions.append(edit, remove);
      this.popover.append(actions);
    } else if (canRate) {
      this.popover.append(this.ratingForm(note));
    }
    const box = anchorElement.getBoundingClientRect();
    this.popover.style.left = `${Math.max(4, box.left + window.scrollX)}px`;
    this.popover.style.top = `${box.bottom + window.scrollY + 6}px`;
    this.popover.hidden = false;
    this.popoverNote = note;
  }

  // Helpful / somewhat / not helpful, then the reasons that fit the answer, then send.
  ratingForm(note) {
    const doc = this.doc;
    const box = element(doc, "div", { class: "rate" }, null);
    box.append(element(doc, "div", { class: "meta" }, "Rate this note:"));
    const answers = element(doc, "div", { class: "answers" });
    const reasons = element(doc, "div", { class: "reasons" });
    const send = element(doc, "button", { type: "button", class: "send", hidden: "" }, "Send rating");
    const message = element(doc, "div", { class: "error", role: "status" });
    let chosen = null;
    for (const [value, label] of ANSWERS) {
      const button = element(doc, "button", { type: "button", "data-answer": value, "aria-pressed": "false" }, label);
      button.addEventListener("click", () => {
        chosen = value;
        for (const b of answers.children) b.setAttribute("aria-pressed", String(b === button));
        reasons.replaceChildren(...REASONS_FOR[value].map(([reason, text]) => {
          const option = element(doc, "label");
          option.append(element(doc, "input", { type: "checkbox", value: reason }), ` ${text}`);
          return option;
        }));
        send.hidden = false;
      });
      answers.append(button);
    }
    send.addEventListener("click", async () => {
      const picked = [...reasons.querySelectorAll("input:checked")].map((input) => input.value);
      const problem = await this.handlers.onRate(note, chosen, picked);
      message.textContent = problem ?? `Thanks: you rated it ${chosen.replace("_", " ")}.`;
      if (!problem) message.className = "done";
    });
    box.append(answers, reasons, send, message);
    return box;
  }

  hidePopover() {
    this.popover.hidden = true;
    this.popoverNote = null;
  }

  // --- side panel ---------------------------------------------------------------------------------
  renderPanel(notes) {
    const doc = this.doc;
    const list = element(doc, "ul");
    for (const note of notes) {
      const item = element(doc, "li", { "data-note-id": note.id });
      const state = note.gloss?.anchor?.state ?? "orphaned";
      item.dataset.state = state;
      const quote = element(doc, "div", { class: "quote" }, `“${quoteOf(note)}”`);
      const text = element(doc, "div", { class: "text" }, noteText(note));
      if (state === "anchored") {
        const go = element(doc, "button", { type: "button", class: "goto", title: "Show in the page" });
        go.append(quote, text);
        go.addEventListener("click", () => this.handlers.onGoto(note));
        item.append(go);
      } else {
        item.append(quote, text, element(doc, "div", { class: state },
          state === "changed" ? "The text has changed since this note was written." : "Not found on this page."));
      }
      item.append(element(doc, "div", { class: "meta" }, note.creator?.nickname ?? ""));
      const via = viaLine(doc, note);
      if (via) item.append(via);
      list.append(item);
    }
    const close = element(doc, "button", { type: "button", class: "close" }, "Close");
    close.addEventListener("click", () => { this.panel.hidden = true; });
    this.panel.replaceChildren(element(doc, "h2", {}, `Gloss: ${notes.length} note${notes.length === 1 ? "" : "s"}`),
      list, close);
  }

  openPanel() {
    this.panel.hidden = false;
  }

  // --- writing ----------------------------------------------------------------------------------
  showAddButton(rect, onClick) {
    this.addButton.style.left = `${rect.left + window.scrollX}px`;
    this.addButton.style.top = `${rect.bottom + window.scrollY + 6}px`;
    this.addButton.hidden = false;
    this.addButton.onclick = onClick;
  }

  hideAddButton() {
    this.addButton.hidden = true;
  }

  showForm(rect, { quote, text = "", tags = [], title = "New note", problem = null }) {
    const doc = this.doc;
    this.hideAddButton();
    const textarea = element(doc, "textarea", { name: "text", rows: "4", required: "", maxlength: "5000",
      "aria-label": "Note" });
    textarea.value = text;
    const tagInput = element(doc, "input", { name: "tags", placeholder: "tags, comma separated", "aria-label": "Tags" });
    tagInput.value = tags.join(", ");
    const error = element(doc, "div", { class: "error", role: "alert" }, problem ?? "");
    const save = element(doc, "button", { type: "submit", class: "save" }, "Save");
    const cancel = element(doc, "button", { type: "button", class: "cancel" }, "Cancel");
    cancel.addEventListener("click", () => this.hideForm());
    this.form.replaceChildren(element(doc, "strong", {}, title), element(doc, "div", { class: "quote" }, `“${quote}”`),
      textarea, tagInput, error, save, cancel);
    this.form.onsubmit = async (event) => {
      event.preventDefault();
      error.textContent = "";
      const tagsValue = tagInput.value.split(",").map((t) => t.trim()).filter(Boolean);
      const problem = await this.handlers.onSave({ text: textarea.value, tags: tagsValue });
      if (problem) error.textContent = problem;
      else this.hideForm();
    };
    this.form.style.left = `${Math.max(4, rect.left + window.scrollX)}px`;
    this.form.style.top = `${rect.bottom + window.scrollY + 8}px`;
    this.form.hidden = false;
    textarea.focus();
  }

  hideForm() {
    this.form.hidden = true;
  }

  // --- a write that failed ------------------------------------------------------------------------
  // Not tied to the popover or the form, which close on their own: it stays until hideWriteError.
  showWriteError(message, onDismiss) {
    const dismiss = element(this.doc, "button", { type: "button", class: "dismiss" }, "Dismiss");
    dismiss.addEventListener("click", onDismiss);
    this.notice.replaceChildren(element(this.doc, "span", { class: "message" }, message), dismiss);
    this.notice.hidden = false;
  }

  hideWriteError() {
    this.notice.hidden = true;
    this.notice.replaceChildren();
  }
}
