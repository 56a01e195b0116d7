"""Fact-check verdicts as schema.org ClaimReview (https://schema.org/ClaimReview).

Each verdict maps to a reviewRating on a 1 (worst) to 5 (best) scale with a human label, the
`alternateName` that fact-check consumers display.
"""
from __future__ import annotations

from server.annotations.models import VERDICTS
from server.web import rfc3339

# verdict -> (ratingValue, alternateName)
VERDICT_RATINGS = {
    "accurate": (5, "Accurate"),
    "mostly_accurate": (4, "Mostly accurate"),
    "missing_context": (3, "Missing context"),
    "unsupported": (2, "Unsupported"),
    "misleading": (2, "Misleading"),
    "false": (1, "False"),
}
assert tuple(VERDICT_RATINGS) == VERDICTS
COMMUNITY_NAME = "Gloss community notes"
CLAIMREVIEW_CONTENT_TYPE = "application/ld+json"


def claim_review(note, base: str) -> dict:
    """The ClaimReview of a note with a verdict (`note` is an Annotation or a reads.NoteRow)."""
    value, label = VERDICT_RATINGS[note.verdict]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base}/annotations/{note.id}",
        "claimReviewed": note.quote_exact,
        "itemReviewed": {"@type": "CreativeWork", "url": note.target_source},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
                         "alternateName": label},
        "author": {"@type": "Organization", "name": COMMUNITY_NAME, "url": f"{base}/"},
        "reviewBody": note.body_text,
        "datePublished": rfc3339(note.created),
        "dateModified": rfc3339(note.modified),
    }
