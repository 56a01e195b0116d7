// selectorsFor: the W3C selectors of a new note. Offsets in code points; 32 code points of context
// that never split a surrogate pair; exact is the UTF-16 slice.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { selectorsFor } from "../src/content/text.js";
import { prng } from "./prng.mjs";


const PIECES = ["a", "b", " ", "é", "e\u0301", "中", "😀", "🇫🇷", "👍🏽", "𝒜", ".", "\n"];

// The expected selectors, computed on an array of code points.
function expected(text, start, end, context = 32) {
  const points = Array.from(text);
  const cpStart = Array.from(text.slice(0, start)).length;
  const cpEnd = Array.from(text.slice(0, end)).length;
  return [
    {
      type: "TextQuoteSelector",
      exact: points.slice(cpStart, cpEnd).join(""),
      prefix: points.slice(Math.max(0, cpStart - context), cpStart).join(""),
      suffix: points.slice(cpEnd, cpEnd + context).join(""),
    },
    { type: "TextPositionSelector", start: cpStart, end: cpEnd },
  ];
}

const hasLoneSurrogate = (s) => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe("selectorsFor", () => {
  test("ASCII: exact is the slice, 32-character prefix and suffix, positions equal UTF-16 offsets", () => {
    const text = "0123456789".repeat(10);
    const [quote, position] = selectorsFor(text, 40, 50);
    assert.deepEqual(quote, { type: "TextQuoteSelector", exact: text.slice(40, 50), prefix: text.slice(8, 40), suffix: text.slice(50, 82) });
    assert.deepEqual(position, { type: "TextPositionSelector", start: 40, end: 50 });
  });

  test("context is clipped at the start and end of the text", () => {
    const text = "short text here";
    const [quote, position] = selectorsFor(text, 6, 10);
    assert.equal(quote.exact, "text");
    assert.equal(quote.prefix, "short ");
    assert.equal(quote.suffix, " here");
    assert.deepEqual([position.start, position.end], [6, 10]);
  });

  test("a quote spanning the whole text has empty prefix and suffix", () => {
    const [quote, position] = selectorsFor("😀 all 😀", 0, 9);
    assert.deepEqual(quote, { type: "TextQuoteSelector", exact: "😀 all 😀", prefix: "", suffix: "" });
    assert.deepEqual([position.start, position.end], [0, 7]);
  });

  test("positions count code points: each emoji before the quote shifts UTF-16 by 2 but code points by 1", () => {
    const text = "😀😀 hello world";
    const start = text.indexOf("hello");
    const [quote, position] = selectorsFor(text, start, start + 5);
    assert.equal(start, 5);
    assert.equal(quote.exact, "hello");
    assert.deepEqual([position.start, position.end], [3, 8]);
  });

  test("prefix is 32 code points of emoji (64 UTF-16 units) and starts on a whole emoji", () => {
    const text = "😀".repeat(40) + "QUOTE" + "🇫🇷".repeat(20);
    const start = 80;
    const [quote, position] = selectorsFor(text, start, start + 5);
    assert.equal(quote.exact, "QUOTE");
    assert.equal(quote.prefix, "😀".repeat(32));
    assert.equal(Array.from(quote.prefix).length, 32);
    assert.equal(quote.prefix.length, 64);
    // 20 flags are 40 regional-indicator code points; the suffix keeps the first 32 (16 flags).
    assert.equal(quote.suffix, "🇫🇷".repeat(16));
    assert.deepEqual([position.start, position.end], [40, 45]);
  });

  test("prefix and suffix are cut between code points, never between the halves of a pair", () => {
    // 31 ASCII + an emoji right where a UTF-16 count of 32 would cut it in half.
    const text = "😀" + "a".repeat(31) + "[Q]" + "b".repeat(31) + "😀tail";
    const start = text.indexOf("[Q]");
    const [quote] = selectorsFor(text, start, start + 3);
    assert.equal(quote.prefix, "😀" + "a".repeat(31));
    assert.equal(quote.suffix, "b".repeat(31) + "😀");
    assert.ok(!hasLoneSurrogate(quote.prefix) && !hasLoneSurrogate(quote.suffix));
  });

  test("combining marks are separate code points in the context count", () => {
    const text = "e\u0301".repeat(20) + "X";
    const [quote, position] = selectorsFor(text, 40, 41);
    assert.equal(Array.from(quote.prefix).length, 32);
    assert.equal(quote.prefix, "e\u0301".repeat(16));
    assert.equal(quote.prefix.length, 32); // BMP only: 32 units
    assert.deepEqual([position.start, position.end], [40, 41]);
  });

  test("a custom context length is honoured", () => {
    const [quote] = selectorsFor("😀abcdefQUOTEghij😀", 8, 13, 3);
    assert.equal(quote.exact, "QUOTE");
    assert.equal(quote.prefix, "def");
    assert.equal(quote.suffix, "ghi");
  });

  test("an empty span gives an empty exact and equal positions", () => {
    const [quote, position] = selectorsFor("ab😀cd", 4, 4);
    assert.equal(quote.exact, "");
    assert.equal(quote.prefix, "ab😀");
    assert.equal(quote.suffix, "cd");
    assert.deepEqual([position.start, position.end], [3, 3]);
  });

  test("1000 seeded random texts and spans match a code-point reference", () => {
    const random = prng(20240611);
    for (let i = 0; i < 1000; i++) {
      let text = "";
      const n = 1 + Math.floor(random() * 120);
      for (let k = 0; k < n; k++) text += PIECES[Math.floor(random() * PIECES.length)];
      // Spans start and end on code-point boundaries, as DOM selections do.
      const starts = [0];
      for (const ch of text) starts.push(starts[starts.length - 1] + ch.length);
      let a = starts[Math.floor(random() * starts.length)];
      let b = starts[Math.floor(random() * starts.length)];
      if (a > b) [a, b] = [b, a];
      const context = random() < 0.8 ? 32 : 1 + Math.floor(random() * 40);
      const got = selectorsFor(text, a, b, context);
      assert.deepEqual(got, expected(text, a, b, context), `${JSON.stringify(text)} [${a}, ${b})`);
      assert.equal(got[0].exact, text.slice(a, b));
      assert.equal(got[0].prefix + got[0].exact + got[0].suffix, text.slice(a - got[0].prefix.length, b + got[0].suffix.length));
      assert.ok(!hasLoneSurrogate(got[0].prefix + got[0].suffix), "context splits a surrogate pair");
    }
  });
});
