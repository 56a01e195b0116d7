// How long the extension's local page check takes on a 100 KB article: tokens, every 8-word
// shingle's SHA-256 (Web Crypto, batched) and Bloom membership in a 2 MiB filter, with no hit (the
// worst case: every shingle is hashed).
//   node bench/extension_fingerprint_bench.mjs            (Node's Web Crypto)
//   .venv/bin/python bench/extension_fingerprint_bench.py  (the same code in Debian's Chromium)
import { BloomFilter, shingles, tokens } from "../extension/src/fingerprints.js";

const WORDS = ["the", "minister", "said", "on", "Tuesday", "that", "talks", "would", "resume", "après", "l'élection",
  "in", "Brussels", "2024", "according", "to", "officials", "who", "spoke", "anonymously", "Ελλάδα", "東京"];

export function article(bytes) {
  let text = "";
  let seed = 7;
  while (new TextEncoder().encode(text).length < bytes) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    text += WORDS[seed % WORDS.length] + (seed % 11 === 0 ? ". " : " ");
  }
  return text;
}

export async function measure(runs = 7) {
  const text = article(100 * 1024);
  const empty = new BloomFilter(1 << 24, 16, new Uint8Array(1 << 21)); // 2 MiB, as for 1M notes
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    if (await empty.anyShingleOf(text)) throw new Error("an empty filter cannot hit");
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `100 KB page, ${shingles(tokens(text)).length} shingles: page check median `
    + `${times[Math.floor(runs / 2)].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms (${runs} runs)`;
}

if (globalThis.process?.argv?.[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  console.log(`Node ${process.version}: ${await measure()}`);
}
