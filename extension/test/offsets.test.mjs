// OffsetConverter: UTF-16 code units <-> Unicode code points (what the server counts, like Python's len).
// The reference is Array.from(string), which iterates code points and yields a lone surrogate as one.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { OffsetConverter } from "../src/content/text.js";
import { prng } from "./prng.mjs";


const ALPHABET = [
  "a", "Z", " ", "\n", "é", "ß", "中", "\u00e9", "e\u0301" /* e + combining acute */, "\u0301",
  "😀", "𝒜", "🇫🇷" /* two regional indicators */, "👩‍👩‍👧" /* ZWJ sequence */, "\u{10FFFF}",
  "\ud83d" /* lone high surrogate */, "\ude00" /* lone low surrogate */, "\uffff", "\u0000",
];

function randomString(random, maxPieces) {
  let s = "";
  const n = Math.floor(random() * maxPieces);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}

// Reference: code points before UTF-16 index `unit`, and the UTF-16 index of code point `point`.
const refCodePoints = (text, unit) => Array.from(text.slice(0, unit)).length;
const refUtf16 = (text, point) => Array.from(text).slice(0, point).join("").length;

// UTF-16 indices that are not between the two halves of a surrogate pair.
function boundaries(text) {
  const out = [0];
  for (const ch of text) out.push(out[out.length - 1] + ch.length);
  return out;
}

function checkAgainstReference(text) {
  const convert = new OffsetConverter(text);
  const points = Array.from(text).length;
  for (let unit = 0; unit <= text.length; unit++) {
    assert.equal(convert.toCodePoints(unit), refCodePoints(text, unit), `toCodePoints(${unit}) of ${JSON.stringify(text)}`);
  }
  for (let point = 0; point <= points; point++) {
    assert.equal(convert.toUtf16(point), refUtf16(text, point), `toUtf16(${point}) of ${JSON.stringify(text)}`);
  }
  for (const unit of boundaries(text)) {
    assert.equal(convert.toUtf16(convert.toCodePoints(unit)), unit, `round trip of unit ${unit} in ${JSON.stringify(text)}`);
  }
  for (let point = 0; point <= points; point++) {
    assert.equal(convert.toCodePoints(convert.toUtf16(point)), point, `round trip of point ${point} in ${JSON.stringify(text)}`);
  }
}

describe("OffsetConverter", () => {
  test("empty text maps 0 to 0 both ways", () => {
    const convert = new OffsetConverter("");
    assert.equal(convert.toCodePoints(0), 0);
    assert.equal(convert.toUtf16(0), 0);
  });

  test("BMP-only text (accents, CJK, combining marks) maps every index to itself", () => {
    const text = "Café, naïve, 中文, e\u0301 and \u0301 alone, \uffff";
    const convert = new OffsetConverter(text);
    for (let i = 0; i <= text.length; i++) {
      assert.equal(convert.toCodePoints(i), i);
      assert.equal(convert.toUtf16(i), i);
    }
  });

  test("an emoji takes two UTF-16 units and one code point", () => {
    const text = "a😀b";
    const convert = new OffsetConverter(text);
    assert.deepEqual([0, 1, 3, 4].map((u) => convert.toCodePoints(u)), [0, 1, 2, 3]);
    assert.deepEqual([0, 1, 2, 3].map((p) => convert.toUtf16(p)), [0, 1, 3, 4]);
  });

  test("a flag is two astral code points: four UTF-16 units", () => {
    const text = "x🇫🇷y";
    const convert = new OffsetConverter(text);
    assert.equal(text.length, 6);
    assert.deepEqual([0, 1, 3, 5, 6].map((u) => convert.toCodePoints(u)), [0, 1, 2, 3, 4]);
    assert.deepEqual([0, 1, 2, 3, 4].map((p) => convert.toUtf16(p)), [0, 1, 3, 5, 6]);
  });

  test("consecutive emoji shift later offsets by one unit each", () => {
    const text = "😀😀😀abc";
    const convert = new OffsetConverter(text);
    assert.equal(convert.toCodePoints(text.length), 6);
    assert.equal(convert.toUtf16(3), 6);
    assert.equal(convert.toUtf16(6), 9);
  });

  test("lone surrogates count as one code point each, like Python and Array.from", () => {
    for (const text of ["\ud83d", "\ude00", "a\ud83db", "\ude00\ud83d", "\ud83d\ud83d\ude00", "\ud83d\ude00\ude00", "x\ud83d"]) {
      checkAgainstReference(text);
    }
    const convert = new OffsetConverter("\ud83d\ud83d\ude00!");
    assert.equal(convert.toCodePoints(4), 3); // lone high, then a real pair, then "!"
  });

  test("an index between the halves of a pair rounds up to the code point after it", () => {
    const convert = new OffsetConverter("a😀b");
    assert.equal(convert.toCodePoints(2), 2);
  });

  test("hand-picked strings agree with Array.from at every index", () => {
    for (const text of ["😀", "🇫🇷🇩🇪", "👩‍👩‍👧 family", "e\u0301\u0301", "𝒜𝒝𝒞 abc", "\u{10FFFF}\u{10000}", "abc"]) {
      checkAgainstReference(text);
    }
  });

  test("2000 seeded random strings agree with Array.from and round-trip at every boundary", () => {
    const random = prng(0x61055);
    for (let i = 0; i < 2000; i++) checkAgainstReference(randomString(random, 24));
  });

  test("a long astral-heavy text round-trips at every code point", () => {
    const random = prng(42);
    const text = randomString(random, 5000);
    const convert = new OffsetConverter(text);
    const starts = boundaries(text);
    assert.equal(starts.length - 1, Array.from(text).length);
    starts.forEach((unit, point) => {
      assert.equal(convert.toUtf16(point), unit);
      assert.equal(convert.toCodePoints(unit), point);
    });
  });
});
