// Page text as the server sees it, and the way from its offsets back to DOM text nodes.
//
// The text is every text node under <body>, in document order, concatenated (no separators), except
// those inside SKIPPED elements and Gloss's own interface. The same extraction serves reading
// (POST /api/anchor) and writing (selectors of a new note), so offsets agree.
//
// Offsets: the server counts Unicode code points (W3C TextPositionSelector); JavaScript strings
// count UTF-16 code units, where an astral character (most emoji) takes two. OffsetConverter
// translates between them.
export const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TEXTAREA", "SELECT", "OPTION"]);
export const UI_ATTRIBUTE = "data-gloss-ui";

export function extractText(root, doc = root.ownerDocument) {
  const chunks = [];
  let text = "";
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */, {
    acceptNode(node) {
      for (let el = node.parentElement; el && el !== root.parentElement; el = el.parentElement) {
        if (SKIPPED.has(el.tagName) || el.hasAttribute(UI_ATTRIBUTE)) return 2; // FILTER_REJECT
      }
      return 1; // FILTER_ACCEPT
    },
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data) continue;
    chunks.push({ node, start: text.length, end: text.length + node.data.length });
    text += node.data;
  }
  return { text, chunks };
}

export class OffsetConverter {
  constructor(text) {
    // UTF-16 positions of the second unit of each surrogate pair, in order.
    this.pairs = [];
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.pairs.push(i + 1);
          i++;
        }
      }
    }
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

// The pieces of text nodes covering UTF-16 [start, end): [{chunk, from, to}] in node offsets.
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

// UTF-16 offset in the page text of a DOM boundary point (node, offset), or -1 outside the text.
export function textOffset(chunks, node, offset) {
  if (node.nodeType === 3) {
    const chunk = chunks.find((c) => c.node === node);
    return chunk ? chunk.start + Math.min(offset, chunk.node.data.length) : -1;
  }
  // An element boundary: the start of the first text node at or after it (chunks are in document
  // order, so a binary search on Range.comparePoint finds it).
  const point = node.ownerDocument.createRange();
  point.setStart(node, offset);
  let low = 0;
  let high = chunks.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (point.comparePoint(chunks[mid].node, 0) < 0) low = mid + 1;
    else high = mid;
  }
  if (low < chunks.length) return chunks[low].start;
  return chunks.length ? chunks[chunks.length - 1].end : -1;
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
