// Extraction v2 (issue 12) under jsdom: what is left out, where "\n" goes, and the breaks and links
// offsets. jsdom computes display and visibility from the cascade but does no layout, so visually
// hidden boxes and content-visibility are tested in Chromium (tests/browser/test_extraction.py).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { JSDOM } from "jsdom";

import { drawHighlights, removeHighlights } from "../src/content/highlight.js";
import { OffsetConverter, extractText, textOffset } from "../src/content/text.js";
import { prng } from "./prng.mjs";

function page(bodyHtml, css = "") {
  const dom = new JSDOM(`<!doctype html><html><head><style>${css}</style></head><body>${bodyHtml}</body></html>`);
  return dom.window.document;
}

const textOf = (html, css) => extractText(page(html, css).body).text;

// The text with the inserted "\n" taken out again (breaks are code points).
function withoutBreaks({ text, breaks }) {
  const points = Array.from(text);
  const at = new Set(breaks);
  return points.filter((_, i) => !at.has(i)).join("");
}

describe("left out: text a reader cannot see", () => {
  const hiddenVariants = {
    "display:none": '<div style="display:none"><p>SECRET</p></div>',
    "display:none from a stylesheet": '<div class="gone"><span>SECRET</span></div>',
    "display:none far up the tree": '<section style="display:none"><div><p><b>SECRET</b></p></div></section>',
    "visibility:hidden": '<p style="visibility:hidden">SECRET</p>',
    "visibility:collapse": '<p style="visibility:collapse">SECRET</p>',
    "the hidden attribute": "<div hidden><p>SECRET</p></div>",
    "the hidden attribute with display overridden": '<div hidden style="display:block">SECRET</div>',
    'aria-hidden="true"': '<div aria-hidden="true"><h1>SECRET</h1></div>',
    "<title> in the body": "<title>SECRET</title>",
    "<style>, <script>, <noscript>, <template>": "<style>.x{}</style><script>SECRET</script><noscript>SECRET</noscript><template>SECRET</template>",
    "form controls": "<textarea>SECRET</textarea><select><option>SECRET</option></select><button>SECRET</button>",
    "the closed part of a <details>": "<details><summary>Summary</summary><p>SECRET</p>SECRET</details>",
    "SVG <title> and <desc>": '<svg><title>SECRET</title><desc>SECRET</desc><text x="0" y="10">label</text></svg>',
  };
  for (const [name, hidden] of Object.entries(hiddenVariants)) {
    test(`${name} is left out`, () => {
      const text = textOf(`<h1>Before</h1>${hidden}<p>After</p>`, ".gone { display: none }");
      assert.ok(!text.includes("SECRET"), JSON.stringify(text));
      assert.ok(text.startsWith("Before\n") && text.endsWith("\nAfter"), JSON.stringify(text));
    });
  }

  test("a visible child of a visibility:hidden parent is kept, as browsers render it", () => {
    const text = textOf('<div style="visibility:hidden">SECRET <span style="visibility:visible">shown</span></div>');
    assert.equal(text, "shown");
  });

  test('aria-hidden="false" and an open <details> keep their text', () => {
    assert.equal(textOf('<p aria-hidden="false">kept</p>'), "kept");
    assert.equal(textOf("<details open><summary>Sum</summary><p>body</p></details>"), "Sum\nbody");
  });

  test("inline text around a display:none element joins with no break", () => {
    assert.equal(textOf('<p>one<span style="display:none">SECRET</span>two</p>'), "onetwo");
  });

  test("an aria-hidden block still separates the blocks around it", () => {
    assert.equal(textOf('one<div aria-hidden="true">SECRET</div>two'), "one\ntwo");
  });
});

describe('block boundaries: one "\\n" between blocks, none inside inline text', () => {
  for (const tag of ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "figure", "figcaption", "section", "article", "pre"]) {
    test(`<${tag}> is separated from the text around it`, () => {
      const inner = tag === "li" ? "<ul><li>inside</li></ul>" : `<${tag}>inside</${tag}>`;
      assert.equal(textOf(`<span>before</span>${inner}<span>after</span>`), "before\ninside\nafter");
    });
  }

  test("table cells and rows are separated", () => {
    assert.equal(textOf("<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>"), "a\nb\nc\nd");
  });

  test("<br> separates the text on either side", () => {
    assert.equal(textOf("<p>line one<br>line two<br><br>line three</p>"), "line one\nline two\nline three");
  });

  for (const tag of ["b", "i", "a", "span", "em", "strong", "code", "small", "sup", "mark", "q", "abbr"]) {
    test(`<${tag}> is inline: no break`, () => {
      assert.equal(textOf(`<p>one <${tag}${tag === "a" ? ' href="/x"' : ""}>two</${tag}> three</p>`), "one two three");
    });
  }

  test("computed display decides, not the tag: a block span breaks, an inline div does not, inline-block and contents do not", () => {
    assert.equal(textOf('<p>a<span style="display:block">b</span>c</p>'), "a\nb\nc");
    assert.equal(textOf('<div>a<div style="display:inline">b</div>c</div>'), "abc");
    assert.equal(textOf('<p>a<span style="display:inline-block">b</span>c</p>'), "abc");
    assert.equal(textOf('<section>a<div style="display:contents">b</div>c</section>'), "abc");
    assert.equal(textOf('<p>a<span style="display:flex">b</span>c<span style="display:grid">d</span></p>'), "a\nb\nc\nd");
  });

  test('"libertarians" at the end of a related box and "In an interview" in the next paragraph never join', () => {
    const text = textOf('<aside class="related"><ul><li><a href="/r">Why the party courts libertarians</a></li></ul></aside>' +
      "<p>In an interview on Monday, the senator said so.</p>");
    assert.ok(!text.includes("libertariansIn"), JSON.stringify(text));
    assert.match(text, /libertarians\nIn an interview/);
  });

  test('several boundaries in one gap give exactly one "\\n", never one at the start or the end', () => {
    const text = textOf("<div><div><ul><li><p>deep</p></li></ul></div></div><div></div><hr><div><p><br>next</p></div><div><br></div>");
    assert.equal(text, "deep\nnext");
  });

  test("the page's own whitespace between blocks is kept as it is, between the inserted breaks", () => {
    const extracted = extractText(page("<p>one</p>\n  <p>two</p>").body);
    assert.equal(extracted.text, "one\n\n  \ntwo");
    assert.deepEqual(extracted.breaks, [3, 7]);
    assert.equal(withoutBreaks(extracted), "one\n  two"); // what v1 extracted from the same nodes
  });
});

describe("breaks and links are code points", () => {
  test("breaks after emoji and a flag count each astral character as one", () => {
    const extracted = extractText(page("<p>😀 one 🇫🇷</p><p>two</p><p>three</p>").body);
    const points = Array.from(extracted.text);
    assert.deepEqual(extracted.breaks, points.flatMap((ch, i) => (ch === "\n" ? [i] : [])));
    assert.deepEqual(extracted.breaks, [8, 12]);
  });

  test("links are the code-point ranges of a[href] text, merged when they touch or span blocks of one link", () => {
    const extracted = extractText(page(
      '<p>See <a href="/a">😀 first</a> and <a href="/b">second</a><a href="/c">third</a>.</p>' +
      '<a href="/d"><h3>Card title</h3><p>Card teaser</p></a><a name="anchor-only">not a link</a>').body);
    const points = Array.from(extracted.text);
    const slices = extracted.links.map(([s, e]) => points.slice(s, e).join(""));
    assert.deepEqual(slices, ["😀 first", "secondthird", "Card title\nCard teaser"]);
    for (let i = 1; i < extracted.links.length; i++) assert.ok(extracted.links[i - 1][1] < extracted.links[i][0]);
  });

  test("300 seeded random pages: chunks map back exactly, breaks are the only other characters, and removing them gives the kept nodes joined", () => {
    const random = prng(12012);
    const words = ["news", "😀", "🇫🇷", "中文", "日本語", "café", "vote", " ", "said"];
    const blocks = ["p", "div", "li", "h2", "blockquote", "td"];
    const inlines = ["b", "i", "span", "em"];
    for (let round = 0; round < 300; round++) {
      let html = "";
      for (let k = 0; k < 2 + Math.floor(random() * 10); k++) {
        const r = random();
        const word = words[Math.floor(random() * words.length)];
        if (r < 0.3) html += `<${blocks[k % blocks.length]}>${word}</${blocks[k % blocks.length]}>`;
        else if (r < 0.5) html += `<${inlines[k % inlines.length]}>${word}</${inlines[k % inlines.length]}>`;
        else if (r < 0.6) html += `<a href="/${k}">${word}</a>`;
        else if (r < 0.7) html += "<br>";
        else if (r < 0.8) html += `<span style="display:none">${word}</span>`;
        else html += word;
      }
      const doc = page(`<div>${html}</div>`);
      const extracted = extractText(doc.body);
      const { text, chunks, breaks } = extracted;
      for (const c of chunks) assert.equal(text.slice(c.start, c.end), c.node.data);
      const convert = new OffsetConverter(text);
      const covered = new Set(chunks.flatMap((c) => Array.from({ length: c.end - c.start }, (_, i) => c.start + i)));
      const gaps = [...Array(text.length).keys()].filter((i) => !covered.has(i));
      assert.deepEqual(gaps.map((i) => convert.toCodePoints(i)), breaks, html);
      for (const i of gaps) assert.equal(text[i], "\n");
      assert.equal(withoutBreaks(extracted), chunks.map((c) => c.node.data).join(""));
      assert.ok(!text.startsWith("\n") || chunks[0]?.node.data.startsWith("\n"), "a break at the start");
      assert.deepEqual(extractText(doc.body), extracted, "a second extraction differs");
    }
  });
});

describe("textOffset on v2 text", () => {
  test("a selection ending inside hidden text ends where the visible text does", () => {
    const doc = page('<p id=p>Visible words<span aria-hidden="true">HIDDEN</span></p><p>Next</p>');
    const { text, chunks } = extractText(doc.body);
    const hidden = doc.querySelector("span").firstChild;
    const start = textOffset(chunks, doc.getElementById("p").firstChild, 0);
    const end = textOffset(chunks, hidden, 3);
    assert.equal(text.slice(start, end).trimEnd(), "Visible words");
  });

  test("a text node of a display:none element maps to the next kept text", () => {
    const doc = page('<p>one</p><p style="display:none">gone</p><p>two</p>');
    const { text, chunks } = extractText(doc.body);
    assert.equal(textOffset(chunks, doc.querySelectorAll("p")[1].firstChild, 2), text.indexOf("two"));
  });
});

describe("Gloss's highlight marks are read as if absent", () => {
  test("a page styling <mark> as a hidden block changes neither the text, the breaks nor the links", () => {
    const doc = page('<h1>Tram line <a href="/t">approved</a></h1><p>Work starts <b>next</b> spring.</p>',
      "mark { display: block; visibility: hidden }");
    const before = extractText(doc.body);
    const spans = [{ id: "a", start: 0, end: before.text.length }, { id: "b", start: 5, end: 14 }];
    drawHighlights(doc, before.chunks, spans);
    assert.ok(doc.querySelectorAll("mark").length >= 4);
    const drawn = extractText(doc.body);
    assert.deepEqual([drawn.text, drawn.breaks, drawn.links], [before.text, before.breaks, before.links]);
    removeHighlights(doc);
    assert.equal(extractText(doc.body).text, before.text);
  });

  test("a page's own <mark> is still read with its style", () => {
    assert.equal(textOf("<p>seen<mark>SECRET</mark></p>", "mark { display: none }"), "seen");
  });
});
