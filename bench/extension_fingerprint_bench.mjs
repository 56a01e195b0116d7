// How long the extension's local page check takes on a 100 KB article: tokens, every 8-word
// shingle's SHA-256 (Web Crypto, batched) and Bloom membership, with no hit (the worst case: every
// shingle is hashed). Run: node bench/extension_fingerprint_bench.mjs
import { BloomFilter, shingleHashes, shingles, tokens } from "../extension/src/fingerprints.js";

const WORDS = ["the", "minister", "said", "on", "Tuesday", "that", "talks", "would", "resume", "après", "l'élection",
  "in", "Brussels", "2024", "according", "to", "officials", "who", "spoke", "anonymously", "Ελλάδα", "東京"];
function article(bytes) {
  let text = "";
  let seed = 7;
  while (new TextEncoder().encode(text).length < bytes) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    text += WORDS[seed % WORDS.length] + (seed % 11 === 0 ? ". " : " ");
  }
  return text;
}

const text = article(100 * 1024);
const empty = new BloomFilter(1 << 24, 16, new Uint8Array(1 << 21)); // 2 MiB, as for 1M notes
const runs = [];
for (let i = 0; i < 7; i += 1) {
  const start = performance.now();
  const hit = await empty.anyShingleOf(text);
  runs.push(performance.now() - start);
  if (hit) throw new Error("an empty filter cannot hit");
}
runs.sort((a, b) => a - b);
const t0 = performance.now();
const count = shingles(tokens(text)).length;
const tokenMs = performance.now() - t0;
const t1 = performance.now();
await shingleHashes(text);
console.log(`100 KB page: ${count} shingles; tokens+shingles ${tokenMs.toFixed(1)} ms; `
  + `full check median ${runs[3].toFixed(1)} ms, max ${runs.at(-1).toFixed(1)} ms (7 runs); `
  + `hashes alone ${(performance.now() - t1).toFixed(1)} ms`);
