// The private lookup (issue 8): decide, without telling the server which page is open, whether a
// page's text may go to POST /api/anchor. Plain JavaScript; the background worker gives it a way
// to ask the server and a key-value store, the Node tests give it fakes of both.
//
// A page's text is sent only when
//   - the reader asked ("Check this page" in the popup), or
//   - the reader wrote a note on this page in this browser (the page is then known anyway), or
//   - GET /api/lookup?prefix=<4 hex> lists the SHA-256 of the page's URL key (the server learns
//     16 bits of the hash, shared by 1/65536 of all URLs), or
//   - one of the page's 8-word shingle hashes is in the published filter of quote fingerprints
//     (GET /api/fingerprints, checked here: the server learns nothing).
import { BloomFilter, sha256Hex } from "./fingerprints.js";
import { InvalidURL, normalizeUrl, sameSite } from "./urls.js";

export const PREFIX_HEX_DIGITS = 4;
export const LOOKUP_TTL_MS = 60 * 1000; // as the server's Cache-Control: a new note shows to other readers within a minute
export const FILTER_REFRESH_MS = 30 * 60 * 1000; // the filter is asked for (If-None-Match) at most this often
export const MAX_KNOWN_PAGES = 500; // pages the reader wrote notes on, newest kept
const MAX_CACHED_PREFIXES = 1000;
const MAX_REMEMBERED_CHECKS = 20; // page texts whose fingerprint check result is kept in memory

export const REASON = Object.freeze({
  ASKED: "asked", // the reader pressed "Check this page"
  KNOWN: "known", // the reader wrote a note on this page
  LISTED: "listed", // the URL lookup lists the page
  COPY: "copy", // a shingle of the page is in the fingerprint filter
  UNKNOWN: "unknown", // none of these: nothing is sent
});

/** The SHA-256 (64 hex digits) of the normalized URL, or null for a URL the server would refuse. */
export async function urlHash(url) {
  try {
    return await sha256Hex(normalizeUrl(url));
  } catch (error) {
    if (error instanceof InvalidURL) return null;
    throw error;
  }
}

/** The page's own URL, and its rel=canonical when that is on the same site (as the server decides). */
export async function pageHashes(url, canonicalUrl) {
  const urls = [url];
  try {
    if (canonicalUrl && sameSite(url, canonicalUrl)) urls.push(canonicalUrl);
  } catch (error) {
    if (!(error instanceof InvalidURL)) throw error;
  }
  const hashes = await Promise.all(urls.map(urlHash));
  return [...new Set(hashes.filter(Boolean))];
}

export class PrivateLookup {
  /**
   * @param request async (path, headers) -> {status, etag, data}: an anonymous GET to the server
   * @param store {get(keys), set(values)} where caches live between worker restarts
   * @param server () -> the server's origin; caches of another server are not used
   */
  constructor({ request, store, server, now = () => Date.now() }) {
    this.request = request;
    this.store = store;
    this.server = server;
    this.now = now;
    this.filter = null; // {fetchedAt, bloom}: the stored filter, decoded
    this.checks = new Map(); // sha256(text) -> hit, for re-anchoring the same page text
  }

  /** {send, reason}: whether the page's text may go to POST /api/anchor, and why. */
  async decide({ url, canonicalUrl = null, text, asked = false }) {
    if (asked) return { send: true, reason: REASON.ASKED };
    const hashes = await pageHashes(url, canonicalUrl);
    const { knownPages = [] } = await this.store.get("knownPages");
    if (hashes.some((h) => knownPages.includes(h))) return { send: true, reason: REASON.KNOWN };
    for (const hash of hashes) {
      if ((await this.listed(hash.slice(0, PREFIX_HEX_DIGITS))).includes(hash)) return { send: true, reason: REASON.LISTED };
    }
    if (await this.looksLikeACopy(text)) return { send: true, reason: REASON.COPY };
    return { send: false, reason: REASON.UNKNOWN };
  }

  /** The reader wrote a note on this page: its text may be sent from now on. */
  async remember(url, canonicalUrl = null) {
    const hashes = await pageHashes(url, canonicalUrl);
    if (!hashes.length) return;
    const { knownPages = [], lookupCache } = await this.store.get(["knownPages", "lookupCache"]);
    const kept = [...hashes, ...knownPages.filter((h) => !hashes.includes(h))].slice(0, MAX_KNOWN_PAGES);
    const entries = { ...(lookupCache?.entries ?? {}) };
    for (const hash of hashes) delete entries[hash.slice(0, PREFIX_HEX_DIGITS)]; // ask again next time
    await this.store.set({ knownPages: kept, lookupCache: { ...lookupCache, entries } });
  }

  // --- URL lookup -------------------------------------------------------------------------------
  async listed(prefix) {
    const server = await this.server();
    const { lookupCache } = await this.store.get("lookupCache");
    const now = this.now();
    const fresh = lookupCache?.server === server ? lookupCache.entries ?? {} : {};
    const cached = fresh[prefix];
    if (cached && now - cached.at < LOOKUP_TTL_MS) return cached.hashes;
    const answer = await this.request(`/api/lookup?prefix=${prefix}`, {});
    if (answer.status !== 200) throw Object.assign(new Error(`The lookup answered ${answer.status}.`), { code: "lookup_failed" });
    const hashes = Array.isArray(answer.data?.hashes) ? answer.data.hashes : [];
    const entries = Object.fromEntries(Object.entries(fresh).filter(([, e]) => now - e.at < LOOKUP_TTL_MS)
      .slice(-(MAX_CACHED_PREFIXES - 1)));
    entries[prefix] = { hashes, at: now };
    await this.store.set({ lookupCache: { server, entries } });
    return hashes;
  }

  // --- fingerprint filter ---------------------------------------------------------------------------
  async looksLikeACopy(text) {
    const bloom = await this.currentFilter();
    if (!bloom || !text) return false;
    const key = `${await this.server()} ${await sha256Hex(text)}`;
    if (!this.checks.has(key)) {
      this.checks.set(key, await bloom.anyShingleOf(text));
      if (this.checks.size > MAX_REMEMBERED_CHECKS) this.checks.delete(this.checks.keys().next().value);
    }
    return this.checks.get(key);
  }

  /** The filter, asked for again (If-None-Match) when the last check is older than FILTER_REFRESH_MS.
   *  When the server cannot give one, the last one still serves; with none, no page is a copy. */
  async currentFilter() {
    const server = await this.server();
    const { fingerprints } = await this.store.get("fingerprints");
    const stored = fingerprints?.server === server ? fingerprints : null;
    if (stored && this.now() - stored.checkedAt < FILTER_REFRESH_MS) return this.decoded(stored);
    let answer;
    try {
      answer = await this.request("/api/fingerprints", stored?.etag ? { "If-None-Match": stored.etag } : {});
    } catch {
      return stored ? this.decoded(stored) : null;
    }
    if (answer.status === 304 && stored) {
      await this.store.set({ fingerprints: { ...stored, checkedAt: this.now() } });
      return this.decoded(stored);
    }
    if (answer.status !== 200) return stored ? this.decoded(stored) : null;
    const fresh = { server, etag: answer.etag ?? null, fetchedAt: this.now(), checkedAt: this.now(), data: answer.data };
    try {
      this.filter = { fetchedAt: fresh.fetchedAt, bloom: BloomFilter.fromJSON(answer.data) };
    } catch {
      return null; // a filter we cannot read is not kept
    }
    this.checks.clear();
    await this.store.set({ fingerprints: fresh });
    return this.filter.bloom;
  }

  decoded(stored) {
    // One decoded copy in memory; the worker may have restarted since it was fetched.
    if (this.filter?.fetchedAt !== stored.fetchedAt) {
      this.filter = { fetchedAt: stored.fetchedAt, bloom: BloomFilter.fromJSON(stored.data) };
      this.checks.clear();
    }
    return this.filter.bloom;
  }
}
