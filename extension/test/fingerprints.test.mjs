// Fingerprints as the spec fixes them (tokens, 8-word shingles, 64-bit SHA-256 prefixes, quote
// fingerprints, Bloom membership). The expected values were computed with Python's unicodedata and
// hashlib, i.e. the server's side; tests/fingerprints/vectors.json is run in vectors.test.mjs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { BloomFilter, quoteFingerprint, quoteTokens, shingleHashes, shingles, tokens } from "../src/fingerprints.js";

describe("tokens", () => {
  const cases = [
    ["L’État n'a pas «tout» dit — ﬁnally ＦＵＬＬ width", ["l", "état", "n", "a", "pas", "tout", "dit", "finally", "full", "width"]],
    ["ΟΔΟΣ Σίσυφος", ["οδοσ", "σίσυφοσ"]],
    ["İstanbul ıi", ["i̇stanbul", "ıi"]],
    ["東京 2024年 😀 café", ["東", "京", "2024", "年", "café"]],
    ["北京时间2024年", ["北", "京", "时", "间", "2024", "年"]],
    ["ニュース速報：", ["ニ", "ュ", "ー", "ス", "速", "報"]],
    ["ข่าวด่วน", ["ข่", "า", "ว", "ด่", "ว", "น"]],
    ["서울 뉴스", ["서울", "뉴스"]],
    ["e\u0301t\u00e9", ["été"]],
    ["", []],
    ["— … !", []],
  ];
  for (const [text, expected] of cases) test(JSON.stringify(text), () => assert.deepEqual(tokens(text), expected));
});

describe("shingles and hashes", () => {
  const text = "One two, three: four five six seven eight nine";
  test("every window of 8 tokens, joined with one space", () => {
    assert.deepEqual(shingles(tokens(text)), ["one two three four five six seven eight", "two three four five six seven eight nine"]);
    assert.deepEqual(shingles(tokens("one two three four five six seven")), []);
  });
  test("the first 16 hex digits of SHA-256, in page order", async () => {
    assert.deepEqual(await shingleHashes(text), ["62d51a1fd36f8eb3", "f936397ea992d3cf"]);
  });
  test("a long text is hashed in batches without losing order", async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(" ");
    const hashes = await shingleHashes(words);
    assert.equal(hashes.length, 3000 - 7);
    assert.deepEqual(hashes.slice(-2), await shingleHashes(Array.from({ length: 9 }, (_, i) => `w${2991 + i}`).join(" ")));
  });
});

describe("quote fingerprint", () => {
  const quote = "One two, three: four five six seven eight nine";
  test("is the smallest shingle hash of the quote", async () => {
    assert.equal(await quoteFingerprint(quote), "62d51a1fd36f8eb3");
  });
  test("drops a first token cut by the selection (prefix ends and quote starts inside a word)", () => {
    assert.deepEqual(quoteTokens("ne two three", "O"), ["two", "three"]);
    assert.deepEqual(quoteTokens("ne two three", "O "), ["ne", "two", "three"]);
    assert.deepEqual(quoteTokens(" ne two three", "O"), ["ne", "two", "three"]);
  });
  test("drops a last token cut by the selection (same test against the suffix)", () => {
    assert.deepEqual(quoteTokens("one two thr", "", "ee"), ["one", "two"]);
    assert.deepEqual(quoteTokens("one two thr.", "", "ee"), ["one", "two", "thr"]);
  });
  test("never drops an ideograph or kana at an edge: such a character is a whole token", () => {
    assert.deepEqual(quoteTokens("京时间", "北", "2"), ["京", "时", "间"]);
    assert.deepEqual(quoteTokens("iPhone发布", "新", "会"), ["iphone", "发", "布"]);
  });
  test("drops a Latin word cut next to ideographs, and a mark cut from its letter", () => {
    assert.deepEqual(quoteTokens("Phone发布", "i", "会"), ["发", "布"]);
    assert.deepEqual(quoteTokens("发布iPh", "新", "one"), ["发", "布"]);
    assert.deepEqual(quoteTokens("\u0e48าว", "ข", ""), ["า", "ว"]);
    assert.deepEqual(quoteTokens("abc", "字\u0301", ""), ["abc"]);
    assert.deepEqual(quoteTokens("abc", "e\u0301", ""), []);
  });
  test("looks at whole code points at the edges (an astral letter)", () => {
    assert.deepEqual(quoteTokens("𝒜b cd", "𝒜"), ["cd"]);
  });
  test("is null when fewer than 8 whole words are left", async () => {
    assert.equal(await quoteFingerprint("according to the State Department"), null);
    assert.equal(await quoteFingerprint("ne two three four five six seven eight", "O"), null);
  });
});

describe("Bloom filter", () => {
  test("an empty filter holds nothing; a full one everything", () => {
    const empty = new BloomFilter(64, 3, new Uint8Array(8));
    const full = new BloomFilter(64, 3, new Uint8Array(8).fill(255));
    assert.equal(empty.has("0123456789abcdef"), false);
    assert.equal(full.has("0123456789abcdef"), true);
  });
  test("bit j of fingerprint h is (a + j*b) mod m, in byte i >> 3 at mask 1 << (i & 7)", () => {
    // a = 5, b = 2 | 1 = 3, m = 20, k = 2: bits 5 and 8.
    const bytes = new Uint8Array(3);
    bytes[0] = 1 << 5;
    bytes[1] = 1 << 0;
    const filter = new BloomFilter(20, 2, bytes);
    assert.equal(filter.has("0000000500000002"), true);
    bytes[1] = 0;
    assert.equal(filter.has("0000000500000002"), false);
  });
  test("a filter of no fingerprints is known empty, whatever its bits", async () => {
    const filter = BloomFilter.fromJSON({ shingle_words: 8, bits: 8, hashes: 1, count: 0, filter: "/w==" });
    assert.equal(await filter.anyShingleOf("one two three four five six seven eight"), false);
  });
  test("anyShingleOf finds a page that contains a quote's fingerprint", async () => {
    const fingerprint = await quoteFingerprint("One two, three: four five six seven eight nine");
    const a = parseInt(fingerprint.slice(0, 8), 16);
    const b = parseInt(fingerprint.slice(8, 16), 16) + (parseInt(fingerprint[15], 16) % 2 === 0 ? 1 : 0);
    const bits = 1 << 12;
    const bytes = new Uint8Array(bits / 8);
    for (let j = 0; j < 4; j += 1) {
      const bit = (a + j * b) % bits;
      bytes[bit >> 3] |= 1 << (bit & 7);
    }
    const filter = new BloomFilter(bits, 4, bytes);
    assert.equal(await filter.anyShingleOf("Headline. And then: one two three four five six seven eight nine ten."), true);
    assert.equal(await filter.anyShingleOf("one two three four five six seven ate nine"), false);
  });
  // Issue 12: before each ideograph was a token, a Chinese sentence was one token, no Chinese quote
  // had a fingerprint and no Chinese copy ever hit the filter, so its text was never sent.
  const filterOf = async (quotes) => {
    const bits = 1 << 14;
    const bytes = new Uint8Array(bits / 8);
    const filter = new BloomFilter(bits, 4, bytes);
    for (const quote of quotes) {
      const fingerprint = await quoteFingerprint(quote);
      assert.ok(fingerprint, quote);
      for (const bit of filter.positions(fingerprint)) bytes[bit >> 3] |= 1 << (bit & 7);
    }
    return filter;
  };
  test("a Chinese or Japanese copy of a noted article hits the filter; another page of the same script does not", async () => {
    const filter = await filterOf(["三条夜间公交线路在第一个月共运送乘客约四万人次", "ソウルと台北を結ぶ二路線で、いずれも週三往復の運航を予定している"]);
    assert.equal(await filter.anyShingleOf("门户网\n深夜的公交站不再冷清。\n本市交通局周一表示，十月开通的三条夜间公交线路在第一个月共运送乘客约四万人次，比规划时的估计高出三成。"), true);
    assert.equal(await filter.anyShingleOf("ポータルニュース\n再開するのはソウルと台北を結ぶ二路線で、いずれも週三往復の運航を予定している。"), true);
    assert.equal(await filter.anyShingleOf("本市气象台周一表示，未来三天将有大风降温天气，请市民注意防寒保暖。"), false);
  });
});
