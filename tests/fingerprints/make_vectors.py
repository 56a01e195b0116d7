"""Writes tests/fingerprints/vectors.json: `python -m tests.fingerprints.make_vectors`.

Token expectations are written out by hand below (and checked before writing); hashes and filters
come from the module and are checked independently by test_vectors.py with hashlib.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from server.documents.urls import normalize_url
from server.fingerprints.bloom import BloomFilter
from server.fingerprints.shingles import quote_fingerprint, shingle_hashes, tokens

VECTORS = Path(__file__).with_name("vectors.json")

TOKENS = [
    ("", [], "empty text has no tokens"),
    ("  \t\n ", [], "only separators"),
    ("Officials said on Tuesday", ["officials", "said", "on", "tuesday"], "lower-cased, split on spaces"),
    ("Café déjà vu", ["café", "déjà", "vu"], "precomposed accents stay in the word"),
    ("Cafe\u0301 de\u0301ja\u0300", ["café", "déjà"], "combining accents composed by NFKC"),
    ("\ufb01nancial \ufb02ow", ["financial", "flow"], "NFKC expands the fi/fl ligatures"),
    ("\uff21\uff22\uff23 \uff11\uff12\uff13", ["abc", "123"], "NFKC folds full-width letters and digits"),
    ("\u201cDon\u2019t,\u201d she said.", ["don", "t", "she", "said"], "curly quotes and apostrophe separate"),
    ("it's the 'best'", ["it", "s", "the", "best"], "ASCII apostrophe separates"),
    ("well-known \u2014 en\u2013dash", ["well", "known", "en", "dash"], "hyphen, em and en dash separate"),
    ("\u039f\u0394\u039f\u03a3 \u03a3\u03bf\u03c6\u03bf\u03ba\u03bb\u03ad\u03bf\u03c5\u03c2",
     ["\u03bf\u03b4\u03bf\u03c3", "\u03c3\u03bf\u03c6\u03bf\u03ba\u03bb\u03ad\u03bf\u03c5\u03c3"],
     "Greek: lower-case final sigma folded to sigma, upper and lower input alike"),
    ("\u0130stanbul DI\u015e \u0131s\u0131", ["i\u0307stanbul", "di\u015f", "\u0131s\u0131"],
     "Turkish dotted capital I lower-cases to i + combining dot (kept: a mark); dotless i stays"),
    ("東京で会議 한국어", ["東", "京", "で", "会", "議", "한국어"],
     "Han and kana: one token per character; Korean keeps its spaces and its words"),
    ("美国反坦克导弹运抵乌克兰。", list("美国反坦克导弹运抵乌克兰"), "Chinese sentence: every ideograph a token"),
    ("2024年3月，iPhone15发布", ["2024", "年", "3", "月", "iphone15", "发", "布"],
     "digits and Latin words next to ideographs stay whole, split from them"),
    ("「速報」政府は、会議を開いた。", list("速報政府は会議を開いた"),
     "Japanese: corner brackets, ideographic comma and full stop separate"),
    ("ｶﾀｶﾅ\u3000カタカナー", ["カ", "タ", "カ", "ナ", "カ", "タ", "カ", "ナ", "ー"],
     "half-width katakana folded by NFKC; ideographic space separates; the long vowel mark is a token"),
    ("か\u3099きくけこ", ["が", "き", "く", "け", "こ"], "a combining voiced mark composed by NFKC"),
    ("\U00020000\uf900 \u2f00 人々", ["\U00020000", "\u8c48", "\u4e00", "人", "々"],
     "extension B ideograph, compatibility ideograph and Kangxi radical (NFKC), iteration mark"),
    ("Reuters 路透社 reported", ["reuters", "路", "透", "社", "reported"], "mixed Latin and Chinese"),
    ("น้ำท่วมกรุงเทพฯ", ["น้\u0e4d", "า", "ท่", "ว", "ม", "ก", "รุ", "ง", "เ", "ท", "พ", "ฯ"],
     "Thai: one token per letter with its marks (NFKC splits sara am into nikhahit + sara aa)"),
    ("ພາສາລາວ", ["ພ", "າ", "ສ", "າ", "ລ", "າ", "ວ"], "Lao: one token per letter"),
    ("ភាសាខ្មែរ", ["ភា", "សា", "ខ្", "មែ", "រ"], "Khmer: spacing vowels and the coeng stay with their letter"),
    ("မြန်မာ", ["မြ", "န်", "မာ"], "Myanmar: medials, vowel signs and asat stay with their letter"),
    ("字\u0301a", ["字\u0301", "a"], "a mark after an ideograph stays in its token; the next letter starts another"),
    ("a\u0e48b", ["a\u0e48b"], "a Thai mark after a Latin letter joins the Latin word (marks follow what precedes)"),
    ("\u0e48ก", ["\u0e48", "ก"], "a mark after a separator starts a run; a Thai letter after it is its own token"),
    ("قال الوزير، إن الخطة", ["قال", "الوزير", "إن", "الخطة"],
     "Arabic: words between spaces, the Arabic comma separates"),
    ("مُحمـد", ["مُحمـد"], "Arabic harakat (marks) and tatweel (a letter) stay in the word"),
    ("\ufefb \ufdf2", ["لا", "الله"], "Arabic presentation forms and ligatures folded by NFKC"),
    ("שלום, עולם", ["שלום", "עולם"], "Hebrew: words between spaces"),
    ("in 2024, 3.5% rose x\u00b2 \u216b \u00bd", ["in", "2024", "3", "5", "rose", "x2", "xii", "1", "2"],
     "digits are words; NFKC turns superscripts, roman numerals and fractions into ASCII"),
    ("great \U0001f44d\U0001f3fd news \U0001f1fa\U0001f1f8! \U0001f469\u200d\U0001f4bb", ["great", "news"],
     "emoji, skin tones, flags and ZWJ sequences separate and vanish"),
    ("co\u00adoperate\u00a0now", ["co", "operate", "now"], "soft hyphen and no-break space separate"),
    ("\u0939\u093f\u0928\u094d\u0926\u0940 \u0938\u092e\u093e\u091a\u093e\u0930",
     ["\u0939\u093f\u0928\u094d\u0926\u0940", "\u0938\u092e\u093e\u091a\u093e\u0930"],
     "Devanagari vowel signs and virama are marks inside the word"),
    ("stra\u00dfe STRASSE", ["stra\u00dfe", "strasse"], "sharp s is kept (lower-casing, not case folding)"),
    ("\U0001d400\U0001d401 \U0001d7cf", ["ab", "1"], "NFKC folds astral mathematical letters and digits"),
]

SHINGLES = [
    ("seven words are not enough for one", "fewer than 8 tokens: no shingles"),
    ("the minister said the plan would cut emissions", "exactly 8 tokens: one shingle"),
    ("The minister said, on Tuesday, that the plan would cut emissions by half.",
     "punctuation dropped; 13 tokens give 6 shingles in order"),
    ("a b c d e f g h a b c d e f g h", "repeated shingles are listed each time"),
    ("\u201cC\u2019est d\u00e9j\u00e0 l\u2019\u00e9t\u00e9\u201d, dit le ministre \u00e0 \u0130zmir \u2014 "
     "\u0394\u0395\u039d \u03a3\u03a4\u0391\u039c\u0391\u03a4\u0391\u03a3",
     "accents, apostrophes, dotted I and Greek sigma in the hashed text"),
    ("\ufb01nancial \uff21\uff22\uff23 report says 3.5% of 2024 budget was spent on x\u00b2",
     "NFKC forms hash as their folded words"),
    ("美国反坦克导弹周二运抵乌克兰西部的一处后勤枢纽。", "Chinese: one shingle per run of 8 ideographs"),
    ("政府は二十日、新しい予算案を国会に提出した。", "Japanese: kanji and kana, one token each"),
    ("2024年3月，iPhone15在北京发布", "Chinese with digits and a Latin word"),
    ("รัฐบาลประกาศแผนใหม่", "Thai: letters with their marks"),
    ("قال الوزير إن الخطة ستخفض الانبعاثات إلى النصف بحلول عام ٢٠٣٠", "Arabic with Arabic-Indic digits"),
    ("Le ministre a dit que 东京 et Paris signeront l\u2019accord", "French and Chinese mixed"),
]

TEN = "the minister said that the plan would cut emissions by half"
EIGHT = "the minister said that the plan would cut"
# Most cases quote exactly 8 words, so a wrongly trimmed (or wrongly kept) edge token flips the
# answer between a fingerprint and null.
QUOTES = [
    (TEN, "On Tuesday ", " before 2030.", "whole words on both sides: smallest of 3 shingle hashes"),
    (EIGHT, "", "", "no context, 8 words: one shingle, nothing trimmed"),
    ("he minister said that the plan would cut emissions", "On Tuesday t", " before",
     "starts inside a word: first token dropped (8 left)"),
    ("he minister said that the plan would cut", "On Tuesday t", " before",
     "starts inside a word: first token dropped, 7 left, no fingerprint"),
    (EIGHT + " em", "Tuesday, ", "issions", "ends inside a word: last token dropped (8 left)"),
    ("the minister said that the plan would cu", "", "t", "ends inside a word: 7 left, no fingerprint"),
    ("he minister said that the plan would cut emissions b", "t", "y",
     "both edges inside words: both dropped (8 left)"),
    ("the minister said that the plan would", " ", " ", "7 words: no fingerprint"),
    ("according to the State Department", "", "", "a common phrase of 5 words: no fingerprint"),
    ("\u201cthe minister said that the plan would cut\u201d", "said", "s",
     "quote marks at the edges are not word characters: nothing trimmed"),
    (" the minister said that the plan would cut", "said", "", "prefix ends in a letter but the quote starts "
     "with a space: nothing trimmed"),
    (EIGHT, "\u2014", "\u2019s", "dash before, apostrophe after: nothing trimmed"),
    (EIGHT, "x", "", "prefix ends in a letter and the quote starts with one: first token dropped, 7 left"),
    ("minister said that the plan would cut 2", "the ", "030 target",
     "ends inside a number: the digit test trims too, 7 left"),
    ("the minister said that the plan would cut 2", "", "030", "ends inside a number: 9 tokens, last dropped"),
    (EIGHT, "\U0001d400", " x", "the prefix ends with an astral letter (two UTF-16 units in JS): first "
     "token dropped, 7 left"),
    (EIGHT, "1\U0001f600", " x", "the prefix ends with an astral emoji (not a word character): nothing "
     "trimmed"),
    ("\u0301" + EIGHT, "x", "", "the quote starts with a combining mark after a letter: first token dropped"),
    (EIGHT, "e\u0301", "", "the prefix ends with a combining mark: inside a word, first token dropped"),
    ("\u00c9lys\u00e9e minister said that the plan would cut", "", "", "accented capitals, no context"),
    ("反坦克导弹周二运抵乌克兰", "美国", "西部", "Chinese inside a sentence: an ideograph is never cut, nothing "
     "trimmed (12 tokens)"),
    ("反坦克导弹周二运抵", "美国", "乌克兰", "exactly 8 ideographs between ideographs: one shingle"),
    ("反坦克导弹周二", "美国", "运", "7 ideographs: no fingerprint"),
    ("Phone15发布了新款手机", "i", "。", "a Latin word cut at the start is dropped, 7 ideographs left"),
    ("新款手机在北京发iPh", "。", "one", "a Latin word cut at the end is dropped, 8 ideographs left"),
    ("abc 新款手机在北京", "字\u0301", "", "prefix ends in an ideograph and its mark: the Latin word after it "
     "is not cut (8 tokens)"),
    ("\u3099きくけこさしす", "か", "", "the quote starts with a combining mark after kana: that mark's token "
     "is cut (dropped), 7 left"),
    ("政府は新しい予算案を提出した", "日、", "。", "Japanese sentence inside punctuation"),
    ("รัฐบาลประ", "ข่าว", "กาศ", "Thai between Thai letters: nothing trimmed (8 tokens)"),
    ("الوزير إن الخطة ستخفض الانبعاثات إلى النصف بحلول", "قال ", " عام", "Arabic, whole words"),
    ("لوزير إن الخطة ستخفض الانبعاثات إلى النصف بحلول", "قال ا", " عام", "Arabic cut inside the first word: "
     "first token dropped, 7 left"),
]

BLOOMS = [
    (64, 3, ["0123456789abcdef", "fedcba9876543210"],
     ["0123456789abcdef", "fedcba9876543210", "0000000000000000", "ffffffffffffffff", "00000000ffffffff"],
     "tiny filter"),
    (1031, 7, ["ffffffffffffffff", "0000000000000000", "8000000000000001", "a3f1c2e4b5d60718"],
     ["ffffffffffffffff", "0000000000000000", "8000000000000001", "a3f1c2e4b5d60718",
      "7fffffffffffffff", "1111111122222222", "deadbeefcafef00d"],
     "m not a multiple of 8 (last byte partly used); extreme a and b"),
    (4096, 11, None, None, "shingle hashes of a sentence as members; other sentences' hashes as probes"),
]

URLS = [
    "https://example.com/news/story",
    "HTTP://Example.COM/News/Story/?utm_source=x&b=2&a=1#top",
    "http://example.com:80/news/story",
    "https://www.example.co.uk/2024/03/article.html?fbclid=abc&page=2",
    "https://b\u00fccher.example/\u00e4rger?q=caf\u00e9",
    "https://user:pw@news.example.org:8443/a/./b/../c/",
    "https://example.com/a%2db%7E?x=%41",
]


# Characters mixed at random into the "token_mix" texts: where scripts meet, marks after every kind of
# character, separators of each script, NFKC forms that change script or length.
MIX_ALPHABET = (list("abcXYZ09 .,'-") + list("東京会議发布年々〇") + list("がきカナー・、。「」")
                + ["\u3099", "\uff76", "\uff9e"]
                + list("กขาเ") + ["\u0e31", "\u0e48", "\u0e33", "\u0e4f"] + list("ພາ") + ["\u0eb4"]
                + list("ក") + ["\u17b6", "\u17d2"] + list("မ") + ["\u103c", "\u103a"]
                + list("한국") + list("قال") + ["\u064e", "\u0640", "\u060c"] + list("שלו") + ["\u05b0"]
                + ["e", "\u0301", "\u00e9", "\u00a0", "\u2014", "\ufb01", "\uff21", "\u2f00", "\uf900",
                   "\U00020000", "\U0001f600", "\u0130", "\u03a3"])
MIX_TEXTS = 40


def mix_cases():
    """Seeded random texts over MIX_ALPHABET; the expected tokens are the reference tokenizer's (the
    hand-written TOKENS above pin the rule, these check that both sides apply it alike)."""
    rng = random.Random(12)
    texts = ["".join(rng.choice(MIX_ALPHABET) for _ in range(rng.randint(1, 40))) for _ in range(MIX_TEXTS)]
    return [{"text": text, "tokens": tokens(text)} for text in texts]


def quote_mix_cases():
    """Seeded random (prefix, exact, suffix) over MIX_ALPHABET: edge trimming where scripts meet."""
    rng = random.Random(13)
    pick = lambda low, high: "".join(rng.choice(MIX_ALPHABET) for _ in range(rng.randint(low, high)))  # noqa: E731
    cases = [(pick(0, 3), pick(8, 30), pick(0, 3)) for _ in range(MIX_TEXTS)]
    return [{"exact": e, "prefix": p, "suffix": s, "fingerprint": quote_fingerprint(e, p, s)} for p, e, s in cases]


def token_cases():
    for text, expected, _ in TOKENS:
        assert tokens(text) == expected, (text, tokens(text), expected)
    return [{"text": t, "tokens": e, "why": w} for t, e, w in TOKENS]


def bloom_case(bits, hashes, members, probes, why):
    if members is None:
        members = shingle_hashes("Reports said the state department would publish its review next week, "
                                 "officials familiar with the plan told reporters")
        probes = members[:3] + shingle_hashes("A different sentence about a storm that closed the port "
                                              "for two days and delayed every ship in the bay")
    bloom = BloomFilter.build(members, bits, hashes)
    return {"bits": bits, "hashes": hashes, "fingerprints": members, "filter": bloom.to_base64(),
            "probes": [{"fingerprint": p, "member": p in bloom} for p in probes], "why": why}


def main() -> None:
    vectors = {
        "about": "Quote fingerprint vectors (issues 8 and 12): server (pytest) and extension (node) both run them. "
                 "See server/fingerprints/shingles.py and bloom.py for the rules.",
        "shingle_words": 8,
        "tokens": token_cases(),
        "token_mix": mix_cases(),
        "quote_mix": quote_mix_cases(),
        "shingles": [{"text": t, "hashes": shingle_hashes(t), "why": w} for t, w in SHINGLES],
        "quote": [{"exact": e, "prefix": p, "suffix": s, "fingerprint": quote_fingerprint(e, p, s), "why": w}
                  for e, p, s, w in QUOTES],
        "bloom": [bloom_case(*case) for case in BLOOMS],
        "url_hash": [{"input": u, "normalized": normalize_url(u),
                      "sha256": hashlib.sha256(normalize_url(u).encode("utf-8")).hexdigest()} for u in URLS],
    }
    VECTORS.write_text(json.dumps(vectors, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
