// The URL normalization port runs every case of the server's own vectors
// (tests/documents/url_vectors.json): the same page must give the same key on both sides.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

import { InvalidURL, documentKey, normalizeUrl, sameSite } from "../src/urls.js";

const VECTORS = JSON.parse(readFileSync(new URL("../../tests/documents/url_vectors.json", import.meta.url), "utf8"));

describe("normalizeUrl", () => {
  for (const { input, expected, why } of VECTORS.normalize) {
    test(`${why}: ${JSON.stringify(input)}`, () => {
      assert.equal(normalizeUrl(input), expected);
      assert.equal(normalizeUrl(expected), expected, "normalizing twice changes nothing");
    });
  }
});

describe("invalid URLs are refused", () => {
  for (const { input, why } of VECTORS.invalid) {
    test(`${why}: ${JSON.stringify(input)}`, () => {
      assert.throws(() => normalizeUrl(input), InvalidURL);
    });
  }
  test("a URL longer than the limit", () => {
    assert.throws(() => normalizeUrl(`https://example.com/${"a".repeat(2048)}`), InvalidURL);
  });
  test("something that is not a string", () => {
    assert.throws(() => normalizeUrl(null), InvalidURL);
  });
});

describe("documentKey", () => {
  for (const { input, expected, why } of VECTORS.document_key) {
    test(`${why}: ${JSON.stringify(input)}`, () => assert.equal(documentKey(input), expected));
  }
});

describe("sameSite", () => {
  for (const { a, b, expected, why } of VECTORS.same_site) {
    test(`${why}: ${a} ~ ${b}`, () => assert.equal(sameSite(a, b), expected));
  }
});

test("every vector group was read (a renamed key must not silently skip a group)", () => {
  for (const group of ["normalize", "invalid", "document_key", "same_site"]) assert.ok(VECTORS[group].length > 5, group);
});
