"""A fixture article, a re-published copy of it, and an unrelated page (all written for these tests).

The copy has another headline, a different first paragraph, two extra paragraphs, site boilerplate
around the text, curly quotes where the original has straight ones, and two sentences edited.
"""
from __future__ import annotations

ORIGINAL_URL = "https://ledger.example.com/2026/11/20/missile-shipment"
COPY_URL = "https://dailywire.example.org/world/us-weapons-reach-ukraine-hub?ref=home"
OTHER_URL = "https://gazette.example.net/politics/embassy-budget"

HEADLINE = "US anti-tank missiles reach Ukraine as aid package widens"
PARAGRAPHS = [
    "A shipment of American anti-tank missiles reached a logistics hub in western Ukraine on Tuesday, "
    "two officials familiar with the transfer said, the latest delivery under an aid package first "
    "announced in early autumn.",
    "The missiles will be inspected at the hub before being handed to Ukrainian units, according to the "
    "State Department, which declined to say where the weapons would finally be stationed.",
    "The consignment includes several hundred missiles, forty launch units and simulators for training. "
    "Instructors are expected to begin a six-week course for Ukrainian crews before the end of the month.",
    "Officials in Moscow called the delivery a provocation. A Pentagon spokesperson said the aid was "
    "defensive and meant to help Ukraine protect its own territory.",
    "The hub lies more than four hundred kilometres from the nearest point of the Russian border, and no "
    "American personnel will travel with the weapons towards the front line.",
    "Further deliveries of ammunition and spare parts are planned for the spring, subject to approval by "
    "Congress, the officials said.",
]
ORIGINAL_TEXT = "\n".join([HEADLINE, *PARAGRAPHS])

# Quotes notes are written on (each at least 8 whole words).
QUOTE_DELIVERY = "reached a logistics hub in western Ukraine on Tuesday"
QUOTE_DISTANCE = "more than four hundred kilometres from the nearest point of the Russian border"
QUOTE_COURSE = "Instructors are expected to begin a six-week course for Ukrainian crews"
QUOTE_SPRING = "Further deliveries of ammunition and spare parts are planned for the spring"
QUOTE_SHORT = "A Pentagon spokesperson said"  # 4 words: never travels
# Edited on the copy ("will be checked"), but its smallest shingle survives: anchors fuzzily there.
QUOTE_INSPECTED = "missiles will be inspected at the hub before being handed to Ukrainian units"
# Edited on the copy so that none of its shingles survive: it does not travel.
QUOTE_APPROVAL = "planned for the spring, subject to approval by Congress, the officials said"

COPY_TEXT = "\n".join([
    "Daily Wire Online", "Home | World | Business | Sport | Opinion", "Sign in  Subscribe",
    "Weapons from Washington arrive at Ukrainian depot",
    "By Wire Staff \u00b7 Published 21 November 2026 \u00b7 4 min read",
    "Advertisement",
    "Kyiv \u2014 Ukraine\u2019s western depots are filling up again.",
    PARAGRAPHS[0],
    PARAGRAPHS[1].replace("will be inspected", "will be checked"),
    "The shipment follows weeks of debate in Washington over the size of the package.",
    PARAGRAPHS[2],
    "Read more: What the new aid package contains",
    PARAGRAPHS[3].replace("said the aid was defensive", "said the aid was \u201cdefensive\u201d"),
    PARAGRAPHS[4],
    "Analysts said the timing was chosen to give crews time to train before winter.",
    PARAGRAPHS[5].replace("subject to approval by Congress, the officials said",
                          "if approved by Congress, the officials added"),
    "Share this article: Facebook  X  Email",
    "\u00a9 2026 Daily Wire Online. All rights reserved. We use cookies to improve your experience.",
])

# Shares "according to the State Department" and a few other common words, nothing of 8 words.
OTHER_TEXT = "\n".join([
    "Embassy budgets to rise next year",
    "Spending on embassy security will rise by a tenth next year, according to the State Department, "
    "which published its annual request on Monday.",
    "The request covers new buildings in three capitals and more staff for consular services in "
    "western Europe, officials said on Tuesday.",
])


def page_with_links(lines: list[str | tuple[str]]) -> tuple[str, list[int], list[list[int]]]:
    """(text, breaks, links) as extraction v2 sends them: one block per line, joined by the
    inserted "\\n"; a line given as a 1-tuple is the text of an a[href] (its whole line)."""
    text, breaks, links = "", [], []
    for line in lines:
        if text:
            breaks.append(len(text))
            text += "\n"
        words = line[0] if isinstance(line, tuple) else line
        if isinstance(line, tuple):
            links.append([len(text), len(text) + len(words)])
        text += words
    return text, breaks, links


# Another site's article that only links to ours: a "Related" box whose link text is our headline
# and, in a teaser card, our first sentence; its own body shares nothing of 8 words with ours.
RELATED_URL = "https://courier.example.info/europe/grain-corridor-talks"
RELATED_LINES = [
    "The Courier", ("Europe",), ("World",), ("Business",),
    "Grain corridor talks resume in Istanbul",
    "Negotiators from four countries met on Wednesday to discuss reopening the Black Sea route for grain "
    "exports, a diplomat present at the talks said.",
    "Related",
    (HEADLINE,),
    ("Shipping insurers raise premiums for Black Sea voyages",),
    ("Farmers in Odesa region count the cost of a dry summer",),
    "Most read",
    (PARAGRAPHS[0],),
    "The talks are expected to continue on Thursday, with a statement promised for the weekend.",
]

# One common sentence shared with an unrelated article (a quoted official line), in its own words around.
SHARED_SENTENCE = "Officials in Moscow called the delivery a provocation."
SHARED_URL = "https://tribune.example.net/russia/reaction"
SHARED_LINES = [
    "Kremlin reaction to Western arms in brief",
    "Several Russian outlets carried the statement within the hour. " + SHARED_SENTENCE
    + " The foreign ministry repeated a warning it first made in the summer.",
]

# The syndicated copy as the extension sends it: its navigation, "Read more" line and share bar are links.
COPY_LINKED = [("Home | World | Business | Sport | Opinion" if line.startswith("Home |") else line,)
               if line.startswith(("Home |", "Read more:", "Share this article")) else line
               for line in COPY_TEXT.split("\n")]
