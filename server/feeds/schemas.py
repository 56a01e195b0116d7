"""Query and response shapes of the feeds, for the API reference: the views build the responses (see
views.py and claimreview.py); these schemas describe them and tests/apidocs checks real responses."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.annotations.representation import AnnotationOutSchema
from server.annotations.schemas import SORTS, AnnotationSearchQuerySchema, Statuses
from server.feeds.models import CHANGE_KINDS
from server.queryargs import Cursor, Limit
from server.times import Time

STATUS = ("Comma-separated community statuses (default `helpful`): helpful, needs_more_ratings. Whoever asks, "
          "only what an anonymous reader may see.")


class ChangesQuerySchema(Schema):
    """GET /api/changes query parameters."""

    since = Cursor(metadata={"description": "The `cursor` of the last change you applied; omit to start "
                                            "from the beginning. One this server did not give out is a 400."})
    limit = Limit()
    status = Statuses(metadata={"description": STATUS})


class ChangeSchema(Schema):
    cursor = fields.String(required=True, metadata={"description": "Send it as `since` to get the changes after it."})
    kind = fields.String(required=True, validate=validate.OneOf(CHANGE_KINDS))
    id = fields.String(required=True, metadata={"description": "The note's IRI."})
    at = fields.DateTime(required=True)
    annotation = fields.Nested(AnnotationOutSchema, required=True, allow_none=True, metadata={
        "description": "The note as anyone may see it now; null: remove it from your copy."})


class ChangeListSchema(Schema):
    """Oldest first. No `total`: the log only grows."""

    items = fields.List(fields.Nested(ChangeSchema), required=True)
    next = fields.String(required=True, allow_none=True, metadata={
        "description": "Set when the page was full (more may be waiting); null: up to date, poll again later."})


class AtomQuerySchema(AnnotationSearchQuerySchema):
    """GET /feeds/annotations.atom query parameters: the search filters, newest first."""

    status = Statuses(metadata={"description": STATUS})
    sort = fields.String(validate=validate.OneOf(SORTS, error="created or updated."),
                         metadata={"description": "Newest first by created (default) or updated."})


class ExportQuerySchema(Schema):
    """GET /api/export/annotations.jsonl query parameters."""

    updated_after = Time(metadata={"description": "Only notes modified after this (RFC 3339 with a zone)."})
    status = Statuses(metadata={"description": STATUS})


# ClaimReview (https://schema.org/ClaimReview), as claimreview.claim_review builds it; data_key gives
# schema.org's camelCase names.

class ItemReviewedSchema(Schema):
    type = fields.String(required=True, data_key="@type", validate=validate.Equal("CreativeWork"))
    url = fields.String(required=True, metadata={"description": "The annotated page."})


class ReviewRatingSchema(Schema):
    type = fields.String(required=True, data_key="@type", validate=validate.Equal("Rating"))
    rating_value = fields.Integer(required=True, data_key="ratingValue", validate=validate.Range(min=1, max=5),
                                  metadata={"description": "1 (false) to 5 (accurate)."})
    best_rating = fields.Integer(required=True, data_key="bestRating", validate=validate.Equal(5))
    worst_rating = fields.Integer(required=True, data_key="worstRating", validate=validate.Equal(1))
    alternate_name = fields.String(required=True, data_key="alternateName",
                                   metadata={"description": "The verdict's label, e.g. Misleading."})


class ReviewAuthorSchema(Schema):
    type = fields.String(required=True, data_key="@type", validate=validate.Equal("Organization"))
    name = fields.String(required=True)
    url = fields.String(required=True)


class ClaimReviewSchema(Schema):
    context = fields.String(required=True, data_key="@context", validate=validate.Equal("https://schema.org"))
    type = fields.String(required=True, data_key="@type", validate=validate.Equal("ClaimReview"))
    url = fields.String(required=True, metadata={"description": "The note's IRI."})
    claim_reviewed = fields.String(required=True, data_key="claimReviewed",
                                   metadata={"description": "The quoted passage."})
    item_reviewed = fields.Nested(ItemReviewedSchema, required=True, data_key="itemReviewed")
    review_rating = fields.Nested(ReviewRatingSchema, required=True, data_key="reviewRating")
    author = fields.Nested(ReviewAuthorSchema, required=True)
    review_body = fields.String(required=True, data_key="reviewBody",
                                metadata={"description": "The note's text (plain text: never render it as HTML)."})
    date_published = fields.DateTime(required=True, data_key="datePublished")
    date_modified = fields.DateTime(required=True, data_key="dateModified")
