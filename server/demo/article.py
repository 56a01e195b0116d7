"""The demo article, written for Gloss (fiction, not a published report), and the notes seeded on it.

The headline claims the missiles were deployed "to the Russian border"; the article's own body says
they were delivered to Ukraine. That gap is what the headline note is about.
"""
from __future__ import annotations

SITE_NAME = "The Daily Ledger (demo)"
TITLE = "US anti-tank missiles deployed to the Russian border"
STANDFIRST = "A new shipment arrives as Washington widens its military aid package."
BYLINE = "By the Gloss demo desk"
DATELINE = "20 November 2026"

# Paragraphs may hold inline <b>, <i> and <a> markup (rendered as-is from this trusted module), so
# later anchoring tests have quotes that cross element boundaries. plain_paragraphs() strips it.
PARAGRAPHS = [
    "A shipment of American anti-tank missiles was <b>delivered to Ukraine</b> on Tuesday, "
    "according to two officials familiar with the transfer, the latest step in a military aid "
    "package announced earlier this autumn.",
    "The missiles arrived at a logistics hub in the west of the country, the officials said, "
    "where they will be inspected before being handed to Ukrainian units. Neither official would "
    "say where the weapons would eventually be stationed.",
    "The shipment includes launch units and several hundred missiles, along with training "
    "equipment. A <a href=\"#training\">training programme</a> for Ukrainian crews is expected "
    "to begin within weeks.",
    "Officials in Moscow criticised the delivery, calling it a provocation. A spokesperson for "
    "the US Defense Department said the aid was \u201cdefensive in nature\u201d and intended to help "
    "Ukraine protect its territory.",
    "The hub where the missiles were unloaded lies several hundred kilometres from the nearest "
    "point of the Russian border. No US personnel will accompany the weapons to the front, the "
    "officials said.",
    "Analysts say the package is unlikely to change the balance on the ground quickly. \u201cThese "
    "systems matter most once crews are trained,\u201d said one defence researcher. \U0001F4E6 "
    "Further deliveries are planned for the spring.",
]

DEMO_AUTHOR = "demo"
DEMO_PASSWORD = "demo-password"  # local demo only: seed-demo refuses to run in production

# Notes seeded on the article: the quote must appear word for word in the rendered page text.
DEMO_NOTES = [
    {
        "exact": TITLE,
        "text": "Headline overstates: the article itself says the missiles were delivered to Ukraine "
                "and unloaded at a hub several hundred kilometres from the Russian border. Nothing in "
                "the report says they were deployed to the border.",
        "tags": ["misleading-headline", "missing-context"],
        "motivation": "assessing",
        "verdict": "misleading",
    },
    {
        "exact": "delivered to Ukraine on Tuesday",
        "text": "This is where the article states the destination: Ukraine, not the Russian border.",
        "tags": ["source-in-article"],
        "motivation": "commenting",
    },
    {
        "exact": "several hundred kilometres from the nearest point of the Russian border",
        "text": "The article's own figure for the distance from the border, which the headline leaves out.",
        "tags": ["context"],
        "motivation": "commenting",
    },
]


def plain_paragraphs() -> list[str]:
    import re
    return [re.sub(r"<[^>]+>", "", p) for p in PARAGRAPHS]


def page_text() -> str:
    """The article's text as a reader's browser shows it: one block per line."""
    return "\n".join([SITE_NAME, TITLE, STANDFIRST, BYLINE, DATELINE, *plain_paragraphs()])


# The rest of the demo community, so the demo shows what Gloss really does: readers from two camps
# rate every note; notes helpful to both camps become `helpful` (and are shown), notes only one camp
# likes stay `needs_more_ratings`, and poor notes become `not_helpful`. Ratings go through the same
# rating service and scorer as everyone's.
DEMO_WRITERS = ("demo_writer_a", "demo_writer_b")
DEMO_CAMPS = {"a": [f"demo_reader_a{i}" for i in range(1, 9)], "b": [f"demo_reader_b{i}" for i in range(1, 9)]}
# (quote, text, writer, how each camp rates it: helpful / not_helpful)
DEMO_COMMUNITY_NOTES = [
    ("Neither official would say where the weapons would eventually be stationed.",
     "So the article gives no basis for the headline's claim about where the missiles were deployed.",
     "demo_writer_a", {"a": "helpful", "b": "helpful"}),
    ("No US personnel will accompany the weapons to the front",
     "Confirms this is a delivery of equipment, not a deployment of US forces.",
     "demo_writer_b", {"a": "helpful", "b": "helpful"}),
    ("Officials in Moscow criticised the delivery, calling it a provocation.",
     "Moscow is right: this shipment is an escalation.",
     "demo_writer_a", {"a": "helpful", "b": "not_helpful"}),
    ("defensive in nature",
     "Every weapon is called defensive by whoever sends it.",
     "demo_writer_b", {"a": "not_helpful", "b": "helpful"}),
    ("Analysts say the package is unlikely to change the balance on the ground quickly.",
     "The aid is pointless and should stop.",
     "demo_writer_a", {"a": "helpful", "b": "not_helpful"}),
    ("training programme",
     "Training means US troops are going to the front.",
     "demo_writer_b", {"a": "not_helpful", "b": "helpful"}),
    ("several hundred missiles",
     "lol",
     "demo_writer_a", {"a": "not_helpful", "b": "not_helpful"}),
    ("Further deliveries are planned for the spring.",
     "Buy my newsletter for the real story.",
     "demo_writer_b", {"a": "not_helpful", "b": "not_helpful"}),
    ("launch units",
     "Not sure what this means.",
     "demo_writer_a", {"a": "not_helpful", "b": "not_helpful"}),
    ("the latest step in a military aid package announced earlier this autumn",
     "First!",
     "demo_writer_b", {"a": "not_helpful", "b": "not_helpful"}),
]
