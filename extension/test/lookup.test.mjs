// The private lookup's decision: which pages' text may reach POST /api/anchor, and which requests
// the server sees on the way. A fake server records every request; a fake clock ages the caches.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { BloomFilter, shingleHashes, sha256Hex } from "../src/fingerprints.js";
import { FILTER_REFRESH_MS, LOOKUP_TTL_MS, MAX_KNOWN_PAGES, PrivateLookup, REASON, urlHash } from "../src/lookup.js";
import { normalizeUrl } from "../src/urls.js";

const ARTICLE = "Officials in Brussels said on Tuesday that the talks would resume after the election, "
  + "according to people familiar with the plan who asked not to be named.";
const OTHER = "The city council voted to add four kilometres of dedicated bus lanes to the ring road.";

function bloomOf(fingerprints, bits = 4096, hashes = 5) {
  const bytes = new Uint8Array(bits / 8);
  for (const h of fingerprints) {
    const a = parseInt(h.slice(0, 8), 16);
    const b = parseInt(h.slice(8, 16), 16) | 1; // safe here: compared bit for bit with has() below
    for (let j = 0; j < hashes; j += 1) {
      const bit = Number((BigInt(a) + BigInt(j) * BigInt(b >>> 0)) % BigInt(bits));
      bytes[bit >> 3] |= 1 << (bit & 7);
    }
  }
  return { shingle_words: 8, bits, hashes, count: fingerprints.length, filter: Buffer.from(bytes).toString("base64") };
}

class FakeServer {
  constructor() {
    this.listed = []; // URL hashes with notes
    this.filter = bloomOf([]);
    this.etag = '"f1"';
    this.requests = [];
    this.down = false;
  }

  async request(path, headers) {
    this.requests.push({ path, headers });
    if (this.down) throw new Error("unreachable");
    const url = new URL(path, "http://gloss.test");
    if (url.pathname === "/api/lookup") {
      const prefix = url.searchParams.get("prefix");
      return { status: 200, etag: null, data: { prefix, hashes: this.listed.filter((h) => h.startsWith(prefix)) } };
    }
    if (url.pathname === "/api/fingerprints") {
      if (headers["If-None-Match"] === this.etag) return { status: 304, etag: this.etag, data: null };
      return { status: 200, etag: this.etag, data: this.filter };
    }
    return { status: 404, etag: null, data: null };
  }
}

class MemoryStore {
  constructor() { this.values = {}; }
  async get(keys) {
    const wanted = typeof keys === "string" ? [keys] : keys;
    return Object.fromEntries(wanted.filter((k) => k in this.values).map((k) => [k, structuredClone(this.values[k])]));
  }
  async set(values) { Object.assign(this.values, structuredClone(values)); }
}

let server;
let store;
let clock;
let lookup;
let origin;
beforeEach(() => {
  server = new FakeServer();
  store = new MemoryStore();
  clock = 1_000_000;
  origin = "http://gloss.test";
  lookup = new PrivateLookup({ request: (p, h) => server.request(p, h), store, server: async () => origin, now: () => clock });
});

const PAGE = "https://news.example.com/2026/11/talks-resume?utm_source=feed";
const paths = () => server.requests.map((r) => r.path);

describe("URL hash", () => {
  test("is the SHA-256 of the normalized URL: tracking parameters and fragment gone", async () => {
    assert.equal(await urlHash(PAGE), await sha256Hex("https://news.example.com/2026/11/talks-resume"));
    assert.equal(await urlHash("https://NEWS.example.com/2026/11/talks-resume/#top"), await urlHash(PAGE));
    assert.equal(normalizeUrl(PAGE), "https://news.example.com/2026/11/talks-resume");
  });
  test("of a URL the server would refuse is null", async () => {
    assert.equal(await urlHash("ftp://example.com/a"), null);
  });
});

describe("decide", () => {
  test("an un-annotated page sends nothing: the server saw 4 hex digits of the hash and the filter request", async () => {
    const decision = await lookup.decide({ url: PAGE, text: ARTICLE });
    assert.deepEqual(decision, { send: false, reason: REASON.UNKNOWN });
    const hash = await urlHash(PAGE);
    assert.deepEqual(paths(), [`/api/lookup?prefix=${hash.slice(0, 4)}`, "/api/fingerprints"]);
    assert.ok(server.requests.every((r) => !JSON.stringify(r).includes("news.example.com")));
  });

  test("a page whose URL hash the lookup lists is sent", async () => {
    server.listed = [await urlHash(PAGE)];
    assert.deepEqual(await lookup.decide({ url: PAGE, text: ARTICLE }), { send: true, reason: REASON.LISTED });
    assert.ok(!paths().includes("/api/fingerprints"), "a listed page needs no filter");
  });

  test("another hash under the same prefix is not this page", async () => {
    const hash = await urlHash(PAGE);
    server.listed = [`${hash.slice(0, 4)}${"0".repeat(60)}`];
    assert.equal((await lookup.decide({ url: PAGE, text: ARTICLE })).send, false);
  });

  test("a same-site rel=canonical that is listed counts; another site's canonical is not asked about", async () => {
    const canonical = "https://www.example.com/talks";
    server.listed = [await urlHash(canonical)];
    assert.equal((await lookup.decide({ url: PAGE, canonicalUrl: "https://example.com/talks", text: ARTICLE })).send, false);
    assert.equal((await lookup.decide({ url: "https://example.com/a?id=1", canonicalUrl: canonical, text: ARTICLE })).reason,
      REASON.LISTED);
    const foreign = "https://elsewhere.test/talks";
    server.requests = [];
    await lookup.decide({ url: "https://example.com/b", canonicalUrl: foreign, text: ARTICLE });
    assert.ok(!paths().includes(`/api/lookup?prefix=${(await urlHash(foreign)).slice(0, 4)}`));
  });

  test("a page sharing a quote's shingle with the filter is sent as a copy", async () => {
    const [someShingle] = await shingleHashes(ARTICLE);
    server.filter = bloomOf([someShingle]);
    assert.deepEqual(await lookup.decide({ url: PAGE, text: `Breaking. ${ARTICLE}` }), { send: true, reason: REASON.COPY });
    assert.deepEqual(await lookup.decide({ url: PAGE, text: OTHER }), { send: false, reason: REASON.UNKNOWN });
  });

  test("the reader's request sends the text without asking the server anything first", async () => {
    assert.deepEqual(await lookup.decide({ url: PAGE, text: ARTICLE, asked: true }), { send: true, reason: REASON.ASKED });
    assert.deepEqual(paths(), []);
  });

  test("a page the reader wrote a note on is sent even before the lookup lists it", async () => {
    assert.equal((await lookup.decide({ url: PAGE, text: ARTICLE })).send, false);
    await lookup.remember("https://news.example.com/2026/11/talks-resume#comments");
    assert.deepEqual(await lookup.decide({ url: PAGE, text: ARTICLE }), { send: true, reason: REASON.KNOWN });
  });

  test("remembered pages are bounded, newest kept", async () => {
    for (let i = 0; i <= MAX_KNOWN_PAGES; i += 1) await lookup.remember(`https://example.com/${i}`);
    const { knownPages } = await store.get("knownPages");
    assert.equal(knownPages.length, MAX_KNOWN_PAGES);
    assert.equal(knownPages[0], await urlHash(`https://example.com/${MAX_KNOWN_PAGES}`));
    assert.ok(!knownPages.includes(await urlHash("https://example.com/0")));
  });

  test("an unreachable server is an error, never a reason to send", async () => {
    server.down = true;
    await assert.rejects(lookup.decide({ url: PAGE, text: ARTICLE }));
  });
});

describe("caches", () => {
  test("a prefix's answer is reused for a short time, then asked again", async () => {
    await lookup.decide({ url: PAGE, text: ARTICLE });
    await lookup.decide({ url: `${PAGE}&fbclid=1`, text: ARTICLE });
    assert.equal(paths().filter((p) => p.startsWith("/api/lookup")).length, 1);
    clock += LOOKUP_TTL_MS;
    await lookup.decide({ url: PAGE, text: ARTICLE });
    assert.equal(paths().filter((p) => p.startsWith("/api/lookup")).length, 2);
  });

  test("writing a note forgets the cached answer for that page's prefix", async () => {
    await lookup.decide({ url: PAGE, text: ARTICLE });
    await lookup.remember(PAGE);
    const { lookupCache } = await store.get("lookupCache");
    assert.deepEqual(lookupCache.entries, {});
  });

  test("another server's cached answers are not used", async () => {
    await lookup.decide({ url: PAGE, text: ARTICLE });
    origin = "http://other.test";
    server.listed = [await urlHash(PAGE)];
    assert.equal((await lookup.decide({ url: PAGE, text: ARTICLE })).reason, REASON.LISTED);
  });

  test("the filter is kept with its ETag and asked again with If-None-Match only after the refresh time", async () => {
    await lookup.decide({ url: PAGE, text: ARTICLE });
    await lookup.decide({ url: PAGE, text: OTHER });
    assert.equal(paths().filter((p) => p === "/api/fingerprints").length, 1);
    clock += FILTER_REFRESH_MS;
    await lookup.decide({ url: PAGE, text: OTHER });
    const asks = server.requests.filter((r) => r.path === "/api/fingerprints");
    assert.deepEqual(asks.map((r) => r.headers), [{}, { "If-None-Match": '"f1"' }]);
    assert.equal((await store.get("fingerprints")).fingerprints.checkedAt, clock);
  });

  test("a new filter replaces the old one, also in a worker that restarted", async () => {
    await lookup.decide({ url: PAGE, text: ARTICLE });
    const [someShingle] = await shingleHashes(ARTICLE);
    server.filter = bloomOf([someShingle]);
    server.etag = '"f2"';
    clock += FILTER_REFRESH_MS;
    assert.equal((await lookup.decide({ url: PAGE, text: ARTICLE })).reason, REASON.COPY);
    const restarted = new PrivateLookup({ request: (p, h) => server.request(p, h), store, server: async () => origin, now: () => clock });
    assert.equal((await restarted.decide({ url: PAGE, text: ARTICLE })).reason, REASON.COPY);
  });

  test("without a filter (server has none, or it cannot be read) no page is a copy", async () => {
    server.filter = { shingle_words: 5, bits: 8, hashes: 1, count: 0, filter: "AA==" };
    assert.equal((await lookup.decide({ url: PAGE, text: ARTICLE })).send, false);
  });
});

describe("BloomFilter", () => {
  test("membership matches an independent BigInt computation, including b >= 2^31", async () => {
    const members = ["ffffffffffffffff", "00000000fffffffe", "89abcdef01234567", "0123456789abcdef"];
    const filter = BloomFilter.fromJSON(bloomOf(members, 1 << 16, 7));
    for (const h of members) assert.ok(filter.has(h), h);
    assert.ok(!filter.has("1111111122222222"));
  });
  test("a filter whose length does not match its bits is refused", () => {
    assert.throws(() => BloomFilter.fromJSON({ shingle_words: 8, bits: 64, hashes: 2, filter: "AA==" }));
  });
});
