// The DOM side of the content script under jsdom: extractText, textOffset, drawHighlights and
// removeHighlights.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { JSDOM } from "jsdom";

import { MARK_CLASS, drawHighlights, removeHighlights } from "../src/content/highlight.js";
import { OffsetConverter, UI_ATTRIBUTE, extractText, textOffset } from "../src/content/text.js";
import { prng } from "./prng.mjs";


function page(bodyHtml) {
  const dom = new JSDOM(`<!doctype html><html><head><title>t</title><style>h1{}</style></head><body>${bodyHtml}</body></html>`);
  return dom.window.document;
}

const marksOf = (doc) => [...doc.querySelectorAll(`mark.${MARK_CLASS}`)];
// Node.DOCUMENT_POSITION_FOLLOWING = 4
const inDocumentOrder = (marks) => [...(marks ?? [])].sort((x, y) => (x.compareDocumentPosition(y) & 4 ? -1 : 1));
const textOfMarks = (marks) => (marks ?? []).map((m) => m.textContent).join("");

// A snapshot of the DOM structure: node types, names, attributes and text-node boundaries.
function structure(node) {
  if (node.nodeType === 3) return `#text(${JSON.stringify(node.data)})`;
  if (node.nodeType === 8) return `#comment(${JSON.stringify(node.data)})`;
  const attrs = [...(node.attributes ?? [])].map((a) => `${a.name}=${JSON.stringify(a.value)}`).join(" ");
  return `<${node.nodeName}${attrs ? " " + attrs : ""}>[${[...node.childNodes].map(structure).join(",")}]`;
}

// Assert that each chunk's node holds exactly its slice of the text, and that the chunks tile the
// text but for the inserted "\n", which are exactly at `breaks` (code points; these pages are BMP-only).
function assertChunksTile({ text, chunks, breaks }) {
  let at = 0;
  const gaps = [];
  for (const chunk of chunks) {
    if (chunk.start === at + 1 && text[at] === "\n") gaps.push(at);
    else assert.equal(chunk.start, at);
    assert.equal(chunk.end - chunk.start, chunk.node.data.length);
    assert.equal(text.slice(chunk.start, chunk.end), chunk.node.data);
    assert.ok(chunk.node.data.length > 0, "empty text node in chunks");
    at = chunk.end;
  }
  assert.equal(at, text.length);
  assert.deepEqual(gaps, breaks);
}

describe("extractText", () => {
  test("script, style, noscript, template, textarea, select and data-gloss-ui text are left out", () => {
    const doc = page(
      "<h1>Title</h1><script>var s = 'script text';</script><style>p { color: red }</style>" +
      "<noscript>noscript text</noscript><template><p>template text</p></template>" +
      "<p>Body <i>text</i>.</p>" +
      `<div ${UI_ATTRIBUTE}=""><span>ui <b>nested</b> text</span></div>` +
      `<aside><span ${UI_ATTRIBUTE}="1">ui span</span>kept</aside>` +
      "<textarea>typed</textarea><select><option>opt</option></select><!-- a comment --><p>End</p>",
    );
    const extracted = extractText(doc.body);
    assert.equal(extracted.text, "Title\nBody text.\nkept\nEnd");
    assertChunksTile(extracted);
    assert.deepEqual(extracted.chunks.map((c) => c.node.data), ["Title", "Body ", "text", ".", "kept", "End"]);
  });

  test("text nodes come in document order and keep whitespace, emoji and entities as they are", () => {
    const doc = page("<p>Caf&eacute; 😀\n <b>bold</b>&nbsp;<a href='/x'>🇫🇷 link</a></p>\n<p>next</p>");
    const extracted = extractText(doc.body);
    // "\n" after </p> (inserted), the page's own "\n" text node, "\n" before <p> (inserted).
    assert.equal(extracted.text, "Café 😀\n bold\u00a0🇫🇷 link\n\n\nnext");
    assert.deepEqual(extracted.breaks, [Array.from("Café 😀\n bold\u00a0🇫🇷 link").length,
      Array.from("Café 😀\n bold\u00a0🇫🇷 link\n\n").length]);
  });

  test("head text is not part of the body's text", () => {
    const doc = page("<p>only this</p>");
    assert.equal(extractText(doc.body).text, "only this");
  });

  test("an empty body gives empty text, no chunks, no breaks and no links", () => {
    const doc = page("");
    assert.deepEqual(extractText(doc.body), { text: "", chunks: [], breaks: [], links: [] });
  });

  test("extracting from a sub-tree still skips a data-gloss-ui element inside it", () => {
    const doc = page(`<main><p>one</p><div ${UI_ATTRIBUTE}>ui</div><p>two</p></main>`);
    assert.equal(extractText(doc.querySelector("main")).text, "one\ntwo");
  });
});

describe("textOffset", () => {
  // Text: "Alpha " "bold words" " and " "a link here" " tail." | "Second para"
  const html = "<p id=p1>Alpha <b>bold words</b> and <a href='https://x.example/'>a link here</a> tail.</p>" +
    "<script>skip()</script><p id=p2>Second para</p><div id=empty></div>";

  test("a text-node boundary point is the node's start plus the offset", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    const link = doc.querySelector("a").firstChild;
    assert.equal(textOffset(chunks, link, 2), text.indexOf("a link") + 2);
    assert.equal(textOffset(chunks, link, 0), text.indexOf("a link"));
  });

  test("an offset past a text node's length is clamped to its end", () => {
    const doc = page(html);
    const { chunks } = extractText(doc.body);
    const bold = doc.querySelector("b").firstChild;
    assert.equal(textOffset(chunks, bold, 999), chunks[1].end);
  });

  test("a text node outside the extracted text (inside <script>) maps to the next extracted text", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    assert.equal(textOffset(chunks, doc.querySelector("script").firstChild, 3), text.indexOf("Second para"));
  });

  test("an element boundary point before a child is the start of that child's first text", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    const p1 = doc.getElementById("p1");
    assert.equal(textOffset(chunks, p1, 0), 0);
    assert.equal(textOffset(chunks, p1, 1), text.indexOf("bold words")); // before <b>
    assert.equal(textOffset(chunks, doc.querySelector("b"), 0), text.indexOf("bold words"));
    assert.equal(textOffset(chunks, p1, 3), text.indexOf("a link here")); // before <a>
  });

  test("an element boundary point after a child is the start of the next text, which is the child's end", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    const b = doc.querySelector("b");
    assert.equal(textOffset(chunks, b, 1), text.indexOf(" and "));
    const p1 = doc.getElementById("p1");
    assert.equal(textOffset(chunks, p1, p1.childNodes.length), text.indexOf("Second para"));
    assert.equal(text.slice(text.indexOf(" tail."), text.indexOf("Second para")), " tail.\n"); // one inserted break
  });

  test("a boundary point at or inside a skipped <script> maps to the next extracted text", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    const script = doc.querySelector("script");
    const scriptIndex = [...doc.body.childNodes].indexOf(script);
    assert.equal(textOffset(chunks, doc.body, scriptIndex), text.indexOf("Second para"));
    assert.equal(textOffset(chunks, script, 0), text.indexOf("Second para"));
  });

  test("a boundary point after all the text is the text's length", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    assert.equal(textOffset(chunks, doc.body, doc.body.childNodes.length), text.length);
    assert.equal(textOffset(chunks, doc.getElementById("empty"), 0), text.length);
  });

  test("an element boundary point on a page without text gives -1", () => {
    const doc = page("<div><br></div>");
    const { chunks } = extractText(doc.body);
    assert.equal(textOffset(chunks, doc.body, 0), -1);
  });

  test("a selection from the start of <b> to the end of <a> maps to exactly their text", () => {
    const doc = page(html);
    const { text, chunks } = extractText(doc.body);
    const p1 = doc.getElementById("p1");
    const start = textOffset(chunks, p1, 1);
    const end = textOffset(chunks, doc.querySelector("a"), 1);
    assert.equal(text.slice(start, end), "bold words and a link here");
  });
});

describe("drawHighlights and removeHighlights", () => {
  const article = "<article><h2>Heading</h2>" +
    "<p>Alpha beta <b>bold words</b> and <a href=\"https://news.example/story?id=1&amp;x=2\" title=\"t\">a link here</a> tail 😀 end.</p>" +
    "<p>Second <i>italic</i> paragraph with 🇫🇷 flag.</p></article>";

  test("a span crossing <b> and <a> becomes one mark per text node, together spelling the quote", () => {
    const doc = page(article);
    const { text, chunks } = extractText(doc.body);
    const start = text.indexOf("beta");
    const end = text.indexOf("a link here") + "a link".length;
    const marks = drawHighlights(doc, chunks, [{ id: "n1", start, end }]);
    assert.equal(marks.n1.length, 4);
    assert.equal(textOfMarks(marks.n1), text.slice(start, end));
    assert.equal(textOfMarks(marks.n1), "beta bold words and a link");
    assert.deepEqual(marksOf(doc), marks.n1); // document order, nothing else marked
    for (const mark of marks.n1) {
      assert.equal(mark.tagName, "MARK");
      assert.equal(mark.className, MARK_CLASS);
      assert.equal(mark.dataset.glossIds, "n1");
      assert.equal(mark.children.length, 0); // marks wrap text only, never elements
    }
    assert.deepEqual(marks.n1.map((m) => m.parentElement.tagName), ["P", "B", "P", "A"]);
  });

  test("the link keeps its href, attributes and text, with the mark inside it", () => {
    const doc = page(article);
    const { text, chunks } = extractText(doc.body);
    drawHighlights(doc, chunks, [{ id: "n1", start: text.indexOf("bold"), end: text.indexOf("link here") }]);
    const a = doc.querySelector("a");
    assert.equal(a.getAttribute("href"), "https://news.example/story?id=1&x=2");
    assert.equal(a.getAttribute("title"), "t");
    assert.equal(a.textContent, "a link here");
    assert.equal(a.parentElement.tagName, "P");
    assert.equal(a.querySelector("mark").textContent, "a ");
    assert.equal(doc.querySelector("b").textContent, "bold words");
  });

  test("drawing leaves the extracted text unchanged", () => {
    const doc = page(article);
    const before = extractText(doc.body).text;
    const { text, chunks } = extractText(doc.body);
    drawHighlights(doc, chunks, [{ id: "n1", start: 3, end: text.length - 3 }]);
    assert.equal(extractText(doc.body).text, before);
  });

  test("overlapping spans of two notes share the middle marks, which carry both ids", () => {
    const doc = page(article);
    const { text, chunks } = extractText(doc.body);
    const a = { id: "note-a", start: text.indexOf("Alpha"), end: text.indexOf("words") };
    const b = { id: "note-b", start: text.indexOf("bold"), end: text.indexOf(" link") };
    const marks = drawHighlights(doc, chunks, [a, b]);
    assert.equal(textOfMarks(marks["note-a"]), text.slice(a.start, a.end));
    assert.equal(textOfMarks(marks["note-b"]), text.slice(b.start, b.end));
    const shared = marksOf(doc).filter((m) => m.dataset.glossIds.split(" ").length === 2);
    assert.equal(shared.map((m) => m.textContent).join(""), "bold ");
    for (const mark of shared) {
      assert.deepEqual(mark.dataset.glossIds.split(" ").sort(), ["note-a", "note-b"]);
      assert.ok(marks["note-a"].includes(mark) && marks["note-b"].includes(mark));
    }
    // Every mark's ids are exactly the notes covering it; no mark is nested in another.
    const after = extractText(doc.body);
    for (const mark of marksOf(doc)) {
      const at = textOffset(after.chunks, mark.firstChild, 0);
      const to = at + mark.textContent.length;
      const covering = [a, b].filter((s) => s.start <= at && to <= s.end).map((s) => s.id);
      assert.deepEqual(mark.dataset.glossIds.split(" ").sort(), covering.sort());
      assert.equal(mark.parentElement.closest("mark"), null);
    }
  });

  test("a span nested inside another gives the inner text both ids and the outer text one", () => {
    const doc = page("<p>one two three four five</p>");
    const { text, chunks } = extractText(doc.body);
    const marks = drawHighlights(doc, chunks, [
      { id: "outer", start: 0, end: text.length },
      { id: "inner", start: text.indexOf("three"), end: text.indexOf("three") + 5 },
    ]);
    assert.deepEqual(marksOf(doc).map((m) => [m.textContent, m.dataset.glossIds]), [
      ["one two ", "outer"], ["three", "outer inner"], [" four five", "outer"],
    ]);
    assert.equal(textOfMarks(marks.inner), "three");
    assert.equal(textOfMarks(marks.outer), text);
  });

  test("two disjoint spans in one text node split it correctly", () => {
    const doc = page("<p>aaa bbb ccc ddd</p>");
    const { chunks } = extractText(doc.body);
    const marks = drawHighlights(doc, chunks, [{ id: "x", start: 12, end: 15 }, { id: "y", start: 4, end: 7 }]);
    assert.equal(textOfMarks(marks.x), "ddd");
    assert.equal(textOfMarks(marks.y), "bbb");
    assert.equal(doc.querySelector("p").innerHTML,
      `aaa <mark class="${MARK_CLASS}" data-gloss-ids="y">bbb</mark> ccc <mark class="${MARK_CLASS}" data-gloss-ids="x">ddd</mark>`);
  });

  test("spans given in UTF-16 from code-point offsets mark the emoji and flag whole", () => {
    const doc = page(article);
    const { text, chunks } = extractText(doc.body);
    const convert = new OffsetConverter(text);
    const cps = Array.from(text);
    const cpStart = cps.indexOf("😀");
    const cpFlag = cps.indexOf("\u{1F1EB}"); // first regional indicator of 🇫🇷
    const spans = [
      { id: "e", start: convert.toUtf16(cpStart), end: convert.toUtf16(cpStart + 1) },
      { id: "f", start: convert.toUtf16(cpFlag), end: convert.toUtf16(cpFlag + 2) },
    ];
    const marks = drawHighlights(doc, chunks, spans);
    assert.equal(textOfMarks(marks.e), "😀");
    assert.equal(textOfMarks(marks.f), "🇫🇷");
  });

  test("empty and out-of-range spans draw nothing and change nothing", () => {
    const doc = page(article);
    const before = doc.body.innerHTML;
    const { text, chunks } = extractText(doc.body);
    const marks = drawHighlights(doc, chunks, [
      { id: "empty", start: 5, end: 5 }, { id: "past", start: text.length + 1, end: text.length + 9 },
      { id: "reversed", start: 9, end: 4 },
    ]);
    assert.deepEqual(marks, {});
    assert.equal(doc.body.innerHTML, before);
  });

  test("whitespace-only pieces of a span are left unwrapped (no mark between block elements)", () => {
    const doc = page("<ul>\n<li>first item</li>\n<li>second item</li>\n</ul>");
    const { text, chunks } = extractText(doc.body);
    const start = text.indexOf("item");
    const end = text.indexOf("second") + 6;
    const marks = drawHighlights(doc, chunks, [{ id: "w", start, end }]);
    assert.deepEqual(marks.w.map((m) => m.textContent), ["item", "second"]);
    assert.equal(doc.querySelector("ul").children.length, 2); // no <mark> directly in <ul>
    assert.equal(textOfMarks(marks.w), text.slice(start, end).replace(/\n/g, ""));
  });

  test("a span of only whitespace gets no mark", () => {
    const doc = page("<p>a <b> </b> b</p>");
    const { chunks } = extractText(doc.body);
    assert.deepEqual(drawHighlights(doc, chunks, [{ id: "s", start: 1, end: 4 }]), {});
  });

  test("removeHighlights restores the original HTML and text-node structure", () => {
    const doc = page(article);
    const html = doc.body.innerHTML;
    const shape = structure(doc.body);
    const { text, chunks } = extractText(doc.body);
    drawHighlights(doc, chunks, [
      { id: "a", start: 0, end: text.indexOf("link") },
      { id: "b", start: text.indexOf("beta"), end: text.indexOf("flag") },
      { id: "c", start: text.indexOf("tail"), end: text.indexOf("tail") + 4 },
    ]);
    assert.notEqual(doc.body.innerHTML, html);
    removeHighlights(doc);
    assert.equal(doc.body.innerHTML, html);
    assert.equal(structure(doc.body), shape);
    assert.equal(marksOf(doc).length, 0);
    assert.equal(extractText(doc.body).chunks.length, chunks.length);
  });

  test("draw, remove, draw again gives the same marks as the first draw", () => {
    const doc = page(article);
    const spans = (text) => [{ id: "a", start: 2, end: text.indexOf("tail") }, { id: "b", start: text.indexOf("and"), end: text.length - 2 }];
    let extracted = extractText(doc.body);
    drawHighlights(doc, extracted.chunks, spans(extracted.text));
    const first = doc.body.innerHTML;
    removeHighlights(doc);
    extracted = extractText(doc.body);
    drawHighlights(doc, extracted.chunks, spans(extracted.text));
    assert.equal(doc.body.innerHTML, first);
  });

  test("removeHighlights on a page without marks changes nothing", () => {
    const doc = page(article);
    const html = doc.body.innerHTML;
    removeHighlights(doc);
    assert.equal(doc.body.innerHTML, html);
  });

  test("a note's marks are returned in document order even when an earlier-listed note covers later text", () => {
    const doc = page("<p>one <b>two</b> three <i>four</i> five</p>");
    const { text, chunks } = extractText(doc.body);
    const marks = drawHighlights(doc, chunks, [
      { id: "late", start: text.indexOf("four"), end: text.length },
      { id: "whole", start: 0, end: text.length },
    ]);
    assert.equal(marks.whole[0].textContent, "one ");
    assert.deepEqual(marks.whole, inDocumentOrder(marks.whole));
    assert.equal(textOfMarks(marks.whole), text);
  });

  test("a text node whose only covered piece is whitespace is not left split after removal", () => {
    const doc = page("<p>news report</p>");
    const p = doc.querySelector("p");
    const { chunks } = extractText(doc.body);
    assert.deepEqual(drawHighlights(doc, chunks, [{ id: "s", start: 4, end: 5 }]), {});
    removeHighlights(doc);
    assert.equal(p.innerHTML, "news report");
    assert.equal(p.childNodes.length, 1);
  });

  test("removeHighlights keeps the page's own adjacent text nodes separate", () => {
    const doc = page("<p id=p>Hello </p>");
    const p = doc.getElementById("p");
    p.appendChild(doc.createTextNode("world")); // as frameworks do: "Hello " + {name}
    const nameNode = p.lastChild;
    const { chunks } = extractText(doc.body);
    drawHighlights(doc, chunks, [{ id: "n", start: 0, end: 5 }]);
    removeHighlights(doc);
    assert.equal(p.childNodes.length, 2);
    assert.equal(nameNode.parentNode, p);
  });

  test("300 seeded random pages and span sets: marks spell the spans, carry the right ids, and removal restores the page", () => {
    const random = prng(1234);
    const words = ["news", "report", "said", "the", "minister", "😀", "🇫🇷", "café", "e\u0301t\u00e9", "data", "vote", "a"];
    const word = () => words[Math.floor(random() * words.length)];
    for (let round = 0; round < 300; round++) {
      let html = "";
      for (let p = 0; p < 1 + Math.floor(random() * 4); p++) {
        html += "<p>";
        for (let k = 0; k < 3 + Math.floor(random() * 12); k++) {
          const r = random();
          if (r < 0.15) html += `<b>${word()} ${word()}</b> `;
          else if (r < 0.25) html += `<a href="/w${k}">${word()} <i>${word()}</i></a> `;
          else html += `${word()} `;
        }
        html += "</p>\n";
      }
      const doc = page(html);
      const before = doc.body.innerHTML;
      const { text, chunks } = extractText(doc.body);
      const starts = [0];
      for (const ch of text) starts.push(starts[starts.length - 1] + ch.length);
      const spans = [];
      for (let i = 0; i < Math.floor(random() * 6); i++) {
        let a = starts[Math.floor(random() * starts.length)];
        let b = starts[Math.floor(random() * starts.length)];
        if (a > b) [a, b] = [b, a];
        spans.push({ id: `n${i}`, start: a, end: b });
      }
      const marks = drawHighlights(doc, chunks, spans);
      const after = extractText(doc.body);
      assert.equal(after.text, text, "drawing changed the text");
      for (const span of spans) {
        const quote = text.slice(span.start, span.end);
        // Whitespace-only pieces are not wrapped: compare without whitespace, and all the rest exactly.

        assert.equal(textOfMarks(inDocumentOrder(marks[span.id])).replace(/\s/g, ""), quote.replace(/\s/g, ""), `${html} ${JSON.stringify(span)}`);
      }
      for (const mark of marksOf(doc)) {
        assert.equal(mark.childNodes.length, 1);
        const at = textOffset(after.chunks, mark.firstChild, 0);
        const to = at + mark.textContent.length;
        const covering = spans.filter((s) => s.start <= at && to <= s.end).map((s) => s.id);
        assert.deepEqual(mark.dataset.glossIds.split(" "), covering);
      }
      removeHighlights(doc);
      assert.equal(doc.body.innerHTML, before);
      assert.equal(extractText(doc.body).text, text);

    }
  });
});
