// Drawing and removing highlights. A note's span may cross element boundaries (<b>, <a>): it
// becomes one <mark> per text-node piece, and pieces shared by several notes carry all their ids.
// Marks only wrap text, so links keep working and the extracted text is unchanged; removing them
// rejoins exactly the text nodes Gloss split and leaves the page's own nodes as they were.
import { MARK_CLASS, piecesOf } from "./text.js";

export { MARK_CLASS };

// Text nodes created by splitting, per document: the only ones removeHighlights joins back.
const createdBySplit = new WeakMap();

// spans: [{id, start, end}] in UTF-16 offsets of the extracted text.
// Returns {id: [mark, ...]} with each note's marks in document order.
export function drawHighlights(doc, chunks, spans) {
  const cuts = new Map(); // chunk index -> [{from, to, id}]
  for (const span of spans) {
    for (const piece of piecesOf(chunks, span.start, span.end)) {
      if (!cuts.has(piece.chunk)) cuts.set(piece.chunk, []);
      cuts.get(piece.chunk).push({ from: piece.from, to: piece.to, id: span.id });
    }
  }
  const marks = {};
  for (const [index, ranges] of [...cuts].sort((a, b) => a[0] - b[0])) {
    for (const { mark, ids } of wrapNode(doc, chunks[index].node, ranges)) {
      for (const id of ids) (marks[id] ??= []).push(mark);
    }
  }
  return marks;
}

// The pieces of one text node to wrap: covered by at least one range and not only whitespace.
function piecesToWrap(data, ranges) {
  const bounds = [...new Set([0, data.length, ...ranges.flatMap((r) => [r.from, r.to])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const ids = ranges.filter((r) => r.from <= from && to <= r.to).map((r) => r.id);
    if (ids.length && data.slice(from, to).trim()) pieces.push({ from, to, ids });
  }
  return pieces;
}

// Split one text node only where a wrapped piece begins or ends, and wrap those pieces.
function wrapNode(doc, node, ranges) {
  const pieces = piecesToWrap(node.data, ranges);
  const cuts = [...new Set(pieces.flatMap((p) => [p.from, p.to]))]
    .filter((at) => at > 0 && at < node.data.length).sort((a, b) => b - a);
  const created = createdBySplit.get(doc) ?? new Set();
  createdBySplit.set(doc, created);
  const nodeAt = new Map([[0, node]]);
  for (const at of cuts) { // from the end, so earlier offsets stay valid
    const tail = node.splitText(at);
    created.add(tail);
    nodeAt.set(at, tail);
  }
  return pieces.map(({ from, ids }) => {
    const piece = nodeAt.get(from);
    const mark = doc.createElement("mark");
    mark.className = MARK_CLASS;
    mark.dataset.glossIds = ids.join(" ");
    piece.parentNode.insertBefore(mark, piece);
    mark.appendChild(piece);
    return { mark, ids };
  });
}

export function removeHighlights(doc) {
  for (const mark of doc.querySelectorAll(`mark.${MARK_CLASS}`)) {
    mark.replaceWith(...mark.childNodes);
  }
  const created = createdBySplit.get(doc);
  if (!created) return;
  for (const piece of created) {
    const before = piece.previousSibling;
    if (piece.isConnected && before?.nodeType === 3) {
      before.appendData(piece.data);
      piece.remove();
    }
  }
  created.clear();
}
