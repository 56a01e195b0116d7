// Hypothesis-style quote anchoring, for comparison with Gloss in bench/anchor_bench.py.
//
// What the Hypothesis client does for an HTML page (src/annotator/anchoring/html.ts and
// match-quote.ts), re-implemented here on plain text:
//   1. Position: if the text at the TextPositionSelector's offsets equals the quote, that is the
//      anchor (no look at the prefix or suffix).
//   2. Quote: otherwise every exact occurrence of the quote is a candidate; when there is none, the
//      candidates are the lowest-error approximate matches found by `approx-string-match` with at
//      most min(256, quote.length / 2) errors. Each candidate is scored
//        (50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92
//      where quote = 1 - errors / quote.length, prefix/suffix = how well the text just before/after
//      the candidate matches the stored prefix/suffix (1 - errors / length, errors found by an
//      approximate search of the stored context in that stretch of text), and
//      position = 1 - |start - hint| / text.length. The best-scoring candidate wins, whatever its
//      score: there is no minimum, so a quote is only orphaned when no approximate match exists.
//
// Usage: node match.mjs CASES.json [--repeat N] [--no-position]
//   CASES.json: {"pages": [{"name", "text", "notes": [{"exact", "prefix", "suffix", "start", "end"}]}]}
//   with offsets in Unicode code points (Python str indices). Prints to stdout
//   {"node": version, "pages": [{"name", "times_ms": [...], "results": [[start, end] | null, ...],
//    "via": ["position" | "quote" | null, ...]}]}
//   with result offsets converted back to code points. Only the matching is timed: reading and
//   parsing the JSON and converting offsets are not.
import { readFileSync } from "node:fs";
import approxSearch from "approx-string-match";

const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/** All exact occurrences of `pattern`, else the lowest-error approximate ones (at most maxErrors). */
function candidates(text, pattern, maxErrors) {
  const found = [];
  for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
    found.push({ start: at, end: at + pattern.length, errors: 0 });
  }
  return found.length > 0 ? found : approxSearch(text, pattern, maxErrors);
}

/** Similarity in [0, 1] of the stored context `expected` to the page's `actual` stretch. */
function contextScore(actual, expected) {
  if (expected.length === 0 || actual.length === 0) return 0.0;
  // With maxErrors = expected.length, a match always exists (as in Hypothesis' textMatchScore).
  const best = candidates(actual, expected, expected.length)[0];
  return 1 - best.errors / expected.length;
}

/** Hypothesis' matchQuote: the best candidate for `quote` on `text`, or null. UTF-16 offsets. */
export function matchQuote(text, quote, { prefix = "", suffix = "", hint } = {}) {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const found = candidates(text, quote, maxErrors);
  if (found.length === 0) return null;
  let best = null;
  for (const match of found) {
    const quoteScore = 1 - match.errors / quote.length;
    const prefixScore = prefix
      ? contextScore(text.slice(Math.max(0, match.start - prefix.length), match.start), prefix)
      : 1.0;
    const suffixScore = suffix ? contextScore(text.slice(match.end, match.end + suffix.length), suffix) : 1.0;
    const positionScore = typeof hint === "number" ? 1.0 - Math.abs(match.start - hint) / text.length : 1.0;
    const score =
      (QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore +
        POSITION_WEIGHT * positionScore) / MAX_SCORE;
    // Strictly greater: on a tie the earlier candidate stays (a stable sort, as in the client).
    if (best === null || score > best.score) best = { start: match.start, end: match.end, score };
  }
  return best;
}

/** The client's order of attempts: the position selector (quote must agree), then the quote. */
function anchorNote(text, note, usePosition) {
  if (usePosition && text.slice(note.start16, note.end16) === note.exact) {
    return { start: note.start16, end: note.end16, via: "position" };
  }
  const match = matchQuote(text, note.exact, { prefix: note.prefix, suffix: note.suffix, hint: note.start16 });
  return match === null ? null : { start: match.start, end: match.end, via: "quote" };
}

/** Code point offset -> UTF-16 index (and back) for one text; identity when it has no astral chars. */
function offsetMaps(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return { toUnits: (cp) => cp, toPoints: (unit) => unit };
  const unitsOf = [];                                   // code point index -> UTF-16 index
  const pointsOf = new Int32Array(text.length + 1);     // UTF-16 index -> code point index
  let point = 0;
  for (let unit = 0; unit < text.length; unit++) {
    const code = text.charCodeAt(unit);
    const low = code >= 0xdc00 && code <= 0xdfff && unit > 0 &&
      text.charCodeAt(unit - 1) >= 0xd800 && text.charCodeAt(unit - 1) <= 0xdbff;
    if (!low) {
      unitsOf.push(unit);
      pointsOf[unit] = point++;
    } else {
      pointsOf[unit] = point;  // inside a surrogate pair: counts as the next code point boundary
    }
  }
  unitsOf.push(text.length);
  pointsOf[text.length] = point;
  return { toUnits: (cp) => unitsOf[Math.min(cp, unitsOf.length - 1)], toPoints: (unit) => pointsOf[unit] };
}

function main(argv) {
  const path = argv[0];
  if (!path) {
    console.error("usage: node match.mjs CASES.json [--repeat N] [--no-position]");
    process.exit(2);
  }
  const repeatAt = argv.indexOf("--repeat");
  const repeat = repeatAt >= 0 ? Math.max(1, parseInt(argv[repeatAt + 1], 10)) : 1;
  const usePosition = !argv.includes("--no-position");
  const input = JSON.parse(readFileSync(path, "utf8"));
  const output = { node: process.version, repeat, position_step: usePosition, pages: [] };
  for (const page of input.pages) {
    const text = page.text;
    const maps = offsetMaps(text);
    const notes = page.notes.map((n) => ({
      exact: n.exact, prefix: n.prefix, suffix: n.suffix,
      start16: maps.toUnits(n.start), end16: maps.toUnits(n.end),
    }));
    const times = [];
    let results = null;
    for (let r = 0; r < repeat; r++) {
      const out = new Array(notes.length);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < notes.length; i++) out[i] = anchorNote(text, notes[i], usePosition);
      const t1 = process.hrtime.bigint();
      times.push(Number(t1 - t0) / 1e6);
      if (results === null) results = out;
      process.stderr.write(`  [hypothesis] ${page.name}: run ${r + 1}/${repeat} ${times[r].toFixed(1)} ms\n`);
    }
    output.pages.push({
      name: page.name,
      times_ms: times,
      results: results.map((m) => (m === null ? null : [maps.toPoints(m.start), maps.toPoints(m.end)])),
      via: results.map((m) => (m === null ? null : m.via)),
    });
  }
  process.stdout.write(JSON.stringify(output));
}

main(process.argv.slice(2));
