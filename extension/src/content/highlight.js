// Drawing and removing highlights. A note's span may cross element boundaries (<b>, <a>): it
// becomes one <mark> per text-node piece, and pieces shared by several notes carry all their ids.
// Marks only wrap text, so links keep working and the extracted text is unchanged.
import { piecesOf } from "./text.js";

export const MARK_CLASS = "gloss-highlight";

// spans: [{id, start, end}] in UTF-16 offsets of the extracted text. Returns {id: [mark, ...]}.
export function drawHighlights(doc, chunks, spans) {
  const cuts = new Map(); // chunk index -> [{from, to, id}]
  for (const span of spans) {
    for (const piece of piecesOf(chunks, span.start, span.end)) {
      if (!cuts.has(piece.chunk)) cuts.set(piece.chunk, []);
      cuts.get(piece.chunk).push({ from: piece.from, to: piece.to, id: span.id });
    }
  }
  const marks = {};
  for (const [index, ranges] of cuts) {
    for (const { mark, ids } of wrapNode(doc, chunks[index].node, ranges)) {
      for (const id of ids) (marks[id] ??= []).push(mark);
    }
  }
  return marks;
}

// Split one text node at every range boundary and wrap each covered piece in a <mark>.
function wrapNode(doc, node, ranges) {
  const length = node.data.length;
  const bounds = [...new Set([0, length, ...ranges.flatMap((r) => [r.from, r.to])])].sort((a, b) => a - b);
  const pieces = [];
  // Split from the end so earlier offsets stay valid.
  let rest = node;
  const nodes = [];
  for (let i = bounds.length - 2; i >= 0; i--) {
    const piece = bounds[i] === 0 ? rest : rest.splitText(bounds[i]);
    nodes.unshift({ node: piece, from: bounds[i], to: bounds[i + 1] });
  }
  for (const { node: piece, from, to } of nodes) {
    const ids = ranges.filter((r) => r.from <= from && to <= r.to).map((r) => r.id);
    if (!ids.length || !piece.data.trim()) continue;
    const mark = doc.createElement("mark");
    mark.className = MARK_CLASS;
    mark.dataset.glossIds = ids.join(" ");
    piece.parentNode.insertBefore(mark, piece);
    mark.appendChild(piece);
    pieces.push({ mark, ids });
  }
  return pieces;
}

export function removeHighlights(doc) {
  const parents = new Set();
  for (const mark of doc.querySelectorAll(`mark.${MARK_CLASS}`)) {
    const parent = mark.parentNode;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parents.add(parent);
  }
  for (const parent of parents) parent.normalize();
}
