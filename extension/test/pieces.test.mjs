// piecesOf: the pieces of text nodes covering a UTF-16 span. Pure: chunks are built by hand here
// ({node, start, end}, as extractText makes them; node carries only .data).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { piecesOf } from "../src/content/text.js";
import { prng } from "./prng.mjs";

function chunksOf(...datas) {
  const chunks = [];
  let at = 0;
  for (const data of datas) {
    chunks.push({ node: { data }, start: at, end: at + data.length });
    at += data.length;
  }
  return chunks;
}

const textOfPieces = (chunks, pieces) => pieces.map((p) => chunks[p.chunk].node.data.slice(p.from, p.to)).join("");

describe("piecesOf", () => {
  // "Alpha " | "bold" | " and " | "link" | " tail."
  const chunks = chunksOf("Alpha ", "bold", " and ", "link", " tail.");
  const text = chunks.map((c) => c.node.data).join("");

  test("a span inside one chunk is one piece in that node's offsets", () => {
    assert.deepEqual(piecesOf(chunks, 11, 14), [{ chunk: 2, from: 1, to: 4 }]);
  });

  test("a span crossing four chunks gives four pieces that concatenate to the span's text", () => {
    const start = 2;
    const end = text.indexOf("link") + 2;
    const pieces = piecesOf(chunks, start, end);
    assert.deepEqual(pieces, [
      { chunk: 0, from: 2, to: 6 },
      { chunk: 1, from: 0, to: 4 },
      { chunk: 2, from: 0, to: 5 },
      { chunk: 3, from: 0, to: 2 },
    ]);
    assert.equal(textOfPieces(chunks, pieces), text.slice(start, end));
  });

  test("a span that exactly covers whole chunks takes neither neighbour", () => {
    assert.deepEqual(piecesOf(chunks, 6, 15), [{ chunk: 1, from: 0, to: 4 }, { chunk: 2, from: 0, to: 5 }]);
  });

  test("a span of the whole text covers every chunk entirely", () => {
    const pieces = piecesOf(chunks, 0, text.length);
    assert.equal(pieces.length, chunks.length);
    assert.equal(textOfPieces(chunks, pieces), text);
  });

  test("an empty span gives no pieces, at a chunk boundary or inside a chunk", () => {
    assert.deepEqual(piecesOf(chunks, 6, 6), []);
    assert.deepEqual(piecesOf(chunks, 8, 8), []);
    assert.deepEqual(piecesOf(chunks, 0, 0), []);
    assert.deepEqual(piecesOf(chunks, text.length, text.length), []);
  });

  test("a reversed span gives no pieces", () => {
    assert.deepEqual(piecesOf(chunks, 10, 4), []);
  });

  test("a span entirely past the end of the text gives no pieces", () => {
    assert.deepEqual(piecesOf(chunks, text.length, text.length + 10), []);
    assert.deepEqual(piecesOf(chunks, text.length + 5, text.length + 10), []);
  });

  test("a span entirely before the text gives no pieces", () => {
    assert.deepEqual(piecesOf(chunks, -10, 0), []);
    assert.deepEqual(piecesOf(chunks, -10, -2), []);
  });

  test("a span overhanging either end is clipped to the text", () => {
    assert.deepEqual(piecesOf(chunks, -3, 2), [{ chunk: 0, from: 0, to: 2 }]);
    const last = chunks.length - 1;
    assert.deepEqual(piecesOf(chunks, text.length - 2, text.length + 50), [{ chunk: last, from: 4, to: 6 }]);
  });

  test("no chunks give no pieces", () => {
    assert.deepEqual(piecesOf([], 0, 10), []);
  });

  test("3000 seeded random chunkings and spans: pieces are in order, inside their chunk, and spell the clipped span", () => {
    const random = prng(7);
    for (let round = 0; round < 3000; round++) {
      const datas = [];
      const count = 1 + Math.floor(random() * 12);
      for (let i = 0; i < count; i++) datas.push("x".repeat(1 + Math.floor(random() * 9)).replace(/x/g, () => "abcdefgh"[Math.floor(random() * 8)]));
      const cs = chunksOf(...datas);
      const whole = datas.join("");
      const start = Math.floor(random() * (whole.length + 6)) - 3;
      const end = start + Math.floor(random() * (whole.length + 3)) - 1;
      const pieces = piecesOf(cs, start, end);
      const expected = end > start ? whole.slice(Math.max(0, start), Math.max(0, Math.min(end, whole.length))) : "";
      assert.equal(textOfPieces(cs, pieces), expected, `${JSON.stringify(datas)} [${start}, ${end})`);
      for (let i = 0; i < pieces.length; i++) {
        const p = pieces[i];
        assert.ok(p.from < p.to && p.from >= 0 && p.to <= datas[p.chunk].length);
        if (i) assert.equal(p.chunk, pieces[i - 1].chunk + 1); // consecutive chunks, no gaps
      }
    }
  });
});
