// Page text as the server sees it (extraction v2, issue 12), and the way from its offsets back to DOM
// text nodes.
//
// The text is what a reader can see: the data of every *rendered* text node under the root, in
// document order, plus one "\n" between two consecutive kept text nodes whenever a block boundary
// lies between them (the start or end of an element whose computed display is not inline-level, or a
// <br>), so words of different blocks never join ("libertarians" + "In an interview"). Text nodes
// keep their data as it is (whitespace too): with the inserted "\n" removed, the text is what the v1
// extraction gave for the same visible nodes, which is how the server keeps notes written on v1 text
// exact. Left out entirely, as innerText leaves it out: display:none anywhere up the tree, visibility
// hidden/collapse, the `hidden` attribute, aria-hidden="true" subtrees, elements that never render
// their text (NOT_RENDERED), content-visibility:hidden, the closed part of a <details>, light-DOM
// children no slot shows, "visually hidden" boxes (clipped to nothing, or at most 1px with overflow
// hidden) and Gloss's own interface. The same extraction serves reading (POST /api/anchor) and
// writing (selectors of a new note), so offsets agree.
//
// Offsets: the server counts Unicode code points (W3C TextPositionSelector); JavaScript strings
// count UTF-16 code units, where an astral character (most emoji) takes two. `chunks` are in UTF-16
// units (they index `text`), `breaks` and `links` in code points (they go to the server);
// OffsetConverter translates between them.
export const EXTRACTION_VERSION = 2;
export const UI_ATTRIBUTE = "data-gloss-ui";
// Gloss's highlight marks (content/highlight.js draws them): read as if absent, see Frame.mark.
export const MARK_CLASS = "gloss-highlight";

// Elements whose text is never shown as page text, whatever the page's CSS says: metadata, scripts,
// form controls (their text is a value, not something a reader selects), fallback content that a
// supporting browser does not render, and SVG's non-rendered parts (SVG names keep their case).
export const NOT_RENDERED = new Set([
  "head", "title", "meta", "link", "style", "script", "noscript", "template",
  "textarea", "select", "option", "optgroup", "datalist", "input", "button",
  "iframe", "canvas", "video", "audio", "noembed", "noframes",
  "desc", "metadata", "defs", "symbol", "clipPath", "mask", "pattern", "marker", "filter",
  "linearGradient", "radialGradient",
]);
// Kept for callers of the v1 name: the element names left out whatever their style.
export const SKIPPED = NOT_RENDERED;

const SVG_NS = "http://www.w3.org/2000/svg";
const CLIPPING_OVERFLOW = new Set(["hidden", "clip", "auto", "scroll"]);

// Inline-level displays add no boundary; neither do boxless ones (contents). Two-keyword values
// ("inline flow-root", "inline list-item") start with "inline" too.
function inlineLevel(display) {
  return display.startsWith("inline") || display.startsWith("ruby") || display === "contents";
}

// A box a reader cannot see although it is laid out: the screen-reader-only patterns, which are
// all taken out of the flow (position absolute or fixed) and then clipped to nothing (clip:
// rect(0 0 0 0), clip-path: inset(50%)) or shrunk to at most 1px with overflow hidden. A box in the
// flow that is collapsed to nothing (an accordion, "read more") is left in: readers open those, and
// the text must not change when they do.
function visuallyHidden(el, style) {
  const position = style.position;
  if (position !== "absolute" && position !== "fixed") return false;
  if (clipsToNothing(style.clip) || clipPathToNothing(style.clipPath)) return true;
  if (CLIPPING_OVERFLOW.has(style.overflowX) || CLIPPING_OVERFLOW.has(style.overflowY)) {
    const box = el.getBoundingClientRect(); // layout is done once for the whole walk, then cached
    return box.width <= 1 || box.height <= 1;
  }
  return false;
}

function clipsToNothing(clip) {
  if (!clip || !clip.startsWith("rect(")) return false;
  const [top, right, bottom, left] = clip.slice(5, -1).split(/[\s,]+/).map((v) => (v === "auto" ? NaN : parseFloat(v)));
  return right - left <= 1 || bottom - top <= 1; // NaN (an "auto" edge) compares false: not clipped
}

function clipPathToNothing(clipPath) {
  if (!clipPath || clipPath === "none") return false;
  const inset = /^inset\(\s*(\d+(?:\.\d+)?)%\s*\)$/.exec(clipPath);
  if (inset) return parseFloat(inset[1]) >= 50;
  return /^circle\(\s*0(px|%)?\s*(at\b.*)?\)$/.test(clipPath);
}

// Whether the element and everything in it is left out, whatever its descendants' styles say.
// An inline box can be neither positioned out of the flow (that makes it a block) nor contained
// (content-visibility), so its style is not read further: most elements of an article are inline.
function leftOut(el, style, display) {
  if (NOT_RENDERED.has(el.localName)) return true;
  if (el.hasAttributes() && (el.hasAttribute("hidden") || el.hasAttribute(UI_ATTRIBUTE)
    || el.getAttribute("aria-hidden") === "true")) return true; // most inline elements have no attribute
  if (display === "inline") return false;
  return style.contentVisibility === "hidden" || visuallyHidden(el, style);
}

// The text, its chunks, break and link offsets, built in one pass.
class TextBuilder {
  constructor() {
    this.parts = [];
    this.length = 0; // UTF-16 units so far
    this.chunks = [];
    this.breaks = []; // UTF-16 offsets of the inserted "\n"
    this.links = []; // UTF-16 [start, end] of link text, merged
    this.boundary = false; // a block boundary since the last kept text node
    this.lastLink = null; // the a[href] around the last kept text node
  }

  add(node, link) {
    const data = node.data;
    if (!data) return;
    if (this.boundary && this.length) {
      this.breaks.push(this.length);
      this.parts.push("\n");
      this.length += 1;
    }
    this.boundary = false;
    const start = this.length;
    this.parts.push(data);
    this.length += data.length;
    this.chunks.push({ node, start, end: this.length });
    if (link) this.addLink(link, start, this.length);
    this.lastLink = link;
  }

  addLink(link, start, end) {
    const last = this.links[this.links.length - 1];
    // Two text nodes of the same link are one range, a "\n" between its blocks included; two links
    // that touch are merged as the contract says.
    if (last && (link === this.lastLink || last[1] === start)) last[1] = end;
    else this.links.push([start, end]);
  }

  result() {
    const text = this.parts.join("");
    const convert = new OffsetConverter(text);
    const points = (unit) => convert.toCodePoints(unit);
    return { text, chunks: this.chunks, breaks: this.breaks.map(points),
      links: this.links.map(([start, end]) => [points(start), points(end)]) };
  }
}

// One element being walked: what its children inherit and which of them are rendered.
class Frame {
  constructor(el, style, display, parent) {
    this.el = el;
    this.style = style;
    this.block = el.localName === "br" || !inlineLevel(display)
      || (el.namespaceURI === SVG_NS && el.localName === "text"); // SVG labels are placed apart
    this.visibility = null; // read at the first text child: many elements hold none
    this.link = el.localName === "a" && el.hasAttribute("href") ? el : parent?.link ?? null;
    // A closed <details> shows only its first <summary>; a shadow host only its slotted children.
    this.onlyChild = el.localName === "details" && !el.open
      ? [...el.children].find((c) => c.localName === "summary") ?? null : undefined;
    this.slotted = Boolean(el.shadowRoot);
  }

  // Gloss's own <mark> around page text: no boundary, its parent's visibility and link, whatever
  // the page's CSS says of <mark>, so the text and its offsets are the same with highlights drawn
  // or not (a selection over a highlight, a re-check of a highlighted page).
  static mark(el, parent) {
    return Object.assign(Object.create(Frame.prototype), { el, style: parent.style, block: false,
      visibility: parent.visibility, link: parent.link, onlyChild: undefined, slotted: false });
  }

  get visible() {
    this.visibility ??= this.style.visibility;
    return this.visibility === "visible";
  }

  shows(node) {
    if (this.onlyChild !== undefined && node !== this.onlyChild) return false;
    return !this.slotted || Boolean(node.assignedSlot);
  }
}

export function extractText(root, doc = root.ownerDocument) {
  const out = new TextBuilder();
  const view = doc.defaultView;
  // Each element's computed style is read once, top-down; a left-out element's subtree is never
  // visited, so a text node costs nothing more than its parent's style.
  const enter = (el, parent) => {
    if (parent && el.localName === "mark" && el.classList.contains(MARK_CLASS)) return Frame.mark(el, parent);
    const style = view.getComputedStyle(el);
    const display = style.display;
    if (display === "none") return null;
    const frame = new Frame(el, style, display, parent);
    if (frame.block) out.boundary = true;
    return leftOut(el, style, display) ? null : frame;
  };
  const first = enter(root, null);
  if (!first) return out.result();
  const frames = [first];
  let node = root.firstChild;
  while (frames.length) {
    const frame = frames[frames.length - 1];
    if (node === null) { // the end of frame.el
      frames.pop();
      if (frame.block) out.boundary = true;
      node = frames.length ? frame.el.nextSibling : null;
      continue;
    }
    const next = node.nextSibling;
    if (!frame.shows(node)) {
      node = next;
    } else if (node.nodeType === 3) {
      if (frame.visible) out.add(node, frame.link);
      node = next;
    } else if (node.nodeType === 1) {
      const child = enter(node, frame);
      if (child) {
        frames.push(child);
        node = node.firstChild;
      } else {
        node = next;
      }
    } else {
      node = next;
    }
  }
  return out.result();
}

const SURROGATE_PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

export class OffsetConverter {
  constructor(text) {
    // UTF-16 positions of the second unit of each surrogate pair, in order. A regular expression
    // scans a 1 MB text several times faster than a loop over its units; without the u flag it
    // matches units, so a lone surrogate is skipped as one unit, as Python and Array.from count it.
    this.pairs = [];
    for (const match of text.matchAll(SURROGATE_PAIR)) this.pairs.push(match.index + 1);
  }

  // Code points before UTF-16 index `unit`.
  toCodePoints(unit) {
    return unit - countBelow(this.pairs, unit);
  }

  // UTF-16 index of code point `point`.
  toUtf16(point) {
    // Each pair before the target adds one unit; pairs[k] - k is the code point of pair k's second half.
    let low = 0;
    let high = this.pairs.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.pairs[mid] - mid <= point) low = mid + 1;
      else high = mid;
    }
    return point + low;
  }
}

function countBelow(sorted, value) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

// The pieces of text nodes covering UTF-16 [start, end): [{chunk, from, to}] in node offsets. The
// inserted "\n" belong to no chunk, so no piece (and no highlight) ever covers one.
export function piecesOf(chunks, start, end) {
  const pieces = [];
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (chunks[mid].end <= start) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < chunks.length && chunks[i].start < end; i++) {
    const chunk = chunks[i];
    const from = Math.max(start, chunk.start) - chunk.start;
    const to = Math.min(end, chunk.end) - chunk.start;
    if (to > from) pieces.push({ chunk: i, from, to });
  }
  return pieces;
}

// node -> chunk, built once per extraction (a selection on a 1 MB page must not scan every chunk).
const chunkByNode = new WeakMap();

function chunkOf(chunks, node) {
  let index = chunkByNode.get(chunks);
  if (!index) {
    index = new Map(chunks.map((c) => [c.node, c]));
    chunkByNode.set(chunks, index);
  }
  return index.get(node);
}

// UTF-16 offset in the page text of a DOM boundary point (node, offset), or -1 on a page without
// text. A point in a kept text node is exact; any other point (an element boundary, or inside text
// that is left out, such as a hidden copy) maps to the start of the first kept text at or after it,
// so a selection that ends in hidden text ends where the visible text does (plus at most a "\n",
// which the caller trims).
export function textOffset(chunks, node, offset) {
  if (node.nodeType === 3) {
    const chunk = chunkOf(chunks, node);
    if (chunk) return chunk.start + Math.min(offset, chunk.node.data.length);
  }
  if (!chunks.length) return -1;
  // Chunks are in document order, so a binary search on Range.comparePoint finds it.
  const point = node.ownerDocument.createRange();
  point.setStart(node, Math.min(offset, node.nodeType === 3 ? node.data.length : node.childNodes.length));
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (point.comparePoint(chunks[mid].node, 0) < 0) low = mid + 1;
    else high = mid;
  }
  return low < chunks.length ? chunks[low].start : chunks[chunks.length - 1].end;
}

// W3C selectors of UTF-16 [start, end) of the text: code-point offsets, 32 code points of context.
export function selectorsFor(text, start, end, context = 32) {
  const convert = new OffsetConverter(text);
  const cpStart = convert.toCodePoints(start);
  const cpEnd = convert.toCodePoints(end);
  const prefixStart = convert.toUtf16(Math.max(0, cpStart - context));
  const suffixEnd = convert.toUtf16(Math.min(convert.toCodePoints(text.length), cpEnd + context));
  return [
    { type: "TextQuoteSelector", exact: text.slice(start, end), prefix: text.slice(prefixStart, start),
      suffix: text.slice(end, suffixEnd) },
    { type: "TextPositionSelector", start: cpStart, end: cpEnd },
  ];
}
