// The shared fingerprint vectors (tests/fingerprints/vectors.json, also run by the server's pytest):
// every case of every group, so the extension and the server agree bit for bit.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import { BloomFilter, SHINGLE_WORDS, quoteFingerprint, sha256Hex, shingleHashes, tokens } from "../src/fingerprints.js";
import { urlHash } from "../src/lookup.js";
import { normalizeUrl } from "../src/urls.js";

const VECTORS = JSON.parse(readFileSync(new URL("../../tests/fingerprints/vectors.json", import.meta.url), "utf8"));
const label = (why, text) => `${why ?? ""}: ${JSON.stringify(text).slice(0, 80)}`;

test("the vectors are for 8-word shingles and every group has cases", () => {
  assert.equal(VECTORS.shingle_words, SHINGLE_WORDS);
  for (const group of ["tokens", "token_mix", "quote_mix", "shingles", "quote", "bloom", "url_hash"]) assert.ok(VECTORS[group].length > 0, group);
});

describe("tokens", () => {
  for (const c of VECTORS.tokens) test(label(c.why, c.text), () => assert.deepEqual(tokens(c.text), c.tokens));
});

describe("token_mix (seeded random texts where scripts, marks and separators meet)", () => {
  for (const c of VECTORS.token_mix) test(label("", c.text), () => assert.deepEqual(tokens(c.text), c.tokens));
});

describe("shingles", () => {
  for (const c of VECTORS.shingles) test(label(c.why, c.text), async () => assert.deepEqual(await shingleHashes(c.text), c.hashes));
});

describe("quote", () => {
  for (const c of VECTORS.quote) {
    test(label(c.why, c.exact), async () => assert.equal(await quoteFingerprint(c.exact, c.prefix, c.suffix), c.fingerprint));
  }
});

describe("quote_mix (seeded random quotes: edge trimming where scripts meet)", () => {
  for (const c of VECTORS.quote_mix) {
    test(label("", c.prefix + "|" + c.exact + "|" + c.suffix), async () =>
      assert.equal(await quoteFingerprint(c.exact, c.prefix, c.suffix), c.fingerprint));
  }
});

describe("bloom", () => {
  for (const c of VECTORS.bloom) {
    test(label(c.why, c.fingerprints), () => {
      const filter = BloomFilter.fromJSON({ shingle_words: SHINGLE_WORDS, bits: c.bits, hashes: c.hashes, filter: c.filter });
      for (const h of c.fingerprints) assert.ok(filter.has(h), `${h} was added`);
      const built = new Uint8Array(filter.bytes.length);
      for (const bit of c.fingerprints.flatMap((h) => filter.positions(h))) built[bit >> 3] |= 1 << (bit & 7);
      assert.equal(Buffer.from(built).toString("base64"), c.filter, "the same bits as the server sets");
      for (const probe of c.probes) assert.equal(filter.has(probe.fingerprint), probe.member, probe.fingerprint);
    });
  }
});

describe("url_hash", () => {
  for (const c of VECTORS.url_hash) {
    test(label(c.why, c.input), async () => {
      assert.equal(normalizeUrl(c.input), c.normalized);
      assert.equal(await sha256Hex(c.normalized), c.sha256);
      assert.equal(await urlHash(c.input), c.sha256);
    });
  }
});
