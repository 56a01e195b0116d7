// Quote fingerprints (issues 8 and 12), bit for bit as the server computes them (server/fingerprints/):
// tokens, 8-token shingles, 64-bit SHA-256 prefixes, a quote's fingerprint, and membership in the
// published Bloom filter. Both sides run tests/fingerprints/vectors.json. Plain JavaScript with
// Web Crypto, so the background worker and the Node tests use the same module.

export const SHINGLE_WORDS = 8;
const HASH_HEX_DIGITS = 16;
const HASH_BATCH = 1024; // digests in flight at once (bench/extension_fingerprint_bench.mjs: fastest of 64-4096)

// Scripts written without spaces between words (Han, kana, Bopomofo, Thai, Lao, Khmer, Myanmar, Tai
// Tham, New Tai Lue): each of their letters and numbers is a token by itself, with the marks that
// follow it. Inclusive code-point ranges, the same list as server/fingerprints/shingles.py
// SEPARATE_RANGES (written out, not Script properties, so both sides split the same code points).
export const SEPARATE_RANGES = [
  [0x0e00, 0x0e7f], [0x0e80, 0x0eff], [0x1000, 0x109f], [0x1780, 0x17ff], [0x1980, 0x19df],
  [0x1a20, 0x1aaf], [0x3005, 0x3007], [0x3021, 0x3029], [0x3031, 0x3035], [0x3038, 0x303c],
  [0x3040, 0x30ff], [0x3100, 0x312f], [0x31a0, 0x31bf], [0x31f0, 0x31ff], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xa9e0, 0xa9ff], [0xaa60, 0xaa7f], [0xf900, 0xfaff], [0xff66, 0xff9f],
  [0x1b000, 0x1b16f], [0x20000, 0x323af],
];
const hexRange = ([a, b]) => `\\u{${a.toString(16)}}-\\u{${b.toString(16)}}`;
// A letter or number of those ranges (marks never are: they stay with what precedes them).
const SEPARATE = `(?=[\\p{L}\\p{N}])[${SEPARATE_RANGES.map(hexRange).join("")}]`;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const MARK = /^\p{M}$/u;
const SEPARATE_CHAR = new RegExp(`^${SEPARATE}$`, "u");
// A separate character with its marks, or a run of other word characters (marks included).
const WORDS = new RegExp(`${SEPARATE}\\p{M}*|(?:(?!${SEPARATE})[\\p{L}\\p{M}\\p{N}])+`, "gu");

/** NFKC, lower case, final sigma folded; then separate characters (with their marks) and the runs
 *  of other letters, marks and numbers. */
export function tokens(text) {
  return text.normalize("NFKC").toLowerCase().replaceAll("ς", "σ").match(WORDS) ?? [];
}

/** Every window of 8 consecutive tokens, joined with one space. */
export function shingles(words) {
  const out = [];
  for (let start = 0; start + SHINGLE_WORDS <= words.length; start += 1) {
    out.push(words.slice(start, start + SHINGLE_WORDS).join(" "));
  }
  return out;
}

const encoder = new TextEncoder();

/** The first 16 hex digits of the SHA-256 of the shingle's UTF-8 bytes. */
export async function shingleHash(shingle) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(shingle)));
  let hex = "";
  for (let i = 0; i < HASH_HEX_DIGITS / 2; i += 1) hex += digest[i].toString(16).padStart(2, "0");
  return hex;
}

/** The SHA-256 of a string's UTF-8 bytes, as 64 lower-case hex digits (the URL lookup's hash). */
export async function sha256Hex(text) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Hashes of many strings, `HASH_BATCH` digests at a time; `stop(hashesOfBatch)` true ends early. */
export async function hashAll(strings, stop = () => false) {
  const out = [];
  for (let start = 0; start < strings.length; start += HASH_BATCH) {
    const batch = await Promise.all(strings.slice(start, start + HASH_BATCH).map(shingleHash));
    out.push(...batch);
    if (stop(batch)) break;
  }
  return out;
}

/** Every shingle hash of a text, in order (repeats kept). */
export function shingleHashes(text) {
  return hashAll(shingles(tokens(text)));
}

const firstCodePoint = (text) => String.fromCodePoint(text.codePointAt(0));
const lastCodePoint = (text) => Array.from(text.slice(-2)).at(-1);
const isWordChar = (char) => WORD_CHAR.test(char);
const isMark = (char) => MARK.test(char);
const isSeparate = (char) => SEPARATE_CHAR.test(char);

/** Whether the first code point of `after` would be in the same token as the last of `before` (the
 *  selection's edge then cuts a token). Raw code points, as the selection gave them. */
export function continuesToken(before, after) {
  if (!before || !after) return false;
  const first = firstCodePoint(after);
  if (!isWordChar(lastCodePoint(before)) || !isWordChar(first)) return false;
  if (isMark(first)) return true; // a mark belongs to whatever it follows
  if (isSeparate(first)) return false;
  let end = before.length; // back over trailing marks to the character they belong to
  let char = lastCodePoint(before);
  while (end > char.length && isMark(char)) {
    end -= char.length;
    char = lastCodePoint(before.slice(0, end));
  }
  return !isSeparate(char);
}

/** The quote's whole tokens: a first (last) token cut by the selection's edge is dropped. */
export function quoteTokens(exact, prefix = "", suffix = "") {
  let words = tokens(exact);
  if (words.length && continuesToken(prefix, exact)) words = words.slice(1);
  if (words.length && continuesToken(exact, suffix)) words = words.slice(0, -1);
  return words;
}

/** The smallest shingle hash of the quote's whole words, or null under 8 words. */
export async function quoteFingerprint(exact, prefix = "", suffix = "") {
  const hashes = await hashAll(shingles(quoteTokens(exact, prefix, suffix)));
  return hashes.length ? hashes.reduce((a, b) => (b < a ? b : a)) : null;
}

/** The published filter: {shingle_words, bits, hashes, count, filter: base64}. */
export class BloomFilter {
  constructor(bits, hashes, bytes) {
    if (!(Number.isSafeInteger(bits) && bits > 0 && Number.isSafeInteger(hashes) && hashes > 0 && hashes <= 64)) {
      throw new Error("A Bloom filter needs whole positive bits and hashes.");
    }
    if (bytes.length !== Math.ceil(bits / 8)) throw new Error("The filter's length does not match its bit count.");
    this.bits = bits;
    this.hashes = hashes;
    this.bytes = bytes;
  }

  static fromJSON({ shingle_words: words, bits, hashes, count, filter }) {
    if (words !== SHINGLE_WORDS) throw new Error(`The filter is for ${words}-word shingles, not ${SHINGLE_WORDS}.`);
    const bloom = new BloomFilter(bits, hashes, base64ToBytes(filter));
    bloom.empty = count === 0; // nothing to find: the page's shingles need not be hashed
    return bloom;
  }

  /** The fingerprint's bits: (a + j*b) mod m for j < k. a + j*b stays below 2^53 (a, b < 2^32,
   *  j < 64), so plain numbers are exact. */
  positions(fingerprint) {
    const a = parseInt(fingerprint.slice(0, 8), 16);
    let b = parseInt(fingerprint.slice(8, 16), 16);
    if (b % 2 === 0) b += 1; // b | 1 without 32-bit signed arithmetic
    return Array.from({ length: this.hashes }, (_, j) => (a + j * b) % this.bits);
  }

  has(fingerprint) {
    return this.positions(fingerprint).every((bit) => this.bytes[Math.floor(bit / 8)] & (1 << (bit % 8)));
  }

  /** Whether any shingle of the text is in the filter; hashing stops at the first hit. */
  async anyShingleOf(text) {
    if (this.empty) return false;
    let hit = false;
    await hashAll(shingles(tokens(text)), (batch) => {
      hit = batch.some((h) => this.has(h));
      return hit;
    });
    return hit;
  }
}

export function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
