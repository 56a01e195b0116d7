"""The rating a reader sends (how helpful, and why), and the shapes of ratings in responses."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.annotations.models import COMMUNITY_STATUSES
from server.ratings.models import HELPFUL_REASONS, HELPFULNESS, NOT_HELPFUL_REASONS

# Reasons that fit each answer; "somewhat helpful" may say what was good and what was missing.
REASONS_FOR = {
    "helpful": set(HELPFUL_REASONS),
    "not_helpful": set(NOT_HELPFUL_REASONS),
    "somewhat_helpful": set(HELPFUL_REASONS) | set(NOT_HELPFUL_REASONS),
}


class RatingSchema(Schema):
    helpfulness = fields.String(required=True, validate=validate.OneOf(HELPFULNESS))
    reasons = fields.List(fields.String(), load_default=list, validate=validate.Length(max=12), metadata={
        "description": f"Each at most once. helpful: {', '.join(HELPFUL_REASONS)}; not_helpful: "
                       f"{', '.join(NOT_HELPFUL_REASONS)}; somewhat_helpful: any of both."})

    @validates_schema
    def reasons_fit_the_answer(self, data, **_):
        allowed = REASONS_FOR.get(data.get("helpfulness"), set())
        wrong = [r for r in data.get("reasons", []) if r not in allowed]
        if wrong:
            raise ValidationError(f"Not reasons for {data['helpfulness']}: {', '.join(sorted(set(wrong)))}.",
                                  "reasons")
        if len(set(data.get("reasons", []))) != len(data.get("reasons", [])):
            raise ValidationError("Give each reason once.", "reasons")


# Response shapes, for the API reference (views.present_rating and views.summary build them).

class RatingOutSchema(Schema):
    annotation = fields.String(required=True, metadata={"description": "The note's IRI."})
    helpfulness = fields.String(required=True, validate=validate.OneOf(HELPFULNESS))
    reasons = fields.List(fields.String(), required=True)
    created = fields.DateTime(required=True)
    modified = fields.DateTime(required=True)


class HelpfulnessCountsSchema(Schema):
    helpful = fields.Integer(required=True)
    somewhat_helpful = fields.Integer(required=True)
    not_helpful = fields.Integer(required=True)


class NoteScoreSchema(Schema):
    intercept = fields.Float(required=True, allow_none=True, metadata={"description": "Helpfulness across viewpoints."})
    factor = fields.Float(required=True, allow_none=True,
                          metadata={"description": "The viewpoint the note appeals to."})
    rating_count = fields.Integer(required=True)
    candidate_status = fields.String(required=True, validate=validate.OneOf(COMMUNITY_STATUSES))
    candidate_since = fields.DateTime(required=True)
    scored = fields.DateTime(required=True)


class StatusChangeSchema(Schema):
    from_ = fields.String(required=True, data_key="from", validate=validate.OneOf(COMMUNITY_STATUSES))
    to = fields.String(required=True, validate=validate.OneOf(COMMUNITY_STATUSES))
    changed = fields.DateTime(required=True)
    intercept = fields.Float(required=True, allow_none=True)
    factor = fields.Float(required=True, allow_none=True)


class RatingSummarySchema(Schema):
    annotation = fields.String(required=True, metadata={"description": "The note's IRI."})
    status = fields.String(required=True, validate=validate.OneOf(COMMUNITY_STATUSES))
    ratings = fields.Integer(required=True, metadata={"description": "How many ratings the note has."})
    counts = fields.Nested(HelpfulnessCountsSchema, required=True)
    reasons = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                          metadata={"description": "How often each reason was given."})
    score = fields.Nested(NoteScoreSchema, required=True, allow_none=True,
                          metadata={"description": "null until the scorer has seen the note."})
    explanation = fields.String(required=True, metadata={"description": "Why the note has its status, in a sentence."})
    history = fields.List(fields.Nested(StatusChangeSchema), required=True)
